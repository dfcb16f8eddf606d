//! Time on an RP chip: the instruction count turned into picoseconds at the
//! clk_sys frequency of the moment, the tick generators that divide clk_ref
//! into the timers' microsecond ticks, and the 64-bit TIMER counters.
//!
//! RP2040 datasheet 4.6 (TIMER) and 4.7 (the watchdog's tick generator,
//! WATCHDOG.TICK: CYCLES clk_ref cycles per tick, ENABLE); RP2350 datasheet
//! 8.5 (the TICKS block, a generator per consumer: TIMER0 and TIMER1 among
//! them) and its TIMER section (whose SOURCE register can count clk_sys
//! instead of ticks).
//! A timer counts only while its tick runs: nothing sets the ticks up but
//! start-up code, so a timer read before that does not move.

use crate::mmio::regs::Regs;
use crate::mmio::units::PS_PER_S;

/// Emulated time, advanced by instructions at the core's clock.
#[derive(Default)]
pub(crate) struct Time {
    /// Picoseconds since the machine was built.
    pub ps: u128,
    /// Picosecond fractions carried over, in 1/clk_sys units.
    rem: u128,
    /// The instruction count time was last brought up to.
    pub executed: u64,
}

impl Time {
    /// Brings time up to `executed` instructions, run at `sys_hz`.
    pub fn advance(&mut self, executed: u64, sys_hz: u64) {
        let n = executed.saturating_sub(self.executed) as u128;
        self.executed = self.executed.max(executed);
        let hz = sys_hz.max(1) as u128;
        let total = n * PS_PER_S + self.rem;
        self.rem = total % hz;
        self.ps += total / hz;
    }
}

/// One tick generator: a tick every CYCLES cycles of clk_ref while enabled.
#[derive(Default)]
pub(crate) struct Tick {
    pub enabled: bool,
    pub cycles: u32,
    /// Progress towards the next tick, in clk_ref cycles × `per`: exact
    /// while clk_sys keeps its frequency.
    progress: u128,
    /// The clk_sys frequency `progress` is counted against.
    per: u128,
}

impl Tick {
    pub fn running(&self, ref_hz: u64) -> bool {
        self.enabled && self.cycles > 0 && ref_hz > 0
    }

    /// Ticks produced while `instructions` ran at `sys_hz` with clk_ref at
    /// `ref_hz`.
    pub fn run(&mut self, instructions: u64, sys_hz: u64, ref_hz: u64) -> u64 {
        let sys = sys_hz.max(1) as u128;
        if sys != self.per {
            self.progress = self.progress * sys / self.per.max(1);
            self.per = sys;
        }
        if !self.running(ref_hz) {
            return 0;
        }
        self.progress += instructions as u128 * ref_hz as u128;
        let per_tick = self.cycles as u128 * sys;
        let ticks = self.progress / per_tick;
        self.progress %= per_tick;
        ticks as u64
    }

    pub fn reset(&mut self) {
        *self = Tick::default();
    }
}

// TIMER registers (both chips).
const TIMEHW: u32 = 0x00;
const TIMELW: u32 = 0x04;
const TIMEHR: u32 = 0x08;
const TIMELR: u32 = 0x0c;
const TIMERAWH: u32 = 0x24;
const TIMERAWL: u32 = 0x28;
const PAUSE: u32 = 0x30;
/// RP2350 only: bit 0 counts clk_sys cycles instead of ticks.
const SOURCE: u32 = 0x38;

/// A TIMER block.
pub(crate) struct Timer {
    pub base: u32,
    /// The tick generator that drives it.
    pub tick: usize,
    /// The RP2350's SOURCE register exists.
    has_source: bool,
    count: u64,
    /// TIMEHR as latched by the last TIMELR read.
    latched_high: u32,
    /// TIMELW, waiting for the TIMEHW write that sets the time.
    low_written: u32,
    regs: Regs,
}

impl Timer {
    pub fn new(base: u32, tick: usize, has_source: bool) -> Timer {
        Timer {
            base,
            tick,
            has_source,
            count: 0,
            latched_high: 0,
            low_written: 0,
            regs: Regs::default(),
        }
    }

    /// Back to the reset state: time 0, not paused.
    pub fn reset(&mut self) {
        *self = Timer::new(self.base, self.tick, self.has_source);
    }

    /// Counts `ticks` of its generator, or `instructions` clk_sys cycles
    /// when SOURCE says so, unless paused.
    pub fn run(&mut self, ticks: u64, instructions: u64) {
        if self.regs.get(PAUSE) & 1 != 0 {
            return;
        }
        let n = if self.has_source && self.regs.get(SOURCE) & 1 != 0 {
            instructions
        } else {
            ticks
        };
        self.count = self.count.wrapping_add(n);
    }

    pub fn read(&mut self, off: u32) -> u32 {
        match off {
            TIMELR => {
                self.latched_high = (self.count >> 32) as u32;
                self.count as u32
            }
            TIMEHR => self.latched_high,
            TIMERAWH => (self.count >> 32) as u32,
            TIMERAWL => self.count as u32,
            TIMEHW | TIMELW => 0,
            _ => self.regs.get(off),
        }
    }

    pub fn stored(&self, off: u32) -> u32 {
        self.regs.get(off)
    }

    /// `value` is the whole register, atomic aliases already applied.
    pub fn write(&mut self, off: u32, value: u32) {
        match off {
            TIMELW => self.low_written = value,
            TIMEHW => self.count = (value as u64) << 32 | self.low_written as u64,
            TIMEHR | TIMELR | TIMERAWH | TIMERAWL => {}
            _ => self.regs.set(off, value),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_follows_the_clock_the_instructions_ran_at() {
        let mut t = Time::default();
        t.advance(125, 125_000_000);
        assert_eq!(t.ps, 1_000_000);
        // 13 instructions at 6.5 MHz: exactly 2 µs, in two steps.
        t.advance(131, 6_500_000);
        t.advance(138, 6_500_000);
        assert_eq!(t.ps, 3_000_000);
    }

    #[test]
    fn a_tick_comes_every_cycles_periods_of_clk_ref() {
        let mut tick = Tick {
            enabled: true,
            cycles: 12,
            ..Tick::default()
        };
        // 125 instructions of a 125 MHz clk_sys are 12 cycles of clk_ref.
        assert_eq!(tick.run(375, 125_000_000, 12_000_000), 3);
        assert_eq!(tick.run(62, 125_000_000, 12_000_000), 0);
        assert_eq!(
            tick.run(63, 125_000_000, 12_000_000),
            1,
            "the part tick carried"
        );
        // 13 instructions at 6.5 MHz with a 6.5 MHz clk_ref: one tick and a bit.
        assert_eq!(tick.run(13, 6_500_000, 6_500_000), 1);
        tick.cycles = 0;
        assert_eq!(tick.run(10_000, 6_500_000, 12_000_000), 0);
    }

    #[test]
    fn the_timer_latches_its_high_half_and_can_be_set_and_paused() {
        let mut t = Timer::new(0x4005_4000, 0, false);
        t.run(5, 0);
        t.write(TIMELW, 0xffff_fff0);
        t.write(TIMEHW, 1);
        assert_eq!(t.read(TIMELR), 0xffff_fff0);
        t.run(0x20, 0);
        assert_eq!(t.read(TIMEHR), 1, "latched by the TIMELR read");
        assert_eq!(t.read(TIMERAWH), 2);
        t.write(PAUSE, 1);
        t.run(100, 0);
        assert_eq!(t.read(TIMERAWL), 0x10);
    }
}
