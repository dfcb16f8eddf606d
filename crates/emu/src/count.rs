//! Exact instruction counting from block hooks.
//!
//! A per-instruction code hook costs about five times the emulation itself, so
//! the emulator counts per translated block instead: the block hook receives a
//! block's address and byte size, and the number of Thumb instructions in it
//! follows from its halfwords (a halfword whose top five bits are 0b11101,
//! 0b11110 or 0b11111 starts a 32-bit instruction). Counts are cached per
//! block. The count is added when a block is entered; when a run stops inside
//! a block (a fault, a breakpoint, a peripheral read that needs the exact
//! count), the position of the PC in the block gives the exact figure.
//!
//! Instructions skipped by an IT block's condition count as executed, as they
//! do on hardware (they retire as no-ops).

/// True when `hw` is the first halfword of a 32-bit Thumb instruction.
pub(crate) fn is_wide(hw: u16) -> bool {
    hw >> 11 >= 0b11101
}

/// Number of instructions that start in `code` (little-endian Thumb) before
/// byte offset `end`.
pub(crate) fn insns_before(code: &[u8], end: usize) -> u32 {
    let end = end.min(code.len());
    let mut i = 0;
    let mut n = 0;
    while i < end {
        let hw = u16::from_le_bytes([code[i], *code.get(i + 1).unwrap_or(&0)]);
        i += if is_wide(hw) { 4 } else { 2 };
        n += 1;
    }
    n
}

/// Number of instructions in a whole block of Thumb code.
pub(crate) fn count_insns(code: &[u8]) -> u32 {
    insns_before(code, code.len())
}

/// Number of slots in the block-count cache (a power of two).
const CACHE_SLOTS: usize = 1 << 13;

/// One cached block: the count is valid while `generation` matches.
#[derive(Clone, Copy, Default)]
struct Slot {
    addr: u32,
    size: u32,
    generation: u32,
    count: u32,
}

/// A block that was entered and may not have run to its end.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Block {
    pub addr: u32,
    pub size: u32,
    /// Instructions executed before this block was entered.
    pub before: u64,
}

impl Block {
    pub fn contains(&self, pc: u32) -> bool {
        pc >= self.addr && (pc - self.addr) < self.size
    }
}

/// The running instruction count and the budget of the current run.
pub(crate) struct Counter {
    /// Instructions executed since the machine was built, counting the whole
    /// of the block entered last (see [`Counter::current`]).
    pub executed: u64,
    /// A block whose instructions would take `executed` past this is not
    /// entered: the run stops at its first instruction.
    pub limit: u64,
    /// The block entered last, until the run is known to have left it.
    pub current: Option<Block>,
    /// Set once the host has asked Unicorn to stop: blocks that Unicorn
    /// still announces before it stops are not executed and not counted.
    pub stopping: bool,
    /// While recording, every block entered: its address and instruction
    /// count, in order (see [`crate::Emulator::record_blocks`]).
    pub visits: Option<Vec<(u32, u32)>>,
    cache: Vec<Slot>,
    /// Bumped whenever the host writes memory, which may rewrite code.
    generation: u32,
}

impl Counter {
    pub fn new() -> Counter {
        Counter {
            executed: 0,
            limit: u64::MAX,
            current: None,
            stopping: false,
            visits: None,
            cache: vec![Slot::default(); CACHE_SLOTS],
            generation: 1,
        }
    }

    fn slot(addr: u32) -> usize {
        (addr as usize >> 1) & (CACHE_SLOTS - 1)
    }

    pub fn cached(&self, addr: u32, size: u32) -> Option<u32> {
        let s = &self.cache[Self::slot(addr)];
        (s.addr == addr && s.size == size && s.generation == self.generation).then_some(s.count)
    }

    pub fn remember(&mut self, addr: u32, size: u32, count: u32) {
        let generation = self.generation;
        self.cache[Self::slot(addr)] = Slot {
            addr,
            size,
            generation,
            count,
        };
    }

    /// Forgets every cached count: code may have changed under it. Guest
    /// stores into code are not seen here; Unicorn retranslates such code,
    /// and a stale count needs a rewritten block of the same address and
    /// size with a different mix of 16- and 32-bit instructions.
    pub fn invalidate(&mut self) {
        self.generation = self.generation.wrapping_add(1).max(1);
    }

    /// Prepares for a run that may execute at most `budget` instructions.
    pub fn start_run(&mut self, budget: u64) {
        self.limit = self.executed.saturating_add(budget);
        self.current = None;
        self.stopping = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(hws: &[u16]) -> Vec<u8> {
        hws.iter().flat_map(|h| h.to_le_bytes()).collect()
    }

    #[test]
    fn narrow_and_wide_instructions_count_once_each() {
        // movs r0,#1 ; movw r0,#0x1234 (f241 2034) ; bl (f000 f800) ; b .
        let code = bytes(&[0x2001, 0xf241, 0x2034, 0xf000, 0xf800, 0xe7fe]);
        assert_eq!(count_insns(&code), 4);
        assert_eq!(insns_before(&code, 0), 0);
        assert_eq!(insns_before(&code, 2), 1);
        assert_eq!(insns_before(&code, 6), 2);
        assert_eq!(insns_before(&code, 10), 3);
    }

    #[test]
    fn all_three_wide_prefixes_are_recognised() {
        for hw in [0xe800u16, 0xf000, 0xf800] {
            assert!(is_wide(hw), "{hw:#x}");
        }
        for hw in [0xe7feu16, 0x4770, 0xbf00] {
            assert!(!is_wide(hw), "{hw:#x}");
        }
    }

    #[test]
    fn cache_forgets_counts_after_invalidation() {
        let mut c = Counter::new();
        c.remember(0x100, 8, 3);
        assert_eq!(c.cached(0x100, 8), Some(3));
        assert_eq!(c.cached(0x100, 6), None);
        c.invalidate();
        assert_eq!(c.cached(0x100, 8), None);
    }
}
