//! The fixed traces `bench alloc` replays through every allocator: random
//! mixes of allocate, free and resize over small or log-uniform sizes, blocks
//! freed in the order they came (fifo) or the reverse (lifo), and a pattern
//! that defeats address-ordered free lists. Each is drawn from a fixed seed,
//! so every run replays the same operations.

use rng::Rng;

use crate::trace::Op;

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

/// `n` allocations of 1 to 127 bytes, ids 0.. in order.
fn allocations(seed: u64, n: usize) -> Vec<Op> {
    let mut rng = Rng::new(seed);
    (0..n)
        .map(|id| Op::Alloc {
            id,
            size: rng.range(1, 128),
        })
        .collect()
}

fn fifo(n: usize) -> Vec<Op> {
    let mut out = allocations(7, n);
    out.extend((0..n).map(|id| Op::Free { id }));
    out
}

fn lifo(n: usize) -> Vec<Op> {
    let mut out = allocations(11, n);
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

/// The traces every allocator replays: name and operations.
pub(super) fn traces() -> Vec<(&'static str, Vec<Op>)> {
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
