//! `thumbforth repl`: a tethered terminal. Lines come from stdin; the host
//! compiles them and the emulated board runs them; what the board prints
//! appears, then ` ok`. An error prints its message and the session goes on.
//! Without FILES, inside a project, the project's sources load first, so its
//! words are there to try.
//!
//! Exit status: 0 at the end of input, `bye`'s status when the program ends
//! itself, 1 when the standard image, a FILE or a project source does not
//! build, and 1 at the end of input when a line had an error or the input
//! ended inside a definition, as `run` says of the board's console: a
//! script piped in that did not all compile must not pass.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use meta::BuildOptions;

use crate::forth::{standard_with, with_project, Common};
use crate::line_source::LineSource;

#[derive(clap::Args)]
pub struct Args {
    /// Forth files to load before the first line. Without any, the
    /// project's sources.
    #[arg(value_name = "FILES")]
    files: Vec<PathBuf>,

    #[command(flatten)]
    common: Common,
}

pub fn run(args: &Args) -> Result<ExitCode> {
    let options = BuildOptions {
        echo: true,
        ..BuildOptions::default()
    };
    let (common, files) = with_project(&args.common, &args.files)?;
    let Some(mut build) = standard_with(&common, options, &files)? else {
        return Ok(ExitCode::FAILURE);
    };
    let mut lines = LineSource::new()?;
    let id = build
        .session
        .sources
        .add("<stdin>".into(), None, String::new());
    let mut line_no = 0;
    let mut errors = 0;
    while let Some(line) = lines.next_line()? {
        line_no += 1;
        let s = &mut build.session;
        match s.interpret_line(id, line_no, line.clone()) {
            Ok(()) => {
                let mut out = io::stdout().lock();
                if s.machine.compiling() {
                    writeln!(out, " compiled")?;
                } else {
                    writeln!(out, " ok")?;
                }
                out.flush()?;
            }
            Err(d) => {
                if let Some(status) = d.exit_status {
                    return Ok(ExitCode::from(status.min(255) as u8));
                }
                s.recover();
                errors += 1;
                let mut out = io::stdout().lock();
                writeln!(out)?;
                out.flush()?;
                // An error in an included file is shown where it is, as
                // `build` shows it.
                if d.span.is_some_and(|span| span.file != id) {
                    crate::forth::report(&build, &d);
                    continue;
                }
                // The diagnostic points into stdin, whose text the sources
                // do not keep: show the line itself.
                eprintln!("<stdin>:{line_no}: error: {}", d.message);
                eprintln!("  {line}");
                if let Some(span) = d.span {
                    eprintln!("  {}^", " ".repeat(span.col.saturating_sub(1) as usize));
                }
                for n in &d.notes {
                    eprintln!("  = {n}");
                }
            }
        }
    }
    if let Some(def) = &build.session.def {
        let name = if def.word.is_some() || def.publish {
            format!("`{}`", def.name)
        } else {
            ":noname".to_owned()
        };
        eprintln!("input ended inside a definition of {name}");
        return Ok(ExitCode::FAILURE);
    }
    if errors > 0 {
        eprintln!("the repl reported {errors} error(s)");
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}
