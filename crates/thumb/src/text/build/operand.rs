//! Operand forms more than one instruction family reads: bounded immediates,
//! shifted registers, the flexible second operand, branch targets, addresses
//! and expressions that may name labels.

use super::Labels;
use crate::expr::Expr;
use crate::insn::{Addr, Label, Op2, ShiftKind, Shifted, Target};
use crate::reg::Reg;
use crate::text::cursor::{reg_name, Cursor, PErr};

/// A constant in `lo..=hi`.
pub fn imm_in(cur: &mut Cursor, lo: i64, hi: i64) -> Result<i64, PErr> {
    let col = cur.col();
    let v = cur.imm()?;
    if v < lo || v > hi {
        return Err((col, format!("immediate {v} out of range {lo}..{hi}")));
    }
    Ok(v)
}

/// `N` registers separated by commas.
pub fn regs<const N: usize>(cur: &mut Cursor) -> Result<[Reg; N], PErr> {
    let mut out = [Reg::R0; N];
    for (i, slot) in out.iter_mut().enumerate() {
        if i > 0 {
            cur.comma()?;
        }
        *slot = cur.reg()?;
    }
    Ok(out)
}

/// A register with an optional `, shift #n` (or `, rrx`).
pub fn shifted_reg(cur: &mut Cursor) -> Result<Shifted, PErr> {
    let rm = cur.reg()?;
    if !cur.is_punct(',') {
        return Ok(Shifted::plain(rm));
    }
    cur.bump();
    let Some(kind) = cur.try_shift_kind() else {
        return cur.err("a shift (lsl, lsr, asr, ror, rrx)");
    };
    shift_tail(cur, rm, kind)
}

/// The amount after a shift mnemonic (none for `rrx`).
fn shift_tail(cur: &mut Cursor, rm: Reg, kind: ShiftKind) -> Result<Shifted, PErr> {
    if kind == ShiftKind::Rrx {
        return Ok(Shifted {
            rm,
            kind,
            amount: 0,
        });
    }
    let col = cur.col();
    let n = cur.imm()?;
    let n = u8::try_from(n).map_err(|_| (col, format!("shift amount {n} out of range")))?;
    if n == 0 {
        cur.zero_shift = Some(kind);
    }
    Shifted::new(rm, kind, n).map_err(|e| (col, e.message))
}

/// An immediate that may name labels: a constant now, or 0 with the
/// expression handed to `labels` to be patched in after layout.
pub fn imm_or_deferred(cur: &mut Cursor, labels: &mut dyn Labels) -> Result<u32, PErr> {
    cur.eat('#');
    let (e, col) = sym_expr(cur, labels)?;
    match e.constant() {
        Some(v) if (-(1i64 << 31)..(1i64 << 32)).contains(&v) => Ok(v as u32),
        Some(v) => Err((col, format!("immediate {v} does not fit in 32 bits"))),
        None => {
            labels.defer(e);
            Ok(0)
        }
    }
}

/// The flexible second operand: `#imm` or a (shifted) register.
pub fn op2(cur: &mut Cursor, labels: &mut dyn Labels) -> Result<Op2, PErr> {
    if cur.is_imm() || cur.is_punct('#') {
        Ok(Op2::Imm(imm_or_deferred(cur, labels)?))
    } else {
        Ok(Op2::Reg(shifted_reg(cur)?))
    }
}

/// An optional `, ror #0|8|16|24` after an extend's registers; 0 when absent.
pub fn rotation(cur: &mut Cursor) -> Result<i64, PErr> {
    if !cur.eat(',') {
        return Ok(0);
    }
    if cur.try_shift_kind() != Some(ShiftKind::Ror) {
        return cur.err("`ror`");
    }
    let col = cur.col();
    let rotate = cur.imm()?;
    if ![0, 8, 16, 24].contains(&rotate) {
        return Err((col, "rotation must be 0, 8, 16 or 24".into()));
    }
    Ok(rotate)
}

/// Where a branch, `adr` or literal load points: a label, optionally plus
/// or minus a constant, or an address.
pub fn target(cur: &mut Cursor, labels: &mut dyn Labels) -> Result<Target, PErr> {
    let col = cur.col();
    cur.eat('#');
    match label_expr(cur, labels)? {
        LabelExpr::Const(v) => Ok(Target::Address(v as u32)),
        LabelExpr::Label(l) => Ok(Target::Label(l)),
        LabelExpr::Other => Err((
            col,
            "expected a label, optionally plus or minus a constant".into(),
        )),
    }
}

/// A load/store address: `[rn{, #imm}]{!}`, `[rn], #imm`, `[rn, rm{, lsl #n}]`, or a label.
pub fn address(cur: &mut Cursor, labels: &mut dyn Labels, allow_reg: bool) -> Result<Addr, PErr> {
    if !cur.is_punct('[') {
        return Ok(Addr::Literal(target(cur, labels)?));
    }
    cur.bump();
    let rn = cur.reg()?;
    if cur.eat(']') {
        if cur.eat(',') {
            let imm = imm_in(cur, -(1 << 12), 1 << 12)? as i32;
            return Ok(Addr::PostIndex { rn, imm });
        }
        if cur.eat('!') {
            return Ok(Addr::PreIndex { rn, imm: 0 });
        }
        return Ok(Addr::Offset { rn, imm: 0 });
    }
    cur.comma()?;
    if allow_reg && !cur.is_imm() {
        let rm = cur.reg()?;
        let mut shift = 0;
        if cur.eat(',') {
            if cur.try_shift_kind() != Some(ShiftKind::Lsl) {
                return cur.err("`lsl`");
            }
            shift = imm_in(cur, 0, 3)? as u8;
        }
        cur.expect(']', "`]`")?;
        return Ok(Addr::Register { rn, rm, shift });
    }
    let imm = imm_in(cur, -(1 << 12), 1 << 12)? as i32;
    cur.expect(']', "`]`")?;
    if cur.eat('!') {
        Ok(Addr::PreIndex { rn, imm })
    } else {
        Ok(Addr::Offset { rn, imm })
    }
}

/// What an address expression reduced to.
pub enum LabelExpr {
    Const(i64),
    /// A label, or a fresh one defined as `label + k`.
    Label(Label),
    /// Anything else (a difference of labels, say): only data can hold it.
    Other,
}

/// Parses an expression that may name labels, and reduces `label + k` to a label.
pub fn label_expr(cur: &mut Cursor, labels: &mut dyn Labels) -> Result<LabelExpr, PErr> {
    let (e, _) = sym_expr(cur, labels)?;
    Ok(if let Some(v) = e.constant() {
        LabelExpr::Const(v)
    } else if let Some((l, k)) = e.label_offset() {
        if k == 0 {
            LabelExpr::Label(l)
        } else {
            LabelExpr::Label(labels.offset_label(l, k))
        }
    } else {
        LabelExpr::Other
    })
}

/// An expression over numbers and labels, with the column it started at.
pub fn sym_expr(cur: &mut Cursor, labels: &mut dyn Labels) -> Result<(Expr, u32), PErr> {
    let col = cur.col();
    let mut failure = None;
    let e = cur.sym(&mut |name, c| {
        if reg_name(&name.to_ascii_lowercase()).is_some() {
            return None;
        }
        match labels.label(name, c) {
            Ok(l) => Some(l),
            Err(e) => {
                failure.get_or_insert(e);
                None
            }
        }
    });
    match (e, failure) {
        (Ok(e), _) => Ok((e, col)),
        (Err(_), Some(f)) => Err(f),
        (Err(e), None) => Err(e),
    }
}
