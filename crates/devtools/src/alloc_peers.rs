//! The C allocators `cargo xtask bench alloc` sets beside ours: newlib,
//! newlib-nano and picolibc, as the Debian packages gcc-arm-none-eabi,
//! libnewlib-arm-none-eabi and picolibc-arm-none-eabi ship them, replaying
//! the same traces on each board's own emulated core.
//!
//! Each library is linked, with its own `malloc`, `free` and `realloc`, into
//! a small harness (`alloc_peers/`: a fixed heap behind `sbrk`, a trampoline
//! per entry point, a linker script for the board's memory map), built once
//! per process and board by `c_harness::compiler` for the board's core
//! (`-mcpu=cortex-m33` for the rp2350, `cortex-m0plus` for the rp2040,
//! `cortex-m4` for the stm32f407, soft float, `-O2`) with the library's
//! specs, so gcc's multilib picks the library built for that core (the
//! thumb/v8-m.main, v6-m or v7e-m `nofp` directory; a test checks which
//! library the linker took). The host loads the ELF's PT_LOAD segments into
//! a fresh board of that kind and calls the functions by the AAPCS, with
//! arguments in r0-r1 and the result in r0, as `c_harness` does for every C
//! program. On the rp2040 the core is Unicorn's Cortex-M0, so a Thumb-2
//! instruction in a library would fault rather than count.
//!
//! What one call counts: every instruction executed from the trampoline's
//! branch into the function (the stand-in for the caller's `bl`, which the
//! Forth side counts too) until the function returns to the host. Whatever
//! the library runs on the way is included: lock stubs, `sbrk`, `errno`,
//! `memset`, `memcpy`/`memmove`. Setting the argument registers and reading
//! the result are not. Instructions an IT block skips count as executed, as
//! they retire on the core. picolibc 1.8 as packaged zero-fills every block
//! `malloc` returns, a byte at a time, so its counts include that `memset`
//! (about four instructions per byte requested); they are reported as
//! measured, since that is what an application linking it pays.
//!
//! A harness that returned nonsense would still print plausible numbers, so
//! the replay checks what the library hands out: every block 8-byte aligned,
//! inside the heap and disjoint from the live ones, and its contents intact
//! (a pattern the host writes, uncounted) when it is freed or reallocated.

use std::collections::{BTreeMap, HashMap};
use std::process::Command;
use std::sync::{Arc, Mutex};

use anyhow::{anyhow, bail, ensure, Context, Result};
use emu::Emulator;
use target::Target;

use crate::c_harness::{self, Program};
use crate::trace::{Counts, Op};

const PACKAGES: &str = "gcc-arm-none-eabi, libnewlib-arm-none-eabi and picolibc-arm-none-eabi";
/// Far above any call's cost (picolibc zero-filling 64 KiB is about 260k),
/// so only a runaway call reaches it.
const CALL_BUDGET: u64 = 20_000_000;
/// Every block handed out must be aligned to this (malloc's guarantee for
/// any object on AAPCS: 8 bytes).
const ALIGN: u32 = 8;

/// A C library whose allocator is measured.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Peer {
    /// newlib's dlmalloc-derived allocator (default specs).
    Newlib,
    /// newlib-nano's first-fit free list (`--specs=nano.specs`).
    NewlibNano,
    /// picolibc 1.8's nano-malloc (`--specs=picolibc.specs`).
    Picolibc,
}

impl Peer {
    pub(crate) const ALL: [Peer; 3] = [Peer::Newlib, Peer::NewlibNano, Peer::Picolibc];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Peer::Newlib => "newlib",
            Peer::NewlibNano => "newlib-nano",
            Peer::Picolibc => "picolibc",
        }
    }

    fn specs(self) -> Option<&'static str> {
        match self {
            Peer::Newlib => None,
            Peer::NewlibNano => Some("--specs=nano.specs"),
            Peer::Picolibc => Some("--specs=picolibc.specs"),
        }
    }
}

/// A built harness, ready to load: the program and where its entry points
/// and heap are.
struct Harness {
    program: Program,
    init: u32,
    malloc: u32,
    free: u32,
    realloc: u32,
    heap_start: u32,
    heap_end: u32,
    brk_max: u32,
}

/// Builds the harness for `peer` and `target`'s core and replays `ops`
/// through it on a fresh `target` board with a heap of `heap_size` bytes.
/// The counts mean what `bench_alloc`'s own replay means by them:
/// instructions per call (see the module documentation for what a call
/// includes), allocations and reallocations that returned NULL, and the
/// span from the lowest start to the highest end of any block ever handed
/// out over the peak of live requested bytes. A Free or Resize of a block whose allocation failed is
/// skipped; a failed Resize leaves the block where it was.
pub(crate) fn replay(peer: Peer, target: &Target, ops: &[Op], heap_size: u32) -> Result<Counts> {
    let harness = harness(peer, target)?;
    let mut m = Machine::new(peer, target, &harness, heap_size)?;
    let mut c = Counts::default();
    // id -> (address, requested size) of each live block.
    let mut blocks: HashMap<usize, (u32, u32)> = HashMap::new();
    let (mut live, mut peak_live, mut lowest, mut highest) = (0u64, 0u64, u32::MAX, 0u32);
    for (step, op) in ops.iter().enumerate() {
        let at = || format!("{} on {} at step {step} ({op:?})", peer.name(), target.name);
        match *op {
            Op::Alloc { id, size } => {
                ensure!(
                    size > 0,
                    "{}: zero-byte requests mean different things to each library",
                    at()
                );
                let (p, n) = m.call(harness.malloc, &[size]).with_context(at)?;
                c.alloc.push(n);
                if p == 0 {
                    c.failures += 1;
                    continue;
                }
                m.claim(id, p, size).with_context(at)?;
                if let Some((old, old_size)) = blocks.insert(id, (p, size)) {
                    // The trace reused a live id: the old block is leaked.
                    live -= old_size as u64;
                    m.forget(old);
                }
                live += size as u64;
                lowest = lowest.min(p);
                highest = highest.max(p + size);
            }
            Op::Free { id } => {
                let Some((p, size)) = blocks.remove(&id) else {
                    continue;
                };
                m.release(id, p, size).with_context(at)?;
                let (_, n) = m.call(harness.free, &[p]).with_context(at)?;
                c.free.push(n);
                live -= size as u64;
            }
            Op::Resize { id, size } => {
                let Some(&(p, old_size)) = blocks.get(&id) else {
                    continue;
                };
                ensure!(
                    size > 0,
                    "{}: realloc to 0 bytes frees in some libraries",
                    at()
                );
                m.check_pattern(id, p, old_size).with_context(at)?;
                let (q, n) = m.call(harness.realloc, &[p, size]).with_context(at)?;
                c.resize.push(n);
                if q == 0 {
                    c.failures += 1;
                    continue;
                }
                m.forget(p);
                m.check_pattern(id, q, old_size.min(size))
                    .with_context(|| format!("{}: realloc lost the contents", at()))?;
                m.claim(id, q, size).with_context(at)?;
                blocks.insert(id, (q, size));
                live = live - old_size as u64 + size as u64;
                lowest = lowest.min(q);
                highest = highest.max(q + size);
            }
        }
        peak_live = peak_live.max(live);
    }
    let brk_max = m.word(harness.brk_max)?;
    ensure!(
        highest == 0 || highest <= brk_max,
        "{} on {}: a block ends at {highest:#x}, above the highest break {brk_max:#x}",
        peer.name(),
        target.name
    );
    if peak_live > 0 && highest > lowest {
        c.footprint = (highest - lowest) as f64 / peak_live as f64;
    }
    Ok(c)
}

/// One board with a harness loaded, and the live blocks it handed out.
struct Machine {
    emu: Emulator,
    heap: (u32, u32),
    /// start -> end of each live block.
    live: BTreeMap<u32, u32>,
}

impl Machine {
    fn new(peer: Peer, target: &Target, h: &Harness, heap_size: u32) -> Result<Machine> {
        ensure!(
            heap_size <= h.heap_end - h.heap_start,
            "a {heap_size}-byte heap does not fit the {} bytes of RAM the {} leaves",
            h.heap_end - h.heap_start,
            what(peer, target)
        );
        let emu = h.program.load(target, &what(peer, target))?;
        let mut m = Machine {
            emu,
            heap: (h.heap_start, h.heap_start + heap_size),
            live: BTreeMap::new(),
        };
        let (r, _) = m.call(h.init, &[heap_size])?;
        ensure!(r == 0, "peer_init refused a {heap_size}-byte heap");
        Ok(m)
    }

    /// Calls the function at `entry` with `args` in r0.. and LR at the
    /// host's trap; returns r0 and the instructions executed.
    fn call(&mut self, entry: u32, args: &[u32]) -> Result<(u32, u64)> {
        c_harness::call(&mut self.emu, entry, args, CALL_BUDGET)
    }

    fn word(&self, addr: u32) -> Result<u32> {
        let b = self.emu.read_mem(addr, 4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// Checks a block just handed out for `id` and fills it with its pattern.
    fn claim(&mut self, id: usize, p: u32, size: u32) -> Result<()> {
        let end = p as u64 + size as u64;
        ensure!(p % ALIGN == 0, "block {p:#x} is not {ALIGN}-byte aligned");
        ensure!(
            p >= self.heap.0 && end <= self.heap.1 as u64,
            "block {p:#x}+{size} lies outside the heap {:#x}..{:#x}",
            self.heap.0,
            self.heap.1
        );
        let end = end as u32;
        if let Some((&s, &e)) = self.live.range(..end).next_back() {
            ensure!(
                e <= p,
                "block {p:#x}+{size} overlaps the live block {s:#x}..{e:#x}"
            );
        }
        self.live.insert(p, end);
        self.emu.write_data(p, &pattern(id, size))?;
        Ok(())
    }

    /// Checks the pattern of a block about to be freed and forgets it.
    fn release(&mut self, id: usize, p: u32, size: u32) -> Result<()> {
        self.check_pattern(id, p, size)?;
        self.forget(p);
        Ok(())
    }

    fn forget(&mut self, p: u32) {
        self.live.remove(&p);
    }

    fn check_pattern(&self, id: usize, p: u32, len: u32) -> Result<()> {
        let now = self.emu.read_mem(p, len as usize)?;
        let want = pattern(id, len);
        if let Some(i) = now.iter().zip(&want).position(|(a, b)| a != b) {
            bail!(
                "block {p:#x} changed at byte {i}: {:#04x}, written {:#04x}",
                now[i],
                want[i]
            );
        }
        Ok(())
    }
}

/// The contents the host keeps in block `id`: different per block and per
/// byte, so a block handed out twice or moved without its bytes shows.
fn pattern(id: usize, len: u32) -> Vec<u8> {
    let seed = (id as u32).wrapping_mul(0x9e37_79b9);
    (0..len)
        .map(|i| (seed.wrapping_add(i.wrapping_mul(0x0101_0101)) >> 13) as u8 ^ i as u8)
        .collect()
}

/// The harness for `peer` on `target`'s core, built the first time a
/// process asks for it.
fn harness(peer: Peer, target: &Target) -> Result<Arc<Harness>> {
    type Built = HashMap<(Peer, String), Result<Arc<Harness>, String>>;
    static BUILT: Mutex<Option<Built>> = Mutex::new(None);
    // A build is a fraction of a second: holding the lock through it keeps
    // two tests from building the same harness at once.
    let mut built = BUILT.lock().unwrap_or_else(|e| e.into_inner());
    built
        .get_or_insert_with(HashMap::new)
        .entry((peer, target.name.clone()))
        .or_insert_with(|| {
            build(peer, target)
                .and_then(|elf| parse(peer, target, &elf))
                .map(Arc::new)
                .map_err(|e| format!("{e:#}"))
        })
        .clone()
        .map_err(|e| anyhow!(e))
}

/// The command that compiles and links the harness with `peer`'s library
/// for `target`'s core and memory map, all but its output.
fn command(peer: Peer, target: &Target) -> Command {
    let src = crate::workspace_root().join("crates/devtools/src/alloc_peers");
    let mut cmd = c_harness::compiler(target, &src.join("peers.ld"));
    cmd.args(peer.specs())
        .arg("-nostartfiles")
        // The entry points are kept by name: --gc-sections would drop them.
        .args(["-Wl,-u,malloc", "-Wl,-u,free", "-Wl,-u,realloc"])
        .arg(src.join("harness.c"))
        .arg(src.join("trampolines.S"));
    cmd
}

/// The harness for `peer` on `target`, as errors and file names call it.
fn what(peer: Peer, target: &Target) -> String {
    format!("{} harness for the {}", peer.name(), target.name)
}

/// Compiles and links the harness with `peer`'s library for `target`;
/// returns the ELF.
fn build(peer: Peer, target: &Target) -> Result<Vec<u8>> {
    let root = crate::workspace_root();
    let build = c_harness::Build {
        who: "the allocator peers",
        what: &what(peer, target),
        packages: &format!("packages {PACKAGES}"),
    };
    c_harness::link(
        command(peer, target),
        &c_harness::out_dir(&root, "alloc-peers"),
        &format!("{}-{}", peer.name(), target.name),
        &build,
    )
}

fn parse(peer: Peer, target: &Target, bytes: &[u8]) -> Result<Harness> {
    let what = what(peer, target);
    let program = Program::parse(bytes, &what)?;
    let get = |name: &str| program.symbol(name, &what);
    Ok(Harness {
        init: get("peer_init")?,
        malloc: get("peer_call_malloc")?,
        free: get("peer_call_free")?,
        realloc: get("peer_call_realloc")?,
        heap_start: get("__heap_start")?,
        heap_end: get("__heap_end")?,
        brk_max: get("peer_brk_max")?,
        program,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::c_harness::{compiler_present, COMPILER};

    /// Every built-in board, as the bench walks them.
    fn boards() -> Vec<Target> {
        let dir = crate::workspace_root().join("targets");
        target::BUILT_IN_TARGETS
            .iter()
            .map(|b| Target::load(b, &dir).unwrap())
            .collect()
    }

    /// Random allocate/free/resize keeping about `live` blocks of 1..=64
    /// bytes, then everything freed: the shape of the bench's small trace.
    fn trace(seed: u64, ops: usize, live: usize) -> Vec<Op> {
        let mut s = seed;
        let mut next = move |n: u32| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            (s >> 16) as u32 % n
        };
        let (mut out, mut ids, mut fresh) = (Vec::new(), Vec::new(), 0);
        while out.len() < ops {
            let r = next(100);
            if ids.len() < live / 2 || (ids.len() < live * 2 && r < 45) {
                out.push(Op::Alloc {
                    id: fresh,
                    size: 1 + next(64),
                });
                ids.push(fresh);
                fresh += 1;
            } else if r < 90 {
                let i = next(ids.len() as u32) as usize;
                out.push(Op::Free {
                    id: ids.swap_remove(i),
                });
            } else {
                let i = next(ids.len() as u32) as usize;
                out.push(Op::Resize {
                    id: ids[i],
                    size: 1 + next(64),
                });
            }
        }
        out.extend(ids.into_iter().map(|id| Op::Free { id }));
        out
    }

    fn summary(v: &[u64]) -> String {
        let mut v = v.to_vec();
        v.sort_unstable();
        let p = |q: f64| v[((v.len() - 1) as f64 * q).round() as usize];
        format!("{} / {} / {}", p(0.5), p(0.99), v[v.len() - 1])
    }

    #[test]
    fn every_peer_replays_a_small_trace() {
        if !compiler_present() {
            println!("skipped: `{COMPILER}` is not on PATH (Debian packages {PACKAGES})");
            return;
        }
        let ops = trace(1, 2_000, 200);
        let n = |f: fn(&Op) -> bool| ops.iter().filter(|o| f(o)).count();
        let allocs = n(|o| matches!(o, Op::Alloc { .. }));
        let frees = n(|o| matches!(o, Op::Free { .. }));
        let resizes = n(|o| matches!(o, Op::Resize { .. }));
        for target in boards() {
            for peer in Peer::ALL {
                let c = replay(peer, &target, &ops, 64 * 1024).unwrap();
                let name = format!("{} on {}", peer.name(), target.name);
                println!(
                    "{name:<24} malloc {}  free {}  realloc {}  footprint {:.2}  failed {}",
                    summary(&c.alloc),
                    summary(&c.free),
                    summary(&c.resize),
                    c.footprint,
                    c.failures
                );
                // Nothing fails in 64 KiB, so every operation was measured.
                assert_eq!(c.failures, 0, "{name}");
                assert_eq!(
                    (c.alloc.len(), c.free.len(), c.resize.len()),
                    (allocs, frees, resizes),
                    "{name}"
                );
                // A call is at least the branch in, some work and the
                // return; none of these libraries needs 100k instructions
                // for 64 bytes.
                for v in [&c.alloc, &c.free, &c.resize] {
                    assert!(v.iter().all(|&n| (5..100_000).contains(&n)), "{name}");
                }
                assert!((1.0..4.0).contains(&c.footprint), "{name}");
            }
        }
    }

    /// The multilib directory of the C libraries gcc links for each core.
    fn multilib(cpu: target::Cpu) -> &'static str {
        match cpu {
            target::Cpu::CortexM0Plus => "/thumb/v6-m/nofp/",
            target::Cpu::CortexM3 => "/thumb/v7-m/nofp/",
            target::Cpu::CortexM4 => "/thumb/v7e-m/nofp/",
            target::Cpu::CortexM33 => "/thumb/v8-m.main/nofp/",
        }
    }

    #[test]
    fn each_peer_links_the_c_library_built_for_its_boards_core() {
        if !compiler_present() {
            println!("skipped: `{COMPILER}` is not on PATH (Debian packages {PACKAGES})");
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        for target in boards() {
            for peer in Peer::ALL {
                let name = format!("{} on {}", peer.name(), target.name);
                let mut cmd = command(peer, &target);
                // The linker names every file it takes.
                cmd.arg("-Wl,--trace")
                    .arg("-o")
                    .arg(dir.path().join("h.elf"));
                let out = cmd.output().unwrap();
                assert!(
                    out.status.success(),
                    "{name}: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
                let trace = String::from_utf8_lossy(&out.stdout);
                let libc: Vec<&str> = trace
                    .lines()
                    .filter(|l| l.ends_with("/libc.a") || l.ends_with("/libc_nano.a"))
                    .collect();
                assert!(!libc.is_empty(), "{name} linked no libc:\n{trace}");
                for lib in libc {
                    assert!(
                        lib.contains(multilib(target.cpu)),
                        "{name} linked {lib}, not the {} library",
                        multilib(target.cpu)
                    );
                }
            }
        }
    }

    #[test]
    fn a_heap_too_small_counts_failures_and_keeps_the_blocks() {
        if !compiler_present() {
            println!("skipped: `{COMPILER}` is not on PATH (Debian packages {PACKAGES})");
            return;
        }
        let n = 200;
        let mut ops: Vec<Op> = (0..n).map(|id| Op::Alloc { id, size: 64 }).collect();
        ops.push(Op::Resize {
            id: 0,
            size: 16_000,
        });
        ops.extend((0..n).map(|id| Op::Free { id }));
        for target in boards() {
            for peer in Peer::ALL {
                let c = replay(peer, &target, &ops, 8 * 1024).unwrap();
                let name = format!("{} on {}", peer.name(), target.name);
                assert_eq!(c.alloc.len(), n, "{name}");
                assert_eq!(c.resize.len(), 1, "{name}: the first block fits");
                // Every failed allocation, and the resize, which left block 0 live.
                let failed_allocs = c.failures - 1;
                assert!(failed_allocs > 0, "{name}");
                assert_eq!(c.free.len(), n - failed_allocs, "{name}");
            }
        }
    }
}
