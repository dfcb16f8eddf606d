//! Unicorn hooks: counting blocks, enforcing the budget, semihosting and
//! exceptions, and noting unmapped accesses.

use unicorn_engine::unicorn_const::{HookType, MemType};
use unicorn_engine::RegisterARM;

use crate::count::{count_insns, Block};
use crate::fault::FaultKind;
use std::sync::atomic::Ordering;

use crate::flash::{rom_lookup, RomFn, RP_PAGE, RP_SECTOR};
use crate::machine::{BelowBoundary, Stop, Uc};
use crate::semihost::{self, Env, Outcome, BKPT_SEMIHOST};

// QEMU's exception numbers as Unicorn reports them to interrupt hooks.
const EXCP_SWI: u32 = 2;
const EXCP_PREFETCH_ABORT: u32 = 3;
const EXCP_DATA_ABORT: u32 = 4;
const EXCP_BKPT: u32 = 7;
const EXCP_EXCEPTION_EXIT: u32 = 8;
const EXCP_NOCP: u32 = 17;
const EXCP_INVSTATE: u32 = 18;
const EXCP_STKOF: u32 = 19;
const EXCP_UNALIGNED: u32 = 22;

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

/// Every translated block, on entry: count it, or stop before it if it
/// would overrun the budget. Stopping from a block hook takes effect before
/// the block's first instruction (Unicorn checks for a stop request right
/// after the hook), so a budget stop leaves exactly `executed` instructions
/// done and the PC at the block.
pub(crate) fn on_block(uc: &mut Uc<'_>, addr: u64, size: u32) {
    let addr = addr as u32;
    let m = uc.get_data();
    if m.counter.stopping {
        return;
    }
    if let Some(f) = &m.flash {
        if !f.pending.is_empty() {
            settle_flash(uc);
        }
        let f = uc.get_data().flash.as_ref();
        if f.is_some_and(|f| !f.xip && f.contains(addr)) {
            let why = format!(
                "instruction fetch from flash at {addr:#010x} with XIP off (after flash_exit_xip): \
                 code that erases or programs flash must run from RAM"
            );
            stop(uc, fault_stop(FaultKind::HardFault, Some(why), addr));
            return;
        }
    }
    let m = uc.get_data();
    if m.interrupt
        .as_ref()
        .is_some_and(|f| f.load(Ordering::Relaxed))
    {
        stop(uc, Stop::Interrupted);
        return;
    }
    let counter = &uc.get_data().counter;
    let n = match counter.cached(addr, size) {
        Some(n) => n,
        None => {
            let n = uc
                .mem_read_as_vec(addr as u64, size as usize)
                .map(|code| count_insns(&code))
                .unwrap_or(0);
            uc.get_data_mut().counter.remember(addr, size, n);
            n
        }
    };
    let c = &mut uc.get_data_mut().counter;
    if c.executed + n as u64 > c.limit {
        c.current = None;
        stop(uc, Stop::Budget);
        return;
    }
    c.current = Some(Block {
        addr,
        size,
        before: c.executed,
    });
    c.executed += n as u64;
}

/// An access to the SCS or DWT page, just before the MMIO callback runs:
/// the PC is exact here, so record the exact count for the device models.
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

fn halfword(uc: &Uc<'_>, addr: u32) -> Option<u16> {
    let b = uc.mem_read_as_vec(addr as u64, 2).ok()?;
    Some(u16::from_le_bytes([b[0], b[1]]))
}

/// Synchronous exceptions. Unicorn delivers none to the guest; execution
/// would resume at the PC, so every case either moves the PC on or stops.
pub(crate) fn on_interrupt(uc: &mut Uc<'_>, intno: u32) {
    let pc = pc(uc);
    let fault = |kind: FaultKind, detail: Option<&str>, pc: u32| Stop::Fault {
        kind,
        detail: detail.map(str::to_string),
        pc,
    };
    let why = match intno {
        EXCP_BKPT => {
            let imm = halfword(uc, pc).unwrap_or(0) as u8;
            if imm == BKPT_SEMIHOST {
                return semihosting(uc, pc);
            }
            if let Some(f) = RomFn::from_trap(imm).filter(|_| pc < 0x1_0000) {
                return rom_call(uc, f, pc);
            }
            fault(FaultKind::Breakpoint(imm), None, pc)
        }
        EXCP_SWI => {
            let at = pc.wrapping_sub(2);
            let imm = halfword(uc, at).unwrap_or(0) as u8;
            fault(FaultKind::Svc(imm), None, at)
        }
        EXCP_EXCEPTION_EXIT => fault(
            FaultKind::HardFault,
            Some("branch to an EXC_RETURN value outside an exception handler (did the reset handler return?)"),
            pc,
        ),
        EXCP_INVSTATE => fault(
            FaultKind::HardFault,
            Some("INVSTATE: execution in ARM state; a branch target had bit 0 clear"),
            pc,
        ),
        EXCP_UNALIGNED => fault(FaultKind::HardFault, Some("unaligned access"), pc),
        EXCP_STKOF => fault(FaultKind::HardFault, Some("stack limit overflow (STKOF)"), pc),
        EXCP_DATA_ABORT => fault(FaultKind::HardFault, Some("bus fault on a data access"), pc),
        EXCP_PREFETCH_ABORT => {
            fault(FaultKind::HardFault, Some("bus fault on an instruction fetch"), pc)
        }
        EXCP_NOCP => fault(
            FaultKind::UndefinedInstruction,
            Some("NOCP: coprocessor (FPU) instruction with the coprocessor absent or disabled"),
            pc,
        ),
        other => fault(FaultKind::Other(format!("exception {other} from the CPU model")), None, pc),
    };
    stop(uc, why);
}

/// `bkpt 0xab` at `pc`: perform the call, then continue after the `bkpt` or
/// end the run. The `bkpt` ended its block, so the block count already
/// includes it.
fn semihosting(uc: &mut Uc<'_>, pc: u32) {
    if !uc.get_data().scs.debugger {
        let why = "bkpt #0xab (semihosting) with no debugger attached: on a board on its own \
                   a BKPT is a HardFault";
        stop(uc, fault_stop(FaultKind::HardFault, Some(why.into()), pc));
        return;
    }
    let op = uc.reg_read(RegisterARM::R0).unwrap_or(0) as u32;
    let param = uc.reg_read(RegisterARM::R1).unwrap_or(0) as u32;
    let m = uc.get_data_mut();
    m.counter.current = None;
    let mut console = std::mem::take(&mut m.uart.console);
    let (executed, clock_hz) = (m.counter.executed, m.clock_hz);
    let outcome = {
        let read = |addr: u32, len: usize| uc.mem_read_as_vec(addr as u64, len).ok();
        let mut env = Env {
            read: &read,
            console: &mut console,
            executed,
            clock_hz,
        };
        semihost::call(&mut env, op, param)
    };
    uc.get_data_mut().uart.console = console;
    match outcome {
        Outcome::Return(r0) => {
            let _ = uc.reg_write(RegisterARM::R0, r0 as u64);
            let _ = uc.reg_write(RegisterARM::PC, (pc + 2) as u64 | 1);
        }
        Outcome::Exit(status) => stop(uc, Stop::Exit(status)),
        Outcome::Unsupported(op) => stop(
            uc,
            Stop::Fault {
                kind: FaultKind::Other(format!("unsupported semihosting operation {op:#x}")),
                detail: None,
                pc,
            },
        ),
    }
}

fn fault_stop(kind: FaultKind, detail: Option<String>, pc: u32) -> Stop {
    Stop::Fault { kind, detail, pc }
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
        Some((boundary, _)) if addr >= boundary => {
            // The growing dictionary: plain memory. Unicorn drops a store
            // whose protection hook handled it, so the hook makes it.
            let bytes = (value as u64).to_le_bytes();
            return uc.mem_write(addr as u64, &bytes[..size.min(8)]).is_ok();
        }
        Some((_, BelowBoundary::Refuse)) => {
            let pc = pc(uc);
            stop(uc, fault_stop(FaultKind::ProtectedStore(addr), None, pc));
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
        stop(uc, fault_stop(FaultKind::HardFault, Some(why), pc));
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
    // RAM the program allotted since the guard was set is its own: the
    // hook makes the store itself (Unicorn drops a store whose protection
    // hook handled it), for as long as the page stays guarded.
    let ram_dp = uc
        .mem_read_as_vec(guard.ram_dp_cell as u64, 4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .unwrap_or(0);
    if addr < ram_dp {
        let bytes = (value as u64).to_le_bytes();
        return uc.mem_write(addr as u64, &bytes[..size.min(8)]).is_ok();
    }
    let pc = pc(uc);
    stop(uc, fault_stop(FaultKind::StackGuard(addr), None, pc));
    false
}

fn reg(uc: &Uc<'_>, r: RegisterARM) -> u32 {
    uc.reg_read(r).unwrap_or(0) as u32
}

/// A boot ROM function, entered at its stub's `bkpt`: does what the RP
/// boot ROM's function does, then goes on to the stub's `bx lr`.
fn rom_call(uc: &mut Uc<'_>, f: RomFn, pc: u32) {
    let (r0, r1, r2) = (
        reg(uc, RegisterARM::R0),
        reg(uc, RegisterARM::R1),
        reg(uc, RegisterARM::R2),
    );
    let family = uc.get_data().family;
    let fail = |uc: &mut Uc<'_>, why: String| {
        stop(uc, fault_stop(FaultKind::Other(why), None, pc));
    };
    let result = match f {
        RomFn::Lookup => {
            // RP2040: lookup(table, code); RP2350: lookup_val(code, mask).
            let v = match family {
                crate::board::Family::Rp2040 => rom_lookup(family, r0, r1, 0),
                _ => rom_lookup(family, 0, r0, r1),
            };
            Some(v)
        }
        RomFn::ConnectInternalFlash | RomFn::FlushCache => None,
        RomFn::ExitXip | RomFn::EnterCmdXip => {
            if let Some(fl) = uc.get_data_mut().flash.as_mut() {
                fl.xip = f == RomFn::EnterCmdXip;
            }
            None
        }
        RomFn::RangeErase | RomFn::RangeProgram => {
            let Some(fl) = uc.get_data().flash.as_ref() else {
                return fail(uc, format!("{f:?}: this run's flash is plain memory"));
            };
            let (origin, size, xip) = (fl.origin, fl.size, fl.xip);
            let (unit, count) = match f {
                RomFn::RangeErase => (RP_SECTOR, r1),
                _ => (RP_PAGE, r2),
            };
            let name = if f == RomFn::RangeErase {
                "flash_range_erase"
            } else {
                "flash_range_program"
            };
            if xip {
                return fail(uc, format!("{name} with XIP on: call flash_exit_xip first"));
            }
            if r0 % unit != 0 || count % unit != 0 || r0 as u64 + count as u64 > size as u64 {
                return fail(
                    uc,
                    format!(
                        "{name}({r0:#x}, ..., {count:#x}): the offset and count must be multiples \
                         of {unit} inside the {size:#x}-byte flash"
                    ),
                );
            }
            let at = (origin + r0) as u64;
            let bytes = if f == RomFn::RangeErase {
                vec![0xff; count as usize]
            } else {
                if r1.wrapping_sub(origin) < size {
                    return fail(
                        uc,
                        format!("{name} from data in flash ({r1:#010x}) with XIP off"),
                    );
                }
                let (Ok(data), Ok(old)) = (
                    uc.mem_read_as_vec(r1 as u64, count as usize),
                    uc.mem_read_as_vec(at, count as usize),
                ) else {
                    return fail(
                        uc,
                        format!("{name}: the data at {r1:#010x} is not in memory"),
                    );
                };
                old.iter().zip(&data).map(|(o, d)| o & d).collect()
            };
            let _ = uc.mem_write(at, &bytes);
            None
        }
    };
    if let Some(v) = result {
        let _ = uc.reg_write(RegisterARM::R0, v as u64);
    }
    let _ = uc.reg_write(RegisterARM::PC, (pc + 2) as u64 | 1);
}
