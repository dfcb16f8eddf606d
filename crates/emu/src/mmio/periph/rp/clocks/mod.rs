//! The clock tree start-up code builds: the crystal oscillator (XOSC), the
//! ring oscillator (ROSC), PLL_SYS and PLL_USB, and the clk_ref, clk_sys
//! and clk_peri generators of CLOCKS, each with the frequency it gives now
//! or the reason it gives none.
//!
//! RP2040 datasheet 2.15 (clocks), 2.16 (XOSC), 2.17 (ROSC), 2.18 (PLL);
//! RP2350 datasheet 8.1 (clocks), 8.2 (XOSC), 8.3 (ROSC), 8.6 (PLL); the
//! register layouts of the SDK's `clocks.h`, `xosc.h`, `rosc.h`, `pll.h`.
//!
//! What is modelled:
//! - XOSC runs once enabled (CTRL.ENABLE = 0xFAB, with a FREQ_RANGE that
//!   suits the board's crystal) and its start-up delay (STARTUP.DELAY × 256
//!   crystal periods, × 4 with X4) has passed; STATUS.STABLE says so. An
//!   invalid ENABLE or FREQ_RANGE code keeps the previous setting and sets
//!   STATUS.BADWRITE, as on the chip.
//! - ROSC runs unless disabled (CTRL.ENABLE = 0xD1E), at the datasheets'
//!   nominal frequency (about 6.5 MHz on the RP2040, 11 MHz on the RP2350).
//!   Its frequency controls and divider are stored, not modelled.
//! - A PLL locks (CS.LOCK) only when out of reset, powered (PWR.PD and
//!   VCOPD clear), fed by a running XOSC, with REFDIV 1..63 leaving at least
//!   5 MHz, FBDIV 16..320 and the VCO within 750..1600 MHz. Its output is
//!   VCO / (POSTDIV1 × POSTDIV2) once POSTDIVPD is clear. Lock is immediate.
//! - clk_ref and clk_sys have glitchless muxes: CTRL.SRC asks for a source,
//!   the mux changes over once that source runs, and SELECTED reads 0 while
//!   it waits. clk_peri has ENABLE and KILL and an aux mux. Dividers are
//!   applied with their fractional parts (clk_sys) where they exist.
//! - GPIN inputs and LPOSC's exact frequency are not modelled; the other
//!   generators (gpout, usb, adc, rtc, hstx) are registers that read back.
//!
//! The oscillators are `osc`, the PLLs `pll`, the CLOCKS generators
//! `generators`; [`ClockTree`] joins them, since every frequency depends on
//! what feeds it.

mod generators;
mod osc;
mod pll;
#[cfg(test)]
mod tests;

use crate::mmio::regs::Regs;
use osc::{Rosc, Xosc};
use pll::Pll;

/// A bit field of a register.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Field {
    pub lsb: u32,
    pub width: u32,
}

impl Field {
    const fn new(lsb: u32, width: u32) -> Field {
        Field { lsb, width }
    }

    fn get(self, v: u32) -> u32 {
        (v >> self.lsb) & ((1u64 << self.width) - 1) as u32
    }

    /// The field holding 1: a divider's reset value.
    fn one(self) -> u32 {
        1 << self.lsb
    }
}

/// What differs between the two chips' clock trees.
pub(crate) struct ClockChip {
    /// ROSC's nominal output: RP2040 datasheet 2.17 gives 6.5 MHz typical,
    /// RP2350 datasheet 8.3 about 11 MHz.
    pub rosc_hz: u64,
    pub rosc_status: u32,
    /// The integer part of CLK_REF_DIV.
    pub ref_div: Field,
    /// CLK_SYS_DIV's integer and fractional parts.
    pub sys_div: (Field, Field),
    /// CLK_PERI_DIV's integer part, on the RP2350 only.
    pub peri_div: Option<Field>,
    /// CTRL.ENABLED (bit 28) reports a generator's enable (RP2350).
    pub enabled_bit: bool,
    /// XOSC FREQ_RANGE codes the chip runs a crystal with, and the
    /// frequencies each suits.
    pub xosc_ranges: &'static [(u32, u64, u64)],
    /// clk_ref's glitchless source 3 is the low-power oscillator.
    pub lposc: bool,
}

pub(crate) const RP2040: ClockChip = ClockChip {
    rosc_hz: 6_500_000,
    rosc_status: 0x18,
    ref_div: Field::new(8, 2),
    sys_div: (Field::new(8, 24), Field::new(0, 8)),
    peri_div: None,
    enabled_bit: false,
    // 0xaa1..0xaa3 are reserved on the RP2040.
    xosc_ranges: &[(0xaa0, 1_000_000, 15_000_000)],
    lposc: false,
};

pub(crate) const RP2350: ClockChip = ClockChip {
    rosc_hz: 11_000_000,
    rosc_status: 0x1c,
    ref_div: Field::new(16, 8),
    sys_div: (Field::new(16, 16), Field::new(0, 16)),
    peri_div: Some(Field::new(16, 2)),
    enabled_bit: true,
    xosc_ranges: &[
        (0xaa0, 1_000_000, 15_000_000),
        (0xaa1, 10_000_000, 30_000_000),
        (0xaa2, 25_000_000, 60_000_000),
        (0xaa3, 40_000_000, 100_000_000),
    ],
    lposc: true,
};

/// What a clock gives now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Supply {
    /// Running at this many Hz.
    Runs(u64),
    /// Enabled and starting (the crystal's start-up delay): it will run
    /// without another write.
    Starting(String),
    /// Not running, and it will not until software changes something: why.
    Stopped(String),
}

impl Supply {
    pub fn hz(&self) -> Option<u64> {
        match self {
            Supply::Runs(hz) => Some(*hz),
            _ => None,
        }
    }

    fn map(self, f: impl FnOnce(u64) -> u64) -> Supply {
        match self {
            Supply::Runs(hz) => Supply::Runs(f(hz)),
            other => other,
        }
    }
}

/// The clock tree of one chip.
pub(crate) struct ClockTree {
    chip: &'static ClockChip,
    crystal_hz: u64,
    /// CLOCKS registers by offset, as written.
    regs: Regs,
    /// The sources the glitchless muxes of clk_ref and clk_sys have
    /// selected (CTRL.SRC once the change-over happened).
    ref_selected: u32,
    sys_selected: u32,
    xosc: Xosc,
    rosc: Rosc,
    plls: [Pll; 2],
}

impl ClockTree {
    /// The tree at power-on: clk_ref and clk_sys on the ring oscillator,
    /// XOSC off, both PLLs powered down, clk_peri disabled.
    pub fn new(chip: &'static ClockChip, crystal_hz: u32) -> ClockTree {
        let mut t = ClockTree {
            chip,
            crystal_hz: crystal_hz as u64,
            regs: Regs::default(),
            ref_selected: 0,
            sys_selected: 0,
            xosc: Xosc::new(),
            rosc: Rosc::new(),
            plls: [Pll::new("PLL_SYS"), Pll::new("PLL_USB")],
        };
        t.power_on();
        t
    }

    pub fn power_on(&mut self) {
        self.power_on_generators();
        self.xosc.power_on();
        self.rosc.power_on();
        for p in &mut self.plls {
            p.reset();
        }
    }

    /// The tree as start-up code leaves it on the board: XOSC running,
    /// PLL_SYS giving `sys_hz` as clk_sys, PLL_USB 48 MHz, clk_ref from
    /// XOSC, clk_peri enabled from clk_sys (or from XOSC when `peri_hz` is
    /// the crystal's frequency).
    pub fn boot(&mut self, sys_hz: u32, peri_hz: u32) {
        self.power_on();
        self.xosc.boot();
        self.plls[0].boot(self.crystal_hz, sys_hz as u64);
        self.plls[1].boot(self.crystal_hz, 48_000_000);
        self.boot_generators(peri_hz as u64 == self.crystal_hz);
    }

    pub fn xosc(&self) -> Supply {
        self.xosc.supply(self.chip, self.crystal_hz)
    }

    /// Lets time pass to `now_ps`: the crystal becomes stable, and a
    /// glitchless mux changes over once the source asked for runs.
    pub fn settle(&mut self, now_ps: u128) {
        self.xosc.settle(now_ps);
        self.settle_muxes();
    }

    pub fn read_xosc(&self, off: u32) -> u32 {
        self.xosc.read(off)
    }

    pub fn write_xosc(&mut self, off: u32, value: u32, now_ps: u128) {
        self.xosc.write(off, value, now_ps, self.crystal_hz);
    }

    pub fn read_rosc(&self, off: u32) -> u32 {
        self.rosc.read(off, self.chip)
    }

    pub fn write_rosc(&mut self, off: u32, value: u32) {
        self.rosc.write(off, value);
    }

    pub fn read_pll(&self, pll: usize, off: u32) -> u32 {
        self.plls[pll].read(off, &self.xosc())
    }

    pub fn write_pll(&mut self, pll: usize, off: u32, value: u32) {
        self.plls[pll].write(off, value);
    }

    /// RESETS holds PLL `pll` (its registers return to their reset values)
    /// or releases it.
    pub fn hold_pll(&mut self, pll: usize, held: bool) {
        self.plls[pll].hold(held);
    }
}
