//! The peripherals RCC gates (RM0090 6.3.10-6.3.14): where each block is,
//! its enable bit and its reset bit, and what the bus does with an access
//! to a block whose clock is off or that is held in reset.

use super::{
    Stm32, RCC_AHB1ENR, RCC_AHB1RSTR, RCC_APB1ENR, RCC_APB1RSTR, RCC_APB2ENR, RCC_APB2RSTR,
    RESET_VALUES,
};
use crate::mmio::regs::Span;

/// The bus a peripheral hangs on, which names its enable and reset registers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Bus {
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

    pub fn rstr(self) -> u32 {
        match self {
            Bus::Ahb1 => RCC_AHB1RSTR,
            Bus::Apb1 => RCC_APB1RSTR,
            Bus::Apb2 => RCC_APB2RSTR,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Bus::Ahb1 => "AHB1",
            Bus::Apb1 => "APB1",
            Bus::Apb2 => "APB2",
        }
    }
}

/// A peripheral RCC gates: where it is, its enable bit and its reset bit.
pub(super) struct Block {
    pub name: &'static str,
    pub base: u32,
    pub size: u32,
    pub bus: Bus,
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
pub(super) const BLOCKS: &[Block] = &[
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
    pub fn span(&self) -> Span {
        Span {
            base: self.base,
            size: self.size,
        }
    }
}

pub(super) fn block_at(addr: u32) -> Option<&'static Block> {
    BLOCKS.iter().find(|b| addr.wrapping_sub(b.base) < b.size)
}

impl Stm32 {
    /// Why the block at `reg` cannot be reached: held in reset, or its
    /// clock off.
    pub(super) fn gate(&self, reg: u32) -> Option<String> {
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

    /// Blocks whose reset bit is set go back to their reset values; those
    /// whose bit is in `entered` have just gone into reset.
    pub(super) fn hold_in_reset(&mut self, rstr: u32, value: u32, entered: u32) {
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

    /// Whether RCC holds the block at `addr` in reset (its RSTR bit set).
    pub fn held_in_reset(&self, addr: u32) -> bool {
        block_at(addr & !3).is_some_and(|b| {
            b.rst
                .is_some_and(|(bit, _)| self.get(b.bus.rstr()) >> bit & 1 == 1)
        })
    }
}
