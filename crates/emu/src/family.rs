//! Which chip model a target gets. Targets do not name their peripheral
//! set, so the family is inferred from what does name it: an RP2040 boot2
//! block means RP2040, an RP2350 IMAGE_DEF means RP2350, an STM32 USART
//! console means STM32F4. Any other board gets flash, RAM, its console UART
//! and the core's own SCS and DWT.
//!
//! Every model that differs between chips asks this module, and it asks
//! none of them, so it sits at the bottom of the crate.

use target::{BootBlock, Target, UartKind};

/// Which peripheral model a target gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Family {
    Rp2040,
    Rp2350,
    Stm32F4,
    Generic,
}

impl Family {
    pub fn of(t: &Target) -> Family {
        match (t.boot_block, t.console.kind) {
            (BootBlock::Rp2040Boot2, _) => Family::Rp2040,
            (BootBlock::Rp2350ImageDef, _) => Family::Rp2350,
            (_, UartKind::Stm32Usart) => Family::Stm32F4,
            _ => Family::Generic,
        }
    }

    /// RP2040 and RP2350 peripherals have atomic XOR/SET/CLR register aliases
    /// at +0x1000/+0x2000/+0x3000.
    pub fn atomic_aliases(self) -> bool {
        matches!(self, Family::Rp2040 | Family::Rp2350)
    }
}
