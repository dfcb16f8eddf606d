//! The built-in boards carry the datasheet values, and every kind of broken
//! board file is refused with a message that names the field to fix.

use std::path::Path;

use target::{
    builtin_dir, known_targets, BootBlock, Cpu, Profile, Region, Target, TargetError, UartKind,
};

fn builtin(name: &str) -> Target {
    Target::load(name, &builtin_dir()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn rp2350_text() -> String {
    std::fs::read_to_string(builtin_dir().join("rp2350.toml")).unwrap()
}

/// Parses `text`, expects a refusal, and returns its message.
fn refused(text: &str) -> String {
    match Target::from_toml(text, Path::new("board.toml")) {
        Ok(t) => panic!("accepted: {t:?}"),
        Err(e) => e.to_string(),
    }
}

/// The rp2350 file with one line replaced; panics if `from` is absent so a
/// test cannot silently stop testing anything.
fn rp2350_with(from: &str, to: &str) -> String {
    let text = rp2350_text();
    assert!(text.contains(from), "rp2350.toml has no `{from}`");
    text.replacen(from, to, 1)
}

fn assert_names(message: &str, field: &str, reason: &str) {
    assert!(
        message.contains(&format!("`{field}`")),
        "`{field}` not named in: {message}"
    );
    assert!(message.contains(reason), "`{reason}` not in: {message}");
    assert!(
        !message.contains('\n'),
        "message is not one line: {message}"
    );
}

#[test]
fn rp2350_is_the_default_and_carries_its_datasheet_values() {
    assert_eq!(target::DEFAULT_TARGET, "rp2350");
    let t = builtin("rp2350");
    assert_eq!(t.name, "rp2350");
    assert_eq!(t.cpu, Cpu::CortexM33);
    assert_eq!(t.profile, Profile::Armv8mMain);
    assert_eq!(
        t.flash,
        Region {
            origin: 0x1000_0000,
            size: 4 << 20
        }
    );
    assert_eq!(
        t.ram,
        Region {
            origin: 0x2000_0000,
            size: 520 << 10
        }
    );
    assert_eq!(t.vector_table, 0x1000_0000);
    assert_eq!(t.vector_count(), 16 + 52);
    assert_eq!(t.boot_block, BootBlock::Rp2350ImageDef);
    assert_eq!(t.console.kind, UartKind::Pl011);
    assert_eq!(t.console.base, 0x4007_0000);
    assert_eq!(t.console.baud, 115_200);
    assert_eq!(t.uf2_family, Some(0xe48b_ff59));
    assert_eq!(t.uf2_board_id.as_deref(), Some("RP2350"));
    assert_eq!(t.clocks.crystal_hz, Some(12_000_000));
    assert_eq!(t.clocks.sys_hz, 150_000_000);
    assert_eq!(t.clocks.peri_hz, 150_000_000);
    assert_eq!(t.stack_top(), 0x2008_2000);
}

#[test]
fn rp2040_has_boot2_and_its_vector_table_after_it() {
    let t = builtin("rp2040");
    assert_eq!(t.cpu, Cpu::CortexM0Plus);
    assert_eq!(t.profile, Profile::Armv6m);
    assert_eq!(
        t.flash,
        Region {
            origin: 0x1000_0000,
            size: 2 << 20
        }
    );
    assert_eq!(
        t.ram,
        Region {
            origin: 0x2000_0000,
            size: 264 << 10
        }
    );
    assert_eq!(t.vector_table, 0x1000_0100);
    assert_eq!(t.vector_count(), 16 + 26);
    assert_eq!(t.boot_block, BootBlock::Rp2040Boot2);
    assert_eq!(t.console.kind, UartKind::Pl011);
    assert_eq!(t.console.base, 0x4003_4000);
    assert_eq!(t.uf2_family, Some(0xe48b_ff56));
    assert_eq!(t.uf2_board_id.as_deref(), Some("RPI-RP2"));
    assert_eq!(t.stack_top(), 0x2004_2000);
}

#[test]
fn stm32f407_boots_from_flash_with_usart1_as_console() {
    let t = builtin("stm32f407");
    assert_eq!(t.cpu, Cpu::CortexM4);
    assert_eq!(t.profile, Profile::Armv7em);
    assert_eq!(
        t.flash,
        Region {
            origin: 0x0800_0000,
            size: 1 << 20
        }
    );
    assert_eq!(
        t.ram,
        Region {
            origin: 0x2000_0000,
            size: 128 << 10
        }
    );
    assert_eq!(t.vector_table, 0x0800_0000);
    assert_eq!(t.vector_count(), 16 + 82);
    assert_eq!(t.boot_block, BootBlock::None);
    assert_eq!(t.console.kind, UartKind::Stm32Usart);
    assert_eq!(t.console.base, 0x4001_1000);
    assert_eq!(t.clocks.crystal_hz, Some(8_000_000));
    assert_eq!(t.clocks.sys_hz, 168_000_000);
    assert_eq!(t.clocks.peri_hz, 84_000_000);
    assert_eq!(t.uf2_family, Some(0x5775_5a57));
    assert_eq!(t.uf2_board_id, None);
    assert_eq!(t.stack_top(), 0x2002_0000);
}

#[test]
fn the_built_in_list_is_the_boards_of_the_targets_directory_default_first() {
    let mut known = known_targets(&builtin_dir());
    let mut listed: Vec<String> = target::BUILT_IN_TARGETS
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(listed[0], target::DEFAULT_TARGET);
    known.sort();
    listed.sort();
    assert_eq!(known, listed);
}

#[test]
fn unknown_name_lists_the_known_boards() {
    let e = Target::load("rp9999", &builtin_dir()).unwrap_err();
    assert!(matches!(e, TargetError::Unknown { .. }));
    let msg = e.to_string();
    assert!(
        msg.contains("rp9999") && msg.contains("rp2040, rp2350, stm32f407"),
        "{msg}"
    );
}

#[test]
fn user_file_loads_by_path_with_its_own_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("myboard.toml");
    std::fs::write(
        &path,
        rp2350_with("name = \"rp2350\"", "name = \"my-pico2\""),
    )
    .unwrap();
    let t = Target::load(path.to_str().unwrap(), Path::new("/nonexistent")).unwrap();
    assert_eq!(t.name, "my-pico2");
    assert_eq!(t.source, path);
}

#[test]
fn missing_user_file_is_a_read_error_naming_the_path() {
    let e = Target::load("no/such/board.toml", &builtin_dir()).unwrap_err();
    assert!(matches!(e, TargetError::Read { .. }));
    assert!(e.to_string().contains("no/such/board.toml"));
}

#[test]
fn board_found_by_name_must_carry_that_name() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("alpha.toml"), rp2350_text()).unwrap();
    let msg = Target::load("alpha", dir.path()).unwrap_err().to_string();
    assert_names(&msg, "name", "alpha.toml");
}

#[test]
fn hex_strings_are_accepted_for_numbers() {
    let t = Target::from_toml(
        &rp2350_with("origin = 0x1000_0000", "origin = \"0x10000000\""),
        Path::new("x.toml"),
    )
    .unwrap();
    assert_eq!(t.flash.origin, 0x1000_0000);
}

#[test]
fn unknown_key_is_refused_with_its_name() {
    let msg = refused(&rp2350_with(
        "baud = 115_200",
        "baud = 115_200\nparity = \"none\"",
    ));
    assert!(msg.contains("unknown field `parity`"), "{msg}");
    assert!(msg.contains("console"), "{msg}");
}

#[test]
fn unknown_top_level_table_is_refused() {
    let msg = refused(&format!("{}\n[usb]\nvid = 1\n", rp2350_text()));
    assert!(msg.contains("unknown field `usb`"), "{msg}");
}

#[test]
fn wrong_type_is_refused_with_the_field_and_line() {
    let msg = refused(&rp2350_with("size = 0x40_0000", "size = true"));
    assert!(msg.contains("field `flash.size`"), "{msg}");
    assert!(msg.contains("line "), "{msg}");
    let msg = refused(&rp2350_with("baud = 115_200", "baud = \"fast\""));
    assert!(
        msg.contains("field `console.baud`") && msg.contains("not a number"),
        "{msg}"
    );
}

#[test]
fn missing_field_is_refused_with_its_name() {
    let msg = refused(&rp2350_with("sys_hz = 150_000_000", ""));
    assert!(msg.contains("missing field `sys_hz`"), "{msg}");
}

#[test]
fn unknown_cpu_or_boot_block_lists_the_choices() {
    let msg = refused(&rp2350_with("cpu = \"cortex-m33\"", "cpu = \"cortex-m7\""));
    assert!(
        msg.contains("cortex-m7") && msg.contains("cortex-m0plus"),
        "{msg}"
    );
    let msg = refused(&rp2350_with(
        "block = \"rp2350-image-def\"",
        "block = \"uefi\"",
    ));
    assert!(
        msg.contains("field `boot.block`") && msg.contains("rp2040-boot2"),
        "{msg}"
    );
}

#[test]
fn number_too_big_for_32_bits_is_refused() {
    let msg = refused(&rp2350_with("size = 0x8_2000", "size = 0x1_0000_0000"));
    assert!(
        msg.contains("field `ram.size`") && msg.contains("32 bits"),
        "{msg}"
    );
}

#[test]
fn profile_the_cpu_cannot_run_is_refused() {
    let text = std::fs::read_to_string(builtin_dir().join("rp2040.toml")).unwrap();
    let msg = refused(&text.replace("profile = \"armv6m\"", "profile = \"armv7m\""));
    assert_names(&msg, "profile", "cortex-m0plus cannot run armv7m");
}

#[test]
fn smaller_profile_than_the_core_is_accepted() {
    let t = Target::from_toml(
        &rp2350_with("profile = \"armv8m.main\"", "profile = \"armv6m\""),
        Path::new("x.toml"),
    )
    .unwrap();
    assert_eq!(t.profile, Profile::Armv6m);
}

#[test]
fn zero_sizes_and_clock_are_refused() {
    assert_names(
        &refused(&rp2350_with("size = 0x40_0000", "size = 0")),
        "flash.size",
        "zero",
    );
    assert_names(
        &refused(&rp2350_with("size = 0x8_2000", "size = 0")),
        "ram.size",
        "zero",
    );
    assert_names(
        &refused(&rp2350_with("peri_hz = 150_000_000", "peri_hz = 0")),
        "clocks.peri_hz",
        "zero",
    );
    assert_names(
        &refused(&rp2350_with("baud = 115_200", "baud = 0")),
        "console.baud",
        "zero",
    );
}

#[test]
fn region_past_4_gib_is_refused() {
    let msg = refused(&rp2350_with(
        "origin = 0x2000_0000\nsize = 0x8_2000",
        "origin = 0xffff_0000\nsize = 0x2_0000",
    ));
    assert_names(&msg, "ram.size", "4 GiB");
}

#[test]
fn ram_overlapping_flash_is_refused() {
    let msg = refused(&rp2350_with("origin = 0x2000_0000", "origin = 0x1020_0000"));
    assert_names(&msg, "ram.origin", "overlaps flash");
}

#[test]
fn vector_table_outside_flash_is_refused() {
    let text = std::fs::read_to_string(builtin_dir().join("stm32f407.toml")).unwrap();
    let msg = refused(&text.replace("vector_table = 0x0800_0000", "vector_table = 0x2000_0000"));
    assert_names(&msg, "boot.vector_table", "does not fit in flash");
    let msg = refused(&text.replace("vector_table = 0x0800_0000", "vector_table = 0x080f_ff80"));
    assert_names(&msg, "boot.vector_table", "does not fit in flash");
}

#[test]
fn misaligned_vector_table_is_refused() {
    let text = std::fs::read_to_string(builtin_dir().join("stm32f407.toml")).unwrap();
    let msg = refused(&text.replace("vector_table = 0x0800_0000", "vector_table = 0x0800_0040"));
    assert_names(&msg, "boot.vector_table", "not aligned");
    // 98 vectors are 392 bytes, so VTOR needs 512-byte alignment, not just 128.
    let msg = refused(&text.replace("vector_table = 0x0800_0000", "vector_table = 0x0800_0100"));
    assert_names(&msg, "boot.vector_table", "aligned to 512 bytes");
}

#[test]
fn too_many_irqs_for_the_core_is_refused() {
    let text = std::fs::read_to_string(builtin_dir().join("rp2040.toml")).unwrap();
    let msg = refused(&text.replace("irqs = 26", "irqs = 33"));
    assert_names(&msg, "boot.irqs", "at most 32");
}

#[test]
fn boot2_vector_table_must_follow_boot2() {
    let text = std::fs::read_to_string(builtin_dir().join("rp2040.toml")).unwrap();
    let msg = refused(&text.replace("vector_table = 0x1000_0100", "vector_table = 0x1000_0000"));
    assert_names(&msg, "boot.vector_table", "0x10000100");
}

#[test]
fn boot_block_for_another_chip_is_refused() {
    let msg = refused(&rp2350_with(
        "block = \"rp2350-image-def\"",
        "block = \"rp2040-boot2\"",
    ));
    assert_names(&msg, "boot.block", "cortex-m0plus");
    let text = std::fs::read_to_string(builtin_dir().join("stm32f407.toml")).unwrap();
    let msg = refused(&text.replace("block = \"none\"", "block = \"rp2350-image-def\""));
    assert_names(&msg, "boot.block", "cortex-m33");
}

#[test]
fn image_def_needs_the_table_at_the_image_start() {
    let msg = refused(&rp2350_with(
        "vector_table = 0x1000_0000",
        "vector_table = 0x1000_0400",
    ));
    assert_names(&msg, "boot.vector_table", "VECTOR_TABLE");
}

#[test]
fn rp_boot_blocks_need_flash_at_the_xip_base() {
    let msg = refused(
        &rp2350_with("origin = 0x1000_0000", "origin = 0x0800_0000")
            .replace("vector_table = 0x1000_0000", "vector_table = 0x0800_0000"),
    );
    assert_names(&msg, "flash.origin", "XIP");
}

#[test]
fn console_base_must_be_page_aligned_peripheral_space() {
    let msg = refused(&rp2350_with("base = 0x4007_0000", "base = 0x4007_0010"));
    assert_names(&msg, "console.base", "4 KiB");
    let msg = refused(&rp2350_with("base = 0x4007_0000", "base = 0x2000_1000"));
    assert_names(&msg, "console.base", "inside flash or RAM");
}

#[test]
fn bad_uf2_values_are_refused() {
    let msg = refused(&rp2350_with("family = 0xe48b_ff59", "family = 0"));
    assert_names(&msg, "uf2.family", "zero");
    let msg = refused(&rp2350_with("board_id = \"RP2350\"", "board_id = \"\""));
    assert_names(&msg, "uf2.board_id", "non-empty");
}

#[test]
fn bad_name_is_refused() {
    let msg = refused(&rp2350_with("name = \"rp2350\"", "name = \"my board\""));
    assert_names(&msg, "name", "letters, digits");
}

#[test]
fn broken_toml_syntax_gives_a_line() {
    let msg = refused("name = \"x\"\ncpu = \n");
    assert!(msg.contains("line 2"), "{msg}");
    assert!(!msg.contains('\n'), "{msg}");
}

#[test]
fn builtin_boards_name_their_user_led_as_their_chips_do() {
    use target::Pin;
    assert_eq!(builtin("rp2350").led, Some(Pin::Gpio(25)));
    assert_eq!(builtin("rp2040").led, Some(Pin::Gpio(25)));
    let led = builtin("stm32f407").led.unwrap();
    assert_eq!(led, Pin::Port { port: 3, pin: 12 });
    assert_eq!(led.to_string(), "PD12");
    assert_eq!(led.line(), 60);
    assert_eq!(Pin::Gpio(25).line(), 25);
}

#[test]
fn board_table_and_led_are_optional() {
    let text = rp2350_text();
    let start = text
        .find("[board]")
        .expect("rp2350.toml has a [board] table");
    let without = &text[..start];
    let t = Target::from_toml(without, Path::new("board.toml")).unwrap();
    assert_eq!(t.led, None);
    let empty = format!("{without}[board]\n");
    assert_eq!(
        Target::from_toml(&empty, Path::new("board.toml"))
            .unwrap()
            .led,
        None
    );
}

#[test]
fn led_outside_the_chip_or_in_the_other_naming_is_refused() {
    assert_names(
        &refused(&rp2350_with("led = 25", "led = 48")),
        "board.led",
        "GPIO48 does not exist",
    );
    assert_names(
        &refused(&rp2350_with("led = 25", "led = \"PD12\"")),
        "board.led",
        "give the GPIO number",
    );
    let rp2040 = std::fs::read_to_string(builtin_dir().join("rp2040.toml")).unwrap();
    assert_names(
        &refused(&rp2040.replace("led = 25", "led = 30")),
        "board.led",
        "GPIO0..GPIO29",
    );
    let stm = std::fs::read_to_string(builtin_dir().join("stm32f407.toml")).unwrap();
    assert_names(
        &refused(&stm.replace("led = \"PD12\"", "led = 12")),
        "board.led",
        "port pin such as",
    );
    assert_names(
        &refused(&stm.replace("led = \"PD12\"", "led = \"PD16\"")),
        "board.led",
        "pins 0..15",
    );
    assert_names(
        &refused(&stm.replace("led = \"PD12\"", "led = \"PL1\"")),
        "board.led",
        "from A to K",
    );
    let msg = refused(&stm.replace("led = \"PD12\"", "led = \"D12\""));
    assert!(msg.contains("board.led") && msg.contains("PD12"), "{msg}");
    let msg = refused(&stm.replace("led = \"PD12\"", "colour = \"green\""));
    assert!(msg.contains("unknown field `colour`"), "{msg}");
}
