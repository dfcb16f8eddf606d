//! UAL text for typed instructions, as listings and messages show them.

use std::fmt;

use crate::{
    Addr, Cond, Insn, Instruction, MovOp, Op2, ShiftBy, ShiftKind, Shifted, Target, Value, Width,
};

/// The mnemonic of an instruction with its `s`, condition and width suffixes.
pub fn mnemonic_of(inst: &Instruction) -> String {
    let (base, s) = base_name(&inst.insn);
    let mut m = base;
    if s {
        m.push('s');
    }
    if inst.cond != Cond::Al {
        m.push_str(inst.cond.name());
    }
    match inst.width {
        Width::Auto => {}
        Width::Narrow => m.push_str(".n"),
        Width::Wide => m.push_str(".w"),
    }
    m
}

fn base_name(insn: &Insn) -> (String, bool) {
    let (name, s): (&str, bool) = match *insn {
        Insn::Dp { op, s, .. } => (op.name(), s),
        Insn::AddW { sub, .. } => (if sub { "subw" } else { "addw" }, false),
        Insn::Mov {
            op: MovOp::Mov, s, ..
        } => ("mov", s),
        Insn::Mov {
            op: MovOp::Mvn, s, ..
        } => ("mvn", s),
        Insn::MovW { top, .. } => (if top { "movt" } else { "movw" }, false),
        Insn::Cmp { op, .. } => (op.name(), false),
        Insn::Shift { op, s, .. } => (op.kind().name(), s),
        Insn::Mul { s, .. } => ("mul", s),
        Insn::Mla { sub, .. } => (if sub { "mls" } else { "mla" }, false),
        Insn::MulLong { op, .. } => (op.name(), false),
        Insn::Div { signed, .. } => (if signed { "sdiv" } else { "udiv" }, false),
        Insn::Bits { op, .. } => (op.name(), false),
        Insn::Extend { op, .. } => (op.name(), false),
        Insn::Bfx { signed, .. } => (if signed { "sbfx" } else { "ubfx" }, false),
        Insn::Bfi { .. } => ("bfi", false),
        Insn::Bfc { .. } => ("bfc", false),
        Insn::Mem { op, .. } => (op.name(), false),
        Insn::LdrConst { .. } => ("ldr", false),
        Insn::MemUnpriv { op, .. } => return (format!("{}t", op.name()), false),
        Insn::LoadAcquire {
            size, exclusive, ..
        } => {
            let base = if exclusive { "ldaex" } else { "lda" };
            return (format!("{base}{}", size_suffix(size)), false);
        }
        Insn::StoreRelease { size, status, .. } => {
            let base = if status.is_some() { "stlex" } else { "stl" };
            return (format!("{base}{}", size_suffix(size)), false);
        }
        Insn::Sat { unsigned, .. } => (if unsigned { "usat" } else { "ssat" }, false),
        Insn::Dbg(_) => ("dbg", false),
        Insn::Tt {
            alternate,
            unprivileged,
            ..
        } => (
            match (alternate, unprivileged) {
                (false, false) => "tt",
                (false, true) => "ttt",
                (true, false) => "tta",
                (true, true) => "ttat",
            },
            false,
        ),
        Insn::Sg => ("sg", false),
        Insn::Bxns { link, .. } => (if link { "blxns" } else { "bxns" }, false),
        Insn::Dsp { op, .. } => (op.name(), false),
        Insn::Pkh { tb, .. } => (if tb { "pkhtb" } else { "pkhbt" }, false),
        Insn::Sat16 { unsigned, .. } => (if unsigned { "usat16" } else { "ssat16" }, false),
        Insn::Preload { instruction, .. } => (if instruction { "pli" } else { "pld" }, false),
        Insn::Adr { .. } => ("adr", false),
        Insn::Dual { load, .. } => (if load { "ldrd" } else { "strd" }, false),
        Insn::Multi { load, db, .. } => (
            match (load, db) {
                (true, false) => "ldmia",
                (true, true) => "ldmdb",
                (false, false) => "stmia",
                (false, true) => "stmdb",
            },
            false,
        ),
        Insn::Push(_) => ("push", false),
        Insn::Pop(_) => ("pop", false),
        Insn::Ldrex { size, .. } => (ex_name("ldrex", size), false),
        Insn::Strex { size, .. } => (ex_name("strex", size), false),
        Insn::B(_) => ("b", false),
        Insn::Bl(_) => ("bl", false),
        Insn::Bx(_) => ("bx", false),
        Insn::Blx(_) => ("blx", false),
        Insn::Cbz { nonzero, .. } => (if nonzero { "cbnz" } else { "cbz" }, false),
        Insn::Tb { half, .. } => (if half { "tbh" } else { "tbb" }, false),
        Insn::It { pattern, .. } => return (format!("it{}", pattern.letters()), false),
        Insn::Svc(_) => ("svc", false),
        Insn::Bkpt(_) => ("bkpt", false),
        Insn::Udf(_) => ("udf", false),
        Insn::Hint(h) => (h.name(), false),
        Insn::Cps { enable, .. } => (if enable { "cpsie" } else { "cpsid" }, false),
        Insn::Mrs { .. } => ("mrs", false),
        Insn::Msr { .. } => ("msr", false),
        Insn::Barrier { op, .. } => (op.name(), false),
    };
    (name.to_string(), s)
}

fn size_suffix(size: crate::ExSize) -> &'static str {
    match size {
        crate::ExSize::Byte => "b",
        crate::ExSize::Half => "h",
        crate::ExSize::Word => "",
    }
}

fn ex_name(base: &str, size: crate::ExSize) -> &'static str {
    match (base, size) {
        ("ldrex", crate::ExSize::Word) => "ldrex",
        ("ldrex", crate::ExSize::Byte) => "ldrexb",
        ("ldrex", crate::ExSize::Half) => "ldrexh",
        (_, crate::ExSize::Word) => "strex",
        (_, crate::ExSize::Byte) => "strexb",
        (_, crate::ExSize::Half) => "strexh",
    }
}

struct Sh(Shifted);

impl fmt::Display for Sh {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0;
        write!(f, "{}", s.rm)?;
        match s.kind {
            _ if s.is_plain() => Ok(()),
            ShiftKind::Rrx => write!(f, ", rrx"),
            k => write!(f, ", {} #{}", k.name(), s.amount),
        }
    }
}

struct O2(Op2);

impl fmt::Display for O2 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Op2::Imm(v) => write!(f, "#{v}"),
            Op2::Reg(s) => Sh(s).fmt(f),
        }
    }
}

struct T(Target);

impl fmt::Display for T {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Target::Label(l) => write!(f, "L{}", l.index()),
            Target::Address(a) => write!(f, "{a:#x}"),
        }
    }
}

struct A(Addr);

impl fmt::Display for A {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Addr::Offset { rn, imm: 0 } => write!(f, "[{rn}]"),
            Addr::Offset { rn, imm } => write!(f, "[{rn}, #{imm}]"),
            Addr::PreIndex { rn, imm } => write!(f, "[{rn}, #{imm}]!"),
            Addr::PostIndex { rn, imm } => write!(f, "[{rn}], #{imm}"),
            Addr::Register { rn, rm, shift: 0 } => write!(f, "[{rn}, {rm}]"),
            Addr::Register { rn, rm, shift } => write!(f, "[{rn}, {rm}, lsl #{shift}]"),
            Addr::Literal(t) => T(t).fmt(f),
        }
    }
}

impl fmt::Display for Instruction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = mnemonic_of(self);
        match self.insn {
            Insn::Dp { rd, rn, op2, .. } => write!(f, "{m} {rd}, {rn}, {}", O2(op2)),
            Insn::AddW { rd, rn, imm, .. } => write!(f, "{m} {rd}, {rn}, #{imm}"),
            Insn::Mov { rd, op2, .. } => write!(f, "{m} {rd}, {}", O2(op2)),
            Insn::MovW { rd, imm, .. } => write!(f, "{m} {rd}, #{imm}"),
            Insn::Cmp { rn, op2, .. } => write!(f, "{m} {rn}, {}", O2(op2)),
            Insn::Shift {
                rd,
                rm,
                by: ShiftBy::Imm(n),
                ..
            } => write!(f, "{m} {rd}, {rm}, #{n}"),
            Insn::Shift {
                rd,
                rm,
                by: ShiftBy::Reg(rs),
                ..
            } => write!(f, "{m} {rd}, {rm}, {rs}"),
            Insn::Mul { rd, rn, rm, .. } => write!(f, "{m} {rd}, {rn}, {rm}"),
            Insn::Mla { rd, rn, rm, ra, .. } => write!(f, "{m} {rd}, {rn}, {rm}, {ra}"),
            Insn::MulLong {
                rdlo, rdhi, rn, rm, ..
            } => write!(f, "{m} {rdlo}, {rdhi}, {rn}, {rm}"),
            Insn::Div { rd, rn, rm, .. } => write!(f, "{m} {rd}, {rn}, {rm}"),
            Insn::Bits { rd, rm, .. } => write!(f, "{m} {rd}, {rm}"),
            Insn::Extend {
                rd, rm, rotate: 0, ..
            } => write!(f, "{m} {rd}, {rm}"),
            Insn::Extend { rd, rm, rotate, .. } => write!(f, "{m} {rd}, {rm}, ror #{rotate}"),
            Insn::Bfx {
                rd, rn, lsb, width, ..
            }
            | Insn::Bfi { rd, rn, lsb, width } => {
                write!(f, "{m} {rd}, {rn}, #{lsb}, #{width}")
            }
            Insn::Bfc { rd, lsb, width } => write!(f, "{m} {rd}, #{lsb}, #{width}"),
            Insn::Mem { rt, addr, .. } => write!(f, "{m} {rt}, {}", A(addr)),
            Insn::MemUnpriv { rt, rn, imm, .. } => write!(f, "{m} {rt}, [{rn}, #{imm}]"),
            Insn::Preload { addr, .. } => write!(f, "{m} {}", A(addr)),
            Insn::LoadAcquire { rt, rn, .. } => write!(f, "{m} {rt}, [{rn}]"),
            Insn::StoreRelease {
                status: Some(d),
                rt,
                rn,
                ..
            } => write!(f, "{m} {d}, {rt}, [{rn}]"),
            Insn::StoreRelease { rt, rn, .. } => write!(f, "{m} {rt}, [{rn}]"),
            Insn::Sat { rd, sat, shift, .. } => write!(f, "{m} {rd}, #{sat}, {}", Sh(shift)),
            Insn::Dbg(n) => write!(f, "{m} #{n}"),
            Insn::Tt { rd, rn, .. } => write!(f, "{m} {rd}, {rn}"),
            Insn::Sg => f.write_str(&m),
            Insn::Bxns { rm, .. } => write!(f, "{m} {rm}"),
            Insn::Dsp { op, regs, rotate } => {
                let n = match op.form() {
                    crate::DspForm::Rrrr | crate::DspForm::Long => 4,
                    crate::DspForm::RrRor => 2,
                    _ => 3,
                };
                write!(f, "{m} ")?;
                for (i, r) in regs[..n].iter().enumerate() {
                    write!(f, "{}{r}", if i > 0 { ", " } else { "" })?;
                }
                if rotate != 0 {
                    write!(f, ", ror #{rotate}")?;
                }
                Ok(())
            }
            Insn::Pkh {
                tb,
                rd,
                rn,
                rm,
                shift,
            } => {
                write!(f, "{m} {rd}, {rn}, {rm}")?;
                match (tb, shift) {
                    (_, 0) => Ok(()),
                    (false, s) => write!(f, ", lsl #{s}"),
                    (true, s) => write!(f, ", asr #{s}"),
                }
            }
            Insn::Sat16 { rd, sat, rn, .. } => write!(f, "{m} {rd}, #{sat}, {rn}"),
            Insn::LdrConst {
                rt,
                value: Value::Signed(v),
            } => write!(f, "{m} {rt}, ={v}"),
            Insn::LdrConst {
                rt,
                value: Value::Imm(v),
            } => write!(f, "{m} {rt}, ={v:#x}"),
            Insn::LdrConst {
                rt,
                value: Value::Label(l),
            } => write!(f, "{m} {rt}, =L{}", l.index()),
            Insn::Adr { rd, target } => write!(f, "{m} {rd}, {}", T(target)),
            Insn::Dual { rt, rt2, addr, .. } => write!(f, "{m} {rt}, {rt2}, {}", A(addr)),
            Insn::Multi {
                rn, wback, regs, ..
            } => {
                write!(f, "{m} {rn}{}, {regs}", if wback { "!" } else { "" })
            }
            Insn::Push(r) | Insn::Pop(r) => write!(f, "{m} {r}"),
            Insn::Ldrex { rt, rn, imm: 0, .. } => write!(f, "{m} {rt}, [{rn}]"),
            Insn::Ldrex { rt, rn, imm, .. } => write!(f, "{m} {rt}, [{rn}, #{imm}]"),
            Insn::Strex {
                rd, rt, rn, imm: 0, ..
            } => write!(f, "{m} {rd}, {rt}, [{rn}]"),
            Insn::Strex {
                rd, rt, rn, imm, ..
            } => write!(f, "{m} {rd}, {rt}, [{rn}, #{imm}]"),
            Insn::B(t) | Insn::Bl(t) => write!(f, "{m} {}", T(t)),
            Insn::Bx(r) | Insn::Blx(r) => write!(f, "{m} {r}"),
            Insn::Cbz { rn, target, .. } => write!(f, "{m} {rn}, {}", T(target)),
            Insn::Tb {
                half: false,
                rn,
                rm,
            } => write!(f, "{m} [{rn}, {rm}]"),
            Insn::Tb { half: true, rn, rm } => write!(f, "{m} [{rn}, {rm}, lsl #1]"),
            Insn::It { first, .. } => write!(f, "{m} {first}"),
            Insn::Svc(n) | Insn::Bkpt(n) => write!(f, "{m} #{n}"),
            Insn::Udf(n) => write!(f, "{m} #{n}"),
            Insn::Hint(_) => f.write_str(&m),
            Insn::Cps { i, f: fl, .. } => {
                write!(
                    f,
                    "{m} {}{}",
                    if i { "i" } else { "" },
                    if fl { "f" } else { "" }
                )
            }
            Insn::Mrs { rd, sysreg } => write!(f, "{m} {rd}, {}", sysreg.name()),
            Insn::Msr { sysreg, rn, mask } => {
                let suffix = match (sysreg.0 <= 3, mask) {
                    (true, 1) => "_g",
                    (true, 3) => "_nzcvqg",
                    (true, _) => "_nzcvq",
                    _ => "",
                };
                write!(f, "{m} {}{suffix}, {rn}", sysreg.name())
            }
            Insn::Barrier {
                op: crate::BarrierOp::Clrex,
                ..
            } => f.write_str(&m),
            Insn::Barrier { option: 15, .. } => write!(f, "{m} sy"),
            Insn::Barrier { option, .. } => write!(f, "{m} #{option}"),
        }
    }
}
