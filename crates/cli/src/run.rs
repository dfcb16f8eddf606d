//! `thumbforth run`: boot an image in the emulator the way the board boots it,
//! with the console on the terminal.
//!
//! A standard image ends in the resident interpreter, so this is the board's
//! console: on a terminal, keys go to the board as typed (Ctrl-C stops the
//! run, Ctrl-D ends the input); piped input or `--input FILE` is fed as a
//! script. The run ends when the program exits, or when it waits for input
//! after all of it was read.
//!
//! Without IMAGE, inside a project, it is the project's runner, as `cargo
//! run` is a crate's: it boots the project's image for its first board (or
//! `--target`'s), building it first when it is missing or out of date.
//!
//! Exit status: the program's own semihosting exit status; 0 when it ran
//! out of input, unless the console reported errors (1); 130 after Ctrl-C;
//! 125 when the program faulted or ran past its instruction budget (the
//! fault report goes to stderr); 1 when the image or target could not be
//! used at all, including an image made for another board than `--target`
//! names (or, without `--target`, for none of the built-in boards): such an
//! image would only fault or spin on the wrong memory map; 1 too when the
//! project's image did not build.

use std::io::{self, IsTerminal, Read};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use emu::{Emulator, Exit, FaultKind};
use image::Format;

use crate::board_state::BoardState;
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
    /// The image: .elf, .bin, .uf2 or .hex. Without one, the project's,
    /// built first when it is missing or older than its sources.
    #[arg(value_name = "IMAGE")]
    image: Option<PathBuf>,

    /// Board: rp2350, rp2040, stm32f407, or a path to a target .toml
    /// [default: the built-in board the image fits: its UF2 family, its
    /// addresses, its vector table and its boot block].
    #[arg(long, value_name = "TARGET")]
    target: Option<String>,

    /// Stop the program when it runs this many instructions without reading
    /// console input: the limit counts again from each byte the program
    /// reads, so a script of any length runs while a line that never ends
    /// is stopped [default: 1000000000, no limit at a terminal].
    #[arg(long, value_name = "N")]
    max_insns: Option<u64>,

    /// Feed this file to the console's receiver (otherwise piped standard
    /// input is fed); at a terminal the keys follow it.
    #[arg(long, value_name = "FILE")]
    input: Option<PathBuf>,

    /// Run the board on its own, with no debugger attached: DHCSR.C_DEBUGEN
    /// reads 0, and a semihosting `bkpt` is the HardFault it is on the chip.
    #[arg(long)]
    bare: bool,
}

pub fn run(args: &Args) -> Result<ExitCode> {
    let (path, target) = match &args.image {
        Some(image) => (image.clone(), args.target.clone()),
        None => match crate::build::project_image(args.target.as_deref())? {
            Some((image, target)) => (image, Some(target)),
            None => return Ok(ExitCode::FAILURE),
        },
    };
    let named = target.as_deref().map(crate::boards::load).transpose()?;
    let path = &path;
    let format = match Format::from_path(path) {
        Some(Format::Map) | None => bail!(
            "{}: cannot run this file; give an .elf, .bin, .uf2 or .hex image",
            path.display()
        ),
        Some(f) => f,
    };
    let bytes = std::fs::read(path).with_context(|| format!("cannot read `{}`", path.display()))?;
    let (target, loaded) = crate::which_board::for_run(path, &bytes, format, named)?;

    let mut emu = Emulator::new(&target)?;
    emu.flash_as_chip()?;
    emu.set_strict(true);
    emu.set_debugger(!args.bare);
    for (addr, data) in &loaded.segments {
        emu.load(*addr, data)
            .with_context(|| format!("{}: segment at {addr:#010x}", path.display()))?;
    }
    emu.set_symbols(meta::resident::emulator_symbols(&loaded.symbols));
    // At a terminal: the flag that pauses the board and the `see` requests
    // the host serves while it is paused.
    let mut served = None;
    // At a terminal an --input file is uploaded first and the keys follow,
    // as a serial terminal's upload leaves the console open.
    if let Some(file) = &args.input {
        emu.set_input(console_input(Some(file))?);
    }
    let _terminal = if io::stdin().is_terminal() {
        let mode = terminal::CharacterMode::enter();
        let keys = terminal::keys();
        emu.set_live_input(keys.keys);
        emu.set_interrupt(keys.interrupt.clone());
        served = Some((keys.interrupt, keys.sees));
        mode
    } else {
        if args.input.is_none() {
            emu.set_input(console_input(None)?);
        }
        None
    };
    let budget = match (args.max_insns, &_terminal) {
        (Some(n), _) => n,
        (None, Some(_)) => u64::MAX,
        (None, None) => DEFAULT_BUDGET,
    };
    emu.set_echo_stdout(true);
    emu.set_budget_per_input(budget);
    let mut exit = emu.boot(budget);
    // A fault in a line typed at the console is reported, naming the word,
    // and the board is rebooted into its console, as a board with a
    // watchdog comes back; a fault before the console read anything, or
    // a line that never ends, ends the run.
    let mut reboots = 0;
    let mut received_at_boot = 0;
    loop {
        if let (Ok(Exit::Interrupted), Some((flag, sees))) = (&exit, &served) {
            let asked: Vec<String> = sees
                .lock()
                .map(|mut s| s.drain(..).collect())
                .unwrap_or_default();
            if asked.is_empty() {
                break; // Ctrl-C
            }
            flag.store(false, std::sync::atomic::Ordering::Relaxed);
            let board = BoardState::new(&emu, &loaded.symbols, target.ram.origin);
            for name in asked {
                print!("{}", board.see(&name));
            }
            exit = emu.resume_console(budget);
            continue;
        }
        let Err(fault) = &mut exit else { break };
        if fault.symbol.is_none() {
            let board = BoardState::new(&emu, &loaded.symbols, target.ram.origin);
            fault.symbol = board.word_at(fault.pc);
        }
        let at_console = emu.input_received() > received_at_boot;
        if !at_console || !rebootable(&fault.kind) {
            break;
        }
        if emu.output().last().is_some_and(|&b| b != b'\n') {
            println!();
        }
        eprintln!("{fault}");
        eprintln!("rebooting the board");
        reboots += 1;
        received_at_boot = emu.input_received();
        exit = emu.reboot(budget);
    }
    drop(_terminal);
    if reboots > 0 && exit.is_ok() {
        eprintln!("the board faulted and was rebooted {reboots} time(s)");
        if let Ok(Exit::InputEnded | Exit::Interrupted) = exit {
            return Ok(ExitCode::from(1));
        }
    }
    match exit {
        Ok(Exit::Semihost { status }) => Ok(ExitCode::from(status.min(255) as u8)),
        Ok(Exit::InputEnded) => {
            let board = BoardState::new(&emu, &loaded.symbols, target.ram.origin);
            if let Some(name) = board.open_definition() {
                eprintln!("input ended inside a definition of {name}");
                return Ok(ExitCode::from(1));
            }
            let errors = board.console_errors();
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

/// Faults a reboot brings the board back from; a line that never ends is
/// stopped for good (`--max-insns`), as is a program that ended itself.
fn rebootable(kind: &FaultKind) -> bool {
    !matches!(
        kind,
        FaultKind::BudgetExhausted(_) | FaultKind::InputBudgetExhausted(_) | FaultKind::Exited(_)
    )
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
