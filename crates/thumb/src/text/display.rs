//! UAL text for typed instructions, as listings and messages show them: the
//! mnemonic from the instruction model's table, then the operands in the
//! syntax the parser reads.

use std::fmt;

use crate::insn::{
    Addr, BarrierOp, Family, Insn, Instruction, Op2, ShiftBy, ShiftKind, Shifted, Target, Value,
};

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
        let m = self.mnemonic();
        match self.insn.family() {
            Family::Data => data(f, &m, self.insn),
            Family::Dsp => dsp(f, &m, self.insn),
            Family::Memory => memory(f, &m, self.insn),
            Family::Control => control(f, &m, self.insn),
            Family::System => system(f, &m, self.insn),
        }
    }
}

fn data(f: &mut fmt::Formatter<'_>, m: &str, insn: Insn) -> fmt::Result {
    match insn {
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
        Insn::Sat { rd, sat, shift, .. } => write!(f, "{m} {rd}, #{sat}, {}", Sh(shift)),
        _ => unreachable!("not a data-processing instruction"),
    }
}

fn dsp(f: &mut fmt::Formatter<'_>, m: &str, insn: Insn) -> fmt::Result {
    match insn {
        Insn::Dsp { op, regs, rotate } => {
            write!(f, "{m} ")?;
            for (i, r) in regs[..op.form().registers()].iter().enumerate() {
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
        _ => unreachable!("not a DSP instruction"),
    }
}

fn memory(f: &mut fmt::Formatter<'_>, m: &str, insn: Insn) -> fmt::Result {
    match insn {
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
        _ => unreachable!("not a load or store"),
    }
}

fn control(f: &mut fmt::Formatter<'_>, m: &str, insn: Insn) -> fmt::Result {
    match insn {
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
        _ => unreachable!("not a branch"),
    }
}

fn system(f: &mut fmt::Formatter<'_>, m: &str, insn: Insn) -> fmt::Result {
    match insn {
        Insn::Svc(n) | Insn::Bkpt(n) => write!(f, "{m} #{n}"),
        Insn::Udf(n) => write!(f, "{m} #{n}"),
        Insn::Hint(_) | Insn::Sg => f.write_str(m),
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
            op: BarrierOp::Clrex,
            ..
        } => f.write_str(m),
        Insn::Barrier { option: 15, .. } => write!(f, "{m} sy"),
        Insn::Barrier { option, .. } => write!(f, "{m} #{option}"),
        Insn::Dbg(n) => write!(f, "{m} #{n}"),
        Insn::Tt { rd, rn, .. } => write!(f, "{m} {rd}, {rn}"),
        Insn::Bxns { rm, .. } => write!(f, "{m} {rm}"),
        _ => unreachable!("not a system instruction"),
    }
}
