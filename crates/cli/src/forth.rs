//! What the Forth subcommands share: opening a build for a board, what a
//! project adds to it, and printing diagnostics.

use std::path::{Path, PathBuf};

use anyhow::Result;
use meta::{Build, BuildOptions, Diagnostic};

/// Options every Forth subcommand takes.
#[derive(clap::Args, Clone)]
pub struct Common {
    /// Board: rp2350, rp2040, stm32f407, or a path to a target .toml.
    #[arg(long, value_name = "TARGET", default_value = crate::boards::DEFAULT)]
    pub target: String,

    /// Another directory where `include` and `require` look for files.
    #[arg(short = 'I', long = "include", value_name = "DIR")]
    pub include: Vec<PathBuf>,
}

/// The options and files a command loads: FILES as given; without any,
/// inside a project, its sources, with its include directories before the
/// `-I` ones, on the board `--target` names or else the project's first.
/// `see` and `repl` then know the words the project's image has, compiled
/// as `build` compiles them, as `cargo run` and `cargo test` know the crate
/// they are run in.
pub fn with_project(common: &Common, files: &[PathBuf]) -> Result<(Common, Vec<PathBuf>)> {
    if !files.is_empty() {
        return Ok((common.clone(), files.to_vec()));
    }
    let Some(project) = crate::project::find(Path::new("."))? else {
        return Ok((common.clone(), Vec::new()));
    };
    let mut chosen = common.clone();
    if !target_on_command_line() {
        if let Some(first) = project.targets.first() {
            chosen.target = first.clone();
        }
    }
    chosen.include = project.include.clone();
    chosen.include.extend(common.include.iter().cloned());
    Ok((chosen, project.sources))
}

/// Whether `--target` was given: it has a default, so its value alone cannot
/// tell a user's `--target rp2350` from no choice at all, and only a choice
/// should replace the project's boards.
pub fn target_on_command_line() -> bool {
    std::env::args()
        .skip(1)
        .take_while(|a| a != "--")
        .any(|a| a == "--target" || a.starts_with("--target="))
}

/// The standard image for the board, or the diagnostic printed and None.
pub fn standard(common: &Common, options: BuildOptions) -> Result<Option<Build>> {
    let target = crate::boards::load(&common.target)?;
    let options = BuildOptions {
        include_paths: common.include.clone(),
        ..options
    };
    match Build::new(&target, options) {
        Ok(b) => Ok(Some(b)),
        Err(d) => {
            eprintln!("{}", d.message);
            Ok(None)
        }
    }
}

/// The standard image with `files` loaded in order, or the error printed
/// and None.
pub fn standard_with(
    common: &Common,
    options: BuildOptions,
    files: &[PathBuf],
) -> Result<Option<Build>> {
    let Some(mut build) = standard(common, options)? else {
        return Ok(None);
    };
    for file in files {
        if let Err(d) = build.load_file(file) {
            report(&build, &d);
            return Ok(None);
        }
    }
    Ok(Some(build))
}

/// Prints a diagnostic on stderr with its source line.
pub fn report(build: &Build, d: &Diagnostic) {
    let color = crate::colour::stderr();
    eprint!("{}", d.render(&build.session.sources, color));
}
