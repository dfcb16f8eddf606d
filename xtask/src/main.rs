//! `cargo xtask <task>`: project automation that needs more than a one-line
//! cargo command, written in Rust so it runs wherever the workspace builds.

mod golden;

use std::path::PathBuf;

use anyhow::Result;
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "thumbforth project automation")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Regenerate the GNU as golden corpus under crates/thumb/tests/golden.
    ///
    /// Writes the case sources from the generator, assembles each one with
    /// GNU as for every profile and records the bytes every line produced.
    Golden(GoldenArgs),
}

#[derive(clap::Args)]
pub struct GoldenArgs {
    /// Regenerate into a temporary directory and fail if the committed
    /// corpus differs, instead of overwriting it.
    #[arg(long)]
    pub check: bool,

    /// Prefix of the binutils tools (`<prefix>as`, `<prefix>nm`,
    /// `<prefix>objcopy`); may include a directory.
    #[arg(long, default_value = "arm-none-eabi-")]
    pub tool_prefix: String,

    /// Corpus directory; defaults to crates/thumb/tests/golden in this workspace.
    #[arg(long)]
    pub dir: Option<PathBuf>,
}

fn main() -> Result<()> {
    match Cli::parse().task {
        Task::Golden(args) => golden::run(&args),
    }
}
