//! The RP2040's and RP2350's peripheral space as start-up code meets it:
//! RESETS, the clock tree, the tick generators and the timers, with the
//! rules of the datasheets rather than "always ready".
//!
//! - RESETS (RP2040 datasheet 2.14, RP2350 datasheet chapter 7): a block whose
//!   RESETS.RESET bit is set is held in reset; RESET_DONE shows the blocks
//!   out of reset. A held block ignores writes and reads 0, and a strict
//!   machine stops at any access to it ([`Rp::refusal`]), naming the block
//!   and the register. A block put into reset returns to its reset values
//!   (and the machine resets the UART and GPIO models it keeps elsewhere:
//!   see [`Rp::take_resets`]). CLOCKS, XOSC, ROSC, PSM, WATCHDOG and the
//!   RP2350's TICKS and POWMAN are not under RESETS and are never held.
//! - The clock tree ([`clocks`]): oscillators, PLLs and the clk_ref,
//!   clk_sys and clk_peri generators, whose frequencies follow what is
//!   programmed. clk_peri clocks the UART ([`Rp::uart_clock`]); a clk_sys
//!   whose source stops is a hang ([`Rp::stall`]).
//! - Time ([`timer`]): instructions run at the clk_sys of the moment (one
//!   per cycle); the tick generators divide clk_ref (WATCHDOG.TICK on the
//!   RP2040, TICKS on the RP2350) and the TIMERs count their ticks.
//! - PSM.DONE reads all ones; every other register reads back what was
//!   written. Writes through the atomic aliases (+0x1000 XOR, +0x2000 SET,
//!   +0x3000 CLR) update the register they alias.
//!
//! Two starting states: power-on ([`Rp::power_on`], what a strict machine
//! boots from: every block held except the QSPI pads and pins the boot ROM
//! reads flash through, clocks on the ring oscillator, XOSC and PLLs off, no
//! ticks), and the board as start-up code leaves it ([`Rp::new`], for
//! build-time execution, which runs no start-up code). Lenient where the
//! chip is not: state changes (a crystal becoming stable, a mux changing
//! over) take effect at the next access to the peripheral space, PLLs lock
//! at once, and a system reset request (AIRCR.SYSRESETREQ) leaves the
//! peripherals as they are.

mod blocks;
mod clocks;
mod timer;

use target::Clocks;

use crate::mmio::regs::{Alias, Regs, Span};
use blocks::Block;
use clocks::{ClockChip, ClockTree, Supply};
use timer::{Tick, Time, Timer};

/// Where one RP chip keeps what this model covers.
pub(crate) struct Chip {
    blocks: &'static [Block],
    /// Address space of a block, its atomic aliases included.
    span: u32,
    clocks: u32,
    resets: u32,
    psm: u32,
    xosc: u32,
    rosc: u32,
    plls: [u32; 2],
    watchdog: u32,
    /// The TICKS block (RP2350); the RP2040 has one tick generator, in
    /// the watchdog.
    ticks: Option<u32>,
    /// Tick generators: 1 (RP2040) or 6 (RP2350: proc0, proc1, timer0,
    /// timer1, watchdog, riscv).
    tick_count: usize,
    /// TIMER blocks and the generator each counts.
    timers: &'static [(u32, usize)],
    /// The bits of RESETS.RESET, all set after power-on.
    reset_bits: u32,
    /// RESETS bits the boot ROM has cleared before the image runs: the
    /// QSPI pins and pads it reads flash through.
    boot_released: u32,
    clock: &'static ClockChip,
}

pub(crate) const RP2040: Chip = Chip {
    blocks: blocks::RP2040,
    span: 0x4000,
    clocks: 0x4000_8000,
    resets: 0x4000_c000,
    psm: 0x4001_0000,
    xosc: 0x4002_4000,
    rosc: 0x4006_0000,
    plls: [0x4002_8000, 0x4002_c000],
    watchdog: 0x4005_8000,
    ticks: None,
    tick_count: 1,
    timers: &[(0x4005_4000, 0)],
    reset_bits: 0x01ff_ffff,
    boot_released: 1 << 6 | 1 << 9,
    clock: &clocks::RP2040,
};

pub(crate) const RP2350: Chip = Chip {
    blocks: blocks::RP2350,
    span: 0x8000,
    clocks: 0x4001_0000,
    resets: 0x4002_0000,
    psm: 0x4001_8000,
    xosc: 0x4004_8000,
    rosc: 0x400e_8000,
    plls: [0x4005_0000, 0x4005_8000],
    watchdog: 0x400d_8000,
    ticks: Some(0x4010_8000),
    tick_count: 6,
    timers: &[(0x400b_0000, 2), (0x400b_8000, 3)],
    reset_bits: 0x1fff_ffff,
    boot_released: 1 << 7 | 1 << 10,
    clock: &clocks::RP2350,
};

const RESET: u32 = 0x0;
const WDSEL: u32 = 0x4;
const RESET_DONE: u32 = 0x8;
const PSM_DONE: u32 = 0xc;
/// WATCHDOG.TICK (RP2040): CYCLES in 8:0, ENABLE bit 9, RUNNING bit 10.
const WATCHDOG_TICK: u32 = 0x2c;
const TICK_ENABLE: u32 = 1 << 9;
const TICK_RUNNING: u32 = 1 << 10;
/// TICKS generator registers (RP2350): CTRL (ENABLE bit 0, RUNNING bit 1),
/// CYCLES, COUNT, every 12 bytes.
const TICKS_STRIDE: u32 = 12;

/// Which model answers a register.
enum Place {
    Resets(u32),
    Clocks(u32),
    Xosc(u32),
    Rosc(u32),
    Pll(usize, u32),
    Psm(u32),
    WatchdogTick,
    Ticks(usize, u32),
    Timer(usize, u32),
    Other,
}

/// One RP chip's peripheral space.
pub(crate) struct Rp {
    chip: &'static Chip,
    /// RESETS.RESET: the blocks held in reset.
    reset: u32,
    wdsel: u32,
    clocks: ClockTree,
    time: Time,
    /// clk_sys as last seen running, which time goes on at if it stops.
    last_sys_hz: u64,
    ticks: Vec<Tick>,
    timers: Vec<Timer>,
    /// Every other register.
    regs: Regs,
    /// Blocks put into reset since the machine last asked.
    entered_reset: Vec<Span>,
    board: Clocks,
}

impl Rp {
    /// The chip as start-up code leaves it on a board with `board`'s clock
    /// tree: every block out of reset, clk_sys and clk_peri at the board's
    /// frequencies, the ticks at 1 MHz. Build-time execution, which runs
    /// no start-up code, sees this.
    pub fn new(chip: &'static Chip, board: &Clocks) -> Rp {
        let crystal = board.crystal_hz.unwrap_or(12_000_000);
        let mut rp = Rp {
            chip,
            reset: 0,
            wdsel: 0,
            clocks: ClockTree::new(chip.clock, crystal),
            time: Time::default(),
            last_sys_hz: board.sys_hz.max(1) as u64,
            ticks: (0..chip.tick_count).map(|_| Tick::default()).collect(),
            timers: chip
                .timers
                .iter()
                .map(|&(base, tick)| Timer::new(base, tick, chip.ticks.is_some()))
                .collect(),
            regs: Regs::default(),
            entered_reset: Vec::new(),
            board: *board,
        };
        rp.clocks.boot(board.sys_hz, board.peri_hz);
        for t in &mut rp.ticks {
            t.enabled = true;
            t.cycles = (crystal / 1_000_000).max(1);
        }
        rp
    }

    /// The chip as the boot ROM hands it to the image: every block held in
    /// reset but the QSPI pins and pads, clk_ref and clk_sys on the ring
    /// oscillator, XOSC and both PLLs off, clk_peri disabled, no ticks
    /// (WATCHDOG.TICK has ENABLE set and CYCLES 0 after reset).
    pub fn power_on(&mut self) {
        let now = self.time.executed;
        let board = self.board;
        *self = Rp::new(self.chip, &board);
        self.time.executed = now;
        self.reset = self.chip.reset_bits & !self.chip.boot_released;
        self.clocks.power_on();
        self.last_sys_hz = self.chip.clock.rosc_hz;
        for t in &mut self.ticks {
            t.reset();
        }
        if self.chip.ticks.is_none() {
            self.ticks[0].enabled = true;
        }
    }

    fn place(&self, reg: u32) -> Place {
        let c = self.chip;
        let within = |base: u32| reg.checked_sub(base).filter(|&o| o < 0x1000);
        if let Some(o) = within(c.resets) {
            Place::Resets(o)
        } else if let Some(o) = within(c.clocks) {
            Place::Clocks(o)
        } else if let Some(o) = within(c.xosc) {
            Place::Xosc(o)
        } else if let Some(o) = within(c.rosc) {
            Place::Rosc(o)
        } else if let Some(i) = c.plls.iter().position(|&p| within(p).is_some()) {
            Place::Pll(i, reg - c.plls[i])
        } else if let Some(o) = within(c.psm) {
            Place::Psm(o)
        } else if c.ticks.is_none() && reg == c.watchdog + WATCHDOG_TICK {
            Place::WatchdogTick
        } else if let Some(o) = c.ticks.and_then(within) {
            let (i, off) = ((o / TICKS_STRIDE) as usize, o % TICKS_STRIDE);
            if i < self.ticks.len() {
                Place::Ticks(i, off)
            } else {
                Place::Other
            }
        } else if let Some(i) = self.timers.iter().position(|t| within(t.base).is_some()) {
            Place::Timer(i, reg - self.timers[i].base)
        } else {
            Place::Other
        }
    }

    /// The block holding `addr`, if RESETS holds it in reset now.
    fn held_block(&self, addr: u32) -> Option<(&'static Block, u32)> {
        let block = blocks::find(self.chip.blocks, self.chip.span, addr)?;
        let bit = block.reset?;
        (self.reset >> bit & 1 == 1).then_some((block, bit))
    }

    /// Whether `addr` is in a block held in reset (which ignores writes and
    /// reads 0).
    pub fn held_in_reset(&self, addr: u32) -> bool {
        self.held_block(addr).is_some()
    }

    /// Brings time up to `now` instructions: the ticks and timers count
    /// what passed at the clocks that ran, then the clock tree settles.
    fn catch_up(&mut self, now: u64) {
        let instructions = now.saturating_sub(self.time.executed);
        if let Some(hz) = self.clocks.clk_sys().hz() {
            self.last_sys_hz = hz;
        }
        let sys_hz = self.last_sys_hz;
        self.time.advance(now, sys_hz);
        let ref_hz = self.clocks.clk_ref().hz().unwrap_or(0);
        let ticks: Vec<u64> = self
            .ticks
            .iter_mut()
            .map(|t| t.run(instructions, sys_hz, ref_hz))
            .collect();
        for i in 0..self.timers.len() {
            if !self.held_in_reset(self.timers[i].base) {
                let t = &mut self.timers[i];
                t.run(ticks[t.tick], instructions);
            }
        }
        self.clocks.settle(self.time.ps);
    }

    /// Register value for read-modify-write merging of narrow writes: the
    /// register itself for a plain write; an alias write combines with the
    /// whole register, so a narrow one has nothing to merge.
    pub fn stored(&self, addr: u32) -> u32 {
        match Alias::decode(addr) {
            (reg, Alias::Normal) => self.writable(reg & !3),
            _ => 0,
        }
    }

    /// What a register holds for a write to combine with.
    fn writable(&self, reg: u32) -> u32 {
        match self.place(reg) {
            Place::Resets(RESET) => self.reset,
            Place::Resets(WDSEL) => self.wdsel,
            Place::Clocks(o) => self.clocks.stored_clocks(o),
            Place::Xosc(o) => self.clocks.read_xosc(o),
            Place::Rosc(o) => self.clocks.read_rosc(o),
            Place::Pll(i, o) => self.clocks.read_pll(i, o) & 0x7fff_ffff,
            Place::WatchdogTick => self.watchdog_tick(),
            Place::Ticks(i, o) => self.tick_reg(i, o),
            Place::Timer(i, o) => self.timers[i].stored(o),
            _ => self.regs.get(reg),
        }
    }

    fn watchdog_tick(&self) -> u32 {
        let t = &self.ticks[0];
        let ref_hz = self.clocks.clk_ref().hz().unwrap_or(0);
        t.cycles
            | if t.enabled { TICK_ENABLE } else { 0 }
            | if t.running(ref_hz) { TICK_RUNNING } else { 0 }
    }

    fn tick_reg(&self, i: usize, off: u32) -> u32 {
        let t = &self.ticks[i];
        let ref_hz = self.clocks.clk_ref().hz().unwrap_or(0);
        match off {
            0 => t.enabled as u32 | (t.running(ref_hz) as u32) << 1,
            4 => t.cycles,
            _ => 0,
        }
    }

    /// `now`: instructions executed before the access.
    pub fn read(&mut self, addr: u32, now: u64) -> u32 {
        self.catch_up(now);
        let reg = Alias::decode(addr).0 & !3;
        match self.place(reg) {
            Place::Resets(RESET_DONE) => !self.reset & self.chip.reset_bits,
            Place::Clocks(o) => self.clocks.read_clocks(o),
            Place::Pll(i, o) => self.clocks.read_pll(i, o),
            Place::Psm(PSM_DONE) => u32::MAX,
            Place::Timer(i, o) => self.timers[i].read(o),
            _ => self.writable(reg),
        }
    }

    /// `value` is the whole register after merging a narrow write; `now`
    /// the instructions executed before the access.
    pub fn write(&mut self, addr: u32, value: u32, now: u64) {
        self.catch_up(now);
        let (reg, alias) = Alias::decode(addr);
        let reg = reg & !3;
        let value = alias.apply(self.writable(reg), value);
        match self.place(reg) {
            Place::Resets(RESET) => self.write_reset(value),
            Place::Resets(WDSEL) => self.wdsel = value & self.chip.reset_bits,
            Place::Resets(_) => {}
            Place::Clocks(o) => self.clocks.write_clocks(o, value),
            Place::Xosc(o) => self.clocks.write_xosc(o, value, self.time.ps),
            Place::Rosc(o) => self.clocks.write_rosc(o, value),
            Place::Pll(i, o) => self.clocks.write_pll(i, o, value),
            Place::WatchdogTick => {
                let t = &mut self.ticks[0];
                t.cycles = value & 0x1ff;
                t.enabled = value & TICK_ENABLE != 0;
            }
            Place::Ticks(i, 0) => self.ticks[i].enabled = value & 1 != 0,
            Place::Ticks(i, 4) => self.ticks[i].cycles = value & 0x1ff,
            Place::Ticks(..) => {}
            Place::Timer(i, o) => self.timers[i].write(o, value),
            Place::Psm(_) | Place::Other => self.regs.set(reg, value),
        }
        self.clocks.settle(self.time.ps);
    }

    fn write_reset(&mut self, value: u32) {
        let new = value & self.chip.reset_bits;
        let entered = new & !self.reset;
        let left = self.reset & !new;
        self.reset = new;
        for block in self.chip.blocks {
            let Some(bit) = block.reset else { continue };
            let pll = self.chip.plls.iter().position(|&p| p == block.base);
            if entered >> bit & 1 == 1 {
                self.entered_reset.push(Span {
                    base: block.base,
                    size: self.chip.span,
                });
                self.regs
                    .clear_range(block.base, block.base + self.chip.span);
                if let Some(i) = pll {
                    self.clocks.hold_pll(i, true);
                }
                if let Some(t) = self.timers.iter_mut().find(|t| t.base == block.base) {
                    t.reset();
                }
            } else if left >> bit & 1 == 1 {
                if let Some(i) = pll {
                    self.clocks.hold_pll(i, false);
                }
            }
        }
    }

    /// The blocks put into reset since the last call; see
    /// [`super::Periph::take_resets`].
    pub fn take_resets(&mut self) -> Vec<Span> {
        std::mem::take(&mut self.entered_reset)
    }

    /// Why the chip keeps an access at `addr` from its block; see
    /// [`super::Periph::refusal`].
    pub fn refusal(&self, addr: u32) -> Option<String> {
        let (block, bit) = self.held_block(addr)?;
        Some(format!(
            "{} while {} is held in reset (RESETS.RESET bit {bit} set; clear it and \
             wait for RESET_DONE)",
            blocks::register_name(block, addr),
            block.name
        ))
    }

    /// The clock of the UART at `base`: clk_peri, or why it does not run.
    pub fn uart_clock(&self, _base: u32) -> Result<u32, String> {
        match self.clocks.clk_peri() {
            Supply::Runs(hz) => Ok(hz.min(u32::MAX as u64) as u32),
            Supply::Starting(why) | Supply::Stopped(why) => Err(why),
        }
    }

    /// Why the core's clock has stopped, if the last write stopped it.
    pub fn stall(&self) -> Option<String> {
        self.clocks.stall()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn board(sys_hz: u32) -> Clocks {
        Clocks {
            crystal_hz: Some(12_000_000),
            sys_hz,
            peri_hz: sys_hz,
        }
    }

    fn powered_on(chip: &'static Chip, sys_hz: u32) -> Rp {
        let mut p = Rp::new(chip, &board(sys_hz));
        p.power_on();
        p
    }

    #[test]
    fn at_power_on_every_block_but_the_flash_pins_is_held_and_refused() {
        let mut p = powered_on(&RP2040, 125_000_000);
        assert_eq!(p.read(0x4000_c008, 0), 1 << 6 | 1 << 9, "RESET_DONE");
        let why = p.refusal(0x4001_4004).unwrap();
        assert!(
            why.starts_with(
                "IO_BANK0.GPIO0_CTRL while IO_BANK0 is held in reset (RESETS.RESET bit 5 set; clear it and wait for RESET_DONE)"
            ),
            "{why}"
        );
        assert!(p.held_in_reset(0x4003_7030));
        assert_eq!(p.refusal(0x4000_8030), None, "CLOCKS is not under RESETS");
        assert_eq!(p.refusal(0x4005_802c), None, "nor is the watchdog");
        // hw_clear_bits(&resets->reset, UART0 | IO_BANK0 | PADS_BANK0)
        p.write(0x4000_f000, 1 << 22 | 1 << 5 | 1 << 8, 0);
        let done = p.read(0x4000_c008, 0);
        assert_eq!(
            done & (1 << 22 | 1 << 5 | 1 << 8),
            1 << 22 | 1 << 5 | 1 << 8
        );
        assert_eq!(p.refusal(0x4001_4004), None);
        assert!(p.refusal(0x4005_4028).is_some(), "TIMER still held");
    }

    #[test]
    fn a_block_put_back_into_reset_forgets_its_registers() {
        let mut p = Rp::new(&RP2350, &board(150_000_000));
        p.write(0x4008_0000, 0x1234, 0); // SPI0
        assert_eq!(p.read(0x4008_0000, 0), 0x1234);
        p.write(0x4002_2000, 1 << 18 | 1 << 26, 0); // RESET set alias
        let span = |base| Span { base, size: 0x8000 };
        assert_eq!(p.take_resets(), [span(0x4007_0000), span(0x4008_0000)]);
        p.write(0x4002_3000, 1 << 18, 0);
        assert_eq!(p.read(0x4008_0000, 0), 0);
        assert!(p.take_resets().is_empty());
    }

    #[test]
    fn clk_peri_is_the_uart_clock_and_off_at_power_on() {
        let p = powered_on(&RP2350, 150_000_000);
        assert_eq!(
            p.uart_clock(0x4007_0000),
            Err("clk_peri is not enabled (CLK_PERI_CTRL.ENABLE clear)".into())
        );
        let p = Rp::new(&RP2350, &board(150_000_000));
        assert_eq!(p.uart_clock(0x4007_0000), Ok(150_000_000));
    }

    #[test]
    fn the_timer_counts_microseconds_of_its_tick_at_the_clocks_that_ran() {
        // As start-up leaves it: 125 MHz clk_sys, a 1 MHz tick.
        let mut p = Rp::new(&RP2040, &board(125_000_000));
        assert_eq!(p.read(0x4005_4028, 1234 * 125), 1234);
        assert_eq!(p.read(0x4005_400c, 5000 * 125), 5000);
        assert_eq!(p.read(0x4005_4008, 9000 * 125), 0);
        // At power-on the tick has CYCLES 0 and the timer is held.
        let mut p = powered_on(&RP2040, 125_000_000);
        p.write(0x4000_f000, 1 << 21, 0);
        assert_eq!(p.read(0x4005_4028, 1_000_000), 0);
        // 12 cycles of the 6.5 MHz ROSC clk_ref per tick, at a 6.5 MHz clk_sys:
        // 12 instructions per tick.
        p.write(0x4005_802c, TICK_ENABLE | 12, 1_000_000);
        assert_eq!(p.read(0x4005_4028, 1_000_120), 10);
    }

    #[test]
    fn rp2350_timers_count_their_own_tick_generators() {
        let mut p = powered_on(&RP2350, 150_000_000);
        p.write(0x4002_3000, 1 << 23 | 1 << 24, 0);
        // TIMER0's generator only: 11 MHz ROSC / 11 = 1 MHz, 11 instructions a tick.
        p.write(0x4010_801c, 11, 0);
        p.write(0x4010_8018, 1, 0);
        assert_eq!(p.read(0x4010_8018, 0), 3, "ENABLE and RUNNING");
        assert_eq!(p.read(0x400b_0028, 1100), 100);
        assert_eq!(p.read(0x400b_8028, 1100), 0);
        // TIMER1 counting clk_sys cycles through SOURCE.
        p.write(0x400b_8038, 1, 1100);
        assert_eq!(p.read(0x400b_8028, 1600), 500);
    }

    #[test]
    fn a_pll_reset_under_clk_sys_stalls_the_core() {
        let mut p = Rp::new(&RP2040, &board(125_000_000));
        assert_eq!(p.stall(), None);
        p.write(0x4000_e000, 1 << 12, 0);
        let why = p.stall().unwrap();
        assert!(why.contains("PLL_SYS is held in reset"), "{why}");
    }
}
