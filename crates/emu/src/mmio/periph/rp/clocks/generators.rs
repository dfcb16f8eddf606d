//! The clock generators of CLOCKS that the core and the UART run from:
//! clk_ref and clk_sys with their glitchless muxes, clk_peri with its
//! enable, kill and aux mux, and the dividers after them. The other
//! generators (gpout, usb, adc, rtc, hstx) are registers that read back.

use super::{ClockTree, Supply};
use crate::mmio::regs::Regs;

// Ten generators of CTRL, DIV, SELECTED from 0x00 (gpout0..3, then ref,
// sys, peri on both chips).
const GENERATORS: u32 = 10;
pub(super) const REF_CTRL: u32 = 0x30;
const REF_DIV: u32 = 0x34;
pub(super) const REF_SELECTED: u32 = 0x38;
pub(super) const SYS_CTRL: u32 = 0x3c;
pub(super) const SYS_DIV: u32 = 0x40;
pub(super) const SYS_SELECTED: u32 = 0x44;
pub(super) const PERI_CTRL: u32 = 0x48;
pub(super) const PERI_DIV: u32 = 0x4c;
pub(super) const CTRL_ENABLE: u32 = 1 << 11;
const CTRL_KILL: u32 = 1 << 10;
pub(super) const CTRL_ENABLED: u32 = 1 << 28;

/// A clock source a mux can select.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Src {
    Rosc,
    Xosc,
    PllSys,
    PllUsb,
    ClkRef,
    ClkSys,
    Lposc,
    Gpin(u8),
    Reserved,
}

impl Src {
    fn name(self) -> String {
        match self {
            Src::Rosc => "ROSC".into(),
            Src::Xosc => "XOSC".into(),
            Src::PllSys => "PLL_SYS".into(),
            Src::PllUsb => "PLL_USB".into(),
            Src::ClkRef => "clk_ref".into(),
            Src::ClkSys => "clk_sys".into(),
            Src::Lposc => "LPOSC".into(),
            Src::Gpin(n) => format!("GPIN{n}"),
            Src::Reserved => "a reserved source".into(),
        }
    }
}

fn pick(table: &[Src], n: u32) -> Src {
    table.get(n as usize).copied().unwrap_or(Src::Reserved)
}

const REF_AUX: &[Src] = &[Src::PllUsb, Src::Gpin(0), Src::Gpin(1)];
const SYS_AUX: &[Src] = &[
    Src::PllSys,
    Src::PllUsb,
    Src::Rosc,
    Src::Xosc,
    Src::Gpin(0),
    Src::Gpin(1),
];
const PERI_AUX: &[Src] = &[
    Src::ClkSys,
    Src::PllSys,
    Src::PllUsb,
    Src::Rosc,
    Src::Xosc,
    Src::Gpin(0),
    Src::Gpin(1),
];

/// `hz` divided by a divider of `int` (0 meaning 2^int_bits) and `frac`
/// 2^-frac_bits parts, rounded to the nearest Hz.
fn divide(hz: u64, int: u32, int_bits: u32, frac: u32, frac_bits: u32) -> u64 {
    let int = if int == 0 {
        1u128 << int_bits
    } else {
        int as u128
    };
    let d = (int << frac_bits) + frac as u128;
    (((hz as u128) << frac_bits) + d / 2)
        .checked_div(d)
        .unwrap_or(0) as u64
}

impl ClockTree {
    /// The generators at power-on: every divider at 1, clk_ref and clk_sys
    /// on their first sources (ROSC, and clk_ref), clk_peri disabled.
    pub(super) fn power_on_generators(&mut self) {
        self.regs = Regs::default();
        for g in 0..GENERATORS {
            let div = 12 * g + 4;
            if div == PERI_DIV && self.chip.peri_div.is_none() {
                continue;
            }
            let one = if div == REF_DIV {
                self.chip.ref_div.one()
            } else {
                self.chip.sys_div.0.one()
            };
            self.regs.set(div, one);
        }
        self.ref_selected = 0;
        self.sys_selected = 0;
    }

    /// The generators as start-up code leaves them: clk_ref from XOSC,
    /// clk_sys from PLL_SYS, clk_peri enabled from clk_sys or, when
    /// `peri_from_xosc`, from XOSC.
    pub(super) fn boot_generators(&mut self, peri_from_xosc: bool) {
        self.regs.set(REF_CTRL, 2);
        self.regs.set(SYS_CTRL, 1);
        let peri_src = if peri_from_xosc { 4 } else { 0 };
        self.regs.set(PERI_CTRL, CTRL_ENABLE | peri_src << 5);
        self.ref_selected = 2;
        self.sys_selected = 1;
    }

    fn ref_source(&self, n: u32) -> Src {
        match n {
            0 => Src::Rosc,
            1 => pick(REF_AUX, (self.regs.get(REF_CTRL) >> 5) & 3),
            2 => Src::Xosc,
            _ if self.chip.lposc => Src::Lposc,
            _ => Src::Reserved,
        }
    }

    fn sys_source(&self, n: u32) -> Src {
        if n == 0 {
            Src::ClkRef
        } else {
            pick(SYS_AUX, (self.regs.get(SYS_CTRL) >> 5) & 7)
        }
    }

    pub(super) fn supply(&self, src: Src) -> Supply {
        match src {
            Src::Rosc => self.rosc.supply(self.chip),
            Src::Xosc => self.xosc(),
            Src::PllSys => self.plls[0].output(&self.xosc()),
            Src::PllUsb => self.plls[1].output(&self.xosc()),
            Src::ClkRef => self.clk_ref(),
            Src::ClkSys => self.clk_sys(),
            // The RP2350's low-power oscillator, nominally 32.768 kHz.
            Src::Lposc => Supply::Runs(32_768),
            Src::Gpin(n) => Supply::Stopped(format!(
                "GPIN{n} is an external clock input the emulator does not model"
            )),
            Src::Reserved => Supply::Stopped("the source selected is reserved".into()),
        }
    }

    pub fn clk_ref(&self) -> Supply {
        let div = self.chip.ref_div;
        let int = div.get(self.regs.get(REF_DIV));
        self.supply(self.ref_source(self.ref_selected))
            .map(|hz| divide(hz, int, div.width, 0, 0))
    }

    pub fn clk_sys(&self) -> Supply {
        let (int, frac) = self.chip.sys_div;
        let d = self.regs.get(SYS_DIV);
        self.supply(self.sys_source(self.sys_selected))
            .map(|hz| divide(hz, int.get(d), int.width, frac.get(d), frac.width))
    }

    pub fn clk_peri(&self) -> Supply {
        let ctrl = self.regs.get(PERI_CTRL);
        if ctrl & CTRL_ENABLE == 0 {
            return Supply::Stopped("clk_peri is not enabled (CLK_PERI_CTRL.ENABLE clear)".into());
        }
        if ctrl & CTRL_KILL != 0 {
            return Supply::Stopped("clk_peri is killed (CLK_PERI_CTRL.KILL set)".into());
        }
        let src = pick(PERI_AUX, (ctrl >> 5) & 7);
        let supply = match self.supply(src) {
            Supply::Stopped(why) => {
                return Supply::Stopped(format!(
                    "clk_peri runs from {}, which does not run: {why}",
                    src.name()
                ))
            }
            other => other,
        };
        match self.chip.peri_div {
            Some(div) => {
                let int = div.get(self.regs.get(PERI_DIV));
                supply.map(|hz| divide(hz, int, div.width, 0, 0))
            }
            None => supply,
        }
    }

    /// Why the core's clock has stopped, if it has: clk_sys switched to a
    /// source that does not run, or its source stopped under it. The chip
    /// would hang there.
    pub fn stall(&self) -> Option<String> {
        let wanted = self.regs.get(SYS_CTRL) & 1;
        if wanted != self.sys_selected {
            let src = self.sys_source(wanted);
            if let Supply::Stopped(why) = self.supply(src) {
                return Some(format!(
                    "clk_sys was switched to {}, which does not run, and the core stops with it: {why}",
                    src.name()
                ));
            }
        }
        match self.clk_sys() {
            Supply::Stopped(why) => {
                Some(format!("clk_sys has stopped, and the core with it: {why}"))
            }
            _ => None,
        }
    }

    /// A glitchless mux changes over once the source asked for runs.
    pub(super) fn settle_muxes(&mut self) {
        let wanted = self.regs.get(REF_CTRL) & 3;
        if wanted != self.ref_selected
            && matches!(self.supply(self.ref_source(wanted)), Supply::Runs(_))
        {
            self.ref_selected = wanted;
        }
        let wanted = self.regs.get(SYS_CTRL) & 1;
        if wanted != self.sys_selected
            && matches!(self.supply(self.sys_source(wanted)), Supply::Runs(_))
        {
            self.sys_selected = wanted;
        }
    }

    pub fn read_clocks(&self, off: u32) -> u32 {
        let stored = self.regs.get(off);
        let generator = off / 12;
        match off {
            REF_SELECTED => selected(self.regs.get(REF_CTRL) & 3, self.ref_selected),
            SYS_SELECTED => selected(self.regs.get(SYS_CTRL) & 1, self.sys_selected),
            // The other generators have no glitchless mux: hardwired to 1.
            _ if off % 12 == 8 && generator < GENERATORS => 1,
            _ if off % 12 == 0
                && generator < GENERATORS
                && self.chip.enabled_bit
                && stored & CTRL_ENABLE != 0 =>
            {
                stored | CTRL_ENABLED
            }
            _ => stored,
        }
    }

    pub fn write_clocks(&mut self, off: u32, value: u32) {
        self.regs.set(off, value & !CTRL_ENABLED);
    }

    /// The value a register holds for an atomic alias write to combine with.
    pub fn stored_clocks(&self, off: u32) -> u32 {
        self.regs.get(off)
    }
}

/// One-hot SELECTED: 0 while the mux waits to change over.
fn selected(wanted: u32, selected: u32) -> u32 {
    if wanted == selected {
        1 << selected
    } else {
        0
    }
}
