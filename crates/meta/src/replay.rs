//! One step of a colon definition's compilation, kept so that the
//! definition can be compiled again inside its callers (inlined): see
//! `compiler::inline`.

use crate::intrinsic::Intrinsic;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Replay {
    Word(usize),
    Literal(u32),
    Control(Intrinsic),
}
