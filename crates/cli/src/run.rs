//! `thumbforth run`: boot an image in the emulator the way the board boots it,
//! with the console on the terminal.
//!
//! A standard image ends in the resident interpreter, so this is the board's
//! console: on a terminal, keys go to the board as typed (Ctrl-C stops the
//! run, Ctrl-D ends the input); piped input or `--input FILE` is fed as a
//! script. The run ends when the program exits, or when it waits for input
//! after all of it was read.
//!
//! Exit status: the program's own semihosting exit status; 0 when it ran
//! out of input, unless the console reported errors (1); 130 after Ctrl-C;
//! 125 when the program faulted or ran past its instruction budget (the
//! fault report goes to stderr); 1 when the image or target could not be
//! used at all.

use std::io::{self, IsTerminal, Read};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use emu::{Emulator, Exit};
use image::Format;

use crate::terminal;

/// Status for a program that faulted rather than exiting: distinct from any
/// small status a test program is likely to choose.
pub const FAULT_STATUS: u8 = 125;
/// Status after Ctrl-C, as a shell reports a program killed by SIGINT.
const INTERRUPTED_STATUS: u8 = 130;
/// The instruction budget of a run fed from a file or a pipe.
const DEFAULT_BUDGET: u64 = 1_000_000_000;

#[derive(clap::Args)]
pub struct Args {
    /// The image: .elf, .bin, .uf2 or .hex.
    #[arg(value_name = "IMAGE")]
    image: PathBuf,

    /// Board: rp2350, rp2040, stm32f407, or a path to a target .toml
    /// [default: the built-in board the image's addresses and boot block
    /// fit, else rp2350].
    #[arg(long, value_name = "TARGET")]
    target: Option<String>,

    /// Stop the program after this many instructions [default: 1000000000,
    /// no limit at a terminal].
    #[arg(long, value_name = "N")]
    max_insns: Option<u64>,

    /// Feed this file to the console's receiver (otherwise piped standard input is fed).
    #[arg(long, value_name = "FILE")]
    input: Option<PathBuf>,
}

pub fn run(args: &Args) -> Result<ExitCode> {
    let named = args
        .target
        .as_deref()
        .map(crate::boards::load)
        .transpose()?;
    let path = &args.image;
    let format = match Format::from_path(path) {
        Some(Format::Map) | None => bail!(
            "{}: cannot run this file; give an .elf, .bin, .uf2 or .hex image",
            path.display()
        ),
        Some(f) => f,
    };
    let bytes = std::fs::read(path).with_context(|| format!("cannot read `{}`", path.display()))?;
    let target = match named {
        Some(t) => t,
        None => board_of(&bytes, format)?,
    };
    let loaded = image::read(&bytes, format, target.flash.origin)
        .with_context(|| format!("{}: not a usable image", path.display()))?;

    let mut emu = Emulator::new(&target)?;
    emu.flash_as_chip()?;
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
    let _terminal = if args.input.is_none() && io::stdin().is_terminal() {
        let mode = terminal::CharacterMode::enter();
        let (keys, interrupt) = terminal::keys();
        emu.set_live_input(keys);
        emu.set_interrupt(interrupt);
        mode
    } else {
        emu.set_input(console_input(args.input.as_ref())?);
        None
    };
    let budget = match (args.max_insns, &_terminal) {
        (Some(n), _) => n,
        (None, Some(_)) => u64::MAX,
        (None, None) => DEFAULT_BUDGET,
    };
    emu.set_echo_stdout(true);
    let exit = emu.boot(budget);
    drop(_terminal);
    match exit {
        Ok(Exit::Semihost { status }) => Ok(ExitCode::from(status.min(255) as u8)),
        Ok(Exit::InputEnded) => {
            let errors = console_errors(&emu, &loaded.symbols);
            if errors > 0 {
                eprintln!("the console reported {errors} error(s)");
                return Ok(ExitCode::from(1));
            }
            Ok(ExitCode::SUCCESS)
        }
        Ok(Exit::Interrupted) => Ok(ExitCode::from(INTERRUPTED_STATUS)),
        Err(fault) => {
            eprintln!("{fault}");
            Ok(ExitCode::from(FAULT_STATUS))
        }
    }
}

/// The built-in board an image was built for, when `--target` does not
/// say: the one whose flash holds every segment, the RP2350 over the RP2040
/// when the image carries an IMAGE_DEF block in its first 4 KiB (the
/// RP2350 boot ROM looks there), and the default board when nothing tells.
fn board_of(bytes: &[u8], format: Format) -> Result<target::Target> {
    let mut fitting = Vec::new();
    for name in crate::boards::names() {
        let t = crate::boards::load(name)?;
        let Ok(loaded) = image::read(bytes, format, t.flash.origin) else {
            continue;
        };
        let inside = |(addr, data): &(u32, Vec<u8>)| {
            *addr >= t.flash.origin
                && (*addr as u64 + data.len() as u64) <= t.flash.origin as u64 + t.flash.size as u64
        };
        if !loaded.segments.is_empty() && loaded.segments.iter().all(inside) {
            let marker = image::boot::rp2350_image_def();
            let has_image_def = loaded.segments.iter().any(|(addr, data)| {
                *addr == t.flash.origin
                    && data[..data.len().min(4096)]
                        .windows(4)
                        .any(|w| w == &marker[..4])
            });
            fitting.push((t, has_image_def));
        }
    }
    let pick = match fitting.as_slice() {
        [] => crate::boards::DEFAULT,
        [(only, _)] => return Ok(only.clone()),
        several => match several
            .iter()
            .find(|(t, _)| t.name == crate::boards::DEFAULT)
        {
            Some((_, true)) | None => crate::boards::DEFAULT,
            Some((_, false)) => several
                .iter()
                .find(|(t, _)| t.name != crate::boards::DEFAULT)
                .map(|(t, _)| t.name.as_str())
                .unwrap_or(crate::boards::DEFAULT),
        },
    };
    crate::boards::load(pick)
}

/// The errors the resident interpreter reported: the count in the RAM cell
/// of the kernel's `console-errors` (a constant holding that cell's address;
/// 0 for an image without it).
fn console_errors(emu: &Emulator, symbols: &[image::Symbol]) -> u32 {
    let Some(word) = symbols.iter().find(|s| s.name == "console-errors") else {
        return 0;
    };
    let read = |addr: u32| {
        emu.read_mem(addr, 4)
            .ok()
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    read(word.addr + meta::layout::CONSTANT_VALUE_OFFSET)
        .and_then(read)
        .unwrap_or(0)
}

/// The bytes the program will find in its UART receiver.
fn console_input(file: Option<&PathBuf>) -> Result<Vec<u8>> {
    if let Some(f) = file {
        return std::fs::read(f).with_context(|| format!("cannot read `{}`", f.display()));
    }
    let stdin = io::stdin();
    let mut buf = Vec::new();
    stdin
        .lock()
        .read_to_end(&mut buf)
        .context("reading standard input")?;
    Ok(buf)
}
