//! Registers as the device models hold them: aligned 32-bit words at
//! absolute addresses. Unicorn gives byte, halfword and word accesses;
//! [`extract`] and [`merge`] turn them into register reads and merged
//! register writes, and [`Alias`] decodes the RP parts' atomic aliases.

use std::collections::HashMap;

/// Registers that read back what was last written (0 before that).
#[derive(Default)]
pub(crate) struct Regs(HashMap<u32, u32>);

impl Regs {
    pub fn get(&self, addr: u32) -> u32 {
        self.0.get(&(addr & !3)).copied().unwrap_or(0)
    }

    pub fn set(&mut self, addr: u32, value: u32) {
        self.0.insert(addr & !3, value);
    }

    /// Forgets the registers from `start` up to `end` (they read 0 again).
    pub fn clear_range(&mut self, start: u32, end: u32) {
        self.0.retain(|&a, _| a < start || a >= end);
    }
}

/// The `size` bytes at `addr` out of the aligned register value `word`.
pub(crate) fn extract(word: u32, addr: u32, size: usize) -> u64 {
    let shifted = (word >> ((addr & 3) * 8)) as u64;
    match size {
        1 => shifted & 0xff,
        2 => shifted & 0xffff,
        _ => shifted & 0xffff_ffff,
    }
}

/// `old` with a `size`-byte write of `value` at `addr` merged in.
pub(crate) fn merge(old: u32, addr: u32, size: usize, value: u64) -> u32 {
    if size >= 4 {
        return value as u32;
    }
    let shift = (addr & 3) * 8;
    let mask = (((1u64 << (size * 8)) - 1) as u32) << shift;
    (old & !mask) | (((value as u32) << shift) & mask)
}

/// The address range of a peripheral block, atomic aliases included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Span {
    pub base: u32,
    pub size: u32,
}

impl Span {
    pub fn contains(self, addr: u32) -> bool {
        addr.wrapping_sub(self.base) < self.size
    }
}

/// How an RP2040/RP2350 peripheral write applies, by address bits 13:12.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Alias {
    Normal,
    Xor,
    Set,
    Clear,
}

impl Alias {
    /// Splits an address into the register it names and the alias used.
    pub fn decode(addr: u32) -> (u32, Alias) {
        let alias = match (addr >> 12) & 3 {
            0 => Alias::Normal,
            1 => Alias::Xor,
            2 => Alias::Set,
            _ => Alias::Clear,
        };
        (addr & !0x3000, alias)
    }

    pub fn apply(self, old: u32, value: u32) -> u32 {
        match self {
            Alias::Normal => value,
            Alias::Xor => old ^ value,
            Alias::Set => old | value,
            Alias::Clear => old & !value,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrow_accesses_address_their_byte_lanes() {
        assert_eq!(extract(0x1122_3344, 0x1001, 1), 0x33);
        assert_eq!(extract(0x1122_3344, 0x1002, 2), 0x1122);
        assert_eq!(merge(0x1122_3344, 0x1001, 1, 0xaa), 0x1122_aa44);
        assert_eq!(merge(0x1122_3344, 0x1002, 2, 0xbeef), 0xbeef_3344);
        assert_eq!(merge(0x1122_3344, 0x1000, 4, 7), 7);
    }

    #[test]
    fn rp_aliases_xor_set_and_clear() {
        assert_eq!(Alias::decode(0x4000_f004), (0x4000_c004, Alias::Clear));
        assert_eq!(Alias::decode(0x4000_d004), (0x4000_c004, Alias::Xor));
        assert_eq!(Alias::Set.apply(0b0101, 0b0010), 0b0111);
        assert_eq!(Alias::Clear.apply(0b0111, 0b0010), 0b0101);
        assert_eq!(Alias::Xor.apply(0b0111, 0b0011), 0b0100);
    }
}
