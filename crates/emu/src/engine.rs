//! Puts the Unicorn engine for a target together: the CPU model first
//! (Unicorn ignores it after the first mapping), then memory in the pieces
//! the build protects, the return trap, the boot ROM, the device models and
//! the hooks, in that order.

use target::{Cpu, Target};
use unicorn_engine::unicorn_const::{Arch, HookType, MemType, Mode, Prot};
use unicorn_engine::{ArmCpuModel, Unicorn};

use crate::error::EmuError;
use crate::hooks;
use crate::layout::{Device, Layout, MemRegion};
use crate::machine::{Engine, Machine, Uc};
use crate::mmio::dwt::DWT_BASE;
use crate::mmio::scs::SCS_BASE;
use crate::rom;

/// The size of the pieces flash and RAM are mapped in; what the build
/// protects of them changes by whole pieces.
pub(crate) const MAP_GRAIN: u32 = 0x4000;
/// How much of flash is mapped in pieces: the part the build protects
/// (the image's start and standard image, a test run's dictionary).
const GRAINED_FLASH: u32 = 0x4_0000;

/// The page the host points LR at for [`crate::Emulator::call`]: reaching
/// it ends the run. Nothing on the supported boards lives there.
pub(crate) const TRAP_PAGE: u32 = 0x7fff_f000;
/// `bkpt #0xbe`, filling the trap page in case execution runs into it.
const TRAP_FILL: [u8; 2] = [0xbe, 0xbe];
const PAGE: u64 = 0x1000;

/// Builds the engine for `t` laid out as `layout`.
pub(crate) fn build(t: &Target, layout: &Layout) -> Result<Engine, EmuError> {
    let (model, name) = cpu_model(t.cpu);
    // Not Mode::MCLASS: with it Unicorn always builds a Cortex-M33.
    let mut uc = Unicorn::new_with_data(Arch::ARM, Mode::THUMB, Machine::new(t, layout.family))
        .map_err(EmuError::uc("open an ARM engine"))?;
    uc.ctl_set_cpu_model(model as i32)
        .map_err(EmuError::uc("select the CPU model"))?;
    map_memory(&mut uc, layout)?;
    map_trap(&mut uc, t, layout)?;
    fill_rom(&mut uc, layout)?;
    map_devices(&mut uc, layout)?;
    hook_exact_counts(&mut uc, layout)?;
    hook_protected_stores(&mut uc, layout)?;
    uc.add_block_hook(1, 0, hooks::block::on_block)
        .map_err(EmuError::uc("hook blocks"))?;
    uc.add_intr_hook(hooks::exception::on_interrupt)
        .map_err(EmuError::uc("hook exceptions"))?;
    hook_unmapped_gaps(&mut uc, layout)?;
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

/// Unicorn's model for a core, and its name for messages.
fn cpu_model(cpu: Cpu) -> (ArmCpuModel, &'static str) {
    match cpu {
        // Unicorn has no M0+; the M0 implements the same ARMv6-M instructions.
        Cpu::CortexM0Plus => (ArmCpuModel::CORTEX_M0, "cortex-m0"),
        Cpu::CortexM3 => (ArmCpuModel::CORTEX_M3, "cortex-m3"),
        Cpu::CortexM4 => (ArmCpuModel::CORTEX_M4, "cortex-m4"),
        Cpu::CortexM33 => (ArmCpuModel::CORTEX_M33, "cortex-m33"),
    }
}

/// The name of the CPU model Unicorn reports as `id`.
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

/// The pieces a memory region is mapped in, as (origin, size). Unicorn
/// changes the protection of part of a region by splitting it, which copies
/// all its memory: RAM and the start of flash are mapped in pieces of
/// [`MAP_GRAIN`] so the build's protection never splits one. Fewer pieces
/// elsewhere, since each one costs Unicorn time to map.
fn pieces(r: &MemRegion) -> Vec<(u32, u32)> {
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

fn map_memory(uc: &mut Engine, layout: &Layout) -> Result<(), EmuError> {
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
    Ok(())
}

/// The page [`crate::Emulator::call`] returns to, filled with breakpoints.
fn map_trap(uc: &mut Engine, t: &Target, layout: &Layout) -> Result<(), EmuError> {
    if layout.memory.iter().any(|r| r.contains(TRAP_PAGE, 0x1000)) {
        return Err(EmuError::Layout {
            target: t.name.clone(),
            reason: format!("memory at {TRAP_PAGE:#x} collides with the emulator's return trap"),
        });
    }
    uc.mem_map(TRAP_PAGE as u64, PAGE, Prot::READ | Prot::EXEC)
        .map_err(EmuError::uc("map the return trap"))?;
    uc.mem_write(TRAP_PAGE as u64, &TRAP_FILL.repeat(0x800))
        .map_err(EmuError::uc("fill the return trap"))
}

/// The RP boot ROM's contents, where the layout kept room for it.
fn fill_rom(uc: &mut Engine, layout: &Layout) -> Result<(), EmuError> {
    let Some(rom) = rom::image(layout.family) else {
        return Ok(());
    };
    if layout.memory.iter().any(|r| r.name == "bootrom") {
        uc.mem_write(rom::ROM_BASE as u64, &rom)
            .map_err(EmuError::uc("fill the boot ROM"))?;
    }
    Ok(())
}

/// Each device window, its accesses handed to `hooks::mmio` with the
/// device they are for.
fn map_devices(uc: &mut Engine, layout: &Layout) -> Result<(), EmuError> {
    for m in &layout.mmio {
        let (origin, device) = (m.origin, m.device);
        uc.mmio_map(
            origin as u64,
            m.size as u64,
            Some(move |uc: &mut Uc<'_>, off: u64, size: usize| {
                hooks::mmio::read(uc, device, origin.wrapping_add(off as u32), size)
            }),
            Some(move |uc: &mut Uc<'_>, off: u64, size: usize, value: u64| {
                hooks::mmio::write(uc, device, origin.wrapping_add(off as u32), size, value)
            }),
        )
        .map_err(EmuError::uc(format!(
            "map the {device:?} model at {origin:#x}"
        )))?;
    }
    Ok(())
}

/// SCS and DWT read the exact instruction count, and the GPIO history
/// records it, which needs the PC of the accessing instruction. MMIO
/// callbacks see a stale PC, but permission hooks see the exact one, and
/// they fire on every access to an MMIO page without its permissions (each
/// access takes the slow path) without slowing any other memory access.
fn hook_exact_counts(uc: &mut Engine, layout: &Layout) -> Result<(), EmuError> {
    for m in &layout.mmio {
        if matches!(
            m.device,
            Device::Scs | Device::Dwt | Device::Gpio | Device::Periph | Device::Uart
        ) {
            uc.mem_protect(m.origin as u64, m.size as u64, Prot::NONE)
                .map_err(EmuError::uc(format!("protect the {:?} model", m.device)))?;
        }
    }
    let counted = layout
        .mmio
        .iter()
        .filter(|m| matches!(m.device, Device::Gpio | Device::Periph | Device::Uart));
    for (origin, size) in [(DWT_BASE, SCS_BASE + 0x1000 - DWT_BASE)]
        .into_iter()
        .chain(counted.map(|m| (m.origin, m.size)))
    {
        uc.add_mem_hook(
            HookType::MEM_READ_PROT | HookType::MEM_WRITE_PROT,
            origin as u64,
            origin as u64 + size as u64 - 1,
            hooks::memory::on_counted_access,
        )
        .map_err(EmuError::uc("hook accesses that need the exact count"))?;
    }
    Ok(())
}

/// Stores to read-only flash (the chip's flash model, or a boundary the
/// build set) and to read-only RAM (a stack guard). Permission hooks fire
/// only on pages without the permission, so both cost nothing until the
/// build or the flash model protects something.
fn hook_protected_stores(uc: &mut Engine, layout: &Layout) -> Result<(), EmuError> {
    type OnStore = for<'a> fn(&mut Uc<'a>, MemType, u64, usize, i64) -> bool;
    let hooks: [(&str, OnStore, &'static str); 2] = [
        (
            "flash",
            hooks::memory::on_flash_store,
            "hook stores to flash",
        ),
        (
            "ram",
            hooks::memory::on_guard_store,
            "hook stores into the stack guard",
        ),
    ];
    for (name, on_store, what) in hooks {
        for r in layout.memory.iter().filter(|r| r.name == name) {
            let (start, end) = (r.origin as u64, r.origin as u64 + r.size as u64 - 1);
            uc.add_mem_hook(HookType::MEM_WRITE_PROT, start, end, on_store)
                .map_err(EmuError::uc(what))?;
        }
    }
    Ok(())
}

/// The unmapped-access hook only covers the gaps between regions: Unicorn
/// takes every store to an address that any memory hook covers down its
/// slow path, which would make all RAM writes several times slower.
fn hook_unmapped_gaps(uc: &mut Engine, layout: &Layout) -> Result<(), EmuError> {
    let mut mapped: Vec<(u64, u64)> = layout
        .memory
        .iter()
        .map(|r| (r.origin as u64, r.size as u64))
        .chain(layout.mmio.iter().map(|m| (m.origin as u64, m.size as u64)))
        .chain([(TRAP_PAGE as u64, PAGE)])
        .collect();
    mapped.sort();
    let mut from = 0u64;
    for (origin, size) in mapped.into_iter().chain([(1 << 32, 0)]) {
        if origin > from {
            uc.add_mem_hook(
                HookType::MEM_UNMAPPED,
                from,
                origin - 1,
                hooks::memory::on_unmapped,
            )
            .map_err(EmuError::uc("hook unmapped accesses"))?;
        }
        from = from.max(origin + size);
    }
    Ok(())
}
