//! Kernel primitives the optimizing code generator compiles itself instead
//! of copying their code words: it knows their effect on the stack, so it
//! can keep the items they touch in registers (`compiler::prims`). Each is
//! bound to the kernel's word of the same name, as folding rules and
//! intrinsics are ([`crate::bindings`]); what the generated code computes
//! must be exactly what the code word in `forth/kernel/prims.fs` computes.

/// A primitive by what it does to the data (and return) stack.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Prim {
    Dup,
    Drop,
    Swap,
    Over,
    Rot,
    MinusRot,
    Nip,
    Tuck,
    TwoDup,
    TwoDrop,
    /// `pick` with a known index; any other is the code word.
    Pick,
    Bin(BinOp),
    Unary(UnOp),
    Compare(CmpKind),
    ZeroEq,
    ZeroNe,
    ZeroLt,
    ZeroGt,
    Fetch(Width),
    Store(Width),
    PlusStore,
    ToR,
    RFrom,
    RFetch,
    /// `i` (0) and `j` (12): a loop index at this offset from SP.
    LoopIndex(i32),
}

/// Two operands in, one result out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    And,
    Or,
    Xor,
    Lshift,
    Rshift,
    Arshift,
}

impl BinOp {
    /// The result for two known operands, as the code word computes it
    /// (shifts by a register use the count's low byte).
    pub fn eval(self, a: u32, b: u32) -> u32 {
        let by = b & 0xff;
        match self {
            BinOp::Add => a.wrapping_add(b),
            BinOp::Sub => a.wrapping_sub(b),
            BinOp::Mul => a.wrapping_mul(b),
            BinOp::And => a & b,
            BinOp::Or => a | b,
            BinOp::Xor => a ^ b,
            BinOp::Lshift => a.checked_shl(by).unwrap_or(0),
            BinOp::Rshift => a.checked_shr(by).unwrap_or(0),
            BinOp::Arshift => ((a as i32) >> by.min(31)) as u32,
        }
    }

    pub fn commutes(self) -> bool {
        matches!(
            self,
            BinOp::Add | BinOp::Mul | BinOp::And | BinOp::Or | BinOp::Xor
        )
    }
}

/// One operand in, one result out: each is an operation with a constant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnOp {
    Invert,
    Negate,
    OnePlus,
    OneMinus,
    TwoStar,
    TwoSlash,
    Cells,
    CellPlus,
    CharPlus,
}

impl UnOp {
    pub fn eval(self, a: u32) -> u32 {
        match self {
            UnOp::Invert => !a,
            UnOp::Negate => a.wrapping_neg(),
            UnOp::OnePlus | UnOp::CharPlus => a.wrapping_add(1),
            UnOp::OneMinus => a.wrapping_sub(1),
            UnOp::TwoStar => a.wrapping_mul(2),
            UnOp::TwoSlash => ((a as i32) >> 1) as u32,
            UnOp::Cells => a.wrapping_mul(4),
            UnOp::CellPlus => a.wrapping_add(4),
        }
    }
}

/// The comparisons of two cells, true as -1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CmpKind {
    Eq,
    Ne,
    Lt,
    Gt,
    ULt,
    UGt,
}

impl CmpKind {
    pub fn eval(self, a: u32, b: u32) -> bool {
        let (sa, sb) = (a as i32, b as i32);
        match self {
            CmpKind::Eq => a == b,
            CmpKind::Ne => a != b,
            CmpKind::Lt => sa < sb,
            CmpKind::Gt => sa > sb,
            CmpKind::ULt => a < b,
            CmpKind::UGt => a > b,
        }
    }
}

/// Bytes a fetch or store moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Width {
    Cell,
    Half,
    Byte,
}

impl Prim {
    pub fn by_name(name: &str) -> Option<Prim> {
        use Prim::*;
        Some(match name {
            "dup" => Dup,
            "drop" => Drop,
            "swap" => Swap,
            "over" => Over,
            "rot" => Rot,
            "-rot" => MinusRot,
            "nip" => Nip,
            "tuck" => Tuck,
            "2dup" => TwoDup,
            "2drop" => TwoDrop,
            "pick" => Pick,
            "+" => Bin(BinOp::Add),
            "-" => Bin(BinOp::Sub),
            "*" => Bin(BinOp::Mul),
            "and" => Bin(BinOp::And),
            "or" => Bin(BinOp::Or),
            "xor" => Bin(BinOp::Xor),
            "lshift" => Bin(BinOp::Lshift),
            "rshift" => Bin(BinOp::Rshift),
            "arshift" => Bin(BinOp::Arshift),
            "invert" => Unary(UnOp::Invert),
            "negate" => Unary(UnOp::Negate),
            "1+" => Unary(UnOp::OnePlus),
            "1-" => Unary(UnOp::OneMinus),
            "2*" => Unary(UnOp::TwoStar),
            "2/" => Unary(UnOp::TwoSlash),
            "cells" => Unary(UnOp::Cells),
            "cell+" => Unary(UnOp::CellPlus),
            "char+" => Unary(UnOp::CharPlus),
            "=" => Compare(CmpKind::Eq),
            "<>" => Compare(CmpKind::Ne),
            "<" => Compare(CmpKind::Lt),
            ">" => Compare(CmpKind::Gt),
            "u<" => Compare(CmpKind::ULt),
            "u>" => Compare(CmpKind::UGt),
            "0=" => ZeroEq,
            "0<>" => ZeroNe,
            "0<" => ZeroLt,
            "0>" => ZeroGt,
            "@" => Fetch(Width::Cell),
            "h@" => Fetch(Width::Half),
            "c@" => Fetch(Width::Byte),
            "!" => Store(Width::Cell),
            "h!" => Store(Width::Half),
            "c!" => Store(Width::Byte),
            "+!" => PlusStore,
            ">r" => ToR,
            "r>" => RFrom,
            "r@" => RFetch,
            "i" => LoopIndex(0),
            "j" => LoopIndex(12),
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shifts_by_known_counts_match_the_code_words() {
        // lsls/lsrs/asrs by a register use the count's low byte.
        assert_eq!(BinOp::Lshift.eval(1, 32), 0);
        assert_eq!(BinOp::Lshift.eval(1, 256), 1);
        assert_eq!(BinOp::Rshift.eval(0x8000_0000, 40), 0);
        assert_eq!(BinOp::Arshift.eval(0x8000_0000, 40), u32::MAX);
        assert_eq!(UnOp::TwoSlash.eval(-3i32 as u32), -2i32 as u32);
    }
}
