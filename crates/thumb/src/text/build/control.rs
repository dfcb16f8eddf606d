//! Operands of branches: to labels, to registers, compare-and-branch and
//! table branches.

use super::operand::{imm_in, target};
use super::Labels;
use crate::insn::Operation as O;
use crate::insn::{Insn, Operation, ShiftKind};
use crate::text::cursor::{Cursor, PErr};

pub fn operands(op: Operation, cur: &mut Cursor, labels: &mut dyn Labels) -> Result<Insn, PErr> {
    Ok(match op {
        O::B => Insn::B(target(cur, labels)?),
        O::Bl => Insn::Bl(target(cur, labels)?),
        O::Bx => Insn::Bx(cur.reg()?),
        O::Blx => Insn::Blx(cur.reg()?),
        O::Cbz { nonzero } => {
            let rn = cur.reg()?;
            cur.comma()?;
            Insn::Cbz {
                nonzero,
                rn,
                target: target(cur, labels)?,
            }
        }
        O::Tb { half } => table_branch(half, cur)?,
        _ => unreachable!("not a branch mnemonic"),
    })
}

/// `tbb [rn, rm]` or `tbh [rn, rm, lsl #1]`.
fn table_branch(half: bool, cur: &mut Cursor) -> Result<Insn, PErr> {
    cur.expect('[', "`[`")?;
    let rn = cur.reg()?;
    cur.comma()?;
    let rm = cur.reg()?;
    if half && cur.eat(',') {
        if cur.try_shift_kind() != Some(ShiftKind::Lsl) {
            return cur.err("`lsl #1`");
        }
        imm_in(cur, 1, 1)?;
    }
    cur.expect(']', "`]`")?;
    Ok(Insn::Tb { half, rn, rm })
}
