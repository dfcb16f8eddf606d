//! The Unicorn instance for a target and the state its hooks share.
//!
//! [`Machine`] is Unicorn's user data: every hook and MMIO callback receives
//! the engine and reaches the machine through it, so no shared cells are
//! needed.

use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use target::{Cpu, Target};
use unicorn_engine::unicorn_const::{Arch, HookType, Mode, Prot};
use unicorn_engine::{ArmCpuModel, Unicorn};

use crate::board::{Device, Family, Layout, DWT_BASE, RP2040_SSI_BASE, SCS_BASE};
use crate::count::Counter;
use crate::error::EmuError;
use crate::fault::FaultKind;
use crate::flash::{FlashChip, FlashOp, STM32_FLASH_IF};
use crate::hooks;
use crate::mmio::dwt::Dwt;
use crate::mmio::gpio::Gpio;
use crate::mmio::periph::Periph;
use crate::mmio::scs::{Request, Scs};
use crate::mmio::ssi::Ssi;
use crate::mmio::uart::Uart;
use crate::mmio::{extract, merge};

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

/// The size of the pieces flash and RAM are mapped in; what the build
/// protects of them changes by whole pieces.
pub(crate) const MAP_GRAIN: u32 = 0x4000;
/// How much of flash is mapped in pieces: the part the build protects
/// (the image's start and standard image, a test run's dictionary).
const GRAINED_FLASH: u32 = 0x4_0000;

/// The pieces a memory region is mapped in, as (origin, size). Unicorn
/// changes the protection of part of a region by splitting it, which copies
/// all its memory: RAM and the start of flash are mapped in pieces of
/// [`MAP_GRAIN`] so the build's protection never splits one. Fewer pieces
/// elsewhere, since each one costs Unicorn time to map.
fn pieces(r: &crate::board::MemRegion) -> Vec<(u32, u32)> {
    let grained = match r.name {
        "ram" => r.size,
        "flash" => r.size.min(GRAINED_FLASH),
        _ => 0,
    };
    if grained % MAP_GRAIN != 0 || grained == 0 {
        return vec![(r.origin, r.size)];
    }
    let mut out: Vec<(u32, u32)> = (0..grained / MAP_GRAIN)
        .map(|i| (r.origin + i * MAP_GRAIN, MAP_GRAIN))
        .collect();
    if r.size > grained {
        out.push((r.origin + grained, r.size - grained));
    }
    out
}

pub(crate) struct Machine {
    pub counter: Counter,
    pub uart: Uart,
    pub scs: Scs,
    pub dwt: Dwt,
    pub periph: Periph,
    pub ssi: Ssi,
    pub gpio: Gpio,
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
}

impl Machine {
    /// The peripherals as the chip has them when an image starts: blocks
    /// held in reset, clocks on the power-on oscillator, the UART and the
    /// GPIO blocks at their reset values.
    pub fn power_on(&mut self) {
        self.periph.power_on();
        self.uart.reset();
        self.gpio = Gpio::new(self.family);
    }

    /// Returns the models kept outside the peripheral model (the console
    /// UART, the GPIO blocks) to their reset state when a write put their
    /// block into reset.
    fn reset_blocks(&mut self) {
        for (base, size) in self.periph.take_entered_reset() {
            if self.uart.base().wrapping_sub(base) < size {
                self.uart.reset();
            }
            self.gpio.reset_block(base, size, self.exact_now);
        }
    }
}

pub(crate) type Engine = Unicorn<'static, Machine>;
/// The engine as hooks receive it (any lifetime).
pub(crate) type Uc<'a> = Unicorn<'a, Machine>;

/// Unicorn's model for a core, and its name for messages.
pub(crate) fn cpu_model(cpu: Cpu) -> (ArmCpuModel, &'static str) {
    match cpu {
        // Unicorn has no M0+; the M0 implements the same ARMv6-M instructions.
        Cpu::CortexM0Plus => (ArmCpuModel::CORTEX_M0, "cortex-m0"),
        Cpu::CortexM3 => (ArmCpuModel::CORTEX_M3, "cortex-m3"),
        Cpu::CortexM4 => (ArmCpuModel::CORTEX_M4, "cortex-m4"),
        Cpu::CortexM33 => (ArmCpuModel::CORTEX_M33, "cortex-m33"),
    }
}

pub(crate) fn model_name(id: i32) -> &'static str {
    match id {
        7 => "cortex-m0",
        8 => "cortex-m3",
        9 => "cortex-m4",
        10 => "cortex-m7",
        11 => "cortex-m33",
        _ => "a non-M-profile core",
    }
}

/// The page the host points LR at for [`crate::Emulator::call`]: reaching
/// it ends the run. Nothing on the supported boards lives there.
pub(crate) const TRAP_PAGE: u32 = 0x7fff_f000;
/// `bkpt #0xbe`, filling the trap page in case execution runs into it.
const TRAP_FILL: [u8; 2] = [0xbe, 0xbe];

/// Builds the engine: CPU model first (Unicorn ignores it after the first
/// mapping), then memory, peripherals and hooks.
pub(crate) fn build(t: &Target, layout: &Layout) -> Result<Engine, EmuError> {
    let (model, name) = cpu_model(t.cpu);
    let machine = Machine {
        counter: Counter::new(),
        uart: Uart::new(
            t.console.kind,
            t.console.base,
            layout.family.atomic_aliases(),
            // A board without a clock model has its UART set up by its boot
            // ROM or a debugger: the emulator cannot judge its line.
            (layout.family != Family::Generic).then_some(t.console.baud),
        ),
        scs: Scs::new(t.cpu),
        dwt: Dwt::default(),
        periph: Periph::new(layout.family, &t.clocks),
        ssi: Ssi::default(),
        gpio: Gpio::new(layout.family),
        stop: None,
        family: layout.family,
        flash: None,
        interrupt: None,
        stack_guard: None,
        flash_boundary: None,
        unmapped: None,
        exact_now: 0,
        exact_pc: 0,
        strict: false,
        clock_hz: t.clocks.sys_hz.max(1),
    };
    // Not Mode::MCLASS: with it Unicorn always builds a Cortex-M33.
    let mut uc = Unicorn::new_with_data(Arch::ARM, Mode::THUMB, machine)
        .map_err(EmuError::uc("open an ARM engine"))?;
    uc.ctl_set_cpu_model(model as i32)
        .map_err(EmuError::uc("select the CPU model"))?;

    for r in &layout.memory {
        let prot = if r.exec {
            Prot::ALL
        } else {
            Prot::READ | Prot::WRITE
        };
        for (at, size) in pieces(r) {
            uc.mem_map(at as u64, size as u64, prot)
                .map_err(EmuError::uc(format!("map {} at {:#x}", r.name, at)))?;
        }
    }
    if layout.memory.iter().any(|r| r.contains(TRAP_PAGE, 0x1000)) {
        return Err(EmuError::Layout {
            target: t.name.clone(),
            reason: format!("memory at {TRAP_PAGE:#x} collides with the emulator's return trap"),
        });
    }
    uc.mem_map(TRAP_PAGE as u64, 0x1000, Prot::READ | Prot::EXEC)
        .map_err(EmuError::uc("map the return trap"))?;
    uc.mem_write(TRAP_PAGE as u64, &TRAP_FILL.repeat(0x800))
        .map_err(EmuError::uc("fill the return trap"))?;
    if let Some(rom) = crate::flash::rom_image(layout.family) {
        if layout.memory.iter().any(|r| r.name == "bootrom") {
            uc.mem_write(crate::flash::ROM_BASE as u64, &rom)
                .map_err(EmuError::uc("fill the boot ROM"))?;
        }
    }

    for m in &layout.mmio {
        let (origin, device) = (m.origin, m.device);
        uc.mmio_map(
            origin as u64,
            m.size as u64,
            Some(move |uc: &mut Uc<'_>, off: u64, size: usize| {
                mmio_read(uc, device, origin.wrapping_add(off as u32), size)
            }),
            Some(move |uc: &mut Uc<'_>, off: u64, size: usize, value: u64| {
                mmio_write(uc, device, origin.wrapping_add(off as u32), size, value)
            }),
        )
        .map_err(EmuError::uc(format!(
            "map the {device:?} model at {origin:#x}"
        )))?;
    }
    // SCS and DWT read the exact instruction count, and the GPIO history
    // records it, which needs the PC of the accessing instruction. MMIO
    // callbacks see a stale PC, but permission hooks see the exact one, and
    // they fire on every access to an MMIO page without its permissions
    // (each access takes the slow path) without slowing any other memory
    // access.
    for m in &layout.mmio {
        if matches!(
            m.device,
            Device::Scs | Device::Dwt | Device::Gpio | Device::Periph | Device::Uart
        ) {
            uc.mem_protect(m.origin as u64, m.size as u64, Prot::NONE)
                .map_err(EmuError::uc(format!("protect the {:?} model", m.device)))?;
        }
    }
    let gpio = layout
        .mmio
        .iter()
        .filter(|m| matches!(m.device, Device::Gpio | Device::Periph | Device::Uart));
    for (origin, size) in [(DWT_BASE, SCS_BASE + 0x1000 - DWT_BASE)]
        .into_iter()
        .chain(gpio.map(|m| (m.origin, m.size)))
    {
        uc.add_mem_hook(
            HookType::MEM_READ_PROT | HookType::MEM_WRITE_PROT,
            origin as u64,
            origin as u64 + size as u64 - 1,
            hooks::on_counted_access,
        )
        .map_err(EmuError::uc("hook accesses that need the exact count"))?;
    }
    // Stores to read-only flash: the chip's flash model, or a boundary the
    // build set. Free until some flash is made read-only.
    for r in layout.memory.iter().filter(|r| r.name == "flash") {
        uc.add_mem_hook(
            HookType::MEM_WRITE_PROT,
            r.origin as u64,
            r.origin as u64 + r.size as u64 - 1,
            hooks::on_flash_store,
        )
        .map_err(EmuError::uc("hook stores to flash"))?;
    }
    // Stores to read-only RAM happen only in a stack guard; the hook costs
    // nothing until a guard is set (permission hooks fire only on pages
    // without the permission).
    for r in layout.memory.iter().filter(|r| r.name == "ram") {
        uc.add_mem_hook(
            HookType::MEM_WRITE_PROT,
            r.origin as u64,
            r.origin as u64 + r.size as u64 - 1,
            hooks::on_guard_store,
        )
        .map_err(EmuError::uc("hook stores into the stack guard"))?;
    }
    uc.add_block_hook(1, 0, hooks::on_block)
        .map_err(EmuError::uc("hook blocks"))?;
    uc.add_intr_hook(hooks::on_interrupt)
        .map_err(EmuError::uc("hook exceptions"))?;
    // The unmapped-access hook only covers the gaps between regions: Unicorn
    // takes every store to an address that any memory hook covers down its
    // slow path, which would make all RAM writes several times slower.
    let mut mapped: Vec<(u64, u64)> = layout
        .memory
        .iter()
        .map(|r| (r.origin as u64, r.size as u64))
        .chain(layout.mmio.iter().map(|m| (m.origin as u64, m.size as u64)))
        .chain([(TRAP_PAGE as u64, 0x1000)])
        .collect();
    mapped.sort();
    let mut from = 0u64;
    for (origin, size) in mapped.into_iter().chain([(1 << 32, 0)]) {
        if origin > from {
            uc.add_mem_hook(HookType::MEM_UNMAPPED, from, origin - 1, hooks::on_unmapped)
                .map_err(EmuError::uc("hook unmapped accesses"))?;
        }
        from = from.max(origin + size);
    }

    let got = uc
        .ctl_get_cpu_model()
        .map_err(EmuError::uc("query the CPU model"))?;
    if got != model as i32 {
        return Err(EmuError::CpuModel {
            wanted: name,
            got: model_name(got).to_string(),
        });
    }
    Ok(uc)
}

fn mmio_read(uc: &mut Uc<'_>, device: Device, addr: u32, size: usize) -> u64 {
    if refused(uc, addr) {
        return 0;
    }
    let m = uc.get_data_mut();
    // A block held in reset reads 0 (a strict machine stopped above).
    if m.periph.held_in_reset(addr) {
        return 0;
    }
    let reg = addr & !3;
    let word = match device {
        Device::Uart => {
            let clock = m.strict.then(|| m.periph.uart_clock(m.uart.base()));
            let word = match m.uart.read(addr, clock) {
                Ok(word) => word,
                Err(why) => {
                    peripheral_fault(uc, why);
                    return 0;
                }
            };
            if m.uart.console.starved && m.stop.is_none() {
                hooks::stop(uc, Stop::Starved);
            }
            return extract(word, addr, size);
        }
        Device::Scs => m.scs.read(reg - SCS_BASE, m.exact_now),
        Device::Dwt => m.dwt.read(reg - DWT_BASE, m.exact_now),
        Device::Periph => match m.flash.as_ref() {
            Some(f) if stm32_flash_controller(f, reg) => f.read_reg(reg - STM32_FLASH_IF),
            _ => {
                let word = m.periph.read(addr, m.exact_now);
                broken_rule(uc, addr);
                word
            }
        },
        Device::Ssi => m.ssi.read(reg - RP2040_SSI_BASE),
        Device::Gpio => m.gpio.read(addr, &m.periph),
    };
    extract(word, addr, size)
}

/// A strict machine keeps an access from a peripheral the chip would keep
/// it from (the model of the chip's resets and clocks says why): the access
/// reads 0 or writes nothing, and the run stops with the report, naming the
/// instruction that made it.
fn refused(uc: &mut Uc<'_>, addr: u32) -> bool {
    let m = uc.get_data();
    if !m.strict || m.stop.is_some() {
        return false;
    }
    let Some(why) = m.periph.refusal(addr) else {
        return false;
    };
    peripheral_fault(uc, format!("access to {addr:#010x}: {why}"));
    true
}

/// Stops the run with a [`FaultKind::Peripheral`] report at the
/// instruction making the access in progress.
fn peripheral_fault(uc: &mut Uc<'_>, why: String) {
    let pc = uc.get_data().exact_pc;
    hooks::stop(
        uc,
        Stop::Fault {
            kind: FaultKind::Peripheral(why),
            detail: None,
            pc,
        },
    );
}

/// A strict machine stops where an access broke a rule of the chip that
/// only the access's effect shows (a clock switched to a speed the flash
/// wait states do not allow): the model says which, the instruction that
/// made the access is named.
fn broken_rule(uc: &mut Uc<'_>, addr: u32) {
    let m = uc.get_data_mut();
    let Some(why) = m.periph.take_violation() else {
        return;
    };
    if m.strict && m.stop.is_none() {
        peripheral_fault(uc, format!("access to {addr:#010x}: {why}"));
    }
}

/// Whether `reg` is one of the STM32 FLASH controller's programming
/// registers, which the flash model answers once flash is the chip's.
/// FLASH_ACR (wait states, caches), the block's first register, stays
/// with the clock model that checks it against HCLK.
fn stm32_flash_controller(f: &FlashChip, reg: u32) -> bool {
    f.family == Family::Stm32F4 && reg & !0x3ff == STM32_FLASH_IF && reg != STM32_FLASH_IF
}

fn mmio_write(uc: &mut Uc<'_>, device: Device, addr: u32, size: usize, value: u64) {
    if refused(uc, addr) {
        return;
    }
    let m = uc.get_data_mut();
    // A block held in reset ignores writes (a strict machine stopped above).
    if m.periph.held_in_reset(addr) {
        return;
    }
    let reg = addr & !3;
    let request = match device {
        Device::Uart => {
            let merged = merge(m.uart.stored(addr), addr, size, value);
            let clock = m.strict.then(|| m.periph.uart_clock(m.uart.base()));
            if let Err(why) = m.uart.write(addr, merged, value as u8, clock) {
                return peripheral_fault(uc, why);
            }
            Request::None
        }
        Device::Scs => {
            let merged = merge(m.scs.stored(reg - SCS_BASE), addr, size, value);
            m.scs.write(reg - SCS_BASE, merged, m.exact_now)
        }
        Device::Dwt => {
            let merged = merge(m.dwt.read(reg - DWT_BASE, m.exact_now), addr, size, value);
            m.dwt.write(reg - DWT_BASE, merged, m.exact_now);
            Request::None
        }
        Device::Periph => {
            if let Some(f) = m.flash.as_mut() {
                if stm32_flash_controller(f, reg) {
                    let merged = merge(f.read_reg(reg - STM32_FLASH_IF), addr, size, value);
                    let op = f.write_reg(reg - STM32_FLASH_IF, merged);
                    return flash_op(uc, op);
                }
            }
            let merged = merge(m.periph.stored(addr), addr, size, value);
            m.periph.write(addr, merged, m.exact_now);
            m.reset_blocks();
            if m.strict {
                if let Some(why) = m.periph.stall() {
                    return peripheral_fault(uc, why);
                }
            }
            broken_rule(uc, addr);
            Request::None
        }
        Device::Ssi => {
            let merged = merge(m.ssi.stored(reg - RP2040_SSI_BASE), addr, size, value);
            m.ssi.write(reg - RP2040_SSI_BASE, merged);
            Request::None
        }
        Device::Gpio => {
            let merged = merge(m.gpio.stored(addr, &m.periph), addr, size, value);
            m.gpio.write(addr, merged, &m.periph, m.exact_now);
            Request::None
        }
    };
    if request == Request::Reset {
        let pc = hooks::pc(uc);
        hooks::stop(uc, Stop::Reset { pc });
    }
}

/// Carries out what a write to the STM32 FLASH interface asked for.
fn flash_op(uc: &mut Uc<'_>, op: FlashOp) {
    match op {
        FlashOp::None => {}
        FlashOp::Erase { addr, len } => {
            let _ = uc.mem_write(addr as u64, &vec![0xff; len as usize]);
        }
        FlashOp::BusFault(why) => {
            let pc = hooks::pc(uc);
            hooks::stop(
                uc,
                Stop::Fault {
                    kind: FaultKind::HardFault,
                    detail: Some(format!("bus fault: {why}")),
                    pc,
                },
            );
        }
    }
}
