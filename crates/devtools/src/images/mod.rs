//! `cargo xtask demo` and `cargo xtask check-images`: the hello image of every
//! board, built in every format, run in our emulator, and checked by tools
//! that share no code with ours.

mod check;

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};
use target::Target;

use crate::workspace_root;

pub use check::check_images;

/// The boards whose hello image the demo and the checks build.
pub const BOARDS: &[&str] = target::BUILT_IN_TARGETS;

/// The files one board's hello image was written to.
pub struct Written {
    pub target: Target,
    pub elf: PathBuf,
    pub bin: PathBuf,
    pub uf2: Option<PathBuf>,
    pub hex: PathBuf,
}

/// Assembles the board's hello program (`meta::kernel::hello`) into an image
/// and writes every format into `out`.
pub fn write_hello(board: &str, out: &Path) -> Result<Written> {
    let root = workspace_root();
    let target = Target::load(board, &root.join("targets"))?;
    let source = meta::kernel::hello(&target);
    let image = image::boot::assemble_image(&target, &source)
        .with_context(|| format!("assembling the hello program for {board}"))?;
    std::fs::create_dir_all(out)?;
    let path = |ext: &str| out.join(format!("hello-{board}.{ext}"));
    let write = |p: &PathBuf, bytes: &[u8]| {
        std::fs::write(p, bytes).with_context(|| format!("writing {}", p.display()))
    };
    let (elf, bin, hex, map) = (path("elf"), path("bin"), path("hex"), path("map"));
    write(&elf, &image::write_elf(&image))?;
    write(&bin, &image::write_bin(&image))?;
    write(&hex, image::write_hex(&image).as_bytes())?;
    write(&map, image::write_map(&image).as_bytes())?;
    let uf2 = match target.uf2_family {
        Some(family) => {
            let p = path("uf2");
            write(&p, &image::write_uf2(&image, family, false))?;
            Some(p)
        }
        None => None,
    };
    Ok(Written {
        target,
        elf,
        bin,
        uf2,
        hex,
    })
}

/// Runs `thumbforth run` on a file and returns its stdout, failing unless it exits 0.
pub fn run_image(file: &Path, board: &str) -> Result<String> {
    run_image_with(file, board, &[])
}

/// [`run_image`] with more arguments for `thumbforth run` (`--input FILE`).
pub fn run_image_with(file: &Path, board: &str, extra: &[&str]) -> Result<String> {
    let out = thumbforth()
        .arg("run")
        .arg(file)
        .args(["--target", board, "--max-insns", "10000000"])
        .args(extra)
        .output()
        .context("running thumbforth")?;
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    if !out.status.success() {
        bail!(
            "{} exited with {}: {}{}",
            file.display(),
            out.status,
            stdout,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(stdout)
}

/// `cargo xtask demo`: build every board's hello image and run each format.
pub fn demo() -> Result<()> {
    let out = workspace_root().join("build/demo");
    for board in BOARDS {
        let w = write_hello(board, &out)?;
        let files = [Some(&w.elf), Some(&w.bin), w.uf2.as_ref(), Some(&w.hex)];
        for file in files.into_iter().flatten() {
            let printed = run_image(file, board)?;
            print!(
                "{:<28} {}",
                file.file_name().unwrap_or_default().to_string_lossy(),
                printed
            );
        }
    }
    // The Forth side: the standard image with no arguments, and the
    // example application for every board, each booted.
    thumbforth_ok(&[
        "build",
        "-o",
        "build/demo/thumbforth-rp2350.elf",
        "-o",
        "build/demo/thumbforth-rp2350.uf2",
    ])?;
    // The board's own console, fed a few lines as a user would type them.
    let script = out.join("console.fs");
    std::fs::write(&script, ": sq dup * ;\n7 sq .\nwords\n")?;
    let script_arg = script.display().to_string();
    let printed = run_image_with(
        &out.join("thumbforth-rp2350.elf"),
        "rp2350",
        &["--input", &script_arg],
    )?;
    let first_lines: Vec<&str> = printed.lines().take(4).collect();
    println!(
        "{:<28} (standard image; its console, fed console.fs)\n  {}\n  ...",
        "thumbforth-rp2350.elf",
        first_lines.join("\n  ")
    );
    for board in BOARDS {
        let elf = format!("build/demo/hello-forth-{board}.elf");
        thumbforth_ok(&[
            "build",
            "--target",
            board,
            "forth/examples/hello.fs",
            "-o",
            &elf,
        ])?;
        let printed = run_image(&workspace_root().join(&elf), board)?;
        for line in printed.lines() {
            println!("{:<28} {line}", format!("hello-forth-{board}.elf"));
        }
    }
    println!("images are in {}", out.display());
    Ok(())
}

/// The `thumbforth` command of this workspace, run from its root through
/// cargo so that it is always the current build of the sources.
fn thumbforth() -> Command {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(workspace_root()).args([
        "run",
        "-q",
        "--release",
        "-p",
        "thumbforth-cli",
        "--",
    ]);
    cmd
}

/// Runs `thumbforth ARGS`, failing unless it exits 0.
pub(crate) fn thumbforth_ok(args: &[&str]) -> Result<()> {
    let out = thumbforth()
        .args(args)
        .output()
        .context("running thumbforth")?;
    if !out.status.success() {
        bail!(
            "thumbforth {} exited with {}: {}",
            args.join(" "),
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(())
}
