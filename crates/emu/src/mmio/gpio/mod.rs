//! GPIO as a program that blinks an LED meets it, one model per chip family
//! (`rp`: SIO, IO_BANK0 and PADS_BANK0; `stm32`: the ports A..I), with a
//! history of pin levels for the host (`history`).
//!
//! A pin's level is what it drives when its output is enabled, else its
//! pull: up reads high, down or none reads low. GPIO_IN and IDR read the
//! levels (through the input enable and override on the RP parts), so an
//! enabled output reads back. Every change of a level is recorded with the
//! instruction count, for tests that assert a blink happened; that
//! includes a block going into reset ([`Gpio::reset_block`]), which the
//! machine passes on from the peripheral model.

mod history;
mod rp;
mod stm32;

pub use history::GpioEvent;
pub(crate) use rp::SIO_BASE;

use crate::family::Family;
use crate::mmio::periph::Periph;
use crate::mmio::regs::Span;
use history::History;

enum Model {
    Rp(rp::Rp),
    Stm32(stm32::Ports),
    Absent,
}

impl Model {
    /// Pins, by history number.
    fn pins(&self) -> usize {
        match self {
            Model::Rp(rp) => rp.pins(),
            Model::Stm32(st) => st.pins(),
            Model::Absent => 0,
        }
    }

    /// The level of the pin with history number `line`.
    fn level(&self, line: usize) -> bool {
        match self {
            Model::Rp(rp) => rp.level(line),
            Model::Stm32(st) => st.level(line),
            Model::Absent => false,
        }
    }
}

pub(crate) struct Gpio {
    model: Model,
    history: History,
}

impl Gpio {
    pub fn new(family: Family) -> Gpio {
        let model = match family {
            Family::Rp2040 => Model::Rp(rp::Rp::new(&rp::RP2040)),
            Family::Rp2350 => Model::Rp(rp::Rp::new(&rp::RP2350)),
            Family::Stm32F4 => Model::Stm32(stm32::Ports::new()),
            Family::Generic => Model::Absent,
        };
        let history = History::new((0..model.pins()).map(|line| model.level(line)));
        Gpio { model, history }
    }

    /// Every change of a pin's level so far, oldest first.
    pub fn events(&self) -> &[GpioEvent] {
        &self.history.events
    }

    /// Changes not kept because the history was full.
    pub fn lost(&self) -> u64 {
        self.history.lost
    }

    /// Register value for read-modify-write merging of narrow writes.
    pub fn stored(&self, addr: u32, periph: &Periph) -> u32 {
        match &self.model {
            Model::Rp(rp) => rp.stored(addr),
            Model::Stm32(st) => st.stored(addr, periph),
            Model::Absent => 0,
        }
    }

    pub fn read(&self, addr: u32, periph: &Periph) -> u32 {
        match &self.model {
            Model::Rp(rp) => rp.read(addr),
            Model::Stm32(st) => st.read(addr, periph),
            Model::Absent => 0,
        }
    }

    /// `value` is the whole register after merging a narrow write; `now`
    /// the instructions executed before the store.
    pub fn write(&mut self, addr: u32, value: u32, periph: &Periph, now: u64) {
        let reached = match &mut self.model {
            Model::Rp(rp) => {
                rp.write(addr, value);
                true
            }
            Model::Stm32(st) => st.write(addr, value, periph),
            Model::Absent => false,
        };
        if reached {
            self.record(now);
        }
    }

    /// The block `span` went into reset: the GPIO registers in it return to
    /// their reset values, and the pins that changed with them are recorded
    /// at `now`.
    pub fn reset_block(&mut self, span: Span, now: u64) {
        match &mut self.model {
            Model::Rp(rp) => rp.reset_block(span),
            Model::Stm32(st) => st.reset_block(span),
            Model::Absent => return,
        }
        self.record(now);
    }

    fn record(&mut self, now: u64) {
        let model = &self.model;
        self.history.record(|line| model.level(line), now);
    }
}

/// The address ranges the GPIO model of `family` answers, each (origin,
/// size) in whole pages; the RP banks with their atomic aliases.
pub(crate) fn windows(family: Family) -> Vec<(u32, u32)> {
    match family {
        Family::Rp2040 => rp::RP2040.windows(),
        Family::Rp2350 => rp::RP2350.windows(),
        Family::Stm32F4 => vec![stm32::Ports::window()],
        Family::Generic => Vec::new(),
    }
}

#[cfg(test)]
mod tests;
