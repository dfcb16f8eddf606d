//! The RP2040's and RP2350's resets, clocks, oscillators, PLLs and timers,
//! as start-up code meets them.
//!
//! Every register reads back what was last written, 0 before that; writes
//! through the atomic aliases (+0x1000 XOR, +0x2000 SET, +0x3000 CLR) update
//! the register they alias. Status bits that set-up code polls read as
//! "done", so the usual sequences finish at once: RESETS.RESET_DONE all ones
//! (every block out of reset), CLOCKS.CLK_*_SELECTED all ones (any
//! glitchless switch completes), XOSC and ROSC STATUS.STABLE, PLL CS.LOCK,
//! PSM.DONE; the TIMER reads microseconds derived from the instruction count
//! at the core's clock.

use super::super::{Alias, Regs};

pub(crate) struct Chip {
    clocks: u32,
    resets: u32,
    psm: u32,
    xosc: u32,
    plls: [u32; 2],
    rosc: u32,
    timers: &'static [u32],
    /// RESET_DONE bits that exist.
    reset_bits: u32,
    /// Number of clock generators (each has a SELECTED register).
    clock_count: u32,
}

pub(crate) const RP2040: Chip = Chip {
    clocks: 0x4000_8000,
    resets: 0x4000_c000,
    psm: 0x4001_0000,
    xosc: 0x4002_4000,
    plls: [0x4002_8000, 0x4002_c000],
    rosc: 0x4006_0000,
    timers: &[0x4005_4000],
    reset_bits: 0x01ff_ffff,
    clock_count: 10,
};

pub(crate) const RP2350: Chip = Chip {
    clocks: 0x4001_0000,
    resets: 0x4002_0000,
    psm: 0x4001_8000,
    xosc: 0x4004_8000,
    plls: [0x4005_0000, 0x4005_8000],
    rosc: 0x400e_8000,
    timers: &[0x400b_0000, 0x400b_8000],
    reset_bits: 0x1fff_ffff,
    clock_count: 11,
};

const STABLE: u32 = 1 << 31;
const ENABLED: u32 = 1 << 12;

/// One RP chip's peripheral space.
pub(crate) struct Rp {
    chip: &'static Chip,
    regs: Regs,
    /// Core clock, for turning instruction counts into timer microseconds.
    clock_hz: u32,
    /// TIMER: TIMEHR latched by the last TIMELR read.
    latched_high: u32,
}

impl Rp {
    pub fn new(chip: &'static Chip, clock_hz: u32) -> Rp {
        Rp {
            chip,
            regs: Regs::default(),
            clock_hz: clock_hz.max(1),
            latched_high: 0,
        }
    }

    /// Register value for read-modify-write merging of narrow writes.
    pub fn stored(&self, addr: u32) -> u32 {
        self.regs.get(Alias::decode(addr).0)
    }

    /// `executed`: instructions executed so far (block granularity is
    /// plenty for microseconds).
    pub fn read(&mut self, addr: u32, executed: u64) -> u32 {
        let rp = self.chip;
        let reg = Alias::decode(addr).0 & !3;
        let stored = self.regs.get(reg);
        let clock_selected =
            |off: u32| off >= 8 && (off - 8) % 12 == 0 && (off - 8) / 12 < rp.clock_count;
        if reg == rp.resets + 0x8 {
            rp.reset_bits
        } else if reg >= rp.clocks && reg < rp.clocks + 0x1000 && clock_selected(reg - rp.clocks) {
            u32::MAX
        } else if reg == rp.xosc + 0x4 || reg == rp.rosc + 0x18 {
            stored | STABLE | ENABLED
        } else if rp.plls.contains(&reg) {
            stored | STABLE
        } else if reg == rp.psm + 0xc {
            u32::MAX
        } else if let Some(&t) = rp.timers.iter().find(|&&t| reg >= t && reg < t + 0x30) {
            let us = (executed as u128 * 1_000_000 / self.clock_hz as u128) as u64;
            match reg - t {
                0x0c => {
                    self.latched_high = (us >> 32) as u32;
                    us as u32
                }
                0x08 => self.latched_high,
                0x24 => (us >> 32) as u32,
                0x28 => us as u32,
                _ => stored,
            }
        } else {
            stored
        }
    }

    /// `value` is the whole register after merging a narrow write.
    pub fn write(&mut self, addr: u32, value: u32) {
        let (reg, alias) = Alias::decode(addr);
        let old = self.regs.get(reg);
        self.regs.set(reg, alias.apply(old, value));
    }

    /// Why the chip keeps an access at `addr` from its block; see
    /// [`super::Periph::refusal`].
    pub fn refusal(&self, _addr: u32) -> Option<String> {
        None
    }

    /// The clock of the UART at `base`: `clk_peri`.
    pub fn uart_clock(&self, _base: u32) -> Result<u32, String> {
        Ok(self.clock_hz)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rp2040_unreset_sequence_completes() {
        let mut p = Rp::new(&RP2040, 125_000_000);
        // hw_clear_bits(&resets->reset, UART0 | IO_BANK0 | PADS_BANK0)
        p.write(0x4000_f000, 1 << 22 | 1 << 5 | 1 << 8);
        let done = p.read(0x4000_c008, 0);
        assert_eq!(
            done & (1 << 22 | 1 << 5 | 1 << 8),
            1 << 22 | 1 << 5 | 1 << 8
        );
    }

    #[test]
    fn rp_oscillators_and_plls_report_stable() {
        let mut p = Rp::new(&RP2350, 150_000_000);
        assert_ne!(p.read(0x4004_8004, 0) & STABLE, 0);
        p.write(0x4005_0000, 1); // PLL_SYS.CS = REFDIV 1
        assert_eq!(p.read(0x4005_0000, 0), STABLE | 1);
        assert_eq!(p.read(0x4001_0044, 0), u32::MAX); // CLK_SYS_SELECTED
    }

    #[test]
    fn rp_timer_reads_microseconds_of_instructions() {
        let mut p = Rp::new(&RP2040, 1_000_000);
        assert_eq!(p.read(0x4005_4028, 1234), 1234);
        assert_eq!(p.read(0x4005_400c, 5000), 5000);
        assert_eq!(p.read(0x4005_4008, 9000), 0);
    }
}
