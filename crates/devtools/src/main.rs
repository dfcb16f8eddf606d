//! `devtools`: the developer tasks that need the workspace's own crates (and
//! so the emulator and capstone, with their system packages). `cargo xtask`
//! makes sure those packages are present, then runs this binary; it is not
//! meant to be started by hand, though nothing stops you.

mod alloc_peers;
mod bench;
mod bench_alloc;
mod bench_c;
mod bench_forth;
mod c_harness;
mod fuzz_gas;
mod golden;
mod images;
mod trace;

use std::path::{Path, PathBuf};

use anyhow::Result;
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "thumbforth developer tasks")]
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

    /// Build every board's hello image in every format and run each one,
    /// then the standard image and the Forth hello example.
    Demo,

    /// Check the hello images with independent tools: objdump, adafruit-uf2,
    /// QEMU and the crc crate; every format must also run in `thumbforth run`.
    CheckImages,

    /// Benchmarks: compile speed, standard image build time, instructions
    /// executed by the Forth benchmarks on every board, and the allocator's
    /// traces side by side with newlib, newlib-nano and picolibc.
    Bench(bench::BenchArgs),
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

/// The workspace this binary was built from: the tasks read its sources
/// (targets/, forth/, the golden corpus) and write under its build/.
pub fn workspace_root() -> PathBuf {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    crate_dir
        .ancestors()
        .nth(2)
        .unwrap_or(crate_dir)
        .to_path_buf()
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
        Task::Demo => images::demo(),
        Task::CheckImages => images::check_images(),
        Task::Bench(args) => bench::run(&args),
    }
}
