//! The C side of `cargo xtask bench forth`: each Forth benchmark written in
//! C (`bench_c/<name>.c`, a function `unsigned bench_<name>(void)` doing
//! what the Forth word `bench` does, set-up included), compiled by
//! `arm-none-eabi-gcc -O2` for the board's core and run on the same
//! emulated board, so the two counts compare one compiler with another.
//!
//! The code is freestanding: no C library and no start-up code
//! (`c_harness` loads the segments and calls by address). The one library
//! function the benchmarks call, `memset` (sieve's `fill`), is `memset.c`,
//! which fills as the kernel's `fill` does, so both sides fill by the same
//! method; libgcc is linked for what the core lacks, such as division on
//! ARMv6-M, where gcc calls `__aeabi_idivmod` and the count includes it.
//! `-fno-tree-loop-distribute-patterns` keeps every loop a loop: gcc would
//! otherwise turn memset's own loops into calls of memset. Floating point
//! is software (`-mfloat-abi=soft`), though nothing here uses it, so the
//! libgcc of the core's no-FPU multilib links.

use anyhow::{ensure, Result};
use target::Target;

use crate::c_harness::{self, Program};

/// The compiler and the optimisation the table's header names.
pub(crate) const DESCRIPTION: &str = "arm-none-eabi-gcc -O2";
const PACKAGES: &str = "package gcc-arm-none-eabi";
/// The C library functions the benchmarks call, each `bench_c/<name>.c`.
const LIBRARY: [&str; 1] = ["memset"];
/// Beyond what `c_harness::compiler` sets for every board.
const CFLAGS: [&str; 4] = [
    "-ffreestanding",
    "-nostdlib",
    "-fno-tree-loop-distribute-patterns",
    "-Wall",
];
/// Far above any benchmark's cost (bubble, the longest, runs about 400k
/// instructions), so only a runaway call reaches it.
const CALL_BUDGET: u64 = 100_000_000;

/// The C benchmarks built for one board.
pub(crate) struct CBenches {
    program: Program,
    target: Target,
    what: String,
}

impl CBenches {
    /// Compiles `names` (each `bench_c/<name>.c`) for `target`'s core and
    /// memory map and links them into one program.
    pub(crate) fn build(target: &Target, names: &[&str]) -> Result<CBenches> {
        let root = crate::workspace_root();
        let src = root.join("crates/devtools/src/bench_c");
        let what = format!("{} C benchmarks", target.name);
        let mut cmd = c_harness::compiler(target, &src.join("bench.ld"));
        cmd.args(CFLAGS).arg("-I").arg(&src);
        for name in names.iter().chain(&LIBRARY) {
            cmd.arg(src.join(format!("{name}.c")));
        }
        // After the objects, so the linker takes from it what they call.
        cmd.arg("-lgcc");
        let build = c_harness::Build {
            who: "the C benchmarks",
            what: &what,
            packages: PACKAGES,
        };
        let dir = c_harness::out_dir(&root, "bench-c");
        let elf = c_harness::link(cmd, &dir, &target.name, &build)?;
        Ok(CBenches {
            program: Program::parse(&elf, &what)?,
            target: target.clone(),
            what,
        })
    }

    /// Runs `bench_<name>` on a fresh board: its result (the checksum) and
    /// the instructions it executed, from its first until it returned.
    pub(crate) fn run(&self, name: &str) -> Result<(u32, u64)> {
        let entry = self.program.symbol(&format!("bench_{name}"), &self.what)?;
        ensure!(entry & 1 == 1, "bench_{name} is not a Thumb function");
        let mut emu = self.program.load(&self.target, &self.what)?;
        c_harness::call(&mut emu, entry, &[], CALL_BUDGET)
    }
}
