//! Round trip against an independent decoder: random legal typed instructions
//! are encoded, disassembled with capstone and compared operand by operand.
//!
//! The generators produce only instructions that are architecturally legal
//! (no UNPREDICTABLE register choices, immediates that some encoding holds),
//! so the encoder must accept every one of them. The comparison is semantic:
//! where the encoder makes one of GNU as's substitutions (`add #-4` becomes
//! `sub #4`, `and #~x` becomes `bic #x`, `mov #~x` becomes `mvn #x`, a
//! one-register `ldm` becomes `ldr`, ...), every equivalent reading of the
//! typed instruction is accepted, and capstone's reading must be one of them.
//!
//! Both sides are reduced to a [`Reading`]: the mnemonic with its flag-setting
//! `s` but without `.w`/`.n`, and the operands as capstone's detail lists them.
//! Names capstone gives that differ from ours:
//!
//! - `mov rd, rm, <shift> #n` and `lsl rd, rm, #0`: `lsl`/`lsr`/`asr`/`ror`/`rrx`
//!   and `mov` (the ARM ARM's own names);
//! - `add rd, pc, #n`: `adr`; `stmdb sp!`/`ldmia sp!`: `push`/`pop`;
//!   `ldmia`/`stmia`/`stmfd`: `ldm`/`stm`/`stmdb`; `neg`: `rsb #0`;
//! - two-operand shorthands (`ands r0, r1`, `add sp, #16`, `lsls r0, r1`) are
//!   read as `op rdn, rdn, x`; commutative operations match either order;
//! - ARMv6-M's `nop` is `mov r8, r8`.
//!
//! Capstone quirks, each handled for exactly the encoding concerned:
//! `dsb #12` prints as `dfb`, `udf #254` as `trap`, and `udf #249` does not
//! decode at all. Barrier options and `cps` flags are read from the operand
//! text, since capstone's enums for them cannot hold every value.
//!
//! Everything runs outside an IT block with `cond = al`; PC-relative forms
//! that need a label (b, bl, cbz, adr, literal loads) are left out.
//!
//! `PROPTEST_CASES` overrides the default of 256 cases per test.

use std::cell::RefCell;
use std::fmt;

use capstone::arch::arm::{ArchExtraMode, ArchMode, ArmOperandType, ArmShift};
use capstone::arch::{BuildsCapstone, BuildsCapstoneExtraMode, DetailsArchInsn};
use capstone::Capstone;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::strategy::Union;
use proptest::test_runner::Config;
use thumb::{
    decode_modified_imm, encode, encode_modified_imm, Addr, BarrierOp, BitsOp, CmpOp, DpOp, Env,
    ExSize, ExtendOp, HintOp, Insn, Instruction, LongMulOp, MovOp, Op2, Profile, Reg, RegList,
    ShiftBy, ShiftKind, ShiftOp, Shifted, SysReg, Value, Width,
};

// ---------------------------------------------------------------------------
// The common reading both sides are reduced to.
// ---------------------------------------------------------------------------

/// One operand as capstone's detail describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Op {
    Reg(u8),
    /// A register with a constant shift (`r2, lsl #3`, `r1, ror #8`, `r3, rrx`).
    Shifted(u8, ShiftKind, u32),
    Imm(u32),
    Mem {
        base: u8,
        index: Option<u8>,
        /// `lsl` amount of the index register.
        lsl: u32,
        disp: i32,
    },
    /// A special register by SYSm, with the APSR field mask for `msr`
    /// (None where the register has no fields or for `mrs`).
    Sys(u8, Option<u8>),
    /// The interrupt flags of `cps`, as text (`i`, `f`, `if`).
    Flags(String),
}

/// An instruction reduced to mnemonic (flag-setting `s` included, width
/// qualifier stripped), operands and the writeback flag.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Reading {
    mnem: String,
    ops: Vec<Op>,
    wback: bool,
}

impl fmt::Display for Reading {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.mnem)?;
        for (i, op) in self.ops.iter().enumerate() {
            f.write_str(if i == 0 { " " } else { ", " })?;
            match op {
                Op::Reg(r) => write!(f, "r{r}")?,
                Op::Shifted(r, k, n) => write!(f, "r{r} {} #{n}", k.name())?,
                Op::Imm(v) => write!(f, "#{v:#x}")?,
                Op::Mem {
                    base,
                    index,
                    lsl,
                    disp,
                } => {
                    write!(f, "[r{base}")?;
                    if let Some(i) = index {
                        write!(f, ", r{i}, lsl #{lsl}")?;
                    }
                    write!(f, ", #{disp}]")?;
                }
                Op::Sys(s, m) => write!(f, "sysm{s}/{m:?}")?,
                Op::Flags(s) => f.write_str(s)?,
            }
        }
        if self.wback {
            f.write_str(" (writeback)")?;
        }
        Ok(())
    }
}

fn rd(mnem: &str, ops: Vec<Op>) -> Reading {
    Reading {
        mnem: mnem.to_string(),
        ops,
        wback: false,
    }
}

fn rd_wb(mnem: &str, ops: Vec<Op>, wback: bool) -> Reading {
    Reading {
        mnem: mnem.to_string(),
        ops,
        wback,
    }
}

fn reg(r: Reg) -> Op {
    Op::Reg(r.num())
}

fn imm(v: u32) -> Op {
    Op::Imm(v)
}

fn mem(base: Reg, disp: i32) -> Op {
    Op::Mem {
        base: base.num(),
        index: None,
        lsl: 0,
        disp,
    }
}

fn shifted(sh: Shifted) -> Op {
    if sh.is_plain() {
        Op::Reg(sh.rm.num())
    } else if sh.kind == ShiftKind::Rrx {
        Op::Shifted(sh.rm.num(), ShiftKind::Rrx, 0)
    } else {
        Op::Shifted(sh.rm.num(), sh.kind, sh.amount as u32)
    }
}

fn s_suffix(name: &str, s: bool) -> String {
    if s {
        format!("{name}s")
    } else {
        name.to_string()
    }
}

// ---------------------------------------------------------------------------
// What capstone says.
// ---------------------------------------------------------------------------

fn disassembler() -> Capstone {
    Capstone::new()
        .arm()
        .mode(ArchMode::Thumb)
        .extra_mode([ArchExtraMode::MClass].iter().copied())
        .detail(true)
        .build()
        .expect("capstone builds")
}

thread_local! {
    static CS: RefCell<Capstone> = RefCell::new(disassembler());
}

/// Register numbers from capstone's names (it prints r9-r12 as sb, sl, fp, ip).
fn reg_num(name: &str) -> Option<u8> {
    Some(match name {
        "sb" => 9,
        "sl" => 10,
        "fp" => 11,
        "ip" => 12,
        "sp" => 13,
        "lr" => 14,
        "pc" => 15,
        _ => name
            .strip_prefix('r')?
            .parse()
            .ok()
            .filter(|&n: &u8| n < 16)?,
    })
}

/// capstone's `arm_sysreg` values (capstone 5) as SYSm and MSR field mask.
/// The mask is reported only for the xPSR group; note that capstone orders
/// the suffixed variants differently for APSR (g, nzcvq, nzcvqg) than for
/// IAPSR/EAPSR/XPSR (g, nzcvqg, nzcvq).
fn sysreg_of(value: u32) -> Option<(u8, Option<u8>)> {
    Some(match value {
        256 => (0, None),
        257 => (0, Some(1)),
        258 => (0, Some(2)),
        259 => (0, Some(3)),
        260..=271 => {
            let group = (value - 260) / 4 + 1;
            let mask = match (value - 260) % 4 {
                0 => None,
                1 => Some(1),
                2 => Some(3),
                _ => Some(2),
            };
            (group as u8, mask)
        }
        272 => (5, None),
        273 => (6, None),
        274 => (7, None),
        275 => (8, None),
        276 => (9, None),
        277 => (16, None),
        278 => (17, None),
        279 => (18, None),
        280 => (19, None),
        281 => (20, None),
        282 => (10, None),
        283 => (11, None),
        _ => return None,
    })
}

fn barrier_option(text: &str) -> Option<u32> {
    let t = text.trim();
    if let Some(n) = t.strip_prefix('#') {
        return match n.strip_prefix("0x") {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => n.parse().ok(),
        };
    }
    Some(match t {
        "sy" | "" => 15,
        "st" => 14,
        "ld" => 13,
        "ish" => 11,
        "ishst" => 10,
        "ishld" => 9,
        "nsh" => 7,
        "nshst" => 6,
        "nshld" => 5,
        "osh" => 3,
        "oshst" => 2,
        "oshld" => 1,
        _ => return None,
    })
}

/// Mnemonics whose two-operand form `op rdn, x` means `op rdn, rdn, x`.
const TWO_OPERAND_SHORTHAND: &[&str] = &[
    "and", "eor", "orr", "orn", "bic", "add", "adc", "sub", "sbc", "rsb", "lsl", "lsr", "asr",
    "ror", "mul",
];

fn shift_of(sh: &ArmShift) -> Result<Option<(ShiftKind, u32)>, String> {
    Ok(match *sh {
        ArmShift::Invalid => None,
        ArmShift::Lsl(0) => None,
        ArmShift::Lsl(n) => Some((ShiftKind::Lsl, n)),
        ArmShift::Lsr(n) => Some((ShiftKind::Lsr, n)),
        ArmShift::Asr(n) => Some((ShiftKind::Asr, n)),
        ArmShift::Ror(n) => Some((ShiftKind::Ror, n)),
        ArmShift::Rrx(_) => Some((ShiftKind::Rrx, 0)),
        other => return Err(format!("unexpected register-shifted operand {other:?}")),
    })
}

/// Disassembles `bytes`, requiring exactly one instruction that covers them
/// all, and reduces it to a [`Reading`] (plus capstone's own text).
fn capstone_reading(bytes: &[u8]) -> Result<(Reading, String), String> {
    // Quirk: capstone 5 decodes every 16-bit UDF but 0xdef9 (`udf #249`),
    // for which it returns nothing. That encoding is checked by value instead.
    if bytes == [0xf9, 0xde] {
        return Ok((rd("udf", vec![Op::Imm(249)]), "(udf #249)".into()));
    }
    CS.with(|cs| {
        let cs = cs.borrow();
        let insns = cs
            .disasm_all(bytes, 0)
            .map_err(|e| format!("capstone failed: {e}"))?;
        if insns.len() != 1 {
            return Err(format!(
                "capstone decoded {} instructions from {bytes:02x?}",
                insns.len()
            ));
        }
        let insn = insns.iter().next().unwrap();
        let mnem_full = insn.mnemonic().unwrap_or_default().to_ascii_lowercase();
        let op_str = insn.op_str().unwrap_or_default().to_ascii_lowercase();
        let text = format!("{mnem_full} {op_str}");
        if insn.bytes().len() != bytes.len() {
            return Err(format!(
                "capstone decoded {} of {} bytes as `{text}`",
                insn.bytes().len(),
                bytes.len()
            ));
        }
        let detail = cs
            .insn_detail(insn)
            .map_err(|e| format!("no detail: {e}"))?;
        let arch = detail.arch_detail();
        let arm = arch.arm().ok_or("not an ARM detail")?;
        let name = |id| -> Result<u8, String> {
            let n = cs.reg_name(id).unwrap_or_default();
            reg_num(&n).ok_or(format!("unknown register `{n}` in `{text}`"))
        };
        let mut ops = Vec::new();
        for o in arm.operands() {
            let op = match o.op_type {
                ArmOperandType::Reg(r) => match shift_of(&o.shift)? {
                    None => Op::Reg(name(r)?),
                    Some((k, n)) => Op::Shifted(name(r)?, k, n),
                },
                ArmOperandType::Imm(v) => Op::Imm(v as u32),
                ArmOperandType::Mem(m) => {
                    let index = if m.index().0 == 0 {
                        None
                    } else {
                        Some(name(m.index())?)
                    };
                    let lsl = match shift_of(&o.shift)? {
                        None => 0,
                        Some((ShiftKind::Lsl, n)) => n,
                        Some(other) => return Err(format!("index shift {other:?} in `{text}`")),
                    };
                    if m.scale() != 1 || o.subtracted {
                        return Err(format!("subtracted index in `{text}`"));
                    }
                    Op::Mem {
                        base: name(m.base())?,
                        index,
                        lsl,
                        disp: m.disp(),
                    }
                }
                ArmOperandType::SysReg(r) => {
                    let (sysm, mask) = sysreg_of(r.0 as u32)
                        .ok_or(format!("unknown special register {} in `{text}`", r.0))?;
                    Op::Sys(sysm, mask)
                }
                ref other => return Err(format!("unexpected operand {other:?} in `{text}`")),
            };
            ops.push(op);
        }
        let mut mnem = mnem_full
            .strip_suffix(".w")
            .or_else(|| mnem_full.strip_suffix(".n"))
            .unwrap_or(&mnem_full)
            .to_string();
        let mut wback = arm.writeback();
        match mnem.as_str() {
            // Barrier options and CPS flags are not in capstone's operand
            // list: read them from the text. (The detail's enums for these
            // cannot be read safely: capstone returns values outside them.)
            "dmb" | "dsb" | "isb" => {
                let option =
                    barrier_option(&op_str).ok_or(format!("unknown barrier option in `{text}`"))?;
                ops = vec![Op::Imm(option)];
            }
            // Quirk: capstone prints `dsb #12` as `dfb`, an ARMv8-R alias.
            "dfb" => {
                mnem = "dsb".into();
                ops = vec![Op::Imm(12)];
            }
            // Quirk: capstone prints `udf #254` (0xdefe) as `trap`.
            "trap" if bytes == [0xfe, 0xde] => {
                mnem = "udf".into();
                ops = vec![Op::Imm(254)];
            }
            "cpsie" | "cpsid" => ops = vec![Op::Flags(op_str.trim().to_string())],
            // Aliases.
            "neg" | "negs" if ops.len() == 2 => {
                mnem = mnem.replace("neg", "rsb");
                ops.push(Op::Imm(0));
            }
            "ldmia" | "ldmfd" => mnem = "ldm".into(),
            "stmia" | "stmea" => mnem = "stm".into(),
            "stmfd" => mnem = "stmdb".into(),
            "push" | "pop" => wback = false,
            _ => {}
        }
        let shorthand = TWO_OPERAND_SHORTHAND.contains(&mnem.as_str())
            || mnem
                .strip_suffix('s')
                .is_some_and(|b| TWO_OPERAND_SHORTHAND.contains(&b));
        if shorthand && ops.len() == 2 {
            ops.insert(0, ops[0].clone());
        }
        Ok((Reading { mnem, ops, wback }, text))
    })
}

// ---------------------------------------------------------------------------
// What the typed instruction says: every reading it may legitimately get.
// ---------------------------------------------------------------------------

/// Every data-processing operation with an immediate form.
const DP_OPS: [DpOp; 10] = [
    DpOp::And,
    DpOp::Eor,
    DpOp::Orr,
    DpOp::Orn,
    DpOp::Bic,
    DpOp::Add,
    DpOp::Adc,
    DpOp::Sub,
    DpOp::Sbc,
    DpOp::Rsb,
];

/// What `op rd, rn, #v` leaves in `rd`, from the architecture manual's
/// pseudocode, so that the test judges a substitution by its result rather
/// than by a second copy of the encoder's table.
fn dp_result(op: DpOp, x: u32, v: u32, carry: bool) -> u32 {
    let c = u32::from(carry);
    match op {
        DpOp::And => x & v,
        DpOp::Eor => x ^ v,
        DpOp::Orr => x | v,
        DpOp::Orn => x | !v,
        DpOp::Bic => x & !v,
        DpOp::Add => x.wrapping_add(v),
        DpOp::Adc => x.wrapping_add(v).wrapping_add(c),
        DpOp::Sub => x.wrapping_sub(v),
        DpOp::Sbc => x.wrapping_add(!v).wrapping_add(c),
        DpOp::Rsb => v.wrapping_sub(x),
    }
}

/// The other operations and constants (negated or complemented, the only
/// rewrites an assembler may make of a constant) that leave the same result
/// as `op #v` for every operand and carry tried.
fn dp_equivalents(op: DpOp, v: u32) -> Vec<(DpOp, u32)> {
    const PROBES: [u32; 6] = [0, 1, 0x7fff_ffff, 0x8000_0000, 0xffff_ffff, 0x1234_5678];
    let same = |alt: DpOp, w: u32| {
        PROBES.iter().all(|&x| {
            [false, true]
                .iter()
                .all(|&c| dp_result(op, x, v, c) == dp_result(alt, x, w, c))
        })
    };
    let mut out = Vec::new();
    for alt in DP_OPS.into_iter().filter(|&alt| alt != op) {
        for w in [v.wrapping_neg(), !v] {
            if same(alt, w) && !out.contains(&(alt, w)) {
                out.push((alt, w));
            }
        }
    }
    out
}

/// Every reading of `inst` that means the same as it.
fn readings(inst: &Instruction, profile: Profile) -> Vec<Reading> {
    let mut out = Vec::new();
    match inst.insn {
        Insn::Dp {
            op,
            s,
            rd: d,
            rn,
            op2: Op2::Imm(v),
        } => {
            let mut add = |op: DpOp, v: u32| {
                out.push(rd(&s_suffix(op.name(), s), vec![reg(d), reg(rn), imm(v)]));
                if !s && matches!(op, DpOp::Add | DpOp::Sub) && v <= 0xfff {
                    out.push(rd(
                        &format!("{}w", op.name()),
                        vec![reg(d), reg(rn), imm(v)],
                    ));
                }
            };
            add(op, v);
            for (alt, w) in dp_equivalents(op, v) {
                add(alt, w);
            }
            // `add rd, pc, #imm` is ADR.
            if rn == Reg::PC && op == DpOp::Add {
                out.push(rd("adr", vec![reg(d), imm(v)]));
            }
        }
        Insn::Dp {
            op,
            s,
            rd: d,
            rn,
            op2: Op2::Reg(sh),
        } => {
            let m = s_suffix(op.name(), s);
            out.push(rd(&m, vec![reg(d), reg(rn), shifted(sh)]));
            if sh.is_plain()
                && matches!(
                    op,
                    DpOp::And | DpOp::Eor | DpOp::Orr | DpOp::Add | DpOp::Adc
                )
            {
                out.push(rd(&m, vec![reg(d), reg(sh.rm), reg(rn)]));
            }
        }
        Insn::AddW {
            sub,
            rd: d,
            rn,
            imm: v,
        } => {
            out.push(rd(
                if sub { "subw" } else { "addw" },
                vec![reg(d), reg(rn), imm(v)],
            ));
        }
        Insn::Mov {
            op: MovOp::Mov,
            s,
            rd: d,
            op2: Op2::Imm(v),
        } => {
            out.push(rd(&s_suffix("mov", s), vec![reg(d), imm(v)]));
            out.push(rd(&s_suffix("mvn", s), vec![reg(d), imm(!v)]));
            if !s {
                out.push(rd("movw", vec![reg(d), imm(v)]));
            }
        }
        Insn::Mov {
            op: MovOp::Mvn,
            s,
            rd: d,
            op2: Op2::Imm(v),
        } => {
            out.push(rd(&s_suffix("mvn", s), vec![reg(d), imm(v)]));
            out.push(rd(&s_suffix("mov", s), vec![reg(d), imm(!v)]));
        }
        Insn::Mov {
            op: MovOp::Mov,
            s,
            rd: d,
            op2: Op2::Reg(sh),
        } => out.push(shift_reading(s, d, sh)),
        Insn::Mov {
            op: MovOp::Mvn,
            s,
            rd: d,
            op2: Op2::Reg(sh),
        } => out.push(rd(&s_suffix("mvn", s), vec![reg(d), shifted(sh)])),
        Insn::MovW { top, rd: d, imm: v } => out.push(rd(
            if top { "movt" } else { "movw" },
            vec![reg(d), imm(v as u32)],
        )),
        Insn::Cmp {
            op,
            rn,
            op2: Op2::Imm(v),
        } => {
            out.push(rd(op.name(), vec![reg(rn), imm(v)]));
            match op {
                CmpOp::Cmp => out.push(rd("cmn", vec![reg(rn), imm(v.wrapping_neg())])),
                CmpOp::Cmn => out.push(rd("cmp", vec![reg(rn), imm(v.wrapping_neg())])),
                _ => {}
            }
        }
        Insn::Cmp {
            op,
            rn,
            op2: Op2::Reg(sh),
        } => out.push(rd(op.name(), vec![reg(rn), shifted(sh)])),
        Insn::Shift {
            op,
            s,
            rd: d,
            rm,
            by: ShiftBy::Imm(n),
        } => out.push(shift_reading(
            s,
            d,
            Shifted {
                rm,
                kind: op.kind(),
                amount: n,
            },
        )),
        Insn::Shift {
            op,
            s,
            rd: d,
            rm,
            by: ShiftBy::Reg(rs),
        } => out.push(rd(
            &s_suffix(op.kind().name(), s),
            vec![reg(d), reg(rm), reg(rs)],
        )),
        Insn::Mul { s, rd: d, rn, rm } => {
            let m = s_suffix("mul", s);
            out.push(rd(&m, vec![reg(d), reg(rn), reg(rm)]));
            out.push(rd(&m, vec![reg(d), reg(rm), reg(rn)]));
        }
        Insn::Mla {
            sub,
            rd: d,
            rn,
            rm,
            ra,
        } => out.push(rd(
            if sub { "mls" } else { "mla" },
            vec![reg(d), reg(rn), reg(rm), reg(ra)],
        )),
        Insn::MulLong {
            op,
            rdlo,
            rdhi,
            rn,
            rm,
        } => out.push(rd(op.name(), vec![reg(rdlo), reg(rdhi), reg(rn), reg(rm)])),
        Insn::Div {
            signed,
            rd: d,
            rn,
            rm,
        } => out.push(rd(
            if signed { "sdiv" } else { "udiv" },
            vec![reg(d), reg(rn), reg(rm)],
        )),
        Insn::Bits { op, rd: d, rm } => out.push(rd(op.name(), vec![reg(d), reg(rm)])),
        Insn::Extend {
            op,
            rd: d,
            rm,
            rotate,
        } => {
            let src = if rotate == 0 {
                reg(rm)
            } else {
                Op::Shifted(rm.num(), ShiftKind::Ror, rotate as u32)
            };
            out.push(rd(op.name(), vec![reg(d), src]));
        }
        Insn::Bfx {
            signed,
            rd: d,
            rn,
            lsb,
            width,
        } => out.push(rd(
            if signed { "sbfx" } else { "ubfx" },
            vec![reg(d), reg(rn), imm(lsb as u32), imm(width as u32)],
        )),
        Insn::Bfi {
            rd: d,
            rn,
            lsb,
            width,
        } => out.push(rd(
            "bfi",
            vec![reg(d), reg(rn), imm(lsb as u32), imm(width as u32)],
        )),
        Insn::Bfc { rd: d, lsb, width } => {
            out.push(rd("bfc", vec![reg(d), imm(lsb as u32), imm(width as u32)]))
        }
        Insn::Mem { op, rt, addr } => out.push(mem_reading(op.name(), vec![reg(rt)], addr)),
        Insn::MemUnpriv { op, rt, rn, imm } => out.push(rd(
            &format!("{}t", op.name()),
            vec![reg(rt), mem(rn, imm as i32)],
        )),
        Insn::Preload { instruction, addr } => out.push(mem_reading(
            if instruction { "pli" } else { "pld" },
            vec![],
            addr,
        )),
        Insn::LdrConst {
            rt,
            value: Value::Imm(v),
        } => {
            if profile.has_thumb2() {
                out.push(rd("mov", vec![reg(rt), imm(v)]));
                out.push(rd("mvn", vec![reg(rt), imm(!v)]));
                out.push(rd("movw", vec![reg(rt), imm(v)]));
            } else {
                out.push(rd("movs", vec![reg(rt), imm(v)]));
            }
        }
        Insn::Dual {
            load,
            rt,
            rt2,
            addr,
        } => out.push(mem_reading(
            if load { "ldrd" } else { "strd" },
            vec![reg(rt), reg(rt2)],
            addr,
        )),
        Insn::Multi {
            load,
            db,
            rn,
            wback,
            regs,
        } => {
            let name = match (load, db) {
                (true, false) => "ldm",
                (true, true) => "ldmdb",
                (false, false) => "stm",
                (false, true) => "stmdb",
            };
            let mut ops = vec![reg(rn)];
            ops.extend(regs.iter().map(reg));
            out.push(rd_wb(name, ops, wback));
            if rn == Reg::SP && wback && load != db {
                out.push(rd(
                    if load { "pop" } else { "push" },
                    regs.iter().map(reg).collect(),
                ));
            }
            if regs.len() == 1 {
                out.push(single_transfer(load, db, rn, wback, regs.first().unwrap()));
            }
            // Known divergence, kept on purpose for byte compatibility: GNU as
            // writes `stmia sp!, {low regs}` as the 16-bit `push`, which is
            // `stmdb sp!` (binutils' do_t_ldmstm). The meaning differs: the
            // registers land below sp instead of above it.
            if !load
                && !db
                && rn == Reg::SP
                && wback
                && regs.0 & !0xff == 0
                && inst.width != Width::Wide
            {
                out.push(rd("push", regs.iter().map(reg).collect()));
            }
        }
        Insn::Push(regs) | Insn::Pop(regs) => {
            let pop = matches!(inst.insn, Insn::Pop(_));
            out.push(rd(
                if pop { "pop" } else { "push" },
                regs.iter().map(reg).collect(),
            ));
            if regs.len() == 1 {
                out.push(single_transfer(
                    pop,
                    !pop,
                    Reg::SP,
                    true,
                    regs.first().unwrap(),
                ));
            }
        }
        Insn::Ldrex { size, rt, rn, imm } => out.push(rd(
            ex_name("ldrex", size),
            vec![reg(rt), mem(rn, imm as i32)],
        )),
        Insn::Strex {
            size,
            rd: d,
            rt,
            rn,
            imm,
        } => out.push(rd(
            ex_name("strex", size),
            vec![reg(d), reg(rt), mem(rn, imm as i32)],
        )),
        Insn::Bx(r) => out.push(rd("bx", vec![reg(r)])),
        Insn::Blx(r) => out.push(rd("blx", vec![reg(r)])),
        Insn::Tb { half, rn, rm } => out.push(rd(
            if half { "tbh" } else { "tbb" },
            vec![Op::Mem {
                base: rn.num(),
                index: Some(rm.num()),
                lsl: half as u32,
                disp: 0,
            }],
        )),
        Insn::Svc(n) => out.push(rd("svc", vec![imm(n as u32)])),
        Insn::Bkpt(n) => out.push(rd("bkpt", vec![imm(n as u32)])),
        Insn::Udf(n) => out.push(rd("udf", vec![imm(n as u32)])),
        Insn::Hint(HintOp::Nop) if !profile.has_thumb2() => {
            // ARMv6-M's nop is the traditional `mov r8, r8`.
            out.push(rd("mov", vec![Op::Reg(8), Op::Reg(8)]));
        }
        Insn::Hint(h) => out.push(rd(h.name(), vec![])),
        Insn::Cps { enable, i, f } => {
            let flags = format!("{}{}", if i { "i" } else { "" }, if f { "f" } else { "" });
            out.push(rd(
                if enable { "cpsie" } else { "cpsid" },
                vec![Op::Flags(flags)],
            ));
        }
        Insn::Mrs { rd: d, sysreg } => {
            out.push(rd("mrs", vec![reg(d), Op::Sys(sysreg.0, None)]));
        }
        Insn::Msr { sysreg, mask, rn } => {
            let mask = (sysreg.0 <= 3).then_some(mask);
            out.push(rd("msr", vec![Op::Sys(sysreg.0, mask), reg(rn)]));
        }
        Insn::Barrier {
            op: BarrierOp::Clrex,
            ..
        } => out.push(rd("clrex", vec![])),
        Insn::Barrier { op, option } => out.push(rd(op.name(), vec![imm(option as u32)])),
        ref other => panic!("the generators do not make {other:?}"),
    }
    out
}

/// `mov rd, rm, <shift>`: capstone (like the ARM ARM) names these by the shift.
fn shift_reading(s: bool, d: Reg, sh: Shifted) -> Reading {
    if sh.is_plain() {
        rd(&s_suffix("mov", s), vec![reg(d), reg(sh.rm)])
    } else if sh.kind == ShiftKind::Rrx {
        rd(&s_suffix("rrx", s), vec![reg(d), reg(sh.rm)])
    } else {
        rd(
            &s_suffix(sh.kind.name(), s),
            vec![reg(d), reg(sh.rm), imm(sh.amount as u32)],
        )
    }
}

fn mem_reading(name: &str, mut ops: Vec<Op>, addr: Addr) -> Reading {
    let wback = match addr {
        Addr::Offset { rn, imm } => {
            ops.push(mem(rn, imm));
            false
        }
        Addr::PreIndex { rn, imm } => {
            ops.push(mem(rn, imm));
            true
        }
        Addr::PostIndex { rn, imm } => {
            ops.push(mem(rn, 0));
            ops.push(Op::Imm(imm as u32));
            true
        }
        Addr::Register { rn, rm, shift } => {
            ops.push(Op::Mem {
                base: rn.num(),
                index: Some(rm.num()),
                lsl: shift as u32,
                disp: 0,
            });
            false
        }
        Addr::Literal(_) => panic!("the generators make no literal loads"),
    };
    rd_wb(name, ops, wback)
}

/// A one-register ldm/stm (or push/pop) as the ldr/str GNU as turns it into.
fn single_transfer(load: bool, db: bool, rn: Reg, wback: bool, rt: Reg) -> Reading {
    let name = if load { "ldr" } else { "str" };
    let addr = match (db, wback) {
        (false, true) => Addr::PostIndex { rn, imm: 4 },
        (true, true) => Addr::PreIndex { rn, imm: -4 },
        (false, false) => Addr::Offset { rn, imm: 0 },
        (true, false) => Addr::Offset { rn, imm: -4 },
    };
    mem_reading(name, vec![reg(rt)], addr)
}

fn ex_name(base: &str, size: ExSize) -> &'static str {
    match (base, size) {
        ("ldrex", ExSize::Word) => "ldrex",
        ("ldrex", ExSize::Byte) => "ldrexb",
        ("ldrex", ExSize::Half) => "ldrexh",
        (_, ExSize::Word) => "strex",
        (_, ExSize::Byte) => "strexb",
        (_, ExSize::Half) => "strexh",
    }
}

// ---------------------------------------------------------------------------
// The check.
// ---------------------------------------------------------------------------

/// Legal encodings the assembler refuses on purpose because GNU as does:
/// `movs.w rd, rm, <shift> #n` with low registers outside an IT block (GNU as
/// reads it as the shift instruction, whose 16-bit form it then cannot widen).
fn gnu_as_refuses(inst: &Instruction) -> bool {
    matches!(
        inst.insn,
        Insn::Mov { op: MovOp::Mov, s: true, rd, op2: Op2::Reg(sh), .. }
            if inst.width == Width::Wide
                && rd.is_low()
                && sh.rm.is_low()
                && !sh.is_plain()
                && matches!(sh.kind, ShiftKind::Lsl | ShiftKind::Lsr | ShiftKind::Asr)
    )
}

fn check(inst: &Instruction, profile: Profile) -> Result<(), TestCaseError> {
    if gnu_as_refuses(inst) {
        return Ok(());
    }
    let encoded = encode(inst, &Env::new(profile))
        .map_err(|e| TestCaseError::fail(format!("`{inst}` ({inst:?}) refused: {e}")))?;
    let bytes = encoded.as_bytes();
    let (got, text) = capstone_reading(bytes)
        .map_err(|e| TestCaseError::fail(format!("`{inst}` -> {bytes:02x?}: {e}")))?;
    let want = readings(inst, profile);
    if !want.contains(&got) {
        let what = if want.iter().any(|w| w.mnem == got.mnem) {
            "operands differ"
        } else {
            "mnemonic differs"
        };
        let want: Vec<String> = want.iter().map(|w| w.to_string()).collect();
        return Err(TestCaseError::fail(format!(
            "{what}: `{inst}` ({inst:?}) -> {bytes:02x?}\n  capstone: `{text}` = {got}\n  expected one of: {}",
            want.join(" | ")
        )));
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Generators.
// ---------------------------------------------------------------------------

fn r(n: u8) -> Reg {
    Reg::new(n).unwrap()
}

fn regs_from(nums: &[u8]) -> BoxedStrategy<Reg> {
    select(nums.iter().map(|&n| r(n)).collect::<Vec<_>>()).boxed()
}

/// r0-r7.
fn lo() -> BoxedStrategy<Reg> {
    regs_from(&[0, 1, 2, 3, 4, 5, 6, 7])
}

/// r0-r12 and lr: what most 32-bit encodings allow (neither sp nor pc).
fn gp() -> BoxedStrategy<Reg> {
    regs_from(&[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14])
}

/// r0-r12, sp and lr.
fn gp_sp() -> BoxedStrategy<Reg> {
    regs_from(&[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14])
}

/// Any register.
fn any_reg() -> BoxedStrategy<Reg> {
    (0u8..16).prop_map(r).boxed()
}

/// A constant shift with an amount legal for its kind.
fn shift() -> BoxedStrategy<(ShiftKind, u8)> {
    prop_oneof![
        3 => Just((ShiftKind::Lsl, 0)),
        2 => (1u8..32).prop_map(|n| (ShiftKind::Lsl, n)),
        1 => (1u8..=32).prop_map(|n| (ShiftKind::Lsr, n)),
        1 => (1u8..=32).prop_map(|n| (ShiftKind::Asr, n)),
        1 => (1u8..32).prop_map(|n| (ShiftKind::Ror, n)),
        1 => Just((ShiftKind::Rrx, 0)),
    ]
    .boxed()
}

fn shifted_reg(rm: BoxedStrategy<Reg>) -> BoxedStrategy<Shifted> {
    (rm, shift())
        .prop_map(|(rm, (kind, amount))| Shifted { rm, kind, amount })
        .boxed()
}

fn modified_imm() -> BoxedStrategy<u32> {
    (0u32..4096).prop_map(decode_modified_imm).boxed()
}

/// Constants of every kind: small, modified immediates, their complements and
/// negations, 12- and 16-bit values, and anything at all.
fn constant() -> BoxedStrategy<u32> {
    prop_oneof![
        3 => 0u32..256,
        4 => modified_imm(),
        2 => modified_imm().prop_map(|v| !v),
        2 => modified_imm().prop_map(|v| v.wrapping_neg()),
        2 => 0u32..4096,
        1 => (0u32..4096).prop_map(|v| v.wrapping_neg()),
        1 => 0u32..0x10000,
        1 => any::<u32>(),
    ]
    .boxed()
}

fn is_mod(v: u32) -> bool {
    encode_modified_imm(v).is_some()
}

fn dp_op() -> BoxedStrategy<DpOp> {
    select(DP_OPS.to_vec()).boxed()
}

fn add_sub() -> BoxedStrategy<DpOp> {
    select(vec![DpOp::Add, DpOp::Sub]).boxed()
}

fn mem_op() -> BoxedStrategy<thumb::MemOp> {
    use thumb::MemOp::*;
    select(vec![Ldr, Ldrb, Ldrh, Ldrsb, Ldrsh, Str, Strb, Strh]).boxed()
}

/// A transfer register legal for `op` in 32-bit encodings: ldr may load sp or
/// pc and str may store sp; byte and halfword forms take neither (their rt=pc
/// encodings are the preload hints).
fn rt_for(op: thumb::MemOp) -> BoxedStrategy<Reg> {
    match op {
        thumb::MemOp::Ldr => any_reg(),
        thumb::MemOp::Str => gp_sp(),
        _ => gp(),
    }
}

fn dp_imm_legal(op: DpOp, s: bool, rn: Reg, v: u32) -> bool {
    let addsub = matches!(op, DpOp::Add | DpOp::Sub);
    if rn == Reg::PC {
        // Only ADR: `add`/`sub rd, pc, #imm12`.
        return addsub && !s && (v <= 0xfff || v.wrapping_neg() <= 0xfff);
    }
    is_mod(v)
        || dp_equivalents(op, v).iter().any(|&(_, w)| is_mod(w))
        || (addsub && !s && (v <= 0xfff || v.wrapping_neg() <= 0xfff))
}

fn insn(i: Insn) -> Instruction {
    Instruction::new(i)
}

/// Optionally asks for the 32-bit form (`.w`); only for generators whose every
/// instruction has one.
fn maybe_wide(s: impl Strategy<Value = Insn> + 'static) -> BoxedStrategy<Instruction> {
    sometimes(s, 0.2, Instruction::wide)
}

fn auto(s: impl Strategy<Value = Insn> + 'static) -> BoxedStrategy<Instruction> {
    s.prop_map(insn).boxed()
}

/// Optionally asks for the 16-bit form (`.n`); only for narrow-only generators.
fn maybe_narrow(s: impl Strategy<Value = Insn> + 'static) -> BoxedStrategy<Instruction> {
    sometimes(s, 0.3, Instruction::narrow)
}

/// The instruction, with `width` applied to it with probability `p`.
fn sometimes(
    s: impl Strategy<Value = Insn> + 'static,
    p: f64,
    width: fn(Instruction) -> Instruction,
) -> BoxedStrategy<Instruction> {
    (s, prop::bool::weighted(p))
        .prop_map(move |(i, apply)| if apply { width(insn(i)) } else { insn(i) })
        .boxed()
}

fn reglist(allowed: u16) -> BoxedStrategy<RegList> {
    prop_oneof![
        3 => any::<u16>().prop_map(move |m| RegList(m & allowed)),
        1 => (any::<u16>(), any::<u16>()).prop_map(move |(a, b)| RegList(a & b & allowed)),
        1 => (0u8..16).prop_map(move |n| RegList((1u16 << n) & allowed)),
    ]
    .prop_filter("empty register list", |l| !l.is_empty())
    .boxed()
}

const SYSREGS_V8M: &[SysReg] = &[
    SysReg::APSR,
    SysReg::IAPSR,
    SysReg::EAPSR,
    SysReg::XPSR,
    SysReg::IPSR,
    SysReg::EPSR,
    SysReg::IEPSR,
    SysReg::MSP,
    SysReg::PSP,
    SysReg::MSPLIM,
    SysReg::PSPLIM,
    SysReg::PRIMASK,
    SysReg::BASEPRI,
    SysReg::BASEPRI_MAX,
    SysReg::FAULTMASK,
    SysReg::CONTROL,
];

/// The special registers ARMv6-M has (no BASEPRI, FAULTMASK or stack limits).
const SYSREGS_V6M: &[SysReg] = &[
    SysReg::APSR,
    SysReg::IAPSR,
    SysReg::EAPSR,
    SysReg::XPSR,
    SysReg::IPSR,
    SysReg::EPSR,
    SysReg::IEPSR,
    SysReg::MSP,
    SysReg::PSP,
    SysReg::PRIMASK,
    SysReg::CONTROL,
];

fn dp(op: DpOp, s: bool, rd: Reg, rn: Reg, op2: Op2) -> Insn {
    Insn::Dp { op, s, rd, rn, op2 }
}

fn either(first: bool, a: Reg, b: Reg) -> Reg {
    if first {
        a
    } else {
        b
    }
}

fn plain(rm: Reg) -> Op2 {
    Op2::Reg(Shifted::plain(rm))
}

/// Bit-field lsb and width that fit in 32 bits.
fn bitfield() -> BoxedStrategy<(u8, u8)> {
    (0u8..32, 1u8..=32)
        .prop_map(|(lsb, w)| (lsb, w.min(32 - lsb)))
        .boxed()
}

/// Hints, exceptions, interrupt masks, special registers and barriers.
fn system(sysregs: &'static [SysReg], thumb2: bool) -> Vec<BoxedStrategy<Instruction>> {
    type Wrap = fn(BoxedStrategy<Insn>) -> BoxedStrategy<Instruction>;
    let (udf, width): (BoxedStrategy<u16>, Wrap) = if thumb2 {
        (any::<u16>().boxed(), |s| maybe_wide(s))
    } else {
        ((0u16..256).boxed(), |s| maybe_narrow(s))
    };
    let mut hints = vec![
        HintOp::Nop,
        HintOp::Yield,
        HintOp::Wfe,
        HintOp::Wfi,
        HintOp::Sev,
    ];
    let mut barriers = vec![BarrierOp::Dmb, BarrierOp::Dsb, BarrierOp::Isb];
    if thumb2 {
        hints.push(HintOp::Csdb);
        barriers.push(BarrierOp::Clrex);
    }
    vec![
        maybe_narrow(any::<u8>().prop_map(Insn::Svc)),
        maybe_narrow(any::<u8>().prop_map(Insn::Bkpt)),
        width(udf.prop_map(Insn::Udf).boxed()),
        width(select(hints).prop_map(Insn::Hint).boxed()),
        maybe_narrow((any::<bool>(), 1u8..4).prop_map(|(enable, fl)| Insn::Cps {
            enable,
            i: fl & 2 != 0,
            f: fl & 1 != 0,
        })),
        auto((gp(), select(sysregs)).prop_map(|(rd, sysreg)| Insn::Mrs { rd, sysreg })),
        // Without the DSP extension the only APSR mask is nzcvq (2); the other
        // registers take 2 as well.
        auto((gp(), select(sysregs)).prop_map(|(rn, sysreg)| Insn::Msr {
            sysreg,
            mask: 2,
            rn,
        })),
        auto((select(barriers), 0u8..16).prop_map(|(op, option)| Insn::Barrier { op, option })),
    ]
}

/// The 16-bit forms both profiles share, in the shape that selects them
/// outside an IT block (flag-setting where the 16-bit form sets flags).
fn narrow_forms() -> Vec<BoxedStrategy<Instruction>> {
    use thumb::MemOp;
    let alu_ops = select(vec![
        DpOp::And,
        DpOp::Eor,
        DpOp::Orr,
        DpOp::Bic,
        DpOp::Adc,
        DpOp::Sbc,
        DpOp::Add,
        DpOp::Sub,
    ]);
    let shift_kind = (0u8..3, 0u8..32).prop_map(|(k, n)| match k {
        0 => (ShiftOp::Lsl, n),
        1 => (ShiftOp::Lsr, n + 1),
        _ => (ShiftOp::Asr, n + 1),
    });
    vec![
        // adds/subs rdn, #imm8 and adds/subs rd, rn, #imm3.
        maybe_narrow((add_sub(), lo(), lo(), any::<bool>(), 0u32..256).prop_map(
            |(op, rd, rn, same, v)| {
                let rn = if same { rd } else { rn };
                let v = if rd == rn { v } else { v & 7 };
                dp(op, true, rd, rn, Op2::Imm(v))
            },
        )),
        // add/sub sp, sp, #imm7*4; add rd, sp|pc, #imm8*4.
        maybe_narrow(
            (add_sub(), 0u32..128)
                .prop_map(|(op, n)| dp(op, false, Reg::SP, Reg::SP, Op2::Imm(n * 4))),
        ),
        maybe_narrow((lo(), any::<bool>(), 0u32..256).prop_map(|(rd, pc, n)| {
            let rn = if pc { Reg::PC } else { Reg::SP };
            dp(DpOp::Add, false, rd, rn, Op2::Imm(n * 4))
        })),
        maybe_narrow((lo(), lo()).prop_map(|(rd, rn)| dp(DpOp::Rsb, true, rd, rn, Op2::Imm(0)))),
        // The two-register ALU operations (either order where they commute)
        // and three-register adds/subs.
        maybe_narrow((alu_ops, lo(), lo(), lo(), 0u8..3).prop_map(
            |(op, rd, other, third, form)| {
                let commutes = matches!(
                    op,
                    DpOp::And | DpOp::Eor | DpOp::Orr | DpOp::Adc | DpOp::Add
                );
                let (rn, rm) = match form {
                    1 if commutes => (other, rd),
                    2 if matches!(op, DpOp::Add | DpOp::Sub) => (other, third),
                    _ => (rd, other),
                };
                dp(op, true, rd, rn, plain(rm))
            },
        )),
        // add rdn, rm with any registers (not both pc).
        maybe_narrow(
            (any_reg(), any_reg(), any::<bool>())
                .prop_filter("pc + pc", |&(d, m, _)| !(d == Reg::PC && m == Reg::PC))
                .prop_map(|(rd, other, swap)| {
                    let (rn, rm) = if swap { (other, rd) } else { (rd, other) };
                    dp(DpOp::Add, false, rd, rn, plain(rm))
                }),
        ),
        maybe_narrow((lo(), 0u32..256).prop_map(|(rd, v)| Insn::Mov {
            op: MovOp::Mov,
            s: true,
            rd,
            op2: Op2::Imm(v),
        })),
        // mov rd, rm takes any registers (a pc source aside).
        maybe_narrow((any_reg(), gp_sp()).prop_map(|(rd, rm)| Insn::Mov {
            op: MovOp::Mov,
            s: false,
            rd,
            op2: plain(rm),
        })),
        maybe_narrow(
            (lo(), lo(), any::<bool>()).prop_map(|(rd, rm, mvn)| Insn::Mov {
                op: if mvn { MovOp::Mvn } else { MovOp::Mov },
                s: true,
                rd,
                op2: plain(rm),
            }),
        ),
        maybe_narrow(
            (lo(), lo(), shift_kind.clone()).prop_map(|(rd, rm, (op, n))| Insn::Mov {
                op: MovOp::Mov,
                s: true,
                rd,
                op2: Op2::Reg(Shifted {
                    rm,
                    kind: op.kind(),
                    amount: n,
                }),
            }),
        ),
        maybe_narrow(
            (lo(), lo(), shift_kind).prop_map(|(rd, rm, (op, n))| Insn::Shift {
                op,
                s: true,
                rd,
                rm,
                by: ShiftBy::Imm(n),
            }),
        ),
        maybe_narrow(
            (
                select(vec![ShiftOp::Lsl, ShiftOp::Lsr, ShiftOp::Asr, ShiftOp::Ror]),
                lo(),
                lo(),
            )
                .prop_map(|(op, rd, rs)| Insn::Shift {
                    op,
                    s: true,
                    rd,
                    rm: rd,
                    by: ShiftBy::Reg(rs),
                }),
        ),
        maybe_narrow((lo(), 0u32..256).prop_map(|(rn, v)| Insn::Cmp {
            op: CmpOp::Cmp,
            rn,
            op2: Op2::Imm(v),
        })),
        maybe_narrow(
            (select(vec![CmpOp::Cmp, CmpOp::Cmn, CmpOp::Tst]), lo(), lo()).prop_map(
                |(op, rn, rm)| Insn::Cmp {
                    op,
                    rn,
                    op2: plain(rm),
                },
            ),
        ),
        // cmp rn, rm takes any registers but pc.
        maybe_narrow((gp_sp(), gp_sp()).prop_map(|(rn, rm)| Insn::Cmp {
            op: CmpOp::Cmp,
            rn,
            op2: plain(rm),
        })),
        maybe_narrow((lo(), lo(), any::<bool>()).prop_map(|(rd, other, swap)| {
            let (rn, rm) = if swap { (other, rd) } else { (rd, other) };
            Insn::Mul {
                s: true,
                rd,
                rn,
                rm,
            }
        })),
        maybe_narrow(
            (
                select(vec![BitsOp::Rev, BitsOp::Rev16, BitsOp::Revsh]),
                lo(),
                lo(),
            )
                .prop_map(|(op, rd, rm)| Insn::Bits { op, rd, rm }),
        ),
        maybe_narrow(
            (extend_op(), lo(), lo()).prop_map(|(op, rd, rm)| Insn::Extend {
                op,
                rd,
                rm,
                rotate: 0,
            }),
        ),
        // Loads and stores: scaled 5-bit offsets, sp-relative, register offset.
        maybe_narrow(
            (mem_op(), lo(), lo(), 0i32..32)
                .prop_filter("no 16-bit signed loads with offset", |&(op, _, _, _)| {
                    !matches!(op, MemOp::Ldrsb | MemOp::Ldrsh)
                })
                .prop_map(|(op, rt, rn, n)| {
                    let scale = match op {
                        MemOp::Ldr | MemOp::Str => 4,
                        MemOp::Ldrh | MemOp::Strh => 2,
                        _ => 1,
                    };
                    let addr = Addr::Offset { rn, imm: n * scale };
                    Insn::Mem { op, rt, addr }
                }),
        ),
        maybe_narrow((any::<bool>(), lo(), 0i32..256).prop_map(|(load, rt, n)| {
            let op = if load { MemOp::Ldr } else { MemOp::Str };
            let addr = Addr::Offset {
                rn: Reg::SP,
                imm: n * 4,
            };
            Insn::Mem { op, rt, addr }
        })),
        maybe_narrow((mem_op(), lo(), lo(), lo()).prop_map(|(op, rt, rn, rm)| {
            let addr = Addr::Register { rn, rm, shift: 0 };
            Insn::Mem { op, rt, addr }
        })),
        // ldm/stm ia with low registers (the base written back unless loaded),
        // ldm sp! (pop), push and pop.
        maybe_narrow(
            (any::<bool>(), lo(), reglist(0xff))
                .prop_filter("stm base in its list", |&(load, rn, regs)| {
                    load || !regs.contains(rn)
                })
                .prop_map(|(load, rn, regs)| Insn::Multi {
                    load,
                    db: false,
                    rn,
                    wback: !load || !regs.contains(rn),
                    regs,
                }),
        ),
        maybe_narrow(reglist(0xff).prop_map(|regs| Insn::Multi {
            load: true,
            db: false,
            rn: Reg::SP,
            wback: true,
            regs,
        })),
        maybe_narrow(reglist(0x40ff).prop_map(Insn::Push)),
        maybe_narrow(reglist(0x80ff).prop_map(Insn::Pop)),
        maybe_narrow(gp_sp().prop_map(Insn::Bx)),
        maybe_narrow(gp_sp().prop_map(Insn::Blx)),
    ]
}

fn extend_op() -> BoxedStrategy<ExtendOp> {
    select(vec![
        ExtendOp::Sxtb,
        ExtendOp::Sxth,
        ExtendOp::Uxtb,
        ExtendOp::Uxth,
    ])
    .boxed()
}

/// Legal instructions of ARMv8-M Mainline: the 16-bit forms, then the 32-bit
/// ones with every register and operand they take.
fn v8m_instruction() -> impl Strategy<Value = Instruction> {
    let mut arms = narrow_forms();
    arms.extend(system(SYSREGS_V8M, true));
    arms.extend([
        // Data processing with a constant.
        maybe_wide(
            (dp_op(), any::<bool>(), gp(), gp(), constant())
                .prop_filter("constant does not encode", |&(op, s, _, rn, v)| {
                    dp_imm_legal(op, s, rn, v)
                })
                .prop_map(|(op, s, rd, rn, v)| dp(op, s, rd, rn, Op2::Imm(v))),
        ),
        // add/sub with sp as the base; sp may be the destination.
        maybe_wide(
            (add_sub(), any::<bool>(), gp_sp(), constant())
                .prop_filter("constant does not encode", |&(op, s, _, v)| {
                    dp_imm_legal(op, s, Reg::SP, v)
                })
                .prop_map(|(op, s, rd, v)| dp(op, s, rd, Reg::SP, Op2::Imm(v))),
        ),
        // add/sub with pc as the base: ADR.
        auto(
            (add_sub(), gp(), 0u32..4096)
                .prop_map(|(op, rd, v)| dp(op, false, rd, Reg::PC, Op2::Imm(v))),
        ),
        // Data processing with a shifted register.
        maybe_wide(
            (dp_op(), any::<bool>(), gp(), gp(), shifted_reg(gp()))
                .prop_map(|(op, s, rd, rn, sh)| dp(op, s, rd, rn, Op2::Reg(sh))),
        ),
        // add/sub rd, sp, rm{, shift}: sp as destination only with lsl #0-3.
        maybe_wide(
            (add_sub(), any::<bool>(), gp_sp(), shifted_reg(gp()))
                .prop_filter("sp destination needs lsl #0-3", |&(_, _, rd, sh)| {
                    rd != Reg::SP || (sh.kind == ShiftKind::Lsl && sh.amount <= 3)
                })
                .prop_map(|(op, s, rd, sh)| dp(op, s, rd, Reg::SP, Op2::Reg(sh))),
        ),
        // addw/subw, also with sp and pc (adr) as the base.
        auto((any::<bool>(), gp(), 0u8..3, gp(), 0u32..4096).prop_map(
            |(sub, rd, base, rn, imm)| {
                let rn = [rn, Reg::SP, Reg::PC][base as usize];
                Insn::AddW { sub, rd, rn, imm }
            },
        )),
        auto(
            (any::<bool>(), 0u32..4096).prop_map(|(sub, imm)| Insn::AddW {
                sub,
                rd: Reg::SP,
                rn: Reg::SP,
                imm,
            }),
        ),
        // Constants: mov, mvn, ldr =, movw, movt.
        maybe_wide(
            (any::<bool>(), gp(), constant())
                .prop_filter("constant does not encode", |&(s, _, v)| {
                    is_mod(v) || is_mod(!v) || (!s && v <= 0xffff)
                })
                .prop_map(|(s, rd, v)| Insn::Mov {
                    op: MovOp::Mov,
                    s,
                    rd,
                    op2: Op2::Imm(v),
                }),
        ),
        maybe_wide(
            (any::<bool>(), gp(), constant())
                .prop_filter("constant does not encode", |&(_, _, v)| {
                    is_mod(v) || is_mod(!v)
                })
                .prop_map(|(s, rd, v)| Insn::Mov {
                    op: MovOp::Mvn,
                    s,
                    rd,
                    op2: Op2::Imm(v),
                }),
        ),
        auto(
            (gp(), constant())
                .prop_filter("needs a literal pool", |&(_, v)| {
                    is_mod(v) || is_mod(!v) || v <= 0xffff
                })
                .prop_map(|(rt, v)| Insn::LdrConst {
                    rt,
                    value: Value::Imm(v),
                }),
        ),
        maybe_wide(
            (any::<bool>(), gp(), any::<u16>()).prop_map(|(top, rd, imm)| Insn::MovW {
                top,
                rd,
                imm,
            }),
        ),
        // mov/mvn of a shifted register.
        maybe_wide(
            (
                select(vec![MovOp::Mov, MovOp::Mvn]),
                any::<bool>(),
                gp(),
                shifted_reg(gp()),
            )
                .prop_map(|(op, s, rd, sh)| Insn::Mov {
                    op,
                    s,
                    rd,
                    op2: Op2::Reg(sh),
                }),
        ),
        // Compares: cmp and cmn take sp as the first operand, tst and teq do not.
        maybe_wide(
            (
                select(vec![CmpOp::Tst, CmpOp::Teq, CmpOp::Cmp, CmpOp::Cmn]),
                gp_sp(),
                gp(),
                constant(),
            )
                .prop_map(|(op, rn_sp, rn, v)| {
                    (
                        op,
                        either(matches!(op, CmpOp::Cmp | CmpOp::Cmn), rn_sp, rn),
                        v,
                    )
                })
                .prop_filter("constant does not encode", |&(op, _, v)| {
                    is_mod(v) || (matches!(op, CmpOp::Cmp | CmpOp::Cmn) && is_mod(v.wrapping_neg()))
                })
                .prop_map(|(op, rn, v)| Insn::Cmp {
                    op,
                    rn,
                    op2: Op2::Imm(v),
                }),
        ),
        maybe_wide(
            (
                select(vec![CmpOp::Tst, CmpOp::Teq, CmpOp::Cmp, CmpOp::Cmn]),
                gp_sp(),
                gp(),
                shifted_reg(gp()),
            )
                .prop_map(|(op, rn_sp, rn, sh)| Insn::Cmp {
                    op,
                    rn: either(matches!(op, CmpOp::Cmp | CmpOp::Cmn), rn_sp, rn),
                    op2: Op2::Reg(sh),
                }),
        ),
        // Shifts by a constant and by a register.
        maybe_wide(
            (any::<bool>(), gp(), gp(), shift())
                .prop_filter("rrx is not a shift instruction", |&(_, _, _, (k, _))| {
                    k != ShiftKind::Rrx
                })
                .prop_map(|(s, rd, rm, (k, n))| Insn::Shift {
                    op: match k {
                        ShiftKind::Lsl => ShiftOp::Lsl,
                        ShiftKind::Lsr => ShiftOp::Lsr,
                        ShiftKind::Asr => ShiftOp::Asr,
                        _ => ShiftOp::Ror,
                    },
                    s,
                    rd,
                    rm,
                    by: ShiftBy::Imm(n),
                }),
        ),
        maybe_wide(
            (
                select(vec![ShiftOp::Lsl, ShiftOp::Lsr, ShiftOp::Asr, ShiftOp::Ror]),
                any::<bool>(),
                gp(),
                gp(),
                gp(),
                any::<bool>(),
            )
                .prop_map(|(op, s, rd, rm, rs, same)| Insn::Shift {
                    op,
                    s,
                    rd,
                    rm: either(same, rd, rm),
                    by: ShiftBy::Reg(rs),
                }),
        ),
        // Multiplies and divides.
        maybe_wide((gp(), gp(), gp()).prop_map(|(rd, rn, rm)| Insn::Mul {
            s: false,
            rd,
            rn,
            rm,
        })),
        auto(
            (any::<bool>(), gp(), gp(), gp(), gp()).prop_map(|(sub, rd, rn, rm, ra)| Insn::Mla {
                sub,
                rd,
                rn,
                rm,
                ra,
            }),
        ),
        auto(
            (
                select(vec![
                    LongMulOp::Umull,
                    LongMulOp::Smull,
                    LongMulOp::Umlal,
                    LongMulOp::Smlal,
                ]),
                gp(),
                gp(),
                gp(),
                gp(),
            )
                .prop_filter("rdlo == rdhi", |&(_, lo, hi, _, _)| lo != hi)
                .prop_map(|(op, rdlo, rdhi, rn, rm)| Insn::MulLong {
                    op,
                    rdlo,
                    rdhi,
                    rn,
                    rm,
                }),
        ),
        auto(
            (any::<bool>(), gp(), gp(), gp()).prop_map(|(signed, rd, rn, rm)| Insn::Div {
                signed,
                rd,
                rn,
                rm,
            }),
        ),
        // Bit, byte and bit-field operations.
        maybe_wide(
            (
                select(vec![
                    BitsOp::Clz,
                    BitsOp::Rbit,
                    BitsOp::Rev,
                    BitsOp::Rev16,
                    BitsOp::Revsh,
                ]),
                gp(),
                gp(),
            )
                .prop_map(|(op, rd, rm)| Insn::Bits { op, rd, rm }),
        ),
        maybe_wide(
            (extend_op(), gp(), gp(), select(vec![0u8, 8, 16, 24]))
                .prop_map(|(op, rd, rm, rotate)| Insn::Extend { op, rd, rm, rotate }),
        ),
        auto(
            (any::<bool>(), gp(), gp(), bitfield()).prop_map(|(signed, rd, rn, (lsb, width))| {
                Insn::Bfx {
                    signed,
                    rd,
                    rn,
                    lsb,
                    width,
                }
            }),
        ),
        auto(
            (gp(), gp(), bitfield()).prop_map(|(rd, rn, (lsb, width))| Insn::Bfi {
                rd,
                rn,
                lsb,
                width,
            }),
        ),
        auto((gp(), bitfield()).prop_map(|(rd, (lsb, width))| Insn::Bfc { rd, lsb, width })),
        // Loads and stores: 12-bit and negative 8-bit offsets.
        maybe_wide(
            mem_op()
                .prop_flat_map(|op| {
                    let imm = prop_oneof![0i32..32, -255i32..0, 0i32..4096];
                    (Just(op), rt_for(op), gp_sp(), imm)
                })
                .prop_map(|(op, rt, rn, imm)| Insn::Mem {
                    op,
                    rt,
                    addr: Addr::Offset { rn, imm },
                }),
        ),
        // ... pre- and post-indexed.
        auto(
            mem_op()
                .prop_flat_map(|op| (Just(op), rt_for(op), gp_sp(), -255i32..=255, any::<bool>()))
                .prop_filter(
                    "written-back base is the transfer register",
                    |&(_, rt, rn, _, _)| rt != rn,
                )
                .prop_map(|(op, rt, rn, imm, pre)| Insn::Mem {
                    op,
                    rt,
                    addr: if pre {
                        Addr::PreIndex { rn, imm }
                    } else {
                        Addr::PostIndex { rn, imm }
                    },
                }),
        ),
        // ... register offset.
        maybe_wide(
            mem_op()
                .prop_flat_map(|op| (Just(op), rt_for(op), gp_sp(), gp(), 0u8..4))
                .prop_map(|(op, rt, rn, rm, shift)| Insn::Mem {
                    op,
                    rt,
                    addr: Addr::Register { rn, rm, shift },
                }),
        ),
        // Unprivileged loads and stores, preload hints.
        auto(
            (mem_op(), gp(), gp_sp(), any::<u8>()).prop_map(|(op, rt, rn, imm)| Insn::MemUnpriv {
                op,
                rt,
                rn,
                imm,
            }),
        ),
        auto(
            (
                any::<bool>(),
                gp_sp(),
                gp(),
                prop_oneof![-255i32..0, 0i32..4096],
                0u8..4,
                any::<bool>(),
            )
                .prop_map(|(instruction, rn, rm, imm, shift, by_reg)| {
                    let addr = if by_reg {
                        Addr::Register { rn, rm, shift }
                    } else {
                        Addr::Offset { rn, imm }
                    };
                    Insn::Preload { instruction, addr }
                }),
        ),
        // ldrd/strd.
        auto(
            (any::<bool>(), gp(), gp(), gp_sp(), -255i32..=255, 0u8..3)
                .prop_filter("ldrd needs two registers", |&(load, rt, rt2, _, _, _)| {
                    !load || rt != rt2
                })
                .prop_filter(
                    "written-back base is transferred",
                    |&(_, rt, rt2, rn, _, mode)| mode == 0 || (rn != rt && rn != rt2),
                )
                .prop_map(|(load, rt, rt2, rn, n, mode)| {
                    let imm = n * 4;
                    let addr = match mode {
                        0 => Addr::Offset { rn, imm },
                        1 => Addr::PreIndex { rn, imm },
                        _ => Addr::PostIndex { rn, imm },
                    };
                    Insn::Dual {
                        load,
                        rt,
                        rt2,
                        addr,
                    }
                }),
        ),
        // ldm/stm{ia,db} with any base but pc; lists without sp (nor pc for
        // stores, nor lr and pc together for loads).
        maybe_wide(
            (any::<bool>(), any::<bool>(), gp_sp(), any::<bool>())
                .prop_flat_map(|(load, db, rn, wback)| {
                    let allowed = if load { 0xdfff } else { 0x5fff };
                    (Just((load, db, rn, wback)), reglist(allowed))
                })
                .prop_filter("illegal register list", |&((load, _, rn, wback), regs)| {
                    let base_written = wback && regs.contains(rn);
                    let lr_and_pc = load && regs.contains(Reg::LR) && regs.contains(Reg::PC);
                    !base_written && !lr_and_pc
                })
                .prop_map(|((load, db, rn, wback), regs)| Insn::Multi {
                    load,
                    db,
                    rn,
                    wback,
                    regs,
                }),
        ),
        maybe_wide(reglist(0x5fff).prop_map(Insn::Push)),
        maybe_wide(
            reglist(0xdfff)
                .prop_filter("lr and pc", |l| {
                    !(l.contains(Reg::LR) && l.contains(Reg::PC))
                })
                .prop_map(Insn::Pop),
        ),
        // Exclusives.
        auto(
            (ex_size(), gp(), gp_sp(), 0u32..256).prop_map(|(size, rt, rn, n)| Insn::Ldrex {
                size,
                rt,
                rn,
                imm: if size == ExSize::Word { n * 4 } else { 0 },
            }),
        ),
        auto(
            (ex_size(), gp(), gp(), gp_sp(), 0u32..256)
                .prop_filter("strex status register overlaps", |&(_, rd, rt, rn, _)| {
                    rd != rt && rd != rn
                })
                .prop_map(|(size, rd, rt, rn, n)| Insn::Strex {
                    size,
                    rd,
                    rt,
                    rn,
                    imm: if size == ExSize::Word { n * 4 } else { 0 },
                }),
        ),
        // Table branches: any base but sp (pc included).
        auto(
            (
                any::<bool>(),
                any_reg().prop_filter("sp base", |&r| r != Reg::SP),
                gp(),
            )
                .prop_map(|(half, rn, rm)| Insn::Tb { half, rn, rm }),
        ),
    ]);
    Union::new(arms)
}

fn ex_size() -> BoxedStrategy<ExSize> {
    select(vec![ExSize::Word, ExSize::Byte, ExSize::Half]).boxed()
}

/// Legal instructions of ARMv6-M: the 16-bit set plus mrs, msr and the
/// barriers (bl, its other 32-bit instruction, needs a label).
fn v6m_instruction() -> impl Strategy<Value = Instruction> {
    let mut arms = narrow_forms();
    arms.extend(system(SYSREGS_V6M, false));
    // Negative constants: `adds r0, #-4` is `subs r0, #4` here.
    arms.push(maybe_narrow(
        (add_sub(), lo(), lo(), any::<bool>(), 1u32..256).prop_map(|(op, rd, rn, same, v)| {
            let rn = if same { rd } else { rn };
            let v = if rd == rn { v } else { v & 7 };
            dp(op, true, rd, rn, Op2::Imm(v.wrapping_neg()))
        }),
    ));
    Union::new(arms)
}

fn config() -> Config {
    Config {
        // Failures print the shrunk instruction; keep no regression files.
        failure_persistence: None,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn v8m_main_encodings_decode_to_the_same_instruction(inst in v8m_instruction()) {
        check(&inst, Profile::V8MMain)?;
    }

    #[test]
    fn v6m_encodings_decode_to_the_same_instruction(inst in v6m_instruction()) {
        check(&inst, Profile::V6M)?;
    }
}
