//! The allocator against a model: random traces of allocate, free and
//! resize on every board, with a Rust model of the live blocks. Every block
//! is filled with a pattern derived from its id and checked whenever it is
//! touched again; blocks must be 8-byte aligned, inside the heap and never
//! overlap; a failed resize must leave its block as it was; and in the
//! smaller run `heap-check` must pass after every operation. Headers forged
//! inside live blocks must be refused by free and resize.
//!
//! `THUMBFORTH_ALLOC_OPS` sets the operations per board (`cargo xtask soak`
//! raises it).

use std::collections::BTreeMap;

use meta::{Build, BuildOptions};
use rng::Rng;

const BOARDS: &[&str] = target::BUILT_IN_TARGETS;
const HEAP_SIZE: u32 = 48 * 1024;
const HIGH_BLOCK_SIZE: u32 = 256;
/// A heap whose small lists stop well below the classes the fast paths
/// index, so that requests between the two take the TLSF lists.
const LOW_HIGH_BLOCK_SIZE: u32 = 64;
const TRUE: u32 = u32::MAX;

struct Heap {
    build: Build,
    /// allocate-wordlist, then the allocator's internal wordlist.
    wids: [u16; 2],
}

impl Heap {
    fn new(board: &str) -> Heap {
        Heap::with_small_max(board, HIGH_BLOCK_SIZE)
    }

    fn with_small_max(board: &str, high_block_size: u32) -> Heap {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../targets");
        let t = target::Target::load(board, &root).unwrap();
        let build = Build::new(&t, BuildOptions::default()).unwrap();
        let mut h = Heap {
            build,
            wids: [0, 0],
        };
        h.wids[0] = h.call("allocate-wordlist", &[])[0] as u16;
        h.wids[1] = h.call("allocate-internal-wordlist", &[])[0] as u16;
        h.call("init-shared-heap", &[HEAP_SIZE, high_block_size]);
        h
    }

    fn call(&mut self, word: &str, args: &[u32]) -> Vec<u32> {
        let s = &mut self.build.session;
        let order = [self.wids[0], self.wids[1], 0];
        let i = s
            .machine
            .dict
            .find(word, &order)
            .unwrap_or_else(|| panic!("`{word}` is not defined"));
        let xt = s.machine.dict.get(i).xt;
        s.machine.stack = args.to_vec();
        if let Err(d) = s.execute(xt, word) {
            panic!("{word} {args:x?}: {}", d.message);
        }
        std::mem::take(&mut s.machine.stack)
    }

    fn heap_ok(&mut self) -> bool {
        let cell = self.call("shared-heap", &[])[0];
        let heap = self.build.session.machine.read_u32(cell).unwrap();
        self.call("heap-check", &[heap]) == [TRUE]
    }

    fn fill(&mut self, addr: u32, len: u32, id: u32) {
        let bytes: Vec<u8> = (0..len).map(|i| pattern(id, i)).collect();
        self.build.session.machine.poke(addr, &bytes).unwrap();
    }

    fn check(&mut self, addr: u32, len: u32, id: u32) {
        let got = self.build.session.machine.read(addr, len as usize).unwrap();
        for (i, b) in got.iter().enumerate() {
            assert_eq!(
                *b,
                pattern(id, i as u32),
                "block {id} at {addr:#x}: byte {i} changed"
            );
        }
    }
}

fn pattern(id: u32, i: u32) -> u8 {
    (id.wrapping_mul(31).wrapping_add(i.wrapping_mul(7)) ^ (id >> 3)) as u8
}

/// The traces' draws from the shared generator, so they replay from their seed.
trait Draw {
    /// In `0..n`.
    fn under(&mut self, n: u32) -> u32;
    /// Mostly small sizes, sometimes large ones, log-uniform up to 4 KiB.
    fn size(&mut self) -> u32;
}

impl Draw for Rng {
    fn under(&mut self, n: u32) -> u32 {
        self.range(0, n - 1)
    }
    fn size(&mut self) -> u32 {
        if self.under(4) == 0 {
            let bits = 6 + self.under(7);
            self.under(1 << bits)
        } else {
            self.under(65)
        }
    }
}

#[derive(Clone, Copy)]
struct Live {
    addr: u32,
    len: u32,
    id: u32,
}

fn run_trace(board: &str, ops: usize, seed: u64, check_every_op: bool, high_block_size: u32) {
    let mut heap = Heap::with_small_max(board, high_block_size);
    let mut rng = Rng::new(seed);
    let mut live: BTreeMap<u32, Live> = BTreeMap::new();
    // Payloads freed (or moved away from) earlier: their old headers may
    // lie inside merged free blocks or inside live blocks now.
    let mut stale: Vec<u32> = Vec::new();
    let mut next_id = 1;
    let (mut failed_allocs, mut done) = (0, 0);
    for op in 0..ops {
        let choice = rng.under(20);
        let old = stale
            .get(rng.under(stale.len().max(1) as u32) as usize)
            .copied();
        if let Some(addr) = old.filter(|a| choice == 19 && !live.contains_key(a)) {
            // A pointer no longer handed out is refused, and nothing changes.
            let len = rng.size().max(1);
            assert_eq!(
                heap.call("free", &[addr]),
                [0],
                "op {op}: free of stale {addr:#x}"
            );
            assert_eq!(
                heap.call("resize", &[addr, len]),
                [addr, 0],
                "op {op}: resize of stale {addr:#x} to {len}"
            );
        } else if live.is_empty() || choice < 8 {
            let len = rng.size();
            let r = heap.call("allocate", &[len]);
            assert_eq!(r.len(), 2, "op {op}: allocate leaves addr flag");
            if r[1] == TRUE {
                let addr = r[0];
                assert_eq!(addr % 8, 0, "op {op}: payload {addr:#x} not 8-byte aligned");
                for l in live.values() {
                    let apart = addr + len.max(1) <= l.addr || l.addr + l.len.max(1) <= addr;
                    assert!(
                        apart,
                        "op {op}: {addr:#x}+{len} overlaps {:#x}+{}",
                        l.addr, l.len
                    );
                }
                heap.fill(addr, len, next_id);
                live.insert(
                    addr,
                    Live {
                        addr,
                        len,
                        id: next_id,
                    },
                );
                next_id += 1;
            } else {
                assert_eq!(r[1], 0, "op {op}: flag");
                failed_allocs += 1;
            }
        } else if choice < 14 {
            let k = rng.under(live.len() as u32) as usize;
            let l = *live.values().nth(k).unwrap();
            heap.check(l.addr, l.len, l.id);
            assert_eq!(
                heap.call("free", &[l.addr]),
                [TRUE],
                "op {op}: free {:#x}",
                l.addr
            );
            live.remove(&l.addr);
            stale.push(l.addr);
        } else {
            let k = rng.under(live.len() as u32) as usize;
            let l = *live.values().nth(k).unwrap();
            heap.check(l.addr, l.len, l.id);
            let len = rng.size().max(1);
            let r = heap.call("resize", &[l.addr, len]);
            assert_eq!(r.len(), 2, "op {op}: resize leaves addr flag");
            if len <= l.len {
                assert_eq!(
                    r,
                    [l.addr, TRUE],
                    "op {op}: a block that fits {len} bytes stays in place"
                );
            }
            if r[1] == TRUE {
                live.remove(&l.addr);
                if r[0] != l.addr {
                    stale.push(l.addr);
                }
                let kept = l.len.min(len);
                heap.check(r[0], kept, l.id);
                assert_eq!(r[0] % 8, 0);
                heap.fill(r[0], len, l.id);
                live.insert(
                    r[0],
                    Live {
                        addr: r[0],
                        len,
                        id: l.id,
                    },
                );
            } else {
                assert_eq!(
                    r[0], l.addr,
                    "op {op}: a failed resize returns the original address"
                );
                heap.check(l.addr, l.len, l.id);
            }
        }
        done += 1;
        if check_every_op || op % 512 == 0 {
            assert!(heap.heap_ok(), "op {op}: heap-check failed");
        }
    }
    for l in live.values().copied().collect::<Vec<_>>() {
        heap.check(l.addr, l.len, l.id);
        assert_eq!(heap.call("free", &[l.addr]), [TRUE]);
    }
    assert!(heap.heap_ok(), "heap-check after freeing everything");
    // Everything free again: one large block must fit.
    let r = heap.call("allocate", &[HEAP_SIZE / 2]);
    assert_eq!(
        r[1], TRUE,
        "{board}: the heap coalesced back ({failed_allocs} of {done} allocations failed)"
    );
}

fn ops_from_env(default: usize) -> usize {
    std::env::var("THUMBFORTH_ALLOC_OPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn random_traces_keep_every_block_intact_on_every_board() {
    for (i, board) in BOARDS.iter().enumerate() {
        run_trace(
            board,
            ops_from_env(100_000),
            0x5eed + i as u64,
            false,
            HIGH_BLOCK_SIZE,
        );
    }
}

#[test]
fn heap_check_passes_after_every_operation() {
    for (i, board) in BOARDS.iter().enumerate() {
        run_trace(board, 2_000, 0xc0ffee + i as u64, true, HIGH_BLOCK_SIZE);
        run_trace(
            board,
            2_000,
            0xbadc0de + i as u64,
            true,
            LOW_HIGH_BLOCK_SIZE,
        );
    }
}

/// A block of the multi-heap trace: where it lives and on which heap.
#[derive(Clone, Copy)]
struct Owned {
    live: Live,
    /// 0 for the shared heap, else the address of the other heap.
    heap: u32,
}

/// Calls the shared-heap word, or its `-with-heap` form on `heap`.
fn on_heap(heap: &mut Heap, which: u32, word: &str, args: &[u32]) -> Vec<u32> {
    if which == 0 {
        heap.call(word, args)
    } else {
        let mut a = args.to_vec();
        a.push(which);
        heap.call(&format!("{word}-with-heap"), &a)
    }
}

/// Two heaps at once, the second made of three regions, with bad pointers
/// mixed in: a pointer into a live block, a block freed twice, a block
/// handed to the heap it does not belong to. Each must be refused and leave
/// both heaps consistent and every live block intact.
fn run_two_heaps(board: &str, ops: usize, seed: u64) {
    let mut heap = Heap::new(board);
    let other = heap.call("init-heap-header", &[128])[0];
    for _ in 0..3 {
        heap.call("expand-heap", &[16 * 1024, other]);
    }
    let shared_cell = heap.call("shared-heap", &[])[0];
    let shared = heap.build.session.machine.read_u32(shared_cell).unwrap();
    let both_ok = |heap: &mut Heap| {
        heap.call("heap-check", &[shared]) == [TRUE] && heap.call("heap-check", &[other]) == [TRUE]
    };
    let mut rng = Rng::new(seed);
    let mut live: Vec<Owned> = Vec::new();
    let mut next_id = 1;
    for op in 0..ops {
        let which = if rng.under(2) == 0 { 0 } else { other };
        let choice = rng.under(12);
        if live.is_empty() || choice < 5 {
            let len = rng.size();
            let r = on_heap(&mut heap, which, "allocate", &[len]);
            if r[1] == TRUE {
                let addr = r[0];
                assert_eq!(addr % 8, 0, "op {op}: alignment");
                for o in &live {
                    let l = o.live;
                    assert!(
                        addr + len.max(1) <= l.addr || l.addr + l.len.max(1) <= addr,
                        "op {op}: {addr:#x}+{len} overlaps {:#x}+{}",
                        l.addr,
                        l.len
                    );
                }
                heap.fill(addr, len, next_id);
                let live_block = Live {
                    addr,
                    len,
                    id: next_id,
                };
                live.push(Owned {
                    live: live_block,
                    heap: which,
                });
                next_id += 1;
            } else {
                assert_eq!(r, [0, 0], "op {op}: a failed allocate leaves 0 0");
            }
            continue;
        }
        let k = rng.under(live.len() as u32) as usize;
        let o = live[k];
        let l = o.live;
        heap.check(l.addr, l.len, l.id);
        match choice {
            5..=7 => {
                assert_eq!(on_heap(&mut heap, o.heap, "free", &[l.addr]), [TRUE]);
                live.swap_remove(k);
                if choice == 7 {
                    assert_eq!(
                        on_heap(&mut heap, o.heap, "free", &[l.addr]),
                        [0],
                        "op {op}: a double free is refused"
                    );
                }
            }
            8 => {
                // A pointer into the block, and the block on the wrong heap.
                if l.len >= 24 {
                    assert_eq!(
                        on_heap(&mut heap, o.heap, "free", &[l.addr + 8]),
                        [0],
                        "op {op}: a pointer into a block is refused"
                    );
                }
                let wrong = if o.heap == 0 { other } else { shared };
                assert_eq!(
                    heap.call("free-with-heap", &[l.addr, wrong]),
                    [0],
                    "op {op}: a block of another heap is refused"
                );
                heap.check(l.addr, l.len, l.id);
            }
            _ => {
                let len = rng.size().max(1);
                let r = on_heap(&mut heap, o.heap, "resize", &[l.addr, len]);
                if r[1] == TRUE {
                    heap.check(r[0], l.len.min(len), l.id);
                    heap.fill(r[0], len, l.id);
                    live[k].live = Live {
                        addr: r[0],
                        len,
                        id: l.id,
                    };
                } else {
                    assert_eq!(r[0], l.addr, "op {op}: a failed resize keeps its block");
                    heap.check(l.addr, l.len, l.id);
                }
            }
        }
        if op % 64 == 0 {
            assert!(both_ok(&mut heap), "op {op}: heap-check failed");
        }
    }
    for o in std::mem::take(&mut live) {
        heap.check(o.live.addr, o.live.len, o.live.id);
        assert_eq!(on_heap(&mut heap, o.heap, "free", &[o.live.addr]), [TRUE]);
    }
    assert!(
        both_ok(&mut heap),
        "{board}: heap-check after freeing everything"
    );
    let r = heap.call("allocate-with-heap", &[12 * 1024, other]);
    assert_eq!(
        r[1], TRUE,
        "{board}: the other heap's regions coalesced back"
    );
}

#[test]
fn two_heaps_with_regions_refuse_bad_pointers() {
    for (i, board) in BOARDS.iter().enumerate() {
        run_two_heaps(board, ops_from_env(20_000) / 5, 0xbad + i as u64);
    }
}

/// What the header of an in-use block of `size` bytes at `h` looked like
/// before blocks had back links: its size+flags at h+4 and again at h+size,
/// with neighbours that look in use, or (`free_pred`) a predecessor of 16
/// bytes that looks free and whose own tag agrees.
fn forge(heap: &mut Heap, h: u32, size: u32, free_pred: bool) {
    let words: &[(u32, u32)] = &[
        (h, if free_pred { 16 } else { 17 }),
        (h + 4, size | 1),
        (h + size, size | 1),
        (h + size + 4, 17),
    ];
    for &(addr, v) in words {
        heap.build
            .session
            .machine
            .poke(addr, &v.to_le_bytes())
            .unwrap();
    }
    if free_pred {
        heap.build
            .session
            .machine
            .poke(h - 12, &16u32.to_le_bytes())
            .unwrap();
    }
}

/// User data that looks like a block's header does not make a block: free
/// and resize refuse a pointer to a header forged inside a live block, on
/// the shared heap (its fast paths) and through the -with-heap words, and
/// the heap and every live block stay intact.
#[test]
fn a_forged_header_inside_a_block_is_refused_by_free() {
    for (i, board) in BOARDS.iter().enumerate() {
        let mut heap = Heap::new(board);
        let cell = heap.call("shared-heap", &[])[0];
        let shared = heap.build.session.machine.read_u32(cell).unwrap();
        let mut rng = Rng::new(0xf0e + i as u64);
        let mut live = Vec::new();
        for id in 1..=40 {
            let len = 40 + rng.under(1200);
            let r = heap.call("allocate", &[len]);
            assert_eq!(r[1], TRUE, "{board}: allocate {len}");
            heap.fill(r[0], len, id);
            live.push(Live {
                addr: r[0],
                len,
                id,
            });
        }
        for round in 0..300 {
            let l = live[rng.under(live.len() as u32) as usize];
            // A header at an 8-aligned offset of the payload, its successor's
            // first word still inside the payload.
            let offset = 8 * (1 + rng.under((l.len - 24) / 8));
            let room = (l.len - offset - 8) / 8 * 8;
            let size = 16 + 8 * rng.under((room - 8) / 8);
            let free_pred = offset >= 16 && rng.under(2) == 0;
            forge(&mut heap, l.addr + offset, size, free_pred);
            let p = l.addr + offset + 8;
            let what = format!("{board} round {round}: {size} bytes at +{offset}");
            assert_eq!(heap.call("free", &[p]), [0], "{what}: free");
            assert_eq!(heap.call("free-with-heap", &[p, shared]), [0], "{what}");
            assert_eq!(heap.call("resize", &[p, 8]), [p, 0], "{what}: shrink");
            assert_eq!(heap.call("resize", &[p, size * 2]), [p, 0], "{what}: grow");
            assert!(heap.heap_ok(), "{what}: heap-check");
            heap.fill(l.addr, l.len, l.id);
        }
        for l in live {
            heap.check(l.addr, l.len, l.id);
            assert_eq!(heap.call("free", &[l.addr]), [TRUE], "{board}");
        }
        assert!(
            heap.heap_ok(),
            "{board}: heap-check after freeing everything"
        );
    }
}
