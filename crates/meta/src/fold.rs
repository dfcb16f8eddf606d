//! Literal-folding rules: kernel words whose effect on known values the
//! host computes at compile time (`4 cells` is 16), or turns into one
//! instruction with an immediate operand (`$FF and`). They are bound to the
//! kernel's words by name, like intrinsics ([`crate::bindings`]).

use crate::prim::BinOp;

/// What a kernel word does to literals before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fold {
    Add,
    Sub,
    And,
    Or,
    Xor,
    Lshift,
    Rshift,
    Arshift,
    Mul,
    Store,
    CStore,
    HStore,
    Negate,
    Invert,
    OnePlus,
    OneMinus,
    Cells,
    CellPlus,
    TwoStar,
}

impl Fold {
    pub fn by_name(name: &str) -> Option<Fold> {
        Some(match name {
            "+" => Fold::Add,
            "-" => Fold::Sub,
            "and" => Fold::And,
            "or" => Fold::Or,
            "xor" => Fold::Xor,
            "lshift" => Fold::Lshift,
            "rshift" => Fold::Rshift,
            "arshift" => Fold::Arshift,
            "*" => Fold::Mul,
            "!" => Fold::Store,
            "c!" => Fold::CStore,
            "h!" => Fold::HStore,
            "negate" => Fold::Negate,
            "invert" => Fold::Invert,
            "1+" => Fold::OnePlus,
            "1-" => Fold::OneMinus,
            "cells" => Fold::Cells,
            "cell+" => Fold::CellPlus,
            "2*" => Fold::TwoStar,
            _ => return None,
        })
    }

    /// The value of a unary fold applied to a known value.
    pub fn unary(self, a: u32) -> Option<u32> {
        Some(match self {
            Fold::Negate => a.wrapping_neg(),
            Fold::Invert => !a,
            Fold::OnePlus => a.wrapping_add(1),
            Fold::OneMinus => a.wrapping_sub(1),
            Fold::Cells => a.wrapping_mul(4),
            Fold::CellPlus => a.wrapping_add(4),
            Fold::TwoStar => a.wrapping_mul(2),
            _ => return None,
        })
    }

    /// The value of a binary fold applied to two known values.
    pub fn binary(self, a: u32, b: u32) -> Option<u32> {
        // The same arithmetic as the optimizer's (shifts by the count's low byte).
        let op = match self {
            Fold::Add => BinOp::Add,
            Fold::Sub => BinOp::Sub,
            Fold::And => BinOp::And,
            Fold::Or => BinOp::Or,
            Fold::Xor => BinOp::Xor,
            Fold::Lshift => BinOp::Lshift,
            Fold::Rshift => BinOp::Rshift,
            Fold::Mul => BinOp::Mul,
            _ => return None,
        };
        Some(op.eval(a, b))
    }
}
