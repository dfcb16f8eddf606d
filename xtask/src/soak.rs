//! `cargo xtask soak`: the allocator's model-checked random traces, longer
//! than CI runs them (crates/meta/tests/alloc_trace.rs), in release mode.

use std::process::Command;

use anyhow::{bail, Context, Result};

#[derive(clap::Args)]
pub struct SoakArgs {
    /// Operations per board.
    #[arg(long, default_value_t = 1_000_000)]
    pub ops: usize,
}

pub fn run(args: &SoakArgs) -> Result<()> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(crate::workspace_root())
        .env("THUMBFORTH_ALLOC_OPS", args.ops.to_string())
        .args([
            "test",
            "--release",
            "-p",
            "meta",
            "--test",
            "alloc_trace",
            "--",
            "--nocapture",
        ])
        .status()
        .context("running cargo test")?;
    if !status.success() {
        bail!("the allocator soak failed");
    }
    Ok(())
}
