//! Mnemonics: the one table between base mnemonics and the operations they
//! name. The text parser reads it to recognise a mnemonic, the printer and
//! the encoder's messages read it to name an instruction, so a name can only
//! ever mean one thing and be spelled one way.

use super::dsp::DspOp;
use super::ops::{
    BarrierOp, BitsOp, CmpOp, DpOp, ExSize, ExtendOp, HintOp, LongMulOp, MemOp, MovOp, ShiftOp,
};
use super::{Insn, Instruction, Width};
use crate::cond::Cond;

/// What a base mnemonic (a name without its `s`, condition or width suffix)
/// asks for: an [`Insn`] variant and its operation, before any operand.
///
/// A few name only a way of writing another instruction (`neg` is `rsb #0`,
/// `rrx` a `mov` with an `rrx` shift, `ssbb` a `dsb`); those are read but
/// never printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Operation {
    Dp(DpOp),
    Neg,
    AddW {
        sub: bool,
    },
    Mov(MovOp),
    MovW {
        top: bool,
    },
    Cmp(CmpOp),
    Shift(ShiftOp),
    Rrx,
    Mul,
    Mla {
        sub: bool,
    },
    MulLong(LongMulOp),
    Div {
        signed: bool,
    },
    Bits(BitsOp),
    Extend(ExtendOp),
    Bfx {
        signed: bool,
    },
    Bfi,
    Bfc,
    Sat {
        unsigned: bool,
    },
    Mem(MemOp),
    MemUnpriv(MemOp),
    Preload {
        instruction: bool,
    },
    Dual {
        load: bool,
    },
    Adr,
    Multi {
        load: bool,
        db: bool,
    },
    Push,
    Pop,
    Ldrex(ExSize),
    Strex(ExSize),
    LoadAcquire {
        size: ExSize,
        exclusive: bool,
    },
    StoreRelease {
        size: ExSize,
        exclusive: bool,
    },
    /// Named by the DSP table, not by [`NAMES`].
    Dsp(DspOp),
    Pkh {
        tb: bool,
    },
    Sat16 {
        unsigned: bool,
    },
    B,
    Bl,
    Bx,
    Blx,
    Cbz {
        nonzero: bool,
    },
    Tb {
        half: bool,
    },
    /// `it` followed by its then/else letters, read apart from this table.
    It,
    Svc,
    Bkpt,
    Udf,
    Hint(HintOp),
    Cps {
        enable: bool,
    },
    Mrs,
    Msr,
    Barrier(BarrierOp),
    /// `ssbb` (false) and `pssbb` (true): `dsb` with option 0 or 4.
    SpeculationBarrier {
        physical: bool,
    },
    Dbg,
    Tt {
        alternate: bool,
        unprivileged: bool,
    },
    Sg,
    Bxns {
        link: bool,
    },
}

use ExSize::{Byte, Half, Word};
use Operation as O;

/// Every base mnemonic and what it names; the first name of an operation is
/// the one it is printed with.
#[rustfmt::skip]
const NAMES: &[(&str, Operation)] = &[
    // Data processing.
    ("and", O::Dp(DpOp::And)),
    ("eor", O::Dp(DpOp::Eor)),
    ("orr", O::Dp(DpOp::Orr)),
    ("orn", O::Dp(DpOp::Orn)),
    ("bic", O::Dp(DpOp::Bic)),
    ("add", O::Dp(DpOp::Add)),
    ("adc", O::Dp(DpOp::Adc)),
    ("sub", O::Dp(DpOp::Sub)),
    ("sbc", O::Dp(DpOp::Sbc)),
    ("rsb", O::Dp(DpOp::Rsb)),
    ("neg", O::Neg),
    ("addw", O::AddW { sub: false }),
    ("subw", O::AddW { sub: true }),
    ("mov", O::Mov(MovOp::Mov)),
    ("mvn", O::Mov(MovOp::Mvn)),
    ("movw", O::MovW { top: false }),
    ("movt", O::MovW { top: true }),
    ("tst", O::Cmp(CmpOp::Tst)),
    ("teq", O::Cmp(CmpOp::Teq)),
    ("cmp", O::Cmp(CmpOp::Cmp)),
    ("cmn", O::Cmp(CmpOp::Cmn)),
    ("lsl", O::Shift(ShiftOp::Lsl)),
    ("lsr", O::Shift(ShiftOp::Lsr)),
    ("asr", O::Shift(ShiftOp::Asr)),
    ("ror", O::Shift(ShiftOp::Ror)),
    ("rrx", O::Rrx),
    ("mul", O::Mul),
    ("mla", O::Mla { sub: false }),
    ("mls", O::Mla { sub: true }),
    ("umull", O::MulLong(LongMulOp::Umull)),
    ("smull", O::MulLong(LongMulOp::Smull)),
    ("umlal", O::MulLong(LongMulOp::Umlal)),
    ("smlal", O::MulLong(LongMulOp::Smlal)),
    ("udiv", O::Div { signed: false }),
    ("sdiv", O::Div { signed: true }),
    ("clz", O::Bits(BitsOp::Clz)),
    ("rbit", O::Bits(BitsOp::Rbit)),
    ("rev", O::Bits(BitsOp::Rev)),
    ("rev16", O::Bits(BitsOp::Rev16)),
    ("revsh", O::Bits(BitsOp::Revsh)),
    ("sxtb", O::Extend(ExtendOp::Sxtb)),
    ("sxth", O::Extend(ExtendOp::Sxth)),
    ("uxtb", O::Extend(ExtendOp::Uxtb)),
    ("uxth", O::Extend(ExtendOp::Uxth)),
    ("ubfx", O::Bfx { signed: false }),
    ("sbfx", O::Bfx { signed: true }),
    ("bfi", O::Bfi),
    ("bfc", O::Bfc),
    ("ssat", O::Sat { unsigned: false }),
    ("usat", O::Sat { unsigned: true }),
    // Loads and stores.
    ("ldr", O::Mem(MemOp::Ldr)),
    ("ldrb", O::Mem(MemOp::Ldrb)),
    ("ldrh", O::Mem(MemOp::Ldrh)),
    ("ldrsb", O::Mem(MemOp::Ldrsb)),
    ("ldrsh", O::Mem(MemOp::Ldrsh)),
    ("str", O::Mem(MemOp::Str)),
    ("strb", O::Mem(MemOp::Strb)),
    ("strh", O::Mem(MemOp::Strh)),
    ("ldrt", O::MemUnpriv(MemOp::Ldr)),
    ("ldrbt", O::MemUnpriv(MemOp::Ldrb)),
    ("ldrht", O::MemUnpriv(MemOp::Ldrh)),
    ("ldrsbt", O::MemUnpriv(MemOp::Ldrsb)),
    ("ldrsht", O::MemUnpriv(MemOp::Ldrsh)),
    ("strt", O::MemUnpriv(MemOp::Str)),
    ("strbt", O::MemUnpriv(MemOp::Strb)),
    ("strht", O::MemUnpriv(MemOp::Strh)),
    ("pld", O::Preload { instruction: false }),
    ("pli", O::Preload { instruction: true }),
    ("ldrd", O::Dual { load: true }),
    ("strd", O::Dual { load: false }),
    ("adr", O::Adr),
    ("ldmia", O::Multi { load: true, db: false }),
    ("ldmdb", O::Multi { load: true, db: true }),
    ("stmia", O::Multi { load: false, db: false }),
    ("stmdb", O::Multi { load: false, db: true }),
    ("ldm", O::Multi { load: true, db: false }),
    ("ldmfd", O::Multi { load: true, db: false }),
    ("ldmea", O::Multi { load: true, db: true }),
    ("stm", O::Multi { load: false, db: false }),
    ("stmea", O::Multi { load: false, db: false }),
    ("stmfd", O::Multi { load: false, db: true }),
    ("push", O::Push),
    ("pop", O::Pop),
    ("ldrex", O::Ldrex(Word)),
    ("ldrexb", O::Ldrex(Byte)),
    ("ldrexh", O::Ldrex(Half)),
    ("strex", O::Strex(Word)),
    ("strexb", O::Strex(Byte)),
    ("strexh", O::Strex(Half)),
    ("lda", O::LoadAcquire { size: Word, exclusive: false }),
    ("ldab", O::LoadAcquire { size: Byte, exclusive: false }),
    ("ldah", O::LoadAcquire { size: Half, exclusive: false }),
    ("ldaex", O::LoadAcquire { size: Word, exclusive: true }),
    ("ldaexb", O::LoadAcquire { size: Byte, exclusive: true }),
    ("ldaexh", O::LoadAcquire { size: Half, exclusive: true }),
    ("stl", O::StoreRelease { size: Word, exclusive: false }),
    ("stlb", O::StoreRelease { size: Byte, exclusive: false }),
    ("stlh", O::StoreRelease { size: Half, exclusive: false }),
    ("stlex", O::StoreRelease { size: Word, exclusive: true }),
    ("stlexb", O::StoreRelease { size: Byte, exclusive: true }),
    ("stlexh", O::StoreRelease { size: Half, exclusive: true }),
    // DSP outside the DSP table.
    ("pkhbt", O::Pkh { tb: false }),
    ("pkhtb", O::Pkh { tb: true }),
    ("ssat16", O::Sat16 { unsigned: false }),
    ("usat16", O::Sat16 { unsigned: true }),
    // Branches.
    ("b", O::B),
    ("bl", O::Bl),
    ("bx", O::Bx),
    ("blx", O::Blx),
    ("cbz", O::Cbz { nonzero: false }),
    ("cbnz", O::Cbz { nonzero: true }),
    ("tbb", O::Tb { half: false }),
    ("tbh", O::Tb { half: true }),
    // System.
    ("svc", O::Svc),
    ("bkpt", O::Bkpt),
    ("udf", O::Udf),
    ("nop", O::Hint(HintOp::Nop)),
    ("yield", O::Hint(HintOp::Yield)),
    ("wfe", O::Hint(HintOp::Wfe)),
    ("wfi", O::Hint(HintOp::Wfi)),
    ("sev", O::Hint(HintOp::Sev)),
    ("csdb", O::Hint(HintOp::Csdb)),
    ("cpsie", O::Cps { enable: true }),
    ("cpsid", O::Cps { enable: false }),
    ("mrs", O::Mrs),
    ("msr", O::Msr),
    ("dmb", O::Barrier(BarrierOp::Dmb)),
    ("dsb", O::Barrier(BarrierOp::Dsb)),
    ("isb", O::Barrier(BarrierOp::Isb)),
    ("clrex", O::Barrier(BarrierOp::Clrex)),
    ("ssbb", O::SpeculationBarrier { physical: false }),
    ("pssbb", O::SpeculationBarrier { physical: true }),
    ("dbg", O::Dbg),
    ("tt", O::Tt { alternate: false, unprivileged: false }),
    ("ttt", O::Tt { alternate: false, unprivileged: true }),
    ("tta", O::Tt { alternate: true, unprivileged: false }),
    ("ttat", O::Tt { alternate: true, unprivileged: true }),
    ("sg", O::Sg),
    ("bxns", O::Bxns { link: false }),
    ("blxns", O::Bxns { link: true }),
];

impl Operation {
    /// Every base mnemonic with its operation, for matching a prefix.
    pub(crate) fn spellings() -> impl Iterator<Item = (&'static str, Operation)> {
        NAMES.iter().copied()
    }

    /// The operation's printed name.
    pub(crate) fn name(self) -> &'static str {
        match self {
            O::Dsp(op) => op.name(),
            O::It => "it",
            _ => NAMES
                .iter()
                .find(|(_, op)| *op == self)
                .map(|(n, _)| *n)
                .expect("every operation is in the mnemonic table"),
        }
    }

    /// Whether the mnemonic takes an `s` (set flags) suffix.
    pub(crate) fn takes_s(self) -> bool {
        matches!(
            self,
            O::Dp(_) | O::Neg | O::Mov(_) | O::Shift(_) | O::Rrx | O::Mul
        )
    }

    /// What `insn` does, as its mnemonic names it.
    pub(crate) fn of(insn: &Insn) -> Operation {
        match *insn {
            Insn::Dp { op, .. } => O::Dp(op),
            Insn::AddW { sub, .. } => O::AddW { sub },
            Insn::Mov { op, .. } => O::Mov(op),
            Insn::MovW { top, .. } => O::MovW { top },
            Insn::Cmp { op, .. } => O::Cmp(op),
            Insn::Shift { op, .. } => O::Shift(op),
            Insn::Mul { .. } => O::Mul,
            Insn::Mla { sub, .. } => O::Mla { sub },
            Insn::MulLong { op, .. } => O::MulLong(op),
            Insn::Div { signed, .. } => O::Div { signed },
            Insn::Bits { op, .. } => O::Bits(op),
            Insn::Extend { op, .. } => O::Extend(op),
            Insn::Bfx { signed, .. } => O::Bfx { signed },
            Insn::Bfi { .. } => O::Bfi,
            Insn::Bfc { .. } => O::Bfc,
            Insn::Sat { unsigned, .. } => O::Sat { unsigned },
            Insn::Mem { op, .. } => O::Mem(op),
            Insn::LdrConst { .. } => O::Mem(MemOp::Ldr),
            Insn::MemUnpriv { op, .. } => O::MemUnpriv(op),
            Insn::Preload { instruction, .. } => O::Preload { instruction },
            Insn::Adr { .. } => O::Adr,
            Insn::Dual { load, .. } => O::Dual { load },
            Insn::Multi { load, db, .. } => O::Multi { load, db },
            Insn::Push(_) => O::Push,
            Insn::Pop(_) => O::Pop,
            Insn::Ldrex { size, .. } => O::Ldrex(size),
            Insn::Strex { size, .. } => O::Strex(size),
            Insn::LoadAcquire {
                size, exclusive, ..
            } => O::LoadAcquire { size, exclusive },
            Insn::StoreRelease { size, status, .. } => O::StoreRelease {
                size,
                exclusive: status.is_some(),
            },
            Insn::Dsp { op, .. } => O::Dsp(op),
            Insn::Pkh { tb, .. } => O::Pkh { tb },
            Insn::Sat16 { unsigned, .. } => O::Sat16 { unsigned },
            Insn::Tt {
                alternate,
                unprivileged,
                ..
            } => O::Tt {
                alternate,
                unprivileged,
            },
            Insn::Sg => O::Sg,
            Insn::Bxns { link, .. } => O::Bxns { link },
            Insn::Dbg(_) => O::Dbg,
            Insn::B(_) => O::B,
            Insn::Bl(_) => O::Bl,
            Insn::Bx(_) => O::Bx,
            Insn::Blx(_) => O::Blx,
            Insn::Cbz { nonzero, .. } => O::Cbz { nonzero },
            Insn::Tb { half, .. } => O::Tb { half },
            Insn::It { .. } => O::It,
            Insn::Svc(_) => O::Svc,
            Insn::Bkpt(_) => O::Bkpt,
            Insn::Udf(_) => O::Udf,
            Insn::Hint(op) => O::Hint(op),
            Insn::Cps { enable, .. } => O::Cps { enable },
            Insn::Mrs { .. } => O::Mrs,
            Insn::Msr { .. } => O::Msr,
            Insn::Barrier { op, .. } => O::Barrier(op),
        }
    }
}

impl Instruction {
    /// The mnemonic with its `s`, condition and width suffixes, as listings
    /// and messages show it.
    pub fn mnemonic(&self) -> String {
        let mut m = Operation::of(&self.insn).name().to_string();
        match self.insn {
            Insn::It { pattern, .. } => m.push_str(&pattern.letters()),
            Insn::Dp { s: true, .. }
            | Insn::Mov { s: true, .. }
            | Insn::Shift { s: true, .. }
            | Insn::Mul { s: true, .. } => m.push('s'),
            _ => {}
        }
        if self.cond != Cond::Al {
            m.push_str(self.cond.name());
        }
        match self.width {
            Width::Auto => {}
            Width::Narrow => m.push_str(".n"),
            Width::Wide => m.push_str(".w"),
        }
        m
    }
}

/// The name of each family's operations, from the table.
macro_rules! named_by_table {
    ($($ty:ident => $variant:ident),* $(,)?) => {$(
        impl $ty {
            pub fn name(self) -> &'static str {
                Operation::$variant(self).name()
            }
        }
    )*};
}

named_by_table! {
    DpOp => Dp,
    CmpOp => Cmp,
    LongMulOp => MulLong,
    BitsOp => Bits,
    ExtendOp => Extend,
    MemOp => Mem,
    HintOp => Hint,
    BarrierOp => Barrier,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(name: &str) -> Option<Operation> {
        NAMES.iter().find(|(n, _)| *n == name).map(|&(_, op)| op)
    }

    #[test]
    fn each_name_appears_once() {
        for (i, (name, _)) in NAMES.iter().enumerate() {
            assert!(
                !NAMES[i + 1..].iter().any(|(n, _)| n == name),
                "`{name}` twice"
            );
        }
    }

    #[test]
    fn names_read_back_as_their_operation() {
        for &(name, op) in NAMES {
            assert_eq!(parse(name), Some(op), "{name}");
            assert!(parse(op.name()) == Some(op), "{name}");
        }
    }

    #[test]
    fn aliases_print_as_the_architecture_names_them() {
        let ldmfd = parse("ldmfd").unwrap();
        assert_eq!(ldmfd.name(), "ldmia");
        assert_eq!(parse("stmfd").unwrap().name(), "stmdb");
        assert_eq!(parse("ldmea").unwrap().name(), "ldmdb");
        assert_eq!(parse("stm").unwrap().name(), "stmia");
    }
}
