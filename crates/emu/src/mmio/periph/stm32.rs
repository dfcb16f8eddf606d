//! The STM32F4's RCC and PWR, as start-up code meets them.
//!
//! Every register reads back what was last written, 0 before that (no
//! atomic aliases on this chip). Status bits that set-up code polls read as
//! "done": RCC.CR ready bits follow their ON bits (HSI, HSE, PLL, PLLI2S),
//! CFGR.SWS follows SW, BDCR.LSERDY and CSR.LSIRDY follow their ON bits,
//! PWR.CSR.VOSRDY is set.

use super::super::Regs;

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

/// The STM32F4's peripheral space.
pub(crate) struct Stm32 {
    regs: Regs,
    /// SYSCLK after start-up, as the board file gives it.
    clock_hz: u32,
}

impl Stm32 {
    pub fn new(clock_hz: u32) -> Stm32 {
        let mut regs = Regs::default();
        regs.set(RCC_CR, RCC_CR_RESET);
        Stm32 {
            regs,
            clock_hz: clock_hz.max(1),
        }
    }

    /// Register value for read-modify-write merging of narrow writes.
    pub fn stored(&self, addr: u32) -> u32 {
        self.regs.get(addr & !3)
    }

    pub fn read(&mut self, addr: u32, _executed: u64) -> u32 {
        let reg = addr & !3;
        let stored = self.regs.get(reg);
        match reg {
            RCC_CR | RCC_BDCR | RCC_CSR => stored | (stored & RCC_CR_ON_BITS) << 1,
            RCC_CFGR => (stored & !0xc) | (stored & 3) << 2,
            PWR_CSR => stored | PWR_CSR_VOSRDY,
            _ => stored,
        }
    }

    /// `value` is the whole register after merging a narrow write.
    pub fn write(&mut self, addr: u32, value: u32) {
        self.regs.set(addr & !3, value);
    }

    /// Why the chip keeps an access at `addr` from its peripheral; see
    /// [`super::Periph::refusal`].
    pub fn refusal(&self, _addr: u32) -> Option<String> {
        None
    }

    /// The clock of the USART at `base`: PCLK2 for USART1 and USART6, PCLK1
    /// for the others.
    pub fn uart_clock(&self, _base: u32) -> Result<u32, String> {
        Ok(self.clock_hz)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stm32_rcc_ready_bits_follow_their_enables() {
        let mut p = Stm32::new(16_000_000);
        assert_eq!(p.read(RCC_CR, 0) & 2, 2, "HSI ready at reset");
        p.write(RCC_CR, RCC_CR_RESET | 1 << 16 | 1 << 24);
        let cr = p.read(RCC_CR, 0);
        assert_ne!(cr & 1 << 17, 0);
        assert_ne!(cr & 1 << 25, 0);
        p.write(RCC_CFGR, 2);
        assert_eq!(p.read(RCC_CFGR, 0) & 0xc, 8);
        p.write(0x4002_3830, 1);
        assert_eq!(p.read(0x4002_3830, 0), 1);
        p.write(0x4002_0000, 0xa800_0000);
        assert_eq!(p.read(0x4002_0000, 0), 0xa800_0000);
    }
}
