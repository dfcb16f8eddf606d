//! `cargo xtask bench forth`: the instructions the Forth benchmarks
//! (`forth/bench/<name>.fs`, each a word `bench ( -- checksum )`) execute on
//! every board, beside the same algorithm in C compiled by gcc (`bench_c`).
//!
//! The counts are exact (the emulator counts every instruction), so they
//! compare across commits, and the ratio to gcc's says how far the
//! metacompiler's code is from an optimising C compiler's on the same core.
//! Each checksum is computed a third time here in Rust, so a benchmark that
//! stopped doing its work (in either language) fails instead of getting
//! faster.
//!
//! What is counted on the Forth side: `bench` run at build time as any
//! word is, through the kernel's `(host-execute)`, so the count includes
//! that trampoline's `try` around the call (about 50 instructions, as a test
//! shows). On the C side: from the function's first instruction until it
//! returns.

use anyhow::{bail, Context, Result};
use meta::{Build, BuildOptions};
use target::Target;

use crate::bench_c::{self, CBenches};

const BOARDS: &[&str] = target::BUILT_IN_TARGETS;

/// Works out a benchmark's checksum on the host.
type Checksum = fn() -> u32;

/// Each benchmark and its checksum.
const BENCHES: &[(&str, Checksum)] = &[
    ("fib", || 6765),
    ("sieve", || 1899),
    ("bubble", bubble_checksum),
    ("crc32", crc32_checksum),
    ("matrix", matrix_checksum),
    ("hash", hash_checksum),
    ("gcd", gcd_checksum),
    ("search", search_checksum),
];

/// Width of a board's column: `forth / gcc = ratio`.
const CELL: usize = 26;

pub(crate) fn run() -> Result<()> {
    let root = crate::workspace_root();
    let names: Vec<&str> = BENCHES.iter().map(|(name, _)| *name).collect();
    let mut boards = Vec::new();
    for board in BOARDS {
        let target = Target::load(board, &root.join("targets"))?;
        let c = CBenches::build(&target, &names)?;
        boards.push((target, c));
    }
    println!(
        "== Forth benchmarks vs {}: instructions executed by `bench` (thumbforth / gcc = ratio)",
        bench_c::DESCRIPTION
    );
    print!("{:>8}", "");
    for board in BOARDS {
        print!("  {board:>CELL$}");
    }
    println!();
    // ratios[board][bench]
    let mut ratios = vec![Vec::new(); BOARDS.len()];
    for &(name, checksum) in BENCHES {
        let expected = checksum();
        let path = root.join(format!("forth/bench/{name}.fs"));
        let text = std::fs::read_to_string(&path).with_context(|| path.display().to_string())?;
        print!("{name:>8}");
        for (b, (target, c)) in boards.iter().enumerate() {
            let board = &target.name;
            let (got, forth) = run_forth(target, name, &text)?;
            if got != expected {
                bail!("{name} on {board}: checksum {got:#x}, expected {expected:#x}");
            }
            let (got, gcc) = c.run(name)?;
            if got != expected {
                bail!("{name} in C on {board}: checksum {got:#x}, expected {expected:#x}");
            }
            let ratio = forth as f64 / gcc as f64;
            ratios[b].push(ratio);
            print!(
                "  {:>CELL$}",
                format!("{forth:>8} / {gcc:>7} = {ratio:>5.2}")
            );
        }
        println!();
    }
    print!("{:>8}", "geomean");
    for r in &ratios {
        let mean = (r.iter().map(|x| x.ln()).sum::<f64>() / r.len() as f64).exp();
        print!("  {mean:>CELL$.2}");
    }
    println!();
    print!("{:>8}", "max");
    for r in &ratios {
        let (i, max) = r
            .iter()
            .enumerate()
            .fold((0, 0.0), |m, (i, &x)| if x > m.1 { (i, x) } else { m });
        print!("  {:>CELL$}", format!("{} {max:>5.2}", BENCHES[i].0));
    }
    println!();
    Ok(())
}

/// Builds the standard image for `target` with the benchmark's `text`
/// loaded, then runs `bench`: the checksum it left and the instructions it
/// executed.
fn run_forth(target: &Target, name: &str, text: &str) -> Result<(u32, u64)> {
    let mut b = Build::new(target, BuildOptions::default()).map_err(diag)?;
    b.load_text(&format!("{name}.fs"), text).map_err(diag)?;
    let s = &mut b.session;
    let xt = s
        .machine
        .intrinsic_lookup("bench")
        .with_context(|| format!("{name}.fs defines no `bench` word"))?;
    let before = s.machine.executed;
    s.execute(xt, "bench").map_err(diag)?;
    let insns = s.machine.executed - before;
    let got = s.machine.stack.pop().unwrap_or(0);
    Ok((got, insns))
}

/// A build's diagnostic as an error of this tool.
pub(crate) fn diag(d: meta::Diagnostic) -> anyhow::Error {
    anyhow::anyhow!("{}", d.message)
}

/// The LCG both bubble.fs and search.fs draw from.
fn lcg(seed: &mut u32) -> u32 {
    *seed = seed.wrapping_mul(1664525).wrapping_add(1013904223);
    *seed
}

/// The checksum `acc * 31 + x` of bubble.fs, matrix.fs and search.fs.
fn fold31(values: impl IntoIterator<Item = u32>) -> u32 {
    values
        .into_iter()
        .fold(0u32, |acc, x| acc.wrapping_mul(31).wrapping_add(x))
}

fn bubble_checksum() -> u32 {
    let mut seed: u32 = 12345;
    let mut items: Vec<u32> = (0..300).map(|_| lcg(&mut seed) >> 16).collect();
    items.sort_by_key(|&x| x as i32);
    fold31(items)
}

fn crc32_checksum() -> u32 {
    let data: Vec<u8> = (0..1024u32).map(|i| (i * 7 + 3) as u8).collect();
    crc::Crc::<u32>::new(&crc::CRC_32_ISO_HDLC).checksum(&data)
}

fn matrix_checksum() -> u32 {
    const N: i32 = 16;
    let a = |r: i32, c: i32| r + 2 * c + 1;
    let b = |r: i32, c: i32| 3 * r - c;
    let product =
        |r: i32, c: i32| (0..N).fold(0i32, |s, k| s.wrapping_add(a(r, k).wrapping_mul(b(k, c))));
    fold31((0..N * N).map(|i| product(i / N, i % N) as u32))
}

fn hash_checksum() -> u32 {
    (0..4096u32)
        .map(|i| ((i * i + 17 * i) >> 3) as u8)
        .fold(0x811C_9DC5, |h, byte| {
            (h ^ byte as u32).wrapping_mul(16777619)
        })
}

fn gcd_checksum() -> u32 {
    fn gcd(a: u32, b: u32) -> u32 {
        if b == 0 {
            a
        } else {
            gcd(b, a % b)
        }
    }
    (1..=50)
        .flat_map(|i| (1..=50).map(move |j| gcd(i, j)))
        .sum()
}

fn search_checksum() -> u32 {
    let mut seed = 7;
    let hay: Vec<u8> = (0..1024)
        .map(|_| b'a' + (lcg(&mut seed) >> 24) as u8 % 4)
        .collect();
    let first = |needle: &[u8]| {
        hay.windows(needle.len())
            .position(|w| w == needle)
            .map_or(u32::MAX, |p| p as u32)
    };
    fold31(
        (0..hay.len() - 8)
            .step_by(150)
            .map(|i| first(&hay[i..i + 8])),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::c_harness::compiler_present;

    fn targets() -> Vec<Target> {
        let dir = crate::workspace_root().join("targets");
        BOARDS
            .iter()
            .map(|b| Target::load(b, &dir).unwrap())
            .collect()
    }

    #[test]
    fn every_forth_benchmark_leaves_the_host_checksum_on_every_board() {
        let root = crate::workspace_root();
        for target in targets() {
            for &(name, checksum) in BENCHES {
                let text =
                    std::fs::read_to_string(root.join(format!("forth/bench/{name}.fs"))).unwrap();
                let (got, insns) = run_forth(&target, name, &text).unwrap();
                assert_eq!(got, checksum(), "{name} on {}", target.name);
                // Enough work to measure and little enough to run often,
                // with room for the code generator to get better.
                assert!(
                    (10_000..5_000_000).contains(&insns),
                    "{name} on {}: {insns} instructions",
                    target.name
                );
            }
        }
    }

    #[test]
    fn every_c_benchmark_returns_the_host_checksum_on_every_board() {
        if !compiler_present() {
            println!(
                "skipped: `{}` is not on PATH (Debian package gcc-arm-none-eabi)",
                crate::c_harness::COMPILER
            );
            return;
        }
        let names: Vec<&str> = BENCHES.iter().map(|(name, _)| *name).collect();
        for target in targets() {
            let c = CBenches::build(&target, &names).unwrap();
            for &(name, checksum) in BENCHES {
                let (got, insns) = c.run(name).unwrap();
                assert_eq!(got, checksum(), "{name} in C on {}", target.name);
                assert!(insns > 10_000, "{name} in C on {}: {insns}", target.name);
            }
        }
    }

    /// What the Forth side's count adds to the word's own work: the
    /// kernel's `(host-execute)` and its `try`. Small beside any benchmark.
    #[test]
    fn an_empty_bench_costs_only_the_build_time_trampoline() {
        for target in targets() {
            let (got, insns) = run_forth(&target, "empty", ": bench ( -- 0 ) 0 ;").unwrap();
            println!("{}: {insns} instructions", target.name);
            assert_eq!(got, 0);
            assert!(insns < 100, "{}: {insns} instructions", target.name);
        }
    }
}
