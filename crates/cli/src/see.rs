//! `thumbforth see WORD`: the word's machine code, disassembled by capstone,
//! with call and branch targets named by the word they land in. Without
//! FILES, inside a project, the project's words are the ones looked up.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{anyhow, Result};
use capstone::prelude::*;
use meta::{Build, BuildOptions, Diagnostic};

use crate::forth::{report, standard_with, with_project, Common};

#[derive(clap::Args)]
pub struct Args {
    /// The word to show.
    word: String,

    /// Forth files to load first. Without any, the project's sources.
    #[arg(value_name = "FILES")]
    files: Vec<PathBuf>,

    #[command(flatten)]
    common: Common,
}

pub fn run(args: &Args) -> Result<ExitCode> {
    let (common, files) = with_project(&args.common, &args.files)?;
    let Some(build) = standard_with(&common, BuildOptions::default(), &files)? else {
        return Ok(ExitCode::FAILURE);
    };
    match meta::see::listing(&build.session, &args.word, |bytes, addr| {
        disassemble(bytes, addr)
    }) {
        Ok(text) => {
            print!("{text}");
            Ok(ExitCode::SUCCESS)
        }
        Err(d) => {
            report(&build, &with_closest_names(&build, &args.word, d));
            Ok(ExitCode::FAILURE)
        }
    }
}

/// An unknown word's error with the names it may be a slip for, as the
/// interpreter gives them for a word in source: `see gdc` points at `gcd`.
fn with_closest_names(build: &Build, word: &str, d: Diagnostic) -> Diagnostic {
    let m = &build.session.machine;
    if m.dict.find(word, m.order()).is_some() {
        return d;
    }
    let similar = m.dict.similar(word, m.order());
    if similar.is_empty() {
        return d;
    }
    let names: Vec<String> = similar.iter().map(|s| format!("`{s}`")).collect();
    d.note(format!("closest names: {}", names.join(", ")))
}

/// (address, size, mnemonic, operands) per instruction.
pub fn disassemble(bytes: &[u8], addr: u32) -> Vec<(u32, usize, String, String)> {
    let cs = Capstone::new()
        .arm()
        .mode(arch::arm::ArchMode::Thumb)
        .extra_mode([arch::arm::ArchExtraMode::MClass].into_iter())
        .build()
        .map_err(|e| anyhow!("capstone: {e}"));
    let Ok(cs) = cs else {
        return Vec::new();
    };
    let Ok(insns) = cs.disasm_all(bytes, addr as u64) else {
        return Vec::new();
    };
    insns
        .iter()
        .map(|i| {
            (
                i.address() as u32,
                i.bytes().len(),
                i.mnemonic().unwrap_or("").to_owned(),
                i.op_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}
