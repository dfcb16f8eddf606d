//! The clock tree (RM0090 6.2) as start-up code drives it: HSI, HSE and
//! the main PLL becoming ready, SYSCLK switching only to a ready source,
//! and the bus clocks and flash wait states that result, each checked
//! against the manual's limits.

use super::{Stm32, FLASH_ACR, RCC_CFGR, RCC_CR, RCC_PLLCFGR};
use crate::mmio::units::mhz;

const HSI_HZ: u64 = 16_000_000;
/// RM0090 6.2: the STM32F405/407 runs HCLK at up to 168 MHz, the APB1
/// domain at up to 42 MHz and APB2 at up to 84 MHz.
const HCLK_MAX: u64 = 168_000_000;
const PCLK1_MAX: u64 = 42_000_000;
const PCLK2_MAX: u64 = 84_000_000;
/// RM0090 3.5.1, Table 10, 2.7-3.6 V: 0 wait states up to 30 MHz, one more
/// for each further 30 MHz.
const HZ_PER_WAIT_STATE: u64 = 30_000_000;

/// Instructions from HSION until HSIRDY (the chip: a few microseconds).
const HSI_STARTUP: u64 = 16;
/// Instructions from HSEON until HSERDY (a crystal takes about 2 ms; this
/// is shorter so that boots stay quick, and long enough that code which
/// does not wait finds HSERDY clear).
pub(super) const HSE_STARTUP: u64 = 2_048;
/// Instructions from PLLON, once the source is ready, until PLLRDY.
pub(super) const PLL_LOCK: u64 = 1_024;

// RCC_CR.
const CR_HSION: u32 = 1 << 0;
const CR_HSIRDY: u32 = 1 << 1;
pub(super) const CR_HSEON: u32 = 1 << 16;
pub(super) const CR_HSERDY: u32 = 1 << 17;
const CR_HSEBYP: u32 = 1 << 18;
const CR_CSSON: u32 = 1 << 19;
pub(super) const CR_PLLON: u32 = 1 << 24;
pub(super) const CR_PLLRDY: u32 = 1 << 25;
const CR_PLLI2SON: u32 = 1 << 26;
const CR_PLLI2SRDY: u32 = 1 << 27;
/// HSITRIM (bits 7:3): software's to write, as are the ON bits.
const CR_HSITRIM: u32 = 0x1f << 3;
const CR_WRITABLE: u32 =
    CR_HSION | CR_HSITRIM | CR_HSEON | CR_HSEBYP | CR_CSSON | CR_PLLON | CR_PLLI2SON;
pub(super) const PLLCFGR_PLLSRC_HSE: u32 = 1 << 22;
/// LATENCY (2:0), PRFTEN, ICEN, DCEN, ICRST, DCRST.
const ACR_BITS: u32 = 0x1f07;
const ACR_LATENCY: u32 = 0x7;

/// What drives SYSCLK (RCC_CFGR.SW and SWS).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Source {
    Hsi,
    Hse,
    Pll,
}

impl Source {
    fn from_bits(bits: u32) -> Option<Source> {
        match bits & 3 {
            0 => Some(Source::Hsi),
            1 => Some(Source::Hse),
            2 => Some(Source::Pll),
            _ => None,
        }
    }

    pub fn bits(self) -> u32 {
        match self {
            Source::Hsi => 0,
            Source::Hse => 1,
            Source::Pll => 2,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Source::Hsi => "HSI",
            Source::Hse => "HSE",
            Source::Pll => "the PLL",
        }
    }
}

/// RM0090's Table 10 at 2.7-3.6 V: the wait states HCLK needs.
fn wait_states(hclk: u64) -> u32 {
    (hclk.saturating_sub(1) / HZ_PER_WAIT_STATE) as u32
}

/// RCC_CFGR.HPRE's divider (RM0090 6.3.3).
fn ahb_divider(hpre: u32) -> u64 {
    if hpre & 8 == 0 {
        1
    } else {
        [2, 4, 8, 16, 64, 128, 256, 512][(hpre & 7) as usize]
    }
}

/// RCC_CFGR.PPRE1/PPRE2's divider.
fn apb_divider(ppre: u32) -> u64 {
    if ppre & 4 == 0 {
        1
    } else {
        [2, 4, 8, 16][(ppre & 3) as usize]
    }
}

impl Stm32 {
    fn pll_source(&self) -> Source {
        if self.get(RCC_PLLCFGR) & PLLCFGR_PLLSRC_HSE != 0 {
            Source::Hse
        } else {
            Source::Hsi
        }
    }

    /// The frequency of an oscillator, 0 for HSE without a crystal.
    fn oscillator_hz(&self, s: Source) -> u64 {
        match s {
            Source::Hse => self.crystal_hz.unwrap_or(0) as u64,
            _ => HSI_HZ,
        }
    }

    /// The PLL's fields: (M, N, P, Q).
    fn pll_fields(&self) -> (u64, u64, u64, u64) {
        let cfg = self.get(RCC_PLLCFGR);
        (
            (cfg & 0x3f) as u64,
            (cfg >> 6 & 0x1ff) as u64,
            2 * ((cfg >> 16 & 3) as u64 + 1),
            (cfg >> 24 & 0xf) as u64,
        )
    }

    /// PLLCLK, the P output, from the configuration now in RCC_PLLCFGR.
    fn pll_hz(&self) -> u64 {
        let (m, n, p, _) = self.pll_fields();
        (self.oscillator_hz(self.pll_source()) * n)
            .checked_div(m * p)
            .unwrap_or(0)
    }

    /// What in RCC_PLLCFGR breaks RM0090's rules (6.3.2), if anything.
    fn pll_problem(&self) -> Option<String> {
        let (m, n, p, q) = self.pll_fields();
        if !(2..=63).contains(&m) {
            return Some(format!("PLLM is {m}; RM0090 allows 2 to 63"));
        }
        if !(50..=432).contains(&n) {
            return Some(format!("PLLN is {n}; RM0090 allows 50 to 432"));
        }
        if q < 2 {
            return Some(format!("PLLQ is {q}; RM0090 allows 2 to 15"));
        }
        let src = self.pll_source();
        let src_hz = self.oscillator_hz(src);
        if src_hz == 0 {
            // No crystal: the PLL never gets an input to lock to.
            return None;
        }
        if src_hz < m * 1_000_000 || src_hz > m * 2_000_000 {
            return Some(format!(
                "the VCO input is {} ({} / PLLM {m}); RM0090 requires 1 to 2 MHz",
                mhz(src_hz / m),
                src.name()
            ));
        }
        let vco = src_hz * n / m;
        if !(100_000_000..=432_000_000).contains(&vco) {
            return Some(format!(
                "the VCO output is {} (x PLLN {n}); RM0090 requires 100 to 432 MHz",
                mhz(vco)
            ));
        }
        if vco / p > HCLK_MAX {
            return Some(format!(
                "the PLL output is {} (VCO / PLLP {p}), above the STM32F407's {}",
                mhz(vco / p),
                mhz(HCLK_MAX)
            ));
        }
        None
    }

    /// When a source's output is ready, if it will be.
    fn ready_at(&self, s: Source) -> Option<u64> {
        match s {
            Source::Hsi => self.hsi_ready_at,
            Source::Hse => self.hse_ready_at,
            Source::Pll => {
                if self.pll_problem().is_some() {
                    return None;
                }
                let input = self.ready_at(self.pll_source())?;
                self.pll_on_at.map(|t| t.max(input) + PLL_LOCK)
            }
        }
    }

    fn ready(&self, s: Source, now: u64) -> bool {
        self.ready_at(s).is_some_and(|t| now >= t)
    }

    fn sysclk_hz(&self) -> u64 {
        match self.sysclk {
            Source::Pll => self.pll_hz(),
            s => self.oscillator_hz(s),
        }
    }

    /// (HCLK, PCLK1, PCLK2) as the clock tree stands.
    pub(super) fn bus_clocks(&self) -> (u64, u64, u64) {
        let cfgr = self.get(RCC_CFGR);
        let hclk = self.sysclk_hz() / ahb_divider(cfgr >> 4 & 0xf);
        (
            hclk,
            hclk / apb_divider(cfgr >> 10 & 7),
            hclk / apb_divider(cfgr >> 13 & 7),
        )
    }

    /// Whether SYSCLK needs oscillator `s`, directly or through the PLL.
    fn in_use(&self, s: Source) -> bool {
        self.sysclk == s || self.sysclk == Source::Pll && self.pll_source() == s
    }

    fn break_rule(&mut self, why: String) {
        self.violation.get_or_insert(why);
    }

    /// Checks the bus clocks and flash wait states after `what` changed them.
    fn check_clocks(&mut self, what: &str) {
        let (hclk, pclk1, pclk2) = self.bus_clocks();
        let set = self.get(FLASH_ACR) & ACR_LATENCY;
        let need = wait_states(hclk);
        let why = if hclk > HCLK_MAX {
            format!(
                "{what}: HCLK would be {}, above the STM32F407's {} (RM0090 6.2)",
                mhz(hclk),
                mhz(HCLK_MAX)
            )
        } else if set < need {
            format!(
                "{what}: HCLK {} needs {need} flash wait states (RM0090 3.5.1, Table 10, \
                 2.7-3.6 V) and FLASH_ACR.LATENCY is {set}, so the core would read garbage \
                 from flash",
                mhz(hclk)
            )
        } else if pclk1 > PCLK1_MAX {
            format!(
                "{what}: PCLK1 {} is above APB1's {} (RM0090 6.2; RCC_CFGR.PPRE1 divides HCLK)",
                mhz(pclk1),
                mhz(PCLK1_MAX)
            )
        } else if pclk2 > PCLK2_MAX {
            format!(
                "{what}: PCLK2 {} is above APB2's {} (RM0090 6.2; RCC_CFGR.PPRE2 divides HCLK)",
                mhz(pclk2),
                mhz(PCLK2_MAX)
            )
        } else {
            return;
        };
        self.break_rule(why);
    }

    /// Carries out a switch of SYSCLK that waits for its source.
    pub(super) fn settle(&mut self, now: u64) {
        let Some(sw) = Source::from_bits(self.get(RCC_CFGR)) else {
            return;
        };
        if sw != self.sysclk && self.ready(sw, now) {
            self.sysclk = sw;
            self.check_clocks(&format!("SYSCLK switches to {}", sw.name()));
        }
    }

    /// RCC_CR as read: each ON bit's RDY bit once its source is ready.
    pub(super) fn read_cr(&self, stored: u32, executed: u64) -> u32 {
        let mut cr = stored;
        let on = [
            (Source::Hsi, CR_HSION, CR_HSIRDY),
            (Source::Hse, CR_HSEON, CR_HSERDY),
            (Source::Pll, CR_PLLON, CR_PLLRDY),
        ];
        for (s, on_bit, rdy) in on {
            if stored & on_bit != 0 && self.ready(s, executed) {
                cr |= rdy;
            }
        }
        if stored & CR_PLLI2SON != 0 && self.ready(self.pll_source(), executed) {
            cr |= CR_PLLI2SRDY;
        }
        cr
    }

    pub(super) fn write_cr(&mut self, value: u32, now: u64) {
        let old = self.get(RCC_CR);
        let mut new = old & !CR_WRITABLE | value & CR_WRITABLE;
        // HSEBYP can be written only with HSE off (RM0090 6.3.1).
        if old & CR_HSEON != 0 {
            new = new & !CR_HSEBYP | old & CR_HSEBYP;
        }
        // What drives SYSCLK cannot be stopped (RM0090 6.3.1).
        if self.in_use(Source::Hsi) {
            new |= CR_HSION;
        }
        if self.in_use(Source::Hse) {
            new |= CR_HSEON;
        }
        if self.sysclk == Source::Pll {
            new |= CR_PLLON;
        }
        let rose = |bit: u32| new & bit != 0 && old & bit == 0;
        if rose(CR_HSION) {
            self.hsi_ready_at = Some(now + HSI_STARTUP);
        } else if new & CR_HSION == 0 {
            self.hsi_ready_at = None;
        }
        if rose(CR_HSEON) {
            // Only a crystal (or an external clock) ever gets HSE going.
            self.hse_ready_at = self.crystal_hz.map(|_| now + HSE_STARTUP);
        } else if new & CR_HSEON == 0 {
            self.hse_ready_at = None;
        }
        if rose(CR_PLLON) {
            self.pll_on_at = Some(now);
            if let Some(why) = self.pll_problem() {
                self.break_rule(format!("PLLON set with a PLL that cannot lock: {why}"));
            }
        } else if new & CR_PLLON == 0 {
            self.pll_on_at = None;
        }
        self.set(RCC_CR, new);
    }

    pub(super) fn write_pllcfgr(&mut self, value: u32) {
        let old = self.get(RCC_PLLCFGR);
        if self.get(RCC_CR) & CR_PLLON != 0 && value != old {
            self.break_rule(format!(
                "RCC_PLLCFGR changes from {old:#010x} to {value:#010x} while the PLL \
                 is on (RM0090 6.3.2: configure the PLL while PLLON is clear)"
            ));
        }
        self.set(RCC_PLLCFGR, value);
    }

    pub(super) fn write_cfgr(&mut self, value: u32, now: u64) {
        self.set(RCC_CFGR, value & !0xc);
        if value & 3 == 3 {
            self.break_rule("RCC_CFGR.SW = 0b11 selects no clock (RM0090 6.3.3)".into());
        }
        self.settle(now);
        self.check_clocks("RCC_CFGR changes");
    }

    pub(super) fn write_acr(&mut self, value: u32) {
        self.set(FLASH_ACR, value & ACR_BITS);
        self.check_clocks(&format!("FLASH_ACR.LATENCY set to {}", value & ACR_LATENCY));
    }
}
