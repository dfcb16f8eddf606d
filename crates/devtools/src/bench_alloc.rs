//! `cargo xtask bench alloc`: fixed allocation traces replayed through the
//! allocator in the emulator. For each trace and operation it reports the
//! median, p99 and maximum of executed instructions (including the call from
//! Forth), and the peak heap footprint relative to the peak of live bytes.

use anyhow::{bail, Result};
use meta::{Build, BuildOptions};
use rng::Rng;

use crate::trace::{Counts, Op};

const HEAP_SIZE: u32 = 96 * 1024;
const HIGH_BLOCK_SIZE: u32 = 240;

/// A size from 1 to `hi`, log-uniform: as many small blocks as large ones.
fn log_uniform(rng: &mut Rng, hi: u32) -> u32 {
    let bits = rng.range(0, 31 - hi.leading_zeros());
    rng.range(1 << bits, ((2u64 << bits) - 1).min(hi as u64) as u32)
}

/// Random allocate/free/resize keeping about `live` blocks.
fn random_trace(
    seed: u64,
    ops: usize,
    live: usize,
    mut size: impl FnMut(&mut Rng) -> u32,
) -> Vec<Op> {
    let mut rng = Rng::new(seed);
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
            let i = rng.next_u32() as usize % ids.len();
            out.push(Op::Free {
                id: ids.swap_remove(i),
            });
        } else {
            let i = rng.next_u32() as usize % ids.len();
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
    let mut rng = Rng::new(7);
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
    let mut rng = Rng::new(11);
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

/// What calling a word costs the harness, subtracted from each count:
/// code words, so that the code generator cannot change them, holding the
/// instructions the plain compiler gave `0`, `;` and `drop 0` (so counts
/// compare across commits).
const BASELINES: &str = "\
thumb-2? [if]
code op-none2 ( x -- x f )
    push {lr}
    str r6, [r7, #-4]!
    movs r6, #0
    pop {pc}
end-code
code op-none3 ( x y -- x f )
    push {lr}
    ldmia r7!, {r6}
    str r6, [r7, #-4]!
    movs r6, #0
    pop {pc}
end-code
[else]
code op-none2 ( x -- x f )
    push {lr}
    subs r7, #4
    str r6, [r7]
    movs r6, #0
    pop {pc}
end-code
code op-none3 ( x y -- x f )
    push {lr}
    ldmia r7!, {r6}
    subs r7, #4
    str r6, [r7]
    movs r6, #0
    pop {pc}
end-code
[then]
code op-none1 ( x -- f )
    push {lr}
    pop {pc}
end-code
";

fn replay(board: &str, ops: &[Op]) -> Result<Counts> {
    let root = crate::workspace_root();
    let t = target::Target::load(board, &root.join("targets"))?;
    let mut b = Build::new(&t, BuildOptions::default()).map_err(|d| anyhow::anyhow!(d.message))?;
    b.load_text(
        "bench-alloc.fs",
        &format!(
            ": op-alloc ( u -- addr f ) allocate ;\n: op-free ( addr -- f ) free ;\n\
             : op-resize ( addr u -- addr' f ) resize ;\n\
             {BASELINES}\
             get-order allocate-wordlist swap 1+ set-order\n\
             {HEAP_SIZE} {HIGH_BLOCK_SIZE} init-shared-heap\nprevious\n"
        ),
    )
    .map_err(|d| anyhow::anyhow!(d.message))?;
    let s = &mut b.session;
    let run = |s: &mut meta::Session, word: &str, args: &[u32]| -> Result<(Vec<u32>, u64)> {
        let xt = s.machine.intrinsic_lookup(word).expect("defined above");
        s.machine.stack = args.to_vec();
        let before = s.machine.executed;
        s.execute(xt, word)
            .map_err(|d| anyhow::anyhow!(d.message))?;
        Ok((
            std::mem::take(&mut s.machine.stack),
            s.machine.executed - before,
        ))
    };
    // The cost of calling a word that does nothing, with the same stack.
    let base1 = run(s, "op-none1", &[0])?.1;
    let base2 = run(s, "op-none2", &[0])?.1;
    let base3 = run(s, "op-none3", &[0, 0])?.1;
    let mut addrs = std::collections::HashMap::new();
    let mut sizes = std::collections::HashMap::new();
    let mut c = Counts::default();
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
                if r[1] == 0 {
                    c.failures += 1;
                }
                if r[1] != 0 {
                    addrs.insert(id, r[0]);
                    live = live - sizes[&id] as u64 + size as u64;
                    sizes.insert(id, size);
                    lowest = lowest.min(r[0]);
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

/// Median, p99 and maximum of per-call counts.
#[derive(Clone, Copy)]
struct Spread {
    median: u64,
    p99: u64,
    max: u64,
}

fn spread(v: &mut [u64]) -> Option<Spread> {
    if v.is_empty() {
        return None;
    }
    v.sort_unstable();
    let p = |q: f64| v[((v.len() - 1) as f64 * q).round() as usize];
    Some(Spread {
        median: p(0.5),
        p99: p(0.99),
        max: v[v.len() - 1],
    })
}

fn cell(s: Option<Spread>) -> String {
    match s {
        Some(s) => format!("{:>5} {:>5} {:>5}", s.median, s.p99, s.max),
        None => format!("{:>17}", "-"),
    }
}

/// `other / ours` at the median and at p99, the factor by which we execute
/// fewer instructions.
fn ratio(ours: Option<Spread>, other: Option<Spread>) -> String {
    match (ours, other) {
        (Some(o), Some(t)) => format!(
            "{:>8.1}x {:>6.1}x",
            t.median as f64 / o.median.max(1) as f64,
            t.p99 as f64 / o.p99.max(1) as f64
        ),
        _ => format!("{:>16}", "-"),
    }
}

/// One row of the table: a name and the spreads of its three operations.
struct Row {
    name: String,
    ops: [Option<Spread>; 3],
    footprint: f64,
    failures: usize,
}

impl Row {
    fn new(name: String, mut c: Counts) -> Row {
        Row {
            name,
            ops: [
                spread(&mut c.alloc),
                spread(&mut c.free),
                spread(&mut c.resize),
            ],
            footprint: c.footprint,
            failures: c.failures,
        }
    }
}

/// The traces every allocator replays: name and operations.
fn traces() -> Vec<(&'static str, Vec<Op>)> {
    vec![
        ("small", random_trace(1, 20_000, 200, |r| r.range(1, 64))),
        (
            "mixed",
            random_trace(2, 20_000, 16, |r| log_uniform(r, 4096)),
        ),
        ("fifo", fifo(400)),
        ("lifo", lifo(400)),
        ("adversarial", adversarial(200)),
    ]
}

/// Replays every trace through our allocator on each board and through the
/// C libraries (cortex-m4, the stm32f407 model), and prints per trace a
/// table of median/p99/max instructions per call and footprint, then the
/// factor by which each C library executes more than we do on the first
/// board (median and p99, per operation).
pub fn run(boards: &[&str]) -> Result<()> {
    if boards.is_empty() {
        bail!("no boards");
    }
    println!("instructions per call (median p99 max), including the call;");
    println!("footprint = span of the blocks handed out / peak live bytes requested;");
    println!("{HEAP_SIZE}-byte heap; C libraries built for cortex-m4 with -O2 and run on the stm32f407 model");
    for (name, ops) in &traces() {
        let mut rows = Vec::new();
        for board in boards {
            rows.push(Row::new(format!("thumbforth {board}"), replay(board, ops)?));
        }
        for peer in crate::alloc_peers::Peer::ALL {
            let c = crate::alloc_peers::replay(peer, ops, HEAP_SIZE)?;
            rows.push(Row::new(peer.name().to_string(), c));
        }
        println!();
        println!("== trace {name} ({} operations)", ops.len());
        println!(
            "{:<22} {:>17} {:>17} {:>17} {:>9} {:>6}",
            "", "allocate", "free", "resize", "footprint", "failed"
        );
        for r in &rows {
            println!(
                "{:<22} {} {} {} {:>9.2} {:>6}",
                r.name,
                cell(r.ops[0]),
                cell(r.ops[1]),
                cell(r.ops[2]),
                r.footprint,
                r.failures
            );
        }
        let ours = &rows[0];
        println!(
            "{:<22} {:>17} {:>17} {:>17}",
            format!("x fewer than ({})", boards[0]),
            "median    p99",
            "median    p99",
            "median    p99"
        );
        for r in &rows[boards.len()..] {
            println!(
                "{:<22} {} {} {}",
                r.name,
                ratio(ours.ops[0], r.ops[0]),
                ratio(ours.ops[1], r.ops[1]),
                ratio(ours.ops[2], r.ops[2])
            );
        }
    }
    Ok(())
}
