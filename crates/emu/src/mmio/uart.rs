//! The console UART: a PL011 (RP2040, RP2350) or an STM32F4 USART, reduced to
//! what a polling driver sees. Transmission is instant, so the transmitter is
//! always ready; the receiver holds the host's input queue. Baud rate, frame
//! format and enable bits are stored and read back but change nothing (the
//! USART receives even with RE clear, unlike the chip).

use std::collections::VecDeque;
use std::io::Write;

use target::UartKind;

use super::{Alias, Regs};

/// What the console sent and what it has yet to receive.
#[derive(Default)]
pub(crate) struct Console {
    pub output: Vec<u8>,
    pub input: VecDeque<u8>,
    /// Also copy transmitted bytes to the host's stdout as they are sent.
    pub echo: bool,
}

impl Console {
    pub fn transmit(&mut self, byte: u8) {
        self.output.push(byte);
        if self.echo {
            // Stdout is line buffered; the run loop flushes when a run ends.
            let _ = std::io::stdout().write_all(&[byte]);
        }
    }

    pub fn flush(&self) {
        if self.echo {
            let _ = std::io::stdout().flush();
        }
    }
}

// PL011 registers and flag bits.
const PL011_DR: u32 = 0x000;
const PL011_RSR: u32 = 0x004;
const PL011_FR: u32 = 0x018;
const FR_RXFE: u32 = 1 << 4;
const FR_TXFE: u32 = 1 << 7;
/// UARTPeriphID0..3 and UARTPCellID0..3 at 0xFE0..0xFFC.
const PL011_IDS: [u32; 8] = [0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1];

// STM32F4 USART registers and status bits.
const USART_SR: u32 = 0x00;
const USART_DR: u32 = 0x04;
const SR_RXNE: u32 = 1 << 5;
const SR_TC: u32 = 1 << 6;
const SR_TXE: u32 = 1 << 7;
/// USART register block size: neighbouring USARTs share the mapped page.
const USART_BLOCK: u32 = 0x400;

pub(crate) struct Uart {
    kind: UartKind,
    /// Address of the console's register block.
    base: u32,
    /// RP parts: writes through +0x1000/+0x2000/+0x3000 XOR, set and clear.
    atomic_aliases: bool,
    regs: Regs,
    pub console: Console,
}

impl Uart {
    pub fn new(kind: UartKind, base: u32, atomic_aliases: bool) -> Uart {
        Uart {
            kind,
            base,
            atomic_aliases,
            regs: Regs::default(),
            console: Console::default(),
        }
    }

    /// The register offset of `addr` and the alias it was written through,
    /// or None for an address outside the console's register block (another
    /// USART in the same page), which is plain storage.
    fn register(&self, addr: u32) -> Option<(u32, Alias)> {
        let (addr, alias) = if self.atomic_aliases {
            Alias::decode(addr)
        } else {
            (addr, Alias::Normal)
        };
        let off = addr.wrapping_sub(self.base);
        let block = match self.kind {
            UartKind::Pl011 => 0x1000,
            UartKind::Stm32Usart => USART_BLOCK,
        };
        (off < block).then_some((off & !3, alias))
    }

    pub fn read(&mut self, addr: u32) -> u32 {
        let Some((off, _)) = self.register(addr) else {
            return self.regs.get(addr);
        };
        match (self.kind, off) {
            (UartKind::Pl011, PL011_DR) => self.console.input.pop_front().unwrap_or(0) as u32,
            (UartKind::Pl011, PL011_RSR) => 0,
            (UartKind::Pl011, PL011_FR) => {
                FR_TXFE
                    | if self.console.input.is_empty() {
                        FR_RXFE
                    } else {
                        0
                    }
            }
            (UartKind::Pl011, 0xfe0..=0xffc) => PL011_IDS[((off - 0xfe0) / 4) as usize],
            (UartKind::Stm32Usart, USART_SR) => {
                SR_TXE
                    | SR_TC
                    | if self.console.input.is_empty() {
                        0
                    } else {
                        SR_RXNE
                    }
            }
            (UartKind::Stm32Usart, USART_DR) => self.console.input.pop_front().unwrap_or(0) as u32,
            _ => self.regs.get(self.base + off),
        }
    }

    /// `value` is the whole register after merging a narrow write; `byte` is
    /// the low byte actually written, which is what a data register sends.
    pub fn write(&mut self, addr: u32, value: u32, byte: u8) {
        let Some((off, alias)) = self.register(addr) else {
            self.regs.set(addr, value);
            return;
        };
        match (self.kind, off, alias) {
            (UartKind::Pl011, PL011_DR, Alias::Normal)
            | (UartKind::Stm32Usart, USART_DR, Alias::Normal) => self.console.transmit(byte),
            // Status bits are cleared by hardware events, not stored.
            (UartKind::Pl011, PL011_FR | PL011_RSR, _) | (UartKind::Stm32Usart, USART_SR, _) => {}
            _ => {
                let reg = self.base + off;
                let old = self.regs.get(reg);
                self.regs.set(reg, alias.apply(old, value));
            }
        }
    }

    /// The current value of a register for read-modify-write merging.
    pub fn stored(&self, addr: u32) -> u32 {
        match self.register(addr) {
            Some((off, _)) => self.regs.get(self.base + off),
            None => self.regs.get(addr),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pl011_sends_data_writes_and_reports_an_empty_receiver() {
        let mut u = Uart::new(UartKind::Pl011, 0x4003_4000, true);
        u.write(0x4003_4000, b'h' as u32, b'h');
        u.write(0x4003_4000, b'i' as u32, b'i');
        assert_eq!(u.console.output, b"hi");
        assert_eq!(u.read(0x4003_4018) & (FR_RXFE | 1 << 5), FR_RXFE);
        u.console.input.push_back(b'x');
        assert_eq!(u.read(0x4003_4018) & FR_RXFE, 0);
        assert_eq!(u.read(0x4003_4000), b'x' as u32);
    }

    #[test]
    fn pl011_control_registers_take_atomic_alias_writes() {
        let mut u = Uart::new(UartKind::Pl011, 0x4003_4000, true);
        u.write(0x4003_4030, 0x301, 1); // CR = UARTEN | TXE | RXE
        u.write(0x4003_7030, 0x200, 0); // clear RXE through the CLR alias
        assert_eq!(u.read(0x4003_4030), 0x101);
        assert!(u.console.output.is_empty());
    }

    #[test]
    fn usart_status_shows_transmitter_ready_and_pending_input() {
        let mut u = Uart::new(UartKind::Stm32Usart, 0x4001_1000, false);
        assert_eq!(u.read(0x4001_1000), SR_TXE | SR_TC);
        u.console.input.push_back(7);
        assert_eq!(u.read(0x4001_1000), SR_TXE | SR_TC | SR_RXNE);
        assert_eq!(u.read(0x4001_1004), 7);
        u.write(0x4001_1004, b'k' as u32, b'k');
        assert_eq!(u.console.output, b"k");
        // USART6 shares the page and is plain storage.
        u.write(0x4001_1404, 0x55, 0x55);
        assert_eq!(u.read(0x4001_1404), 0x55);
        assert_eq!(u.console.output, b"k");
    }
}
