//! `thumbforth`: the command line of the metacompiler.
//!
//! Each subcommand lives in its own module and exposes an `Args` struct and a
//! `run` function, so this file stays a dispatcher and new subcommands (build,
//! run, test, repl, see, map) slot in without touching the others.

mod asm;
mod boards;
mod flash;
mod run;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// A metacompiler for the zeptoforth dialect of Forth, targeting Cortex-M boards.
#[derive(Parser)]
#[command(name = "thumbforth", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Assemble Thumb/Thumb-2 UAL text (GNU as syntax) and print each line's bytes.
    Asm(asm::Args),
    /// Boot an image in the emulator with the console on this terminal.
    Run(run::Args),
    /// Copy a .uf2 to a board's boot drive, or print probe commands for other formats.
    Flash(flash::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Asm(args) => asm::run(&args),
        Command::Run(args) => run::run(&args),
        Command::Flash(args) => flash::run(&args),
    };
    // Problems the user must fix in their input are reported by the subcommand
    // itself and arrive here as an exit code; anything else (unreadable files,
    // closed pipes) arrives as an error with its context chain.
    outcome.unwrap_or_else(|err| {
        eprintln!("thumbforth: error: {err:#}");
        ExitCode::FAILURE
    })
}
