//! How an error that a subcommand returns reaches the user.
//!
//! Most errors are the tool's own trouble (a file it cannot read or write)
//! and print as `thumbforth: error: ...` with status 1. Two kinds are
//! mistakes in what the user gave, and print so that they can be told apart:
//! a [`Usage`] mistake in the command line that the argument parser could not
//! see (a board name inside `--target rp2040,stm32`) exits 2, as the parser's
//! own usage errors do, so a script can tell a wrong invocation from failing
//! tests; a [`Located`] mistake in a file prints as `file:line:col: error:
//! message`, the form editors jump to and CI systems annotate.

use std::fmt;
use std::process::ExitCode;

/// Status of a command line that cannot be carried out as written, the
/// status clap gives its own usage errors.
const USAGE_STATUS: u8 = 2;

/// A command line that is well-formed for the parser but asks for something
/// that does not exist.
#[derive(Debug)]
pub struct Usage(pub String);

impl fmt::Display for Usage {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Usage {}

/// A mistake at a place in a file: `place` is `file:line:col` (or just the
/// file when the place is not known).
#[derive(Debug)]
pub struct Located {
    pub place: String,
    pub message: String,
}

impl fmt::Display for Located {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}: error: {}", self.place, self.message)
    }
}

impl std::error::Error for Located {}

/// Prints `err` in the form its kind calls for and gives the exit status.
pub fn report(err: &anyhow::Error) -> ExitCode {
    if let Some(located) = err.downcast_ref::<Located>() {
        eprintln!("{located}");
        return ExitCode::FAILURE;
    }
    eprintln!("thumbforth: error: {err:#}");
    if err.downcast_ref::<Usage>().is_some() {
        ExitCode::from(USAGE_STATUS)
    } else {
        ExitCode::FAILURE
    }
}
