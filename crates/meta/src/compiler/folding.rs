//! Literal folding: a kernel word with a folding rule applied to literals
//! held back is computed at compile time (`4 cells`), or applied to TOS as
//! one instruction with the literal as its immediate operand (`$FF and`,
//! `2 lshift`, a store to a known address).

use thumb::{Addr, DpOp, Insn, MemOp, Op2, Reg, ShiftBy, ShiftOp};

use crate::diag::Diagnostic;
use crate::emit::{Code, EmitError, TOS};
use crate::fold::Fold;

use super::{reg, Compiler};
use crate::vstack::Val;

fn dp(op: DpOp, s: bool, rd: Reg, rn: Reg, op2: Op2) -> Insn {
    Insn::Dp { op, s, rd, rn, op2 }
}

impl Compiler<'_> {
    /// Folds held-back literals into `fold`; false when the rule does not apply.
    pub(super) fn try_fold(&mut self, fold: Fold) -> Result<bool, Diagnostic> {
        let items = &self.held().items;
        let known = |k: usize| match items.len().checked_sub(k + 1).map(|i| items[i]) {
            Some(Val::Imm(n)) => Some(n),
            _ => None,
        };
        let (Some(last), below) = (known(0), known(1)) else {
            return Ok(false);
        };
        if let Some(v) = fold.unary(last) {
            self.take(&[])?;
            self.put(Val::Imm(v))?;
            return Ok(true);
        }
        if let Some(v) = below.and_then(|b| fold.binary(b, last)) {
            self.take(&[])?;
            self.take(&[])?;
            self.put(Val::Imm(v))?;
            return Ok(true);
        }
        // One known operand on top of a value in TOS.
        self.take(&[])?;
        self.flush_stack()?;
        self.def_mut().last_call = None;
        self.code(|c| fold_immediate(c, fold, last))?;
        Ok(true)
    }
}

/// TOS = TOS <op> n (or a store of TOS to address n) in the shortest form.
fn fold_immediate(c: &mut Code, fold: Fold, n: u32) -> Result<(), EmitError> {
    match fold {
        Fold::Add | Fold::Sub => add_immediate(c, fold, n),
        Fold::And | Fold::Or | Fold::Xor => logic_immediate(c, fold, n),
        Fold::Lshift | Fold::Rshift | Fold::Arshift | Fold::Mul => shift_immediate(c, fold, n),
        Fold::Store | Fold::CStore | Fold::HStore => {
            let op = match fold {
                Fold::Store => MemOp::Str,
                Fold::CStore => MemOp::Strb,
                _ => MemOp::Strh,
            };
            c.load_imm(Reg::R0, n)?;
            c.insn(Insn::Mem {
                op,
                rt: TOS,
                addr: Addr::Offset {
                    rn: Reg::R0,
                    imm: 0,
                },
            })?;
            c.pop_tos()
        }
        _ => unreachable!("unary folds are computed"),
    }
}

/// `n +` and `n -`.
fn add_immediate(c: &mut Code, fold: Fold, n: u32) -> Result<(), EmitError> {
    let n = if fold == Fold::Sub {
        n.wrapping_neg()
    } else {
        n
    };
    let (op, m) = if (n as i32) < 0 {
        (DpOp::Sub, n.wrapping_neg())
    } else {
        (DpOp::Add, n)
    };
    if m == 0 {
        return Ok(());
    }
    if m < 256 {
        return c.insn(dp(op, true, TOS, TOS, Op2::Imm(m)));
    }
    if c.thumb2() && m < 4096 {
        return c.insn(Insn::AddW {
            sub: op == DpOp::Sub,
            rd: TOS,
            rn: TOS,
            imm: m,
        });
    }
    c.load_imm(Reg::R0, n)?;
    c.insn(dp(DpOp::Add, true, TOS, TOS, reg(Reg::R0)))
}

/// `n and`, `n or`, `n xor`.
fn logic_immediate(c: &mut Code, fold: Fold, n: u32) -> Result<(), EmitError> {
    let t2 = c.thumb2();
    let op = match fold {
        Fold::And => DpOp::And,
        Fold::Or => DpOp::Orr,
        _ => DpOp::Eor,
    };
    if t2 && thumb::encode_modified_imm(n).is_some() {
        return c.insn(dp(op, false, TOS, TOS, Op2::Imm(n)));
    }
    if t2 && op == DpOp::And && thumb::encode_modified_imm(!n).is_some() {
        return c.insn(dp(DpOp::Bic, false, TOS, TOS, Op2::Imm(!n)));
    }
    c.load_imm(Reg::R0, n)?;
    c.insn(dp(op, true, TOS, TOS, reg(Reg::R0)))
}

/// `n lshift`, `n rshift`, `n arshift`, and `n *` (a shift for a power of two).
fn shift_immediate(c: &mut Code, fold: Fold, n: u32) -> Result<(), EmitError> {
    // A shift's count is its low byte, as for a shift by a register.
    let (op, by) = match fold {
        Fold::Lshift => (ShiftOp::Lsl, n & 0xff),
        Fold::Rshift => (ShiftOp::Lsr, n & 0xff),
        Fold::Arshift => (ShiftOp::Asr, n & 0xff),
        _ if n.is_power_of_two() => (ShiftOp::Lsl, n.trailing_zeros()),
        _ => {
            c.load_imm(Reg::R0, n)?;
            return c.insn(Insn::Mul {
                s: true,
                rd: TOS,
                rn: Reg::R0,
                rm: TOS,
            });
        }
    };
    if by == 0 {
        return Ok(());
    }
    if by >= 32 {
        if op == ShiftOp::Asr {
            return c.insn(Insn::Shift {
                op,
                s: true,
                rd: TOS,
                rm: TOS,
                by: ShiftBy::Imm(32),
            });
        }
        return c.load_imm(TOS, 0);
    }
    c.insn(Insn::Shift {
        op,
        s: true,
        rd: TOS,
        rm: TOS,
        by: ShiftBy::Imm(by as u8),
    })
}
