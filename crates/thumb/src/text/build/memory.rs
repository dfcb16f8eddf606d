//! Operands of loads and stores: single, unprivileged, doubleword, multiple,
//! exclusive and acquire/release accesses, literal loads, preloads and `adr`.

use super::operand::{address, imm_in, label_expr, regs, target, LabelExpr};
use super::Labels;
use crate::insn::Operation as O;
use crate::insn::{Addr, ExSize, Insn, MemOp, Operation, Value};
use crate::reg::Reg;
use crate::text::cursor::{Cursor, PErr};

pub fn operands(op: Operation, cur: &mut Cursor, labels: &mut dyn Labels) -> Result<Insn, PErr> {
    Ok(match op {
        O::Mem(op) => single(op, cur, labels)?,
        O::MemUnpriv(op) => unprivileged(op, cur)?,
        O::Preload { instruction } => Insn::Preload {
            instruction,
            addr: address(cur, labels, true)?,
        },
        O::Dual { load } => dual(load, cur, labels)?,
        O::Adr => {
            let rd = cur.reg()?;
            cur.comma()?;
            Insn::Adr {
                rd,
                target: target(cur, labels)?,
            }
        }
        O::Multi { load, db } => {
            let rn = cur.reg()?;
            let wback = cur.eat('!');
            cur.comma()?;
            Insn::Multi {
                load,
                db,
                rn,
                wback,
                regs: cur.reg_list()?,
            }
        }
        O::Push => Insn::Push(cur.reg_list()?),
        O::Pop => Insn::Pop(cur.reg_list()?),
        O::Ldrex(size) => {
            let rt = cur.reg()?;
            cur.comma()?;
            let (rn, imm) = exclusive_address(cur, size != ExSize::Word)?;
            Insn::Ldrex { size, rt, rn, imm }
        }
        O::Strex(size) => {
            let [rd, rt] = regs(cur)?;
            cur.comma()?;
            let (rn, imm) = exclusive_address(cur, false)?;
            Insn::Strex {
                size,
                rd,
                rt,
                rn,
                imm,
            }
        }
        O::LoadAcquire { size, exclusive } => {
            let rt = cur.reg()?;
            cur.comma()?;
            Insn::LoadAcquire {
                size,
                exclusive,
                rt,
                rn: plain_address(cur)?,
            }
        }
        O::StoreRelease { size, exclusive } => store_release(size, exclusive, cur)?,
        _ => unreachable!("not a load or store mnemonic"),
    })
}

/// `ldr rt, addr` and the like, or `ldr rt, =value`.
fn single(op: MemOp, cur: &mut Cursor, labels: &mut dyn Labels) -> Result<Insn, PErr> {
    let rt = cur.reg()?;
    cur.comma()?;
    if !cur.eat('=') {
        return Ok(Insn::Mem {
            op,
            rt,
            addr: address(cur, labels, true)?,
        });
    }
    if op != MemOp::Ldr {
        return Err((cur.col(), "only ldr takes `=value`".into()));
    }
    let col = cur.col();
    let value = match label_expr(cur, labels)? {
        LabelExpr::Const(v) if (-(1i64 << 31)..0).contains(&v) => Value::Signed(v as i32),
        LabelExpr::Const(v) if (0..(1i64 << 32)).contains(&v) => Value::Imm(v as u32),
        LabelExpr::Const(v) => return Err((col, format!("immediate {v} does not fit in 32 bits"))),
        LabelExpr::Label(l) => Value::Label(l),
        LabelExpr::Other => {
            return Err((col, "expected a constant or a label plus a constant".into()))
        }
    };
    Ok(Insn::LdrConst { rt, value })
}

/// `ldrt rt, [rn{, #imm}]` and the like.
fn unprivileged(op: MemOp, cur: &mut Cursor) -> Result<Insn, PErr> {
    let rt = cur.reg()?;
    cur.comma()?;
    cur.expect('[', "`[`")?;
    let rn = cur.reg()?;
    let from_pc = rn == Reg::PC && op.is_load();
    let lowest = if from_pc { -4095 } else { 0 };
    let imm = if cur.eat(',') {
        imm_in(cur, lowest, 4095.min(255 - lowest))?
    } else {
        0
    };
    cur.expect(']', "`]`")?;
    if from_pc {
        // GNU as reads a load from pc as the ordinary literal load.
        return Ok(Insn::Mem {
            op,
            rt,
            addr: Addr::Offset {
                rn,
                imm: imm as i32,
            },
        });
    }
    Ok(Insn::MemUnpriv {
        op,
        rt,
        rn,
        imm: imm as u8,
    })
}

/// `ldrd`/`strd rt, rt2, addr`, or `rt, addr` pairing rt with the next register.
fn dual(load: bool, cur: &mut Cursor, labels: &mut dyn Labels) -> Result<Insn, PErr> {
    let rt = cur.reg()?;
    cur.comma()?;
    let rt2 = if cur.is_punct('[') {
        Reg::new(rt.num() + 1).ok_or((cur.col(), "rt cannot be the last register".to_string()))?
    } else {
        let r = cur.reg()?;
        cur.comma()?;
        r
    };
    Ok(Insn::Dual {
        load,
        rt,
        rt2,
        addr: address(cur, labels, false)?,
    })
}

/// `stl{b|h} rt, [rn]` or `stlex{b|h} rd, rt, [rn]`.
fn store_release(size: ExSize, exclusive: bool, cur: &mut Cursor) -> Result<Insn, PErr> {
    let first = cur.reg()?;
    cur.comma()?;
    let (status, rt) = if exclusive {
        let rt = cur.reg()?;
        cur.comma()?;
        (Some(first), rt)
    } else {
        (None, first)
    };
    Ok(Insn::StoreRelease {
        size,
        status,
        rt,
        rn: plain_address(cur)?,
    })
}

/// `[rn]`, the only address load-acquire and store-release take.
fn plain_address(cur: &mut Cursor) -> Result<Reg, PErr> {
    cur.expect('[', "`[`")?;
    let rn = cur.reg()?;
    cur.expect(']', "`]`")?;
    Ok(rn)
}

/// `[rn]` or `[rn, #imm]` for exclusives; `plain` when no offset is allowed
/// at all, not even `#0` (byte and halfword exclusive loads).
fn exclusive_address(cur: &mut Cursor, plain: bool) -> Result<(Reg, u32), PErr> {
    if plain {
        return Ok((plain_address(cur)?, 0));
    }
    cur.expect('[', "`[`")?;
    let rn = cur.reg()?;
    let imm = if cur.eat(',') {
        imm_in(cur, 0, 1020)? as u32
    } else {
        0
    };
    cur.expect(']', "`]`")?;
    Ok((rn, imm))
}
