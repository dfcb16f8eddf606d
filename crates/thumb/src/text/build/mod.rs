//! Builds typed instructions from a split mnemonic and its operands, one
//! module per instruction family as in the encoder.

mod control;
mod data;
mod dsp;
mod memory;
mod operand;
mod system;

use super::cursor::{Cursor, PErr};
use super::mnemonic::Mnemonic;
use crate::expr::Expr;
use crate::insn::Operation as O;
use crate::insn::{
    Addr, Insn, Instruction, Label, MovOp, Op2, Operation, ShiftBy, ShiftKind, ShiftOp, Width,
};
use crate::profile::Profile;

pub use dsp::build_dsp;
pub use operand::sym_expr;

/// Gives the label a name in an operand refers to (`name`, `1f`, `1b`, `.`).
pub trait Labels {
    fn label(&mut self, name: &str, col: u32) -> Result<Label, PErr>;
    /// A new label standing for `base + offset` bytes.
    fn offset_label(&mut self, base: Label, offset: i64) -> Label;
    /// Records an immediate that names labels, to be computed after layout.
    fn defer(&mut self, expr: Expr);
    /// The profile being assembled for, for the few choices the parser makes by it.
    fn profile(&self) -> Profile;
}

pub fn build(m: &Mnemonic, cur: &mut Cursor, labels: &mut dyn Labels) -> Result<Instruction, PErr> {
    let insn = operands(m, cur, labels)?;
    cur.end()?;
    let mut width = m.width;
    if matches!(insn, Insn::Mem { .. })
        && matches!(m.op, Operation::MemUnpriv(_))
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

/// The operands of `m`, read by the module of its family.
fn operands(m: &Mnemonic, cur: &mut Cursor, labels: &mut dyn Labels) -> Result<Insn, PErr> {
    match m.op {
        O::Dp(_)
        | O::Neg
        | O::AddW { .. }
        | O::Mov(_)
        | O::MovW { .. }
        | O::Cmp(_)
        | O::Shift(_)
        | O::Rrx
        | O::Mul
        | O::Mla { .. }
        | O::MulLong(_)
        | O::Div { .. }
        | O::Bits(_)
        | O::Extend(_)
        | O::Bfx { .. }
        | O::Bfi
        | O::Bfc
        | O::Sat { .. } => data::operands(m.op, m.s, cur, labels),
        O::Mem(_)
        | O::MemUnpriv(_)
        | O::Preload { .. }
        | O::Dual { .. }
        | O::Adr
        | O::Multi { .. }
        | O::Push
        | O::Pop
        | O::Ldrex(_)
        | O::Strex(_)
        | O::LoadAcquire { .. }
        | O::StoreRelease { .. } => memory::operands(m.op, cur, labels),
        O::Pkh { .. } | O::Sat16 { .. } => dsp::operands(m.op, cur),
        O::B | O::Bl | O::Bx | O::Blx | O::Cbz { .. } | O::Tb { .. } => {
            control::operands(m.op, cur, labels)
        }
        O::Svc
        | O::Bkpt
        | O::Udf
        | O::Hint(_)
        | O::Cps { .. }
        | O::Mrs
        | O::Msr
        | O::Barrier(_)
        | O::SpeculationBarrier { .. }
        | O::Dbg
        | O::Tt { .. }
        | O::Sg
        | O::Bxns { .. } => system::operands(m.op, cur, labels),
        // Read apart: `it` by its letters, DSP mnemonics by their own table.
        O::It | O::Dsp(_) => unreachable!("not split as a base mnemonic"),
    }
}

/// A written shift, even by zero, has only a 32-bit form: `.n` is an error.
fn written_shift_width(width: Width, cur: &Cursor) -> Result<Width, PErr> {
    if width == Width::Narrow {
        return Err((cur.col(), "a written shift has no 16-bit form".into()));
    }
    Ok(Width::Wide)
}
