//! PLL_SYS and PLL_USB: a VCO that locks only within the datasheets'
//! ranges, fed by XOSC, and two post dividers after it.

use super::Supply;
use crate::mmio::units::mhz;

pub(super) const PLL_CS: u32 = 0x0;
pub(super) const PLL_PWR: u32 = 0x4;
pub(super) const PLL_FBDIV: u32 = 0x8;
pub(super) const PLL_PRIM: u32 = 0xc;
pub(super) const CS_LOCK: u32 = 1 << 31;
const CS_BYPASS: u32 = 1 << 8;
const PWR_PD: u32 = 1 << 0;
pub(super) const PWR_DSMPD: u32 = 1 << 2;
pub(super) const PWR_POSTDIVPD: u32 = 1 << 3;
const PWR_VCOPD: u32 = 1 << 5;
const VCO_MIN: u64 = 750_000_000;
const VCO_MAX: u64 = 1_600_000_000;
const PLL_REF_MIN: u64 = 5_000_000;

pub(super) struct Pll {
    name: &'static str,
    cs: u32,
    pwr: u32,
    fbdiv: u32,
    prim: u32,
    /// Held in reset by RESETS: registers at their reset values, no output.
    held: bool,
}

impl Pll {
    pub fn new(name: &'static str) -> Pll {
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
    pub fn reset(&mut self) {
        self.cs = 1;
        self.pwr = PWR_PD | PWR_DSMPD | PWR_POSTDIVPD | PWR_VCOPD;
        self.fbdiv = 0;
        self.prim = 7 << 16 | 7 << 12;
    }

    /// Set up as start-up code does to give `hz` from a `crystal_hz`
    /// crystal.
    pub fn boot(&mut self, crystal_hz: u64, hz: u64) {
        let (fbdiv, pd1, pd2) = pll_setting(crystal_hz, hz);
        self.cs = 1;
        self.fbdiv = fbdiv;
        self.prim = pd1 << 16 | pd2 << 12;
        self.pwr = PWR_DSMPD;
    }

    /// RESETS holds the PLL (its registers return to their reset values)
    /// or releases it.
    pub fn hold(&mut self, held: bool) {
        if held && !self.held {
            self.reset();
        }
        self.held = held;
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

    /// What the PLL gives from the reference `xosc`.
    pub fn output(&self, xosc: &Supply) -> Supply {
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

    pub fn read(&self, off: u32, xosc: &Supply) -> u32 {
        match off {
            PLL_CS => self.cs | if self.lock(xosc).is_ok() { CS_LOCK } else { 0 },
            PLL_PWR => self.pwr,
            PLL_FBDIV => self.fbdiv,
            PLL_PRIM => self.prim,
            _ => 0,
        }
    }

    pub fn write(&mut self, off: u32, value: u32) {
        match off {
            PLL_CS => self.cs = value & (CS_BYPASS | 0x3f),
            PLL_PWR => self.pwr = value & (PWR_PD | PWR_DSMPD | PWR_POSTDIVPD | PWR_VCOPD),
            PLL_FBDIV => self.fbdiv = value & 0xfff,
            PLL_PRIM => self.prim = value & (7 << 16 | 7 << 12),
            _ => {}
        }
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

    #[test]
    fn pll_settings_reach_the_board_frequencies() {
        assert_eq!(pll_setting(12_000_000, 125_000_000), (125, 6, 2));
        let (fbdiv, pd1, pd2) = pll_setting(12_000_000, 150_000_000);
        assert_eq!(12 * fbdiv / (pd1 * pd2), 150);
        let (fbdiv, pd1, pd2) = pll_setting(12_000_000, 48_000_000);
        assert_eq!(12 * fbdiv / (pd1 * pd2), 48);
    }
}
