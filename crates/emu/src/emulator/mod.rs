//! The public face: build a board, load an image, boot it or call into it.

// A Fault is a full report (registers, both stacks) and ends a run, so it is
// returned by value: runs are long, faults rare, and callers print them.
#![allow(clippy::result_large_err)]

use std::sync::atomic::AtomicBool;
use std::sync::mpsc::Receiver;
use std::sync::Arc;

mod protect;
mod report;

use target::Target;
use unicorn_engine::RegisterARM;

use crate::boot2;
use crate::engine::{self, MAP_GRAIN, TRAP_PAGE};
use crate::error::EmuError;
use crate::family::Family;
use crate::fault::{Fault, FaultKind};
use crate::hooks::memory::settle_flash;
use crate::layout::{Layout, MemRegion};
use crate::machine::{count_at, Engine, Stop};
use crate::mmio::gpio::GpioEvent;
use crate::mmio::scs::VTOR;
use crate::semihost::Exit;
use crate::stack;
use crate::symbols::{Symbol, Symbols};

/// Where [`Emulator::call`] points LR: a routine that returns there has
/// finished.
pub const RETURN_TRAP: u32 = TRAP_PAGE;

/// Value of LR at reset on the chip: returning from the reset handler faults.
const LR_AT_RESET: u32 = 0xffff_ffff;
/// Return stack room left above the default data stack base.
const DEFAULT_RETURN_STACK: u32 = 0x1000;
/// The granularity of the protection the build sets on flash and RAM: the
/// pieces they are mapped in, so that no change of protection has Unicorn
/// split (and copy) a region.
const PROTECT_GRAIN: u32 = MAP_GRAIN;
/// How many cells of each stack a fault report shows.
const REPORT_CELLS: usize = 8;
const XPSR_T: u32 = 1 << 24;

const GPRS: [RegisterARM; 16] = [
    RegisterARM::R0,
    RegisterARM::R1,
    RegisterARM::R2,
    RegisterARM::R3,
    RegisterARM::R4,
    RegisterARM::R5,
    RegisterARM::R6,
    RegisterARM::R7,
    RegisterARM::R8,
    RegisterARM::R9,
    RegisterARM::R10,
    RegisterARM::R11,
    RegisterARM::R12,
    RegisterARM::SP,
    RegisterARM::LR,
    RegisterARM::PC,
];

/// How a run ended without a fault.
enum Finish {
    Exit(u32),
    Returned,
    InputEnded,
    Interrupted,
    /// A system reset requested at this PC.
    Reset(u32),
}

/// An emulated board running one program.
pub struct Emulator {
    uc: Engine,
    target: Target,
    layout: Layout,
    symbols: Symbols,
    data_stack_base: u32,
    return_stack_top: u32,
}

impl Emulator {
    /// A machine for `target`: its core's CPU model, flash and RAM as plain
    /// memory (flash is writable, as build-time execution needs), the console
    /// UART, the SCS and DWT, and the family's peripheral model (see the
    /// crate README for what is modelled).
    pub fn new(target: &Target) -> Result<Emulator, EmuError> {
        let layout = Layout::of(target)?;
        let uc = engine::build(target, &layout)?;
        let top = target.stack_top();
        let return_room = DEFAULT_RETURN_STACK.min(target.ram.size / 2);
        Ok(Emulator {
            uc,
            target: target.clone(),
            layout,
            symbols: Symbols::default(),
            data_stack_base: top - return_room,
            return_stack_top: top,
        })
    }

    pub fn target(&self) -> &Target {
        &self.target
    }

    /// The CPU model Unicorn actually runs, e.g. `cortex-m0`.
    pub fn cpu_model(&self) -> &'static str {
        engine::model_name(self.uc.ctl_get_cpu_model().unwrap_or(-1))
    }

    fn region(&self, addr: u32, len: usize) -> Option<&MemRegion> {
        self.layout.memory.iter().find(|r| r.contains(addr, len))
    }

    /// Writes `bytes` into flash, RAM or another memory region; the range
    /// must lie inside one region.
    pub fn load(&mut self, addr: u32, bytes: &[u8]) -> Result<(), EmuError> {
        self.write_mem(addr, bytes)
    }

    pub fn read_mem(&self, addr: u32, len: usize) -> Result<Vec<u8>, EmuError> {
        if self.region(addr, len).is_none() {
            return Err(EmuError::Unmapped { addr, len });
        }
        self.uc
            .mem_read_as_vec(addr as u64, len)
            .map_err(EmuError::uc(format!("read {addr:#x}")))
    }

    pub fn write_mem(&mut self, addr: u32, bytes: &[u8]) -> Result<(), EmuError> {
        if self.region(addr, bytes.len()).is_none() {
            return Err(EmuError::Unmapped {
                addr,
                len: bytes.len(),
            });
        }
        if bytes.is_empty() {
            return Ok(());
        }
        self.uc
            .mem_write(addr as u64, bytes)
            .map_err(EmuError::uc(format!("write {addr:#x}")))?;
        // The bytes may be code: Unicorn keeps running blocks translated
        // from the old bytes unless told, and their counts are cached.
        let end = addr as u64 + bytes.len() as u64;
        self.uc
            .ctl_remove_cache(addr as u64, end)
            .map_err(EmuError::uc(format!("drop translations of {addr:#x}")))?;
        self.uc.get_data_mut().counter.invalidate();
        Ok(())
    }

    /// Writes bytes that no translated code covers: data (variables,
    /// buffers, the input line) or code that has never run, such as new
    /// words at the end of the dictionary. Unlike [`Emulator::write_mem`] it
    /// keeps Unicorn's translations and the block counts, which makes it
    /// much cheaper; writing over code that has run needs `write_mem`.
    pub fn write_data(&mut self, addr: u32, bytes: &[u8]) -> Result<(), EmuError> {
        if self.region(addr, bytes.len()).is_none() {
            return Err(EmuError::Unmapped {
                addr,
                len: bytes.len(),
            });
        }
        self.uc
            .mem_write(addr as u64, bytes)
            .map_err(EmuError::uc(format!("write {addr:#x}")))
    }

    fn read_word(&self, addr: u32) -> Option<u32> {
        let b = self.uc.mem_read_as_vec(addr as u64, 4).ok()?;
        Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// Symbols for fault reports.
    pub fn set_symbols(&mut self, symbols: Vec<Symbol>) {
        self.symbols = Symbols::new(symbols);
    }

    /// Bytes for the console to receive, after any not yet read.
    pub fn set_input(&mut self, bytes: Vec<u8>) {
        self.uc.get_data_mut().uart.console.input.extend(bytes);
    }

    /// Makes the peripherals refuse what the chip refuses, from the state the
    /// chip is in when an image starts: `true` puts them in that state
    /// (every block held in reset but the boot ROM's flash pins, clocks on
    /// the power-on oscillator, UART and GPIO at their reset values; see the
    /// crate README), so call it before booting. From then on an access to
    /// a block held in reset, a clock tree that stops the core, or a byte
    /// the console sends where the host could not read it (UART disabled,
    /// unclocked, more than 2% off the board's baud rate, not 8N1) stops
    /// the run with a [`FaultKind::Peripheral`] report naming the
    /// instruction (and its word). Booted runs want this. Without it the
    /// peripherals are as start-up code leaves the board and apply none of
    /// these rules: build-time execution runs no start-up code. `false`
    /// lifts the rules and leaves the state as it is.
    pub fn set_strict(&mut self, strict: bool) {
        let m = self.uc.get_data_mut();
        m.strict = strict;
        if strict {
            m.power_on();
        }
    }

    /// The console's baud rate as its UART's registers and clock make it
    /// now, or why it has none (the UART's clock is off, no divisor is
    /// set). A host reading at the board's `console.baud` needs it within
    /// about 2%.
    pub fn console_baud(&self) -> Result<u32, String> {
        let m = self.uc.get_data();
        m.uart.baud(m.periph.uart_clock(m.uart.base()))
    }

    /// Whether a debugger is attached: DHCSR.C_DEBUGEN reads 1 and
    /// semihosting works (the default, `thumbforth run` being the debug
    /// host), or the board is on its own and a `bkpt` is a HardFault.
    pub fn set_debugger(&mut self, attached: bool) {
        self.uc.get_data_mut().scs.debugger = attached;
    }

    /// More bytes for the console, given after the program ran out of input
    /// ([`Exit::InputEnded`]); [`Emulator::resume_console`] goes on with them.
    pub fn feed_input(&mut self, bytes: &[u8]) {
        self.uc.get_data_mut().uart.console.feed(bytes);
    }

    /// Console input that arrives while the program runs (a terminal): the
    /// receiver takes what the channel has whenever the program polls it,
    /// and the input ends when the sender is dropped.
    pub fn set_live_input(&mut self, source: Receiver<Vec<u8>>) {
        self.uc.get_data_mut().uart.console.live = Some(source);
    }

    /// A flag another thread sets to stop the run at the next block: the run
    /// ends with [`Exit::Interrupted`].
    pub fn set_interrupt(&mut self, flag: Arc<AtomicBool>) {
        self.uc.get_data_mut().interrupt = Some(flag);
    }

    /// Makes a booted program's budget count from the last byte it took
    /// from the console rather than from the start of the run: `boot` and
    /// `resume_console` then give the program `n` instructions at the start
    /// and again each time it reads a byte, so that a session of any length
    /// runs while one line that never ends is still stopped. Their own
    /// `max_insns` is then not used.
    pub fn set_budget_per_input(&mut self, n: u64) {
        self.uc.get_data_mut().budget_per_input = Some(n);
    }

    /// Resets the chip as its reset button does (RAM and flash keep their
    /// contents, the core starts from the vector table) and runs until the
    /// program exits, waits for input that has ended, faults, or uses its
    /// budget: what a host does to bring a faulted board back.
    pub fn reboot(&mut self, max_insns: u64) -> Result<Exit, Fault> {
        let start = self.reset()?;
        self.run_to_exit(start, max_insns)
    }

    /// Bytes the program has taken from the console's receiver so far.
    pub fn input_received(&self) -> u64 {
        self.uc.get_data().uart.console.received
    }

    /// Continues a booted program that stopped with [`Exit::InputEnded`]
    /// from where it waits, after [`Emulator::feed_input`]; runs until it
    /// waits again, exits, faults or uses `max_insns` more instructions.
    pub fn resume_console(&mut self, max_insns: u64) -> Result<Exit, Fault> {
        let pc = self.reg(15);
        self.run_to_exit(pc, max_insns)
    }

    /// Also copy console output to stdout as it is transmitted.
    pub fn set_echo_stdout(&mut self, on: bool) {
        self.uc.get_data_mut().uart.console.echo = on;
    }

    /// Everything the console transmitted so far.
    pub fn output(&self) -> Vec<u8> {
        self.uc.get_data().uart.console.output.clone()
    }

    /// The console output so far, which is then forgotten.
    pub fn take_output(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.uc.get_data_mut().uart.console.output)
    }

    /// Instructions executed since the machine was built (exact).
    pub fn instructions(&self) -> u64 {
        self.uc.get_data().counter.executed
    }

    /// Starts (or stops) keeping the address and instruction count of every
    /// block of code the machine enters, so that a tool can show the exact
    /// path a call took (`cargo xtask bench alloc --explain`). Starting
    /// forgets what was kept before.
    pub fn record_blocks(&mut self, on: bool) {
        self.uc.get_data_mut().counter.visits = on.then(Vec::new);
    }

    /// The blocks entered since recording started or was last taken, which
    /// are then forgotten: (address, instructions) in the order they ran.
    /// The last block may have stopped early (a fault or a breakpoint).
    pub fn take_blocks(&mut self) -> Vec<(u32, u32)> {
        self.uc
            .get_data_mut()
            .counter
            .visits
            .as_mut()
            .map(std::mem::take)
            .unwrap_or_default()
    }

    /// Every change of a GPIO pin's level since the machine was built,
    /// oldest first, so a test can see what a program did to its pins
    /// (an LED blinking) without watching registers. Kept only on boards
    /// with a GPIO model (RP2040, RP2350, STM32F4), and only the first
    /// 2^20 changes; see [`Emulator::gpio_events_lost`].
    pub fn gpio_events(&self) -> &[GpioEvent] {
        self.uc.get_data().gpio.events()
    }

    /// Changes of pin levels not kept because the history was full.
    pub fn gpio_events_lost(&self) -> u64 {
        self.uc.get_data().gpio.lost()
    }

    fn reg_id(n: u8) -> Option<RegisterARM> {
        match n {
            0..=15 => Some(GPRS[n as usize]),
            16 => Some(RegisterARM::XPSR),
            _ => None,
        }
    }

    /// Register `n`: 0..=15 are r0..r15 (13 = SP, 14 = LR, 15 = PC), 16 is
    /// xPSR; anything else reads 0.
    pub fn reg(&self, n: u8) -> u32 {
        Self::reg_id(n)
            .and_then(|r| self.uc.reg_read(r).ok())
            .unwrap_or(0) as u32
    }

    /// Sets register `n` (numbered as for [`Emulator::reg`]). The PC keeps
    /// the core in Thumb state whatever bit 0 says.
    pub fn set_reg(&mut self, n: u8, v: u32) {
        let v = if n == 15 { v | 1 } else { v };
        if let Some(r) = Self::reg_id(n) {
            let _ = self.uc.reg_write(r, v as u64);
        }
    }

    /// Where [`Emulator::call`] puts the data stack (see [`crate::stack`])
    /// and the return stack (SP). By default the return stack has the top
    /// 4 KiB of RAM and the data stack grows down from just below it.
    pub fn set_call_stacks(&mut self, data_stack_base: u32, return_stack_top: u32) {
        self.data_stack_base = data_stack_base;
        self.return_stack_top = return_stack_top;
    }

    pub fn data_stack_base(&self) -> u32 {
        self.data_stack_base
    }

    /// Boots as the chip does: SP = word[vector table], PC = word[vector
    /// table + 4], LR = 0xFFFFFFFF, VTOR = the vector table. The boot ROMs of
    /// the RP2040 and RP2350 are not run: the RP2040 starts at the app's
    /// vector table (0x10000100 on that board) as if boot2 had run (see
    /// [`Emulator::boot_rp2040_via_boot2`] to run boot2 itself), the RP2350
    /// as if its boot ROM had accepted the IMAGE_DEF and entered the table.
    /// Runs until a semihosting exit, a fault, or `max_insns` instructions.
    pub fn boot(&mut self, max_insns: u64) -> Result<Exit, Fault> {
        let vt = self.target.vector_table;
        let (Some(sp), Some(reset)) = (self.read_word(vt), self.read_word(vt.wrapping_add(4)))
        else {
            return Err(self.fault(
                FaultKind::ReadUnmapped(vt),
                Some(format!("the vector table at {vt:#010x} is not in memory")),
                vt,
            ));
        };
        if reset & 1 == 0 {
            return Err(self.fault(
                FaultKind::HardFault,
                Some(format!(
                    "reset vector {reset:#010x} has bit 0 clear: the core would lock up (INVSTATE)"
                )),
                reset,
            ));
        }
        self.set_reg(13, sp);
        self.set_reg(14, LR_AT_RESET);
        self.uc.get_data_mut().scs.write(VTOR, vt, 0);
        self.run_to_exit(reset, max_insns)
    }

    /// Boots an RP2040 through its boot2 as the boot ROM would: checks the
    /// CRC of the first 256 bytes of flash, copies them to 0x20041F00 and
    /// enters them with LR = 0, so boot2 configures the SSI, sets VTOR and
    /// enters the app's vector table itself.
    pub fn boot_rp2040_via_boot2(&mut self, max_insns: u64) -> Result<Exit, Fault> {
        let flash = self.target.flash.origin;
        if self.layout.family != Family::Rp2040 {
            return Err(self.fault(
                FaultKind::Other(format!("target `{}` has no RP2040 boot2", self.target.name)),
                None,
                flash,
            ));
        }
        let block = match self.read_mem(flash, boot2::BOOT2_SIZE) {
            Ok(b) => b,
            Err(e) => return Err(self.fault(FaultKind::Other(e.to_string()), None, flash)),
        };
        if let Err((stored, computed)) = boot2::check(&block) {
            return Err(self.fault(
                FaultKind::Other("boot2 CRC mismatch".into()),
                Some(format!(
                    "stored {stored:#010x}, computed {computed:#010x}: the boot ROM would fall back to USB boot"
                )),
                flash,
            ));
        }
        if let Err(e) = self.write_mem(boot2::BOOT2_BASE, &block) {
            return Err(self.fault(FaultKind::Other(e.to_string()), None, boot2::BOOT2_BASE));
        }
        self.set_reg(13, boot2::BOOT2_BASE);
        self.set_reg(14, 0);
        self.run_to_exit(boot2::BOOT2_BASE, max_insns)
    }

    fn run_to_exit(&mut self, start: u32, max_insns: u64) -> Result<Exit, Fault> {
        let mut start = start;
        let per_input = self.uc.get_data().budget_per_input;
        let end = match per_input {
            Some(_) => u64::MAX,
            None => self.instructions().saturating_add(max_insns),
        };
        loop {
            let left = per_input.unwrap_or_else(|| end.saturating_sub(self.instructions()));
            match self.run(start, left)? {
                Finish::Reset(_) => start = self.reset()?,
                other => return self.finish_boot(other),
            }
        }
    }

    /// A system reset, as the chip does one: RAM and flash keep their
    /// contents, the core restarts from the vector table, the flash
    /// interface is back in its reset state, and so are the STM32's clocks
    /// and peripherals. Gives the reset handler.
    fn reset(&mut self) -> Result<u32, Fault> {
        let vt = self.target.vector_table;
        let (Some(sp), Some(reset)) = (self.read_word(vt), self.read_word(vt.wrapping_add(4)))
        else {
            return Err(self.fault(FaultKind::ReadUnmapped(vt), None, vt));
        };
        let now = self.instructions();
        self.uc.get_data_mut().system_reset(now);
        self.set_reg(13, sp);
        self.set_reg(14, LR_AT_RESET);
        self.uc.get_data_mut().scs.write(VTOR, vt, 0);
        Ok(reset)
    }

    /// A reset requested where there is none to perform: a routine the host
    /// called.
    fn reset_fault(&self, pc: u32) -> Fault {
        self.fault(
            FaultKind::Other("system reset requested (AIRCR.SYSRESETREQ)".into()),
            Some("a routine called by the host has no reset to go to".into()),
            pc,
        )
    }

    fn finish_boot(&mut self, finish: Finish) -> Result<Exit, Fault> {
        match finish {
            Finish::Exit(status) => Ok(Exit::Semihost { status }),
            Finish::InputEnded => Ok(Exit::InputEnded),
            Finish::Interrupted => Ok(Exit::Interrupted),
            // run_to_exit performs resets; none reaches here.
            Finish::Reset(pc) => Err(self.reset_fault(pc)),
            Finish::Returned => Err(self.fault(
                FaultKind::Other(format!(
                    "execution reached the call return trap {RETURN_TRAP:#x}"
                )),
                None,
                RETURN_TRAP,
            )),
        }
    }

    /// Runs the routine at `addr` with `data_stack` (deepest first) laid out
    /// by the convention of [`crate::stack`], SP at the return stack top and
    /// LR at [`RETURN_TRAP`]; when the routine returns there, gives back the
    /// new data stack (deepest first).
    pub fn call(
        &mut self,
        addr: u32,
        data_stack: &[u32],
        max_insns: u64,
    ) -> Result<Vec<u32>, Fault> {
        self.set_reg(13, self.return_stack_top);
        self.set_reg(14, RETURN_TRAP | 1);
        self.run_with_stack(addr, data_stack, max_insns)
    }

    /// Continues a routine that stopped at a service call (an `svc` the
    /// host answers, see [`FaultKind::Svc`]) from `pc`, with `data_stack` as
    /// the host left it. SP, LR and the other registers are as the caller
    /// restored them, so the routine returns to the trap of the original
    /// [`Emulator::call`].
    pub fn resume(
        &mut self,
        pc: u32,
        data_stack: &[u32],
        max_insns: u64,
    ) -> Result<Vec<u32>, Fault> {
        self.run_with_stack(pc, data_stack, max_insns)
    }

    /// The data stack as it is now (deepest first), by the convention of
    /// [`crate::stack`]; what a service call reads its arguments from.
    pub fn data_stack(&self) -> Result<Vec<u32>, String> {
        let (r6, r7) = (self.reg(stack::TOS), self.reg(stack::DSP));
        let depth = stack::depth(self.data_stack_base, r7)?;
        let bytes = self
            .read_mem(r7, depth * stack::CELL as usize)
            .map_err(|e| format!("cannot read the data stack: {e}"))?;
        let cells: Vec<u32> = bytes
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        Ok(stack::read_back(r6, &cells))
    }

    pub fn return_stack_top(&self) -> u32 {
        self.return_stack_top
    }

    fn run_with_stack(
        &mut self,
        addr: u32,
        data_stack: &[u32],
        max_insns: u64,
    ) -> Result<Vec<u32>, Fault> {
        let base = self.data_stack_base;
        let (r6, r7, cells) = stack::lay_out(base, data_stack);
        let bytes: Vec<u8> = cells.iter().flat_map(|c| c.to_le_bytes()).collect();
        if let Err(e) = self.write_data(r7, &bytes) {
            return Err(self.fault(
                FaultKind::Other(format!("cannot place the data stack: {e}")),
                None,
                addr,
            ));
        }
        self.set_reg(stack::TOS, r6);
        self.set_reg(stack::DSP, r7);
        match self.run(addr, max_insns)? {
            Finish::Returned => {}
            Finish::Exit(status) => {
                return Err(self.fault(FaultKind::Exited(status), None, self.reg(15)))
            }
            Finish::Reset(pc) => return Err(self.reset_fault(pc)),
            Finish::InputEnded | Finish::Interrupted => {
                return Err(self.fault(
                    FaultKind::Other("the routine waited for console input that never came".into()),
                    None,
                    self.reg(15),
                ))
            }
        }
        self.data_stack()
            .map_err(|why| self.fault(FaultKind::Other(why), None, addr))
    }

    /// One run from `start` until a semihosting exit, the return trap, a
    /// fault or the budget.
    fn run(&mut self, start: u32, budget: u64) -> Result<Finish, Fault> {
        {
            let m = self.uc.get_data_mut();
            m.counter.start_run(budget);
            m.uart.console.new_run();
            m.stop = None;
            m.unmapped = None;
        }
        let result = self
            .uc
            .emu_start((start | 1) as u64, RETURN_TRAP as u64, 0, 0);
        settle_flash(&mut self.uc);
        let pc = self.reg(15);
        // A run that stopped inside a block ran only part of it.
        let exact = count_at(&self.uc, pc);
        let m = self.uc.get_data_mut();
        m.counter.executed = exact;
        m.counter.current = None;
        m.uart.console.flush();
        match (m.stop.take(), result) {
            (Some(Stop::Exit(status)), _) => Ok(Finish::Exit(status)),
            (Some(Stop::Starved), _) => Ok(Finish::InputEnded),
            (Some(Stop::Interrupted), _) => Ok(Finish::Interrupted),
            (Some(Stop::Reset { pc }), _) => Ok(Finish::Reset(pc)),
            (Some(Stop::Budget), _) => {
                let kind = match self.uc.get_data().budget_per_input {
                    Some(n) => FaultKind::InputBudgetExhausted(n),
                    None => FaultKind::BudgetExhausted(budget),
                };
                Err(self.fault(kind, None, pc))
            }
            (Some(Stop::Fault { kind, detail, pc }), _) => Err(self.fault(kind, detail, pc)),
            (None, Ok(())) if pc == RETURN_TRAP => Ok(Finish::Returned),
            (None, Ok(())) => Err(self.stopped_without_error(pc)),
            (None, Err(e)) => Err(self.unicorn_fault(e, pc)),
        }
    }
}
