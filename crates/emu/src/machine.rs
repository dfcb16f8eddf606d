//! The state every Unicorn callback shares: [`Machine`] is Unicorn's user
//! data, so each hook and MMIO callback reaches it through the engine it
//! receives and no shared cells are needed. Also the few things any
//! callback does with the engine: read the PC, count exactly to it, stop
//! the run.
//!
//! This module holds state and knows nothing of which callbacks exist
//! (`hooks`) or how the engine is put together (`engine`).

use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use target::Target;
use unicorn_engine::unicorn_const::HookType;
use unicorn_engine::{RegisterARM, Unicorn};

use crate::count::{count_insns, Counter};
use crate::family::Family;
use crate::fault::FaultKind;
use crate::flash::FlashChip;
use crate::mmio::divider::Divider;
use crate::mmio::dwt::Dwt;
use crate::mmio::gpio::Gpio;
use crate::mmio::periph::Periph;
use crate::mmio::scs::Scs;
use crate::mmio::ssi::Ssi;
use crate::mmio::uart::Uart;

/// Why the host stopped a run from inside a hook.
#[derive(Clone, Debug)]
pub(crate) enum Stop {
    Exit(u32),
    Budget,
    /// The program waits for console input that will never come.
    Starved,
    /// The host asked the run to stop (a terminal's Ctrl-C).
    Interrupted,
    /// The program asked for a system reset (AIRCR.SYSRESETREQ) at `pc`.
    Reset {
        pc: u32,
    },
    Fault {
        kind: FaultKind,
        detail: Option<String>,
        pc: u32,
    },
}

impl Stop {
    pub fn fault(kind: FaultKind, detail: Option<String>, pc: u32) -> Stop {
        Stop::Fault { kind, detail, pc }
    }
}

/// The guard band between the RAM dictionary and the build's stacks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StackGuard {
    /// Whole pages: the first guarded address and the one past the last.
    pub start: u32,
    pub end: u32,
    /// The cell holding the RAM dictionary pointer: a store below it went to
    /// space the program allotted while it ran, not to a stack.
    pub ram_dp_cell: u32,
}

/// What a store into flash below the boundary does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BelowBoundary {
    /// Stops the run with [`FaultKind::ProtectedStore`]: the build refuses
    /// to let its own code overwrite the start of the image.
    Refuse,
    /// What the chip does with a store to programmed flash (the flash model).
    Chip,
}

pub(crate) struct Machine {
    pub counter: Counter,
    pub uart: Uart,
    pub scs: Scs,
    pub dwt: Dwt,
    pub periph: Periph,
    pub ssi: Ssi,
    pub gpio: Gpio,
    /// The RP2040's SIO divider (routed only on that chip).
    pub divider: Divider,
    pub stop: Option<Stop>,
    pub family: Family,
    /// Flash as the chip has it, once [`crate::Emulator::flash_as_chip`]
    /// asked for it; until then flash is plain memory the build writes.
    pub flash: Option<FlashChip>,
    /// Set by another thread to stop the run at the next block.
    pub interrupt: Option<Arc<AtomicBool>>,
    /// Flash below this address is the finished part of the image; see
    /// [`crate::Emulator::set_flash_boundary`].
    pub flash_boundary: Option<(u32, BelowBoundary)>,
    /// Pages of RAM made read-only so that a stack growing into them stops
    /// the run ([`crate::Emulator::set_stack_guard`]).
    pub stack_guard: Option<StackGuard>,
    /// The last access Unicorn found unmapped: (write?, fetch?, address).
    pub unmapped: Option<(HookType, u32)>,
    /// Exact instructions executed before the SCS/DWT access in progress.
    pub exact_now: u64,
    /// The address of the instruction making that access.
    pub exact_pc: u32,
    /// Peripherals refuse what the chip refuses (see
    /// [`crate::Emulator::set_strict`]); off for build-time execution.
    pub strict: bool,
    pub clock_hz: u32,
    /// The instructions a run may execute after each byte the program takes
    /// from the console ([`crate::Emulator::set_budget_per_input`]).
    pub budget_per_input: Option<u64>,
}

impl Machine {
    /// The board `t` of `family` as start-up code leaves it, which is
    /// what build-time execution sees.
    pub fn new(t: &Target, family: Family) -> Machine {
        Machine {
            counter: Counter::new(),
            uart: Uart::new(
                t.console.kind,
                t.console.base,
                family.atomic_aliases(),
                // A board without a clock model has its UART set up by its boot
                // ROM or a debugger: the emulator cannot judge its line.
                (family != Family::Generic).then_some(t.console.baud),
            ),
            scs: Scs::new(t.cpu),
            dwt: Dwt::default(),
            periph: Periph::new(family, &t.clocks),
            ssi: Ssi::default(),
            gpio: Gpio::new(family),
            divider: Divider::default(),
            stop: None,
            family,
            flash: None,
            interrupt: None,
            budget_per_input: None,
            stack_guard: None,
            flash_boundary: None,
            unmapped: None,
            exact_now: 0,
            exact_pc: 0,
            strict: false,
            clock_hz: t.clocks.sys_hz.max(1),
        }
    }

    /// The peripherals as the chip has them when an image starts: blocks
    /// held in reset, clocks on the power-on oscillator, the UART and the
    /// GPIO blocks at their reset values.
    pub fn power_on(&mut self) {
        self.periph.power_on();
        self.uart.reset();
        self.gpio = Gpio::new(self.family);
    }

    /// Hands the blocks that went into reset (by a reset register or a
    /// system reset, on any chip: [`Periph::take_resets`]) to the models
    /// kept outside the peripheral model, the console UART and GPIO, which
    /// return to their reset state; `now` dates the pin changes.
    pub fn apply_resets(&mut self, now: u64) {
        for span in self.periph.take_resets() {
            if span.contains(self.uart.base()) {
                self.uart.reset();
            }
            self.gpio.reset_block(span, now);
        }
    }

    /// A system reset at `now` instructions, as the chip does one: the
    /// flash interface and the peripherals back in their reset state
    /// (RAM, flash's contents and the RP peripherals stay as they are).
    pub fn system_reset(&mut self, now: u64) {
        self.divider = Divider::default();
        if let Some(f) = self.flash.as_mut() {
            f.reset();
        }
        self.periph.system_reset();
        self.apply_resets(now);
    }
}

pub(crate) type Engine = Unicorn<'static, Machine>;
/// The engine as hooks receive it (any lifetime).
pub(crate) type Uc<'a> = Unicorn<'a, Machine>;

pub(crate) fn pc(uc: &Uc<'_>) -> u32 {
    uc.reg_read(RegisterARM::PC).unwrap_or(0) as u32
}

/// Ends the run at the next block boundary with `why`. Blocks Unicorn still
/// announces after this are not executed, so they are not counted.
pub(crate) fn stop(uc: &mut Uc<'_>, why: Stop) {
    let m = uc.get_data_mut();
    m.counter.stopping = true;
    m.stop = Some(why);
    let _ = uc.emu_stop();
}

/// Exact number of instructions executed before the one at `pc`, which must
/// be the instruction in progress (or where the run stopped).
pub(crate) fn count_at(uc: &Uc<'_>, pc: u32) -> u64 {
    let c = &uc.get_data().counter;
    match c.current {
        Some(b) if b.contains(pc) => {
            let done = uc
                .mem_read_as_vec(b.addr as u64, (pc - b.addr) as usize)
                .map(|code| count_insns(&code) as u64)
                .unwrap_or(0);
            b.before + done
        }
        _ => c.executed,
    }
}
