//! `thumbforth asm`: the assembler on its own, for checking encodings against
//! GNU as and for trying out `code ... end-code` bodies before they go in a word.
//!
//! Output contract: one stdout line per source line that produced bytes, in
//! source order, holding those bytes in memory order as lowercase hex without
//! separators. Lines with errors print nothing on stdout; each error goes to
//! stderr as `<file>:<line>:<col>: error: <message>` and the exit status is 1.
//! Keeping stdout this plain lets scripts compare it line by line with GNU as.

use std::fmt::Write as _;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use thumb::text::{assemble, Assembly};
use thumb::Profile;

#[derive(clap::Args)]
pub struct Args {
    /// Architecture profile whose instructions are legal: armv6m (RP2040),
    /// armv7m, armv7em (STM32F4) or armv8m.main (RP2350).
    #[arg(long, value_name = "PROFILE", default_value = "armv8m.main")]
    profile: Profile,

    /// Source file in GNU as UAL syntax; `-` or nothing reads standard input.
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,
}

/// Assembles the whole input before printing anything, because forward
/// references make a line's bytes known only once every label is placed.
/// Source errors are the user's to fix, so they become exit status 1 rather
/// than an `Err`, which is kept for failures of the tool's own I/O.
pub fn run(args: &Args) -> Result<ExitCode> {
    let input = Input::from_arg(args.file.as_deref());
    let src = input.read()?;
    let assembly = assemble(&src, args.profile);
    print_bytes(&assembly)?;
    let name = input.name();
    for diag in &assembly.errors {
        eprintln!(
            "{name}:{}:{}: error: {}",
            diag.line, diag.column, diag.message
        );
    }
    Ok(if assembly.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Where the source comes from; its name prefixes every diagnostic.
enum Input<'a> {
    Stdin,
    File(&'a Path),
}

impl<'a> Input<'a> {
    fn from_arg(file: Option<&'a Path>) -> Self {
        match file {
            Some(path) if path != Path::new("-") => Input::File(path),
            _ => Input::Stdin,
        }
    }

    fn name(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_owned(),
            Input::File(path) => path.display().to_string(),
        }
    }

    fn read(&self) -> Result<String> {
        match self {
            Input::Stdin => {
                let mut src = String::new();
                io::stdin()
                    .read_to_string(&mut src)
                    .context("cannot read standard input")?;
                Ok(src)
            }
            Input::File(path) => std::fs::read_to_string(path)
                .with_context(|| format!("cannot read `{}`", path.display())),
        }
    }
}

/// Prints one hex line per line that produced bytes. A reader that stops
/// early (`| head`) ends the program quietly at the next write (see
/// `end_quietly_on_closed_pipes` in main.rs), as it ends any filter.
fn print_bytes(assembly: &Assembly) -> Result<()> {
    write_hex_lines(assembly, &mut io::BufWriter::new(io::stdout().lock()))
        .context("cannot write to standard output")
}

fn write_hex_lines(assembly: &Assembly, out: &mut impl Write) -> io::Result<()> {
    let mut hex = String::new();
    for line in &assembly.lines {
        hex.clear();
        for byte in &line.bytes {
            // Writing to a String cannot fail.
            let _ = write!(hex, "{byte:02x}");
        }
        writeln!(out, "{hex}")?;
    }
    out.flush()
}
