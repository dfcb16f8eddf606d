//! `thumbforth`: the command line of the metacompiler.
//!
//! Each subcommand lives in its own module and exposes an `Args` struct and a
//! `run` function, so this file stays a dispatcher and new subcommands (build,
//! run, test, repl, see, map) slot in without touching the others.

mod asm;
mod board_state;
mod boards;
mod build;
mod colour;
mod failure;
mod flash;
mod forth;
mod key_filter;
mod line_source;
mod new;
mod outputs;
mod project;
mod repl;
mod run;
mod see;
mod shell;
mod size_line;
mod terminal;
mod test;
mod test_report;
mod upload;
mod which_board;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// A metacompiler for the zeptoforth dialect of Forth, targeting Cortex-M boards.
#[derive(Parser)]
#[command(name = "thumbforth", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,

    /// Colour diagnostics and reports: auto colours a terminal unless
    /// NO_COLOR is set or TERM is dumb.
    #[arg(long, global = true, value_enum, default_value_t = colour::When::Auto, value_name = "WHEN")]
    color: colour::When,
}

#[derive(Subcommand)]
enum Command {
    /// Assemble Thumb/Thumb-2 UAL text (GNU as syntax) and print each line's bytes.
    Asm(asm::Args),
    /// Boot an image in the emulator with the console on this terminal.
    Run(run::Args),
    /// Compile Forth sources into a bootable image (.elf .bin .uf2 .hex .map by extension).
    Build(build::Args),
    /// A tethered Forth terminal: the host compiles, the emulated board executes.
    Repl(repl::Args),
    /// Show a word's machine code, disassembled, with calls named.
    See(see::Args),
    /// Run the `T{ ... -> ... }T` cases of Forth test files on the emulated board.
    Test(test::Args),
    /// Copy a .uf2 to a board's boot drive, or print probe commands for other formats.
    Flash(flash::Args),
    /// Start a project: thumbforth.toml, an app, its tests and a CI workflow.
    New(new::Args),
    /// Print a shell's completion script for thumbforth.
    Completions(shell::CompletionsArgs),
    /// Print thumbforth's manual page (roff, for man).
    Man(shell::ManArgs),
}

fn main() -> ExitCode {
    end_quietly_on_closed_pipes();
    let cli = Cli::parse();
    colour::choose(cli.color);
    let outcome = match cli.command {
        Command::Asm(args) => asm::run(&args),
        Command::Run(args) => run::run(&args),
        Command::Flash(args) => flash::run(&args),
        Command::Build(args) => build::run(&args),
        Command::Repl(args) => repl::run(&args),
        Command::See(args) => see::run(&args),
        Command::Test(args) => test::run(&args),
        Command::New(args) => new::run(&args),
        Command::Completions(args) => shell::completions(&args),
        Command::Man(args) => shell::man(&args),
    };
    // Problems in Forth or assembler source are reported by the subcommand
    // itself and arrive here as an exit code; anything else (a bad board
    // name, a project file mistake, an unreadable file) arrives as an error,
    // printed in the form its kind calls for.
    outcome.unwrap_or_else(|err| failure::report(&err))
}

/// Lets a closed pipe end the program the way it ends other command-line
/// tools. The Rust runtime ignores SIGPIPE, so a write to a pipe whose
/// reader has gone fails with an error instead, which `println!` and
/// `eprintln!` turn into a panic: `thumbforth asm x.s 2>&1 | head -1` would
/// end with status 101 and a panic message nobody reads. With the signal's
/// default action the program ends at that write, silently, with the status
/// the shell reports for any tool cut short by `head` (141).
fn end_quietly_on_closed_pipes() {
    // SAFETY: sets one signal's disposition to its default, before any other
    // thread exists; nothing in this program relies on it being ignored.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
