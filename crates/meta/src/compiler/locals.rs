//! Locals: a frame of cells on the return stack, made where `{:` (or the
//! last `(local)`) declares them and released by `exit` and `;`.
//!
//! The frame is on the return stack rather than on a stack of its own
//! because that is both the simplest and the fastest: a local is one
//! `ldr`/`str` at an offset from SP, and `catch` already puts SP back when
//! an exception leaves a word, frame and all, so nothing else needs to know
//! about locals. The price is that the offset depends on what lies above
//! the frame: the compiler adds the do-loop frames open at that point (the
//! do-sys items on the control-flow stack, whoever compiled them) and the
//! cells `>r`, `r>`, `unloop` and the like moved, as it compiles them.

use thumb::{Addr, DpOp, Insn, MemOp, Op2, Reg, RegList};

use crate::control::Opener;
use crate::definition::Locals;
use crate::diag::Diagnostic;
use crate::emit::{DSP, TOS};

use super::stack::mem;
use super::Compiler;

/// The most locals one definition may declare: every offset stays within
/// the reach of a 16-bit `ldr rt, [sp, #imm]`.
pub const MAX_LOCALS: usize = 32;

fn sp_by(op: DpOp, cells: usize) -> Insn {
    Insn::Dp {
        op,
        s: false,
        rd: Reg::SP,
        rn: Reg::SP,
        op2: Op2::Imm(4 * cells as u32),
    }
}

impl Compiler<'_> {
    /// The locals of the definition in progress, if it declared any.
    pub fn locals(&self) -> Option<&Locals> {
        self.def.as_ref().and_then(|d| d.locals.as_ref())
    }

    /// Declares the locals `names` (lower case): the first `args` take
    /// their values from the stack, the last of them from the top; the rest
    /// start undefined.
    pub fn declare_locals(&mut self, names: Vec<String>, args: usize) -> Result<(), Diagnostic> {
        let refuse = |why: String| Err(Diagnostic::new(self.machine.span, why));
        let Some(def) = self.def.as_ref() else {
            return refuse("locals belong to a definition, and none is being compiled".into());
        };
        if def.locals.is_some() {
            return refuse(format!(
                "`{}` declares its locals a second time: one list per definition",
                def.name
            ));
        }
        if self.machine.stack.len() != def.depth || !def.loops.is_empty() {
            return refuse("locals are declared outside control structures".into());
        }
        if names.len() > MAX_LOCALS {
            return refuse(format!(
                "{} locals: at most {MAX_LOCALS} fit one definition",
                names.len()
            ));
        }
        self.not_replayable();
        self.prepare_emit()?;
        self.make_frame(args, names.len() - args)?;
        self.def_mut().locals = Some(Locals {
            names,
            args,
            ..Locals::default()
        });
        Ok(())
    }

    /// Moves `args` cells from the data stack to the return stack, the top
    /// first (so the deepest is lowest), then makes room for `uninit`.
    fn make_frame(&mut self, args: usize, uninit: usize) -> Result<(), Diagnostic> {
        const LOW: [Reg; 4] = [Reg::R0, Reg::R1, Reg::R2, Reg::R3];
        if (2..=5).contains(&args) {
            // `push` puts the lowest register lowest: the deepest argument
            // goes in r0, the top stays in r6.
            for (m, &r) in LOW[..args - 1].iter().enumerate() {
                let imm = 4 * (args - 2 - m) as i32;
                self.emit(mem(MemOp::Ldr, r, Addr::Offset { rn: DSP, imm }))?;
            }
            let mut list = LOW[..args - 1].to_vec();
            list.push(TOS);
            self.emit(Insn::Push(RegList::of(&list)))?;
            let imm = 4 * (args - 1) as i32;
            self.emit(mem(MemOp::Ldr, TOS, Addr::Offset { rn: DSP, imm }))?;
            self.emit(Insn::Dp {
                op: DpOp::Add,
                s: true,
                rd: DSP,
                rn: DSP,
                op2: Op2::Imm(4 * args as u32),
            })?;
        } else {
            for _ in 0..args {
                self.emit(Insn::Push(RegList::of(&[TOS])))?;
                self.code(|c| c.pop_tos())?;
            }
        }
        if uninit > 0 {
            self.emit(sp_by(DpOp::Sub, uninit))?;
        }
        Ok(())
    }

    /// Where local `i` is now, as an offset from SP.
    fn local_offset(&self, i: usize) -> i32 {
        let def = self.def.as_ref().expect("compiling");
        let locals = def.locals.as_ref().expect("declared");
        let stack = &self.machine.stack;
        let loops = stack[def.depth.min(stack.len())..]
            .iter()
            .filter(|&&t| Opener::from_tag(t).is_some_and(|o| Opener::DO_SYS.contains(&o)))
            .count() as i32;
        4 * (locals.slot(i) + locals.above + 3 * loops)
    }

    /// Compiles the value of local `i`.
    pub fn compile_local(&mut self, i: usize) -> Result<(), Diagnostic> {
        self.not_replayable();
        let off = self.local_offset(i);
        self.load_from_return_stack(off)
    }

    /// Compiles `to` local `i`: the top of the stack goes into it.
    pub fn compile_local_store(&mut self, i: usize) -> Result<(), Diagnostic> {
        self.not_replayable();
        let v = self.take(&[])?;
        let r = self.in_reg(v, &[])?;
        let imm = self.local_offset(i);
        self.emit(mem(MemOp::Str, r, Addr::Offset { rn: Reg::SP, imm }))
    }

    /// Cells of the frame an `exit` releases.
    pub(super) fn frame_cells(&self) -> usize {
        self.locals().map_or(0, |l| l.names.len())
    }

    /// `add sp, #frame` before a return.
    pub(super) fn release_frame(&mut self) -> Result<(), Diagnostic> {
        match self.frame_cells() {
            0 => Ok(()),
            n => self.emit(sp_by(DpOp::Add, n)),
        }
    }

    /// Follows a change of the return stack above the frame by `cells`.
    pub(super) fn locals_above(&mut self, cells: i32) {
        if let Some(l) = self.def.as_mut().and_then(|d| d.locals.as_mut()) {
            l.above += cells;
        }
    }

    /// Remembers the return stack above the frame where the forward branch
    /// at `orig` is taken.
    pub(super) fn locals_at_orig(&mut self, orig: u32) {
        if let Some(l) = self.def.as_mut().and_then(|d| d.locals.as_mut()) {
            l.at_orig.insert(orig, l.above);
        }
    }

    /// At the target of the branch at `orig`: when only the branch reaches
    /// it, the return stack is as the branch left it.
    pub(super) fn locals_at_target(&mut self, orig: u32, reached: bool) {
        if let Some(l) = self.def.as_mut().and_then(|d| d.locals.as_mut()) {
            if let Some(above) = l.at_orig.remove(&orig) {
                if !reached {
                    l.above = above;
                }
            }
        }
    }

    /// The open branch at `orig` is now taken from `onward`.
    pub(super) fn locals_orig_moved(&mut self, orig: u32, onward: u32) {
        if let Some(l) = self.def.as_mut().and_then(|d| d.locals.as_mut()) {
            if let Some(above) = l.at_orig.remove(&orig) {
                l.at_orig.insert(onward, above);
            }
        }
    }
}
