//! What the Forth subcommands share: opening a build for a board and
//! printing diagnostics.

use std::path::PathBuf;

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
