//! The typed instruction model: the source of truth for what can be encoded.
//!
//! Every form the kernel, the allocator and users' `code` words need is a variant
//! here; the text front end only parses into these values. Operands are kept as
//! the programmer wrote them (an `add` with a negative immediate stays an `add`):
//! the encoder makes the same substitutions GNU as makes, so both agree on bytes.

use crate::{Cond, Reg, RegList};

/// An assembler label, made by [`crate::Assembler::new_label`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Label(pub(crate) u32);

impl Label {
    pub fn index(self) -> u32 {
        self.0
    }
}

/// Where a PC-relative instruction points.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Label(Label),
    /// An absolute address in the section being assembled (offset from its start).
    Address(u32),
}

/// The `.n` / `.w` suffix: which encoding size the programmer demands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Width {
    #[default]
    Auto,
    Narrow,
    Wide,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShiftKind {
    Lsl,
    Lsr,
    Asr,
    Ror,
    /// Rotate right by one through carry; its amount is always 1.
    Rrx,
}

impl ShiftKind {
    pub fn name(self) -> &'static str {
        match self {
            ShiftKind::Lsl => "lsl",
            ShiftKind::Lsr => "lsr",
            ShiftKind::Asr => "asr",
            ShiftKind::Ror => "ror",
            ShiftKind::Rrx => "rrx",
        }
    }
}

/// A register operand with an optional constant shift, as in `r2, lsl #3`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shifted {
    pub rm: Reg,
    pub kind: ShiftKind,
    /// 0..=31 for lsl, 1..=32 for lsr/asr, 1..=31 for ror; ignored for rrx.
    pub amount: u8,
}

impl Shifted {
    pub const fn plain(rm: Reg) -> Shifted {
        Shifted {
            rm,
            kind: ShiftKind::Lsl,
            amount: 0,
        }
    }

    pub const fn is_plain(self) -> bool {
        matches!(self.kind, ShiftKind::Lsl) && self.amount == 0
    }
}

/// The flexible second operand of data-processing instructions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op2 {
    Imm(u32),
    Reg(Shifted),
}

/// Three-operand data processing: `op{s} rd, rn, op2`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DpOp {
    And,
    Eor,
    Orr,
    Orn,
    Bic,
    Add,
    Adc,
    Sub,
    Sbc,
    Rsb,
}

impl DpOp {
    pub fn name(self) -> &'static str {
        match self {
            DpOp::And => "and",
            DpOp::Eor => "eor",
            DpOp::Orr => "orr",
            DpOp::Orn => "orn",
            DpOp::Bic => "bic",
            DpOp::Add => "add",
            DpOp::Adc => "adc",
            DpOp::Sub => "sub",
            DpOp::Sbc => "sbc",
            DpOp::Rsb => "rsb",
        }
    }

    /// The op field of the Thumb-2 data-processing encodings.
    pub(crate) fn t32_op(self) -> u32 {
        match self {
            DpOp::And => 0,
            DpOp::Bic => 1,
            DpOp::Orr => 2,
            DpOp::Orn => 3,
            DpOp::Eor => 4,
            DpOp::Add => 8,
            DpOp::Adc => 10,
            DpOp::Sbc => 11,
            DpOp::Sub => 13,
            DpOp::Rsb => 14,
        }
    }

    /// `op rd, rn, rm` equals `op rd, rm, rn`.
    pub(crate) fn commutes(self) -> bool {
        matches!(
            self,
            DpOp::And | DpOp::Eor | DpOp::Orr | DpOp::Add | DpOp::Adc
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MovOp {
    Mov,
    Mvn,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    Tst,
    Teq,
    Cmp,
    Cmn,
}

impl CmpOp {
    pub fn name(self) -> &'static str {
        match self {
            CmpOp::Tst => "tst",
            CmpOp::Teq => "teq",
            CmpOp::Cmp => "cmp",
            CmpOp::Cmn => "cmn",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShiftOp {
    Lsl,
    Lsr,
    Asr,
    Ror,
}

impl ShiftOp {
    pub fn kind(self) -> ShiftKind {
        match self {
            ShiftOp::Lsl => ShiftKind::Lsl,
            ShiftOp::Lsr => ShiftKind::Lsr,
            ShiftOp::Asr => ShiftKind::Asr,
            ShiftOp::Ror => ShiftKind::Ror,
        }
    }
}

/// The shift amount of `lsl`/`lsr`/`asr`/`ror`: a constant or a register.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShiftBy {
    Imm(u8),
    Reg(Reg),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LongMulOp {
    Umull,
    Smull,
    Umlal,
    Smlal,
}

impl LongMulOp {
    pub fn name(self) -> &'static str {
        match self {
            LongMulOp::Umull => "umull",
            LongMulOp::Smull => "smull",
            LongMulOp::Umlal => "umlal",
            LongMulOp::Smlal => "smlal",
        }
    }
}

/// Single-register bit operations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BitsOp {
    Clz,
    Rbit,
    Rev,
    Rev16,
    Revsh,
}

impl BitsOp {
    pub fn name(self) -> &'static str {
        match self {
            BitsOp::Clz => "clz",
            BitsOp::Rbit => "rbit",
            BitsOp::Rev => "rev",
            BitsOp::Rev16 => "rev16",
            BitsOp::Revsh => "revsh",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExtendOp {
    Sxtb,
    Sxth,
    Uxtb,
    Uxth,
}

impl ExtendOp {
    pub fn name(self) -> &'static str {
        match self {
            ExtendOp::Sxtb => "sxtb",
            ExtendOp::Sxth => "sxth",
            ExtendOp::Uxtb => "uxtb",
            ExtendOp::Uxth => "uxth",
        }
    }
}

/// Single loads and stores.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemOp {
    Ldr,
    Ldrb,
    Ldrh,
    Ldrsb,
    Ldrsh,
    Str,
    Strb,
    Strh,
}

impl MemOp {
    pub fn name(self) -> &'static str {
        match self {
            MemOp::Ldr => "ldr",
            MemOp::Ldrb => "ldrb",
            MemOp::Ldrh => "ldrh",
            MemOp::Ldrsb => "ldrsb",
            MemOp::Ldrsh => "ldrsh",
            MemOp::Str => "str",
            MemOp::Strb => "strb",
            MemOp::Strh => "strh",
        }
    }

    pub fn is_load(self) -> bool {
        !matches!(self, MemOp::Str | MemOp::Strb | MemOp::Strh)
    }

    /// log2 of the access size in bytes.
    pub(crate) fn size_log2(self) -> u32 {
        match self {
            MemOp::Ldrb | MemOp::Ldrsb | MemOp::Strb => 0,
            MemOp::Ldrh | MemOp::Ldrsh | MemOp::Strh => 1,
            MemOp::Ldr | MemOp::Str => 2,
        }
    }
}

/// An addressing mode of a load or store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Addr {
    /// `[rn, #imm]`
    Offset { rn: Reg, imm: i32 },
    /// `[rn, #imm]!`
    PreIndex { rn: Reg, imm: i32 },
    /// `[rn], #imm`
    PostIndex { rn: Reg, imm: i32 },
    /// `[rn, rm, lsl #shift]` with shift 0..=3
    Register { rn: Reg, rm: Reg, shift: u8 },
    /// `label` or `[pc, #imm]`: PC-relative to an aligned PC.
    Literal(Target),
}

/// A constant that `ldr rt, =value` loads: a number or a label's address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Value {
    Imm(u32),
    /// A constant written as a negative number. It loads the same bits as
    /// `Imm`, but GNU as keeps its literal-pool entry apart from the unsigned one.
    Signed(i32),
    Label(Label),
}

/// Exclusive-access sizes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExSize {
    Byte,
    Half,
    Word,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HintOp {
    Nop,
    Yield,
    Wfe,
    Wfi,
    Sev,
    /// Consumption of speculative data barrier: 32-bit only.
    Csdb,
}

impl HintOp {
    pub fn name(self) -> &'static str {
        match self {
            HintOp::Nop => "nop",
            HintOp::Yield => "yield",
            HintOp::Wfe => "wfe",
            HintOp::Wfi => "wfi",
            HintOp::Sev => "sev",
            HintOp::Csdb => "csdb",
        }
    }

    pub(crate) fn code(self) -> u32 {
        match self {
            HintOp::Nop => 0,
            HintOp::Yield => 1,
            HintOp::Wfe => 2,
            HintOp::Wfi => 3,
            HintOp::Sev => 4,
            HintOp::Csdb => 0x14,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BarrierOp {
    Dmb,
    Dsb,
    Isb,
    /// Clear-exclusive shares the barriers' encoding space (option is always 15).
    Clrex,
}

impl BarrierOp {
    pub fn name(self) -> &'static str {
        match self {
            BarrierOp::Dmb => "dmb",
            BarrierOp::Dsb => "dsb",
            BarrierOp::Isb => "isb",
            BarrierOp::Clrex => "clrex",
        }
    }
}

/// Special registers of MRS/MSR, by their SYSm number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SysReg(pub u8);

impl SysReg {
    pub const APSR: SysReg = SysReg(0);
    pub const IAPSR: SysReg = SysReg(1);
    pub const EAPSR: SysReg = SysReg(2);
    pub const XPSR: SysReg = SysReg(3);
    pub const IPSR: SysReg = SysReg(5);
    pub const EPSR: SysReg = SysReg(6);
    pub const IEPSR: SysReg = SysReg(7);
    pub const MSP: SysReg = SysReg(8);
    pub const PSP: SysReg = SysReg(9);
    pub const MSPLIM: SysReg = SysReg(10);
    pub const PSPLIM: SysReg = SysReg(11);
    pub const PRIMASK: SysReg = SysReg(16);
    pub const BASEPRI: SysReg = SysReg(17);
    pub const BASEPRI_MAX: SysReg = SysReg(18);
    pub const FAULTMASK: SysReg = SysReg(19);
    pub const CONTROL: SysReg = SysReg(20);

    const NAMES: [(&'static str, SysReg); 15] = [
        ("apsr", SysReg::APSR),
        ("iapsr", SysReg::IAPSR),
        ("eapsr", SysReg::EAPSR),
        ("xpsr", SysReg::XPSR),
        ("ipsr", SysReg::IPSR),
        ("epsr", SysReg::EPSR),
        ("iepsr", SysReg::IEPSR),
        ("msp", SysReg::MSP),
        ("psp", SysReg::PSP),
        ("msplim", SysReg::MSPLIM),
        ("psplim", SysReg::PSPLIM),
        ("primask", SysReg::PRIMASK),
        ("basepri", SysReg::BASEPRI),
        ("basepri_max", SysReg::BASEPRI_MAX),
        ("faultmask", SysReg::FAULTMASK),
    ];

    pub fn parse(name: &str) -> Option<SysReg> {
        if name == "control" {
            return Some(SysReg::CONTROL);
        }
        SysReg::NAMES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|&(_, r)| r)
    }

    pub fn name(self) -> &'static str {
        if self == SysReg::CONTROL {
            return "control";
        }
        SysReg::NAMES
            .iter()
            .find(|(_, r)| *r == self)
            .map_or("?", |(n, _)| n)
    }
}

/// The then/else pattern of an IT instruction after its first slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ItPattern {
    /// Number of instructions in the block, 1..=4.
    pub len: u8,
    /// Bit i (from 0) is set when slot i+1 is an "else" slot.
    pub elses: u8,
}

impl ItPattern {
    /// Parses the letters after `it` (`""`, `"t"`, `"te"`, ...).
    pub fn parse(letters: &str) -> Option<ItPattern> {
        if letters.len() > 3 {
            return None;
        }
        let mut elses = 0;
        for (i, c) in letters.chars().enumerate() {
            match c {
                't' => {}
                'e' => elses |= 1 << i,
                _ => return None,
            }
        }
        Some(ItPattern {
            len: letters.len() as u8 + 1,
            elses,
        })
    }

    /// The condition of slot `i` (0 is the first instruction) in a block on `first`.
    pub fn cond_of(self, first: Cond, i: u8) -> Cond {
        if i > 0 && self.elses & (1 << (i - 1)) != 0 {
            Cond::from_bits(first.bits() ^ 1)
        } else {
            first
        }
    }

    pub fn letters(self) -> String {
        (0..self.len - 1)
            .map(|i| if self.elses & (1 << i) != 0 { 'e' } else { 't' })
            .collect()
    }
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
        op: crate::DspOp,
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
