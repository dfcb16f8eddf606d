//! The code generator for colon definitions: literals held back so that the
//! next word can fold them into an immediate form, inlining of code words,
//! calls, tail calls and the control structures. Control-flow items (origs
//! and dests) are addresses on the build's data stack under a tag naming the
//! word that opened them (see [`crate::control`]), in the format the
//! kernel's own Forth versions of `if`, `then` and friends use, so that
//! host-compiled and target-compiled halves of a structure meet.

use thumb::{Addr, Cond, DpOp, Insn, MemOp, MovOp, Op2, Reg, RegList, ShiftBy, ShiftOp, Shifted};

use crate::control::{accepted, Opener};
use crate::diag::Diagnostic;
use crate::dict::Kind;
use crate::emit::{self, EmitError, TOS};
use crate::layout::*;
use crate::session::Session;
use crate::source::Span;

/// A colon definition (or does-part) under construction.
#[derive(Clone, Debug)]
pub struct Definition {
    /// The dictionary index of the word, None for `:noname`.
    pub word: Option<usize>,
    pub xt: u32,
    pub name: String,
    pub span: Option<Span>,
    /// Literals not yet emitted, oldest first.
    pub pending: Vec<u32>,
    /// The last thing emitted was a call at (address, callee); nothing
    /// branches to the address after it.
    pub last_call: Option<(u32, u32)>,
    /// Depth of the build stack at `:`, to catch unbalanced structures.
    pub depth: usize,
}

impl Definition {
    /// A definition whose code starts at `xt`, begun with `depth` items on
    /// the build stack.
    pub fn new(
        word: Option<usize>,
        xt: u32,
        name: String,
        span: Option<Span>,
        depth: usize,
    ) -> Definition {
        Definition {
            word,
            xt,
            name,
            span,
            pending: Vec::new(),
            last_call: None,
            depth,
        }
    }
}

/// Literal-folding rules of kernel words, bound by name like intrinsics.
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
    fn unary(self, a: u32) -> Option<u32> {
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
    fn binary(self, a: u32, b: u32) -> Option<u32> {
        Some(match self {
            Fold::Add => a.wrapping_add(b),
            Fold::Sub => a.wrapping_sub(b),
            Fold::And => a & b,
            Fold::Or => a | b,
            Fold::Xor => a ^ b,
            Fold::Lshift => a.checked_shl(b).unwrap_or(0),
            Fold::Rshift => a.checked_shr(b).unwrap_or(0),
            Fold::Mul => a.wrapping_mul(b),
            _ => return None,
        })
    }
}

fn dp(op: DpOp, s: bool, rd: Reg, rn: Reg, op2: Op2) -> Insn {
    Insn::Dp { op, s, rd, rn, op2 }
}

fn reg(r: Reg) -> Op2 {
    Op2::Reg(Shifted::plain(r))
}

impl Session {
    pub(crate) fn emit_err(&self, e: EmitError) -> Diagnostic {
        let what = self
            .def
            .as_ref()
            .map(|d| format!(" in `{}`", d.name))
            .unwrap_or_default();
        Diagnostic::new(self.span, format!("cannot generate code{what}: {e}"))
    }

    fn def_mut(&mut self) -> &mut Definition {
        self.def.as_mut().expect("compiling")
    }

    /// Starts compiling a definition whose code begins at HERE.
    pub fn begin_definition(
        &mut self,
        word: Option<usize>,
        name: String,
    ) -> Result<u32, Diagnostic> {
        self.code.align4();
        let xt = self.here() | 1;
        self.def = Some(Definition::new(word, xt, name, self.span, self.stack.len()));
        self.set_sys(STATE, u32::MAX);
        self.code
            .insn(Insn::Push(RegList::of(&[Reg::LR])))
            .map_err(|e| self.emit_err(e))?;
        Ok(xt)
    }

    /// Emits the literals held back.
    pub fn flush_literals(&mut self) -> Result<(), Diagnostic> {
        let Some(def) = self.def.as_mut() else {
            return Ok(());
        };
        let pending = std::mem::take(&mut def.pending);
        for v in pending {
            self.emit_literal(v)?;
        }
        Ok(())
    }

    fn emit_literal(&mut self, v: u32) -> Result<(), Diagnostic> {
        self.def_mut().last_call = None;
        self.code.push_tos().map_err(|e| self.emit_err(e))?;
        self.code.load_imm(TOS, v).map_err(|e| self.emit_err(e))
    }

    pub fn compile_literal(&mut self, v: u32) -> Result<(), Diagnostic> {
        let def = self.def_mut();
        def.pending.push(v);
        def.last_call = None;
        if def.pending.len() > 2 {
            let oldest = def.pending.remove(0);
            self.emit_literal(oldest)?;
        }
        Ok(())
    }

    /// Everything that must hold before raw code is appended.
    pub fn prepare_emit(&mut self) -> Result<(), Diagnostic> {
        self.flush_literals()?;
        if let Some(d) = self.def.as_mut() {
            d.last_call = None;
        }
        Ok(())
    }

    pub fn emit(&mut self, insn: Insn) -> Result<(), Diagnostic> {
        self.code.insn(insn).map_err(|e| self.emit_err(e))
    }

    /// Compiles a call of (or the inline code of, or the value of) word `i`.
    pub fn compile_word(&mut self, i: usize) -> Result<(), Diagnostic> {
        let w = self.dict.get(i);
        let (xt, code) = (w.xt, w.code_addr());
        match w.kind {
            Kind::Constant(v) => return self.compile_literal(v),
            Kind::Created => {
                let does = self.read_u32(code + CREATE_DOES_CELL)?;
                if does == (code + CREATE_RETURN_OFFSET) | 1 {
                    return self.compile_literal(code + CREATE_BODY_OFFSET);
                }
            }
            _ => {}
        }
        if let Some(&fold) = self.folds.get(&xt) {
            if self.try_fold(fold)? {
                return Ok(());
            }
        }
        if self.dict.get(i).inline_body().is_some() {
            self.prepare_emit()?;
            let body = self.dict.get(i).inline_body().expect("checked");
            self.code.bytes.extend_from_slice(body);
            return Ok(());
        }
        self.compile_call(xt)
    }

    pub fn compile_call(&mut self, xt: u32) -> Result<(), Diagnostic> {
        self.flush_literals()?;
        let at = self.here();
        self.code.call(xt).map_err(|e| self.emit_err(e))?;
        self.def_mut().last_call = Some((at, xt));
        Ok(())
    }

    /// Folds held-back literals into `fold`; false when the rule does not apply.
    fn try_fold(&mut self, fold: Fold) -> Result<bool, Diagnostic> {
        let pending = &self.def_mut().pending;
        match pending.len() {
            0 => Ok(false),
            n => {
                let last = pending[n - 1];
                if let Some(v) = fold.unary(last) {
                    self.def_mut().pending[n - 1] = v;
                    return Ok(true);
                }
                if n >= 2 {
                    if let Some(v) = fold.binary(pending[n - 2], last) {
                        let d = self.def_mut();
                        d.pending.truncate(n - 2);
                        d.pending.push(v);
                        return Ok(true);
                    }
                }
                // One known operand on top of a value in TOS.
                let rest: Vec<u32> = pending[..n - 1].to_vec();
                self.def_mut().pending = rest;
                self.flush_literals()?;
                self.def_mut().last_call = None;
                self.fold_immediate(fold, last)
                    .map_err(|e| self.emit_err(e))?;
                Ok(true)
            }
        }
    }

    /// TOS = TOS <op> n (or a store of TOS to address n) in the shortest form.
    fn fold_immediate(&mut self, fold: Fold, n: u32) -> Result<(), EmitError> {
        let t2 = self.code.thumb2();
        let c = &mut self.code;
        match fold {
            Fold::Add | Fold::Sub => {
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
                if t2 && m < 4096 {
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
            Fold::And | Fold::Or | Fold::Xor => {
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
            Fold::Lshift | Fold::Rshift | Fold::Arshift | Fold::Mul => {
                let (op, by) = match fold {
                    Fold::Lshift => (ShiftOp::Lsl, n),
                    Fold::Rshift => (ShiftOp::Lsr, n),
                    Fold::Arshift => (ShiftOp::Asr, n),
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

    /// `;` and `exit`: returns, as a tail jump when the last thing was a call.
    pub fn compile_exit(&mut self) -> Result<(), Diagnostic> {
        self.flush_literals()?;
        if let Some((at, callee)) = self.def_mut().last_call.take() {
            if self
                .try_tail_call(at, callee)
                .map_err(|e| self.emit_err(e))?
            {
                return Ok(());
            }
        }
        self.emit(Insn::Pop(RegList::of(&[Reg::PC])))
    }

    fn try_tail_call(&mut self, at: u32, callee: u32) -> Result<bool, EmitError> {
        let saved = self.code.bytes.clone();
        self.code.truncate_to(at);
        let to = callee & !1;
        let ok = if self.code.thumb2() {
            self.code.insn(Insn::Mem {
                op: MemOp::Ldr,
                rt: Reg::LR,
                addr: Addr::PostIndex {
                    rn: Reg::SP,
                    imm: 4,
                },
            })?;
            self.code.bl_reaches(to)
                && self
                    .code
                    .put(
                        thumb::Instruction::new(Insn::B(thumb::Target::Address(to))).wide(),
                        Some(to),
                    )
                    .is_ok()
        } else {
            self.code.insn(Insn::Pop(RegList::of(&[Reg::R0])))?;
            self.code.insn(Insn::Mov {
                op: MovOp::Mov,
                s: false,
                rd: Reg::LR,
                op2: reg(Reg::R0),
            })?;
            self.code.branch_to(to, Cond::Al).is_ok()
        };
        if !ok {
            self.code.bytes = saved;
        }
        Ok(ok)
    }

    /// `;`: checks the structure is balanced and makes the word findable.
    pub fn end_definition(&mut self) -> Result<u32, Diagnostic> {
        let depth = self.def.as_ref().map_or(0, |d| d.depth);
        if self.stack.len() != depth {
            let open = (self.stack.len() > depth)
                .then(|| self.stack.last().copied().and_then(Opener::from_tag))
                .flatten();
            let def = self.def.take().expect("compiling");
            self.set_sys(STATE, 0);
            self.stack.truncate(depth.min(self.stack.len()));
            let what = match open {
                Some(o) => format!("{} is not closed", o.described()),
                None => "an `if`, `begin`, `do` or `case` is not closed (or one closes too many)"
                    .to_owned(),
            };
            return Err(Diagnostic::new(
                self.span,
                format!("unbalanced control structure in `{}`: {what}", def.name),
            )
            .note(match def.span {
                Some(s) => format!("the definition starts at line {} column {}", s.line, s.col),
                None => String::new(),
            }));
        }
        self.compile_exit()?;
        // HERE is left aligned, as the board's `;` leaves it: data laid down
        // after a definition (`,`) must be, and a Cortex-M0 faults otherwise.
        self.code.align4();
        let def = self.def.take().expect("compiling");
        self.set_sys(STATE, 0);
        if let Some(i) = def.word {
            self.set_flags(i, FLAG_VISIBLE, 0)?;
        }
        Ok(def.xt)
    }

    // --- control structures -------------------------------------------------

    /// Tests TOS, drops it, and leaves Z set when it was zero.
    fn test_and_drop(&mut self) -> Result<(), Diagnostic> {
        self.prepare_emit()?;
        self.emit(Insn::Mov {
            op: MovOp::Mov,
            s: true,
            rd: Reg::R0,
            op2: reg(TOS),
        })?;
        self.code.pop_tos().map_err(|e| self.emit_err(e))
    }

    pub fn cf_if(&mut self) -> Result<(), Diagnostic> {
        self.test_and_drop()?;
        let orig = self.code.forward(Cond::Eq).map_err(|e| self.emit_err(e))?;
        self.push_cs(orig, Opener::If);
        Ok(())
    }

    pub fn cf_ahead(&mut self) -> Result<(), Diagnostic> {
        self.prepare_emit()?;
        let orig = self.code.forward(Cond::Al).map_err(|e| self.emit_err(e))?;
        self.push_cs(orig, Opener::Ahead);
        Ok(())
    }

    /// Pushes a control-flow item: its address, then its tag.
    pub fn push_cs(&mut self, addr: u32, opener: Opener) {
        self.stack.push(addr);
        self.stack.push(opener.tag());
    }

    /// The opener of the innermost control-flow item, checked to be one of
    /// `accept`: `closer` may close it. Leaves the item on the stack.
    fn peek_cs(&self, closer: &str, accept: &[Opener]) -> Result<Opener, Diagnostic> {
        let depth = self.def.as_ref().map_or(0, |d| d.depth);
        let top = (self.stack.len() > depth)
            .then(|| self.stack.last().copied())
            .flatten();
        let whole = self.stack.len() >= depth + 2;
        let found = top.map(|t| (t, Opener::from_tag(t)));
        if let Some((_, Some(o))) = found {
            if accept.contains(&o) && whole {
                return Ok(o);
            }
        }
        let wanted = accepted(accept);
        let found = match found {
            Some((_, Some(o))) => format!("cannot close {}: it closes {wanted}", o.described()),
            Some((value, None)) => format!(
                "found {value} where {wanted} should be (a value left on the stack inside the definition?)"
            ),
            None => format!("closes {wanted}, and none is open"),
        };
        Err(Diagnostic::new(self.span, format!("`{closer}` {found}")))
    }

    /// Takes the innermost control-flow item, which `closer` must be able to
    /// close; returns its address and opener.
    fn pop_cs(&mut self, closer: &str, accept: &[Opener]) -> Result<(u32, Opener), Diagnostic> {
        let opener = self.peek_cs(closer, accept)?;
        self.stack.pop();
        let addr = self.stack.pop().expect("checked by peek_cs");
        Ok((addr, opener))
    }

    /// Aims the forward branch at `orig` at HERE.
    pub fn resolve_here(&mut self, orig: u32) -> Result<(), Diagnostic> {
        self.prepare_emit()?;
        let len = if self.code.thumb2() { 4 } else { 2 };
        let existing = self.read(orig, len)?;
        let bytes = emit::resolve(self.profile, orig, &existing, self.here())
            .map_err(|e| self.emit_err(e))?;
        self.poke(orig, &bytes)
    }

    pub fn cf_then(&mut self) -> Result<(), Diagnostic> {
        self.close_orig("then")
    }

    fn close_orig(&mut self, closer: &str) -> Result<(), Diagnostic> {
        let (orig, _) = self.pop_cs(closer, Opener::ORIG)?;
        self.resolve_here(orig)
    }

    pub fn cf_else(&mut self) -> Result<(), Diagnostic> {
        let (orig, _) = self.pop_cs("else", Opener::ORIG)?;
        self.prepare_emit()?;
        let ahead = self.code.forward(Cond::Al).map_err(|e| self.emit_err(e))?;
        self.push_cs(ahead, Opener::Else);
        self.resolve_here(orig)
    }

    pub fn cf_begin(&mut self) -> Result<(), Diagnostic> {
        self.prepare_emit()?;
        self.push_cs(self.here(), Opener::Begin);
        Ok(())
    }

    pub fn cf_until(&mut self) -> Result<(), Diagnostic> {
        let (dest, _) = self.pop_cs("until", Opener::DEST)?;
        self.test_and_drop()?;
        self.code
            .branch_to(dest, Cond::Eq)
            .map_err(|e| self.emit_err(e))
    }

    pub fn cf_again(&mut self) -> Result<(), Diagnostic> {
        self.branch_back("again")
    }

    fn branch_back(&mut self, closer: &str) -> Result<(), Diagnostic> {
        let (dest, _) = self.pop_cs(closer, Opener::DEST)?;
        self.prepare_emit()?;
        self.code
            .branch_to(dest, Cond::Al)
            .map_err(|e| self.emit_err(e))
    }

    pub fn cf_while(&mut self) -> Result<(), Diagnostic> {
        let (dest, _) = self.pop_cs("while", Opener::DEST)?;
        self.test_and_drop()?;
        let orig = self.code.forward(Cond::Eq).map_err(|e| self.emit_err(e))?;
        self.push_cs(orig, Opener::While);
        self.push_cs(dest, Opener::Begin);
        Ok(())
    }

    pub fn cf_repeat(&mut self) -> Result<(), Diagnostic> {
        self.branch_back("repeat")?;
        self.close_orig("repeat")
    }

    /// `do` and `?do`: the return stack gets the leave address, the limit and
    /// the index (index on top); do-sys is (leave literal, loop start).
    pub fn cf_do(&mut self, check: bool) -> Result<(), Diagnostic> {
        self.prepare_emit()?;
        let lit = self
            .code
            .inline_literal(Reg::R3, 0)
            .map_err(|e| self.emit_err(e))?;
        self.code.pop_into(Reg::R2).map_err(|e| self.emit_err(e))?;
        self.emit(Insn::Mov {
            op: MovOp::Mov,
            s: false,
            rd: Reg::R1,
            op2: reg(TOS),
        })?;
        self.emit(Insn::Push(RegList::of(&[Reg::R1, Reg::R2, Reg::R3])))?;
        self.code.pop_tos().map_err(|e| self.emit_err(e))?;
        if check {
            // Equal limit and index: leave at once.
            self.loop_index_and_limit()?;
            self.emit(Insn::Cmp {
                op: thumb::CmpOp::Cmp,
                rn: Reg::R0,
                op2: reg(Reg::R1),
            })?;
            let skip = self.code.forward(Cond::Ne).map_err(|e| self.emit_err(e))?;
            self.emit_leave()?;
            self.resolve_here(skip)?;
        }
        self.stack.push(lit);
        let opener = if check { Opener::QDo } else { Opener::Do };
        self.push_cs(self.here(), opener);
        Ok(())
    }

    fn loop_index_and_limit(&mut self) -> Result<(), Diagnostic> {
        self.emit(Insn::Mem {
            op: MemOp::Ldr,
            rt: Reg::R0,
            addr: Addr::Offset {
                rn: Reg::SP,
                imm: 0,
            },
        })?;
        self.emit(Insn::Mem {
            op: MemOp::Ldr,
            rt: Reg::R1,
            addr: Addr::Offset {
                rn: Reg::SP,
                imm: 4,
            },
        })
    }

    /// `leave`: drop index and limit and return to the leave address.
    pub fn emit_leave(&mut self) -> Result<(), Diagnostic> {
        self.prepare_emit()?;
        self.emit(dp(DpOp::Add, false, Reg::SP, Reg::SP, Op2::Imm(8)))?;
        self.emit(Insn::Pop(RegList::of(&[Reg::PC])))
    }

    pub fn cf_loop(&mut self, plus: bool) -> Result<(), Diagnostic> {
        let (dest, _) = self.pop_cs(if plus { "+loop" } else { "loop" }, Opener::DO_SYS)?;
        let lit = self.stack.pop().expect("a do-sys holds its leave literal");
        self.prepare_emit()?;
        if plus {
            // V is set when index - limit crosses the 0x80000000 boundary
            // after adding n, i.e. when the loop passes limit-1/limit.
            self.loop_index_and_limit()?;
            self.emit(dp(DpOp::Sub, true, Reg::R2, Reg::R0, reg(Reg::R1)))?;
            self.emit(Insn::Mov {
                op: MovOp::Mov,
                s: true,
                rd: Reg::R3,
                op2: Op2::Imm(1),
            })?;
            self.emit(Insn::Shift {
                op: ShiftOp::Lsl,
                s: true,
                rd: Reg::R3,
                rm: Reg::R3,
                by: ShiftBy::Imm(31),
            })?;
            self.emit(dp(DpOp::Eor, true, Reg::R2, Reg::R2, reg(Reg::R3)))?;
            self.emit(dp(DpOp::Add, true, Reg::R0, Reg::R0, reg(TOS)))?;
            self.emit(Insn::Mem {
                op: MemOp::Str,
                rt: Reg::R0,
                addr: Addr::Offset {
                    rn: Reg::SP,
                    imm: 0,
                },
            })?;
            self.emit(dp(DpOp::Add, true, Reg::R2, Reg::R2, reg(TOS)))?;
            self.code.pop_tos().map_err(|e| self.emit_err(e))?;
            self.code
                .branch_to(dest, Cond::Vc)
                .map_err(|e| self.emit_err(e))?;
        } else {
            self.loop_index_and_limit()?;
            self.emit(dp(DpOp::Add, true, Reg::R0, Reg::R0, Op2::Imm(1)))?;
            self.emit(Insn::Mem {
                op: MemOp::Str,
                rt: Reg::R0,
                addr: Addr::Offset {
                    rn: Reg::SP,
                    imm: 0,
                },
            })?;
            self.emit(Insn::Cmp {
                op: thumb::CmpOp::Cmp,
                rn: Reg::R0,
                op2: reg(Reg::R1),
            })?;
            self.code
                .branch_to(dest, Cond::Ne)
                .map_err(|e| self.emit_err(e))?;
        }
        self.emit(dp(DpOp::Add, false, Reg::SP, Reg::SP, Op2::Imm(12)))?;
        let leave = self.here() | 1;
        self.poke(lit, &leave.to_le_bytes())?;
        Ok(())
    }

    /// `of`: ( x1 x2 -- | x1 ) continues with both dropped when equal, else
    /// jumps to the next `of` keeping x1.
    pub fn cf_case(&mut self) {
        self.push_cs(0, Opener::Case);
    }

    pub fn cf_of(&mut self) -> Result<(), Diagnostic> {
        self.peek_cs("of", Opener::CASE_ARM)?;
        self.prepare_emit()?;
        self.code.pop_into(Reg::R0).map_err(|e| self.emit_err(e))?;
        self.emit(Insn::Cmp {
            op: thumb::CmpOp::Cmp,
            rn: Reg::R0,
            op2: reg(TOS),
        })?;
        self.emit(Insn::Mov {
            op: MovOp::Mov,
            s: false,
            rd: TOS,
            op2: reg(Reg::R0),
        })?;
        let orig = self.code.forward(Cond::Ne).map_err(|e| self.emit_err(e))?;
        self.code.pop_tos().map_err(|e| self.emit_err(e))?;
        self.push_cs(orig, Opener::Of);
        Ok(())
    }

    pub fn cf_endof(&mut self) -> Result<(), Diagnostic> {
        let (of, _) = self.pop_cs("endof", &[Opener::Of])?;
        self.prepare_emit()?;
        let orig = self.code.forward(Cond::Al).map_err(|e| self.emit_err(e))?;
        self.push_cs(orig, Opener::Endof);
        self.resolve_here(of)
    }

    pub fn cf_endcase(&mut self) -> Result<(), Diagnostic> {
        self.peek_cs("endcase", Opener::CASE_ARM)?;
        self.prepare_emit()?;
        self.code.pop_tos().map_err(|e| self.emit_err(e))?;
        loop {
            let (orig, opener) = self.pop_cs("endcase", Opener::CASE_ARM)?;
            if opener == Opener::Case {
                return Ok(());
            }
            self.resolve_here(orig)?;
        }
    }

    /// Inline data skipped by a branch; returns its address.
    pub fn compile_data(&mut self, bytes: &[u8]) -> Result<u32, Diagnostic> {
        self.prepare_emit()?;
        let orig = self.code.forward(Cond::Al).map_err(|e| self.emit_err(e))?;
        let at = self.here();
        self.code.raw(bytes);
        if self.here() % 2 != 0 {
            self.code.raw(&[0]);
        }
        self.resolve_here(orig)?;
        Ok(at)
    }

    /// `does>` inside a defining word: store the does-code into the newest
    /// created word and return; the does-code follows as a colon body that
    /// finds the created word's body in TOS.
    pub fn compile_does(&mut self, does_word: u32) -> Result<(), Diagnostic> {
        self.prepare_emit()?;
        self.code.push_tos().map_err(|e| self.emit_err(e))?;
        let lit = self
            .code
            .inline_literal(TOS, 0)
            .map_err(|e| self.emit_err(e))?;
        self.compile_call(does_word)?;
        self.def_mut().last_call = None;
        self.emit(Insn::Pop(RegList::of(&[Reg::PC])))?;
        self.code.align4();
        let does_code = self.here() | 1;
        self.poke(lit, &does_code.to_le_bytes())?;
        self.emit(Insn::Push(RegList::of(&[Reg::LR])))
    }
}
