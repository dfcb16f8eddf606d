//! `thumbforth test`: the standard image plus forth/tester.fs, then each
//! file's `T{ ... -> ... }T` cases on the emulated board. Every failure is
//! printed with file:line; the last line is `N passed, N failed`.
//!
//! Exit status: 0 when every case passed, 1 otherwise (or when the image does
//! not build).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use meta::tests_runner::{run_file, Failure, Report};
use meta::BuildOptions;

use crate::forth::{report, standard, Common};

#[derive(clap::Args)]
pub struct Args {
    /// Forth test files.
    #[arg(value_name = "FILES", required = true)]
    files: Vec<PathBuf>,

    #[command(flatten)]
    common: Common,
}

pub fn run(args: &Args) -> Result<ExitCode> {
    let Some(mut build) = standard(&args.common, BuildOptions::default())? else {
        return Ok(ExitCode::FAILURE);
    };
    if let Err(d) = build.load_text("tester.fs", meta::kernel::TESTER) {
        report(&build, &d);
        return Ok(ExitCode::FAILURE);
    }
    let mut total = Report::default();
    for file in &args.files {
        if let Err(d) = run_file(&mut build.session, file, &mut total) {
            eprintln!("{}", d.message);
            total.failures.push(meta::tests_runner::CaseFailure {
                file: file.display().to_string(),
                line: 0,
                failure: Failure::Error(d.message),
                source: String::new(),
            });
        }
    }
    let console = String::from_utf8_lossy(&build.session.console).into_owned();
    let _ = console;
    for f in &total.failures {
        match &f.failure {
            Failure::IncorrectResult => {
                println!("{}:{}: incorrect result: {}", f.file, f.line, f.source)
            }
            Failure::WrongNumberOfResults => {
                println!(
                    "{}:{}: wrong number of results: {}",
                    f.file, f.line, f.source
                )
            }
            Failure::Error(msg) => print!("{msg}"),
        }
    }
    println!("{} passed, {} failed", total.passed, total.failed());
    Ok(if total.failed() == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
