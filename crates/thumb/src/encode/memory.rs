//! Loads and stores: single, dual, multiple, exclusive, and PC-relative
//! literals (including `ldr rt, =value` and `adr`).

use super::{no_pc, no_sp_pc, Cx, Encoded};
use crate::error::Error;
use crate::imm::encode_modified_imm;
use crate::insn::{Addr, ExSize, Insn, MemOp, Value, Width};
use crate::profile::Profile;
use crate::reg::{Reg, RegList};

pub(super) fn encode(cx: &Cx) -> Result<Encoded, Error> {
    match cx.inst.insn {
        Insn::Mem { op, rt, addr } => single(cx, op, rt, addr),
        Insn::LdrConst { rt, value } => ldr_const(cx, rt, value),
        Insn::MemUnpriv {
            op,
            rt,
            rn: Reg::PC,
            imm,
        } if op.is_load() => {
            // GNU as writes an unprivileged load from pc as the ordinary
            // 32-bit literal load.
            cx.need_thumb2()?;
            check_rt(op, rt)?;
            cx.wide(t32_base(op) | 0x008F_0000 | rt.n() << 12 | imm as u32)
        }
        Insn::MemUnpriv { op, rt, rn, imm } => {
            cx.need_thumb2()?;
            check_rt(op, rt)?;
            let n = no_pc(rn, "the base")?;
            cx.wide(t32_base(op) | n << 16 | no_sp_pc(rt, "rt")? << 12 | 0xE00 | imm as u32)
        }
        Insn::Preload { instruction, addr } => preload(cx, instruction, addr),
        Insn::LoadAcquire {
            size,
            exclusive,
            rt,
            rn,
        } => {
            need_v8m(cx)?;
            let (t, n) = (no_sp_pc(rt, "rt")?, no_pc(rn, "the base")?);
            let op = acq_rel_op(size) | (exclusive as u32) << 6;
            cx.wide(0xE8D0_0F0F | n << 16 | t << 12 | op)
        }
        Insn::StoreRelease {
            size,
            status,
            rt,
            rn,
        } => {
            need_v8m(cx)?;
            let (t, n) = (no_pc(rt, "rt")?, no_pc(rn, "the base")?);
            let low = match status {
                Some(d) if d == rt || d == rn => {
                    return Err(Error::operand(
                        "rd must differ from rt and the base register",
                    ))
                }
                Some(d) => acq_rel_op(size) | 0x40 | no_pc(d, "rd")?,
                None => acq_rel_op(size) | 0xF,
            };
            cx.wide(0xE8C0_0F00 | n << 16 | t << 12 | low)
        }
        Insn::Adr { rd, .. } => adr(cx, rd),
        Insn::Dual {
            load,
            rt,
            rt2,
            addr,
        } => dual(cx, load, rt, rt2, addr),
        Insn::Multi {
            load,
            db,
            rn,
            wback,
            regs,
        } => multi(cx, load, db, rn, wback, regs),
        Insn::Push(regs) => push_pop(cx, false, regs),
        Insn::Pop(regs) => push_pop(cx, true, regs),
        Insn::Ldrex { size, rt, rn, imm } => {
            cx.need_thumb2()?;
            let (t, n) = (no_sp_pc(rt, "rt")?, no_pc(rn, "the base")?);
            match size {
                ExSize::Word => cx.wide(0xE850_0F00 | n << 16 | t << 12 | ex_offset(imm)?),
                ExSize::Byte => cx.wide(0xE8D0_0F4F | n << 16 | t << 12 | no_imm(imm)?),
                ExSize::Half => cx.wide(0xE8D0_0F5F | n << 16 | t << 12 | no_imm(imm)?),
            }
        }
        Insn::Strex {
            size,
            rd,
            rt,
            rn,
            imm,
        } => {
            cx.need_thumb2()?;
            let (d, t, n) = (
                no_sp_pc(rd, "rd")?,
                no_sp_pc(rt, "rt")?,
                no_pc(rn, "the base")?,
            );
            match size {
                ExSize::Word => cx.wide(0xE840_0000 | n << 16 | t << 12 | d << 8 | ex_offset(imm)?),
                ExSize::Byte | ExSize::Half if d == t || d == n => Err(Error::operand(
                    "rd must differ from rt and the base register",
                )),
                ExSize::Byte => cx.wide(0xE8C0_0F40 | n << 16 | t << 12 | d | no_imm(imm)?),
                ExSize::Half => cx.wide(0xE8C0_0F50 | n << 16 | t << 12 | d | no_imm(imm)?),
            }
        }
        _ => unreachable!("not a memory instruction"),
    }
}

/// The size bits (7:4) of load-acquire/store-release.
fn acq_rel_op(size: ExSize) -> u32 {
    match size {
        ExSize::Byte => 0x80,
        ExSize::Half => 0x90,
        ExSize::Word => 0xA0,
    }
}

fn need_v8m(cx: &Cx) -> Result<(), Error> {
    if cx.env.profile == Profile::V8MMain {
        Ok(())
    } else {
        Err(Error::profile(format!("`{}`", cx.what()), cx.env.profile))
    }
}

fn ex_offset(imm: u32) -> Result<u32, Error> {
    if imm % 4 != 0 || imm > 1020 {
        return Err(Error::operand(format!(
            "offset #{imm} must be a multiple of 4 up to 1020"
        )));
    }
    Ok(imm / 4)
}

fn no_imm(imm: u32) -> Result<u32, Error> {
    if imm != 0 {
        return Err(Error::operand(
            "byte and halfword exclusives take no offset",
        ));
    }
    Ok(0)
}

/// The 32-bit base opcode (first halfword << 16) of a single load or store.
fn t32_base(op: MemOp) -> u32 {
    match op {
        MemOp::Strb => 0xF800_0000,
        MemOp::Ldrb => 0xF810_0000,
        MemOp::Strh => 0xF820_0000,
        MemOp::Ldrh => 0xF830_0000,
        MemOp::Str => 0xF840_0000,
        MemOp::Ldr => 0xF850_0000,
        MemOp::Ldrsb => 0xF910_0000,
        MemOp::Ldrsh => 0xF930_0000,
    }
}

/// `op rt, [rn, #imm]`-style 32-bit forms: T3 for 0..=4095, T4 for the rest.
fn t32_imm(op: MemOp, rt: u32, rn: u32, imm: i32, pre: bool, wback: bool) -> Result<u32, Error> {
    let base = t32_base(op) | rn << 16 | rt << 12;
    if pre && !wback && (0..=4095).contains(&imm) {
        return Ok(base | 0x0080_0000 | imm as u32);
    }
    if !(-255..=255).contains(&imm) {
        return Err(Error::operand(format!("offset #{imm} out of range")));
    }
    let up = (imm >= 0) as u32;
    Ok(base | 0x800 | (pre as u32) << 10 | up << 9 | (wback as u32) << 8 | imm.unsigned_abs())
}

fn single(cx: &Cx, op: MemOp, rt: Reg, addr: Addr) -> Result<Encoded, Error> {
    let log = op.size_log2();
    let low_t = rt.is_low();
    match addr {
        Addr::Offset { rn: Reg::PC, imm } => {
            if !op.is_load() {
                return Err(Error::operand("stores cannot be PC-relative"));
            }
            literal(cx, op, rt, imm)
        }
        Addr::Offset { rn, imm } => {
            let scaled = imm >> log;
            let narrow =
                if low_t && rn.is_low() && imm >= 0 && imm & ((1 << log) - 1) == 0 && scaled < 32 {
                    let base = match op {
                        MemOp::Str => Some(0x6000),
                        MemOp::Ldr => Some(0x6800),
                        MemOp::Strb => Some(0x7000),
                        MemOp::Ldrb => Some(0x7800),
                        MemOp::Strh => Some(0x8000),
                        MemOp::Ldrh => Some(0x8800),
                        MemOp::Ldrsb | MemOp::Ldrsh => None,
                    };
                    base.map(|b| b | (scaled as u32) << 6 | rn.n() << 3 | rt.n())
                } else if low_t && rn == Reg::SP && (0..=1020).contains(&imm) && imm % 4 == 0 {
                    match op {
                        MemOp::Str => Some(0x9000 | rt.n() << 8 | (imm as u32 / 4)),
                        MemOp::Ldr => Some(0x9800 | rt.n() << 8 | (imm as u32 / 4)),
                        _ => None,
                    }
                } else {
                    None
                };
            cx.pick(narrow, || {
                check_rt(op, rt)?;
                t32_imm(op, rt.n(), rn.n(), imm, true, false)
            })
        }
        Addr::PreIndex { rn, imm } | Addr::PostIndex { rn, imm } => {
            let pre = matches!(addr, Addr::PreIndex { .. });
            cx.pick(None, || {
                check_rt(op, rt)?;
                no_pc(rn, "a written-back base")?;
                if rn == rt {
                    return Err(Error::operand(
                        "the base register cannot be the transfer register when written back",
                    ));
                }
                t32_imm(op, rt.n(), rn.n(), imm, pre, true)
            })
        }
        Addr::Register { rn, rm, shift } => {
            let narrow = (low_t && rn.is_low() && rm.is_low() && shift == 0).then(|| {
                let base = match op {
                    MemOp::Str => 0x5000,
                    MemOp::Strh => 0x5200,
                    MemOp::Strb => 0x5400,
                    MemOp::Ldrsb => 0x5600,
                    MemOp::Ldr => 0x5800,
                    MemOp::Ldrh => 0x5A00,
                    MemOp::Ldrb => 0x5C00,
                    MemOp::Ldrsh => 0x5E00,
                };
                base | rm.n() << 6 | rn.n() << 3 | rt.n()
            });
            cx.pick(narrow, || {
                check_rt(op, rt)?;
                if shift > 3 {
                    return Err(Error::operand("index shift must be lsl #0 to #3"));
                }
                no_pc(rn, "the base register")?;
                let m = no_sp_pc(rm, "the index register")?;
                Ok(t32_base(op) | rn.n() << 16 | rt.n() << 12 | (shift as u32) << 4 | m)
            })
        }
        Addr::Literal(_) => {
            if !op.is_load() {
                return Err(Error::operand("stores cannot be PC-relative"));
            }
            literal(cx, op, rt, pc_offset(cx))
        }
    }
}

/// `pld`/`pli`: a byte load (signed for `pli`) into pc, which the ISA reads as a hint.
fn preload(cx: &Cx, instruction: bool, addr: Addr) -> Result<Encoded, Error> {
    cx.need_thumb2()?;
    let op = if instruction {
        MemOp::Ldrsb
    } else {
        MemOp::Ldrb
    };
    let pc = Reg::PC.n();
    let offset = match addr {
        Addr::Offset { rn: Reg::PC, imm } => imm,
        Addr::Literal(_) => pc_offset(cx),
        Addr::Offset { rn, imm } => return cx.wide(t32_imm(op, pc, rn.n(), imm, true, false)?),
        Addr::Register { rn, rm, shift } => {
            super::no_pc(rn, "the base register")?;
            let m = no_sp_pc(rm, "the index register")?;
            return cx.wide(t32_base(op) | rn.n() << 16 | pc << 12 | (shift as u32) << 4 | m);
        }
        Addr::PreIndex { .. } | Addr::PostIndex { .. } => {
            return Err(Error::operand("preload takes no write-back"));
        }
    };
    if !(-4095..=4095).contains(&offset) {
        return Err(Error::range(format!(
            "literal is {offset} bytes away, beyond +/-4095"
        )));
    }
    let up = (offset >= 0) as u32;
    cx.wide(t32_base(op) | 0x000F_0000 | up << 23 | pc << 12 | offset.unsigned_abs())
}

/// A PC-relative load `offset` bytes from the aligned PC.
fn literal(cx: &Cx, op: MemOp, rt: Reg, offset: i32) -> Result<Encoded, Error> {
    let narrow_ok =
        op == MemOp::Ldr && rt.is_low() && (0..=1020).contains(&offset) && offset % 4 == 0;
    if narrow_ok && cx.width != Width::Wide && cx.env.size != Some(4) {
        return Ok(Encoded::half(0x4800 | rt.n() << 8 | (offset as u32 / 4)));
    }
    if cx.width == Width::Narrow || cx.env.size == Some(2) {
        return Err(Error::range(format!(
            "literal is {offset} bytes away, beyond the 16-bit form's 0..1020"
        )));
    }
    if !(-4095..=4095).contains(&offset) {
        return Err(Error::range(format!(
            "literal is {offset} bytes away, beyond +/-4095"
        )));
    }
    check_rt(op, rt)?;
    let up = (offset >= 0) as u32;
    cx.wide(t32_base(op) | 0x000F_0000 | up << 23 | rt.n() << 12 | offset.unsigned_abs())
}

/// Bytes from the aligned PC to the instruction's resolved target.
fn pc_offset(cx: &Cx) -> i32 {
    let base = cx.env.pc.wrapping_add(4) & !3;
    cx.env.target.unwrap_or(base).wrapping_sub(base) as i32
}

fn check_rt(op: MemOp, rt: Reg) -> Result<(), Error> {
    if rt == Reg::SP && op != MemOp::Ldr && op != MemOp::Str {
        return Err(Error::operand(format!(
            "sp cannot be the transfer register of {}",
            op.name()
        )));
    }
    if rt == Reg::PC && op != MemOp::Ldr {
        return Err(Error::operand(format!(
            "pc cannot be the transfer register of {}",
            op.name()
        )));
    }
    Ok(())
}

/// Whether `ldr rt, =value` needs a literal-pool entry (otherwise it becomes a move).
pub fn ldr_const_needs_pool(value: Value, profile: Profile, rt: Reg) -> bool {
    match value {
        Value::Label(_) => true,
        Value::Imm(v) => const_move(v, profile, rt).is_none(),
        Value::Signed(v) => const_move(v as u32, profile, rt).is_none(),
    }
}

/// The move GNU as uses instead of a literal for `ldr rt, =v`, if any.
fn const_move(v: u32, profile: Profile, rt: Reg) -> Option<Encoded> {
    if profile.has_thumb2() {
        if rt == Reg::SP || rt == Reg::PC {
            return None;
        }
        if encode_modified_imm(v).is_some() || encode_modified_imm(!v).is_some() || v <= 0xffff {
            return super::data::mov_imm_wide(false, rt, v)
                .ok()
                .map(Encoded::word);
        }
        None
    } else {
        // GNU as keeps every `ldr rt, =v` a literal load on ARMv6-M.
        None
    }
}

fn ldr_const(cx: &Cx, rt: Reg, value: Value) -> Result<Encoded, Error> {
    let constant = match value {
        Value::Imm(v) => Some(v),
        Value::Signed(v) => Some(v as u32),
        Value::Label(_) => None,
    };
    if let Some(v) = constant {
        if let Some(e) = const_move(v, cx.env.profile, rt) {
            // GNU as refuses `.n` for a `mov.w`/`mvn.w` but not for a `movw`.
            let movw = v <= 0xffff
                && encode_modified_imm(v).is_none()
                && encode_modified_imm(!v).is_none();
            if cx.width == Width::Narrow && e.is_wide() && !movw {
                return Err(Error::width(cx.what()));
            }
            return Ok(e);
        }
    }
    literal(cx, MemOp::Ldr, rt, pc_offset(cx))
}

fn adr(cx: &Cx, rd: Reg) -> Result<Encoded, Error> {
    let offset = pc_offset(cx);
    let narrow_ok = rd.is_low() && (0..=1020).contains(&offset) && offset % 4 == 0;
    if narrow_ok && cx.width != Width::Wide && cx.env.size != Some(4) {
        return Ok(Encoded::half(0xA000 | rd.n() << 8 | (offset as u32 / 4)));
    }
    if cx.width == Width::Narrow || cx.env.size == Some(2) {
        return Err(Error::range(format!(
            "adr target is {offset} bytes away, beyond the 16-bit form's 0..1020"
        )));
    }
    let d = no_sp_pc(rd, "the destination of adr")?;
    if !(-4095..=4095).contains(&offset) {
        return Err(Error::range(format!(
            "adr target is {offset} bytes away, beyond +/-4095"
        )));
    }
    let base = if offset < 0 { 0xF2AF_0000 } else { 0xF20F_0000 };
    cx.wide(base | d << 8 | crate::imm::place_imm12(offset.unsigned_abs()))
}

fn dual(cx: &Cx, load: bool, rt: Reg, rt2: Reg, addr: Addr) -> Result<Encoded, Error> {
    cx.need_thumb2()?;
    let (t, t2) = (no_sp_pc(rt, "rt")?, no_sp_pc(rt2, "rt2")?);
    let (rn, imm, p, w) = match addr {
        Addr::Offset { rn, imm } => (rn, imm, 1, 0),
        Addr::PreIndex { rn, imm } => (rn, imm, 1, 1),
        Addr::PostIndex { rn, imm } => (rn, imm, 0, 1),
        Addr::Literal(_) => {
            if !load {
                return Err(Error::operand("strd cannot be PC-relative"));
            }
            (Reg::PC, pc_offset(cx), 1, 0)
        }
        Addr::Register { .. } => {
            return Err(Error::operand("ldrd/strd take no register offset"));
        }
    };
    if imm % 4 != 0 || !(-1020..=1020).contains(&imm) {
        return Err(Error::operand(format!(
            "offset #{imm} must be a multiple of 4 within +/-1020"
        )));
    }
    if (!load || w == 1) && rn == Reg::PC {
        return Err(Error::operand("pc cannot be the base here"));
    }
    let up = (imm >= 0) as u32;
    cx.wide(
        0xE840_0000
            | p << 24
            | up << 23
            | w << 21
            | (load as u32) << 20
            | rn.n() << 16
            | t << 12
            | t2 << 8
            | (imm.unsigned_abs() / 4),
    )
}

/// Refuses register lists no multiple transfer can hold.
fn check_list(load: bool, regs: RegList, base: Reg, wback: bool) -> Result<(), Error> {
    if regs.is_empty() {
        return Err(Error::operand("empty register list"));
    }
    if regs.contains(Reg::SP) {
        return Err(Error::operand("sp not allowed in register list"));
    }
    if wback && regs.contains(base) {
        return Err(Error::operand(
            "the base register cannot be in the list when written back",
        ));
    }
    if load && regs.contains(Reg::PC) && regs.contains(Reg::LR) {
        return Err(Error::operand("lr and pc cannot both be loaded"));
    }
    if !load && regs.contains(Reg::PC) {
        return Err(Error::operand("pc not allowed in a stored register list"));
    }
    Ok(())
}

/// The 32-bit form of a multiple transfer; a single register becomes ldr/str.
fn multi_wide(load: bool, db: bool, rn: Reg, wback: bool, regs: RegList) -> Result<u32, Error> {
    check_list(load, regs, rn, wback)?;
    let l = (load as u32) << 20;
    if regs.len() == 1 {
        let rt = regs.first().map_or(0, |r| r.n());
        let mode = match (wback, db) {
            (true, false) => 0x0000_0B04,
            (true, true) => 0x0000_0D04,
            (false, false) => 0x0080_0000,
            (false, true) => 0x0000_0C04,
        };
        return Ok(0xF840_0000 | l | mode | rn.n() << 16 | rt << 12);
    }
    let base = if db { 0xE900_0000 } else { 0xE880_0000 };
    Ok(base | l | (wback as u32) << 21 | rn.n() << 16 | regs.0 as u32)
}

fn multi(
    cx: &Cx,
    load: bool,
    db: bool,
    rn: Reg,
    wback: bool,
    regs: RegList,
) -> Result<Encoded, Error> {
    let mut narrow = None;
    if !db && regs.0 & !0xff == 0 {
        if rn.is_low()
            && if load {
                wback != regs.contains(rn)
            } else {
                wback
            }
        {
            let base = if load { 0xC800 } else { 0xC000 };
            narrow = Some(base | rn.n() << 8 | regs.0 as u32);
        } else if rn == Reg::SP && wback {
            // GNU as writes `ldmia sp!` as pop and, quirkily, `stmia sp!` as push.
            narrow = Some(if load { 0xBC00 } else { 0xB400 } | regs.0 as u32);
        }
    }
    if rn == Reg::PC {
        return Err(Error::operand(
            "pc cannot be the base of a multiple transfer",
        ));
    }
    if regs.is_empty() {
        return Err(Error::operand("empty register list"));
    }
    if narrow.is_none() && regs.len() == 1 && !wback && !db && cx.width != Width::Wide {
        // One register without write-back is a plain load or store.
        let op = if load { MemOp::Ldr } else { MemOp::Str };
        let rt = regs.first().unwrap_or(Reg::R0);
        check_list(load, regs, rn, wback)?;
        return single(cx, op, rt, Addr::Offset { rn, imm: 0 });
    }
    cx.pick(narrow, || multi_wide(load, db, rn, wback, regs))
}

fn push_pop(cx: &Cx, pop: bool, regs: RegList) -> Result<Encoded, Error> {
    let extra = if pop { Reg::PC } else { Reg::LR };
    let narrow = (regs.low_plus(extra) && !regs.is_empty()).then(|| {
        let base = if pop { 0xBC00 } else { 0xB400 };
        base | (regs.contains(extra) as u32) << 8 | (regs.0 as u32 & 0xff)
    });
    cx.pick(narrow, || multi_wide(pop, !pop, Reg::SP, true, regs))
}
