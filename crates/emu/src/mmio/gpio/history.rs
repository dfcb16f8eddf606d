//! The history of pin levels the host reads ([`crate::Emulator::gpio_events`]):
//! every change of a level, with the instruction count, so that a test can
//! see a blink happen without watching registers.

/// One change of a pin's level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GpioEvent {
    /// The GPIO number on the RP parts; port * 16 + pin on STM32 (PD12 is
    /// 60), as `target::Pin::line` numbers them.
    pub pin: u32,
    pub high: bool,
    /// Instructions executed before the store that changed the level.
    pub at: u64,
}

/// The history keeps this many events; a program toggling pins for a
/// whole budget would otherwise fill the host's memory.
pub(super) const MAX_EVENTS: usize = 1 << 20;

pub(super) struct History {
    /// Pin levels as last seen, by history number.
    levels: Vec<bool>,
    pub events: Vec<GpioEvent>,
    /// Events not kept because the history was full.
    pub lost: u64,
}

impl History {
    /// A history of pins whose levels are `levels` now, by history number.
    pub fn new(levels: impl Iterator<Item = bool>) -> History {
        History {
            levels: levels.collect(),
            events: Vec::new(),
            lost: 0,
        }
    }

    /// Records every pin whose level (`level(line)`) changed since the last
    /// look, at `now` instructions.
    pub fn record(&mut self, level: impl Fn(usize) -> bool, now: u64) {
        for line in 0..self.levels.len() {
            let high = level(line);
            if high == self.levels[line] {
                continue;
            }
            self.levels[line] = high;
            if self.events.len() < MAX_EVENTS {
                self.events.push(GpioEvent {
                    pin: line as u32,
                    high,
                    at: now,
                });
            } else {
                self.lost += 1;
            }
        }
    }
}
