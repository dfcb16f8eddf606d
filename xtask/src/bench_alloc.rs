//! `cargo xtask bench alloc`: fixed allocation traces replayed through the
//! allocator in the emulator. For each trace and operation it reports the
//! median, p99 and maximum of executed instructions (including the call from
//! Forth), and the peak heap footprint relative to the peak of live bytes.

use anyhow::{bail, Result};
use meta::{Build, BuildOptions};

const HEAP_SIZE: u32 = 64 * 1024;
const HIGH_BLOCK_SIZE: u32 = 240;

/// One step of a trace; ids name blocks.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Op {
    Alloc { id: usize, size: u32 },
    Free { id: usize },
    Resize { id: usize, size: u32 },
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 16) as u32
    }
    fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.next() % (hi - lo + 1)
    }
    fn log_uniform(&mut self, hi: u32) -> u32 {
        let bits = self.range(0, 31 - hi.leading_zeros());
        self.range(1 << bits, ((2u64 << bits) - 1).min(hi as u64) as u32)
    }
}

/// Random allocate/free/resize keeping about `live` blocks.
fn random_trace(
    seed: u64,
    ops: usize,
    live: usize,
    mut size: impl FnMut(&mut Rng) -> u32,
) -> Vec<Op> {
    let mut rng = Rng(seed);
    let (mut out, mut ids, mut next) = (Vec::new(), Vec::new(), 0);
    while out.len() < ops {
        let r = rng.range(0, 99);
        if ids.len() < live / 2 || (ids.len() < live * 2 && r < 45) {
            out.push(Op::Alloc {
                id: next,
                size: size(&mut rng),
            });
            ids.push(next);
            next += 1;
        } else if r < 90 {
            let i = rng.next() as usize % ids.len();
            out.push(Op::Free {
                id: ids.swap_remove(i),
            });
        } else {
            let i = rng.next() as usize % ids.len();
            out.push(Op::Resize {
                id: ids[i],
                size: size(&mut rng),
            });
        }
    }
    out.extend(ids.into_iter().map(|id| Op::Free { id }));
    out
}

fn fifo(n: usize) -> Vec<Op> {
    let mut rng = Rng(7);
    let mut out: Vec<Op> = (0..n)
        .map(|id| Op::Alloc {
            id,
            size: rng.range(1, 128),
        })
        .collect();
    out.extend((0..n).map(|id| Op::Free { id }));
    out
}

fn lifo(n: usize) -> Vec<Op> {
    let mut rng = Rng(11);
    let mut out: Vec<Op> = (0..n)
        .map(|id| Op::Alloc {
            id,
            size: rng.range(1, 128),
        })
        .collect();
    out.extend((0..n).rev().map(|id| Op::Free { id }));
    out
}

/// Small blocks with every other one freed, then requests the holes cannot
/// serve, repeated: the pattern that makes address-ordered free lists long.
fn adversarial(rounds: usize) -> Vec<Op> {
    let (mut out, mut next) = (Vec::new(), 0);
    let mut keep = Vec::new();
    for round in 0..rounds {
        let first = next;
        for _ in 0..64 {
            out.push(Op::Alloc { id: next, size: 24 });
            next += 1;
        }
        for id in (first..next).step_by(2) {
            out.push(Op::Free { id });
        }
        keep.extend((first + 1..next).step_by(2));
        out.push(Op::Alloc {
            id: next,
            size: 200 + 8 * (round as u32 % 16),
        });
        keep.push(next);
        next += 1;
        if keep.len() > 600 {
            for id in keep.drain(..300) {
                out.push(Op::Free { id });
            }
        }
    }
    out.extend(keep.into_iter().map(|id| Op::Free { id }));
    out
}

/// What replaying one trace measured: instructions per call, by operation.
pub(crate) struct Counts {
    pub alloc: Vec<u64>,
    pub free: Vec<u64>,
    pub resize: Vec<u64>,
    /// Allocations (and resizes) that returned failure.
    pub failures: usize,
    /// Heap span (highest end - lowest start of any block) / peak live bytes.
    pub footprint: f64,
}

fn replay(board: &str, ops: &[Op]) -> Result<Counts> {
    let root = crate::images::workspace_root();
    let t = target::Target::load(board, &root.join("targets"))?;
    let mut b = Build::new(&t, BuildOptions::default()).map_err(|d| anyhow::anyhow!(d.message))?;
    b.load_text(
        "bench-alloc.fs",
        &format!(
            ": op-alloc ( u -- addr f ) allocate ;\n: op-free ( addr -- f ) free ;\n\
             : op-resize ( addr u -- addr' f ) resize ;\n: op-none2 ( x -- x f ) 0 ;\n\
             : op-none1 ( x -- f ) ;\n: op-none3 ( x y -- x f ) drop 0 ;\n\
             get-order allocate-wordlist swap 1+ set-order\n\
             {HEAP_SIZE} {HIGH_BLOCK_SIZE} init-shared-heap\nprevious\n"
        ),
    )
    .map_err(|d| anyhow::anyhow!(d.message))?;
    let s = &mut b.session;
    let run = |s: &mut meta::Session, word: &str, args: &[u32]| -> Result<(Vec<u32>, u64)> {
        let xt = s.intrinsic_lookup(word).expect("defined above");
        s.stack = args.to_vec();
        let before = s.executed;
        s.execute(xt, word)
            .map_err(|d| anyhow::anyhow!(d.message))?;
        Ok((std::mem::take(&mut s.stack), s.executed - before))
    };
    // The cost of calling a word that does nothing, with the same stack.
    let base1 = run(s, "op-none1", &[0])?.1;
    let base2 = run(s, "op-none2", &[0])?.1;
    let base3 = run(s, "op-none3", &[0, 0])?.1;
    let mut addrs = std::collections::HashMap::new();
    let mut sizes = std::collections::HashMap::new();
    let mut c = Counts {
        alloc: vec![],
        free: vec![],
        resize: vec![],
        failures: 0,
        footprint: 0.0,
    };
    let (mut live, mut peak_live, mut lowest, mut highest) = (0u64, 0u64, u32::MAX, 0u32);
    for op in ops {
        match *op {
            Op::Alloc { id, size } => {
                let (r, n) = run(s, "op-alloc", &[size])?;
                c.alloc.push(n.saturating_sub(base2));
                if r[1] == 0 {
                    c.failures += 1;
                    continue;
                }
                addrs.insert(id, r[0]);
                sizes.insert(id, size);
                live += size as u64;
                lowest = lowest.min(r[0]);
                highest = highest.max(r[0] + size);
            }
            Op::Free { id } => {
                let Some(addr) = addrs.remove(&id) else {
                    continue;
                };
                let (_, n) = run(s, "op-free", &[addr])?;
                c.free.push(n.saturating_sub(base1));
                live -= sizes.remove(&id).unwrap_or(0) as u64;
            }
            Op::Resize { id, size } => {
                let Some(&addr) = addrs.get(&id) else {
                    continue;
                };
                let (r, n) = run(s, "op-resize", &[addr, size])?;
                c.resize.push(n.saturating_sub(base3));
                if r[1] != 0 {
                    addrs.insert(id, r[0]);
                    live = live - sizes[&id] as u64 + size as u64;
                    sizes.insert(id, size);
                    highest = highest.max(r[0] + size);
                }
            }
        }
        peak_live = peak_live.max(live);
    }
    if peak_live > 0 && highest > lowest {
        c.footprint = (highest - lowest) as f64 / peak_live as f64;
    }
    Ok(c)
}

fn stats(v: &mut [u64]) -> String {
    if v.is_empty() {
        return format!("{:>17}", "-");
    }
    v.sort_unstable();
    let p = |q: f64| v[((v.len() - 1) as f64 * q).round() as usize];
    format!("{:>5} {:>5} {:>5}", p(0.5), p(0.99), v[v.len() - 1])
}

pub fn run(boards: &[&str]) -> Result<()> {
    let traces: Vec<(&str, Vec<Op>)> = vec![
        ("small", random_trace(1, 20_000, 200, |r| r.range(1, 64))),
        (
            "mixed",
            random_trace(2, 20_000, 60, |r| r.log_uniform(4096)),
        ),
        ("fifo", fifo(400)),
        ("lifo", lifo(400)),
        ("adversarial", adversarial(200)),
    ];
    println!("instructions per call (median p99 max), footprint = heap span / peak live bytes");
    for board in boards {
        println!("== {board}");
        println!(
            "{:<12} {:>17} {:>17} {:>17} {:>9} {:>8}",
            "trace", "allocate", "free", "resize", "footprint", "failed"
        );
        for (name, ops) in &traces {
            let mut c = replay(board, ops)?;
            println!(
                "{name:<12} {} {} {} {:>9.2} {:>8}",
                stats(&mut c.alloc),
                stats(&mut c.free),
                stats(&mut c.resize),
                c.footprint,
                c.failures
            );
        }
    }
    if boards.is_empty() {
        bail!("no boards");
    }
    Ok(())
}
