//! Expressions over numbers and label addresses, as data directives and
//! PC-relative operands write them (`.byte (case1 - table) / 2`, `b . + 4`).

use crate::insn::Label;

/// The deepest an expression parsed from text may nest: parentheses, prefix
/// operators, and the operator tree a chain that does not fold builds. Real
/// expressions stay in single digits; the limit is what keeps the recursive
/// parser, and the recursive walks over `Expr` below, within the host stack
/// whatever the input (an error instead of an abort).
pub const MAX_EXPR_DEPTH: usize = 256;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    Shl,
    Shr,
    And,
    Or,
    Xor,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expr {
    Num(i64),
    /// The absolute address of a label.
    Label(Label),
    Neg(Box<Expr>),
    Not(Box<Expr>),
    Bin(BinOp, Box<Expr>, Box<Expr>),
}

impl Expr {
    /// Evaluates with `label` giving each label's address; errors name what failed.
    pub fn eval(&self, label: &dyn Fn(Label) -> Option<i64>) -> Result<i64, String> {
        Ok(match self {
            Expr::Num(n) => *n,
            Expr::Label(l) => label(*l).ok_or("undefined label")?,
            Expr::Neg(e) => e.eval(label)?.wrapping_neg(),
            Expr::Not(e) => !e.eval(label)?,
            Expr::Bin(op, a, b) => {
                let (a, b) = (a.eval(label)?, b.eval(label)?);
                match op {
                    BinOp::Add => a.wrapping_add(b),
                    BinOp::Sub => a.wrapping_sub(b),
                    BinOp::Mul => a.wrapping_mul(b),
                    BinOp::Div | BinOp::Rem if b == 0 => return Err("division by zero".into()),
                    BinOp::Div => a.wrapping_div(b),
                    BinOp::Rem => a.wrapping_rem(b),
                    BinOp::Shl => a.wrapping_shl(b as u32),
                    BinOp::Shr => ((a as u64) >> (b as u32 & 63)) as i64,
                    BinOp::And => a & b,
                    BinOp::Or => a | b,
                    BinOp::Xor => a ^ b,
                }
            }
        })
    }

    /// The value, when no label is involved.
    pub fn constant(&self) -> Option<i64> {
        self.eval(&|_| None).ok()
    }

    /// `label`, `label + k` or `label - k`: a label and a constant offset.
    pub fn label_offset(&self) -> Option<(Label, i64)> {
        match self {
            Expr::Label(l) => Some((*l, 0)),
            Expr::Bin(BinOp::Add, a, b) => match (a.label_offset(), b.constant()) {
                (Some((l, k)), Some(c)) => Some((l, k.wrapping_add(c))),
                _ => match (a.constant(), b.label_offset()) {
                    (Some(c), Some((l, k))) => Some((l, k.wrapping_add(c))),
                    _ => None,
                },
            },
            Expr::Bin(BinOp::Sub, a, b) => {
                let (l, k) = a.label_offset()?;
                Some((l, k.wrapping_sub(b.constant()?)))
            }
            _ => None,
        }
    }

    /// The labels an expression uses (for error messages).
    pub fn labels(&self) -> Vec<Label> {
        match self {
            Expr::Num(_) => Vec::new(),
            Expr::Label(l) => vec![*l],
            Expr::Neg(e) | Expr::Not(e) => e.labels(),
            Expr::Bin(_, a, b) => {
                let mut v = a.labels();
                v.extend(b.labels());
                v
            }
        }
    }
}
