//! The console UART: a PL011 (RP2040, RP2350) or an STM32F4 USART, reduced to
//! what a polling driver sees. Transmission is instant, so the transmitter is
//! always ready; the receiver holds the host's input queue. Baud rate, frame
//! format and enable bits are stored and read back but change nothing (the
//! USART receives even with RE clear, unlike the chip).

use std::collections::VecDeque;
use std::io::Write;
use std::sync::mpsc::{Receiver, RecvTimeoutError, TryRecvError};
use std::time::Duration;

use target::UartKind;

use super::{Alias, Regs};

/// Polls of an empty receiver, with nothing sent or received in between,
/// that mean the program is waiting for input: a `key` loop reaches this in
/// a few thousand instructions, a program that only glances at `key?`
/// between other work takes far longer.
const IDLE_POLLS: u32 = 1000;
/// How long one poll of an empty live receiver may wait for the terminal,
/// once the program is idle: long enough not to spin the host's CPU, short
/// enough that a program polling `key?` between other work keeps running.
const LIVE_WAIT: Duration = Duration::from_millis(20);

/// What the console sent and what it has yet to receive.
#[derive(Default)]
pub(crate) struct Console {
    pub output: Vec<u8>,
    pub input: VecDeque<u8>,
    /// Also copy transmitted bytes to the host's stdout as they are sent.
    pub echo: bool,
    /// Bytes still to come while the program runs (a terminal); None once
    /// that source has ended, or when all input was given in advance.
    pub live: Option<Receiver<Vec<u8>>>,
    /// Polls of the empty receiver since the last byte sent or received.
    idle_polls: u32,
    /// The input has ended and the program waits for more: the run stops.
    pub starved: bool,
}

impl Console {
    pub fn transmit(&mut self, byte: u8) {
        self.idle_polls = 0;
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

    /// The receiver is looked at: is a byte waiting? An empty receiver takes
    /// what a live source has, waits a little for it once the program is
    /// idle, and marks the console starved when the input has ended and the
    /// program keeps waiting.
    fn has_input(&mut self) -> bool {
        if !self.input.is_empty() {
            return true;
        }
        self.idle_polls = self.idle_polls.saturating_add(1);
        if let Some(live) = &self.live {
            let got = if self.idle_polls >= IDLE_POLLS {
                live.recv_timeout(LIVE_WAIT)
                    .map_err(|e| e == RecvTimeoutError::Disconnected)
            } else {
                live.try_recv().map_err(|e| e == TryRecvError::Disconnected)
            };
            match got {
                Ok(bytes) => self.input.extend(bytes),
                Err(true) => self.live = None,
                Err(false) => {}
            }
        } else if self.idle_polls >= IDLE_POLLS {
            self.starved = true;
        }
        !self.input.is_empty()
    }

    fn receive(&mut self) -> u32 {
        if !self.has_input() {
            return 0;
        }
        self.idle_polls = 0;
        self.input.pop_front().unwrap_or(0) as u32
    }

    /// More input has arrived: the program is no longer starved.
    pub fn feed(&mut self, bytes: &[u8]) {
        self.input.extend(bytes);
        self.starved = false;
        self.idle_polls = 0;
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
            (UartKind::Pl011, PL011_DR) => self.console.receive(),
            (UartKind::Pl011, PL011_RSR) => 0,
            (UartKind::Pl011, PL011_FR) => {
                FR_TXFE | if self.console.has_input() { 0 } else { FR_RXFE }
            }
            (UartKind::Pl011, 0xfe0..=0xffc) => PL011_IDS[((off - 0xfe0) / 4) as usize],
            (UartKind::Stm32Usart, USART_SR) => {
                SR_TXE | SR_TC | if self.console.has_input() { SR_RXNE } else { 0 }
            }
            (UartKind::Stm32Usart, USART_DR) => self.console.receive(),
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

    #[test]
    fn a_program_polling_ended_input_is_starved_and_fed_again() {
        let mut u = Uart::new(UartKind::Pl011, 0x4003_4000, true);
        u.console.feed(b"a");
        assert_eq!(u.read(0x4003_4000), b'a' as u32);
        for _ in 0..IDLE_POLLS - 1 {
            assert_eq!(u.read(0x4003_4018) & FR_RXFE, FR_RXFE);
        }
        assert!(!u.console.starved);
        u.read(0x4003_4018);
        assert!(u.console.starved);
        u.console.feed(b"b");
        assert!(!u.console.starved);
        assert_eq!(u.read(0x4003_4018) & FR_RXFE, 0);
    }

    #[test]
    fn sending_resets_the_wait_for_input() {
        let mut u = Uart::new(UartKind::Stm32Usart, 0x4001_1000, false);
        for _ in 0..IDLE_POLLS - 1 {
            u.read(0x4001_1000);
        }
        u.write(0x4001_1004, b'k' as u32, b'k');
        for _ in 0..IDLE_POLLS - 1 {
            u.read(0x4001_1000);
        }
        assert!(!u.console.starved);
    }

    #[test]
    fn a_live_source_is_read_as_the_program_polls_until_it_ends() {
        let (tx, rx) = std::sync::mpsc::channel();
        let mut u = Uart::new(UartKind::Pl011, 0x4003_4000, true);
        u.console.live = Some(rx);
        tx.send(b"xy".to_vec()).unwrap();
        assert_eq!(u.read(0x4003_4018) & FR_RXFE, 0);
        assert_eq!(u.read(0x4003_4000), b'x' as u32);
        assert_eq!(u.read(0x4003_4000), b'y' as u32);
        drop(tx);
        for _ in 0..2 * IDLE_POLLS {
            u.read(0x4003_4018);
        }
        assert!(u.console.live.is_none());
        assert!(u.console.starved);
    }
}
