//! What `thumbforth run` holds STM32F407 start-up code to: RM0090's rules
//! for clocks, as the strict model in crates/emu/src/mmio/periph/stm32.rs
//! keeps them. A start-up that touches a peripheral before RCC clocks it,
//! or runs the core faster than its flash wait states allow, or an APB bus
//! above its limit, stops at the instruction that did it, with exit status
//! 125 and a report naming the rule, the address and the label; a start-up
//! that keeps the rules prints its line.

mod support;

use std::path::{Path, PathBuf};
use std::process::Output;

use support::{root, text, thumbforth};

fn board() -> target::Target {
    target::Target::load("stm32f407", &root().join("targets")).expect("built-in target")
}

/// Register names the test programs use, after the board's own `.equ`s.
const NAMES: &str = "
    .equ RCC, 0x40023800
    .equ RCC_CR, 0x00
    .equ RCC_PLLCFGR, 0x04
    .equ RCC_CFGR, 0x08
    .equ RCC_AHB1ENR, 0x30
    .equ RCC_APB2ENR, 0x44
    .equ FLASH_ACR, 0x40023c00
    .equ GPIOA, 0x40020000
";

/// Routes PA9/PA10 to USART1 (AF7); r0 is left at GPIOA.
const PINS: &str = "
    ldr r0, =GPIOA
pins:
    ldr r1, [r0]
    bic r1, r1, #0xf << 18
    orr r1, r1, #0xa << 18
    str r1, [r0]
    ldr r1, [r0, #0x24]
    bic r1, r1, #0xff0
    orr r1, r1, #0x770
    str r1, [r0, #0x24]
";

/// GPIOAEN and USART1EN, as RM0090 asks before either block is touched.
const CLOCK_GATES: &str = "
    ldr r0, =RCC
    ldr r1, [r0, #RCC_AHB1ENR]
    orr r1, r1, #1
    str r1, [r0, #RCC_AHB1ENR]
    ldr r1, [r0, #RCC_APB2ENR]
    orr r1, r1, #0x10
    str r1, [r0, #RCC_APB2ENR]
";

/// HSE on and ready, then the PLL (8 MHz / 4 * 168 / 2 = 168 MHz, Q 7)
/// on and locked, each waited for; r0 is left at RCC.
const HSE_AND_PLL: &str = "
    ldr r0, =RCC
    ldr r1, [r0, #RCC_CR]
    orr r1, r1, #1 << 16
    str r1, [r0, #RCC_CR]
1:  ldr r1, [r0, #RCC_CR]
    tst r1, #1 << 17
    beq 1b
    ldr r1, =4 | (168 << 6) | (1 << 22) | (7 << 24)
    str r1, [r0, #RCC_PLLCFGR]
    ldr r1, [r0, #RCC_CR]
    orr r1, r1, #1 << 24
    str r1, [r0, #RCC_CR]
2:  ldr r1, [r0, #RCC_CR]
    tst r1, #1 << 25
    beq 2b
";

/// Prints `ok` on USART1 at BRR `brr` and exits 0 through semihosting.
fn print_ok(brr: u32) -> String {
    format!(
        "
    ldr r0, =UART_BASE
    ldr r1, ={brr:#x}
    str r1, [r0, #0x08]
    movw r1, #0x200c
    str r1, [r0, #0x0c]
    movs r1, #'o'
    bl putc
    movs r1, #'k'
    bl putc
    movs r1, #10
    bl putc
    movs r0, #0x18
    ldr r1, =0x20026
    bkpt #0xab
putc:
    ldr r2, [r0]
    tst r2, #0x80
    beq putc
    str r1, [r0, #0x04]
    bx lr
"
    )
}

/// Assembles `body` after the board's `.equ`s into an ELF in `dir`; gives
/// its path and the address of each label.
fn elf(dir: &Path, name: &str, body: &str) -> (PathBuf, image::Image) {
    let t = board();
    let source = format!("{}{NAMES}reset:\n{body}\n", image::boot::board_equates(&t));
    let img = image::boot::assemble_image(&t, &source).expect("test program assembles");
    let path = dir.join(format!("{name}.elf"));
    std::fs::write(&path, image::write_elf(&img)).unwrap();
    (path, img)
}

fn run(dir: &Path, path: &Path) -> Output {
    thumbforth(
        dir,
        &[
            "run",
            path.to_str().unwrap(),
            "--target",
            "stm32f407",
            "--max-insns",
            "1000000",
        ],
    )
}

/// The run stopped with a fault report whose first line names `why`, the
/// instruction at `label` and the label; gives that line.
fn stopped_at(out: &Output, img: &image::Image, label: &str, why: &str) -> String {
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(125), "{stderr}");
    let addr = img
        .symbols
        .iter()
        .find(|s| s.name == label)
        .unwrap_or_else(|| panic!("no label {label}"))
        .addr;
    let first = stderr.lines().next().unwrap_or_default().to_string();
    let place = format!("at {addr:#010x} in {label}");
    assert!(
        first.starts_with("fault: ") && first.contains(why) && first.ends_with(&place),
        "expected `{why}` {place}, got:\n{stderr}"
    );
    first
}

#[test]
fn an_stm32_startup_that_touches_usart1_with_its_clock_off_is_stopped_there() {
    let dir = tempfile::tempdir().unwrap();
    // GPIOA is clocked; USART1 is not.
    let body = format!(
        "
    ldr r0, =RCC
    ldr r1, [r0, #RCC_AHB1ENR]
    orr r1, r1, #1
    str r1, [r0, #RCC_AHB1ENR]
{PINS}
    ldr r0, =UART_BASE
    movs r1, #0x8b
set_baud:
    str r1, [r0, #0x08]
    b .
"
    );
    let (path, img) = elf(dir.path(), "usart-off", &body);
    let out = run(dir.path(), &path);
    let line = stopped_at(
        &out,
        &img,
        "set_baud",
        "access to 0x40011008: USART1's clock is off (RCC_APB2ENR.USART1EN clear)",
    );
    eprintln!("{line}");
    assert!(text(&out.stdout).is_empty());
}

#[test]
fn an_stm32_startup_that_touches_gpioa_before_its_clock_is_on_is_stopped_there() {
    let dir = tempfile::tempdir().unwrap();
    // The pins first, the clocks after: the order a hurried port gets wrong.
    let body = format!("{PINS}{CLOCK_GATES}{}", print_ok(0x8b));
    let (path, img) = elf(dir.path(), "gpioa-off", &body);
    let out = run(dir.path(), &path);
    let line = stopped_at(
        &out,
        &img,
        "pins",
        "access to 0x40020000: GPIOA's clock is off (RCC_AHB1ENR.GPIOAEN clear)",
    );
    eprintln!("{line}");
}

#[test]
fn an_stm32_startup_that_switches_to_a_168_mhz_pll_with_no_flash_wait_states_is_stopped_at_the_switch(
) {
    let dir = tempfile::tempdir().unwrap();
    // Everything right but FLASH_ACR, left at its reset value: LATENCY 0.
    let body = format!(
        "{HSE_AND_PLL}
    ldr r1, =(5 << 10) | (4 << 13) | 2
switch:
    str r1, [r0, #RCC_CFGR]
3:  ldr r1, [r0, #RCC_CFGR]
    and r1, r1, #0xc
    cmp r1, #0x8
    bne 3b
{CLOCK_GATES}{PINS}{}",
        print_ok(0x2d9)
    );
    let (path, img) = elf(dir.path(), "no-wait-states", &body);
    let out = run(dir.path(), &path);
    let line = stopped_at(
        &out,
        &img,
        "switch",
        "access to 0x40023808: SYSCLK switches to the PLL: HCLK 168 MHz needs 5 flash wait \
         states (RM0090 3.5.1, Table 10, 2.7-3.6 V) and FLASH_ACR.LATENCY is 0, so the core \
         would read garbage from flash",
    );
    eprintln!("{line}");
    assert!(text(&out.stdout).is_empty());
}

#[test]
fn an_stm32_startup_that_leaves_apb1_undivided_at_168_mhz_is_stopped_at_the_switch() {
    let dir = tempfile::tempdir().unwrap();
    let body = format!(
        "{HSE_AND_PLL}
    ldr r2, =FLASH_ACR
    ldr r1, =0x705
    str r1, [r2]
    ldr r1, =(4 << 13) | 2
switch:
    str r1, [r0, #RCC_CFGR]
{CLOCK_GATES}{PINS}{}",
        print_ok(0x2d9)
    );
    let (path, img) = elf(dir.path(), "apb1-fast", &body);
    let out = run(dir.path(), &path);
    let line = stopped_at(
        &out,
        &img,
        "switch",
        "access to 0x40023808: SYSCLK switches to the PLL: PCLK1 168 MHz is above APB1's 42 MHz",
    );
    eprintln!("{line}");
}

#[test]
fn an_stm32_startup_that_keeps_the_rules_prints_its_line_on_the_pll_and_on_hsi() {
    let dir = tempfile::tempdir().unwrap();
    // The PLL at 168 MHz with 5 wait states, APB1 /4, APB2 /2: 84 MHz for
    // USART1, BRR 0x2d9.
    let pll = format!(
        "{HSE_AND_PLL}
    ldr r2, =FLASH_ACR
    ldr r1, =0x705
    str r1, [r2]
    ldr r1, =(5 << 10) | (4 << 13) | 2
    str r1, [r0, #RCC_CFGR]
3:  ldr r1, [r0, #RCC_CFGR]
    and r1, r1, #0xc
    cmp r1, #0x8
    bne 3b
{CLOCK_GATES}{PINS}{}",
        print_ok(0x2d9)
    );
    // As the first start-up (e7e0bf1) did: the 16 MHz HSI it starts on,
    // clock gates first, BRR 0x8b.
    let hsi = format!("{CLOCK_GATES}{PINS}{}", print_ok(0x8b));
    for (name, body) in [("pll", pll), ("hsi", hsi)] {
        let (path, _) = elf(dir.path(), name, &body);
        let out = run(dir.path(), &path);
        assert!(out.status.success(), "{name}: {}", text(&out.stderr));
        assert_eq!(text(&out.stdout), "ok\n", "{name}");
    }
}
