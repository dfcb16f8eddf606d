//! The STM32F405/407's reset and clock control (RCC), its flash wait states
//! (FLASH_ACR) and the peripherals whose clocks RCC gates, with the rules of
//! RM0090 (the STM32F405/415/407/417/427/437/429/439 reference manual).
//! Start-up code meets this model before anything else, so it is strict
//! where the chip is: a mistake here is a board that prints nothing.
//!
//! - Gating (RM0090 6.3.10-6.3.14): every peripheral in [`blocks::BLOCKS`]
//!   has an enable bit in RCC_AHB1ENR, RCC_APB1ENR or RCC_APB2ENR and most
//!   have a reset bit in the matching RSTR register. With its clock off or held in
//!   reset a block reads 0 and ignores writes, as the bus does there;
//!   [`Stm32::refusal`] names the bit, and a strict run stops at the first
//!   such access. Setting a reset bit puts the block's registers back to
//!   their reset values, and tells the machine the block entered reset
//!   ([`Stm32::take_resets`]) for the models it keeps elsewhere (the
//!   USART, GPIO); so does a system reset, for every block. RCC, the FLASH
//!   interface, EXTI, IWDG and RTC are always reachable; reserved addresses
//!   read back what was written.
//! - The clock tree (RM0090 6.2) is state, not "always ready". HSI (16 MHz)
//!   is on at reset. HSERDY rises [`clocks::HSE_STARTUP`] instructions after
//!   HSEON, and only on a board with a crystal (its `[clocks] crystal_hz`).
//!   PLLRDY rises [`clocks::PLL_LOCK`] instructions after PLLON once the
//!   PLL's source is ready, and never for a configuration outside RM0090's ranges (6.3.2:
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
//!
//! The gated blocks and their enable and reset bits are `blocks`, the clock
//! tree and its rules `clocks`; this module holds the registers and sends
//! each access to them.

mod blocks;
mod clocks;
#[cfg(test)]
mod tests;

use std::collections::HashMap;

use crate::mmio::regs::Span;
use blocks::{block_at, Block, Bus, BLOCKS};
use clocks::Source;

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

/// HSI on and ready, HSITRIM 16.
const CR_RESET: u32 = 0x0000_0083;
/// PLLM 16, PLLN 192, PLLP 2, PLLSRC HSI, PLLQ 4.
const PLLCFGR_RESET: u32 = 0x2400_3010;
/// CCMDATARAMEN.
const AHB1ENR_RESET: u32 = 0x0010_0000;
/// The reset flags a power-on leaves: PORRSTF, PINRSTF, BORRSTF.
const CSR_RESET: u32 = 0x0e00_0000;
const CSR_SFTRSTF: u32 = 1 << 28;
const PLLI2SCFGR_RESET: u32 = 0x2000_3000;
/// VOS = scale 1, the STM32F405/407's reset value.
const PWR_CR_RESET: u32 = 0x0000_4000;
const PWR_CSR_VOSRDY: u32 = 1 << 14;
/// The registers whose reset value is not 0.
const RESET_VALUES: &[(u32, u32)] = &[
    (RCC_CR, CR_RESET),
    (RCC_PLLCFGR, PLLCFGR_RESET),
    (RCC_AHB1ENR, AHB1ENR_RESET),
    (RCC_CSR, CSR_RESET),
    (RCC_PLLI2SCFGR, PLLI2SCFGR_RESET),
    (PWR_CR, PWR_CR_RESET),
];

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

    /// Register value for read-modify-write merging of narrow writes.
    pub fn stored(&self, addr: u32) -> u32 {
        self.get(addr & !3)
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
            RCC_CR => self.read_cr(stored, executed),
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
            RCC_PLLCFGR => self.write_pllcfgr(value),
            RCC_CFGR => self.write_cfgr(value, now),
            RCC_AHB1RSTR | RCC_APB1RSTR | RCC_APB2RSTR => {
                let entered = value & !self.get(reg);
                self.set(reg, value);
                self.hold_in_reset(reg, value, entered);
            }
            FLASH_ACR => self.write_acr(value),
            _ => self.set(reg, value),
        }
    }

    /// Why the chip keeps an access at `addr` from its peripheral; see
    /// [`super::Periph::refusal`].
    pub fn refusal(&self, addr: u32) -> Option<String> {
        self.gate(addr & !3)
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
