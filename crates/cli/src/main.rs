//! `thumbforth`: the command line of the metacompiler.
//!
//! Each subcommand lives in its own module and exposes an `Args` struct and a
//! `run` function, so this file stays a dispatcher and new subcommands (build,
//! run, test, repl, see, map) slot in without touching the others.

mod asm;

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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Asm(args) => asm::run(&args),
    };
    // Problems the user must fix in their input are reported by the subcommand
    // itself and arrive here as an exit code; anything else (unreadable files,
    // closed pipes) arrives as an error with its context chain.
    outcome.unwrap_or_else(|err| {
        eprintln!("thumbforth: error: {err:#}");
        ExitCode::FAILURE
    })
}
