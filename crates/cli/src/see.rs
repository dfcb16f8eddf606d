//! `thumbforth see WORD`: the word's machine code, disassembled by capstone,
//! with call and branch targets named by the word they land in. Without
//! FILES, inside a project, the project's words are the ones looked up.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{anyhow, Result};
use capstone::prelude::*;
use meta::BuildOptions;

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
            report(&build, &d);
            Ok(ExitCode::FAILURE)
        }
    }
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
