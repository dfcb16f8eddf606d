//! Start-up code under the strict emulator that `thumbforth run` boots
//! images on: the RP boards' bring-up follows the datasheets (blocks out of
//! reset before they are used, clocks running, a baud rate the host can
//! read), each mistake stops the run with exit status 125 and a report that
//! names the register and the instruction, the bring-up written before the
//! emulator knew better is stopped the same way, and every board's console
//! runs at the baud rate its board file promises.

#[path = "support/mod.rs"]
mod support;

use std::path::Path;
use std::process::Output;

use support::{root, text, thumbforth, thumbforth_fed};

const BOARDS: &[&str] = target::BUILT_IN_TARGETS;
const RP_BOARDS: &[&str] = &["rp2350", "rp2040"];

fn board(name: &str) -> target::Target {
    target::Target::load(name, &root().join("targets")).unwrap()
}

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap()
}

/// The board's bring-up with `from` replaced by `to` (which must be there):
/// the real bring-up with one mistake in it.
fn startup_without(name: &str, from: &str, to: &str) -> String {
    let source = meta::kernel::bringup(name);
    assert!(
        source.contains(from),
        "{name}'s bring-up no longer has {from:?}"
    );
    source.replace(from, to)
}

/// After `console_init`, sends "ok\n" on the PL011 console the way the
/// kernel's `emit` does and ends with status 0.
const SEND_OK: &str = "
reset:
    bl console_init
    ldr r0, =UART_BASE
    adr r3, ok_text
send:
    ldrb r1, [r3]
    cmp r1, #0
    beq sent
    movs r2, #0x20
1:  ldr r4, [r0, #0x18]
    tst r4, r2
    bne 1b
    str r1, [r0]
    adds r3, #1
    b send
sent:
    movs r0, #0x18
    ldr r1, =0x20026
    bkpt #0xab
default_handler:
    b default_handler
    .ltorg
    .align 2
ok_text:
    .asciz \"ok\\n\"
";

/// An image that runs `bringup` (which defines `console_init`), assembled
/// after `equates`, then [`SEND_OK`].
fn image_with(name: &str, equates: &str, bringup: &str) -> image::Image {
    let source = format!("{equates}{bringup}{SEND_OK}");
    image::boot::assemble_image(&board(name), &source).expect("the test image assembles")
}

fn image(name: &str, bringup: &str) -> image::Image {
    image_with(name, &image::boot::board_equates(&board(name)), bringup)
}

/// `thumbforth run` on `img` as an ELF (whose symbols name the words).
fn run(dir: &Path, name: &str, img: &image::Image) -> Output {
    let path = dir.join(format!("{name}.elf"));
    std::fs::write(&path, image::write_elf(img)).unwrap();
    thumbforth(
        dir,
        &[
            "run",
            path.to_str().unwrap(),
            "--target",
            name,
            "--max-insns",
            "10000000",
        ],
    )
}

/// Checks a run stopped with a fault report and returns its first line,
/// after checking the instruction it names: at `label`+offset, a store.
fn stopped_at_a_store(out: &Output, img: &image::Image, label: &str) -> String {
    let stderr = text(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(125),
        "{}{stderr}",
        text(&out.stdout)
    );
    let summary = stderr.lines().next().unwrap().to_string();
    let (_, place) = summary
        .rsplit_once(" at 0x")
        .unwrap_or_else(|| panic!("no address in {summary}"));
    let (pc, symbol) = place.split_once(" in ").expect("a symbol");
    let pc = u32::from_str_radix(pc, 16).unwrap();
    let (name, offset) = symbol.split_once("+0x").unwrap_or((symbol, "0"));
    assert_eq!(name, label, "{summary}");
    let start = img.symbols.iter().find(|s| s.name == label).unwrap().addr;
    assert_eq!(pc, start + u32::from_str_radix(offset, 16).unwrap());
    let at = (pc - img.flash_base) as usize;
    let halfword = u16::from_le_bytes([img.flash[at], img.flash[at + 1]]);
    // Thumb STR/STRB (immediate or register), or a 32-bit STR.W.
    let store = matches!(halfword >> 11, 0b01100 | 0b01110 | 0b01010)
        || halfword & 0xfff0 == 0xf8c0
        || halfword & 0xfff0 == 0xf840;
    assert!(
        store,
        "{halfword:#06x} at {pc:#x} is not a store: {summary}"
    );
    summary
}

fn expected(name: &str, rp2350: &str, rp2040: &str) -> String {
    if name == "rp2350" { rp2350 } else { rp2040 }.to_string()
}

#[test]
fn the_rp_startup_brings_the_console_up_and_it_sends() {
    let dir = tempfile::tempdir().unwrap();
    for name in RP_BOARDS {
        let out = run(dir.path(), name, &image(name, &meta::kernel::bringup(name)));
        assert_eq!(out.status.code(), Some(0), "{name}: {}", text(&out.stderr));
        assert_eq!(text(&out.stdout), "ok\n", "{name}");
    }
}

/// The start of the report for a write to GPIO0_CTRL while IO_BANK0 is
/// still held in reset.
fn gpio0_ctrl_in_reset(name: &str) -> String {
    expected(
        name,
        "fault: access to 0x40028004: IO_BANK0.GPIO0_CTRL while IO_BANK0 is held in \
         reset (RESETS.RESET bit 6 set; clear it and wait for RESET_DONE) at 0x",
        "fault: access to 0x40014004: IO_BANK0.GPIO0_CTRL while IO_BANK0 is held in \
         reset (RESETS.RESET bit 5 set; clear it and wait for RESET_DONE) at 0x",
    )
}

#[test]
fn an_rp_startup_that_writes_io_bank0_in_reset_is_stopped_there() {
    let dir = tempfile::tempdir().unwrap();
    for name in RP_BOARDS {
        let bringup = startup_without(
            name,
            ".equ KERNEL_BLOCKS, RESET_IO_BANK0 | ",
            ".equ KERNEL_BLOCKS, ",
        );
        let img = image(name, &bringup);
        let summary = stopped_at_a_store(&run(dir.path(), name, &img), &img, "uart_pins");
        let report = gpio0_ctrl_in_reset(name);
        assert!(summary.starts_with(&report), "{name}: {summary}");
    }
}

#[test]
fn an_rp_startup_that_leaves_clk_peri_off_is_stopped_at_its_first_byte() {
    let dir = tempfile::tempdir().unwrap();
    for name in RP_BOARDS {
        let bringup = startup_without(
            name,
            "    ldr r1, =CLK_ENABLE\n    str r1, [r2, #CLK_PERI_CTRL]\n",
            "",
        );
        let img = image(name, &bringup);
        let out = run(dir.path(), name, &img);
        let summary = stopped_at_a_store(&out, &img, "send");
        assert!(
            summary.starts_with(
                "fault: UART0.UARTDR written, but the UART has no clock: clk_peri is not \
                 enabled (CLK_PERI_CTRL.ENABLE clear) at 0x"
            ),
            "{name}: {summary}"
        );
        assert_eq!(text(&out.stdout), "", "{name}: nothing reached the host");
    }
}

#[test]
fn an_rp_startup_with_a_baud_divisor_for_another_clock_is_stopped_with_both_rates() {
    let dir = tempfile::tempdir().unwrap();
    for name in RP_BOARDS {
        // Divisors computed for a 12 MHz clk_peri, as the old start-up had
        // them, on a board whose clk_peri is clk_sys.
        let mut t = board(name);
        t.clocks.peri_hz = 12_000_000;
        let equates = image::boot::board_equates(&t);
        let img = image_with(name, &equates, &meta::kernel::bringup(name));
        let summary = stopped_at_a_store(&run(dir.path(), name, &img), &img, "send");
        let report = expected(
            name,
            "fault: UART0.UARTDR written, but the console runs at 1,438,849 baud from a \
             150 MHz clk_peri and IBRD 6/FBRD 33; the host reads 115,200 at 0x",
            "fault: UART0.UARTDR written, but the console runs at 1,199,041 baud from a \
             125 MHz clk_peri and IBRD 6/FBRD 33; the host reads 115,200 at 0x",
        );
        assert!(summary.starts_with(&report), "{name}: {summary}");
    }
}

#[test]
fn the_rp_startup_from_before_the_strict_model_is_stopped_by_it() {
    let dir = tempfile::tempdir().unwrap();
    for name in RP_BOARDS {
        let old = read(&format!("tests/data/startup-before-strict/{name}.s"));
        // It released UART0 alone, then set GPIO0's function.
        let img = image(name, &old);
        let summary = stopped_at_a_store(&run(dir.path(), name, &img), &img, "console_init");
        let report = gpio0_ctrl_in_reset(name);
        assert!(summary.starts_with(&report), "{name}: {summary}");
        // With its pins and pads released too, it still never started a
        // clock: its first byte has none.
        let bit = |b: u32| format!("ldr r1, ={:#x}\n", b);
        let (uart, io_pads) = match *name {
            "rp2350" => (1u32 << 26, 1u32 << 6 | 1 << 9),
            _ => (1 << 22, 1 << 5 | 1 << 8),
        };
        let patched = old.replacen(
            &format!("ldr r1, =1 << {}\n", uart.trailing_zeros()),
            &bit(uart | io_pads),
            1,
        );
        assert_ne!(patched, old);
        let img = image(name, &patched);
        let summary = stopped_at_a_store(&run(dir.path(), name, &img), &img, "send");
        assert!(
            summary.contains("the UART has no clock: clk_peri is not enabled"),
            "{name}: {summary}"
        );
    }
}

#[test]
fn the_console_baud_is_within_1_5_percent_of_115200_on_every_board_after_boot() {
    let dir = tempfile::tempdir().unwrap();
    for name in BOARDS {
        let out = thumbforth(dir.path(), &["build", "--target", name]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let t = board(name);
        let elf = std::fs::read(dir.path().join(format!("build/thumbforth-{name}.elf"))).unwrap();
        let loaded = image::read(&elf, image::Format::Elf, t.flash.origin).unwrap();
        let mut emu = emu::Emulator::new(&t).unwrap();
        emu.flash_as_chip().unwrap();
        emu.set_strict(true);
        for (addr, data) in &loaded.segments {
            emu.load(*addr, data).unwrap();
        }
        let exit = emu
            .boot(100_000_000)
            .unwrap_or_else(|f| panic!("{name} did not boot: {f}"));
        assert_eq!(exit, emu::Exit::InputEnded, "{name} waits at its prompt");
        assert!(text(&emu.output()).starts_with("thumbforth "), "{name}");
        let baud = emu.console_baud().unwrap();
        let error = (baud as f64 - 115_200.0).abs() / 115_200.0;
        assert!(error < 0.015, "{name}: the console runs at {baud} baud");
        eprintln!("{name}: the console runs at {baud} baud");
    }
}

#[test]
fn rp_timers_count_microseconds_of_the_clock_start_up_sets() {
    let dir = tempfile::tempdir().unwrap();
    for (name, timerawl) in [("rp2350", "$400b0028"), ("rp2040", "$40054028")] {
        let out = thumbforth(dir.path(), &["build", "--target", name]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let elf = dir.path().join(format!("build/thumbforth-{name}.elf"));
        // Instructions (DWT CYCCNT counts them here) and microseconds across
        // a loop, both as differences.
        let script = format!(
            ": span ( -- us insns ) {timerawl} @ >r cycles >r 20000 0 do loop \
             cycles r> - {timerawl} @ r> - swap ;\nspan . .\n"
        );
        let out = thumbforth_fed(
            dir.path(),
            &["run", "--target", name, elf.to_str().unwrap()],
            script.as_bytes(),
        );
        let shown = text(&out.stdout);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{name}: {shown}{}",
            text(&out.stderr)
        );
        let line = shown.lines().find(|l| l.starts_with("span . .")).unwrap();
        let numbers: Vec<u64> = line
            .split_whitespace()
            .filter_map(|w| w.parse().ok())
            .collect();
        let (instructions, micros) = (numbers[0], numbers[1]);
        let mhz = board(name).clocks.sys_hz as f64 / 1e6;
        let rate = instructions as f64 / micros as f64;
        assert!(
            (rate - mhz).abs() < mhz * 0.01,
            "{name}: {instructions} instructions in {micros} µs"
        );
    }
}
