//! The examples in forth/examples/ as CI holds them to: every example builds
//! into an image that boots on every board, every example's test file passes
//! with `thumbforth test` on every board, and the blink image really toggles
//! the board's LED pin, as the emulator's GPIO history shows.

#[path = "support/mod.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use support::{root, text};

const BOARDS: &[&str] = target::BUILT_IN_TARGETS;
const EXAMPLES: &[&str] = &["blink", "list", "format"];
/// Toggles blink.fs's `main` makes, and the loop turns between them.
const BLINK_TOGGLES: usize = 10;
const BLINK_DELAY: u64 = 250_000;

fn example(name: &str) -> PathBuf {
    root().join("forth/examples").join(name)
}

fn thumbforth(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_thumbforth"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("thumbforth runs")
}

/// Builds `forth/examples/<name>.fs` for `board` into `dir`, returning the ELF.
fn build(dir: &Path, name: &str, board: &str) -> PathBuf {
    let elf = dir.join(format!("{name}-{board}.elf"));
    let source = example(&format!("{name}.fs"));
    let out = thumbforth(&[
        "build",
        source.to_str().unwrap(),
        "-o",
        elf.to_str().unwrap(),
        "--target",
        board,
    ]);
    assert!(
        out.status.success(),
        "{name} on {board}: {}",
        text(&out.stderr)
    );
    assert!(elf.is_file(), "{name} on {board}: no image written");
    elf
}

#[test]
fn every_example_builds_and_boots_on_every_board() {
    let dir = tempfile::tempdir().unwrap();
    for board in BOARDS {
        for name in EXAMPLES {
            let elf = build(dir.path(), name, board);
            let run = thumbforth(&["run", "--target", board, elf.to_str().unwrap()]);
            assert!(
                run.status.success(),
                "{name} on {board} did not exit cleanly: {}",
                text(&run.stderr)
            );
            let shown = text(&run.stdout);
            let expected = match *name {
                "list" => "list: 5 10 20 30 sum: 65 \nreversed: 30 20 10 5 \nfreed, length 0 \n",
                "format" => "padded: 00042\nfixed: 3.1416\nhex8: 0000002A\n-7 FF world!\n",
                _ => "",
            };
            // After main, the banner: the console then waits for input, of
            // which a run without any has none, so the run ends there.
            let banner = format!("thumbforth {} on {board}\n", env!("CARGO_PKG_VERSION"));
            assert_eq!(shown, format!("{expected}{banner}"), "{name} on {board}");
        }
    }
}

#[test]
fn every_example_test_file_passes_on_every_board() {
    for board in BOARDS {
        for name in EXAMPLES {
            let tests = example(&format!("{name}.test.fs"));
            let out = thumbforth(&["test", "--target", board, tests.to_str().unwrap()]);
            let report = format!("{}{}", text(&out.stdout), text(&out.stderr));
            assert!(out.status.success(), "{name}.test.fs on {board}:\n{report}");
            assert!(
                report.contains(" passed, 0 failed"),
                "{name}.test.fs on {board} ran no cases:\n{report}"
            );
        }
    }
}

#[test]
fn blink_image_toggles_the_board_led_with_a_delay_between_toggles() {
    let dir = tempfile::tempdir().unwrap();
    for board in BOARDS {
        let target = target::Target::load(board, &target::builtin_dir()).unwrap();
        let led = target
            .led
            .expect("every built-in board names its LED")
            .line();
        let elf = build(dir.path(), "blink", board);
        let bytes = std::fs::read(&elf).unwrap();
        let loaded = image::read(&bytes, image::Format::Elf, target.flash.origin).unwrap();
        let mut emu = emu::Emulator::new(&target).unwrap();
        for (addr, data) in &loaded.segments {
            emu.load(*addr, data).unwrap();
        }
        let exit = emu
            .boot(100_000_000)
            .unwrap_or_else(|f| panic!("blink on {board} faulted: {f}"));
        assert_eq!(
            exit,
            emu::Exit::InputEnded,
            "{board}: main returns to the console"
        );

        let events = emu.gpio_events();
        assert!(
            events.iter().all(|e| e.pin == led),
            "{board}: only the LED pin ({led}) changes: {events:?}"
        );
        assert_eq!(events.len(), BLINK_TOGGLES, "{board}: {events:?}");
        for (i, e) in events.iter().enumerate() {
            assert_eq!(e.high, i % 2 == 0, "{board}: toggle {i} of {events:?}");
        }
        for pair in events.windows(2) {
            assert!(
                pair[1].at - pair[0].at > BLINK_DELAY,
                "{board}: the busy delay separates toggles: {events:?}"
            );
        }
        assert!(events[BLINK_TOGGLES - 1].at < emu.instructions());
        assert_eq!(emu.gpio_events_lost(), 0);
    }
}
