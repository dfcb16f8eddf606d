//! Branches, compare-and-branch, table branches and IT blocks.

use super::{no_sp_pc, Cx, Encoded};
use crate::cond::Cond;
use crate::error::Error;
use crate::insn::{Insn, ItPattern, Width};
use crate::reg::Reg;

pub(super) fn encode(cx: &Cx) -> Result<Encoded, Error> {
    match cx.inst.insn {
        Insn::B(_) => branch(cx),
        Insn::Bl(_) => {
            let off = offset(cx);
            in_range(off, 24, "bl")?;
            cx.wide_v6m(0xF000_D000 | wide_offset(off))
        }
        Insn::Bx(rm) => cx.narrow_only(0x4700 | rm.n() << 3),
        Insn::Blx(rm) => {
            if rm == Reg::PC {
                return Err(Error::operand("blx cannot branch to pc"));
            }
            cx.narrow_only(0x4780 | rm.n() << 3)
        }
        Insn::Cbz { nonzero, rn, .. } => {
            cx.need_thumb2()?;
            if !rn.is_low() {
                return Err(Error::operand("cbz/cbnz need a low register (r0-r7)"));
            }
            let off = offset(cx);
            if off == -2 {
                // A branch to the next instruction falls through either way:
                // GNU as emits a nop.
                return cx.narrow_only(0xBF00);
            }
            if !(0..=126).contains(&off) || off % 2 != 0 {
                return Err(Error::range(format!(
                    "cbz/cbnz target is {off} bytes away; it must be 0..126 bytes forward"
                )));
            }
            let off = off as u32;
            let base = if nonzero { 0xB900 } else { 0xB100 };
            cx.narrow_only(base | (off >> 6) << 9 | ((off >> 1) & 31) << 3 | rn.n())
        }
        Insn::Tb { half, rn, rm } => {
            cx.need_thumb2()?;
            if rn == Reg::SP {
                return Err(Error::operand("sp cannot be the table base"));
            }
            let m = no_sp_pc(rm, "the table index")?;
            cx.wide(0xE8D0_F000 | rn.n() << 16 | (half as u32) << 4 | m)
        }
        Insn::It { first, pattern } => it(cx, first, pattern),
        _ => unreachable!("not a control instruction"),
    }
}

/// Bytes from the branch's PC (its address plus 4) to the target.
fn offset(cx: &Cx) -> i32 {
    let pc = cx.env.pc.wrapping_add(4);
    cx.env.target.unwrap_or(pc).wrapping_sub(pc) as i32
}

fn in_range(off: i32, bits: u32, what: &str) -> Result<(), Error> {
    let lim = 1i64 << bits;
    if (off as i64) < -lim || off as i64 >= lim || off % 2 != 0 {
        return Err(Error::range(format!(
            "{what} target is {off} bytes away, beyond +/-{lim}"
        )));
    }
    Ok(())
}

/// The S:I1:I2:imm10:imm11 fields of B.W/BL (the J bits inverted as the ISA wants).
fn wide_offset(off: i32) -> u32 {
    let v = off as u32;
    let s = (v >> 24) & 1;
    let i1 = (v >> 23) & 1;
    let i2 = (v >> 22) & 1;
    let j1 = (!(i1 ^ s)) & 1;
    let j2 = (!(i2 ^ s)) & 1;
    s << 26 | ((v >> 12) & 0x3ff) << 16 | j1 << 13 | j2 << 11 | ((v >> 1) & 0x7ff)
}

fn branch(cx: &Cx) -> Result<Encoded, Error> {
    let off = offset(cx);
    let cond = if cx.env.in_it { Cond::Al } else { cx.inst.cond };
    let (narrow_bits, narrow) = if cond == Cond::Al {
        (11, 0xE000 | ((off as u32 >> 1) & 0x7ff))
    } else {
        (8, 0xD000 | cond.bits() << 8 | ((off as u32 >> 1) & 0xff))
    };
    let narrow_ok = in_range(off, narrow_bits, "b").is_ok();
    if narrow_ok && cx.width != Width::Wide && cx.env.size != Some(4) {
        return Ok(Encoded::half(narrow));
    }
    if cx.width == Width::Narrow || cx.env.size == Some(2) {
        return Err(Error::range(format!(
            "branch target is {off} bytes away, beyond the 16-bit form's reach"
        )));
    }
    if cond == Cond::Al {
        in_range(off, 24, "b")?;
        cx.wide(0xF000_9000 | wide_offset(off))
    } else {
        in_range(off, 20, "b")?;
        let v = off as u32;
        let fields = ((v >> 20) & 1) << 26
            | cond.bits() << 22
            | ((v >> 12) & 0x3f) << 16
            | ((v >> 18) & 1) << 13
            | ((v >> 19) & 1) << 11
            | ((v >> 1) & 0x7ff);
        cx.wide(0xF000_8000 | fields)
    }
}

fn it(cx: &Cx, first: Cond, pattern: ItPattern) -> Result<Encoded, Error> {
    cx.need_thumb2()?;
    if first == Cond::Al && pattern.elses != 0 {
        return Err(Error::operand("an IT block on `al` cannot have else slots"));
    }
    let c0 = first.bits() & 1;
    let mut mask = 0u32;
    for i in 1..pattern.len {
        let is_else = (pattern.elses >> (i - 1)) & 1;
        mask |= (c0 ^ is_else as u32) << (4 - i);
    }
    mask |= 1 << (4 - pattern.len);
    cx.narrow_only(0xBF00 | first.bits() << 4 | mask)
}
