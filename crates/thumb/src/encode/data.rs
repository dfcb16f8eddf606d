//! Data processing: arithmetic, logic, moves, compares, shifts, multiplies,
//! divides, bit-field and byte-order operations.

use super::{no_sp_pc, Cx, Encoded};
use crate::error::Error;
use crate::imm::{encode_modified_imm, place_imm12};
use crate::insn::{
    BitsOp, CmpOp, DpOp, ExtendOp, Insn, LongMulOp, MovOp, Op2, ShiftBy, ShiftKind, ShiftOp,
    Shifted, Width,
};
use crate::reg::Reg;

pub(super) fn encode(cx: &Cx) -> Result<Encoded, Error> {
    match cx.inst.insn {
        Insn::Dp {
            op,
            s,
            rd,
            rn,
            op2: Op2::Imm(imm),
        } => dp_imm(cx, op, s, rd, rn, imm),
        Insn::Dp {
            op,
            s,
            rd,
            rn,
            op2: Op2::Reg(sh),
        } => dp_reg(cx, op, s, rd, rn, sh),
        Insn::AddW { sub, rd, rn, imm } => {
            cx.need_thumb2()?;
            if rd == Reg::PC || (rd == Reg::SP && rn != Reg::SP) {
                return Err(Error::operand(format!(
                    "{rd} cannot be the destination here"
                )));
            }
            let alt = || add_w(!sub, rd, rn, imm.wrapping_neg());
            cx.wide(add_w(sub, rd, rn, imm).or_else(alt).ok_or_else(|| {
                Error::operand(format!("immediate {imm:#x} does not fit in 12 bits"))
            })?)
        }
        Insn::Mov {
            op: MovOp::Mov,
            s,
            rd,
            op2: Op2::Imm(imm),
        } => mov_imm(cx, s, rd, imm),
        Insn::Mov {
            op: MovOp::Mvn,
            s,
            rd,
            op2: Op2::Imm(imm),
        } => mvn_imm(cx, s, rd, imm),
        Insn::Mov {
            op,
            s,
            rd,
            op2: Op2::Reg(sh),
        } => mov_reg(cx, op, s, rd, sh, false),
        Insn::MovW { top, rd, imm } => {
            cx.need_thumb2()?;
            no_sp_pc(rd, "the destination")?;
            let base = if top { 0xF2C0_0000 } else { 0xF240_0000 };
            cx.wide(base | place_imm16(imm as u32) | rd.n() << 8)
        }
        Insn::Cmp {
            op,
            rn,
            op2: Op2::Imm(imm),
        } => cmp_imm(cx, op, rn, imm),
        Insn::Cmp {
            op,
            rn,
            op2: Op2::Reg(sh),
        } => cmp_reg(cx, op, rn, sh),
        Insn::Shift {
            op,
            s,
            rd,
            rm,
            by: ShiftBy::Imm(n),
        } => {
            if op == ShiftOp::Ror && n == 0 {
                // `ror #0` has no 16-bit form; GNU as writes the 32-bit move.
                let sh = Shifted::plain(rm);
                return cx.pick(None, || {
                    no_sp_pc(rd, "the destination")?;
                    no_sp_pc(rm, "the source")?;
                    Ok(t32_reg(2, s, 15, rd.n(), sh))
                });
            }
            let sh = Shifted::new(rm, op.kind(), n)?;
            mov_reg(cx, MovOp::Mov, s, rd, sh, true)
        }
        Insn::Shift {
            op,
            s,
            rd,
            rm,
            by: ShiftBy::Reg(rs),
        } => shift_reg(cx, op, s, rd, rm, rs),
        Insn::Mul { s, rd, rn, rm } => mul(cx, s, rd, rn, rm),
        Insn::Mla { .. } | Insn::MulLong { .. } | Insn::Div { .. } => multiply(cx),
        Insn::Bits { op, rd, rm } => bits(cx, op, rd, rm),
        Insn::Extend { op, rd, rm, rotate } => extend(cx, op, rd, rm, rotate),
        Insn::Bfx { .. } | Insn::Bfi { .. } | Insn::Bfc { .. } => bit_field(cx),
        Insn::Sat { .. } => saturate(cx),
        _ => unreachable!("not a data-processing instruction"),
    }
}

/// The multiplies and divides only Thumb-2 has: `mla`/`mls`, the long
/// multiplies and `udiv`/`sdiv`.
fn multiply(cx: &Cx) -> Result<Encoded, Error> {
    match cx.inst.insn {
        Insn::Mla {
            sub,
            rd,
            rn,
            rm,
            ra,
        } => {
            cx.need_thumb2()?;
            let (d, n, m, a) = (
                no_sp_pc(rd, "rd")?,
                no_sp_pc(rn, "rn")?,
                no_sp_pc(rm, "rm")?,
                no_sp_pc(ra, "ra")?,
            );
            cx.wide(0xFB00_0000 | n << 16 | a << 12 | d << 8 | (sub as u32) << 4 | m)
        }
        Insn::MulLong {
            op,
            rdlo,
            rdhi,
            rn,
            rm,
        } => {
            cx.need_thumb2()?;
            let base = match op {
                LongMulOp::Smull => 0xFB80_0000,
                LongMulOp::Umull => 0xFBA0_0000,
                LongMulOp::Smlal => 0xFBC0_0000,
                LongMulOp::Umlal => 0xFBE0_0000,
            };
            let (lo, hi) = (no_sp_pc(rdlo, "rdlo")?, no_sp_pc(rdhi, "rdhi")?);
            let (n, m) = (no_sp_pc(rn, "rn")?, no_sp_pc(rm, "rm")?);
            cx.wide(base | n << 16 | lo << 12 | hi << 8 | m)
        }
        Insn::Div { signed, rd, rn, rm } => {
            cx.need_thumb2()?;
            let base = if signed { 0xFB90_F0F0 } else { 0xFBB0_F0F0 };
            let (d, n, m) = (
                no_sp_pc(rd, "rd")?,
                no_sp_pc(rn, "rn")?,
                no_sp_pc(rm, "rm")?,
            );
            cx.wide(base | n << 16 | d << 8 | m)
        }
        _ => unreachable!("not a Thumb-2 multiply or divide"),
    }
}

/// `ubfx`/`sbfx`, `bfi` and `bfc`.
fn bit_field(cx: &Cx) -> Result<Encoded, Error> {
    match cx.inst.insn {
        Insn::Bfx {
            signed,
            rd,
            rn,
            lsb,
            width,
        } => {
            cx.need_thumb2()?;
            check_field(lsb, width)?;
            let base = if signed { 0xF340_0000 } else { 0xF3C0_0000 };
            let (d, n) = (no_sp_pc(rd, "rd")?, no_sp_pc(rn, "rn")?);
            cx.wide(base | n << 16 | d << 8 | place_lsb(lsb) | (width as u32 - 1))
        }
        Insn::Bfi { rd, rn, lsb, width } => {
            cx.need_thumb2()?;
            check_field(lsb, width)?;
            let (d, n) = (no_sp_pc(rd, "rd")?, no_sp_pc(rn, "rn")?);
            cx.wide(0xF360_0000 | n << 16 | d << 8 | place_lsb(lsb) | (lsb + width - 1) as u32)
        }
        Insn::Bfc { rd, lsb, width } => {
            cx.need_thumb2()?;
            check_field(lsb, width)?;
            let d = no_sp_pc(rd, "rd")?;
            cx.wide(0xF36F_0000 | d << 8 | place_lsb(lsb) | (lsb + width - 1) as u32)
        }
        _ => unreachable!("not a bit-field instruction"),
    }
}

/// `ssat`/`usat`.
fn saturate(cx: &Cx) -> Result<Encoded, Error> {
    match cx.inst.insn {
        Insn::Sat {
            unsigned,
            rd,
            sat,
            rn,
            shift,
        } => {
            cx.need_thumb2()?;
            let (d, n) = (no_sp_pc(rd, "rd")?, no_sp_pc(rn, "rn")?);
            let (lo, hi) = if unsigned { (0, 31) } else { (1, 32) };
            if !(lo..=hi).contains(&sat) {
                return Err(Error::operand(format!(
                    "saturation bit {sat} out of range {lo}..{hi}"
                )));
            }
            let field = if unsigned { sat } else { sat - 1 } as u32;
            let sh = (shift.kind == ShiftKind::Asr) as u32;
            let base = if unsigned { 0xF380_0000 } else { 0xF300_0000 };
            let amount = shift.amount as u32;
            cx.wide(
                base | sh << 21
                    | n << 16
                    | (amount >> 2) << 12
                    | d << 8
                    | (amount & 3) << 6
                    | field,
            )
        }
        _ => unreachable!("not a saturate instruction"),
    }
}

fn place_imm16(imm: u32) -> u32 {
    (imm >> 12) << 16 | place_imm12(imm & 0xfff)
}

fn place_lsb(lsb: u8) -> u32 {
    (lsb as u32 >> 2) << 12 | (lsb as u32 & 3) << 6
}

fn check_field(lsb: u8, width: u8) -> Result<(), Error> {
    if lsb > 31 || width == 0 || lsb as u32 + width as u32 > 32 {
        return Err(Error::operand(format!(
            "bit field of width {width} at bit {lsb} does not fit in 32 bits"
        )));
    }
    Ok(())
}

/// The `imm3:imm2:type` bits of a shifted register operand (second halfword).
fn shift_bits(sh: Shifted) -> u32 {
    let (ty, n) = match sh.kind {
        ShiftKind::Lsl => (0, sh.amount as u32),
        ShiftKind::Lsr => (1, sh.amount as u32 & 31),
        ShiftKind::Asr => (2, sh.amount as u32 & 31),
        ShiftKind::Ror => (3, sh.amount as u32),
        ShiftKind::Rrx => (3, 0),
    };
    (n >> 2) << 12 | (n & 3) << 6 | ty << 4
}

/// 32-bit data processing with a modified immediate.
fn t32_imm(op: u32, s: bool, rn: u32, rd: u32, field: u32) -> u32 {
    0xF000_0000 | op << 21 | (s as u32) << 20 | rn << 16 | rd << 8 | place_imm12(field)
}

/// 32-bit data processing with a shifted register.
fn t32_reg(op: u32, s: bool, rn: u32, rd: u32, sh: Shifted) -> u32 {
    0xEA00_0000 | op << 21 | (s as u32) << 20 | rn << 16 | rd << 8 | shift_bits(sh) | sh.rm.n()
}

fn add_w(sub: bool, rd: Reg, rn: Reg, imm: u32) -> Option<u32> {
    (imm <= 0xfff).then(|| {
        let base = if sub { 0xF2A0_0000 } else { 0xF200_0000 };
        base | rn.n() << 16 | rd.n() << 8 | place_imm12(imm)
    })
}

/// The operation and constant GNU as substitutes when a constant does not
/// encode: negation for add/sub and cmp/cmn, complement for the logical pairs.
fn dp_alternative(op: DpOp, imm: u32) -> Option<(DpOp, u32)> {
    Some(match op {
        DpOp::Add => (DpOp::Sub, imm.wrapping_neg()),
        DpOp::Sub => (DpOp::Add, imm.wrapping_neg()),
        DpOp::Adc => (DpOp::Sbc, !imm),
        DpOp::Sbc => (DpOp::Adc, !imm),
        DpOp::And => (DpOp::Bic, !imm),
        DpOp::Bic => (DpOp::And, !imm),
        DpOp::Orr => (DpOp::Orn, !imm),
        DpOp::Orn => (DpOp::Orr, !imm),
        DpOp::Eor | DpOp::Rsb => return None,
    })
}

fn dp_imm(cx: &Cx, op: DpOp, s: bool, rd: Reg, rn: Reg, imm: u32) -> Result<Encoded, Error> {
    if !cx.env.profile.has_thumb2()
        && matches!(op, DpOp::Add | DpOp::Sub)
        && (imm as i32) < 0
        && rn != Reg::PC
    {
        // Without 32-bit forms GNU as negates: `subs r0, #-1` is `adds r0, #1`.
        let flipped = if op == DpOp::Add {
            DpOp::Sub
        } else {
            DpOp::Add
        };
        return dp_imm_narrow(cx, flipped, s, rd, rn, imm.wrapping_neg());
    }
    dp_imm_narrow(cx, op, s, rd, rn, imm)
}

fn dp_imm_narrow(cx: &Cx, op: DpOp, s: bool, rd: Reg, rn: Reg, imm: u32) -> Result<Encoded, Error> {
    let flags_ok = s == cx.env.narrow_sets_flags();
    let low = rd.is_low() && rn.is_low();
    let narrow = match op {
        DpOp::Add | DpOp::Sub => {
            let sub = (op == DpOp::Sub) as u32;
            if low && flags_ok && rd == rn && imm < 256 {
                Some(0x3000 | sub << 11 | rd.n() << 8 | imm)
            } else if low && flags_ok && imm < 8 {
                Some(0x1C00 | sub << 9 | imm << 6 | rn.n() << 3 | rd.n())
            } else if !s && rd == Reg::SP && rn == Reg::SP && imm % 4 == 0 && imm <= 508 {
                Some(0xB000 | sub << 7 | (imm / 4))
            } else if op == DpOp::Add
                && !s
                && rd.is_low()
                && (rn == Reg::SP || rn == Reg::PC)
                && imm % 4 == 0
                && imm <= 1020
            {
                let base = if rn == Reg::SP { 0xA800 } else { 0xA000 };
                Some(base | rd.n() << 8 | (imm / 4))
            } else {
                None
            }
        }
        DpOp::Rsb if low && flags_ok && imm == 0 => Some(0x4240 | rn.n() << 3 | rd.n()),
        _ => None,
    };
    cx.pick(narrow, || {
        let w = dp_imm_wide(op, s, rd, rn, imm)?;
        // Inside an IT block GNU as never falls back to addw/subw for a
        // constant the modified-immediate form cannot hold.
        if cx.env.in_it && rn != Reg::PC && rn != Reg::SP && w & 0xFA00_8000 == 0xF200_0000 {
            return Err(Error::operand(format!(
                "constant {imm:#x} cannot be encoded for {} inside an IT block",
                op.name()
            )));
        }
        Ok(w)
    })
}

fn dp_imm_wide(op: DpOp, s: bool, rd: Reg, rn: Reg, imm: u32) -> Result<u32, Error> {
    let is_addsub = matches!(op, DpOp::Add | DpOp::Sub);
    if op == DpOp::Sub && s && rd == Reg::PC && rn == Reg::LR && imm < 256 {
        // `subs pc, lr, #imm`: exception return.
        return Ok(0xF3DE_8F00 | imm);
    }
    // GNU as accepts `neg` (rsb #0) with any registers at all.
    let neg = op == DpOp::Rsb && imm == 0;
    let sp_dest_ok = (is_addsub && rn == Reg::SP) || neg;
    if (rd == Reg::PC && !neg) || (rd == Reg::SP && !sp_dest_ok) {
        return Err(Error::operand(format!(
            "{rd} cannot be the destination of {}",
            op.name()
        )));
    }
    if (rn == Reg::PC || rn == Reg::SP) && !is_addsub && !neg {
        return Err(Error::operand(format!(
            "pc cannot be an operand of {}",
            op.name()
        )));
    }
    if is_addsub && rn == Reg::PC {
        // PC-relative arithmetic is ADR's 12-bit form, which never sets flags.
        let sub = op == DpOp::Sub;
        return add_w(sub, rd, rn, imm)
            .or_else(|| add_w(!sub, rd, rn, imm.wrapping_neg()))
            .ok_or_else(|| Error::operand(format!("pc-relative offset {imm:#x} out of range")));
    }
    if let Some(field) = encode_modified_imm(imm) {
        return Ok(t32_imm(op.t32_op(), s, rn.n(), rd.n(), field));
    }
    if let Some((alt, v)) = dp_alternative(op, imm) {
        if let Some(field) = encode_modified_imm(v) {
            return Ok(t32_imm(alt.t32_op(), s, rn.n(), rd.n(), field));
        }
    }
    if is_addsub && !s {
        let sub = op == DpOp::Sub;
        if let Some(w) = add_w(sub, rd, rn, imm).or_else(|| add_w(!sub, rd, rn, imm.wrapping_neg()))
        {
            return Ok(w);
        }
    }
    Err(Error::operand(format!(
        "constant {imm:#x} cannot be encoded for {}",
        op.name()
    )))
}

/// The 16-bit two-register ALU opcode (`0x4000 | op << 6`) of an operation.
fn alu16(op: DpOp) -> Option<u32> {
    Some(match op {
        DpOp::And => 0,
        DpOp::Eor => 1,
        DpOp::Adc => 5,
        DpOp::Sbc => 6,
        DpOp::Orr => 12,
        DpOp::Bic => 14,
        _ => return None,
    })
}

fn dp_reg(cx: &Cx, op: DpOp, s: bool, rd: Reg, rn: Reg, sh: Shifted) -> Result<Encoded, Error> {
    let rm = sh.rm;
    let flags_ok = s == cx.env.narrow_sets_flags();
    let plain = sh.is_plain();
    let all_low = rd.is_low() && rn.is_low() && rm.is_low();
    let narrow = if !plain {
        None
    } else {
        match op {
            DpOp::Add | DpOp::Sub if all_low && flags_ok => {
                let sub = (op == DpOp::Sub) as u32;
                Some(0x1800 | sub << 9 | rm.n() << 6 | rn.n() << 3 | rd.n())
            }
            DpOp::Add if !s && (rd == rn || rd == rm) => {
                let other = if rd == rn { rm } else { rn };
                Some(0x4400 | (rd.n() >> 3) << 7 | other.n() << 3 | (rd.n() & 7))
            }
            _ => alu16(op).and_then(|code| {
                let other = if rd == rn {
                    Some(rm)
                } else if rd == rm && op.commutes() {
                    Some(rn)
                } else {
                    None
                };
                other
                    .filter(|_| all_low && flags_ok)
                    .map(|m| 0x4000 | code << 6 | m.n() << 3 | rd.n())
            }),
        }
    };
    cx.pick(narrow, || {
        // SP-relative arithmetic allows only `lsl #0..3` on the register.
        let small_shift = sh.kind == ShiftKind::Lsl && sh.amount <= 3;
        let sp_ok =
            matches!(op, DpOp::Add | DpOp::Sub) && rn == Reg::SP && (small_shift || rd != Reg::SP);
        if rd == Reg::PC || (rd == Reg::SP && !sp_ok) {
            return Err(Error::operand(format!(
                "{rd} cannot be the destination of {}",
                op.name()
            )));
        }
        if rn == Reg::PC || (rn == Reg::SP && !sp_ok) {
            return Err(Error::operand(format!(
                "{rn} cannot be an operand of {}",
                op.name()
            )));
        }
        no_sp_pc(rm, "the register operand")?;
        Ok(t32_reg(op.t32_op(), s, rn.n(), rd.n(), sh))
    })
}

fn mov_imm(cx: &Cx, s: bool, rd: Reg, imm: u32) -> Result<Encoded, Error> {
    let narrow = (rd.is_low() && imm < 256 && s == cx.env.narrow_sets_flags())
        .then(|| 0x2000 | rd.n() << 8 | imm);
    cx.pick(narrow, || {
        no_sp_pc(rd, "the destination of mov")?;
        mov_imm_wide(s, rd, imm)
    })
}

/// `mov.w`, `mvn.w` of the complement, or `movw`, in GNU as's order of preference.
pub(crate) fn mov_imm_wide(s: bool, rd: Reg, imm: u32) -> Result<u32, Error> {
    if let Some(f) = encode_modified_imm(imm) {
        return Ok(t32_imm(2, s, 15, rd.n(), f));
    }
    if let Some(f) = encode_modified_imm(!imm) {
        return Ok(t32_imm(3, s, 15, rd.n(), f));
    }
    if !s && imm <= 0xffff {
        return Ok(0xF240_0000 | place_imm16(imm) | rd.n() << 8);
    }
    Err(Error::operand(format!(
        "constant {imm:#x} cannot be encoded for mov"
    )))
}

fn mvn_imm(cx: &Cx, s: bool, rd: Reg, imm: u32) -> Result<Encoded, Error> {
    cx.pick(None, || {
        no_sp_pc(rd, "the destination of mvn")?;
        if let Some(f) = encode_modified_imm(imm) {
            return Ok(t32_imm(3, s, 15, rd.n(), f));
        }
        if let Some(f) = encode_modified_imm(!imm) {
            return Ok(t32_imm(2, s, 15, rd.n(), f));
        }
        Err(Error::operand(format!(
            "constant {imm:#x} cannot be encoded for mvn"
        )))
    })
}

/// `from_shift` marks `lsl rd, rm, #0` and friends, which GNU as never turns
/// into the 16-bit register move.
fn mov_reg(
    cx: &Cx,
    op: MovOp,
    s: bool,
    rd: Reg,
    sh: Shifted,
    from_shift: bool,
) -> Result<Encoded, Error> {
    let rm = sh.rm;
    let flags_ok = s == cx.env.narrow_sets_flags();
    let low = rd.is_low() && rm.is_low();
    let narrow = match op {
        MovOp::Mov if sh.is_plain() && !s && !from_shift => {
            Some(0x4600 | (rd.n() >> 3) << 7 | rm.n() << 3 | (rd.n() & 7))
        }
        MovOp::Mov if low && flags_ok => {
            let code = match sh.kind {
                ShiftKind::Lsl => Some(0),
                ShiftKind::Lsr => Some(1),
                ShiftKind::Asr => Some(2),
                ShiftKind::Ror | ShiftKind::Rrx => None,
            };
            code.map(|c| c << 11 | (sh.amount as u32 & 31) << 6 | rm.n() << 3 | rd.n())
        }
        MovOp::Mvn if low && flags_ok && sh.is_plain() => Some(0x43C0 | rm.n() << 3 | rd.n()),
        _ => None,
    };
    if cx.width == Width::Wide
        && op == MovOp::Mov
        && flags_ok
        && !from_shift
        && low
        && !sh.is_plain()
        && matches!(sh.kind, ShiftKind::Lsl | ShiftKind::Lsr | ShiftKind::Asr)
    {
        // GNU as reads this as the shift instruction, whose 16-bit form it
        // then cannot widen.
        return Err(Error::width(cx.what()));
    }
    cx.pick(narrow, || {
        // GNU as takes sp on either side of a 32-bit `mov`, but not of
        // `movs` or `mvn`.
        if op == MovOp::Mov && !s && !from_shift {
            super::no_pc(rd, "the destination")?;
            super::no_pc(rm, "the source")?;
        } else {
            no_sp_pc(rd, "the destination")?;
            no_sp_pc(rm, "the source")?;
        }
        let op = if op == MovOp::Mov { 2 } else { 3 };
        Ok(t32_reg(op, s, 15, rd.n(), sh))
    })
}

fn cmp_imm(cx: &Cx, op: CmpOp, rn: Reg, imm: u32) -> Result<Encoded, Error> {
    let narrow = (op == CmpOp::Cmp && rn.is_low() && imm < 256).then(|| 0x2800 | rn.n() << 8 | imm);
    cx.pick(narrow, || {
        check_cmp_rn(op, rn)?;
        let code = |op| match op {
            CmpOp::Tst => 0,
            CmpOp::Teq => 4,
            CmpOp::Cmn => 8,
            CmpOp::Cmp => 13,
        };
        if let Some(f) = encode_modified_imm(imm) {
            return Ok(t32_imm(code(op), true, rn.n(), 15, f));
        }
        let alt = match op {
            CmpOp::Cmp => Some(CmpOp::Cmn),
            CmpOp::Cmn => Some(CmpOp::Cmp),
            _ => None,
        };
        if let Some(f) = alt.and_then(|_| encode_modified_imm(imm.wrapping_neg())) {
            return Ok(t32_imm(code(alt.unwrap()), true, rn.n(), 15, f));
        }
        Err(Error::operand(format!(
            "constant {imm:#x} cannot be encoded for {}",
            op.name()
        )))
    })
}

fn no_pc(rn: Reg) -> Result<(), Error> {
    super::no_pc(rn, "the first operand").map(|_| ())
}

/// tst and teq take neither sp nor pc as their first operand.
fn check_cmp_rn(op: CmpOp, rn: Reg) -> Result<(), Error> {
    if matches!(op, CmpOp::Tst | CmpOp::Teq) {
        no_sp_pc(rn, "the first operand")?;
    }
    no_pc(rn)
}

fn cmp_reg(cx: &Cx, op: CmpOp, rn: Reg, sh: Shifted) -> Result<Encoded, Error> {
    let rm = sh.rm;
    let low = rn.is_low() && rm.is_low();
    let narrow = if !sh.is_plain() {
        None
    } else {
        match op {
            CmpOp::Cmp if low => Some(0x4280 | rm.n() << 3 | rn.n()),
            CmpOp::Cmp if rn != Reg::PC && rm != Reg::PC => {
                Some(0x4500 | (rn.n() >> 3) << 7 | rm.n() << 3 | (rn.n() & 7))
            }
            CmpOp::Cmn if low => Some(0x42C0 | rm.n() << 3 | rn.n()),
            CmpOp::Tst if low => Some(0x4200 | rm.n() << 3 | rn.n()),
            _ => None,
        }
    };
    cx.pick(narrow, || {
        check_cmp_rn(op, rn)?;
        no_sp_pc(rm, "the register operand")?;
        let code = match op {
            CmpOp::Tst => 0,
            CmpOp::Teq => 4,
            CmpOp::Cmn => 8,
            CmpOp::Cmp => 13,
        };
        Ok(t32_reg(code, true, rn.n(), 15, sh))
    })
}

fn shift_reg(cx: &Cx, op: ShiftOp, s: bool, rd: Reg, rm: Reg, rs: Reg) -> Result<Encoded, Error> {
    let code = match op {
        ShiftOp::Lsl => 0,
        ShiftOp::Lsr => 1,
        ShiftOp::Asr => 2,
        ShiftOp::Ror => 3,
    };
    let narrow_op = [2, 3, 4, 7][code as usize];
    let narrow = (rd == rm && rd.is_low() && rs.is_low() && s == cx.env.narrow_sets_flags())
        .then(|| 0x4000 | narrow_op << 6 | rs.n() << 3 | rd.n());
    cx.pick(narrow, || {
        // Written as `mov rd, rm, lsr rs`, GNU as lets sp into a
        // non-flag-setting shift and any register be the amount; the text
        // front end refuses both for the `lsr` mnemonic itself.
        let check = if s { no_sp_pc } else { super::no_pc };
        let (d, m, r) = (check(rd, "rd")?, check(rm, "rm")?, rs.n());
        Ok(0xFA00_F000 | code << 21 | (s as u32) << 20 | m << 16 | d << 8 | r)
    })
}

fn mul(cx: &Cx, s: bool, rd: Reg, rn: Reg, rm: Reg) -> Result<Encoded, Error> {
    let other = if rd == rm {
        Some(rn)
    } else if rd == rn {
        Some(rm)
    } else {
        None
    };
    let flags_ok = s == cx.env.narrow_sets_flags();
    let narrow = other
        .filter(|o| flags_ok && rd.is_low() && o.is_low())
        .map(|o| 0x4340 | o.n() << 3 | rd.n());
    if s && (narrow.is_none() || cx.width == Width::Wide) {
        return Err(Error::operand(
            "a flag-setting mul needs the 16-bit form: muls rd, rn, rd with low registers",
        ));
    }
    cx.pick(narrow, || {
        let (d, n, m) = (
            no_sp_pc(rd, "rd")?,
            no_sp_pc(rn, "rn")?,
            no_sp_pc(rm, "rm")?,
        );
        Ok(0xFB00_F000 | n << 16 | d << 8 | m)
    })
}

fn bits(cx: &Cx, op: BitsOp, rd: Reg, rm: Reg) -> Result<Encoded, Error> {
    let low = rd.is_low() && rm.is_low();
    let narrow = match op {
        BitsOp::Rev if low => Some(0xBA00),
        BitsOp::Rev16 if low => Some(0xBA40),
        BitsOp::Revsh if low => Some(0xBAC0),
        _ => None,
    }
    .map(|h| h | rm.n() << 3 | rd.n());
    if op == BitsOp::Clz || op == BitsOp::Rbit {
        cx.need_thumb2()?;
    }
    cx.pick(narrow, || {
        let (d, m) = (no_sp_pc(rd, "rd")?, no_sp_pc(rm, "rm")?);
        let base = match op {
            BitsOp::Clz => 0xFAB0_F080,
            BitsOp::Rbit => 0xFA90_F0A0,
            BitsOp::Rev => 0xFA90_F080,
            BitsOp::Rev16 => 0xFA90_F090,
            BitsOp::Revsh => 0xFA90_F0B0,
        };
        Ok(base | m << 16 | d << 8 | m)
    })
}

fn extend(cx: &Cx, op: ExtendOp, rd: Reg, rm: Reg, rotate: u8) -> Result<Encoded, Error> {
    if rotate % 8 != 0 || rotate > 24 {
        return Err(Error::operand("rotation must be 0, 8, 16 or 24"));
    }
    let narrow = (rd.is_low() && rm.is_low() && rotate == 0).then(|| {
        let base = match op {
            ExtendOp::Sxth => 0xB200,
            ExtendOp::Sxtb => 0xB240,
            ExtendOp::Uxth => 0xB280,
            ExtendOp::Uxtb => 0xB2C0,
        };
        base | rm.n() << 3 | rd.n()
    });
    cx.pick(narrow, || {
        let (d, m) = (no_sp_pc(rd, "rd")?, no_sp_pc(rm, "rm")?);
        let base = match op {
            ExtendOp::Sxth => 0xFA0F_F080,
            ExtendOp::Uxth => 0xFA1F_F080,
            ExtendOp::Sxtb => 0xFA4F_F080,
            ExtendOp::Uxtb => 0xFA5F_F080,
        };
        Ok(base | d << 8 | (rotate as u32 / 8) << 4 | m)
    })
}
