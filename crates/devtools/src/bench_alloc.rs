//! `cargo xtask bench alloc`: fixed allocation traces (`traces`) replayed
//! through the allocator in the emulator, on every board. For each trace and
//! operation it reports the median, p99 and maximum of executed instructions
//! (including the call from Forth), and the peak heap footprint relative to
//! the peak of live bytes, beside the same figures of newlib, newlib-nano
//! and picolibc built for the same board's core and run on the same board
//! (`alloc_peers`); `report` prints the tables. With `--check` the run ends
//! by holding thumbforth's figures to the committed baseline, and with
//! `--update` by rewriting it (`gate`). `--explain` lists the path of one
//! operation's median and p99 calls (`explain`).

mod explain;
mod gate;
mod report;
mod traces;

use anyhow::{bail, Result};
use meta::{Build, BuildOptions};
use target::Target;

use crate::alloc_peers::{self, Peer};
use crate::trace::{Counts, Op};
pub(crate) use explain::Explain;
use report::{Row, OPS};

/// What the run does with thumbforth's figures once the tables are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Gate {
    /// Nothing: the tables only.
    None,
    /// Fail when a figure grew more than 5% over the committed baseline.
    Check,
    /// Rewrite the committed baseline with this run's figures.
    Update,
}

const HEAP_SIZE: u32 = 96 * 1024;
const HIGH_BLOCK_SIZE: u32 = 240;

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

/// Replays `ops` through our allocator on `t`; with `explain` (the
/// operation's index in `OPS`), also prints the paths of that operation's
/// median and p99 calls.
fn replay(t: &Target, ops: &[Op], explain: Option<&Explain>) -> Result<(Counts, String)> {
    let mut b = Build::new(t, BuildOptions::default()).map_err(|d| anyhow::anyhow!(d.message))?;
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
    let recording = explain.map(|e| OPS[e.op]);
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
    let mut calls = Vec::new();
    s.machine.emu.record_blocks(recording.is_some());
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
                keep(&mut calls, s, recording == Some("allocate"), n, base2);
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
                keep(&mut calls, s, recording == Some("free"), n, base1);
                live -= sizes.remove(&id).unwrap_or(0) as u64;
            }
            Op::Resize { id, size } => {
                let Some(&addr) = addrs.get(&id) else {
                    continue;
                };
                let (r, n) = run(s, "op-resize", &[addr, size])?;
                c.resize.push(n.saturating_sub(base3));
                keep(&mut calls, s, recording == Some("resize"), n, base3);
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
    let mut listing = String::new();
    if let Some(e) = explain {
        let m = &s.machine;
        let from = m
            .dict
            .iter()
            .find(|w| w.name == "x-memory-management-failure")
            .map_or(0, |w| w.code_addr());
        listing = explain::listing(&t.name, e, &mut calls, from, m)?;
    }
    Ok((c, listing))
}

/// Keeps the blocks the last call ran when it is a call being explained,
/// and forgets them otherwise.
fn keep(calls: &mut Vec<explain::Call>, s: &mut meta::Session, wanted: bool, n: u64, base: u64) {
    let blocks = s.machine.emu.take_blocks();
    if wanted {
        calls.push(explain::Call {
            figure: n.saturating_sub(base),
            blocks,
        });
    }
}

/// Replays every trace through our allocator and through each C library
/// on each of `boards` (the C libraries built for the board's core), prints
/// per trace a table of median/p99/max instructions per call and footprint
/// and the factor by which each C library executes more than we do on the
/// same board (median and p99, per operation), then applies `gate` to our
/// figures. Returns false when the gate's check failed (it has said why).
pub(crate) fn run(boards: &[&str], gate: Gate, explain: Option<&Explain>) -> Result<bool> {
    if boards.is_empty() {
        bail!("no boards");
    }
    let root = crate::workspace_root();
    let targets = boards
        .iter()
        .map(|b| Target::load(b, &root.join("targets")))
        .collect::<Result<Vec<_>, _>>()?;
    let cores: Vec<String> = targets
        .iter()
        .map(|t| format!("{} {}", t.name, t.cpu.name()))
        .collect();
    println!("instructions per call (median p99 max), including the call;");
    println!("footprint = span of the blocks handed out / peak live bytes requested;");
    println!(
        "{HEAP_SIZE}-byte heap; each C library built by {} -O2 for the board's core ({}) \
         and run on that board's model",
        crate::c_harness::COMPILER,
        cores.join(", ")
    );
    let mut figures = Vec::new();
    let mut listings = String::new();
    for (name, ops) in &traces::traces() {
        let mut groups = Vec::new();
        for t in &targets {
            let this = explain.filter(|e| e.trace == *name);
            let (counts, listing) = replay(t, ops, this)?;
            listings.push_str(&listing);
            let ours = Row::new("thumbforth", &t.name, counts);
            for (op, spread) in OPS.iter().zip(ours.ops) {
                if let Some(spread) = spread {
                    figures.push(gate::Figure {
                        trace: name.to_string(),
                        board: t.name.clone(),
                        op: op.to_string(),
                        spread,
                    });
                }
            }
            let mut rows = vec![ours];
            for peer in Peer::ALL {
                let c = alloc_peers::replay(peer, t, ops, HEAP_SIZE)?;
                rows.push(Row::new(peer.name(), &t.name, c));
            }
            groups.push(rows);
        }
        report::print_trace(name, ops.len(), &groups);
    }
    print!("{listings}");
    match gate {
        Gate::None => Ok(true),
        Gate::Check => gate::check(&root, &figures),
        Gate::Update => gate::update(&root, &figures).map(|()| true),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn the_committed_baseline_covers_every_trace_on_every_board() {
        let text = std::fs::read_to_string(crate::workspace_root().join(gate::BASELINE)).unwrap();
        let baseline = gate::parse(&text).unwrap();
        let held: BTreeSet<(String, String)> = baseline
            .keys()
            .map(|(trace, board, _)| (trace.clone(), board.clone()))
            .collect();
        let mut run = BTreeSet::new();
        for (trace, _) in traces::traces() {
            for board in target::BUILT_IN_TARGETS {
                run.insert((trace.to_string(), board.to_string()));
            }
        }
        assert_eq!(held, run);
        for (trace, board, op) in baseline.keys() {
            assert!(OPS.contains(&op.as_str()), "{trace} {board}: {op}");
        }
    }
}
