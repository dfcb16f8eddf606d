//! The STM32F405/407's reset and clock control (RCC), its flash wait states
//! (FLASH_ACR) and the peripherals whose clocks RCC gates, with the rules of
//! RM0090 (the STM32F405/415/407/417/427/437/429/439 reference manual).
//! Start-up code meets this model before anything else, so it is strict
//! where the chip is: a mistake here is a board that prints nothing.
//!
//! - Gating (RM0090 6.3.10-6.3.14): every peripheral in [`BLOCKS`] has an
//!   enable bit in RCC_AHB1ENR, RCC_APB1ENR or RCC_APB2ENR and most have a
//!   reset bit in the matching RSTR register. With its clock off or held in
//!   reset a block reads 0 and ignores writes, as the bus does there;
//!   [`Stm32::refusal`] names the bit, and a strict run stops at the first
//!   such access. Setting a reset bit puts the block's registers back to
//!   their reset values, and tells the machine the block entered reset
//!   ([`Stm32::take_resets`]) for the models it keeps elsewhere (the
//!   USART, GPIO); so does a system reset, for every block. RCC, the FLASH
//!   interface, EXTI, IWDG and RTC are always reachable; reserved addresses
//!   read back what was written.
//! - The clock tree (RM0090 6.2) is state, not "always ready". HSI (16 MHz)
//!   is on at reset. HSERDY rises [`HSE_STARTUP`] instructions after HSEON,
//!   and only on a board with a crystal (its `[clocks] crystal_hz`). PLLRDY
//!   rises [`PLL_LOCK`] instructions after PLLON once the PLL's source is
//!   ready, and never for a configuration outside RM0090's ranges (6.3.2:
//!   PLLM 2-63, PLLN 50-432, PLLQ 2-15, VCO input 1-2 MHz, VCO output
//!   100-432 MHz, PLL output at most 168 MHz); setting PLLON with such a
//!   configuration, or changing RCC_PLLCFGR while the PLL runs, is reported.
//!   CFGR.SWS follows SW only once the selected source is ready (6.2.6: "If
//!   a clock source that is not yet ready is selected, the switch occurs
//!   when the clock source is ready"); the model notices that at its next
//!   access, which is where code polling SWS is. An
//!   oscillator or PLL that drives SYSCLK cannot be switched off (6.3.1).
//! - The clocks that result, HCLK = SYSCLK / HPRE, PCLK1 = HCLK / PPRE1,
//!   PCLK2 = HCLK / PPRE2, are checked whenever they or FLASH_ACR change:
//!   HCLK at most 168 MHz, PCLK1 at most 42 MHz, PCLK2 at most 84 MHz
//!   (6.2), and FLASH_ACR.LATENCY at least the wait states RM0090's Table 10
//!   (3.5.1) asks at 2.7-3.6 V: one per started 30 MHz of HCLK above the
//!   first, so 5 at 168 MHz. Too few wait states make the core read garbage
//!   from flash; the run stops at the write that caused it, or at the RCC
//!   access where a pending switch took effect. USARTs learn their clock
//!   from [`Stm32::uart_clock`].
//!
//! Lenient, and so said here: the delays are a few thousand instructions,
//! not the milliseconds a crystal takes; the LSE and LSI ready bits follow
//! their ON bits and PLLI2SRDY follows PLLI2SON once the PLL source is
//! ready; PWR_CSR.VOSRDY reads 1 and the voltage scale (PWR_CR.VOS) is not
//! checked against HCLK; the clock security system, MCO outputs, the 48 MHz
//! USB clock and the low-power enable registers are not modelled.

use std::collections::HashMap;

use crate::mmio::regs::Span;
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
pub(crate) const HSE_STARTUP: u64 = 2_048;
/// Instructions from PLLON, once the source is ready, until PLLRDY.
pub(crate) const PLL_LOCK: u64 = 1_024;

// Registers (RM0090 6.3, 3.9, 5.4).
const RCC: u32 = 0x4002_3800;
const RCC_CR: u32 = RCC;
const RCC_PLLCFGR: u32 = RCC + 0x04;
const RCC_CFGR: u32 = RCC + 0x08;
const RCC_AHB1RSTR: u32 = RCC + 0x10;
const RCC_APB1RSTR: u32 = RCC + 0x20;
const RCC_APB2RSTR: u32 = RCC + 0x24;
const RCC_AHB1ENR: u32 = RCC + 0x30;
const RCC_APB1ENR: u32 = RCC + 0x40;
const RCC_APB2ENR: u32 = RCC + 0x44;
const RCC_BDCR: u32 = RCC + 0x70;
const RCC_CSR: u32 = RCC + 0x74;
const RCC_PLLI2SCFGR: u32 = RCC + 0x84;
const FLASH_ACR: u32 = 0x4002_3c00;
const PWR_CR: u32 = 0x4000_7000;
const PWR_CSR: u32 = 0x4000_7004;

// RCC_CR.
const CR_HSION: u32 = 1 << 0;
const CR_HSIRDY: u32 = 1 << 1;
const CR_HSEON: u32 = 1 << 16;
const CR_HSERDY: u32 = 1 << 17;
const CR_HSEBYP: u32 = 1 << 18;
const CR_CSSON: u32 = 1 << 19;
const CR_PLLON: u32 = 1 << 24;
const CR_PLLRDY: u32 = 1 << 25;
const CR_PLLI2SON: u32 = 1 << 26;
const CR_PLLI2SRDY: u32 = 1 << 27;
/// HSITRIM (bits 7:3): software's to write, as are the ON bits.
const CR_HSITRIM: u32 = 0x1f << 3;
const CR_WRITABLE: u32 =
    CR_HSION | CR_HSITRIM | CR_HSEON | CR_HSEBYP | CR_CSSON | CR_PLLON | CR_PLLI2SON;
/// HSI on and ready, HSITRIM 16.
const CR_RESET: u32 = 0x0000_0083;
/// PLLM 16, PLLN 192, PLLP 2, PLLSRC HSI, PLLQ 4.
const PLLCFGR_RESET: u32 = 0x2400_3010;
const PLLCFGR_PLLSRC_HSE: u32 = 1 << 22;
/// CCMDATARAMEN.
const AHB1ENR_RESET: u32 = 0x0010_0000;
/// The reset flags a power-on leaves: PORRSTF, PINRSTF, BORRSTF.
const CSR_RESET: u32 = 0x0e00_0000;
const CSR_SFTRSTF: u32 = 1 << 28;
const PLLI2SCFGR_RESET: u32 = 0x2000_3000;
/// VOS = scale 1, the STM32F405/407's reset value.
const PWR_CR_RESET: u32 = 0x0000_4000;
const PWR_CSR_VOSRDY: u32 = 1 << 14;
/// LATENCY (2:0), PRFTEN, ICEN, DCEN, ICRST, DCRST.
const ACR_BITS: u32 = 0x1f07;
const ACR_LATENCY: u32 = 0x7;
/// The registers whose reset value is not 0.
const RESET_VALUES: &[(u32, u32)] = &[
    (RCC_CR, CR_RESET),
    (RCC_PLLCFGR, PLLCFGR_RESET),
    (RCC_AHB1ENR, AHB1ENR_RESET),
    (RCC_CSR, CSR_RESET),
    (RCC_PLLI2SCFGR, PLLI2SCFGR_RESET),
    (PWR_CR, PWR_CR_RESET),
];

/// The bus a peripheral hangs on, which names its enable and reset registers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Bus {
    Ahb1,
    Apb1,
    Apb2,
}

impl Bus {
    fn enr(self) -> u32 {
        match self {
            Bus::Ahb1 => RCC_AHB1ENR,
            Bus::Apb1 => RCC_APB1ENR,
            Bus::Apb2 => RCC_APB2ENR,
        }
    }

    fn rstr(self) -> u32 {
        match self {
            Bus::Ahb1 => RCC_AHB1RSTR,
            Bus::Apb1 => RCC_APB1RSTR,
            Bus::Apb2 => RCC_APB2RSTR,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Bus::Ahb1 => "AHB1",
            Bus::Apb1 => "APB1",
            Bus::Apb2 => "APB2",
        }
    }
}

/// A peripheral RCC gates: where it is, its enable bit and its reset bit.
struct Block {
    name: &'static str,
    base: u32,
    size: u32,
    bus: Bus,
    /// The enable bit in the bus's ENR register, named `{en}EN`.
    bit: u8,
    en: &'static str,
    /// The bit in the bus's RSTR register, named `{prefix}RST`, if any.
    rst: Option<(u8, &'static str)>,
}

/// A 1 KiB block whose enable and reset bits share its name and position.
const fn on(bus: Bus, bit: u8, name: &'static str, base: u32) -> Block {
    Block {
        name,
        base,
        size: 0x400,
        bus,
        bit,
        en: name,
        rst: Some((bit, name)),
    }
}

/// The gated peripherals of the STM32F405/407: addresses from the CMSIS
/// header stm32f407xx.h, bits from RM0090 6.3.5-6.3.14.
const BLOCKS: &[Block] = &[
    on(Bus::Apb1, 0, "TIM2", 0x4000_0000),
    on(Bus::Apb1, 1, "TIM3", 0x4000_0400),
    on(Bus::Apb1, 2, "TIM4", 0x4000_0800),
    on(Bus::Apb1, 3, "TIM5", 0x4000_0c00),
    on(Bus::Apb1, 4, "TIM6", 0x4000_1000),
    on(Bus::Apb1, 5, "TIM7", 0x4000_1400),
    on(Bus::Apb1, 6, "TIM12", 0x4000_1800),
    on(Bus::Apb1, 7, "TIM13", 0x4000_1c00),
    on(Bus::Apb1, 8, "TIM14", 0x4000_2000),
    on(Bus::Apb1, 11, "WWDG", 0x4000_2c00),
    // The I2S extensions run on their SPI's clock.
    Block {
        en: "SPI2",
        rst: Some((14, "SPI2")),
        ..on(Bus::Apb1, 14, "I2S2ext", 0x4000_3400)
    },
    on(Bus::Apb1, 14, "SPI2", 0x4000_3800),
    on(Bus::Apb1, 15, "SPI3", 0x4000_3c00),
    Block {
        en: "SPI3",
        rst: Some((15, "SPI3")),
        ..on(Bus::Apb1, 15, "I2S3ext", 0x4000_4000)
    },
    on(Bus::Apb1, 17, "USART2", 0x4000_4400),
    on(Bus::Apb1, 18, "USART3", 0x4000_4800),
    on(Bus::Apb1, 19, "UART4", 0x4000_4c00),
    on(Bus::Apb1, 20, "UART5", 0x4000_5000),
    on(Bus::Apb1, 21, "I2C1", 0x4000_5400),
    on(Bus::Apb1, 22, "I2C2", 0x4000_5800),
    on(Bus::Apb1, 23, "I2C3", 0x4000_5c00),
    on(Bus::Apb1, 25, "CAN1", 0x4000_6400),
    on(Bus::Apb1, 26, "CAN2", 0x4000_6800),
    on(Bus::Apb1, 28, "PWR", 0x4000_7000),
    on(Bus::Apb1, 29, "DAC", 0x4000_7400),
    on(Bus::Apb2, 0, "TIM1", 0x4001_0000),
    on(Bus::Apb2, 1, "TIM8", 0x4001_0400),
    on(Bus::Apb2, 4, "USART1", 0x4001_1000),
    on(Bus::Apb2, 5, "USART6", 0x4001_1400),
    // The three ADCs share one reset bit.
    Block {
        size: 0x100,
        rst: Some((8, "ADC")),
        ..on(Bus::Apb2, 8, "ADC1", 0x4001_2000)
    },
    Block {
        size: 0x100,
        rst: Some((8, "ADC")),
        ..on(Bus::Apb2, 9, "ADC2", 0x4001_2100)
    },
    Block {
        size: 0x100,
        rst: Some((8, "ADC")),
        ..on(Bus::Apb2, 10, "ADC3", 0x4001_2200)
    },
    on(Bus::Apb2, 11, "SDIO", 0x4001_2c00),
    on(Bus::Apb2, 12, "SPI1", 0x4001_3000),
    on(Bus::Apb2, 14, "SYSCFG", 0x4001_3800),
    on(Bus::Apb2, 16, "TIM9", 0x4001_4000),
    on(Bus::Apb2, 17, "TIM10", 0x4001_4400),
    on(Bus::Apb2, 18, "TIM11", 0x4001_4800),
    on(Bus::Ahb1, 0, "GPIOA", 0x4002_0000),
    on(Bus::Ahb1, 1, "GPIOB", 0x4002_0400),
    on(Bus::Ahb1, 2, "GPIOC", 0x4002_0800),
    on(Bus::Ahb1, 3, "GPIOD", 0x4002_0c00),
    on(Bus::Ahb1, 4, "GPIOE", 0x4002_1000),
    on(Bus::Ahb1, 5, "GPIOF", 0x4002_1400),
    on(Bus::Ahb1, 6, "GPIOG", 0x4002_1800),
    on(Bus::Ahb1, 7, "GPIOH", 0x4002_1c00),
    on(Bus::Ahb1, 8, "GPIOI", 0x4002_2000),
    on(Bus::Ahb1, 12, "CRC", 0x4002_3000),
    Block {
        size: 0x1000,
        rst: None,
        ..on(Bus::Ahb1, 18, "BKPSRAM", 0x4002_4000)
    },
    on(Bus::Ahb1, 21, "DMA1", 0x4002_6000),
    on(Bus::Ahb1, 22, "DMA2", 0x4002_6400),
    Block {
        size: 0x1400,
        en: "ETHMAC",
        rst: Some((25, "ETHMAC")),
        ..on(Bus::Ahb1, 25, "ETH", 0x4002_8000)
    },
    Block {
        size: 0x4_0000,
        en: "OTGHS",
        rst: Some((29, "OTGH")),
        ..on(Bus::Ahb1, 29, "USB_OTG_HS", 0x4004_0000)
    },
];

impl Block {
    fn span(&self) -> Span {
        Span {
            base: self.base,
            size: self.size,
        }
    }
}

fn block_at(addr: u32) -> Option<&'static Block> {
    BLOCKS.iter().find(|b| addr.wrapping_sub(b.base) < b.size)
}

/// What drives SYSCLK (RCC_CFGR.SW and SWS).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Source {
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

    fn bits(self) -> u32 {
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

/// The STM32F4's peripheral space.
pub(crate) struct Stm32 {
    /// Registers by aligned address; absent ones hold their reset value 0.
    regs: HashMap<u32, u32>,
    /// The board's crystal (HSE); without one HSE never becomes ready.
    crystal_hz: Option<u32>,
    /// When HSI and HSE are (or will be) ready, if they are on and can
    /// start (instruction counts).
    hsi_ready_at: Option<u64>,
    hse_ready_at: Option<u64>,
    /// When PLLON was set, if it is.
    pll_on_at: Option<u64>,
    /// What SYSCLK runs from (CFGR.SWS).
    sysclk: Source,
    /// Blocks put into reset since the machine last asked.
    entered_reset: Vec<Span>,
    /// A rule of RM0090 the last access broke, for a strict run to report.
    violation: Option<String>,
}

impl Stm32 {
    pub fn new(crystal_hz: Option<u32>) -> Stm32 {
        let mut m = Stm32 {
            regs: HashMap::new(),
            crystal_hz: crystal_hz.filter(|&hz| hz > 0),
            hsi_ready_at: Some(0),
            hse_ready_at: None,
            pll_on_at: None,
            sysclk: Source::Hsi,
            entered_reset: Vec::new(),
            violation: None,
        };
        m.power_on_values();
        m
    }

    fn power_on_values(&mut self) {
        for &(reg, value) in RESET_VALUES {
            self.regs.insert(reg, value);
        }
    }

    /// A system reset (RM0090 6.1.2; AIRCR.SYSRESETREQ is one): every
    /// register back to its reset value except the backup domain (BDCR)
    /// and the reset flags in RCC_CSR, where SFTRSTF records this one.
    pub fn system_reset(&mut self) {
        let bdcr = self.get(RCC_BDCR);
        let csr = self.get(RCC_CSR) | CSR_SFTRSTF;
        self.regs.clear();
        self.power_on_values();
        self.regs.insert(RCC_BDCR, bdcr);
        self.regs.insert(RCC_CSR, csr);
        self.hsi_ready_at = Some(0);
        self.hse_ready_at = None;
        self.pll_on_at = None;
        self.sysclk = Source::Hsi;
        self.violation = None;
        self.entered_reset = BLOCKS.iter().map(Block::span).collect();
    }

    fn get(&self, reg: u32) -> u32 {
        self.regs.get(&reg).copied().unwrap_or(0)
    }

    fn set(&mut self, reg: u32, value: u32) {
        self.regs.insert(reg, value);
    }

    /// Why the block at `reg` cannot be reached: held in reset, or its
    /// clock off.
    fn gate(&self, reg: u32) -> Option<String> {
        let b = block_at(reg)?;
        if let Some((bit, rst)) = b.rst {
            if self.get(b.bus.rstr()) >> bit & 1 == 1 {
                return Some(format!(
                    "{} is held in reset (RCC_{}RSTR.{rst}RST set)",
                    b.name,
                    b.bus.name()
                ));
            }
        }
        if self.get(b.bus.enr()) >> b.bit & 1 == 0 {
            return Some(format!(
                "{}'s clock is off (RCC_{}ENR.{}EN clear)",
                b.name,
                b.bus.name(),
                b.en
            ));
        }
        None
    }

    /// Register value for read-modify-write merging of narrow writes.
    pub fn stored(&self, addr: u32) -> u32 {
        self.get(addr & !3)
    }

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
    fn bus_clocks(&self) -> (u64, u64, u64) {
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
    fn settle(&mut self, now: u64) {
        let Some(sw) = Source::from_bits(self.get(RCC_CFGR)) else {
            return;
        };
        if sw != self.sysclk && self.ready(sw, now) {
            self.sysclk = sw;
            self.check_clocks(&format!("SYSCLK switches to {}", sw.name()));
        }
    }

    /// `executed`: instructions executed so far.
    pub fn read(&mut self, addr: u32, executed: u64) -> u32 {
        let reg = addr & !3;
        if self.gate(reg).is_some() {
            return 0;
        }
        self.settle(executed);
        let stored = self.get(reg);
        match reg {
            RCC_CR => {
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
            RCC_CFGR => stored & !0xc | self.sysclk.bits() << 2,
            // LSERDY and LSIRDY follow LSEON and LSION.
            RCC_BDCR | RCC_CSR => stored | (stored & 1) << 1,
            PWR_CSR => stored | PWR_CSR_VOSRDY,
            _ => stored,
        }
    }

    /// `value` is the whole register after merging a narrow write; `now`
    /// the instructions executed before the store.
    pub fn write(&mut self, addr: u32, value: u32, now: u64) {
        let reg = addr & !3;
        if self.gate(reg).is_some() {
            return;
        }
        self.settle(now);
        match reg {
            RCC_CR => self.write_cr(value, now),
            RCC_PLLCFGR => {
                let old = self.get(RCC_PLLCFGR);
                if self.get(RCC_CR) & CR_PLLON != 0 && value != old {
                    self.break_rule(format!(
                        "RCC_PLLCFGR changes from {old:#010x} to {value:#010x} while the PLL \
                         is on (RM0090 6.3.2: configure the PLL while PLLON is clear)"
                    ));
                }
                self.set(reg, value);
            }
            RCC_CFGR => {
                self.set(reg, value & !0xc);
                if value & 3 == 3 {
                    self.break_rule("RCC_CFGR.SW = 0b11 selects no clock (RM0090 6.3.3)".into());
                }
                self.settle(now);
                self.check_clocks("RCC_CFGR changes");
            }
            RCC_AHB1RSTR | RCC_APB1RSTR | RCC_APB2RSTR => {
                let entered = value & !self.get(reg);
                self.set(reg, value);
                self.hold_in_reset(reg, value, entered);
            }
            FLASH_ACR => {
                self.set(reg, value & ACR_BITS);
                self.check_clocks(&format!("FLASH_ACR.LATENCY set to {}", value & ACR_LATENCY));
            }
            _ => self.set(reg, value),
        }
    }

    fn write_cr(&mut self, value: u32, now: u64) {
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

    /// Blocks whose reset bit is set go back to their reset values; those
    /// whose bit is in `entered` have just gone into reset.
    fn hold_in_reset(&mut self, rstr: u32, value: u32, entered: u32) {
        for b in BLOCKS {
            let Some((bit, _)) = b.rst else { continue };
            if b.bus.rstr() == rstr && entered >> bit & 1 == 1 {
                self.entered_reset.push(b.span());
            }
            if b.bus.rstr() == rstr && value >> bit & 1 == 1 {
                let inside = |reg: u32| reg.wrapping_sub(b.base) < b.size;
                self.regs.retain(|&reg, _| !inside(reg));
                for &(reg, value) in RESET_VALUES.iter().filter(|(r, _)| inside(*r)) {
                    self.regs.insert(reg, value);
                }
            }
        }
    }

    /// Why the chip keeps an access at `addr` from its peripheral; see
    /// [`super::Periph::refusal`].
    pub fn refusal(&self, addr: u32) -> Option<String> {
        self.gate(addr & !3)
    }

    /// Whether RCC holds the block at `addr` in reset (its RSTR bit set).
    pub fn held_in_reset(&self, addr: u32) -> bool {
        block_at(addr & !3).is_some_and(|b| {
            b.rst
                .is_some_and(|(bit, _)| self.get(b.bus.rstr()) >> bit & 1 == 1)
        })
    }

    /// The blocks put into reset since the last call; see
    /// [`super::Periph::take_resets`].
    pub fn take_resets(&mut self) -> Vec<Span> {
        std::mem::take(&mut self.entered_reset)
    }

    /// A rule of RM0090 the accesses so far broke, once.
    pub fn take_violation(&mut self) -> Option<String> {
        self.violation.take()
    }

    /// The clock of the USART at `base`: PCLK2 for USART1 and USART6, PCLK1
    /// for the others; or why it has none.
    pub fn uart_clock(&self, base: u32) -> Result<u32, String> {
        let b = block_at(base)
            .filter(|b| b.name.contains("USART") || b.name.starts_with("UART"))
            .ok_or_else(|| format!("no USART at {base:#010x}"))?;
        if let Some(why) = self.gate(base) {
            return Err(why);
        }
        let (_, pclk1, pclk2) = self.bus_clocks();
        let hz = if b.bus == Bus::Apb2 { pclk2 } else { pclk1 };
        Ok(hz as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const USART1: u32 = 0x4001_1000;

    fn chip() -> Stm32 {
        Stm32::new(Some(8_000_000))
    }

    /// HSE at 8 MHz, M 4, N 168, P 2, Q 7: 168 MHz, 48 MHz for USB.
    const PLL_168: u32 = PLLCFGR_PLLSRC_HSE | 4 | 168 << 6 | 7 << 24;
    /// PPRE1 /4, PPRE2 /2.
    const PRESCALERS: u32 = 5 << 10 | 4 << 13;

    /// HSE, then the PLL, each waited for; returns the time after both.
    fn lock_pll(p: &mut Stm32, cfg: u32) -> u64 {
        p.write(RCC_CR, CR_RESET | CR_HSEON, 10);
        let t = 10 + HSE_STARTUP;
        assert_eq!(p.read(RCC_CR, t - 1) & CR_HSERDY, 0, "HSE still starting");
        assert_ne!(p.read(RCC_CR, t) & CR_HSERDY, 0);
        p.write(RCC_PLLCFGR, cfg, t);
        p.write(RCC_CR, CR_RESET | CR_HSEON | CR_PLLON, t);
        assert_eq!(p.read(RCC_CR, t + PLL_LOCK - 1) & CR_PLLRDY, 0);
        assert_ne!(p.read(RCC_CR, t + PLL_LOCK) & CR_PLLRDY, 0);
        t + PLL_LOCK
    }

    #[test]
    fn stm32_hsi_runs_at_reset_and_hse_is_ready_only_after_its_start_up() {
        let mut p = chip();
        assert_eq!(p.read(RCC_CR, 0) & 3, 3, "HSI on and ready");
        lock_pll(&mut p, PLL_168);
        assert_eq!(p.take_violation(), None);
        let mut bare = Stm32::new(None);
        bare.write(RCC_CR, CR_RESET | CR_HSEON, 0);
        assert_eq!(bare.read(RCC_CR, 1_000_000) & CR_HSERDY, 0, "no crystal");
    }

    #[test]
    fn stm32_sws_follows_sw_only_once_the_source_is_ready() {
        let mut p = chip();
        p.write(FLASH_ACR, 5, 0);
        p.write(RCC_CFGR, PRESCALERS | 2, 0);
        assert_eq!(p.read(RCC_CFGR, 0) & 0xc, 0, "the PLL is off: still HSI");
        let t = lock_pll(&mut p, PLL_168);
        assert_eq!(p.read(RCC_CFGR, t) & 0xc, 8, "switched once locked");
        assert_eq!(p.take_violation(), None);
        assert_eq!(
            p.uart_clock(USART1),
            Err("USART1's clock is off (RCC_APB2ENR.USART1EN clear)".into())
        );
        p.write(RCC_APB2ENR, 1 << 4, t);
        assert_eq!(p.uart_clock(USART1), Ok(84_000_000));
        p.write(RCC_APB1ENR, 1 << 17, t);
        assert_eq!(p.uart_clock(0x4000_4400), Ok(42_000_000));
        // The PLL drives SYSCLK: it and HSE stay on.
        p.write(RCC_CR, CR_RESET, t);
        assert_eq!(
            p.read(RCC_CR, t) & (CR_PLLON | CR_HSEON),
            CR_PLLON | CR_HSEON
        );
    }

    #[test]
    fn stm32_too_few_wait_states_for_hclk_are_reported_at_the_switch() {
        let mut p = chip();
        let t = lock_pll(&mut p, PLL_168);
        p.write(RCC_CFGR, PRESCALERS | 2, t);
        let why = p.take_violation().unwrap();
        assert!(
            why.contains("HCLK 168 MHz needs 5 flash wait states"),
            "{why}"
        );
        assert!(why.contains("FLASH_ACR.LATENCY is 0"), "{why}");
        // Lowering the latency under a fast clock is just as wrong.
        p.write(FLASH_ACR, 5, t);
        assert_eq!(p.take_violation(), None);
        p.write(FLASH_ACR, 0x700 | 3, t);
        let why = p.take_violation().unwrap();
        assert!(why.starts_with("FLASH_ACR.LATENCY set to 3"), "{why}");
    }

    #[test]
    fn stm32_apb_clocks_above_their_limits_are_reported() {
        let mut p = chip();
        let t = lock_pll(&mut p, PLL_168);
        p.write(FLASH_ACR, 5, t);
        p.write(RCC_CFGR, 4 << 10 | 4 << 13 | 2, t); // APB1 /2: 84 MHz
        let why = p.take_violation().unwrap();
        assert!(why.contains("PCLK1 84 MHz is above APB1's 42 MHz"), "{why}");
        p.write(RCC_CFGR, 5 << 10 | 2, t); // APB2 undivided: 168 MHz
        let why = p.take_violation().unwrap();
        assert!(
            why.contains("PCLK2 168 MHz is above APB2's 84 MHz"),
            "{why}"
        );
    }

    #[test]
    fn stm32_pll_outside_rm0090_ranges_never_locks_and_is_reported() {
        let mut p = chip();
        // M 2: 4 MHz into the VCO.
        p.write(RCC_CR, CR_RESET | CR_HSEON, 0);
        p.write(RCC_PLLCFGR, PLLCFGR_PLLSRC_HSE | 2 | 100 << 6 | 7 << 24, 0);
        p.write(RCC_CR, CR_RESET | CR_HSEON | CR_PLLON, 0);
        let why = p.take_violation().unwrap();
        assert!(why.contains("VCO input is 4 MHz"), "{why}");
        assert_eq!(p.read(RCC_CR, 1_000_000) & CR_PLLRDY, 0);
        // Changing the configuration while it runs is reported too.
        p.write(RCC_PLLCFGR, PLL_168, 10);
        assert!(p.take_violation().unwrap().contains("while the PLL is on"));
    }

    #[test]
    fn stm32_blocks_without_clock_or_in_reset_read_zero_and_say_why() {
        let mut p = chip();
        let tim2 = 0x4000_0000;
        p.write(tim2 + 0x2c, 0x1234, 0);
        assert_eq!(p.read(tim2 + 0x2c, 0), 0);
        assert_eq!(
            p.refusal(tim2 + 0x2c).as_deref(),
            Some("TIM2's clock is off (RCC_APB1ENR.TIM2EN clear)")
        );
        p.write(RCC_APB1ENR, 1, 0);
        assert_eq!(p.refusal(tim2), None);
        p.write(tim2 + 0x2c, 0x1234, 0);
        assert_eq!(p.read(tim2 + 0x2c, 0), 0x1234);
        p.write(RCC_APB1RSTR, 1, 0);
        assert_eq!(
            p.refusal(tim2).as_deref(),
            Some("TIM2 is held in reset (RCC_APB1RSTR.TIM2RST set)")
        );
        p.write(RCC_APB1RSTR, 0, 0);
        assert_eq!(p.read(tim2 + 0x2c, 0), 0, "back to its reset value");
        assert_eq!(
            p.take_resets(),
            [Span {
                base: tim2,
                size: 0x400
            }]
        );
        assert_eq!(
            p.refusal(0x4002_0c00).as_deref(),
            Some("GPIOD's clock is off (RCC_AHB1ENR.GPIODEN clear)")
        );
        assert_eq!(p.refusal(RCC_CR), None);
        assert_eq!(p.refusal(FLASH_ACR), None);
    }

    #[test]
    fn stm32_system_reset_puts_the_clock_tree_back_on_hsi() {
        let mut p = chip();
        let t = lock_pll(&mut p, PLL_168);
        p.write(FLASH_ACR, 5, t);
        p.write(RCC_CFGR, PRESCALERS | 2, t);
        p.write(RCC_AHB1ENR, 1, t);
        p.system_reset();
        assert_eq!(p.read(RCC_CR, 0), CR_RESET);
        assert_eq!(p.read(RCC_CFGR, 0), 0);
        assert_eq!(p.read(RCC_AHB1ENR, 0), AHB1ENR_RESET);
        assert_eq!(p.read(RCC_CSR, 0) & CSR_SFTRSTF, CSR_SFTRSTF);
        let resets = p.take_resets();
        assert_eq!(resets.len(), BLOCKS.len());
        assert!(resets.iter().any(|s| s.contains(0x4002_0c00)), "GPIOD");
    }
}
