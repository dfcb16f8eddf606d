//! Memory hooks: the exact count for devices that read it, unmapped
//! accesses noted for the fault report, and stores to pages the build or
//! the flash model made read-only (flash below the boundary, the chip's
//! flash, the stack guard).

use unicorn_engine::unicorn_const::{HookType, MemType};

use crate::fault::FaultKind;
use crate::machine::{count_at, pc, stop, BelowBoundary, Stop, Uc};

/// An access to a device page that needs the exact count (SCS, DWT, GPIO,
/// the peripherals, the UART), just before the MMIO callback runs: the PC
/// is exact here, so record the exact count for the device models.
pub(crate) fn on_counted_access(
    uc: &mut Uc<'_>,
    _kind: MemType,
    _addr: u64,
    _size: usize,
    _value: i64,
) -> bool {
    let pc = pc(uc);
    let now = count_at(uc, pc);
    let m = uc.get_data_mut();
    m.exact_now = now;
    m.exact_pc = pc;
    true
}

pub(crate) fn on_unmapped(
    uc: &mut Uc<'_>,
    kind: MemType,
    addr: u64,
    _size: usize,
    _v: i64,
) -> bool {
    let kind = match kind {
        MemType::WRITE_UNMAPPED => HookType::MEM_WRITE_UNMAPPED,
        MemType::FETCH_UNMAPPED => HookType::MEM_FETCH_UNMAPPED,
        _ => HookType::MEM_READ_UNMAPPED,
    };
    uc.get_data_mut().unmapped = Some((kind, addr as u32));
    false
}

/// Puts the real result of the stores to flash since the last block in place.
pub(crate) fn settle_flash(uc: &mut Uc<'_>) {
    let Some(f) = uc.get_data_mut().flash.as_mut() else {
        return;
    };
    let pending = std::mem::take(&mut f.pending);
    for p in pending {
        let _ = uc.mem_write(p.addr as u64, &p.settled);
    }
}

/// A store into flash, just before it happens (flash is mapped without
/// write permission once it behaves as the chip's).
pub(crate) fn on_flash_store(
    uc: &mut Uc<'_>,
    _kind: MemType,
    addr: u64,
    size: usize,
    value: i64,
) -> bool {
    let addr = addr as u32;
    match uc.get_data().flash_boundary {
        // The growing dictionary: plain memory.
        Some((boundary, _)) if addr >= boundary => return store_through(uc, addr, size, value),
        Some((_, BelowBoundary::Refuse)) => {
            let pc = pc(uc);
            stop(uc, Stop::fault(FaultKind::ProtectedStore(addr), None, pc));
            return false;
        }
        _ => {}
    }
    let old = uc.mem_read_as_vec(addr as u64, size).unwrap_or_default();
    let Some(f) = uc.get_data_mut().flash.as_mut() else {
        return false;
    };
    if let Err(why) = f.store(addr, size, value as u64, &old) {
        let pc = pc(uc);
        stop(uc, Stop::fault(FaultKind::HardFault, Some(why), pc));
    }
    true
}

/// A store to a read-only page of RAM: a stack ran into the guard band.
pub(crate) fn on_guard_store(
    uc: &mut Uc<'_>,
    _kind: MemType,
    addr: u64,
    size: usize,
    value: i64,
) -> bool {
    let addr = addr as u32;
    let Some(guard) = uc.get_data().stack_guard else {
        return false;
    };
    if !(guard.start..guard.end).contains(&addr) {
        return false;
    }
    // RAM the program allotted since the guard was set is its own, for as
    // long as the page stays guarded.
    let ram_dp = uc
        .mem_read_as_vec(guard.ram_dp_cell as u64, 4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .unwrap_or(0);
    if addr < ram_dp {
        return store_through(uc, addr, size, value);
    }
    let pc = pc(uc);
    stop(uc, Stop::fault(FaultKind::StackGuard(addr), None, pc));
    false
}

/// Makes a store to a protected page that is allowed after all. Unicorn
/// drops a store whose protection hook handled it, so the hook makes it.
fn store_through(uc: &mut Uc<'_>, addr: u32, size: usize, value: i64) -> bool {
    let bytes = (value as u64).to_le_bytes();
    uc.mem_write(addr as u64, &bytes[..size.min(8)]).is_ok()
}
