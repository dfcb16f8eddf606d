//! The peripheral space start-up code touches (resets, clocks, oscillators,
//! PLLs, timers), one model per chip family: `rp` for the RP2040 and RP2350,
//! `stm32` for the STM32F4; other boards get registers that read back what
//! was written. GPIO, the console UART, the SSI and the STM32 FLASH
//! interface have models of their own.

mod rp;
mod stm32;

use crate::board::Family;

use super::Regs;

enum Model {
    Rp(rp::Rp),
    Stm32(stm32::Stm32),
    Plain(Regs),
}

pub(crate) struct Periph {
    model: Model,
    /// The core's clock after start-up, as the board file gives it.
    clock_hz: u32,
}

impl Periph {
    pub fn new(family: Family, clock_hz: u32) -> Periph {
        let model = match family {
            Family::Rp2040 => Model::Rp(rp::Rp::new(&rp::RP2040, clock_hz)),
            Family::Rp2350 => Model::Rp(rp::Rp::new(&rp::RP2350, clock_hz)),
            Family::Stm32F4 => Model::Stm32(stm32::Stm32::new(clock_hz)),
            Family::Generic => Model::Plain(Regs::default()),
        };
        Periph {
            model,
            clock_hz: clock_hz.max(1),
        }
    }

    /// Register value for read-modify-write merging of narrow writes.
    pub fn stored(&self, addr: u32) -> u32 {
        match &self.model {
            Model::Rp(m) => m.stored(addr),
            Model::Stm32(m) => m.stored(addr),
            Model::Plain(r) => r.get(addr),
        }
    }

    /// `executed`: instructions executed so far (block granularity is
    /// plenty for microseconds).
    pub fn read(&mut self, addr: u32, executed: u64) -> u32 {
        match &mut self.model {
            Model::Rp(m) => m.read(addr, executed),
            Model::Stm32(m) => m.read(addr, executed),
            Model::Plain(r) => r.get(addr),
        }
    }

    /// `value` is the whole register after merging a narrow write.
    pub fn write(&mut self, addr: u32, value: u32) {
        match &mut self.model {
            Model::Rp(m) => m.write(addr, value),
            Model::Stm32(m) => m.write(addr, value),
            Model::Plain(r) => r.set(addr, value),
        }
    }

    /// Why the chip would keep an access at `addr` from reaching its
    /// peripheral (the block is held in reset, its clock is off), named for
    /// a report; None when it would reach it. Asked for every peripheral
    /// access (UART, GPIO and pads included) while the emulator is strict
    /// ([`crate::Emulator::set_strict`]).
    pub fn refusal(&self, addr: u32) -> Option<String> {
        match &self.model {
            Model::Rp(m) => m.refusal(addr),
            Model::Stm32(m) => m.refusal(addr),
            Model::Plain(_) => None,
        }
    }

    /// The frequency of the clock that drives the console UART at `base`,
    /// or why it has none (its clock is off).
    #[allow(dead_code)] // the UART model's baud check asks it
    pub fn uart_clock(&self, base: u32) -> Result<u32, String> {
        match &self.model {
            Model::Rp(m) => m.uart_clock(base),
            Model::Stm32(m) => m.uart_clock(base),
            Model::Plain(_) => Ok(self.clock_hz),
        }
    }
}
