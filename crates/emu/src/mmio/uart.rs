//! The console UART: a PL011 (RP2040, RP2350) or an STM32F4 USART, reduced to
//! what a polling driver sees, with the rules a host at the other end of the
//! line depends on.
//!
//! Transmission is instant, so the transmitter is always ready; the receiver
//! holds the host's input queue. On a strict machine whose board has a clock
//! model ([`Uart::write`] and [`Uart::read`] are given the UART's clock), a
//! byte written to the data register is sent only if the host could read it,
//! else the run stops with the reason:
//! - the UART and its transmitter are enabled (PL011 UARTCR.UARTEN and TXE;
//!   USART CR1.UE and TE);
//! - its clock runs (clk_peri on the RP parts, PCLK1/PCLK2 on the STM32);
//! - its baud rate is within 2% of the console's (`console.baud` of the
//!   board): PL011 UARTCLK / (16 × (IBRD + FBRD/64)) with the divisors the
//!   last UARTLCR_H write latched (the PL011 TRM's UARTLCR_H description:
//!   IBRD and FBRD take effect only then); USART f / (16 × USARTDIV), or
//!   f / (8 × USARTDIV) with OVER8 (RM0090 30.3.4);
//! - the frame is 8 data bits without parity (the host reads 8N1).
//!
//! The receiver gives input only under the same rules (UARTEN and RXE, UE
//! and RE): a program reading input over a line the host cannot reach, or
//! polling a disabled receiver while input waits, is stopped with the
//! reason. A permissive machine (build-time execution, which runs no
//! start-up code) and boards without a clock model send and receive
//! whatever the registers say.

use std::collections::VecDeque;
use std::io::Write;
use std::sync::mpsc::{Receiver, RecvTimeoutError, TryRecvError};
use std::time::Duration;

use target::UartKind;

use crate::mmio::regs::{Alias, Regs};
use crate::mmio::units::{mhz, thousands};

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
    /// Bytes the program has taken from the receiver since the machine was
    /// built: a new one means the program waited for input and got it.
    pub received: u64,
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
        self.received += 1;
        self.input.pop_front().unwrap_or(0) as u32
    }

    /// A new run starts: a program that starved in an earlier run has
    /// not waited in this one yet, so transmitting (which also reads the
    /// flags register) does not stop it.
    pub fn new_run(&mut self) {
        self.starved = false;
        self.idle_polls = 0;
    }

    /// More input has arrived: the program is no longer starved.
    pub fn feed(&mut self, bytes: &[u8]) {
        self.input.extend(bytes);
        self.starved = false;
        self.idle_polls = 0;
    }
}

// PL011 registers and bits.
const PL011_DR: u32 = 0x000;
const PL011_RSR: u32 = 0x004;
const PL011_FR: u32 = 0x018;
const PL011_IBRD: u32 = 0x024;
const PL011_FBRD: u32 = 0x028;
const PL011_LCR_H: u32 = 0x02c;
const PL011_CR: u32 = 0x030;
const FR_RXFE: u32 = 1 << 4;
const FR_TXFE: u32 = 1 << 7;
const CR_UARTEN: u32 = 1 << 0;
const CR_TXE: u32 = 1 << 8;
const CR_RXE: u32 = 1 << 9;
const LCR_H_PEN: u32 = 1 << 1;
/// UARTPeriphID0..3 and UARTPCellID0..3 at 0xFE0..0xFFC.
const PL011_IDS: [u32; 8] = [0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1];

// STM32F4 USART registers and bits.
const USART_SR: u32 = 0x00;
const USART_DR: u32 = 0x04;
const USART_BRR: u32 = 0x08;
const USART_CR1: u32 = 0x0c;
const SR_RXNE: u32 = 1 << 5;
const SR_TC: u32 = 1 << 6;
const SR_TXE: u32 = 1 << 7;
const CR1_RE: u32 = 1 << 2;
const CR1_TE: u32 = 1 << 3;
const CR1_PCE: u32 = 1 << 10;
const CR1_M: u32 = 1 << 12;
const CR1_UE: u32 = 1 << 13;
const CR1_OVER8: u32 = 1 << 15;
/// USART register block size: neighbouring USARTs share the mapped page.
const USART_BLOCK: u32 = 0x400;

/// How far the console's baud rate may be from the host's: a UART samples
/// each bit in its middle, so about 5% over a 10-bit frame is where bytes
/// turn to garbage; 2% leaves the other end its own error.
const BAUD_TOLERANCE: f64 = 0.02;

pub(crate) struct Uart {
    kind: UartKind,
    /// Address of the console's register block.
    base: u32,
    /// RP parts: writes through +0x1000/+0x2000/+0x3000 XOR, set and clear.
    atomic_aliases: bool,
    regs: Regs,
    /// The baud rate the host reads the console at (the board's
    /// `console.baud`), or None where the line is not judged (a board with
    /// no clock model, whose UART the boot ROM or a debugger sets up).
    host_baud: Option<u32>,
    /// PL011: IBRD and FBRD as the last UARTLCR_H write latched them.
    latched: (u32, u32),
    /// Polls of a disabled receiver while input waits.
    deaf_polls: u32,
    pub console: Console,
}

impl Uart {
    pub fn new(kind: UartKind, base: u32, atomic_aliases: bool, host_baud: Option<u32>) -> Uart {
        let mut u = Uart {
            kind,
            base,
            atomic_aliases,
            regs: Regs::default(),
            host_baud,
            latched: (0, 0),
            deaf_polls: 0,
            console: Console::default(),
        };
        u.reset();
        u
    }

    /// The registers' reset values (PL011: UARTCR has TXE and RXE set,
    /// UARTEN clear); what the console sent and has yet to receive stays.
    pub fn reset(&mut self) {
        self.regs = Regs::default();
        self.latched = (0, 0);
        self.deaf_polls = 0;
        if self.kind == UartKind::Pl011 {
            self.regs.set(self.base + PL011_CR, CR_TXE | CR_RXE);
        }
    }

    pub fn base(&self) -> u32 {
        self.base
    }

    /// The UART's name for a report.
    fn name(&self) -> &'static str {
        match (self.kind, self.base) {
            (UartKind::Pl011, 0x4003_4000 | 0x4007_0000) => "UART0",
            (UartKind::Pl011, 0x4003_8000 | 0x4007_8000) => "UART1",
            (UartKind::Pl011, _) => "PL011",
            (UartKind::Stm32Usart, 0x4001_1000) => "USART1",
            (UartKind::Stm32Usart, 0x4000_4400) => "USART2",
            (UartKind::Stm32Usart, 0x4000_4800) => "USART3",
            (UartKind::Stm32Usart, 0x4000_4c00) => "UART4",
            (UartKind::Stm32Usart, 0x4000_5000) => "UART5",
            (UartKind::Stm32Usart, 0x4001_1400) => "USART6",
            (UartKind::Stm32Usart, _) => "USART",
        }
    }

    /// The data register, named as the reference manuals do.
    fn data_register(&self) -> String {
        match self.kind {
            UartKind::Pl011 => format!("{}.UARTDR", self.name()),
            UartKind::Stm32Usart => format!("{}.DR", self.name()),
        }
    }

    /// The clock the UART's baud rate comes from.
    fn clock_name(&self) -> &'static str {
        match (self.kind, self.base) {
            (UartKind::Pl011, _) => "clk_peri",
            // USART1 and USART6 are on APB2, the others on APB1.
            (UartKind::Stm32Usart, 0x4001_1000 | 0x4001_1400) => "PCLK2",
            (UartKind::Stm32Usart, _) => "PCLK1",
        }
    }

    fn reg(&self, off: u32) -> u32 {
        self.regs.get(self.base + off)
    }

    /// Why the transmitter (`tx`) or receiver is off, if it is.
    fn off(&self, tx: bool) -> Option<&'static str> {
        match self.kind {
            UartKind::Pl011 => {
                let cr = self.reg(PL011_CR);
                if cr & CR_UARTEN == 0 {
                    Some("the UART is disabled (UARTCR.UARTEN clear)")
                } else if tx && cr & CR_TXE == 0 {
                    Some("its transmitter is disabled (UARTCR.TXE clear)")
                } else if !tx && cr & CR_RXE == 0 {
                    Some("its receiver is disabled (UARTCR.RXE clear)")
                } else {
                    None
                }
            }
            UartKind::Stm32Usart => {
                let cr1 = self.reg(USART_CR1);
                if cr1 & CR1_UE == 0 {
                    Some("the USART is disabled (CR1.UE clear)")
                } else if tx && cr1 & CR1_TE == 0 {
                    Some("its transmitter is disabled (CR1.TE clear)")
                } else if !tx && cr1 & CR1_RE == 0 {
                    Some("its receiver is disabled (CR1.RE clear)")
                } else {
                    None
                }
            }
        }
    }

    /// The baud rate the divisors give from a `clock_hz` UART clock, and
    /// the divisors as a report names them; or why there is none.
    fn rate(&self, clock_hz: u32) -> Result<(f64, String), String> {
        let clock = clock_hz as f64;
        match self.kind {
            UartKind::Pl011 => {
                let (ibrd, fbrd) = self.latched;
                if ibrd == 0 {
                    return Err(if self.reg(PL011_IBRD) & 0xffff != 0 {
                        "no baud rate divisor is latched: the PL011 takes UARTIBRD and \
                         UARTFBRD at the next UARTLCR_H write"
                            .into()
                    } else {
                        "no baud rate is set (UARTIBRD is 0)".into()
                    });
                }
                if ibrd == 0xffff && fbrd != 0 {
                    return Err("UARTIBRD 65535 with a non-zero UARTFBRD is not allowed".into());
                }
                let rate = clock * 4.0 / (64 * ibrd + fbrd) as f64;
                Ok((rate, format!("IBRD {ibrd}/FBRD {fbrd}")))
            }
            UartKind::Stm32Usart => {
                let brr = self.reg(USART_BRR) & 0xffff;
                if brr == 0 {
                    return Err("no baud rate is set (BRR is 0)".into());
                }
                if self.reg(USART_CR1) & CR1_OVER8 != 0 {
                    // USARTDIV = mantissa + BRR[2:0] / 8; baud = f / (8 × USARTDIV).
                    let eighths = (brr >> 4) * 8 + (brr & 7);
                    Ok((
                        clock / eighths.max(1) as f64,
                        format!("BRR {brr:#x} with OVER8"),
                    ))
                } else {
                    Ok((clock / brr as f64, format!("BRR {brr:#x}")))
                }
            }
        }
    }

    /// The console's baud rate from a UART clock of `clock`, rounded; or
    /// why there is none.
    pub fn baud(&self, clock: Result<u32, String>) -> Result<u32, String> {
        let (rate, _) = self.rate(clock?)?;
        Ok(rate.round() as u32)
    }

    /// Why a host at `host_baud` 8N1 could not read the line, if it could not.
    fn line_problem(&self, clock: Result<u32, String>, host_baud: u32) -> Option<String> {
        let clock_hz = match clock {
            Ok(hz) => hz,
            Err(why) => return Some(format!("the UART has no clock: {why}")),
        };
        let (rate, divisors) = match self.rate(clock_hz) {
            Ok(r) => r,
            Err(why) => return Some(why),
        };
        let host = host_baud as f64;
        if (rate - host).abs() > host * BAUD_TOLERANCE {
            return Some(format!(
                "the console runs at {} baud from a {} {} and {divisors}; the host reads {}",
                thousands(rate.round() as u64),
                mhz(clock_hz as u64),
                self.clock_name(),
                thousands(host_baud as u64)
            ));
        }
        let (bits, parity) = match self.kind {
            UartKind::Pl011 => {
                let lcr = self.reg(PL011_LCR_H);
                (5 + ((lcr >> 5) & 3), lcr & LCR_H_PEN != 0)
            }
            UartKind::Stm32Usart => {
                let cr1 = self.reg(USART_CR1);
                (if cr1 & CR1_M != 0 { 9 } else { 8 }, cr1 & CR1_PCE != 0)
            }
        };
        if bits != 8 || parity {
            let parity = if parity { " with parity" } else { "" };
            return Some(format!(
                "the console sends {bits} data bits{parity}; the host reads 8N1"
            ));
        }
        None
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

    /// Whether the receiver gives input (strict: only while enabled); a
    /// disabled one polled while input waits stops the run after as many
    /// polls as an idle program makes.
    fn receiver_ready(&mut self, strict: bool) -> Result<bool, String> {
        let off = if strict { self.off(false) } else { None };
        let Some(why) = off else {
            return Ok(self.console.has_input());
        };
        if self.console.has_input() {
            self.deaf_polls += 1;
            if self.deaf_polls >= IDLE_POLLS {
                return Err(format!(
                    "{} polled while {why}: the {} bytes of console input waiting never arrive",
                    self.name(),
                    self.console.input.len()
                ));
            }
        }
        Ok(false)
    }

    /// A register read. `clock` is the UART's clock on a strict machine
    /// (None: no rules); Err stops the run with the reason.
    pub fn read(&mut self, addr: u32, clock: Option<Result<u32, String>>) -> Result<u32, String> {
        let Some((off, _)) = self.register(addr) else {
            return Ok(self.regs.get(addr));
        };
        let strict = clock.is_some() && self.host_baud.is_some();
        Ok(match (self.kind, off) {
            (UartKind::Pl011, PL011_DR) | (UartKind::Stm32Usart, USART_DR) => {
                if !self.receiver_ready(strict)? {
                    return Ok(0);
                }
                if let (Some(clock), Some(host)) = (clock, self.host_baud) {
                    if let Some(problem) = self.line_problem(clock, host) {
                        return Err(format!("{} read, but {problem}", self.data_register()));
                    }
                }
                self.console.receive()
            }
            (UartKind::Pl011, PL011_RSR) => 0,
            (UartKind::Pl011, PL011_FR) => {
                FR_TXFE
                    | if self.receiver_ready(strict)? {
                        0
                    } else {
                        FR_RXFE
                    }
            }
            (UartKind::Pl011, 0xfe0..=0xffc) => PL011_IDS[((off - 0xfe0) / 4) as usize],
            (UartKind::Stm32Usart, USART_SR) => {
                SR_TXE
                    | SR_TC
                    | if self.receiver_ready(strict)? {
                        SR_RXNE
                    } else {
                        0
                    }
            }
            _ => self.regs.get(self.base + off),
        })
    }

    /// A register write: `value` is the whole register after merging a
    /// narrow write; `byte` is the low byte actually written, which is what
    /// a data register sends. `clock` is the UART's clock on a strict
    /// machine (None: no rules); Err stops the run with the reason, and the
    /// byte is not sent.
    pub fn write(
        &mut self,
        addr: u32,
        value: u32,
        byte: u8,
        clock: Option<Result<u32, String>>,
    ) -> Result<(), String> {
        let Some((off, alias)) = self.register(addr) else {
            self.regs.set(addr, value);
            return Ok(());
        };
        match (self.kind, off, alias) {
            (UartKind::Pl011, PL011_DR, Alias::Normal)
            | (UartKind::Stm32Usart, USART_DR, Alias::Normal) => {
                if let (Some(clock), Some(host)) = (clock, self.host_baud) {
                    if let Some(why) = self.off(true) {
                        return Err(format!(
                            "{} written while {why}: the byte is never sent",
                            self.data_register()
                        ));
                    }
                    if let Some(problem) = self.line_problem(clock, host) {
                        return Err(format!("{} written, but {problem}", self.data_register()));
                    }
                }
                self.deaf_polls = 0;
                self.console.transmit(byte);
            }
            // Status bits are cleared by hardware events, not stored.
            (UartKind::Pl011, PL011_FR | PL011_RSR, _) | (UartKind::Stm32Usart, USART_SR, _) => {}
            _ => {
                let reg = self.base + off;
                let old = self.regs.get(reg);
                self.regs.set(reg, alias.apply(old, value));
                if self.kind == UartKind::Pl011 && off == PL011_LCR_H {
                    self.latched = (self.reg(PL011_IBRD) & 0xffff, self.reg(PL011_FBRD) & 0x3f);
                }
            }
        }
        Ok(())
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
        let mut u = Uart::new(UartKind::Pl011, 0x4003_4000, true, None);
        u.write(0x4003_4000, b'h' as u32, b'h', None).unwrap();
        u.write(0x4003_4000, b'i' as u32, b'i', None).unwrap();
        assert_eq!(u.console.output, b"hi");
        assert_eq!(
            u.read(0x4003_4018, None).unwrap() & (FR_RXFE | 1 << 5),
            FR_RXFE
        );
        u.console.input.push_back(b'x');
        assert_eq!(u.read(0x4003_4018, None).unwrap() & FR_RXFE, 0);
        assert_eq!(u.read(0x4003_4000, None).unwrap(), b'x' as u32);
    }

    #[test]
    fn pl011_control_registers_take_atomic_alias_writes() {
        let mut u = Uart::new(UartKind::Pl011, 0x4003_4000, true, None);
        u.write(0x4003_4030, 0x301, 1, None).unwrap(); // CR = UARTEN | TXE | RXE
        u.write(0x4003_7030, 0x200, 0, None).unwrap(); // clear RXE through the CLR alias
        assert_eq!(u.read(0x4003_4030, None).unwrap(), 0x101);
        assert!(u.console.output.is_empty());
    }

    #[test]
    fn usart_status_shows_transmitter_ready_and_pending_input() {
        let mut u = Uart::new(UartKind::Stm32Usart, 0x4001_1000, false, None);
        assert_eq!(u.read(0x4001_1000, None).unwrap(), SR_TXE | SR_TC);
        u.console.input.push_back(7);
        assert_eq!(u.read(0x4001_1000, None).unwrap(), SR_TXE | SR_TC | SR_RXNE);
        assert_eq!(u.read(0x4001_1004, None).unwrap(), 7);
        u.write(0x4001_1004, b'k' as u32, b'k', None).unwrap();
        assert_eq!(u.console.output, b"k");
        // USART6 shares the page and is plain storage.
        u.write(0x4001_1404, 0x55, 0x55, None).unwrap();
        assert_eq!(u.read(0x4001_1404, None).unwrap(), 0x55);
        assert_eq!(u.console.output, b"k");
    }

    #[test]
    fn a_program_polling_ended_input_is_starved_and_fed_again() {
        let mut u = Uart::new(UartKind::Pl011, 0x4003_4000, true, None);
        u.console.feed(b"a");
        assert_eq!(u.read(0x4003_4000, None).unwrap(), b'a' as u32);
        for _ in 0..IDLE_POLLS - 1 {
            assert_eq!(u.read(0x4003_4018, None).unwrap() & FR_RXFE, FR_RXFE);
        }
        assert!(!u.console.starved);
        u.read(0x4003_4018, None).unwrap();
        assert!(u.console.starved);
        u.console.feed(b"b");
        assert!(!u.console.starved);
        assert_eq!(u.read(0x4003_4018, None).unwrap() & FR_RXFE, 0);
    }

    #[test]
    fn sending_resets_the_wait_for_input() {
        let mut u = Uart::new(UartKind::Stm32Usart, 0x4001_1000, false, None);
        for _ in 0..IDLE_POLLS - 1 {
            u.read(0x4001_1000, None).unwrap();
        }
        u.write(0x4001_1004, b'k' as u32, b'k', None).unwrap();
        for _ in 0..IDLE_POLLS - 1 {
            u.read(0x4001_1000, None).unwrap();
        }
        assert!(!u.console.starved);
    }

    #[test]
    fn a_live_source_is_read_as_the_program_polls_until_it_ends() {
        let (tx, rx) = std::sync::mpsc::channel();
        let mut u = Uart::new(UartKind::Pl011, 0x4003_4000, true, None);
        u.console.live = Some(rx);
        tx.send(b"xy".to_vec()).unwrap();
        assert_eq!(u.read(0x4003_4018, None).unwrap() & FR_RXFE, 0);
        assert_eq!(u.read(0x4003_4000, None).unwrap(), b'x' as u32);
        assert_eq!(u.read(0x4003_4000, None).unwrap(), b'y' as u32);
        drop(tx);
        for _ in 0..2 * IDLE_POLLS {
            u.read(0x4003_4018, None).unwrap();
        }
        assert!(u.console.live.is_none());
        assert!(u.console.starved);
    }

    const UART0: u32 = 0x4003_4000;

    /// A PL011 on a strict machine whose host reads 115200 baud, set up
    /// with `ibrd`/`fbrd` latched by an LCR_H write of 8 bits, FIFOs on.
    fn pl011(ibrd: u32, fbrd: u32) -> Uart {
        let mut u = Uart::new(UartKind::Pl011, UART0, true, Some(115_200));
        u.write(UART0 + PL011_IBRD, ibrd, 0, None).unwrap();
        u.write(UART0 + PL011_FBRD, fbrd, 0, None).unwrap();
        u.write(UART0 + PL011_LCR_H, 0x70, 0, None).unwrap();
        u.write(UART0 + PL011_CR, 0x301, 0, None).unwrap();
        u
    }

    fn send(u: &mut Uart, clock: Result<u32, String>) -> Result<(), String> {
        u.write(UART0, b'x' as u32, b'x', Some(clock))
    }

    #[test]
    fn pl011_baud_comes_from_its_clock_and_latched_divisors() {
        // The SDK's divisors for 115200 from 125 MHz: 67 + 52/64.
        let u = pl011(67, 52);
        assert_eq!(u.baud(Ok(125_000_000)), Ok(115_207));
        assert_eq!(u.baud(Ok(12_000_000)), Ok(11_060));
        assert_eq!(
            u.baud(Err("clk_peri is off".into())),
            Err("clk_peri is off".into())
        );
        // New divisors count only from the next LCR_H write.
        let mut u = pl011(67, 52);
        u.write(UART0 + PL011_IBRD, 6, 0, None).unwrap();
        u.write(UART0 + PL011_FBRD, 33, 0, None).unwrap();
        assert_eq!(u.baud(Ok(125_000_000)), Ok(115_207));
        u.write(UART0 + 0x2000 + PL011_LCR_H, 0, 0, None).unwrap();
        assert_eq!(u.baud(Ok(12_000_000)), Ok(115_108));
    }

    #[test]
    fn a_strict_pl011_sends_only_what_the_host_can_read() {
        let mut u = pl011(67, 52);
        assert_eq!(send(&mut u, Ok(125_000_000)), Ok(()));
        assert_eq!(u.console.output, b"x");
        let why = send(&mut u, Ok(12_000_000)).unwrap_err();
        assert_eq!(
            why,
            "UART0.UARTDR written, but the console runs at 11,060 baud from a 12 MHz clk_peri \
             and IBRD 67/FBRD 52; the host reads 115,200"
        );
        let why = send(
            &mut u,
            Err("clk_peri is not enabled (CLK_PERI_CTRL.ENABLE clear)".into()),
        )
        .unwrap_err();
        assert_eq!(
            why,
            "UART0.UARTDR written, but the UART has no clock: clk_peri is not enabled \
             (CLK_PERI_CTRL.ENABLE clear)"
        );
        u.write(UART0 + 0x3000 + PL011_CR, CR_UARTEN, 0, None)
            .unwrap();
        let why = send(&mut u, Ok(125_000_000)).unwrap_err();
        assert!(why.contains("UARTCR.UARTEN clear"), "{why}");
        assert_eq!(u.console.output, b"x", "nothing more was sent");
        // 7 data bits.
        let mut u = pl011(67, 52);
        u.write(UART0 + PL011_LCR_H, 0x50, 0, None).unwrap();
        let why = send(&mut u, Ok(125_000_000)).unwrap_err();
        assert!(why.ends_with("7 data bits; the host reads 8N1"), "{why}");
        // Divisors written but never latched.
        let mut u = Uart::new(UartKind::Pl011, UART0, true, Some(115_200));
        u.write(UART0 + PL011_IBRD, 67, 0, None).unwrap();
        u.write(UART0 + PL011_CR, 0x301, 0, None).unwrap();
        let why = send(&mut u, Ok(125_000_000)).unwrap_err();
        assert!(why.contains("next UARTLCR_H write"), "{why}");
        // A permissive machine sends anyway.
        assert_eq!(u.write(UART0, b'y' as u32, b'y', None), Ok(()));
        assert_eq!(u.console.output, b"y");
    }

    #[test]
    fn usart_baud_follows_brr_and_over8() {
        let base = 0x4001_1000;
        let mut u = Uart::new(UartKind::Stm32Usart, base, false, Some(115_200));
        assert_eq!(
            u.baud(Ok(16_000_000)),
            Err("no baud rate is set (BRR is 0)".into())
        );
        u.write(base + USART_BRR, 0x8b, 0, None).unwrap();
        u.write(base + USART_CR1, CR1_UE | CR1_TE | CR1_RE, 0, None)
            .unwrap();
        assert_eq!(u.baud(Ok(16_000_000)), Ok(115_108));
        assert_eq!(
            u.write(base + USART_DR, 0x41, 0x41, Some(Ok(16_000_000))),
            Ok(())
        );
        // OVER8: USARTDIV 8 + 5/8 from 8 MHz gives 115,942 baud.
        u.write(base + USART_BRR, 8 << 4 | 5, 0, None).unwrap();
        u.write(base + USART_CR1, CR1_OVER8 | CR1_UE | CR1_TE, 0, None)
            .unwrap();
        assert_eq!(u.baud(Ok(8_000_000)), Ok(115_942));
        let why = u
            .write(base + USART_DR, 0x41, 0x41, Some(Ok(84_000_000)))
            .unwrap_err();
        assert_eq!(
            why,
            "USART1.DR written, but the console runs at 1,217,391 baud from a 84 MHz PCLK2 \
             and BRR 0x85 with OVER8; the host reads 115,200"
        );
    }

    #[test]
    fn a_disabled_receiver_gives_nothing_and_a_program_waiting_on_it_is_stopped() {
        let mut u = pl011(67, 52);
        u.write(UART0 + 0x3000 + PL011_CR, CR_RXE, 0, None).unwrap();
        u.console.feed(b"hi");
        let clock = || Some(Ok(125_000_000));
        for _ in 0..IDLE_POLLS - 1 {
            assert_eq!(
                u.read(UART0 + PL011_FR, clock()).unwrap() & FR_RXFE,
                FR_RXFE
            );
        }
        let why = u.read(UART0 + PL011_FR, clock()).unwrap_err();
        assert_eq!(
            why,
            "UART0 polled while its receiver is disabled (UARTCR.RXE clear): \
             the 2 bytes of console input waiting never arrive"
        );
        // Enabled again, the input arrives.
        u.write(UART0 + 0x2000 + PL011_CR, CR_RXE, 0, None).unwrap();
        assert_eq!(u.read(UART0, clock()), Ok(b'h' as u32));
        // Over a line the host cannot reach, the input is refused.
        assert!(u
            .read(UART0, Some(Ok(12_000_000)))
            .unwrap_err()
            .contains("11,060 baud"));
    }
}
