//! Operands of data processing: arithmetic and logic, moves, compares,
//! shifts, multiplies, divides, bit fields, byte order and saturation.

use super::operand::{imm_in, imm_or_deferred, op2, regs, rotation, shifted_reg};
use super::Labels;
use crate::insn::Operation as O;
use crate::insn::{DpOp, Insn, MovOp, Op2, Operation, ShiftBy, ShiftKind, ShiftOp, Shifted};
use crate::reg::Reg;
use crate::text::cursor::{Cursor, PErr};

pub fn operands(
    op: Operation,
    s: bool,
    cur: &mut Cursor,
    labels: &mut dyn Labels,
) -> Result<Insn, PErr> {
    Ok(match op {
        O::Dp(op) => dp(op, s, cur, labels)?,
        O::Neg => {
            let [rd, rm] = regs(cur)?;
            Insn::Dp {
                op: DpOp::Rsb,
                s,
                rd,
                rn: rm,
                op2: Op2::Imm(0),
            }
        }
        O::AddW { sub } => {
            let [rd, rn] = regs(cur)?;
            cur.comma()?;
            let imm = imm_in(cur, -4095, 4095)? as u32;
            Insn::AddW { sub, rd, rn, imm }
        }
        O::Mov(op) => mov(op, s, cur, labels)?,
        O::MovW { top } => {
            let rd = cur.reg()?;
            cur.comma()?;
            let imm = imm_in(cur, 0, 0xffff)? as u16;
            Insn::MovW { top, rd, imm }
        }
        O::Cmp(op) => {
            let rn = cur.reg()?;
            cur.comma()?;
            Insn::Cmp {
                op,
                rn,
                op2: op2(cur, labels)?,
            }
        }
        O::Shift(op) => shift(op, s, cur)?,
        O::Rrx => rrx(s, cur)?,
        O::Mul => {
            let rd = cur.reg()?;
            cur.comma()?;
            let rn = cur.reg()?;
            let rm = if cur.eat(',') { cur.reg()? } else { rd };
            Insn::Mul { s, rd, rn, rm }
        }
        O::Mla { sub } => {
            let [rd, rn, rm, ra] = regs(cur)?;
            Insn::Mla {
                sub,
                rd,
                rn,
                rm,
                ra,
            }
        }
        O::MulLong(op) => {
            let [rdlo, rdhi, rn, rm] = regs(cur)?;
            Insn::MulLong {
                op,
                rdlo,
                rdhi,
                rn,
                rm,
            }
        }
        O::Div { signed } => div(signed, cur)?,
        O::Bits(op) => {
            let rd = cur.reg()?;
            cur.comma()?;
            Insn::Bits {
                op,
                rd,
                rm: cur.reg()?,
            }
        }
        O::Extend(op) => {
            let [rd, rm] = regs(cur)?;
            let rotate = rotation(cur)? as u8;
            Insn::Extend { op, rd, rm, rotate }
        }
        O::Bfx { .. } | O::Bfi | O::Bfc => bit_field(op, cur)?,
        O::Sat { unsigned } => sat(unsigned, cur)?,
        _ => unreachable!("not a data-processing mnemonic"),
    })
}

/// `op rd, rn, op2`, or `op rd, op2` meaning `op rd, rd, op2`.
fn dp(op: DpOp, s: bool, cur: &mut Cursor, labels: &mut dyn Labels) -> Result<Insn, PErr> {
    let rd = cur.reg()?;
    cur.comma()?;
    let (rn, second) = if cur.is_imm() {
        (rd, op2(cur, labels)?)
    } else {
        let r = cur.reg()?;
        if !cur.eat(',') {
            (rd, Op2::Reg(Shifted::plain(r)))
        } else {
            (r, op2(cur, labels)?)
        }
    };
    Ok(Insn::Dp {
        op,
        s,
        rd,
        rn,
        op2: second,
    })
}

/// `mov`/`mvn rd, op2`; `mov rd, rm, lsl rs` is the register shift.
fn mov(op: MovOp, s: bool, cur: &mut Cursor, labels: &mut dyn Labels) -> Result<Insn, PErr> {
    let rd = cur.reg()?;
    cur.comma()?;
    if cur.is_imm() {
        return Ok(Insn::Mov {
            op,
            s,
            rd,
            op2: Op2::Imm(imm_or_deferred(cur, labels)?),
        });
    }
    let start = cur.pos();
    let rm = cur.reg()?;
    if op == MovOp::Mov && cur.eat(',') {
        if let Some(kind) = cur.try_shift_kind() {
            if let Some(rs) = cur.try_reg() {
                let op = match kind {
                    ShiftKind::Lsl => ShiftOp::Lsl,
                    ShiftKind::Lsr => ShiftOp::Lsr,
                    ShiftKind::Asr => ShiftOp::Asr,
                    ShiftKind::Ror => ShiftOp::Ror,
                    ShiftKind::Rrx => return cur.err("a shift amount"),
                };
                return Ok(Insn::Shift {
                    op,
                    s,
                    rd,
                    rm,
                    by: ShiftBy::Reg(rs),
                });
            }
        }
    }
    cur.set_pos(start);
    Ok(Insn::Mov {
        op,
        s,
        rd,
        op2: Op2::Reg(shifted_reg(cur)?),
    })
}

/// `lsl rd, rm, #n|rs`, or `lsl rd, #n|rs` meaning `lsl rd, rd, ...`.
fn shift(op: ShiftOp, s: bool, cur: &mut Cursor) -> Result<Insn, PErr> {
    let rd = cur.reg()?;
    cur.comma()?;
    let (rm, by) = if cur.is_imm() {
        (rd, shift_amount(cur)?)
    } else {
        let r = cur.reg()?;
        if cur.eat(',') {
            if cur.is_imm() {
                (r, shift_amount(cur)?)
            } else {
                (r, ShiftBy::Reg(cur.reg()?))
            }
        } else {
            (rd, ShiftBy::Reg(r))
        }
    };
    if let ShiftBy::Reg(rs) = by {
        if [rd, rm, rs].iter().any(|r| *r == Reg::SP || *r == Reg::PC) {
            let name = Operation::Shift(op).name();
            return Err((cur.col(), format!("{name} cannot use sp or pc")));
        }
    }
    Ok(Insn::Shift { op, s, rd, rm, by })
}

fn shift_amount(cur: &mut Cursor) -> Result<ShiftBy, PErr> {
    Ok(ShiftBy::Imm(imm_in(cur, 0, 32)? as u8))
}

/// `rrx rd, rm`: a move with the `rrx` shift.
fn rrx(s: bool, cur: &mut Cursor) -> Result<Insn, PErr> {
    let [rd, rm] = regs(cur)?;
    if rd == Reg::SP || rm == Reg::SP {
        // As with the other shift mnemonics, sp is refused here.
        return Err((cur.col(), "rrx cannot use sp".into()));
    }
    Ok(Insn::Mov {
        op: MovOp::Mov,
        s,
        rd,
        op2: Op2::Reg(Shifted {
            rm,
            kind: ShiftKind::Rrx,
            amount: 0,
        }),
    })
}

/// `udiv rd, rn, rm`, or `udiv rd, rm` meaning `udiv rd, rd, rm`.
fn div(signed: bool, cur: &mut Cursor) -> Result<Insn, PErr> {
    let rd = cur.reg()?;
    cur.comma()?;
    let rn = cur.reg()?;
    let (rn, rm) = if cur.eat(',') {
        (rn, cur.reg()?)
    } else {
        (rd, rn)
    };
    Ok(Insn::Div { signed, rd, rn, rm })
}

/// `ubfx`/`sbfx`/`bfi rd, rn, #lsb, #width` and `bfc rd, #lsb, #width`.
fn bit_field(op: Operation, cur: &mut Cursor) -> Result<Insn, PErr> {
    let rd = cur.reg()?;
    cur.comma()?;
    let rn = if op == O::Bfc {
        None
    } else {
        let rn = cur.reg()?;
        cur.comma()?;
        Some(rn)
    };
    let lsb = imm_in(cur, 0, 31)? as u8;
    cur.comma()?;
    let width = imm_in(cur, 1, 32 - lsb as i64)? as u8;
    Ok(match (op, rn) {
        (O::Bfx { signed }, Some(rn)) => Insn::Bfx {
            signed,
            rd,
            rn,
            lsb,
            width,
        },
        (O::Bfi, Some(rn)) => Insn::Bfi { rd, rn, lsb, width },
        _ => Insn::Bfc { rd, lsb, width },
    })
}

/// `ssat`/`usat rd, #sat, rn{, lsl #0-31 | asr #1-31}`.
fn sat(unsigned: bool, cur: &mut Cursor) -> Result<Insn, PErr> {
    let rd = cur.reg()?;
    cur.comma()?;
    let sat = imm_in(cur, 0, 32)? as u8;
    cur.comma()?;
    let rn = cur.reg()?;
    let mut shift = Shifted::plain(rn);
    if cur.eat(',') {
        let col = cur.col();
        let kind = cur.try_shift_kind();
        let n = imm_in(cur, 0, 31)? as u8;
        shift = match kind {
            Some(ShiftKind::Lsl) => Shifted {
                rm: rn,
                kind: ShiftKind::Lsl,
                amount: n,
            },
            Some(ShiftKind::Asr) if n > 0 => Shifted {
                rm: rn,
                kind: ShiftKind::Asr,
                amount: n,
            },
            _ => return Err((col, "expected `lsl #0-31` or `asr #1-31`".into())),
        };
    }
    Ok(Insn::Sat {
        unsigned,
        rd,
        sat,
        rn,
        shift,
    })
}
