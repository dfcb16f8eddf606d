//! Operands of the DSP extension: the table-driven instructions, pack and
//! 16-bit saturate.

use super::operand::{imm_in, regs, rotation};
use crate::cond::Cond;
use crate::insn::Operation as O;
use crate::insn::{DspOp, Insn, Instruction, Operation, ShiftKind, Width};
use crate::reg::Reg;
use crate::text::cursor::{Cursor, PErr};

/// A DSP instruction of the table: registers as its layout says, then an
/// optional `ror #n`.
pub fn build_dsp(op: DspOp, cond: Cond, cur: &mut Cursor) -> Result<Instruction, PErr> {
    let mut regs = [Reg::R0; 4];
    for (i, slot) in regs.iter_mut().take(op.form().registers()).enumerate() {
        if i > 0 {
            cur.comma()?;
        }
        *slot = cur.reg()?;
    }
    let rotate = if op.form().rotates() {
        rotation(cur)?
    } else {
        0
    };
    cur.end()?;
    Ok(Instruction {
        insn: Insn::Dsp {
            op,
            regs,
            rotate: rotate as u8,
        },
        cond,
        width: Width::Auto,
    })
}

pub fn operands(op: Operation, cur: &mut Cursor) -> Result<Insn, PErr> {
    Ok(match op {
        O::Pkh { tb } => pack(tb, cur)?,
        O::Sat16 { unsigned } => {
            let rd = cur.reg()?;
            cur.comma()?;
            let sat = imm_in(cur, 0, 16)? as u8;
            cur.comma()?;
            Insn::Sat16 {
                unsigned,
                rd,
                sat,
                rn: cur.reg()?,
            }
        }
        _ => unreachable!("not a DSP mnemonic"),
    })
}

/// `pkhbt rd, rn, rm{, lsl #0-31}` or `pkhtb rd, rn, rm{, asr #1-32}`.
fn pack(tb: bool, cur: &mut Cursor) -> Result<Insn, PErr> {
    let [rd, rn, rm] = regs(cur)?;
    let mut shift = 0;
    if cur.eat(',') {
        let col = cur.col();
        let kind = cur.try_shift_kind();
        let want = if tb { ShiftKind::Asr } else { ShiftKind::Lsl };
        if kind != Some(want) {
            return Err((col, format!("expected `{}`", want.name())));
        }
        let (lo, hi) = if tb { (1, 32) } else { (0, 31) };
        shift = imm_in(cur, lo, hi)? as u8;
    }
    Ok(Insn::Pkh {
        tb,
        rd,
        rn,
        rm,
        shift,
    })
}
