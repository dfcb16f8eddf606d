//! The peripheral space start-up code touches (resets, clocks, oscillators,
//! PLLs, timers), one model per chip family: `rp` for the RP2040 and RP2350,
//! `stm32` for the STM32F4; other boards get registers that read back what
//! was written. GPIO, the console UART, the SSI and the STM32 FLASH
//! interface have models of their own.

mod rp;
mod stm32;

use target::Clocks;

use crate::family::Family;

use crate::mmio::regs::{Regs, Span};

enum Model {
    Rp(Box<rp::Rp>),
    Stm32(stm32::Stm32),
    Plain(Regs),
}

pub(crate) struct Periph {
    model: Model,
    /// The core's clock after start-up, as the board file gives it.
    clock_hz: u32,
}

impl Periph {
    /// The peripherals as start-up code leaves them on a board with the
    /// clock tree `clocks` (what build-time execution sees); see
    /// [`Periph::power_on`] for the state a booted image starts from. The RP
    /// models take their clocks from `clocks`, the STM32 model the crystal
    /// (its own clock tree says the rest).
    pub fn new(family: Family, clocks: &Clocks) -> Periph {
        let clock_hz = clocks.sys_hz;
        let model = match family {
            Family::Rp2040 => Model::Rp(Box::new(rp::Rp::new(&rp::RP2040, clocks))),
            Family::Rp2350 => Model::Rp(Box::new(rp::Rp::new(&rp::RP2350, clocks))),
            Family::Stm32F4 => Model::Stm32(stm32::Stm32::new(clocks.crystal_hz)),
            Family::Generic => Model::Plain(Regs::default()),
        };
        Periph {
            model,
            clock_hz: clock_hz.max(1),
        }
    }

    /// Puts the peripherals in the state the chip is in when the image
    /// starts (after the boot ROM), for a machine that boots an image with
    /// the chip's rules ([`crate::Emulator::set_strict`]).
    pub fn power_on(&mut self) {
        if let Model::Rp(m) = &mut self.model {
            m.power_on();
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

    /// `now`: instructions executed before the access.
    pub fn read(&mut self, addr: u32, now: u64) -> u32 {
        match &mut self.model {
            Model::Rp(m) => m.read(addr, now),
            Model::Stm32(m) => m.read(addr, now),
            Model::Plain(r) => r.get(addr),
        }
    }

    /// `value` is the whole register after merging a narrow write; `now`
    /// the instructions executed before the access.
    pub fn write(&mut self, addr: u32, value: u32, now: u64) {
        match &mut self.model {
            Model::Rp(m) => m.write(addr, value, now),
            Model::Stm32(m) => m.write(addr, value, now),
            Model::Plain(r) => r.set(addr, value),
        }
    }

    /// A rule of the chip that the accesses so far broke where no refusal
    /// could say it beforehand (a clock the part cannot run at, too few
    /// flash wait states for it), once, for a strict run to stop on.
    pub fn take_violation(&mut self) -> Option<String> {
        match &mut self.model {
            Model::Stm32(m) => m.take_violation(),
            Model::Rp(_) | Model::Plain(_) => None,
        }
    }

    /// A system reset (AIRCR.SYSRESETREQ). The STM32 puts its RCC and
    /// peripherals back to their reset values (and reports every block in
    /// [`Periph::take_resets`]); the RP models keep theirs.
    pub fn system_reset(&mut self) {
        if let Model::Stm32(m) = &mut self.model {
            m.system_reset();
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

    /// Whether the block holding `addr` is held in reset (RP RESETS, STM32
    /// RCC's RSTR registers): it ignores writes and reads 0 (a strict
    /// machine stops before, at [`Periph::refusal`]).
    pub fn held_in_reset(&self, addr: u32) -> bool {
        match &self.model {
            Model::Rp(m) => m.held_in_reset(addr),
            Model::Stm32(m) => m.held_in_reset(addr),
            Model::Plain(_) => false,
        }
    }

    /// The blocks that went into reset since the last call, by a reset
    /// register or a system reset. This is how the reset of a block reaches
    /// the models kept outside this one (the console UART, GPIO): the
    /// machine hands each block to them after every write and system reset,
    /// on every chip.
    pub fn take_resets(&mut self) -> Vec<Span> {
        match &mut self.model {
            Model::Rp(m) => m.take_resets(),
            Model::Stm32(m) => m.take_resets(),
            Model::Plain(_) => Vec::new(),
        }
    }

    /// Why the core has no clock any more, if a write stopped it (clk_sys
    /// switched to or left on a source that does not run): on the chip the
    /// program would hang there.
    pub fn stall(&self) -> Option<String> {
        match &self.model {
            Model::Rp(m) => m.stall(),
            _ => None,
        }
    }

    /// The frequency of the clock that drives the console UART at `base`,
    /// or why it has none (its clock is off).
    pub fn uart_clock(&self, base: u32) -> Result<u32, String> {
        match &self.model {
            Model::Rp(m) => m.uart_clock(base),
            Model::Stm32(m) => m.uart_clock(base),
            Model::Plain(_) => Ok(self.clock_hz),
        }
    }
}
