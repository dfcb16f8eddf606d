//! Builds typed instructions from a split mnemonic and its operands.

use super::cursor::{Cursor, PErr};
use super::mnemonic::Mnemonic;
use crate::encode::shifted;
use crate::{
    Addr, BarrierOp, BitsOp, CmpOp, DpOp, ExSize, ExtendOp, HintOp, Insn, Instruction, Label,
    LongMulOp, MemOp, MovOp, Op2, Reg, ShiftBy, ShiftKind, ShiftOp, Shifted, SysReg, Target, Value,
    Width,
};

/// Gives the label a name in an operand refers to (`name`, `1f`, `1b`, `.`).
pub trait Labels {
    fn label(&mut self, name: &str, col: u32) -> Result<Label, PErr>;
    /// A new label standing for `base + offset` bytes.
    fn offset_label(&mut self, base: Label, offset: i64) -> Label;
    /// Records an immediate that names labels, to be computed after layout.
    fn defer(&mut self, expr: crate::Expr);
    /// The profile being assembled for, for the few choices the parser makes by it.
    fn profile(&self) -> crate::Profile;
}

/// A DSP instruction: registers as its layout says, then an optional `ror #n`.
pub fn build_dsp(
    op: crate::DspOp,
    cond: crate::Cond,
    cur: &mut Cursor,
) -> Result<Instruction, PErr> {
    use crate::DspForm;
    let count = match op.form() {
        DspForm::Rrrr | DspForm::Long => 4,
        DspForm::RrRor => 2,
        _ => 3,
    };
    let mut regs = [Reg::R0; 4];
    for (i, slot) in regs.iter_mut().take(count).enumerate() {
        if i > 0 {
            cur.comma()?;
        }
        *slot = cur.reg()?;
    }
    let rotate = if matches!(op.form(), DspForm::RrrRor | DspForm::RrRor) {
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

pub fn build(m: &Mnemonic, cur: &mut Cursor, labels: &mut dyn Labels) -> Result<Instruction, PErr> {
    let insn = operands(m, cur, labels)?;
    cur.end()?;
    let mut width = m.width;
    if matches!(insn, Insn::Mem { .. })
        && m.base.len() > 3
        && m.base.ends_with('t')
        && width == Width::Auto
    {
        // `ldrt rt, [pc, #n]` became a literal load above; GNU as keeps it 32-bit.
        width = Width::Wide;
    }
    let mut insn = insn;
    if let (
        Some(kind),
        Insn::Mov {
            op: MovOp::Mov,
            s,
            rd,
            op2: Op2::Reg(sh),
        },
    ) = (cur.zero_shift, insn)
    {
        if kind != ShiftKind::Ror {
            // `mov{s} rd, rm, lsl #0` is the shift instruction, as GNU as reads it.
            insn = Insn::Shift {
                op: ShiftOp::Lsl,
                s,
                rd,
                rm: sh.rm,
                by: ShiftBy::Imm(0),
            };
        } else if width == Width::Auto {
            width = Width::Wide;
        }
    } else if cur.zero_shift.is_some() {
        // A written shift by zero selects the 32-bit form, as in GNU as.
        width = written_shift_width(width, cur)?;
    }
    if let Insn::Mem {
        addr: Addr::Register { shift: 0, .. },
        ..
    } = insn
    {
        // An explicit `lsl #0` selects the 32-bit form, as in GNU as.
        if cur.mentions("lsl") {
            width = written_shift_width(width, cur)?;
        }
    }
    if let Insn::Mem {
        addr: Addr::Offset { imm: 0, .. },
        ..
    } = insn
    {
        // `[rn, #-0]` has no 16-bit form; GNU as takes the 32-bit one.
        if width == Width::Auto && cur.mentions_punct('-') {
            width = Width::Wide;
        }
    }
    Ok(Instruction {
        insn,
        cond: m.cond,
        width,
    })
}

fn imm_in(cur: &mut Cursor, lo: i64, hi: i64) -> Result<i64, PErr> {
    let col = cur.col();
    let v = cur.imm()?;
    if v < lo || v > hi {
        return Err((col, format!("immediate {v} out of range {lo}..{hi}")));
    }
    Ok(v)
}

/// A register with an optional `, shift #n` (or `, rrx`).
fn shifted_reg(cur: &mut Cursor) -> Result<Shifted, PErr> {
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
    shifted(rm, kind, n).map_err(|e| (col, e.message))
}

/// The flexible second operand: `#imm` or a (shifted) register.
/// An immediate that may name labels: a constant now, or 0 with the
/// expression handed to `labels` to be patched in after layout.
fn imm_or_deferred(cur: &mut Cursor, labels: &mut dyn Labels) -> Result<u32, PErr> {
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

fn op2(cur: &mut Cursor, labels: &mut dyn Labels) -> Result<Op2, PErr> {
    if cur.is_imm() || cur.is_punct('#') {
        Ok(Op2::Imm(imm_or_deferred(cur, labels)?))
    } else {
        Ok(Op2::Reg(shifted_reg(cur)?))
    }
}

fn target(cur: &mut Cursor, labels: &mut dyn Labels) -> Result<Target, PErr> {
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
pub fn sym_expr(cur: &mut Cursor, labels: &mut dyn Labels) -> Result<(crate::Expr, u32), PErr> {
    let col = cur.col();
    let mut failure = None;
    let e = cur.sym(&mut |name, c| {
        if super::cursor::reg_name(&name.to_ascii_lowercase()).is_some() {
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

fn operands(m: &Mnemonic, cur: &mut Cursor, labels: &mut dyn Labels) -> Result<Insn, PErr> {
    let s = m.s;
    Ok(match m.base {
        "and" | "eor" | "orr" | "orn" | "bic" | "add" | "adc" | "sub" | "sbc" | "rsb" => {
            let op = match m.base {
                "and" => DpOp::And,
                "eor" => DpOp::Eor,
                "orr" => DpOp::Orr,
                "orn" => DpOp::Orn,
                "bic" => DpOp::Bic,
                "add" => DpOp::Add,
                "adc" => DpOp::Adc,
                "sub" => DpOp::Sub,
                "sbc" => DpOp::Sbc,
                _ => DpOp::Rsb,
            };
            let rd = cur.reg()?;
            cur.comma()?;
            // Two-operand form `op rd, op2` means `op rd, rd, op2`.
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
            Insn::Dp {
                op,
                s,
                rd,
                rn,
                op2: second,
            }
        }
        "addw" | "subw" => {
            let rd = cur.reg()?;
            cur.comma()?;
            let rn = cur.reg()?;
            cur.comma()?;
            let imm = imm_in(cur, -4095, 4095)? as u32;
            Insn::AddW {
                sub: m.base == "subw",
                rd,
                rn,
                imm,
            }
        }
        "neg" => {
            let rd = cur.reg()?;
            cur.comma()?;
            let rm = cur.reg()?;
            Insn::Dp {
                op: DpOp::Rsb,
                s,
                rd,
                rn: rm,
                op2: Op2::Imm(0),
            }
        }
        "mov" | "mvn" => {
            let op = if m.base == "mov" {
                MovOp::Mov
            } else {
                MovOp::Mvn
            };
            let rd = cur.reg()?;
            cur.comma()?;
            if cur.is_imm() {
                Insn::Mov {
                    op,
                    s,
                    rd,
                    op2: Op2::Imm(imm_or_deferred(cur, labels)?),
                }
            } else {
                let start = cur.pos();
                let rm = cur.reg()?;
                if op == MovOp::Mov && cur.eat(',') {
                    // `mov rd, rm, lsl rs` is a register shift.
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
                Insn::Mov {
                    op,
                    s,
                    rd,
                    op2: Op2::Reg(shifted_reg(cur)?),
                }
            }
        }
        "movw" | "movt" => {
            let rd = cur.reg()?;
            cur.comma()?;
            let imm = imm_in(cur, 0, 0xffff)? as u16;
            Insn::MovW {
                top: m.base == "movt",
                rd,
                imm,
            }
        }
        "tst" | "teq" | "cmp" | "cmn" => {
            let op = match m.base {
                "tst" => CmpOp::Tst,
                "teq" => CmpOp::Teq,
                "cmp" => CmpOp::Cmp,
                _ => CmpOp::Cmn,
            };
            let rn = cur.reg()?;
            cur.comma()?;
            Insn::Cmp {
                op,
                rn,
                op2: op2(cur, labels)?,
            }
        }
        "lsl" | "lsr" | "asr" | "ror" => {
            let op = match m.base {
                "lsl" => ShiftOp::Lsl,
                "lsr" => ShiftOp::Lsr,
                "asr" => ShiftOp::Asr,
                _ => ShiftOp::Ror,
            };
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
                    return Err((cur.col(), format!("{} cannot use sp or pc", m.base)));
                }
            }
            Insn::Shift { op, s, rd, rm, by }
        }
        "rrx" => {
            let rd = cur.reg()?;
            cur.comma()?;
            let rm = cur.reg()?;
            if rd == Reg::SP || rm == Reg::SP {
                // As with the other shift mnemonics, sp is refused here.
                return Err((cur.col(), "rrx cannot use sp".into()));
            }
            Insn::Mov {
                op: MovOp::Mov,
                s,
                rd,
                op2: Op2::Reg(Shifted {
                    rm,
                    kind: ShiftKind::Rrx,
                    amount: 0,
                }),
            }
        }
        "mul" => {
            let rd = cur.reg()?;
            cur.comma()?;
            let rn = cur.reg()?;
            let rm = if cur.eat(',') { cur.reg()? } else { rd };
            Insn::Mul { s, rd, rn, rm }
        }
        "mla" | "mls" => {
            let [rd, rn, rm, ra] = regs(cur)?;
            Insn::Mla {
                sub: m.base == "mls",
                rd,
                rn,
                rm,
                ra,
            }
        }
        "umull" | "smull" | "umlal" | "smlal" => {
            let op = match m.base {
                "umull" => LongMulOp::Umull,
                "smull" => LongMulOp::Smull,
                "umlal" => LongMulOp::Umlal,
                _ => LongMulOp::Smlal,
            };
            let [rdlo, rdhi, rn, rm] = regs(cur)?;
            Insn::MulLong {
                op,
                rdlo,
                rdhi,
                rn,
                rm,
            }
        }
        "udiv" | "sdiv" => {
            let rd = cur.reg()?;
            cur.comma()?;
            let rn = cur.reg()?;
            let (rn, rm) = if cur.eat(',') {
                (rn, cur.reg()?)
            } else {
                (rd, rn)
            };
            Insn::Div {
                signed: m.base == "sdiv",
                rd,
                rn,
                rm,
            }
        }
        "clz" | "rbit" | "rev" | "rev16" | "revsh" => {
            let op = match m.base {
                "clz" => BitsOp::Clz,
                "rbit" => BitsOp::Rbit,
                "rev" => BitsOp::Rev,
                "rev16" => BitsOp::Rev16,
                _ => BitsOp::Revsh,
            };
            let rd = cur.reg()?;
            cur.comma()?;
            Insn::Bits {
                op,
                rd,
                rm: cur.reg()?,
            }
        }
        "sxtb" | "sxth" | "uxtb" | "uxth" => {
            let op = match m.base {
                "sxtb" => ExtendOp::Sxtb,
                "sxth" => ExtendOp::Sxth,
                "uxtb" => ExtendOp::Uxtb,
                _ => ExtendOp::Uxth,
            };
            let rd = cur.reg()?;
            cur.comma()?;
            let rm = cur.reg()?;
            let rotate = rotation(cur)?;
            Insn::Extend {
                op,
                rd,
                rm,
                rotate: rotate as u8,
            }
        }
        "ubfx" | "sbfx" | "bfi" => {
            let rd = cur.reg()?;
            cur.comma()?;
            let rn = cur.reg()?;
            cur.comma()?;
            let lsb = imm_in(cur, 0, 31)? as u8;
            cur.comma()?;
            let width = imm_in(cur, 1, 32 - lsb as i64)? as u8;
            if m.base == "bfi" {
                Insn::Bfi { rd, rn, lsb, width }
            } else {
                Insn::Bfx {
                    signed: m.base == "sbfx",
                    rd,
                    rn,
                    lsb,
                    width,
                }
            }
        }
        "bfc" => {
            let rd = cur.reg()?;
            cur.comma()?;
            let lsb = imm_in(cur, 0, 31)? as u8;
            cur.comma()?;
            let width = imm_in(cur, 1, 32 - lsb as i64)? as u8;
            Insn::Bfc { rd, lsb, width }
        }
        "ldr" | "ldrb" | "ldrh" | "ldrsb" | "ldrsh" | "str" | "strb" | "strh" => {
            let op = match m.base {
                "ldr" => MemOp::Ldr,
                "ldrb" => MemOp::Ldrb,
                "ldrh" => MemOp::Ldrh,
                "ldrsb" => MemOp::Ldrsb,
                "ldrsh" => MemOp::Ldrsh,
                "str" => MemOp::Str,
                "strb" => MemOp::Strb,
                _ => MemOp::Strh,
            };
            let rt = cur.reg()?;
            cur.comma()?;
            if cur.eat('=') {
                if op != MemOp::Ldr {
                    return Err((cur.col(), "only ldr takes `=value`".into()));
                }
                let col = cur.col();
                let value = match label_expr(cur, labels)? {
                    LabelExpr::Const(v) if (-(1i64 << 31)..0).contains(&v) => {
                        Value::Signed(v as i32)
                    }
                    LabelExpr::Const(v) if (0..(1i64 << 32)).contains(&v) => Value::Imm(v as u32),
                    LabelExpr::Const(v) => {
                        return Err((col, format!("immediate {v} does not fit in 32 bits")))
                    }
                    LabelExpr::Label(l) => Value::Label(l),
                    LabelExpr::Other => {
                        return Err((col, "expected a constant or a label plus a constant".into()))
                    }
                };
                Insn::LdrConst { rt, value }
            } else {
                Insn::Mem {
                    op,
                    rt,
                    addr: address(cur, labels, true)?,
                }
            }
        }
        "ldrt" | "ldrbt" | "ldrht" | "ldrsbt" | "ldrsht" | "strt" | "strbt" | "strht" => {
            let op = match m.base {
                "ldrt" => MemOp::Ldr,
                "ldrbt" => MemOp::Ldrb,
                "ldrht" => MemOp::Ldrh,
                "ldrsbt" => MemOp::Ldrsb,
                "ldrsht" => MemOp::Ldrsh,
                "strt" => MemOp::Str,
                "strbt" => MemOp::Strb,
                _ => MemOp::Strh,
            };
            let rt = cur.reg()?;
            cur.comma()?;
            cur.expect('[', "`[`")?;
            let rn = cur.reg()?;
            let lowest = if rn == Reg::PC && op.is_load() {
                -4095
            } else {
                0
            };
            let imm = if cur.eat(',') {
                imm_in(cur, lowest, 4095.min(255 - lowest))?
            } else {
                0
            };
            cur.expect(']', "`]`")?;
            if rn == Reg::PC && op.is_load() {
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
            Insn::MemUnpriv {
                op,
                rt,
                rn,
                imm: imm as u8,
            }
        }
        "lda" | "ldab" | "ldah" | "ldaex" | "ldaexb" | "ldaexh" => {
            let rt = cur.reg()?;
            cur.comma()?;
            let (rn, _) = ex_address_plain(cur)?;
            Insn::LoadAcquire {
                size: ex_size(m.base),
                exclusive: m.base.starts_with("ldaex"),
                rt,
                rn,
            }
        }
        "stl" | "stlb" | "stlh" | "stlex" | "stlexb" | "stlexh" => {
            let first = cur.reg()?;
            cur.comma()?;
            let (status, rt) = if m.base.starts_with("stlex") {
                let rt = cur.reg()?;
                cur.comma()?;
                (Some(first), rt)
            } else {
                (None, first)
            };
            let (rn, _) = ex_address_plain(cur)?;
            Insn::StoreRelease {
                size: ex_size(m.base),
                status,
                rt,
                rn,
            }
        }
        "ssat" | "usat" => {
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
            Insn::Sat {
                unsigned: m.base == "usat",
                rd,
                sat,
                rn,
                shift,
            }
        }
        "pkhbt" | "pkhtb" => {
            let [rd, rn, rm] = regs(cur)?;
            let tb = m.base == "pkhtb";
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
            Insn::Pkh {
                tb,
                rd,
                rn,
                rm,
                shift,
            }
        }
        "ssat16" | "usat16" => {
            let rd = cur.reg()?;
            cur.comma()?;
            let sat = imm_in(cur, 0, 16)? as u8;
            cur.comma()?;
            Insn::Sat16 {
                unsigned: m.base == "usat16",
                rd,
                sat,
                rn: cur.reg()?,
            }
        }
        "tt" | "ttt" | "tta" | "ttat" => {
            let rd = cur.reg()?;
            cur.comma()?;
            Insn::Tt {
                alternate: m.base.starts_with("tta"),
                unprivileged: matches!(m.base, "ttt" | "ttat"),
                rd,
                rn: cur.reg()?,
            }
        }
        "sg" => Insn::Sg,
        "bxns" => Insn::Bxns {
            link: false,
            rm: cur.reg()?,
        },
        "blxns" => Insn::Bxns {
            link: true,
            rm: cur.reg()?,
        },
        "dbg" => Insn::Dbg(imm_in(cur, 0, 15)? as u8),
        "ssbb" | "pssbb" => {
            if !labels.profile().has_thumb2() {
                return Err((
                    1,
                    format!(
                        "`{}` is not available in profile {}",
                        m.base,
                        labels.profile()
                    ),
                ));
            }
            Insn::Barrier {
                op: BarrierOp::Dsb,
                option: if m.base == "ssbb" { 0 } else { 4 },
            }
        }
        "pld" | "pli" => Insn::Preload {
            instruction: m.base == "pli",
            addr: address(cur, labels, true)?,
        },
        "ldrd" | "strd" => {
            let rt = cur.reg()?;
            cur.comma()?;
            // `ldrd rt, [..]` pairs rt with the next register.
            let rt2 = if cur.is_punct('[') {
                Reg::new(rt.num() + 1)
                    .ok_or((cur.col(), "rt cannot be the last register".to_string()))?
            } else {
                let r = cur.reg()?;
                cur.comma()?;
                r
            };
            Insn::Dual {
                load: m.base == "ldrd",
                rt,
                rt2,
                addr: address(cur, labels, false)?,
            }
        }
        "adr" => {
            let rd = cur.reg()?;
            cur.comma()?;
            Insn::Adr {
                rd,
                target: target(cur, labels)?,
            }
        }
        "ldm" | "ldmia" | "ldmfd" | "ldmdb" | "ldmea" | "stm" | "stmia" | "stmea" | "stmdb"
        | "stmfd" => {
            let load = m.base.starts_with("ld");
            let db = matches!(m.base, "ldmdb" | "ldmea" | "stmdb" | "stmfd");
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
        "push" => Insn::Push(cur.reg_list()?),
        "pop" => Insn::Pop(cur.reg_list()?),
        "ldrex" | "ldrexb" | "ldrexh" => {
            let rt = cur.reg()?;
            cur.comma()?;
            let (rn, imm) = ex_address(cur, m.base)?;
            Insn::Ldrex {
                size: ex_size(m.base),
                rt,
                rn,
                imm,
            }
        }
        "strex" | "strexb" | "strexh" => {
            let rd = cur.reg()?;
            cur.comma()?;
            let rt = cur.reg()?;
            cur.comma()?;
            let (rn, imm) = ex_address(cur, m.base)?;
            Insn::Strex {
                size: ex_size(m.base),
                rd,
                rt,
                rn,
                imm,
            }
        }
        "b" => Insn::B(target(cur, labels)?),
        "bl" => Insn::Bl(target(cur, labels)?),
        "bx" => Insn::Bx(cur.reg()?),
        "blx" => Insn::Blx(cur.reg()?),
        "cbz" | "cbnz" => {
            let rn = cur.reg()?;
            cur.comma()?;
            Insn::Cbz {
                nonzero: m.base == "cbnz",
                rn,
                target: target(cur, labels)?,
            }
        }
        "tbb" | "tbh" => {
            let half = m.base == "tbh";
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
            Insn::Tb { half, rn, rm }
        }
        "svc" => Insn::Svc(imm_in(cur, 0, 255)? as u8),
        "bkpt" => Insn::Bkpt(if cur.at_end() {
            0
        } else {
            imm_in(cur, 0, 255)? as u8
        }),
        "udf" => Insn::Udf(if cur.at_end() {
            0
        } else {
            imm_in(cur, 0, 0xffff)? as u16
        }),
        "clrex" => Insn::Barrier {
            op: BarrierOp::Clrex,
            option: 15,
        },
        "csdb" => Insn::Hint(HintOp::Csdb),
        "nop" | "yield" | "wfe" | "wfi" | "sev" => Insn::Hint(match m.base {
            "nop" => HintOp::Nop,
            "yield" => HintOp::Yield,
            "wfe" => HintOp::Wfe,
            "wfi" => HintOp::Wfi,
            _ => HintOp::Sev,
        }),
        "cpsid" | "cpsie" => {
            let col = cur.col();
            let flags = cur.ident().unwrap_or_default();
            let (i, f) = match flags.as_str() {
                "i" => (true, false),
                "f" => (false, true),
                "if" | "fi" => (true, true),
                _ => return Err((col, "expected interrupt flags `i`, `f` or `if`".into())),
            };
            cur.bump();
            Insn::Cps {
                enable: m.base == "cpsie",
                i,
                f,
            }
        }
        "mrs" => {
            let rd = cur.reg()?;
            cur.comma()?;
            let sysreg = sys_reg(cur)?.0;
            Insn::Mrs { rd, sysreg }
        }
        "msr" => {
            let (sysreg, mask) = sys_reg(cur)?;
            cur.comma()?;
            Insn::Msr {
                sysreg,
                mask,
                rn: cur.reg()?,
            }
        }
        "dmb" | "dsb" | "isb" => {
            let op = match m.base {
                "dmb" => BarrierOp::Dmb,
                "dsb" => BarrierOp::Dsb,
                _ => BarrierOp::Isb,
            };
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
            Insn::Barrier { op, option }
        }
        other => return Err((cur.col(), format!("`{other}` is not supported"))),
    })
}

/// A written shift, even by zero, has only a 32-bit form: `.n` is an error.
fn written_shift_width(width: Width, cur: &Cursor) -> Result<Width, PErr> {
    if width == Width::Narrow {
        return Err((cur.col(), "a written shift has no 16-bit form".into()));
    }
    Ok(Width::Wide)
}

/// An optional `, ror #0|8|16|24` after an extend's registers; 0 when absent.
fn rotation(cur: &mut Cursor) -> Result<i64, PErr> {
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

fn regs<const N: usize>(cur: &mut Cursor) -> Result<[Reg; N], PErr> {
    let mut out = [Reg::R0; N];
    for (i, slot) in out.iter_mut().enumerate() {
        if i > 0 {
            cur.comma()?;
        }
        *slot = cur.reg()?;
    }
    Ok(out)
}

fn shift_amount(cur: &mut Cursor) -> Result<ShiftBy, PErr> {
    Ok(ShiftBy::Imm(imm_in(cur, 0, 32)? as u8))
}

fn ex_size(base: &str) -> ExSize {
    if base.ends_with('b') {
        ExSize::Byte
    } else if base.ends_with('h') {
        ExSize::Half
    } else {
        ExSize::Word
    }
}

/// `[rn]` for load-acquire and store-release.
fn ex_address_plain(cur: &mut Cursor) -> Result<(Reg, u32), PErr> {
    cur.expect('[', "`[`")?;
    let rn = cur.reg()?;
    cur.expect(']', "`]`")?;
    Ok((rn, 0))
}

/// `[rn]` or `[rn, #imm]` for exclusives.
fn ex_address(cur: &mut Cursor, base: &str) -> Result<(Reg, u32), PErr> {
    if base.starts_with("ldrex") && (base.ends_with('b') || base.ends_with('h')) {
        // Byte and halfword exclusive loads take no offset at all, not even #0.
        return ex_address_plain(cur);
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

/// A load/store address: `[rn{, #imm}]{!}`, `[rn], #imm`, `[rn, rm{, lsl #n}]`, or a label.
fn address(cur: &mut Cursor, labels: &mut dyn Labels, allow_reg: bool) -> Result<Addr, PErr> {
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
