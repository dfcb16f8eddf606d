//! Which peripheral block an address belongs to, the RESETS bit that holds
//! it, and the names a report gives its registers.
//!
//! Addresses from the SDK's `addressmap.h` of each chip; reset bits from
//! `resets.h` (RP2040 datasheet 2.14, RP2350 datasheet chapter 7). Blocks the
//! power-on state machine controls itself (clocks, oscillators, watchdog,
//! PSM, RESETS; on the RP2350 also POWMAN, TICKS, OTP...) have no RESETS bit
//! and are never held.

/// A block of the APB window and its reset line.
#[derive(Debug)]
pub(crate) struct Block {
    pub name: &'static str,
    pub base: u32,
    /// Bit in RESETS.RESET, or None for a block RESETS does not control.
    pub reset: Option<u32>,
}

const fn held(name: &'static str, base: u32, bit: u32) -> Block {
    Block {
        name,
        base,
        reset: Some(bit),
    }
}

const fn free(name: &'static str, base: u32) -> Block {
    Block {
        name,
        base,
        reset: None,
    }
}

/// RP2040: blocks every 16 KiB from 0x40000000.
pub(crate) const RP2040: &[Block] = &[
    held("SYSINFO", 0x4000_0000, 19),
    held("SYSCFG", 0x4000_4000, 18),
    free("CLOCKS", 0x4000_8000),
    free("RESETS", 0x4000_c000),
    free("PSM", 0x4001_0000),
    held("IO_BANK0", 0x4001_4000, 5),
    held("IO_QSPI", 0x4001_8000, 6),
    held("PADS_BANK0", 0x4001_c000, 8),
    held("PADS_QSPI", 0x4002_0000, 9),
    free("XOSC", 0x4002_4000),
    held("PLL_SYS", 0x4002_8000, 12),
    held("PLL_USB", 0x4002_c000, 13),
    held("BUSCTRL", 0x4003_0000, 1),
    held("UART0", 0x4003_4000, 22),
    held("UART1", 0x4003_8000, 23),
    held("SPI0", 0x4003_c000, 16),
    held("SPI1", 0x4004_0000, 17),
    held("I2C0", 0x4004_4000, 3),
    held("I2C1", 0x4004_8000, 4),
    held("ADC", 0x4004_c000, 0),
    held("PWM", 0x4005_0000, 14),
    held("TIMER", 0x4005_4000, 21),
    free("WATCHDOG", 0x4005_8000),
    held("RTC", 0x4005_c000, 15),
    free("ROSC", 0x4006_0000),
    free("VREG_AND_CHIP_RESET", 0x4006_4000),
    held("TBMAN", 0x4006_c000, 20),
];

/// RP2350: blocks every 32 KiB from 0x40000000.
pub(crate) const RP2350: &[Block] = &[
    held("SYSINFO", 0x4000_0000, 21),
    held("SYSCFG", 0x4000_8000, 20),
    free("CLOCKS", 0x4001_0000),
    free("PSM", 0x4001_8000),
    free("RESETS", 0x4002_0000),
    held("IO_BANK0", 0x4002_8000, 6),
    held("IO_QSPI", 0x4003_0000, 7),
    held("PADS_BANK0", 0x4003_8000, 9),
    held("PADS_QSPI", 0x4004_0000, 10),
    free("XOSC", 0x4004_8000),
    held("PLL_SYS", 0x4005_0000, 14),
    held("PLL_USB", 0x4005_8000, 15),
    free("ACCESSCTRL", 0x4006_0000),
    held("BUSCTRL", 0x4006_8000, 1),
    held("UART0", 0x4007_0000, 26),
    held("UART1", 0x4007_8000, 27),
    held("SPI0", 0x4008_0000, 18),
    held("SPI1", 0x4008_8000, 19),
    held("I2C0", 0x4009_0000, 4),
    held("I2C1", 0x4009_8000, 5),
    held("ADC", 0x400a_0000, 0),
    held("PWM", 0x400a_8000, 16),
    held("TIMER0", 0x400b_0000, 23),
    held("TIMER1", 0x400b_8000, 24),
    held("HSTX_CTRL", 0x400c_0000, 3),
    free("XIP_CTRL", 0x400c_8000),
    free("XIP_QMI", 0x400d_0000),
    free("WATCHDOG", 0x400d_8000),
    free("BOOTRAM", 0x400e_0000),
    free("ROSC", 0x400e_8000),
    held("TRNG", 0x400f_0000, 25),
    held("SHA256", 0x400f_8000, 17),
    free("POWMAN", 0x4010_0000),
    free("TICKS", 0x4010_8000),
    held("TBMAN", 0x4016_0000, 22),
];

/// The block of `blocks` (each `span` bytes, atomic aliases included) that
/// holds `addr`.
pub(crate) fn find(blocks: &'static [Block], span: u32, addr: u32) -> Option<&'static Block> {
    blocks
        .iter()
        .find(|b| addr >= b.base && addr - b.base < span)
}

/// `BLOCK.REGISTER` for a report, with the alias the access went through:
/// `IO_BANK0.GPIO0_CTRL`, `RESETS.RESET (clear alias)`, `SPI0+0x008`.
pub(crate) fn register_name(block: &Block, addr: u32) -> String {
    let off = (addr - block.base) & 0xfff;
    let alias = match (addr - block.base) >> 12 & 3 {
        1 => " (XOR alias)",
        2 => " (set alias)",
        3 => " (clear alias)",
        _ => "",
    };
    let name = match register(block.name, off & !3) {
        Some(reg) => format!("{}.{reg}", block.name),
        None => format!("{}+{off:#05x}", block.name),
    };
    name + alias
}

fn register(block: &str, off: u32) -> Option<String> {
    let fixed = |table: &[(u32, &'static str)]| {
        table
            .iter()
            .find(|&&(o, _)| o == off)
            .map(|&(_, n)| n.to_string())
    };
    match block {
        "UART0" | "UART1" => fixed(&[
            (0x00, "UARTDR"),
            (0x04, "UARTRSR"),
            (0x18, "UARTFR"),
            (0x24, "UARTIBRD"),
            (0x28, "UARTFBRD"),
            (0x2c, "UARTLCR_H"),
            (0x30, "UARTCR"),
            (0x34, "UARTIFLS"),
            (0x38, "UARTIMSC"),
            (0x44, "UARTICR"),
            (0x48, "UARTDMACR"),
        ]),
        "IO_BANK0" if off < 48 * 8 => Some(format!(
            "GPIO{}_{}",
            off / 8,
            if off % 8 == 0 { "STATUS" } else { "CTRL" }
        )),
        "PADS_BANK0" if off == 0 => Some("VOLTAGE_SELECT".into()),
        "PADS_BANK0" if off <= 48 * 4 => Some(format!("GPIO{}", off / 4 - 1)),
        "PLL_SYS" | "PLL_USB" => {
            fixed(&[(0x0, "CS"), (0x4, "PWR"), (0x8, "FBDIV_INT"), (0xc, "PRIM")])
        }
        "TIMER" | "TIMER0" | "TIMER1" => fixed(&[
            (0x00, "TIMEHW"),
            (0x04, "TIMELW"),
            (0x08, "TIMEHR"),
            (0x0c, "TIMELR"),
            (0x20, "ARMED"),
            (0x24, "TIMERAWH"),
            (0x28, "TIMERAWL"),
            (0x30, "PAUSE"),
        ]),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_address_of_a_block_and_its_aliases_finds_the_block() {
        let uart = find(RP2040, 0x4000, 0x4003_7030).unwrap();
        assert_eq!((uart.name, uart.reset), ("UART0", Some(22)));
        let timer1 = find(RP2350, 0x8000, 0x400b_8028).unwrap();
        assert_eq!((timer1.name, timer1.reset), ("TIMER1", Some(24)));
        assert_eq!(find(RP2350, 0x8000, 0x4010_8018).unwrap().reset, None);
        assert!(find(RP2040, 0x4000, 0x4007_0000).is_none());
    }

    #[test]
    fn registers_are_named_with_the_alias_used() {
        let io = find(RP2040, 0x4000, 0x4001_4004).unwrap();
        assert_eq!(register_name(io, 0x4001_4004), "IO_BANK0.GPIO0_CTRL");
        assert_eq!(
            register_name(io, 0x4001_60c8),
            "IO_BANK0.GPIO25_STATUS (set alias)"
        );
        let pads = find(RP2350, 0x8000, 0x4003_8008).unwrap();
        assert_eq!(
            register_name(pads, 0x4003_b008),
            "PADS_BANK0.GPIO1 (clear alias)"
        );
        let uart = find(RP2350, 0x8000, 0x4007_0024).unwrap();
        assert_eq!(register_name(uart, 0x4007_0024), "UART0.UARTIBRD");
        let spi = find(RP2040, 0x4000, 0x4003_c008).unwrap();
        assert_eq!(register_name(spi, 0x4003_c008), "SPI0+0x008");
    }
}
