//! The RP boot ROM's functions, entered at their stubs' `bkpt`: the host
//! does what the ROM function does to flash (through the flash model's
//! state: XIP on or off) and goes on to the stub's `bx lr`.

use unicorn_engine::RegisterARM;

use crate::fault::FaultKind;
use crate::machine::{stop, Stop, Uc};
use crate::rom::{self, RomFn, RP_PAGE, RP_SECTOR};

fn reg(uc: &Uc<'_>, r: RegisterARM) -> u32 {
    uc.reg_read(r).unwrap_or(0) as u32
}

/// Calls `f` with the arguments in r0..r2, then returns to the stub's
/// `bx lr` with its result, if any, in r0. A call the ROM would not have
/// done what it was asked stops the run, naming the rule.
pub(crate) fn rom_call(uc: &mut Uc<'_>, f: RomFn, pc: u32) {
    let args = [RegisterARM::R0, RegisterARM::R1, RegisterARM::R2].map(|r| reg(uc, r));
    let result = match f {
        RomFn::Lookup => Ok(Some(rom::lookup(uc.get_data().family, args[0], args[1]))),
        RomFn::ConnectInternalFlash | RomFn::FlushCache => Ok(None),
        RomFn::ExitXip | RomFn::EnterCmdXip => {
            if let Some(fl) = uc.get_data_mut().flash.as_mut() {
                fl.xip = f == RomFn::EnterCmdXip;
            }
            Ok(None)
        }
        RomFn::RangeErase | RomFn::RangeProgram => flash_range(uc, f, args).map(|()| None),
    };
    match result {
        Ok(r0) => {
            if let Some(v) = r0 {
                let _ = uc.reg_write(RegisterARM::R0, v as u64);
            }
            let _ = uc.reg_write(RegisterARM::PC, (pc + 2) as u64 | 1);
        }
        Err(why) => stop(uc, Stop::fault(FaultKind::Other(why), None, pc)),
    }
}

/// `flash_range_erase(offset, count, ...)` or
/// `flash_range_program(offset, data, count)`: whole sectors or pages of
/// flash, with XIP off, programmed from data outside flash.
fn flash_range(uc: &mut Uc<'_>, f: RomFn, [r0, r1, r2]: [u32; 3]) -> Result<(), String> {
    let Some(fl) = uc.get_data().flash.as_ref() else {
        return Err(format!("{f:?}: this run's flash is plain memory"));
    };
    let (origin, size, xip) = (fl.origin, fl.size, fl.xip);
    let (unit, count) = match f {
        RomFn::RangeErase => (RP_SECTOR, r1),
        _ => (RP_PAGE, r2),
    };
    let name = f.name();
    if xip {
        return Err(format!("{name} with XIP on: call flash_exit_xip first"));
    }
    if r0 % unit != 0 || count % unit != 0 || r0 as u64 + count as u64 > size as u64 {
        return Err(format!(
            "{name}({r0:#x}, ..., {count:#x}): the offset and count must be multiples \
             of {unit} inside the {size:#x}-byte flash"
        ));
    }
    let at = (origin + r0) as u64;
    let bytes = if f == RomFn::RangeErase {
        vec![0xff; count as usize]
    } else {
        if r1.wrapping_sub(origin) < size {
            return Err(format!(
                "{name} from data in flash ({r1:#010x}) with XIP off"
            ));
        }
        let (Ok(data), Ok(old)) = (
            uc.mem_read_as_vec(r1 as u64, count as usize),
            uc.mem_read_as_vec(at, count as usize),
        ) else {
            return Err(format!("{name}: the data at {r1:#010x} is not in memory"));
        };
        // Programming only clears bits.
        old.iter().zip(&data).map(|(o, d)| o & d).collect()
    };
    let _ = uc.mem_write(at, &bytes);
    Ok(())
}
