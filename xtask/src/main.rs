//! `cargo xtask <task>`: project automation that needs more than a one-line
//! cargo command, written in Rust so it runs wherever the workspace builds.

mod alloc_peers;
mod bench;
mod bench_alloc;
mod fuzz;
mod fuzz_gas;
mod golden;
mod images;
mod setup;
mod soak;

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

    /// Differential random test against GNU as.
    ///
    /// Generates random single instructions and IT blocks from a seed,
    /// assembles each alone with GNU as and with the thumb assembler for
    /// every profile, and prints each unit where the two disagree. Exits
    /// with status 1 if any unit disagreed.
    FuzzGas(FuzzGasArgs),

    /// Run the whole test suite, installing the system packages the build
    /// needs on a fresh Debian machine first; closes with `N passed, N failed`.
    Test,

    /// Build every board's hello image in every format and run each one.
    Demo,

    /// Fuzz the metacompiler with arbitrary Forth source (cargo-fuzz);
    /// fails if any input makes it panic.
    Fuzz(fuzz::FuzzArgs),

    /// The allocator's random traces against its model, at length
    /// (`--ops` per board, release build).
    Soak(soak::SoakArgs),

    /// Benchmarks: compile speed, standard image build time, instructions
    /// executed by the Forth benchmarks on every board, and the allocator's
    /// traces side by side with newlib, newlib-nano and picolibc.
    Bench(bench::BenchArgs),

    /// Check the hello images with independent tools: objdump, adafruit-uf2,
    /// QEMU and the crc crate; every format must also run in `thumbforth run`.
    CheckImages,
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

#[derive(clap::Args)]
pub struct FuzzGasArgs {
    /// Seed of the unit generator; taken from the clock (and printed) when
    /// not given, so every run can be replayed.
    #[arg(long)]
    pub seed: Option<u64>,

    /// How many units to generate; each is checked for every profile.
    #[arg(long, default_value_t = 500)]
    pub units: usize,

    /// `armv6m`, `armv7m`, `armv7em`, `armv8m.main` or `all`.
    #[arg(long, default_value = "all")]
    pub profile: String,

    /// Prefix of the binutils tools (`<prefix>as`, `<prefix>objcopy`); may
    /// include a directory.
    #[arg(long, default_value = "arm-none-eabi-")]
    pub tool_prefix: String,
}

fn main() -> Result<()> {
    match Cli::parse().task {
        Task::Golden(args) => golden::run(&args),
        Task::FuzzGas(args) => {
            if !fuzz_gas::run(&args)? {
                // The summary is the last line; no error message after it.
                std::process::exit(1);
            }
            Ok(())
        }
        Task::Test => {
            if !setup::test()? {
                std::process::exit(1);
            }
            Ok(())
        }
        Task::Demo => images::demo(),
        Task::CheckImages => images::check_images(),
        Task::Bench(args) => bench::run(&args),
        Task::Fuzz(args) => fuzz::run(&args),
        Task::Soak(args) => soak::run(&args),
    }
}
