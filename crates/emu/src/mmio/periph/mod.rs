//! A permissive model of the peripheral space that start-up code touches
//! (resets, clocks, oscillators, PLLs, GPIO and pad muxing).
//!
//! Every register reads back what was last written, 0 before that; on the RP
//! parts writes through the atomic aliases (+0x1000 XOR, +0x2000 SET,
//! +0x3000 CLR) update the register they alias. Status bits that set-up code
//! polls read as "done", so the usual sequences finish at once:
//! - RP2040/RP2350: RESETS.RESET_DONE all ones (every block out of reset),
//!   CLOCKS.CLK_*_SELECTED all ones (any glitchless switch completes),
//!   XOSC and ROSC STATUS.STABLE, PLL CS.LOCK, PSM.DONE; the TIMER reads
//!   microseconds derived from the instruction count at the target's clock.
//! - STM32F4: RCC.CR ready bits follow their ON bits (HSI, HSE, PLL, PLLI2S),
//!   CFGR.SWS follows SW, BDCR.LSERDY and CSR.LSIRDY follow their ON bits,
//!   PWR.CSR.VOSRDY is set.
//!
//! Nothing is clocked, muxed or reset for real: GPIO pins have no state
//! beyond their registers, and a peripheral other than the console UART
//! does nothing.

use crate::board::Family;

use super::{Alias, Regs};

struct Rp {
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

const RP2040: Rp = Rp {
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

const RP2350: Rp = Rp {
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

// STM32F4 RCC and PWR.
const RCC_CR: u32 = 0x4002_3800;
const RCC_CFGR: u32 = 0x4002_3808;
const RCC_BDCR: u32 = 0x4002_3870;
const RCC_CSR: u32 = 0x4002_3874;
const PWR_CSR: u32 = 0x4000_7004;
/// HSION, HSEON, PLLON, PLLI2SON: each ready bit is the next bit up.
const RCC_CR_ON_BITS: u32 = 1 | 1 << 16 | 1 << 24 | 1 << 26;
/// RCC.CR after reset: HSI on and ready, trim 16.
const RCC_CR_RESET: u32 = 0x0000_0083;
const PWR_CSR_VOSRDY: u32 = 1 << 14;

pub(crate) struct Periph {
    family: Family,
    regs: Regs,
    /// Core clock, for turning instruction counts into timer microseconds.
    clock_hz: u32,
    /// RP TIMER: TIMEHR latched by the last TIMELR read.
    latched_high: u32,
}

impl Periph {
    pub fn new(family: Family, clock_hz: u32) -> Periph {
        let mut regs = Regs::default();
        if family == Family::Stm32F4 {
            regs.set(RCC_CR, RCC_CR_RESET);
        }
        Periph {
            family,
            regs,
            clock_hz: clock_hz.max(1),
            latched_high: 0,
        }
    }

    fn decode(&self, addr: u32) -> (u32, Alias) {
        if self.family.atomic_aliases() {
            Alias::decode(addr)
        } else {
            (addr & !3, Alias::Normal)
        }
    }

    /// Register value for read-modify-write merging of narrow writes.
    pub fn stored(&self, addr: u32) -> u32 {
        self.regs.get(self.decode(addr).0)
    }

    /// `executed`: instructions executed so far (block granularity is
    /// plenty for microseconds).
    pub fn read(&mut self, addr: u32, executed: u64) -> u32 {
        let (reg, _) = self.decode(addr);
        let reg = reg & !3;
        let stored = self.regs.get(reg);
        match self.family {
            Family::Rp2040 => self.read_rp(&RP2040, reg, stored, executed),
            Family::Rp2350 => self.read_rp(&RP2350, reg, stored, executed),
            Family::Stm32F4 => match reg {
                RCC_CR | RCC_BDCR | RCC_CSR => stored | (stored & RCC_CR_ON_BITS) << 1,
                RCC_CFGR => (stored & !0xc) | (stored & 3) << 2,
                PWR_CSR => stored | PWR_CSR_VOSRDY,
                _ => stored,
            },
            Family::Generic => stored,
        }
    }

    fn read_rp(&mut self, rp: &Rp, reg: u32, stored: u32, executed: u64) -> u32 {
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

    /// Why the chip would keep an access at `addr` from reaching its
    /// peripheral (the block is held in reset, its clock is off), named for
    /// a report; None when it would reach it. Only asked while the emulator
    /// is strict ([`crate::Emulator::set_strict`]).
    pub fn refusal(&self, _addr: u32) -> Option<String> {
        None
    }

    /// The frequency of the clock that drives the console UART at `base`,
    /// or why it has none (its clock is off).
    #[allow(dead_code)] // the UART model's baud check asks it
    pub fn uart_clock(&self, _base: u32) -> Result<u32, String> {
        Ok(self.clock_hz)
    }

    /// `value` is the whole register after merging a narrow write.
    pub fn write(&mut self, addr: u32, value: u32) {
        let (reg, alias) = self.decode(addr);
        let old = self.regs.get(reg);
        self.regs.set(reg, alias.apply(old, value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rp2040_unreset_sequence_completes() {
        let mut p = Periph::new(Family::Rp2040, 125_000_000);
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
        let mut p = Periph::new(Family::Rp2350, 150_000_000);
        assert_ne!(p.read(0x4004_8004, 0) & STABLE, 0);
        p.write(0x4005_0000, 1); // PLL_SYS.CS = REFDIV 1
        assert_eq!(p.read(0x4005_0000, 0), STABLE | 1);
        assert_eq!(p.read(0x4001_0044, 0), u32::MAX); // CLK_SYS_SELECTED
    }

    #[test]
    fn rp_timer_reads_microseconds_of_instructions() {
        let mut p = Periph::new(Family::Rp2040, 1_000_000);
        assert_eq!(p.read(0x4005_4028, 1234), 1234);
        assert_eq!(p.read(0x4005_400c, 5000), 5000);
        assert_eq!(p.read(0x4005_4008, 9000), 0);
    }

    #[test]
    fn stm32_rcc_ready_bits_follow_their_enables() {
        let mut p = Periph::new(Family::Stm32F4, 16_000_000);
        assert_eq!(p.read(RCC_CR, 0) & 2, 2, "HSI ready at reset");
        p.write(RCC_CR, RCC_CR_RESET | 1 << 16 | 1 << 24);
        let cr = p.read(RCC_CR, 0);
        assert_ne!(cr & 1 << 17, 0);
        assert_ne!(cr & 1 << 25, 0);
        p.write(RCC_CFGR, 2);
        assert_eq!(p.read(RCC_CFGR, 0) & 0xc, 8);
        // Plain registers read back, with no RP aliasing on STM32.
        p.write(0x4002_3830, 1);
        assert_eq!(p.read(0x4002_3830, 0), 1);
        p.write(0x4002_0000, 0xa800_0000);
        assert_eq!(p.read(0x4002_0000, 0), 0xa800_0000);
    }
}
