//! The code generator for colon definitions: literals held back so that the
//! next word can fold them into an immediate form (`folding`), inlining of
//! code words, calls, tail calls, and the control structures
//! (`structures`). It writes into the machine's dictionary memory and
//! keeps the definition in progress; it runs nothing on the board.

mod folding;
mod inline;
mod locals;
mod loops;
mod prims;
mod stack;
mod structures;

use thumb::{Addr, Cond, Insn, MemOp, MovOp, Reg, RegList};

use stack::reg;

use crate::control::Opener;
use crate::definition::Definition;
use crate::diag::Diagnostic;
use crate::dict::Kind;
use crate::emit::{EmitError, TOS};
use crate::layout::*;
use crate::machine::Machine;
use crate::prim::Prim;
use crate::replay::Replay;

/// The code generator at work: the definition in progress and the machine
/// whose dictionary it writes.
pub struct Compiler<'a> {
    pub machine: &'a mut Machine,
    pub def: &'a mut Option<Definition>,
}

impl Compiler<'_> {
    pub fn emit_err(&self, e: EmitError) -> Diagnostic {
        let what = self
            .def
            .as_ref()
            .map(|d| format!(" in `{}`", d.name))
            .unwrap_or_default();
        Diagnostic::new(
            self.machine.span,
            format!("cannot generate code{what}: {e}"),
        )
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
        let m = &mut *self.machine;
        m.code.align4();
        let xt = m.here() | 1;
        *self.def = Some(Definition::new(word, xt, name, m.span, m.stack.len()));
        m.set_sys(STATE, u32::MAX);
        self.emit(Insn::Push(RegList::of(&[Reg::LR])))?;
        Ok(xt)
    }

    pub fn compile_literal(&mut self, v: u32) -> Result<(), Diagnostic> {
        self.record(Replay::Literal(v));
        self.put(crate::vstack::Val::Imm(v))
    }

    /// Everything that must hold before raw code is appended.
    pub fn prepare_emit(&mut self) -> Result<(), Diagnostic> {
        self.prepare_emit_avoiding(&[])
    }

    /// [`Self::prepare_emit`], leaving the registers in `avoid` alone.
    fn prepare_emit_avoiding(&mut self, avoid: &[Reg]) -> Result<(), Diagnostic> {
        self.prepare_branch_avoiding(avoid)?;
        self.kill_loop_cache()
    }

    /// The stack in canonical form before a branch or branch target that
    /// keeps the loop registers.
    pub(crate) fn prepare_branch(&mut self) -> Result<(), Diagnostic> {
        self.prepare_branch_avoiding(&[])
    }

    fn prepare_branch_avoiding(&mut self, avoid: &[Reg]) -> Result<(), Diagnostic> {
        self.flush_avoiding(avoid)?;
        if let Some(d) = self.def.as_mut() {
            d.unreachable = false;
        }
        if let Some(d) = self.def.as_mut() {
            d.last_call = None;
        }
        Ok(())
    }

    pub fn emit(&mut self, insn: Insn) -> Result<(), Diagnostic> {
        self.machine.code.insn(insn).map_err(|e| self.emit_err(e))
    }

    /// Runs `f` on the code buffer, its error as a diagnostic.
    fn code<T>(
        &mut self,
        f: impl FnOnce(&mut crate::emit::Code) -> Result<T, EmitError>,
    ) -> Result<T, Diagnostic> {
        f(&mut self.machine.code).map_err(|e| self.emit_err(e))
    }

    /// Compiles a call of (or the inline code of, or the value of) word `i`.
    pub fn compile_word(&mut self, i: usize) -> Result<(), Diagnostic> {
        self.record(Replay::Word(i));
        self.muted(|c| c.compile_word_body(i))
    }

    fn compile_word_body(&mut self, i: usize) -> Result<(), Diagnostic> {
        use crate::vstack::Val;
        let w = self.machine.dict.get(i);
        let (xt, code) = (w.xt, w.code_addr());
        match w.kind {
            Kind::Constant(v) => return self.put(Val::Imm(v)),
            Kind::Created => {
                let does = self.machine.read_u32(code + CREATE_DOES_CELL)?;
                if does == (code + CREATE_RETURN_OFFSET) | 1 {
                    return self.put(Val::Imm(code + CREATE_BODY_OFFSET));
                }
            }
            _ => {}
        }
        if let Some(p) = self.machine.bindings.prim(xt) {
            // A small known index is a copy of a held item or one load.
            let known_index =
                matches!(self.held().top(), Some(crate::vstack::Val::Imm(k)) if k < 64);
            if p != Prim::Pick || known_index {
                return self.compile_prim(p);
            }
        }
        if let Some(fold) = self.machine.bindings.fold(xt) {
            if self.try_fold(fold)? {
                return Ok(());
            }
        }
        if let Some(body) = self.machine.dict.get(i).inline_body() {
            let effect = loops::rstack_effect(&self.machine.dict.get(i).name, body);
            if effect.is_none() {
                // It moves SP as the host cannot follow: like foreign code.
                self.canonical_origs()?;
            }
            self.prepare_emit()?;
            let m = &mut *self.machine;
            let body = m.dict.get(i).inline_body().expect("checked");
            m.code.bytes.extend_from_slice(body);
            self.track_raw_rstack(effect.unwrap_or(0));
            return Ok(());
        }
        if self.muted(|c| c.try_inline(xt))? {
            return Ok(());
        }
        self.call_xt(xt)
    }

    /// A call the source asked for itself (`recurse`, `postpone`, ...).
    pub fn compile_call(&mut self, xt: u32) -> Result<(), Diagnostic> {
        self.not_replayable();
        self.call_xt(xt)
    }

    fn call_xt(&mut self, xt: u32) -> Result<(), Diagnostic> {
        self.prepare_emit()?;
        let at = self.machine.here();
        self.code(|c| c.call(xt))?;
        let end = self.machine.here();
        self.def_mut().last_call = Some((at, xt, end));
        Ok(())
    }

    /// `;` and `exit`: returns, as a tail jump when the last thing was a call.
    pub fn compile_exit(&mut self) -> Result<(), Diagnostic> {
        self.flush_stack()?;
        let here = self.machine.here();
        let tail = self.def_mut().last_call.take().filter(|c| c.2 == here);
        let frame = self.frame_cells() as u32;
        let jumped = match tail {
            Some((at, callee, _)) => self.code(|c| try_tail_call(c, at, callee, frame))?,
            None => false,
        };
        if !jumped {
            self.release_frame()?;
            self.emit(Insn::Pop(RegList::of(&[Reg::PC])))?;
        }
        self.def_mut().unreachable = true;
        Ok(())
    }

    /// `;`: checks the structure is balanced and makes the word findable.
    pub fn end_definition(&mut self) -> Result<u32, Diagnostic> {
        let depth = self.def.as_ref().map_or(0, |d| d.depth);
        let stack = &self.machine.stack;
        if stack.len() != depth {
            let open = (stack.len() > depth)
                .then(|| stack.last().copied().and_then(Opener::from_tag))
                .flatten();
            return Err(self.unbalanced(depth, open));
        }
        self.compile_exit()?;
        let replay = self.finished_replay();
        // HERE is left aligned, as the board's `;` leaves it: data laid down
        // after a definition (`,`) must be, and a Cortex-M0 faults otherwise.
        self.machine.code.align4();
        let def = self.def.take().expect("compiling");
        self.machine.set_sys(STATE, 0);
        if let Some(i) = def.word {
            self.machine.set_flags(i, FLAG_VISIBLE, 0)?;
            if let Some(steps) = replay {
                let size = self.machine.here() - (def.xt & !1);
                self.machine.bindings.set_replay(def.xt, steps, size);
            }
        }
        Ok(def.xt)
    }

    /// The definition ends with a control structure open (`open`, if its
    /// tag is on the stack) or with one closed too many: it is abandoned.
    fn unbalanced(&mut self, depth: usize, open: Option<Opener>) -> Diagnostic {
        let def = self.def.take().expect("compiling");
        let m = &mut *self.machine;
        m.set_sys(STATE, 0);
        m.stack.truncate(depth.min(m.stack.len()));
        let what = match open {
            Some(o) => format!("{} is not closed", o.described()),
            None => {
                "an `if`, `begin`, `do` or `case` is not closed (or one closes too many)".to_owned()
            }
        };
        Diagnostic::new(
            m.span,
            format!("unbalanced control structure in `{}`: {what}", def.name),
        )
        .note(match def.span {
            Some(s) => format!("the definition starts at line {} column {}", s.line, s.col),
            None => String::new(),
        })
    }

    /// Inline data skipped by a branch; returns its address.
    pub fn compile_data(&mut self, bytes: &[u8]) -> Result<u32, Diagnostic> {
        self.not_replayable();
        self.prepare_emit()?;
        let orig = self.code(|c| c.forward(Cond::Al))?;
        let m = &mut *self.machine;
        let at = m.here();
        m.code.raw(bytes);
        if m.here() % 2 != 0 {
            m.code.raw(&[0]);
        }
        self.resolve_here(orig)?;
        Ok(at)
    }

    /// `does>` inside a defining word: store the does-code into the newest
    /// created word and return; the does-code follows as a colon body that
    /// finds the created word's body in TOS.
    pub fn compile_does(&mut self, does_word: u32) -> Result<(), Diagnostic> {
        self.not_replayable();
        self.prepare_emit()?;
        self.code(|c| c.push_tos())?;
        let lit = self.code(|c| c.inline_literal(TOS, 0))?;
        self.compile_call(does_word)?;
        self.def_mut().last_call = None;
        // The defining part's locals end with it.
        self.release_frame()?;
        self.def_mut().locals = None;
        self.emit(Insn::Pop(RegList::of(&[Reg::PC])))?;
        self.machine.code.align4();
        let does_code = self.machine.here() | 1;
        self.machine.poke(lit, &does_code.to_le_bytes())?;
        self.emit(Insn::Push(RegList::of(&[Reg::LR])))
    }
}

/// Replaces the call at `at` (the last thing emitted) with a jump to
/// `callee` after releasing `frame` cells of locals and restoring the
/// return address; false, with the code as it was, when the jump does not
/// reach.
fn try_tail_call(
    code: &mut crate::emit::Code,
    at: u32,
    callee: u32,
    frame: u32,
) -> Result<bool, EmitError> {
    let saved = code.bytes.clone();
    code.truncate_to(at);
    if frame > 0 {
        code.insn(Insn::Dp {
            op: thumb::DpOp::Add,
            s: false,
            rd: Reg::SP,
            rn: Reg::SP,
            op2: thumb::Op2::Imm(4 * frame),
        })?;
    }
    let to = callee & !1;
    let ok = if code.thumb2() {
        code.insn(Insn::Mem {
            op: MemOp::Ldr,
            rt: Reg::LR,
            addr: Addr::PostIndex {
                rn: Reg::SP,
                imm: 4,
            },
        })?;
        code.bl_reaches(to)
            && code
                .put(
                    thumb::Instruction::new(Insn::B(thumb::Target::Address(to))).wide(),
                    Some(to),
                )
                .is_ok()
    } else {
        code.insn(Insn::Pop(RegList::of(&[Reg::R0])))?;
        code.insn(Insn::Mov {
            op: MovOp::Mov,
            s: false,
            rd: Reg::LR,
            op2: reg(Reg::R0),
        })?;
        code.branch_to(to, Cond::Al).is_ok()
    };
    if !ok {
        code.bytes = saved;
    }
    Ok(ok)
}
