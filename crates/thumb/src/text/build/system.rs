//! Operands of system instructions: exception generators, hints, interrupt
//! masks, special registers, barriers and the ARMv8-M security extension.

use super::operand::imm_in;
use super::Labels;
use crate::insn::Operation as O;
use crate::insn::{BarrierOp, Insn, Operation, SysReg};
use crate::text::cursor::{Cursor, PErr};

pub fn operands(op: Operation, cur: &mut Cursor, labels: &mut dyn Labels) -> Result<Insn, PErr> {
    Ok(match op {
        O::Svc => Insn::Svc(imm_in(cur, 0, 255)? as u8),
        O::Bkpt => Insn::Bkpt(if cur.at_end() {
            0
        } else {
            imm_in(cur, 0, 255)? as u8
        }),
        O::Udf => Insn::Udf(if cur.at_end() {
            0
        } else {
            imm_in(cur, 0, 0xffff)? as u16
        }),
        O::Hint(op) => Insn::Hint(op),
        O::Cps { enable } => cps(enable, cur)?,
        O::Mrs => {
            let rd = cur.reg()?;
            cur.comma()?;
            let sysreg = sys_reg(cur)?.0;
            Insn::Mrs { rd, sysreg }
        }
        O::Msr => {
            let (sysreg, mask) = sys_reg(cur)?;
            cur.comma()?;
            Insn::Msr {
                sysreg,
                mask,
                rn: cur.reg()?,
            }
        }
        O::Barrier(BarrierOp::Clrex) => Insn::Barrier {
            op: BarrierOp::Clrex,
            option: 15,
        },
        O::Barrier(op) => barrier(op, cur)?,
        O::SpeculationBarrier { physical } => {
            let profile = labels.profile();
            if !profile.has_thumb2() {
                let name = op.name();
                return Err((1, format!("`{name}` is not available in profile {profile}")));
            }
            Insn::Barrier {
                op: BarrierOp::Dsb,
                option: if physical { 4 } else { 0 },
            }
        }
        O::Dbg => Insn::Dbg(imm_in(cur, 0, 15)? as u8),
        O::Tt {
            alternate,
            unprivileged,
        } => {
            let rd = cur.reg()?;
            cur.comma()?;
            Insn::Tt {
                alternate,
                unprivileged,
                rd,
                rn: cur.reg()?,
            }
        }
        O::Sg => Insn::Sg,
        O::Bxns { link } => Insn::Bxns {
            link,
            rm: cur.reg()?,
        },
        _ => unreachable!("not a system mnemonic"),
    })
}

/// `cpsie`/`cpsid i|f|if`.
fn cps(enable: bool, cur: &mut Cursor) -> Result<Insn, PErr> {
    let col = cur.col();
    let flags = cur.ident().unwrap_or_default();
    let (i, f) = match flags.as_str() {
        "i" => (true, false),
        "f" => (false, true),
        "if" | "fi" => (true, true),
        _ => return Err((col, "expected interrupt flags `i`, `f` or `if`".into())),
    };
    cur.bump();
    Ok(Insn::Cps { enable, i, f })
}

/// `dmb`/`dsb`/`isb` with an optional option, by name or number.
fn barrier(op: BarrierOp, cur: &mut Cursor) -> Result<Insn, PErr> {
    let option = if cur.at_end() {
        15
    } else if cur.is_imm() {
        imm_in(cur, 0, 15)? as u8
    } else {
        let col = cur.col();
        let name = cur.ident().unwrap_or_default();
        // The load-only options are ARMv8-A's; no M profile has them.
        let v = barrier_option(&name)
            .filter(|&v| op != BarrierOp::Isb || v == 15)
            .filter(|&v| v & 3 != 1)
            .ok_or((col, format!("expected a barrier option, found `{name}`")))?;
        cur.bump();
        v
    };
    Ok(Insn::Barrier { op, option })
}

/// A special register name, with the APSR field mask MSR writes.
fn sys_reg(cur: &mut Cursor) -> Result<(SysReg, u8), PErr> {
    let col = cur.col();
    let name = cur.ident().unwrap_or_default();
    let (name, ns) = match name.strip_suffix("_ns") {
        Some(n) => (n.to_string(), 0x80),
        None => (name, 0),
    };
    let (base, mask) = match name.split_once('_') {
        Some((b, "nzcvq")) => (b.to_string(), 2),
        Some((b, "g")) => (b.to_string(), 1),
        Some((b, "nzcvqg")) => (b.to_string(), 3),
        _ => (name.clone(), 2),
    };
    let reg = SysReg::parse(&base)
        .filter(|_| base != name || mask == 2)
        .or_else(|| SysReg::parse(&name))
        .ok_or((col, format!("expected a special register, found `{name}`")))?;
    cur.bump();
    Ok((SysReg(reg.0 | ns), mask))
}

fn barrier_option(name: &str) -> Option<u8> {
    Some(match name {
        "sy" => 15,
        "st" => 14,
        "ld" => 13,
        "ish" => 11,
        "ishst" => 10,
        "ishld" => 9,
        "nsh" | "un" => 7,
        "nshst" | "unst" => 6,
        "nshld" => 5,
        "osh" => 3,
        "oshst" => 2,
        "oshld" => 1,
        _ => return None,
    })
}
