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

use crate::mmio::regs::Regs;
use crate::mmio::units::{mhz, PS_PER_S};

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

// CLOCKS: ten generators of CTRL, DIV, SELECTED from 0x00 (gpout0..3, then
// ref, sys, peri on both chips).
const GENERATORS: u32 = 10;
pub(crate) const REF_CTRL: u32 = 0x30;
pub(crate) const REF_DIV: u32 = 0x34;
const REF_SELECTED: u32 = 0x38;
pub(crate) const SYS_CTRL: u32 = 0x3c;
pub(crate) const SYS_DIV: u32 = 0x40;
const SYS_SELECTED: u32 = 0x44;
pub(crate) const PERI_CTRL: u32 = 0x48;
const PERI_DIV: u32 = 0x4c;
const CTRL_ENABLE: u32 = 1 << 11;
const CTRL_KILL: u32 = 1 << 10;
const CTRL_ENABLED: u32 = 1 << 28;

// XOSC.
const XOSC_CTRL: u32 = 0x00;
const XOSC_STATUS: u32 = 0x04;
const XOSC_DORMANT: u32 = 0x08;
const XOSC_STARTUP: u32 = 0x0c;
const ENABLE_CODE: u32 = 0xfab;
const DISABLE_CODE: u32 = 0xd1e;
const STATUS_STABLE: u32 = 1 << 31;
const STATUS_BADWRITE: u32 = 1 << 24;
const STATUS_ENABLED: u32 = 1 << 12;

// PLL.
const PLL_CS: u32 = 0x0;
const PLL_PWR: u32 = 0x4;
const PLL_FBDIV: u32 = 0x8;
const PLL_PRIM: u32 = 0xc;
const CS_LOCK: u32 = 1 << 31;
const CS_BYPASS: u32 = 1 << 8;
const PWR_PD: u32 = 1 << 0;
const PWR_DSMPD: u32 = 1 << 2;
const PWR_POSTDIVPD: u32 = 1 << 3;
const PWR_VCOPD: u32 = 1 << 5;
const VCO_MIN: u64 = 750_000_000;
const VCO_MAX: u64 = 1_600_000_000;
const PLL_REF_MIN: u64 = 5_000_000;

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

/// A clock source a mux can select.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Src {
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

struct Xosc {
    ctrl: u32,
    startup: u32,
    dormant: u32,
    enabled: bool,
    /// The FREQ_RANGE code in use.
    range: u32,
    stable: bool,
    /// When it becomes stable, in picoseconds of emulated time.
    stable_at: u128,
    badwrite: bool,
}

struct Pll {
    name: &'static str,
    cs: u32,
    pwr: u32,
    fbdiv: u32,
    prim: u32,
    /// Held in reset by RESETS: registers at their reset values, no output.
    held: bool,
}

impl Pll {
    fn new(name: &'static str) -> Pll {
        let mut p = Pll {
            name,
            cs: 0,
            pwr: 0,
            fbdiv: 0,
            prim: 0,
            held: false,
        };
        p.reset();
        p
    }

    /// The registers' reset values (`pll.h`): REFDIV 1, everything powered
    /// down, FBDIV 0, both post dividers 7.
    fn reset(&mut self) {
        self.cs = 1;
        self.pwr = PWR_PD | PWR_DSMPD | PWR_POSTDIVPD | PWR_VCOPD;
        self.fbdiv = 0;
        self.prim = 7 << 16 | 7 << 12;
    }

    /// The VCO frequency once locked, or why it cannot lock.
    fn lock(&self, xosc: &Supply) -> Result<u64, Supply> {
        let n = self.name;
        let stopped = |why: String| Err(Supply::Stopped(why));
        if self.held {
            return stopped(format!("{n} is held in reset"));
        }
        if self.pwr & PWR_PD != 0 {
            return stopped(format!("{n} is powered down ({n}.PWR.PD set)"));
        }
        if self.pwr & PWR_VCOPD != 0 {
            return stopped(format!("{n}'s VCO is powered down ({n}.PWR.VCOPD set)"));
        }
        let refdiv = self.cs & 0x3f;
        if refdiv == 0 {
            return stopped(format!("{n}.CS.REFDIV is 0"));
        }
        let xosc_hz = match xosc {
            Supply::Runs(hz) => *hz,
            Supply::Starting(why) => {
                return Err(Supply::Starting(format!(
                    "{n} waits for its reference: {why}"
                )))
            }
            Supply::Stopped(why) => {
                return stopped(format!("{n}'s reference does not run: {why}"));
            }
        };
        let reference = xosc_hz / refdiv as u64;
        if reference < PLL_REF_MIN {
            return stopped(format!(
                "{n}'s reference is {} after REFDIV {refdiv}, below the 5 MHz the PLL needs",
                mhz(reference)
            ));
        }
        if !(16..=320).contains(&self.fbdiv) {
            return stopped(format!("{n}.FBDIV_INT is {}, outside 16..320", self.fbdiv));
        }
        let vco = reference * self.fbdiv as u64;
        if !(VCO_MIN..=VCO_MAX).contains(&vco) {
            return stopped(format!(
                "{n}'s VCO would run at {}, outside 750..1600 MHz",
                mhz(vco)
            ));
        }
        Ok(vco)
    }

    fn output(&self, xosc: &Supply) -> Supply {
        let n = self.name;
        let vco = match self.lock(xosc) {
            Ok(vco) => vco,
            Err(s) => return s,
        };
        if self.cs & CS_BYPASS != 0 {
            return xosc.clone().map(|hz| hz / (self.cs & 0x3f) as u64);
        }
        if self.pwr & PWR_POSTDIVPD != 0 {
            return Supply::Stopped(format!(
                "{n}'s post dividers are powered down ({n}.PWR.POSTDIVPD set)"
            ));
        }
        let (pd1, pd2) = ((self.prim >> 16) & 7, (self.prim >> 12) & 7);
        if pd1 == 0 || pd2 == 0 {
            return Supply::Stopped(format!("{n}.PRIM has a post divider of 0"));
        }
        Supply::Runs(vco / (pd1 * pd2) as u64)
    }

    fn read(&self, off: u32, xosc: &Supply) -> u32 {
        match off {
            PLL_CS => self.cs | if self.lock(xosc).is_ok() { CS_LOCK } else { 0 },
            PLL_PWR => self.pwr,
            PLL_FBDIV => self.fbdiv,
            PLL_PRIM => self.prim,
            _ => 0,
        }
    }

    fn write(&mut self, off: u32, value: u32) {
        match off {
            PLL_CS => self.cs = value & (CS_BYPASS | 0x3f),
            PLL_PWR => self.pwr = value & (PWR_PD | PWR_DSMPD | PWR_POSTDIVPD | PWR_VCOPD),
            PLL_FBDIV => self.fbdiv = value & 0xfff,
            PLL_PRIM => self.prim = value & (7 << 16 | 7 << 12),
            _ => {}
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
    rosc_ctrl: u32,
    rosc: Regs,
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
            xosc: Xosc {
                ctrl: 0,
                startup: 0,
                dormant: 0,
                enabled: false,
                range: 0xaa0,
                stable: false,
                stable_at: 0,
                badwrite: false,
            },
            rosc_ctrl: 0,
            rosc: Regs::default(),
            plls: [Pll::new("PLL_SYS"), Pll::new("PLL_USB")],
        };
        t.power_on();
        t
    }

    pub fn power_on(&mut self) {
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
        self.xosc.ctrl = 0;
        self.xosc.startup = 0;
        self.xosc.dormant = 0;
        self.xosc.enabled = false;
        self.xosc.range = 0xaa0;
        self.xosc.stable = false;
        self.xosc.badwrite = false;
        self.rosc_ctrl = ENABLE_CODE << 12 | 0xaa0;
        self.rosc = Regs::default();
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
        self.xosc.ctrl = ENABLE_CODE << 12 | 0xaa0;
        self.xosc.enabled = true;
        self.xosc.stable = true;
        for (pll, hz) in [(0, sys_hz as u64), (1, 48_000_000)] {
            let (fbdiv, pd1, pd2) = pll_setting(self.crystal_hz, hz);
            let p = &mut self.plls[pll];
            p.cs = 1;
            p.fbdiv = fbdiv;
            p.prim = pd1 << 16 | pd2 << 12;
            p.pwr = PWR_DSMPD;
        }
        self.regs.set(REF_CTRL, 2);
        self.regs.set(SYS_CTRL, 1);
        let peri_src = if peri_hz as u64 == self.crystal_hz {
            4
        } else {
            0
        };
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

    fn supply(&self, src: Src) -> Supply {
        match src {
            Src::Rosc => self.rosc(),
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

    pub fn xosc(&self) -> Supply {
        let x = &self.xosc;
        if !x.enabled {
            return Supply::Stopped("XOSC is disabled (XOSC.CTRL.ENABLE is not 0xFAB)".into());
        }
        let suits = self
            .chip
            .xosc_ranges
            .iter()
            .any(|&(code, lo, hi)| code == x.range && (lo..=hi).contains(&self.crystal_hz));
        if !suits {
            return Supply::Stopped(format!(
                "XOSC.CTRL.FREQ_RANGE {:#x} does not suit the board's {} crystal",
                x.range,
                mhz(self.crystal_hz)
            ));
        }
        if !x.stable {
            return Supply::Starting("XOSC is starting (XOSC.STATUS.STABLE clear)".into());
        }
        Supply::Runs(self.crystal_hz)
    }

    fn rosc(&self) -> Supply {
        if (self.rosc_ctrl >> 12) & 0xfff == DISABLE_CODE {
            Supply::Stopped("ROSC is disabled (ROSC.CTRL.ENABLE is 0xD1E)".into())
        } else {
            Supply::Runs(self.chip.rosc_hz)
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

    /// Lets time pass to `now_ps`: the crystal becomes stable, and a
    /// glitchless mux changes over once the source asked for runs.
    pub fn settle(&mut self, now_ps: u128) {
        if self.xosc.enabled && !self.xosc.stable && now_ps >= self.xosc.stable_at {
            self.xosc.stable = true;
        }
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
            REF_SELECTED => self.selected(self.regs.get(REF_CTRL) & 3, self.ref_selected),
            SYS_SELECTED => self.selected(self.regs.get(SYS_CTRL) & 1, self.sys_selected),
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

    /// One-hot SELECTED: 0 while the mux waits to change over.
    fn selected(&self, wanted: u32, selected: u32) -> u32 {
        if wanted == selected {
            1 << selected
        } else {
            0
        }
    }

    pub fn write_clocks(&mut self, off: u32, value: u32) {
        self.regs.set(off, value & !CTRL_ENABLED);
    }

    /// The value a register holds for an atomic alias write to combine with.
    pub fn stored_clocks(&self, off: u32) -> u32 {
        self.regs.get(off)
    }

    pub fn read_xosc(&self, off: u32) -> u32 {
        let x = &self.xosc;
        match off {
            XOSC_CTRL => x.ctrl,
            XOSC_STATUS => {
                let flag = |on: bool, bit: u32| if on { bit } else { 0 };
                flag(x.stable, STATUS_STABLE)
                    | flag(x.badwrite, STATUS_BADWRITE)
                    | flag(x.enabled, STATUS_ENABLED)
                    | (x.range & 3)
            }
            XOSC_DORMANT => x.dormant,
            XOSC_STARTUP => x.startup,
            _ => 0,
        }
    }

    pub fn write_xosc(&mut self, off: u32, value: u32, now_ps: u128) {
        match off {
            XOSC_CTRL => {
                let x = &mut self.xosc;
                x.ctrl = value & 0x00ff_ffff;
                let range = value & 0xfff;
                if (0xaa0..=0xaa3).contains(&range) {
                    x.range = range;
                } else {
                    x.badwrite = true;
                }
                let enable = match (value >> 12) & 0xfff {
                    ENABLE_CODE => true,
                    DISABLE_CODE => false,
                    _ => {
                        x.badwrite = true;
                        x.enabled
                    }
                };
                if enable && !x.enabled {
                    let cycles = (x.startup & 0x3fff) as u128
                        * 256
                        * if x.startup & 1 << 20 != 0 { 4 } else { 1 };
                    x.stable_at = now_ps + cycles * PS_PER_S / self.crystal_hz.max(1) as u128;
                }
                if !enable {
                    x.stable = false;
                }
                x.enabled = enable;
            }
            XOSC_STATUS if value & STATUS_BADWRITE != 0 => self.xosc.badwrite = false,
            XOSC_DORMANT => self.xosc.dormant = value,
            XOSC_STARTUP => self.xosc.startup = value & 0x0010_3fff,
            _ => {}
        }
    }

    pub fn read_rosc(&self, off: u32) -> u32 {
        if off == 0 {
            self.rosc_ctrl
        } else if off == self.chip.rosc_status {
            match self.rosc() {
                // STABLE, DIV_RUNNING, ENABLED.
                Supply::Runs(_) => STATUS_STABLE | 1 << 16 | STATUS_ENABLED,
                _ => 0,
            }
        } else {
            self.rosc.get(off)
        }
    }

    pub fn write_rosc(&mut self, off: u32, value: u32) {
        if off == 0 {
            self.rosc_ctrl = value & 0x00ff_ffff;
        } else {
            self.rosc.set(off, value);
        }
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
        let p = &mut self.plls[pll];
        if held && !p.held {
            p.reset();
        }
        p.held = held;
    }
}

/// FBDIV and the two post dividers that give `hz` from `crystal` with
/// REFDIV 1 and the VCO in range, searched as the SDK's
/// `check_sys_clock_hz` does (highest VCO first); the nearest frequency
/// when none gives it exactly.
fn pll_setting(crystal: u64, hz: u64) -> (u32, u32, u32) {
    let mut best = (u64::MAX, (125, 6, 2));
    for fbdiv in (16..=320u32).rev() {
        let vco = crystal * fbdiv as u64;
        if !(VCO_MIN..=VCO_MAX).contains(&vco) {
            continue;
        }
        for pd1 in (1..=7u32).rev() {
            for pd2 in (1..=pd1).rev() {
                let error = (vco / (pd1 * pd2) as u64).abs_diff(hz);
                if error < best.0 {
                    best = (error, (fbdiv, pd1, pd2));
                }
            }
        }
    }
    best.1
}

#[cfg(test)]
mod tests {
    use super::*;

    const MHZ: u64 = 1_000_000;

    fn xosc_on(t: &mut ClockTree) {
        t.write_xosc(XOSC_STARTUP, 47, 0);
        t.write_xosc(XOSC_CTRL, ENABLE_CODE << 12 | 0xaa0, 0);
    }

    #[test]
    fn the_crystal_runs_after_its_start_up_delay() {
        let mut t = ClockTree::new(&RP2040, 12_000_000);
        assert!(matches!(t.xosc(), Supply::Stopped(_)));
        xosc_on(&mut t);
        assert_eq!(t.read_xosc(XOSC_STATUS) & STATUS_STABLE, 0);
        assert!(matches!(t.xosc(), Supply::Starting(_)));
        // 47 × 256 periods of 12 MHz: 1.0027 ms.
        t.settle(1_002_000_000);
        assert_eq!(t.read_xosc(XOSC_STATUS) & STATUS_STABLE, 0);
        t.settle(1_003_000_000);
        assert_eq!(t.read_xosc(XOSC_STATUS), STATUS_STABLE | STATUS_ENABLED);
        assert_eq!(t.xosc(), Supply::Runs(12 * MHZ));
    }

    #[test]
    fn an_invalid_enable_code_keeps_the_crystal_as_it_was_and_says_so() {
        let mut t = ClockTree::new(&RP2040, 12_000_000);
        xosc_on(&mut t);
        t.settle(u128::MAX);
        t.write_xosc(XOSC_CTRL, 0xaa0, 0);
        assert_eq!(t.xosc(), Supply::Runs(12 * MHZ));
        assert_ne!(t.read_xosc(XOSC_STATUS) & STATUS_BADWRITE, 0);
        t.write_xosc(XOSC_STATUS, STATUS_BADWRITE, 0);
        assert_eq!(t.read_xosc(XOSC_STATUS) & STATUS_BADWRITE, 0);
    }

    #[test]
    fn a_pll_locks_only_within_the_datasheet_ranges() {
        let mut t = ClockTree::new(&RP2040, 12_000_000);
        xosc_on(&mut t);
        t.settle(u128::MAX);
        t.write_pll(0, PLL_FBDIV, 125);
        assert_eq!(t.read_pll(0, PLL_CS) & CS_LOCK, 0, "powered down");
        t.write_pll(0, PLL_PWR, PWR_DSMPD | PWR_POSTDIVPD);
        assert_eq!(t.read_pll(0, PLL_CS), CS_LOCK | 1);
        assert!(matches!(t.supply(Src::PllSys), Supply::Stopped(s) if s.contains("POSTDIVPD")));
        t.write_pll(0, PLL_PRIM, 6 << 16 | 2 << 12);
        t.write_pll(0, PLL_PWR, PWR_DSMPD);
        assert_eq!(t.supply(Src::PllSys), Supply::Runs(125 * MHZ));
        // 12 MHz × 200 = 2.4 GHz: the VCO cannot run there.
        t.write_pll(0, PLL_FBDIV, 200);
        assert_eq!(t.read_pll(0, PLL_CS) & CS_LOCK, 0);
        assert!(matches!(t.supply(Src::PllSys), Supply::Stopped(s) if s.contains("2400 MHz")));
        // REFDIV 3 leaves 4 MHz, below the PLL's minimum reference.
        t.write_pll(0, PLL_FBDIV, 300);
        t.write_pll(0, PLL_CS, 3);
        assert!(matches!(t.supply(Src::PllSys), Supply::Stopped(s) if s.contains("4 MHz")));
        t.hold_pll(0, true);
        assert_eq!(t.read_pll(0, PLL_FBDIV), 0, "reset values");
    }

    #[test]
    fn the_glitchless_mux_changes_over_only_to_a_running_source() {
        let mut t = ClockTree::new(&RP2040, 12_000_000);
        assert_eq!(t.clk_sys(), Supply::Runs(6_500_000), "ROSC at power-on");
        assert_eq!(t.read_clocks(REF_SELECTED), 1);
        t.write_clocks(REF_CTRL, 2);
        t.settle(0);
        assert_eq!(t.read_clocks(REF_SELECTED), 0, "XOSC off: still waiting");
        assert_eq!(t.clk_ref(), Supply::Runs(6_500_000));
        xosc_on(&mut t);
        t.settle(u128::MAX);
        assert_eq!(t.read_clocks(REF_SELECTED), 4);
        assert_eq!(t.clk_sys(), Supply::Runs(12 * MHZ));
        // clk_sys to its aux source, PLL_SYS, which is powered down.
        t.write_clocks(SYS_CTRL, 1);
        t.settle(u128::MAX);
        assert_eq!(t.read_clocks(SYS_SELECTED), 0);
        let why = t.stall().unwrap();
        assert!(
            why.contains("PLL_SYS") && why.contains("powered down"),
            "{why}"
        );
    }

    #[test]
    fn booted_trees_give_the_board_frequencies_with_their_dividers() {
        let mut t = ClockTree::new(&RP2040, 12_000_000);
        t.boot(125_000_000, 125_000_000);
        assert_eq!(t.clk_sys(), Supply::Runs(125 * MHZ));
        assert_eq!(t.clk_peri(), Supply::Runs(125 * MHZ));
        assert_eq!(t.clk_ref(), Supply::Runs(12 * MHZ));
        assert_eq!(t.supply(Src::PllUsb), Supply::Runs(48 * MHZ));
        assert_eq!(t.stall(), None);
        // clk_sys divided by 2.5 (RP2040: 8 fractional bits).
        t.write_clocks(SYS_DIV, 2 << 8 | 0x80);
        assert_eq!(t.clk_sys(), Supply::Runs(50 * MHZ));

        let mut t = ClockTree::new(&RP2350, 12_000_000);
        t.boot(150_000_000, 150_000_000);
        assert_eq!(t.clk_peri(), Supply::Runs(150 * MHZ));
        assert_eq!(t.read_clocks(PERI_CTRL), CTRL_ENABLED | CTRL_ENABLE);
        // clk_peri's own divider on the RP2350.
        t.write_clocks(PERI_DIV, 3 << 16);
        assert_eq!(t.clk_peri(), Supply::Runs(50 * MHZ));
    }

    #[test]
    fn clk_peri_off_names_its_enable_bit() {
        let t = ClockTree::new(&RP2350, 12_000_000);
        assert_eq!(
            t.clk_peri(),
            Supply::Stopped("clk_peri is not enabled (CLK_PERI_CTRL.ENABLE clear)".into())
        );
    }

    #[test]
    fn pll_settings_reach_the_board_frequencies() {
        assert_eq!(pll_setting(12_000_000, 125_000_000), (125, 6, 2));
        let (fbdiv, pd1, pd2) = pll_setting(12_000_000, 150_000_000);
        assert_eq!(12 * fbdiv / (pd1 * pd2), 150);
        let (fbdiv, pd1, pd2) = pll_setting(12_000_000, 48_000_000);
        assert_eq!(12 * fbdiv / (pd1 * pd2), 48);
    }
}
