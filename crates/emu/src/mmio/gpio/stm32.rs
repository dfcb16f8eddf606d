//! STM32F4 GPIO: ports A..I (MODER, OTYPER, OSPEEDR, PUPDR, IDR, ODR, BSRR,
//! LCKR with its lock sequence, AFRL/AFRH) with their reset values (RM0090
//! 8.4). RCC decides whether an access reaches a port (the clock model in
//! `periph/stm32`): a port whose clock is off in RCC_AHB1ENR, or that
//! RCC_AHB1RSTR holds in reset, reads 0 and ignores writes, as the bus does
//! there, and a strict run stops at the access with the bit named. A port
//! that goes into reset (its RSTR bit, or a system reset) is back at its
//! reset values ([`Ports::reset_block`]).

use crate::mmio::periph::Periph;
use crate::mmio::regs::Span;

const PAGE: u32 = 0x1000;
pub(super) const STM32_GPIO_BASE: u32 = 0x4002_0000;
pub(super) const STM32_PORT_SIZE: u32 = 0x400;
/// Ports A..I: GPIOI ends at 0x40022400; the rest of that page is reserved.
const STM32_PORTS: usize = 9;
pub(super) const LCKK: u32 = 1 << 16;

#[derive(Clone, Default)]
struct Port {
    moder: u32,
    otyper: u32,
    ospeedr: u32,
    pupdr: u32,
    odr: u32,
    afr: [u32; 2],
    /// LCKR as read: LCKK once the lock sequence completed, and the pins.
    lckr: u32,
    /// Writes of the lock sequence seen so far (0..=2), with the pins they
    /// named.
    lock_step: u8,
    lock_pins: u32,
}

/// Mask of the 2-bit (or 4-bit) fields of the pins in `pins`.
fn field_mask(pins: u32, width: u32) -> u32 {
    (0..16).filter(|p| pins >> p & 1 == 1).fold(0, |m, p| {
        m | ((1u32 << width) - 1).checked_shl(p * width).unwrap_or(0)
    })
}

impl Port {
    /// RM0090 reset values: port A carries the debug pins (PA13..15), port B
    /// PB3/PB4.
    fn reset(index: usize) -> Port {
        let (moder, ospeedr, pupdr) = match index {
            0 => (0xa800_0000, 0x0c00_0000, 0x6400_0000),
            1 => (0x0000_0280, 0x0000_00c0, 0x0000_0100),
            _ => (0, 0, 0),
        };
        Port {
            moder,
            ospeedr,
            pupdr,
            ..Port::default()
        }
    }

    fn mode(&self, pin: u32) -> u32 {
        self.moder >> (2 * pin) & 3
    }

    fn level(&self, pin: u32) -> bool {
        let pull_up = self.pupdr >> (2 * pin) & 3 == 1;
        match self.mode(pin) {
            1 => {
                let high = self.odr >> pin & 1 == 1;
                let open_drain = self.otyper >> pin & 1 == 1;
                if open_drain && high {
                    pull_up
                } else {
                    high
                }
            }
            // Analog: pulls are off and the input is cut.
            3 => false,
            _ => pull_up,
        }
    }

    fn idr(&self) -> u32 {
        (0..16).fold(0, |acc, p| {
            let bit = self.mode(p) != 3 && self.level(p);
            acc | (bit as u32) << p
        })
    }

    fn read(&self, off: u32) -> u32 {
        match off {
            0x00 => self.moder,
            0x04 => self.otyper,
            0x08 => self.ospeedr,
            0x0c => self.pupdr,
            0x10 => self.idr(),
            0x14 => self.odr,
            0x1c => self.lckr,
            0x20 => self.afr[0],
            0x24 => self.afr[1],
            _ => 0, // BSRR is write-only; the rest is reserved
        }
    }

    fn write(&mut self, off: u32, value: u32) {
        let locked = if self.lckr & LCKK != 0 {
            self.lckr & 0xffff
        } else {
            0
        };
        let keep = |old: u32, new: u32, width: u32| {
            let frozen = field_mask(locked, width);
            (old & frozen) | (new & !frozen)
        };
        match off {
            0x00 => self.moder = keep(self.moder, value, 2),
            0x04 => self.otyper = keep(self.otyper, value & 0xffff, 1),
            0x08 => self.ospeedr = keep(self.ospeedr, value, 2),
            0x0c => self.pupdr = keep(self.pupdr, value, 2),
            0x14 => self.odr = value & 0xffff,
            // Set wins when a pin is both set and reset.
            0x18 => self.odr = (self.odr & !(value >> 16) | value) & 0xffff,
            0x1c => self.lock_write(value),
            0x20 => self.afr[0] = keep_afr(self.afr[0], value, locked & 0xff),
            0x24 => self.afr[1] = keep_afr(self.afr[1], value, locked >> 8),
            _ => {}
        }
    }

    /// LCKK=1, LCKK=0, LCKK=1 with the same pins each time; any other
    /// write starts over. Once locked, LCKR cannot change until reset.
    fn lock_write(&mut self, value: u32) {
        if self.lckr & LCKK != 0 {
            return;
        }
        let pins = value & 0xffff;
        let lckk = value & LCKK != 0;
        let same = self.lock_step == 0 || pins == self.lock_pins;
        self.lock_pins = pins;
        self.lock_step = match (self.lock_step, lckk, same) {
            (1, false, true) => 2,
            (2, true, true) => {
                self.lckr = LCKK | pins;
                return;
            }
            (_, true, _) => 1,
            _ => 0,
        };
        self.lckr = pins;
    }
}

fn keep_afr(old: u32, new: u32, locked8: u32) -> u32 {
    let frozen = field_mask(locked8, 4);
    (old & frozen) | (new & !frozen)
}

/// The ports of an STM32F4.
pub(super) struct Ports {
    ports: Vec<Port>,
}

impl Ports {
    pub fn new() -> Ports {
        Ports {
            ports: (0..STM32_PORTS).map(Port::reset).collect(),
        }
    }

    /// The port and register offset of `reg`, when that port exists and
    /// RCC lets the access reach it (clock on, not held in reset).
    fn port(reg: u32, periph: &Periph) -> Option<(usize, u32)> {
        let off = reg.checked_sub(STM32_GPIO_BASE)?;
        let index = (off / STM32_PORT_SIZE) as usize;
        (index < STM32_PORTS && periph.refusal(reg).is_none())
            .then_some((index, off % STM32_PORT_SIZE))
    }

    /// Register value for read-modify-write merging of narrow writes.
    pub fn stored(&self, addr: u32, periph: &Periph) -> u32 {
        match Ports::port(addr & !3, periph) {
            // IDR and BSRR: a narrow write has nothing to merge with.
            Some((_, 0x10 | 0x18)) | None => 0,
            Some((i, off)) => self.ports[i].read(off),
        }
    }

    pub fn read(&self, addr: u32, periph: &Periph) -> u32 {
        match Ports::port(addr & !3, periph) {
            Some((i, off)) => self.ports[i].read(off),
            None => 0,
        }
    }

    /// Whether the write reached a port (RCC let it through).
    pub fn write(&mut self, addr: u32, value: u32, periph: &Periph) -> bool {
        match Ports::port(addr & !3, periph) {
            Some((i, off)) => {
                self.ports[i].write(off, value);
                true
            }
            None => false,
        }
    }

    /// The block `span` went into reset (its RCC reset bit, or a system
    /// reset): the ports in it return to their reset values.
    pub fn reset_block(&mut self, span: Span) {
        for (i, port) in self.ports.iter_mut().enumerate() {
            if span.contains(STM32_GPIO_BASE + i as u32 * STM32_PORT_SIZE) {
                *port = Port::reset(i);
            }
        }
    }

    /// Pins, numbered port * 16 + pin.
    pub fn pins(&self) -> usize {
        self.ports.len() * 16
    }

    /// The level of pin `line` (port * 16 + pin).
    pub fn level(&self, line: usize) -> bool {
        self.ports[line / 16].level((line % 16) as u32)
    }

    /// The address range the ports answer, in whole pages.
    pub fn window() -> (u32, u32) {
        (STM32_GPIO_BASE, 3 * PAGE)
    }
}
