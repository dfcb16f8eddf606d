//! `thumbforth build`: the standard image plus the given files, written in
//! the format each output's extension names. With no arguments at all it
//! writes build/thumbforth-<target>.{elf,uf2,map}.
//!
//! Exit status: 0 when every output was written, 1 on any error (and then no
//! output is written).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use image::Format;
use image::Image;
use meta::BuildOptions;
use target::Target;

use crate::forth::{standard_with, Common};

#[derive(clap::Args)]
pub struct Args {
    /// Forth source files, loaded in order after the standard image.
    #[arg(value_name = "FILES")]
    files: Vec<PathBuf>,

    /// Output files; the extension picks the format (.elf .bin .uf2 .hex .map).
    #[arg(short, long = "output", value_name = "OUT")]
    output: Vec<PathBuf>,

    /// The word to run at boot after the init chain (default: `main` if defined).
    #[arg(long, value_name = "WORD")]
    main: Option<String>,

    #[command(flatten)]
    common: Common,
}

pub fn run(args: &Args) -> Result<ExitCode> {
    let outputs = if args.output.is_empty() {
        let target = crate::boards::load(&args.common.target)?;
        ["elf", "uf2", "map"]
            .iter()
            .map(|ext| PathBuf::from(format!("build/thumbforth-{}.{ext}", target.name)))
            .collect()
    } else {
        args.output.clone()
    };
    let mut formats = Vec::new();
    for out in &outputs {
        match Format::from_path(out) {
            Some(f) => formats.push(f),
            None => {
                eprintln!(
                    "thumbforth: error: `{}`: unknown output format; use .elf, .bin, .uf2, .hex or .map",
                    out.display()
                );
                return Ok(ExitCode::FAILURE);
            }
        }
    }
    let options = BuildOptions {
        main: args.main.clone(),
        echo: true,
        ..BuildOptions::default()
    };
    let Some(mut build) = standard_with(&args.common, options, &args.files)? else {
        return Ok(ExitCode::FAILURE);
    };
    let sources_for_errors = std::mem::take(&mut build.session.sources);
    let image = match build.finish() {
        Ok(i) => i,
        Err(d) => {
            eprint!("{}", d.render(&sources_for_errors, false));
            return Ok(ExitCode::FAILURE);
        }
    };
    let target = crate::boards::load(&args.common.target)?;
    let mut written = Vec::new();
    for (out, format) in outputs.iter().zip(formats) {
        let bytes = match encode(&image, format, &target) {
            Some(b) => b,
            None => {
                eprintln!(
                    "thumbforth: error: `{}`: target `{}` has no UF2 family; write .elf, .bin or .hex",
                    out.display(),
                    target.name
                );
                return Ok(ExitCode::FAILURE);
            }
        };
        written.push((out, bytes));
    }
    for (out, bytes) in written {
        if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create `{}`", dir.display()))?;
        }
        std::fs::write(out, bytes).with_context(|| format!("cannot write `{}`", out.display()))?;
        eprintln!("wrote {}", out.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// The bytes of `image` in `format`; None for UF2 on a board without a family.
pub fn encode(image: &Image, format: Format, target: &Target) -> Option<Vec<u8>> {
    Some(match format {
        Format::Elf => image::write_elf(image),
        Format::Bin => image::write_bin(image),
        Format::Hex => image::write_hex(image).into_bytes(),
        Format::Map => image::write_map(image).into_bytes(),
        Format::Uf2 => image::write_uf2(image, target.uf2_family?, false),
    })
}
