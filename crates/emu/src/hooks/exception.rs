//! The interrupt hook: the synchronous exceptions the CPU model raises.
//! Unicorn delivers none to the guest, so each becomes a fault report,
//! except the `bkpt`s the host answers: semihosting calls and the RP boot
//! ROM's function stubs.

use unicorn_engine::RegisterARM;

use crate::fault::FaultKind;
use crate::hooks::rom_call::rom_call;
use crate::machine::{pc, stop, Stop, Uc};
use crate::rom::RomFn;
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

fn halfword(uc: &Uc<'_>, addr: u32) -> Option<u16> {
    let b = uc.mem_read_as_vec(addr as u64, 2).ok()?;
    Some(u16::from_le_bytes([b[0], b[1]]))
}

/// Synchronous exceptions. Unicorn delivers none to the guest; execution
/// would resume at the PC, so every case either moves the PC on or stops.
pub(crate) fn on_interrupt(uc: &mut Uc<'_>, intno: u32) {
    let pc = pc(uc);
    let why = match intno {
        EXCP_BKPT => {
            let imm = halfword(uc, pc).unwrap_or(0) as u8;
            if imm == BKPT_SEMIHOST {
                return semihosting(uc, pc);
            }
            if let Some(f) = RomFn::from_trap(imm).filter(|_| pc < 0x1_0000) {
                return rom_call(uc, f, pc);
            }
            Stop::fault(FaultKind::Breakpoint(imm), None, pc)
        }
        EXCP_SWI => {
            let at = pc.wrapping_sub(2);
            let imm = halfword(uc, at).unwrap_or(0) as u8;
            Stop::fault(FaultKind::Svc(imm), None, at)
        }
        other => {
            let (kind, detail) = cpu_fault(other);
            Stop::fault(kind, detail.map(str::to_string), pc)
        }
    };
    stop(uc, why);
}

/// What an exception other than BKPT and SVC means, as a report says it.
fn cpu_fault(intno: u32) -> (FaultKind, Option<&'static str>) {
    let hard = |why| (FaultKind::HardFault, Some(why));
    match intno {
        EXCP_EXCEPTION_EXIT => hard(
            "branch to an EXC_RETURN value outside an exception handler (did the reset handler return?)",
        ),
        EXCP_INVSTATE => hard("INVSTATE: execution in ARM state; a branch target had bit 0 clear"),
        EXCP_UNALIGNED => hard("unaligned access"),
        EXCP_STKOF => hard("stack limit overflow (STKOF)"),
        EXCP_DATA_ABORT => hard("bus fault on a data access"),
        EXCP_PREFETCH_ABORT => hard("bus fault on an instruction fetch"),
        EXCP_NOCP => (
            FaultKind::UndefinedInstruction,
            Some("NOCP: coprocessor (FPU) instruction with the coprocessor absent or disabled"),
        ),
        other => (
            FaultKind::Other(format!("exception {other} from the CPU model")),
            None,
        ),
    }
}

/// `bkpt 0xab` at `pc`: perform the call, then continue after the `bkpt` or
/// end the run. The `bkpt` ended its block, so the block count already
/// includes it.
fn semihosting(uc: &mut Uc<'_>, pc: u32) {
    if !uc.get_data().scs.debugger {
        let why = "bkpt #0xab (semihosting) with no debugger attached: on a board on its own \
                   a BKPT is a HardFault";
        stop(uc, Stop::fault(FaultKind::HardFault, Some(why.into()), pc));
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
        Outcome::Unsupported(op) => {
            let kind = FaultKind::Other(format!("unsupported semihosting operation {op:#x}"));
            stop(uc, Stop::fault(kind, None, pc));
        }
    }
}
