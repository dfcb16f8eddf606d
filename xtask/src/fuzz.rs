//! `cargo xtask fuzz`: arbitrary Forth source through the metacompiler with
//! cargo-fuzz (libFuzzer), installing cargo-fuzz when it is missing. The
//! machine's one toolchain is stable, so the run uses no sanitizer and lets
//! cargo-fuzz's unstable flags through with RUSTC_BOOTSTRAP; coverage
//! guidance and crash detection (any panic) still apply.

use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::workspace_root;

#[derive(clap::Args)]
pub struct FuzzArgs {
    /// Seconds to fuzz for.
    #[arg(long, default_value_t = 60)]
    pub seconds: u64,

    /// The fuzz target (see fuzz/fuzz_targets).
    #[arg(long, default_value = "forth_source")]
    pub target: String,
}

pub fn run(args: &FuzzArgs) -> Result<()> {
    let has_cargo_fuzz = Command::new("cargo")
        .args(["fuzz", "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_cargo_fuzz {
        println!("== installing cargo-fuzz");
        let ok = Command::new("cargo")
            .args(["install", "cargo-fuzz", "--locked"])
            .status()
            .context("running cargo install")?
            .success();
        if !ok {
            bail!("cargo install cargo-fuzz failed");
        }
    }
    let root = workspace_root();
    let corpus = root.join("fuzz/corpus").join(&args.target);
    std::fs::create_dir_all(&corpus)?;
    // Seed the corpus with the project's own Forth so mutation starts from
    // real programs, and with the committed seeds of the target (include
    // cycles, deep nesting, runaway evaluate: what once broke the tool).
    let seeds = format!("fuzz/seeds/{}", args.target);
    for dir in ["tests/forth", "forth/bench", seeds.as_str()] {
        if !root.join(dir).is_dir() {
            continue;
        }
        for entry in std::fs::read_dir(root.join(dir))? {
            let p = entry?.path();
            if p.extension().is_some_and(|e| e == "fs") {
                let name = format!(
                    "{}-{}",
                    dir.replace('/', "-"),
                    p.file_name().unwrap().to_string_lossy()
                );
                std::fs::copy(&p, corpus.join(name))?;
            }
        }
    }
    let status = Command::new("cargo")
        .current_dir(&root)
        .env("RUSTC_BOOTSTRAP", "1")
        .args([
            "fuzz",
            "run",
            "--sanitizer",
            "none",
            &args.target,
            corpus.to_str().unwrap(),
            "--",
            &format!("-max_total_time={}", args.seconds),
            "-max_len=4096",
        ])
        .status()
        .context("running cargo fuzz")?;
    if !status.success() {
        bail!(
            "the fuzz target found a crash: see fuzz/artifacts/{}",
            args.target
        );
    }
    Ok(())
}
