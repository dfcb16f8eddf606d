//! `thumbforth run`: boot an image in the emulator the way the board boots it,
//! with the console on the terminal.
//!
//! Exit status: the program's own semihosting exit status; 125 when the
//! program faulted or ran past its instruction budget (the fault report goes
//! to stderr); 1 when the image or target could not be used at all.

use std::io::{self, IsTerminal, Read};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use emu::{Emulator, Exit};
use image::Format;

/// Status for a program that faulted rather than exiting: distinct from any
/// small status a test program is likely to choose.
pub const FAULT_STATUS: u8 = 125;

#[derive(clap::Args)]
pub struct Args {
    /// The image: .elf, .bin, .uf2 or .hex.
    #[arg(value_name = "IMAGE")]
    image: PathBuf,

    /// Board: rp2350, rp2040, stm32f407, or a path to a target .toml.
    #[arg(long, value_name = "TARGET", default_value = crate::boards::DEFAULT)]
    target: String,

    /// Stop the program after this many instructions.
    #[arg(long, value_name = "N", default_value_t = 1_000_000_000)]
    max_insns: u64,

    /// Feed this file to the console's receiver (otherwise piped standard input is fed).
    #[arg(long, value_name = "FILE")]
    input: Option<PathBuf>,
}

pub fn run(args: &Args) -> Result<ExitCode> {
    let target = crate::boards::load(&args.target)?;
    let path = &args.image;
    let format = match Format::from_path(path) {
        Some(Format::Map) | None => bail!(
            "{}: cannot run this file; give an .elf, .bin, .uf2 or .hex image",
            path.display()
        ),
        Some(f) => f,
    };
    let bytes = std::fs::read(path).with_context(|| format!("cannot read `{}`", path.display()))?;
    let loaded = image::read(&bytes, format, target.flash.origin)
        .with_context(|| format!("{}: not a usable image", path.display()))?;

    let mut emu = Emulator::new(&target)?;
    for (addr, data) in &loaded.segments {
        emu.load(*addr, data)
            .with_context(|| format!("{}: segment at {addr:#010x}", path.display()))?;
    }
    emu.set_symbols(
        loaded
            .symbols
            .iter()
            .map(|s| emu::Symbol {
                name: s.name.clone(),
                addr: s.addr,
                size: s.size,
            })
            .collect(),
    );
    emu.set_input(console_input(args.input.as_ref())?);
    emu.set_echo_stdout(true);
    match emu.boot(args.max_insns) {
        Ok(Exit::Semihost { status }) => Ok(ExitCode::from(status.min(255) as u8)),
        Err(fault) => {
            eprintln!("{fault}");
            Ok(ExitCode::from(FAULT_STATUS))
        }
    }
}

/// The bytes the program will find in its UART receiver.
fn console_input(file: Option<&PathBuf>) -> Result<Vec<u8>> {
    if let Some(f) = file {
        return std::fs::read(f).with_context(|| format!("cannot read `{}`", f.display()));
    }
    let stdin = io::stdin();
    if stdin.is_terminal() {
        return Ok(Vec::new());
    }
    let mut buf = Vec::new();
    stdin
        .lock()
        .read_to_end(&mut buf)
        .context("reading standard input")?;
    Ok(buf)
}
