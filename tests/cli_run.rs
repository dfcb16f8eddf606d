//! `thumbforth run` boots every board's hello image in every format and
//! prints its line; broken images get a one-line error or a fault report,
//! never a panic or a hang.

#[path = "support/mod.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use support::root;

const BOARDS: &[&str] = target::BUILT_IN_TARGETS;

fn thumbforth(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_thumbforth"))
        .args(args)
        .output()
        .expect("thumbforth runs")
}

/// Writes the board's hello image in every format it has, as `cargo xtask
/// demo` builds it; returns the paths.
fn hello_files(board: &str, dir: &Path) -> Vec<PathBuf> {
    let target = target::Target::load(board, &root().join("targets")).expect("built-in target");
    let source = meta::kernel::hello(&target);
    let image = image::boot::assemble_image(&target, &source).expect("hello assembles");
    let mut files = vec![
        (dir.join(format!("{board}.elf")), image::write_elf(&image)),
        (dir.join(format!("{board}.bin")), image::write_bin(&image)),
        (
            dir.join(format!("{board}.hex")),
            image::write_hex(&image).into_bytes(),
        ),
    ];
    if let Some(family) = target.uf2_family {
        files.push((
            dir.join(format!("{board}.uf2")),
            image::write_uf2(&image, family, false),
        ));
    }
    for (path, bytes) in &files {
        std::fs::write(path, bytes).unwrap();
    }
    files.into_iter().map(|(p, _)| p).collect()
}

#[test]
fn hello_images_print_their_line_in_every_format_on_every_board() {
    let dir = tempfile::tempdir().unwrap();
    for board in BOARDS {
        for file in hello_files(board, dir.path()) {
            let out = thumbforth(&["run", file.to_str().unwrap(), "--target", board]);
            let stdout = String::from_utf8_lossy(&out.stdout);
            assert!(
                out.status.success(),
                "{}: {:?} {}",
                file.display(),
                out.status,
                String::from_utf8_lossy(&out.stderr)
            );
            assert_eq!(
                stdout,
                format!("thumbforth {board}\n"),
                "{}",
                file.display()
            );
        }
    }
}

/// Runs a broken image and checks: exits non-zero, says something on
/// stderr, no panic.
fn refused(file: &Path, board: &str) -> String {
    let out = thumbforth(&[
        "run",
        file.to_str().unwrap(),
        "--target",
        board,
        "--max-insns",
        "100000",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success(), "{} was accepted", file.display());
    assert!(!stderr.contains("panicked"), "{}: {stderr}", file.display());
    assert!(!stderr.trim().is_empty(), "{}: no message", file.display());
    stderr
}

#[test]
fn broken_images_are_refused_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let files = hello_files("rp2350", dir.path());
    let uf2 = files
        .iter()
        .find(|f| f.extension().unwrap() == "uf2")
        .unwrap();
    let bytes = std::fs::read(uf2).unwrap();

    let truncated = dir.path().join("truncated.uf2");
    std::fs::write(&truncated, &bytes[..bytes.len() - 100]).unwrap();
    let msg = refused(&truncated, "rp2350");
    assert_eq!(msg.trim().lines().count(), 1, "{msg}");

    let mut bad = bytes.clone();
    bad[0] ^= 0xff;
    let bad_magic = dir.path().join("bad-magic.uf2");
    std::fs::write(&bad_magic, &bad).unwrap();
    let msg = refused(&bad_magic, "rp2350");
    assert_eq!(msg.trim().lines().count(), 1, "{msg}");

    // An ELF for this host, not for ARM.
    let host = dir.path().join("host.elf");
    std::fs::copy(env!("CARGO_BIN_EXE_thumbforth"), &host).unwrap();
    let msg = refused(&host, "rp2350");
    assert!(msg.contains("ELF"), "{msg}");

    let empty = dir.path().join("empty.bin");
    std::fs::write(&empty, b"").unwrap();
    refused(&empty, "rp2350");
}

#[test]
fn an_image_that_jumps_into_nothing_gets_a_fault_report() {
    let dir = tempfile::tempdir().unwrap();
    let target = target::Target::load("stm32f407", &root().join("targets")).unwrap();
    let source = "reset:\n ldr r0, =0x0badf00c\n bx r0\n";
    let image = image::boot::assemble_image(&target, source).unwrap();
    let path = dir.path().join("wild.elf");
    std::fs::write(&path, image::write_elf(&image)).unwrap();
    let out = thumbforth(&["run", path.to_str().unwrap(), "--target", "stm32f407"]);
    assert_eq!(out.status.code(), Some(125));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("0x0badf00c") || stderr.contains("0x0badf00d"),
        "{stderr}"
    );
}

#[test]
fn a_runaway_image_is_stopped_by_the_budget() {
    let dir = tempfile::tempdir().unwrap();
    let target = target::Target::load("rp2040", &root().join("targets")).unwrap();
    let image = image::boot::assemble_image(&target, "reset:\n b reset\n").unwrap();
    // The ELF carries the symbols that let the report name the word.
    let path = dir.path().join("spin.elf");
    std::fs::write(&path, image::write_elf(&image)).unwrap();
    let out = thumbforth(&[
        "run",
        path.to_str().unwrap(),
        "--target",
        "rp2040",
        "--max-insns",
        "5000",
    ]);
    assert_eq!(out.status.code(), Some(125));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("budget") && stderr.contains("reset"),
        "{stderr}"
    );
}

#[test]
fn semihosting_exit_status_is_the_exit_status() {
    let dir = tempfile::tempdir().unwrap();
    let target = target::Target::load("rp2350", &root().join("targets")).unwrap();
    // SYS_EXIT_EXTENDED-free form: r1 points at {reason, status}.
    let source = "reset:\n adr r1, block\n movs r0, #0x18\n bkpt #0xab\n.align 2\nblock:\n .word 0x20026, 7\n";
    let image = image::boot::assemble_image(&target, source).unwrap();
    let path = dir.path().join("seven.elf");
    std::fs::write(&path, image::write_elf(&image)).unwrap();
    let out = thumbforth(&["run", path.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(7),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn unknown_target_is_a_clear_error() {
    let out = thumbforth(&["run", "x.elf", "--target", "pdp11"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("pdp11") && stderr.contains("rp2040"),
        "{stderr}"
    );
}

#[test]
fn flash_prints_probe_commands_for_elf_and_refuses_a_wrong_drive() {
    let dir = tempfile::tempdir().unwrap();
    let out = thumbforth(&["flash", "x.elf", "--target", "stm32f407"]);
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("probe-rs download --chip STM32F407") && stdout.contains("openocd"),
        "{stdout}"
    );

    let files = hello_files("rp2040", dir.path());
    let uf2 = files
        .iter()
        .find(|f| f.extension().unwrap() == "uf2")
        .unwrap();
    let drive = dir.path().join("drive");
    std::fs::create_dir(&drive).unwrap();
    std::fs::write(
        drive.join("INFO_UF2.TXT"),
        "UF2 Bootloader v3.0\nModel: Raspberry Pi RP2\nBoard-ID: RP2350\n",
    )
    .unwrap();
    let out = thumbforth(&[
        "flash",
        uf2.to_str().unwrap(),
        "--target",
        "rp2040",
        "--drive",
        drive.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!drive.join("rp2040.uf2").exists());

    std::fs::write(drive.join("INFO_UF2.TXT"), "Board-ID: RPI-RP2\n").unwrap();
    let out = thumbforth(&[
        "flash",
        uf2.to_str().unwrap(),
        "--target",
        "rp2040",
        "--drive",
        drive.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read(drive.join("rp2040.uf2")).unwrap(),
        std::fs::read(uf2).unwrap()
    );
}
