//! Operands: labels and branch targets, shifted registers, the flexible
//! second operand, addressing modes and the values `ldr rt, =value` loads.

use crate::error::Error;
use crate::reg::Reg;

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

/// The kind of a constant shift applied to a register operand.
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

    /// `rm, kind #amount` when the architecture has that shift, with any
    /// shift by zero normalised to no shift: GNU as encodes every one of
    /// them as `lsl #0`. Both the text front end and the encoder check
    /// shifts here, so a shift refused in text is refused in the typed API.
    pub(crate) fn new(rm: Reg, kind: ShiftKind, amount: u8) -> Result<Shifted, Error> {
        if amount == 0 && kind != ShiftKind::Rrx {
            return Ok(Shifted::plain(rm));
        }
        let in_range = match kind {
            ShiftKind::Lsl => amount <= 31,
            ShiftKind::Lsr | ShiftKind::Asr => (1..=32).contains(&amount),
            ShiftKind::Ror => (1..=31).contains(&amount),
            ShiftKind::Rrx => true,
        };
        if !in_range {
            return Err(Error::operand(format!(
                "shift {} #{amount} out of range",
                kind.name()
            )));
        }
        Ok(Shifted { rm, kind, amount })
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

/// The shift amount of `lsl`/`lsr`/`asr`/`ror`: a constant or a register.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShiftBy {
    Imm(u8),
    Reg(Reg),
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
