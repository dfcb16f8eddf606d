//! The typed instruction model: the source of truth for what can be encoded.
//!
//! Every form the kernel, the allocator and users' `code` words need is a variant
//! here; the text front end only parses into these values. Operands are kept as
//! the programmer wrote them (an `add` with a negative immediate stays an `add`):
//! the encoder makes the same substitutions GNU as makes, so both agree on bytes.

mod dsp;
mod it;
mod mnemonic;
mod operand;
mod ops;
mod sysreg;

pub use dsp::{DspForm, DspOp};
pub use it::ItPattern;
pub(crate) use mnemonic::Operation;
pub use operand::{Addr, Label, Op2, ShiftBy, ShiftKind, Shifted, Target, Value};
pub use ops::{
    BarrierOp, BitsOp, CmpOp, DpOp, ExSize, ExtendOp, HintOp, LongMulOp, MemOp, MovOp, ShiftOp,
};
pub use sysreg::SysReg;

use crate::cond::Cond;
use crate::reg::{Reg, RegList};

/// The `.n` / `.w` suffix: which encoding size the programmer demands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Width {
    #[default]
    Auto,
    Narrow,
    Wide,
}

/// One instruction, without its condition and width (see [`Instruction`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Insn {
    /// `op{s} rd, rn, op2` for and/eor/orr/orn/bic/add/adc/sub/sbc/rsb.
    Dp {
        op: DpOp,
        s: bool,
        rd: Reg,
        rn: Reg,
        op2: Op2,
    },
    /// `addw`/`subw rd, rn, #imm12`.
    AddW {
        sub: bool,
        rd: Reg,
        rn: Reg,
        imm: u32,
    },
    /// `mov{s}`/`mvn{s} rd, op2` (a shifted register op2 is the shift-by-constant form).
    Mov {
        op: MovOp,
        s: bool,
        rd: Reg,
        op2: Op2,
    },
    /// `movw rd, #imm16` (top false) or `movt rd, #imm16` (top true).
    MovW {
        top: bool,
        rd: Reg,
        imm: u16,
    },
    /// `tst`/`teq`/`cmp`/`cmn rn, op2`.
    Cmp {
        op: CmpOp,
        rn: Reg,
        op2: Op2,
    },
    /// `lsl`/`lsr`/`asr`/`ror{s} rd, rm, #n|rs`.
    Shift {
        op: ShiftOp,
        s: bool,
        rd: Reg,
        rm: Reg,
        by: ShiftBy,
    },
    /// `mul{s} rd, rn, rm`.
    Mul {
        s: bool,
        rd: Reg,
        rn: Reg,
        rm: Reg,
    },
    /// `mla rd, rn, rm, ra` (sub false) or `mls` (sub true).
    Mla {
        sub: bool,
        rd: Reg,
        rn: Reg,
        rm: Reg,
        ra: Reg,
    },
    /// `umull`/`smull`/`umlal`/`smlal rdlo, rdhi, rn, rm`.
    MulLong {
        op: LongMulOp,
        rdlo: Reg,
        rdhi: Reg,
        rn: Reg,
        rm: Reg,
    },
    /// `udiv`/`sdiv rd, rn, rm`.
    Div {
        signed: bool,
        rd: Reg,
        rn: Reg,
        rm: Reg,
    },
    /// `clz`/`rbit`/`rev`/`rev16`/`revsh rd, rm`.
    Bits {
        op: BitsOp,
        rd: Reg,
        rm: Reg,
    },
    /// `sxtb`/`sxth`/`uxtb`/`uxth rd, rm{, ror #rotate}` with rotate 0, 8, 16 or 24.
    Extend {
        op: ExtendOp,
        rd: Reg,
        rm: Reg,
        rotate: u8,
    },
    /// `ubfx`/`sbfx rd, rn, #lsb, #width`.
    Bfx {
        signed: bool,
        rd: Reg,
        rn: Reg,
        lsb: u8,
        width: u8,
    },
    /// `bfi rd, rn, #lsb, #width`.
    Bfi {
        rd: Reg,
        rn: Reg,
        lsb: u8,
        width: u8,
    },
    /// `bfc rd, #lsb, #width`.
    Bfc {
        rd: Reg,
        lsb: u8,
        width: u8,
    },
    /// Loads and stores of one register.
    Mem {
        op: MemOp,
        rt: Reg,
        addr: Addr,
    },
    /// `ldrt`/`strt` and friends: unprivileged access to `[rn, #imm]`, imm 0..=255.
    MemUnpriv {
        op: MemOp,
        rt: Reg,
        rn: Reg,
        imm: u8,
    },
    /// `pld` (data) or `pli` (instruction) preload hint.
    Preload {
        instruction: bool,
        addr: Addr,
    },
    /// `ldr rt, =value`: a constant by the cheapest means (a move, or a literal pool entry).
    LdrConst {
        rt: Reg,
        value: Value,
    },
    /// `adr rd, label`.
    Adr {
        rd: Reg,
        target: Target,
    },
    /// `ldrd`/`strd rt, rt2, addr` (offset, pre- or post-indexed, or literal for loads).
    Dual {
        load: bool,
        rt: Reg,
        rt2: Reg,
        addr: Addr,
    },
    /// `ldm`/`stm{ia|db} rn{!}, {regs}`.
    Multi {
        load: bool,
        db: bool,
        rn: Reg,
        wback: bool,
        regs: RegList,
    },
    Push(RegList),
    Pop(RegList),
    /// `ldrex{b|h} rt, [rn{, #imm}]`.
    Ldrex {
        size: ExSize,
        rt: Reg,
        rn: Reg,
        imm: u32,
    },
    /// `strex{b|h} rd, rt, [rn{, #imm}]`.
    Strex {
        size: ExSize,
        rd: Reg,
        rt: Reg,
        rn: Reg,
        imm: u32,
    },
    /// `lda{b|h}` and `ldaex{b|h}` (exclusive): load-acquire, ARMv8-M only.
    LoadAcquire {
        size: ExSize,
        exclusive: bool,
        rt: Reg,
        rn: Reg,
    },
    /// `stl{b|h}` and `stlex{b|h} rd, ...` (exclusive when `status` is given).
    StoreRelease {
        size: ExSize,
        status: Option<Reg>,
        rt: Reg,
        rn: Reg,
    },
    /// `ssat`/`usat rd, #sat, rn{, lsl|asr #n}`.
    Sat {
        unsigned: bool,
        rd: Reg,
        sat: u8,
        rn: Reg,
        shift: Shifted,
    },
    /// A DSP-extension instruction; `regs` in the order written (unused slots r0).
    Dsp {
        op: DspOp,
        regs: [Reg; 4],
        rotate: u8,
    },
    /// `pkhbt rd, rn, rm{, lsl #n}` (tb false) or `pkhtb rd, rn, rm{, asr #n}`.
    Pkh {
        tb: bool,
        rd: Reg,
        rn: Reg,
        rm: Reg,
        shift: u8,
    },
    /// `ssat16`/`usat16 rd, #sat, rn`.
    Sat16 {
        unsigned: bool,
        rd: Reg,
        sat: u8,
        rn: Reg,
    },
    /// `tt`/`ttt`/`tta`/`ttat rd, rn`: test target security state (ARMv8-M).
    Tt {
        alternate: bool,
        unprivileged: bool,
        rd: Reg,
        rn: Reg,
    },
    /// `sg`: secure gateway (ARMv8-M).
    Sg,
    /// `bxns`/`blxns rm`: branch to non-secure state (ARMv8-M).
    Bxns {
        link: bool,
        rm: Reg,
    },
    /// `dbg #option`: a debug hint.
    Dbg(u8),
    /// `b label` (conditional through [`Instruction::cond`]).
    B(Target),
    Bl(Target),
    Bx(Reg),
    Blx(Reg),
    /// `cbz`/`cbnz rn, label`.
    Cbz {
        nonzero: bool,
        rn: Reg,
        target: Target,
    },
    /// `tbb [rn, rm]` (half false) or `tbh [rn, rm, lsl #1]`.
    Tb {
        half: bool,
        rn: Reg,
        rm: Reg,
    },
    /// `it{x{y{z}}} firstcond`.
    It {
        first: Cond,
        pattern: ItPattern,
    },
    Svc(u8),
    Bkpt(u8),
    Udf(u16),
    Hint(HintOp),
    /// `cpsie`/`cpsid i|f|if`.
    Cps {
        enable: bool,
        i: bool,
        f: bool,
    },
    Mrs {
        rd: Reg,
        sysreg: SysReg,
    },
    /// `msr sysreg, rn`; `mask` selects APSR parts (2 = nzcvq, 1 = g, 3 = both).
    Msr {
        sysreg: SysReg,
        mask: u8,
        rn: Reg,
    },
    /// `dmb`/`dsb`/`isb {option}`; option 15 is `sy`.
    Barrier {
        op: BarrierOp,
        option: u8,
    },
}

/// An instruction as written: what it does, the condition it runs under, and any
/// width suffix.
///
/// The condition of anything but a branch must match the IT block the
/// instruction sits in; the assembler checks that.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Instruction {
    pub insn: Insn,
    pub cond: Cond,
    pub width: Width,
}

impl From<Insn> for Instruction {
    fn from(insn: Insn) -> Instruction {
        Instruction {
            insn,
            cond: Cond::Al,
            width: Width::Auto,
        }
    }
}

impl Instruction {
    pub fn new(insn: Insn) -> Instruction {
        insn.into()
    }

    pub fn cond(mut self, cond: Cond) -> Instruction {
        self.cond = cond;
        self
    }

    pub fn wide(mut self) -> Instruction {
        self.width = Width::Wide;
        self
    }

    pub fn narrow(mut self) -> Instruction {
        self.width = Width::Narrow;
        self
    }

    /// The label this instruction refers to, if any.
    pub fn label(&self) -> Option<Label> {
        let t = match self.insn {
            Insn::B(t)
            | Insn::Bl(t)
            | Insn::Adr { target: t, .. }
            | Insn::Cbz { target: t, .. } => t,
            Insn::Mem {
                addr: Addr::Literal(t),
                ..
            }
            | Insn::Dual {
                addr: Addr::Literal(t),
                ..
            } => t,
            Insn::LdrConst {
                value: Value::Label(l),
                ..
            } => return Some(l),
            _ => return None,
        };
        match t {
            Target::Label(l) => Some(l),
            Target::Address(_) => None,
        }
    }
}

/// The instruction families, each with its own module in `encode` and in
/// `text`, so both dispatch on this one list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    /// Data processing: arithmetic, logic, moves, shifts, multiply, divide, bit fields.
    Data,
    /// The DSP extension's SIMD, saturating and packing instructions.
    Dsp,
    /// Loads, stores, literal loads, exclusives and stack transfers.
    Memory,
    /// Branches, compare-and-branch, table branches and IT.
    Control,
    /// Exceptions, hints, special registers, barriers and the security extension.
    System,
}

impl Insn {
    /// The family this instruction belongs to.
    pub fn family(&self) -> Family {
        match self {
            Insn::Dp { .. }
            | Insn::AddW { .. }
            | Insn::Mov { .. }
            | Insn::MovW { .. }
            | Insn::Cmp { .. }
            | Insn::Shift { .. }
            | Insn::Mul { .. }
            | Insn::Mla { .. }
            | Insn::MulLong { .. }
            | Insn::Div { .. }
            | Insn::Bits { .. }
            | Insn::Extend { .. }
            | Insn::Bfx { .. }
            | Insn::Bfi { .. }
            | Insn::Bfc { .. }
            | Insn::Sat { .. } => Family::Data,
            Insn::Dsp { .. } | Insn::Pkh { .. } | Insn::Sat16 { .. } => Family::Dsp,
            Insn::Mem { .. }
            | Insn::MemUnpriv { .. }
            | Insn::Preload { .. }
            | Insn::LdrConst { .. }
            | Insn::Adr { .. }
            | Insn::Dual { .. }
            | Insn::Multi { .. }
            | Insn::Push(_)
            | Insn::Pop(_)
            | Insn::Ldrex { .. }
            | Insn::Strex { .. }
            | Insn::LoadAcquire { .. }
            | Insn::StoreRelease { .. } => Family::Memory,
            Insn::B(_)
            | Insn::Bl(_)
            | Insn::Bx(_)
            | Insn::Blx(_)
            | Insn::Cbz { .. }
            | Insn::Tb { .. }
            | Insn::It { .. } => Family::Control,
            Insn::Svc(_)
            | Insn::Bkpt(_)
            | Insn::Udf(_)
            | Insn::Hint(_)
            | Insn::Cps { .. }
            | Insn::Mrs { .. }
            | Insn::Msr { .. }
            | Insn::Barrier { .. }
            | Insn::Dbg(_)
            | Insn::Tt { .. }
            | Insn::Sg
            | Insn::Bxns { .. } => Family::System,
        }
    }
}
