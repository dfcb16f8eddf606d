//! The project `thumbforth new` writes is a blinky: built for each of its
//! targets, and for the STM32F407 a user can add, its image boots on the
//! strict emulator as `thumbforth run` boots it, `main` toggles the board
//! file's LED a fixed number of times with its `ms` delay between toggles
//! and returns to the console, as the emulator's GPIO history shows; and
//! the project's own tests pass.

#[path = "support/mod.rs"]
mod support;

use std::path::Path;

use support::{text, thumbforth};

/// What the template's `main` promises: `blinks` toggles, `blink-ms` apart.
const BLINKS: usize = 10;
const BLINK_MS: u64 = 100;
/// Instructions a boot may take: main's second of delays on the fastest
/// core (168 MHz), and room for the kernel's start.
const BUDGET: u64 = 400_000_000;

/// The targets `thumbforth.toml` lists.
fn project_targets(project: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(project.join("thumbforth.toml")).unwrap();
    let table: toml::Table = text.parse().unwrap();
    table["project"]["targets"]
        .as_array()
        .expect("targets is a list")
        .iter()
        .map(|t| t.as_str().expect("a board name").to_owned())
        .collect()
}

/// Boots `elf` on `board` as `thumbforth run` does (strict peripherals, the
/// flash as the chip has it, no console input) and checks the LED's history.
fn check_blinks(elf: &Path, board: &str) {
    let target = target::Target::load(board, &target::builtin_dir()).unwrap();
    let led = target
        .led
        .expect("every built-in board names its LED")
        .line();
    let bytes = std::fs::read(elf).unwrap();
    let loaded = image::read(&bytes, image::Format::Elf, target.flash.origin).unwrap();
    let mut emu = emu::Emulator::new(&target).unwrap();
    emu.flash_as_chip().unwrap();
    emu.set_strict(true);
    emu.set_debugger(true);
    for (addr, data) in &loaded.segments {
        emu.load(*addr, data).unwrap();
    }
    let exit = emu
        .boot(BUDGET)
        .unwrap_or_else(|f| panic!("the blinky on {board} faulted: {f}"));
    assert_eq!(
        exit,
        emu::Exit::InputEnded,
        "{board}: main returns to the console"
    );
    let shown = text(&emu.output());
    assert!(
        shown.starts_with("blinky: blinking the LED\n"),
        "{board}: {shown}"
    );

    let events = emu.gpio_events();
    assert_eq!(emu.gpio_events_lost(), 0);
    assert!(
        events.iter().all(|e| e.pin == led),
        "{board}: only the LED pin ({led}) changes: {events:?}"
    );
    assert_eq!(events.len(), BLINKS, "{board}: {events:?}");
    for (i, e) in events.iter().enumerate() {
        assert_eq!(e.high, i % 2 == 0, "{board}: toggle {i} of {events:?}");
    }
    // The emulator runs one instruction per cycle of the core's clock, the
    // clock `ms` counts: each toggle is blink-ms after the one before, to
    // within a few loop turns.
    let per_toggle = BLINK_MS * u64::from(target.clocks.sys_hz) / 1000;
    for pair in events.windows(2) {
        let gap = pair[1].at - pair[0].at;
        assert!(
            gap >= per_toggle && gap < per_toggle + 2000,
            "{board}: {gap} instructions between toggles, {per_toggle} expected: {events:?}"
        );
    }
    // After the last toggle main waits once more, then returns.
    assert!(events[BLINKS - 1].at + per_toggle <= emu.instructions());
}

#[test]
fn a_new_project_blinks_the_led_of_each_board_and_its_tests_pass() {
    let dir = tempfile::tempdir().unwrap();
    let out = thumbforth(dir.path(), &["new", "blinky"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let project = dir.path().join("blinky");

    let targets = project_targets(&project);
    assert!(!targets.is_empty());
    let out = thumbforth(&project, &["build"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    for board in &targets {
        check_blinks(&project.join(format!("build/blinky-{board}.elf")), board);
    }
    // A board the project does not list yet, with its LED on a port pin.
    assert!(!targets.iter().any(|t| t == "stm32f407"));
    let out = thumbforth(&project, &["build", "--target", "stm32f407"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    check_blinks(&project.join("build/blinky-stm32f407.elf"), "stm32f407");

    for extra in [&[][..], &["--target", "stm32f407"][..]] {
        let args = [&["test"][..], extra].concat();
        let out = thumbforth(&project, &args);
        let stdout = text(&out.stdout);
        assert!(
            out.status.success(),
            "{args:?}: {stdout}{}",
            text(&out.stderr)
        );
        let passed: usize = stdout
            .lines()
            .last()
            .and_then(|l| l.strip_suffix(" passed, 0 failed"))
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{args:?}: {stdout}"));
        assert!(passed > 0, "{args:?}: {stdout}");
    }
}
