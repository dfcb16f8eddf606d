//! Control structures. Control-flow items (origs and dests) are addresses
//! on the build's data stack under a tag naming the word that opened them
//! (see [`crate::control`]), in the format the kernel's own Forth versions
//! of `if`, `then` and friends use, so that host-compiled and
//! target-compiled halves of a structure meet.

use thumb::{Addr, CmpOp, Cond, DpOp, Insn, MemOp, MovOp, Op2, Reg, RegList, ShiftBy, ShiftOp};

use crate::control::{accepted, Opener};
use crate::definition::{Form, LoopCache};
use crate::diag::Diagnostic;
use crate::emit::{self, TOS};
use crate::intrinsic::Intrinsic;
use crate::replay::Replay;
use crate::vstack::{Opd, Test, Val};

use super::loops::{sp_cell, INDEX, LIMIT};

fn regs_of(v: Val) -> Vec<Reg> {
    v.regs().iter().flatten().copied().collect()
}

use super::{reg, Compiler};

fn dp(op: DpOp, s: bool, rd: Reg, rn: Reg, op2: Op2) -> Insn {
    Insn::Dp { op, s, rd, rn, op2 }
}

fn cmp(rn: Reg, rm: Reg) -> Insn {
    Insn::Cmp {
        op: CmpOp::Cmp,
        rn,
        op2: reg(rm),
    }
}

fn mov(s: bool, rd: Reg, rm: Reg) -> Insn {
    Insn::Mov {
        op: MovOp::Mov,
        s,
        rd,
        op2: reg(rm),
    }
}

impl Compiler<'_> {
    /// Tests TOS, drops it, and leaves Z set when it was zero.
    fn test_and_drop(&mut self) -> Result<(), Diagnostic> {
        self.prepare_emit()?;
        self.emit(mov(true, Reg::R0, TOS))?;
        self.code(|c| c.pop_tos())
    }

    /// Takes the flag on top, brings the rest of the stack into a form a
    /// branch target can be entered in (canonical for `until`, whose
    /// target is a `begin`) and tests the flag. Returns the condition that
    /// holds when the flag is false and the form (None: canonical).
    fn test_flag(&mut self, keep_form: bool) -> Result<(Cond, Option<Vec<Reg>>), Diagnostic> {
        if !self.machine.bindings.optimize {
            self.test_and_drop()?;
            return Ok((Cond::Eq, None));
        }
        let v = self.take_lazy()?;
        let mut v = self.testable(v)?;
        let rest_in_place = keep_form || self.held().is_canonical();
        if !rest_in_place && v.regs().contains(&Some(TOS)) {
            // Putting the rest in place writes r6: move the flag's operand.
            let keep: Vec<Reg> = v.regs().iter().flatten().copied().collect();
            let t = self.fresh(&keep)?;
            self.emit(mov(false, t, TOS))?;
            v = v.renamed(TOS, t);
        }
        let keep: Vec<Reg> = v.regs().iter().flatten().copied().collect();
        let form = if keep_form {
            self.def_mut().last_call = None;
            Some(self.label_form(&keep)?)
        } else {
            self.prepare_emit_avoiding(&keep)?;
            None
        };
        let when_false = match v {
            Val::Flag(test, cond) => {
                self.emit_test(test, &[])?;
                cond.invert().expect("a real condition")
            }
            Val::And(a, b) => {
                self.emit_test(Test::Tst(a, b), &[])?;
                Cond::Eq
            }
            Val::Reg(r) => {
                self.emit_test(Test::Cmp(r, Opd::Imm(0)), &[])?;
                Cond::Eq
            }
            Val::Imm(_) | Val::Sum(..) => unreachable!("made a register by `testable`"),
        };
        Ok((when_false, form))
    }

    /// `v` with every constant its test cannot take as an immediate in a
    /// register, so that nothing is allocated (and no held item moved)
    /// between the branch target's form and the branch.
    fn testable(&mut self, v: Val) -> Result<Val, Diagnostic> {
        let keep: Vec<Reg> = v.regs().iter().flatten().copied().collect();
        let fit = |c: &mut Self, b: Opd, cmp: bool| -> Result<Opd, Diagnostic> {
            Ok(match b {
                Opd::Imm(n) if !c.imm_fits(n, cmp) => Opd::Reg(c.in_reg(Val::Imm(n), &keep)?),
                b => b,
            })
        };
        Ok(match v {
            Val::Imm(_) | Val::Sum(..) => Val::Reg(self.in_reg(v, &[])?),
            Val::Flag(Test::Cmp(a, b), c) => Val::Flag(Test::Cmp(a, fit(self, b, true)?), c),
            Val::Flag(Test::Tst(a, b), c) => Val::Flag(Test::Tst(a, fit(self, b, false)?), c),
            Val::And(a, b) => Val::And(a, fit(self, b, false)?),
            v => v,
        })
    }

    /// A forward branch taken when `cond` holds, with the held items in
    /// `form` (None: canonical); returns its orig.
    fn forward_with(&mut self, cond: Cond, form: Option<Vec<Reg>>) -> Result<u32, Diagnostic> {
        let cached = self.loop_cache().filter(|c| c.valid).map(|c| c.rdepth);
        let orig = self.code(|c| c.forward(cond))?;
        self.locals_at_orig(orig);
        let regs = form.unwrap_or_else(|| vec![TOS]);
        if regs != [TOS] || cached.is_some() {
            self.def_mut().forms.insert(orig, Form { regs, cached });
        }
        if cond == Cond::Al {
            self.def_mut().unreachable = true;
        }
        Ok(orig)
    }

    /// The form an unconditional forward branch leaves in: kept when
    /// optimizing, else canonical.
    fn jump_form(&mut self) -> Result<Option<Vec<Reg>>, Diagnostic> {
        if self.machine.bindings.optimize {
            self.def_mut().last_call = None;
            Ok(Some(self.label_form(&[])?))
        } else {
            self.prepare_emit()?;
            Ok(None)
        }
    }

    pub fn cf_if(&mut self) -> Result<(), Diagnostic> {
        let (when_false, form) = self.test_flag(true)?;
        let orig = self.forward_with(when_false, form)?;
        self.push_cs(orig, Opener::If);
        Ok(())
    }

    pub fn cf_ahead(&mut self) -> Result<(), Diagnostic> {
        let form = self.jump_form()?;
        let orig = self.forward_with(Cond::Al, form)?;
        self.push_cs(orig, Opener::Ahead);
        Ok(())
    }

    /// Pushes a control-flow item: its address, then its tag.
    pub fn push_cs(&mut self, addr: u32, opener: Opener) {
        self.machine.stack.push(addr);
        self.machine.stack.push(opener.tag());
    }

    /// The opener of the innermost control-flow item, checked to be one of
    /// `accept`: `closer` may close it. Leaves the item on the stack.
    fn peek_cs(&self, closer: &str, accept: &[Opener]) -> Result<Opener, Diagnostic> {
        let depth = self.def.as_ref().map_or(0, |d| d.depth);
        let stack = &self.machine.stack;
        let top = (stack.len() > depth)
            .then(|| stack.last().copied())
            .flatten();
        let whole = stack.len() >= depth + 2;
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
        Err(Diagnostic::new(
            self.machine.span,
            format!("`{closer}` {found}"),
        ))
    }

    /// Takes the innermost control-flow item, which `closer` must be able to
    /// close; returns its address and opener.
    fn pop_cs(&mut self, closer: &str, accept: &[Opener]) -> Result<(u32, Opener), Diagnostic> {
        let opener = self.peek_cs(closer, accept)?;
        self.machine.stack.pop();
        let addr = self.machine.stack.pop().expect("checked by peek_cs");
        Ok((addr, opener))
    }

    /// Aims the forward branch at `orig` at HERE, which code before it
    /// falls through to (`then`), or not (`else`, `repeat`: HERE follows
    /// a jump). The held items take the form the branch is taken with.
    pub fn resolve_orig(&mut self, orig: u32, falls_through: bool) -> Result<(), Diagnostic> {
        let form = self.def.as_mut().and_then(|d| d.forms.remove(&orig));
        let reached = falls_through && !self.def.as_ref().is_some_and(|d| d.unreachable);
        self.locals_at_target(orig, reached);
        let form = form.unwrap_or(Form {
            regs: vec![TOS],
            cached: None,
        });
        if reached {
            self.reconcile(&form.regs)?;
            self.reconcile_loop_cache(form.cached.is_some())?;
        } else if self.def.is_some() {
            self.def_mut().stack.items = form.regs.into_iter().map(Val::Reg).collect();
            if let Some(c) = self.def_mut().loops.last_mut() {
                c.valid = form.cached.is_some();
            }
        }
        if let Some(d) = self.def.as_mut() {
            d.last_call = None;
            d.unreachable = false;
        }
        self.patch_orig(orig)
    }

    /// Aims the forward branch at `orig` at HERE, from the canonical form.
    pub fn resolve_here(&mut self, orig: u32) -> Result<(), Diagnostic> {
        self.prepare_emit()?;
        self.patch_orig(orig)
    }

    fn patch_orig(&mut self, orig: u32) -> Result<(), Diagnostic> {
        let m = &*self.machine;
        let len = if m.code.thumb2() { 4 } else { 2 };
        let existing = m.read(orig, len)?;
        let bytes =
            emit::resolve(m.profile, orig, &existing, m.here()).map_err(|e| self.emit_err(e))?;
        self.machine.poke(orig, &bytes)
    }

    /// Before code other than the host's runs inside the definition (an
    /// immediate word, `[`): every open forward branch taken with held
    /// items is sent through a stub that stores them in canonical form, and
    /// the stub's own branch takes its place on the control-flow stack, so
    /// that whatever resolves it (the kernel's `then` as well) finds the
    /// canonical form the rest of the system assumes.
    pub fn canonical_origs(&mut self) -> Result<(), Diagnostic> {
        self.not_replayable();
        self.prepare_emit()?;
        let Some(def) = self.def.as_mut() else {
            return Ok(());
        };
        let mut open: Vec<(u32, Form)> = def.forms.drain().collect();
        if open.is_empty() {
            return Ok(());
        }
        open.sort_by_key(|(orig, _)| *orig);
        let skip = self.code(|c| c.forward(Cond::Al))?;
        for (orig, form) in open {
            let stub = self.machine.here();
            self.def_mut().stack.items = form.regs.into_iter().map(Val::Reg).collect();
            self.flush_stack()?;
            if let Some(rdepth) = form.cached {
                self.emit(sp_cell(MemOp::Str, INDEX, 4 * rdepth))?;
            }
            let onward = self.code(|c| c.forward(Cond::Al))?;
            let m = &*self.machine;
            let len = if m.code.thumb2() { 4 } else { 2 };
            let existing = m.read(orig, len)?;
            let bytes =
                emit::resolve(m.profile, orig, &existing, stub).map_err(|e| self.emit_err(e))?;
            self.machine.poke(orig, &bytes)?;
            let stack = &mut self.machine.stack;
            let at = (0..stack.len().saturating_sub(1)).rev().find(|&i| {
                stack[i] == orig
                    && Opener::from_tag(stack[i + 1]).is_some_and(|o| Opener::ORIG.contains(&o))
            });
            if let Some(i) = at {
                stack[i] = onward;
            }
            self.locals_orig_moved(orig, onward);
        }
        self.def_mut().stack = crate::vstack::VStack::canonical();
        self.patch_orig(skip)
    }

    /// A control-structure word in the source.
    pub fn control(&mut self, intr: Intrinsic) -> Result<(), Diagnostic> {
        self.record(Replay::Control(intr));
        self.muted(|c| c.control_body(intr))
    }

    /// The control-structure words, compiled.
    pub(super) fn control_body(&mut self, intr: Intrinsic) -> Result<(), Diagnostic> {
        use Intrinsic::*;
        match intr {
            If => self.cf_if(),
            Else => self.cf_else(),
            Then => self.cf_then(),
            Ahead => self.cf_ahead(),
            Begin => self.cf_begin(),
            Until => self.cf_until(),
            Again => self.cf_again(),
            While => self.cf_while(),
            Repeat => self.cf_repeat(),
            Do => self.cf_do(false),
            QDo => self.cf_do(true),
            Loop => self.cf_loop(false),
            PlusLoop => self.cf_loop(true),
            Leave => self.emit_leave(),
            Exit => self.compile_exit(),
            Case => {
                self.cf_case();
                Ok(())
            }
            Of => self.cf_of(),
            Endof => self.cf_endof(),
            Endcase => self.cf_endcase(),
            _ => unreachable!("not a control-structure word"),
        }
    }

    pub fn cf_then(&mut self) -> Result<(), Diagnostic> {
        self.close_orig("then", true)
    }

    fn close_orig(&mut self, closer: &str, falls_through: bool) -> Result<(), Diagnostic> {
        let (orig, _) = self.pop_cs(closer, Opener::ORIG)?;
        self.resolve_orig(orig, falls_through)
    }

    pub fn cf_else(&mut self) -> Result<(), Diagnostic> {
        let (orig, _) = self.pop_cs("else", Opener::ORIG)?;
        let form = self.jump_form()?;
        let ahead = self.forward_with(Cond::Al, form)?;
        self.push_cs(ahead, Opener::Else);
        self.resolve_orig(orig, false)
    }

    pub fn cf_begin(&mut self) -> Result<(), Diagnostic> {
        self.prepare_emit()?;
        self.push_cs(self.machine.here(), Opener::Begin);
        Ok(())
    }

    pub fn cf_until(&mut self) -> Result<(), Diagnostic> {
        let (dest, _) = self.pop_cs("until", Opener::DEST)?;
        let (when_false, _) = self.test_flag(false)?;
        self.code(|c| c.branch_to(dest, when_false))
    }

    pub fn cf_again(&mut self) -> Result<(), Diagnostic> {
        self.branch_back("again")
    }

    fn branch_back(&mut self, closer: &str) -> Result<(), Diagnostic> {
        let (dest, _) = self.pop_cs(closer, Opener::DEST)?;
        self.prepare_emit()?;
        self.code(|c| c.branch_to(dest, Cond::Al))?;
        self.def_mut().unreachable = true;
        Ok(())
    }

    pub fn cf_while(&mut self) -> Result<(), Diagnostic> {
        let (dest, _) = self.pop_cs("while", Opener::DEST)?;
        let (when_false, form) = self.test_flag(true)?;
        let orig = self.forward_with(when_false, form)?;
        self.push_cs(orig, Opener::While);
        self.push_cs(dest, Opener::Begin);
        Ok(())
    }

    pub fn cf_repeat(&mut self) -> Result<(), Diagnostic> {
        self.branch_back("repeat")?;
        self.close_orig("repeat", false)
    }

    /// `do` and `?do`: the return stack gets the leave address, the limit and
    /// the index (index on top); do-sys is (leave literal, loop start).
    pub fn cf_do(&mut self, check: bool) -> Result<(), Diagnostic> {
        if self.loops_in_registers() {
            return self.do_in_registers(check);
        }
        if self.machine.bindings.optimize {
            self.index_and_limit_into_r1_r2()?;
        } else {
            self.prepare_emit()?;
            self.code(|c| c.pop_into(Reg::R2))?;
            self.emit(mov(false, Reg::R1, TOS))?;
            self.code(|c| c.pop_tos())?;
        }
        let lit = self.code(|c| c.inline_literal(Reg::R3, 0))?;
        self.emit(Insn::Push(RegList::of(&[Reg::R1, Reg::R2, Reg::R3])))?;
        if check {
            // Equal limit and index (still in r1 and r2): leave at once.
            self.emit(cmp(Reg::R1, Reg::R2))?;
            let skip = self.code(|c| c.forward(Cond::Ne))?;
            self.leave_through_frame()?;
            self.patch_orig(skip)?;
        }
        let entry = self.machine.here();
        self.open_do_sys(lit, entry, check);
        Ok(())
    }

    /// The do-sys (leave literal, entry) on the build's data stack; code
    /// follows the loop's head.
    fn open_do_sys(&mut self, lit: u32, entry: u32, check: bool) {
        if let Some(d) = self.def.as_mut() {
            d.unreachable = false;
        }
        self.machine.stack.push(lit);
        let opener = if check { Opener::QDo } else { Opener::Do };
        self.push_cs(entry, opener);
    }

    /// Puts each value in its register at once (`busy` holds values that
    /// must survive): moves first, then constants.
    fn place(&mut self, pairs: [(Val, Reg); 2], busy: &[Reg]) -> Result<(), Diagnostic> {
        let mut moves = Vec::new();
        let mut loads = Vec::new();
        for (v, dst) in pairs {
            match v {
                Val::Reg(src) if src == dst => {}
                Val::Reg(src) => moves.push((src, dst)),
                Val::Imm(n) => loads.push((n, dst)),
                _ => unreachable!("taken items are settled"),
            }
        }
        self.parallel_move(moves, busy)?;
        for (n, dst) in loads {
            self.code(|c| c.load_imm(dst, n))?;
        }
        Ok(())
    }

    /// `do` and `?do` with the index and limit in r12 and lr and up to two
    /// more stack items kept in registers through the loop (its form).
    ///
    /// The do-sys names an entry that comes from the canonical form: it
    /// loads the registers from the frame and the form from memory, so a
    /// `loop` the host did not compile may branch back there. The host's
    /// own `loop` branches to the head after it, in the form; the leave
    /// address (in the canonical form, as `leave` and code the host did not
    /// compile reach it) goes through the same conversion.
    fn do_in_registers(&mut self, check: bool) -> Result<(), Diagnostic> {
        let index = self.take(&[])?;
        let limit = self.take(&regs_of(index))?;
        let keep: Vec<Reg> = [index, limit].iter().flat_map(|v| regs_of(*v)).collect();
        self.kill_loop_cache()?;
        while self.held().items.len() > 2 {
            self.spill_deepest(&keep)?;
        }
        let form = self.label_form(&keep)?;
        // Index and limit straight into r12 and lr; the frame is the leave
        // address pushed, then both stored below it at once.
        self.place([(index, INDEX), (limit, LIMIT)], &form)?;
        let rc = super::stack::POOL
            .iter()
            .copied()
            .find(|r| !form.contains(r))
            .expect("a form holds at most two registers");
        let lit = self.code(|c| c.inline_literal(rc, 0))?;
        self.emit(Insn::Push(RegList::of(&[rc])))?;
        self.emit(Insn::Dual {
            load: false,
            rt: INDEX,
            rt2: LIMIT,
            addr: Addr::PreIndex {
                rn: Reg::SP,
                imm: -8,
            },
        })?;
        if check {
            // Equal limit and index: leave at once.
            self.emit(cmp(INDEX, LIMIT))?;
            let skip = self.code(|c| c.forward(Cond::Ne))?;
            self.leave_through_frame()?;
            self.patch_orig(skip)?;
            self.def_mut().stack.items = form.iter().map(|&r| Val::Reg(r)).collect();
        }
        let skip_entry = self.code(|c| c.forward(Cond::Al))?;
        let entry = self.machine.here();
        self.emit(sp_cell(MemOp::Ldr, INDEX, 0))?;
        self.emit(sp_cell(MemOp::Ldr, LIMIT, 4))?;
        self.def_mut().stack = crate::vstack::VStack::canonical();
        self.reconcile(&form)?;
        self.patch_orig(skip_entry)?;
        let head = self.machine.here();
        self.def_mut().loops.push(LoopCache {
            entry,
            head,
            valid: true,
            rdepth: 0,
            form,
            leaves: Vec::new(),
        });
        self.open_do_sys(lit, entry, check);
        Ok(())
    }

    /// Takes a do-loop's index and limit off the stack into r1 and r2,
    /// straight from where they are held, and puts the rest in place.
    fn index_and_limit_into_r1_r2(&mut self) -> Result<(), Diagnostic> {
        let index = self.take(&[])?;
        let limit = self.take(&regs_of(index))?;
        let mut pair = [index, limit];
        if !self.held().is_canonical() && pair.iter().any(|v| v.regs().contains(&Some(TOS))) {
            // Putting the rest in place writes r6: move them out of it.
            let keep: Vec<Reg> = pair.iter().flat_map(|v| regs_of(*v)).collect();
            let t = self.fresh(&keep)?;
            self.emit(mov(false, t, TOS))?;
            for v in pair.iter_mut() {
                *v = v.renamed(TOS, t);
            }
        }
        let keep: Vec<Reg> = pair.iter().flat_map(|v| regs_of(*v)).collect();
        self.prepare_emit_avoiding(&keep)?;
        self.place(
            [(pair[0], Reg::R1), (pair[1], Reg::R2)],
            &[Reg::R1, Reg::R2, TOS],
        )
    }

    fn loop_index_and_limit(&mut self) -> Result<(), Diagnostic> {
        self.emit(sp_cell(MemOp::Ldr, Reg::R0, 0))?;
        self.emit(sp_cell(MemOp::Ldr, Reg::R1, 4))
    }

    /// `leave`: drop index and limit and return to the leave address.
    pub fn emit_leave(&mut self) -> Result<(), Diagnostic> {
        if let Some(cache) = self.innermost_host_loop() {
            // Straight to the loop's end, in its form.
            self.reconcile(&cache.form)?;
            self.emit(dp(DpOp::Add, false, Reg::SP, Reg::SP, Op2::Imm(12)))?;
            let orig = self.code(|c| c.forward(Cond::Al))?;
            if let Some(c) = self.def_mut().loops.last_mut() {
                c.leaves.push(orig);
            }
            self.def_mut().unreachable = true;
            return Ok(());
        }
        self.leave_through_frame()
    }

    /// `leave` by the frame's leave address, in the canonical form.
    fn leave_through_frame(&mut self) -> Result<(), Diagnostic> {
        // The frame holds the way out; the loop's registers die with it.
        self.prepare_branch()?;
        self.emit(dp(DpOp::Add, false, Reg::SP, Reg::SP, Op2::Imm(8)))?;
        self.emit(Insn::Pop(RegList::of(&[Reg::PC])))?;
        self.def_mut().unreachable = true;
        Ok(())
    }

    /// After code the host did not compile: a do-loop it opened whose
    /// do-sys is gone was closed by that code, which falls through to HERE
    /// after the loop in the canonical form. The host's `leave`s of such a
    /// loop, waiting for its end, go through a stub that puts their form
    /// in place there.
    pub fn loops_closed_elsewhere(&mut self) -> Result<(), Diagnostic> {
        let Some(def) = self.def.as_ref() else {
            return Ok(());
        };
        let depth = def.depth;
        let stack = &self.machine.stack;
        let open = |entry: u32| {
            (depth + 1..stack.len()).any(|i| {
                stack[i - 1] == entry
                    && Opener::from_tag(stack[i]).is_some_and(|o| Opener::DO_SYS.contains(&o))
            })
        };
        let closed: Vec<LoopCache> = def
            .loops
            .iter()
            .filter(|c| !open(c.entry))
            .cloned()
            .collect();
        if closed.is_empty() {
            return Ok(());
        }
        self.def_mut()
            .loops
            .retain(|c| !closed.iter().any(|x| x.entry == c.entry));
        self.prepare_emit()?;
        for cache in closed.into_iter().filter(|c| !c.leaves.is_empty()) {
            let over = self.code(|c| c.forward(Cond::Al))?;
            for &orig in &cache.leaves {
                self.patch_orig(orig)?;
            }
            self.def_mut().stack.items = cache.form.iter().map(|&r| Val::Reg(r)).collect();
            self.flush_stack()?;
            self.patch_orig(over)?;
        }
        Ok(())
    }

    /// The innermost do-loop, if the host compiled it with its registers
    /// (and no loop code the host did not compile opened inside it).
    fn innermost_host_loop(&self) -> Option<LoopCache> {
        let cache = self.loop_cache()?;
        let depth = self.def.as_ref().map_or(0, |d| d.depth);
        let stack = &self.machine.stack;
        let innermost = (depth + 1..stack.len())
            .rev()
            .find(|&i| Opener::from_tag(stack[i]).is_some_and(|o| Opener::DO_SYS.contains(&o)))?;
        (stack[innermost - 1] == cache.entry).then_some(cache)
    }

    pub fn cf_loop(&mut self, plus: bool) -> Result<(), Diagnostic> {
        let (dest, _) = self.pop_cs(if plus { "+loop" } else { "loop" }, Opener::DO_SYS)?;
        let lit = self
            .machine
            .stack
            .pop()
            .expect("a do-sys holds its leave literal");
        let found = self
            .def
            .as_ref()
            .and_then(|d| d.loops.iter().rposition(|c| c.entry == dest));
        if let Some(at) = found {
            // Loops above it were closed by code the host did not compile.
            self.def_mut().loops.truncate(at + 1);
            return self.cached_loop(plus, dest, lit);
        }
        self.prepare_emit()?;
        self.loop_index_and_limit()?;
        if plus {
            self.plus_loop_step(dest)?;
        } else {
            self.emit(dp(DpOp::Add, true, Reg::R0, Reg::R0, Op2::Imm(1)))?;
            self.emit(sp_cell(MemOp::Str, Reg::R0, 0))?;
            self.emit(cmp(Reg::R0, Reg::R1))?;
            self.code(|c| c.branch_to(dest, Cond::Ne))?;
        }
        self.emit(dp(DpOp::Add, false, Reg::SP, Reg::SP, Op2::Imm(12)))?;
        let leave = self.machine.here() | 1;
        self.machine.poke(lit, &leave.to_le_bytes())?;
        Ok(())
    }

    /// `loop` and `+loop` of a loop whose head expects its index and limit
    /// in r12 and lr: the frame is at SP (as the standard requires there).
    fn cached_loop(&mut self, plus: bool, dest: u32, lit: u32) -> Result<(), Diagnostic> {
        let cache = self.loop_cache().expect("found above");
        let mut skip_leave = None;
        if plus {
            // In memory, back to the entry, which reloads the registers;
            // the way out is the canonical form, as `leave`'s.
            self.prepare_emit()?;
            self.loop_index_and_limit()?;
            self.plus_loop_step(dest)?;
            self.def_mut().loops.pop();
            self.emit(dp(DpOp::Add, false, Reg::SP, Reg::SP, Op2::Imm(12)))?;
        } else {
            self.reconcile(&cache.form)?;
            self.def_mut().unreachable = false;
            self.reload_loop_cache(0)?;
            self.emit(dp(DpOp::Add, false, INDEX, INDEX, Op2::Imm(1)))?;
            self.emit(cmp(INDEX, LIMIT))?;
            self.code(|c| c.branch_to(cache.head, Cond::Ne))?;
            self.def_mut().loops.pop();
            self.emit(dp(DpOp::Add, false, Reg::SP, Reg::SP, Op2::Imm(12)))?;
            if cache.form != [TOS] {
                skip_leave = Some(self.code(|c| c.forward(Cond::Al))?);
            }
        }
        // The leave address: from the canonical form into the loop's form.
        let leave = self.machine.here() | 1;
        self.machine.poke(lit, &leave.to_le_bytes())?;
        if cache.form != [TOS] {
            self.def_mut().stack = crate::vstack::VStack::canonical();
            self.reconcile(&cache.form)?;
        }
        for orig in skip_leave.into_iter().chain(cache.leaves.iter().copied()) {
            self.patch_orig(orig)?;
        }
        self.def_mut().stack.items = cache.form.iter().map(|&r| Val::Reg(r)).collect();
        if let Some(d) = self.def.as_mut() {
            d.unreachable = false;
        }
        Ok(())
    }

    /// `+loop`'s step, with index and limit in r0 and r1: back to `dest`
    /// unless the index crossed the boundary between limit-1 and limit.
    fn plus_loop_step(&mut self, dest: u32) -> Result<(), Diagnostic> {
        // V is set when index - limit crosses the 0x80000000 boundary
        // after adding n, i.e. when the loop passes limit-1/limit.
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
        self.emit(sp_cell(MemOp::Str, Reg::R0, 0))?;
        self.emit(dp(DpOp::Add, true, Reg::R2, Reg::R2, reg(TOS)))?;
        self.code(|c| c.pop_tos())?;
        self.code(|c| c.branch_to(dest, Cond::Vc))
    }

    /// `of`: ( x1 x2 -- | x1 ) continues with both dropped when equal, else
    /// jumps to the next `of` keeping x1.
    pub fn cf_case(&mut self) {
        self.push_cs(0, Opener::Case);
    }

    pub fn cf_of(&mut self) -> Result<(), Diagnostic> {
        self.peek_cs("of", Opener::CASE_ARM)?;
        self.prepare_emit()?;
        self.code(|c| c.pop_into(Reg::R0))?;
        self.emit(cmp(Reg::R0, TOS))?;
        self.emit(mov(false, TOS, Reg::R0))?;
        let orig = self.code(|c| c.forward(Cond::Ne))?;
        self.code(|c| c.pop_tos())?;
        self.push_cs(orig, Opener::Of);
        Ok(())
    }

    pub fn cf_endof(&mut self) -> Result<(), Diagnostic> {
        let (of, _) = self.pop_cs("endof", &[Opener::Of])?;
        self.prepare_emit()?;
        let orig = self.code(|c| c.forward(Cond::Al))?;
        self.push_cs(orig, Opener::Endof);
        self.resolve_here(of)
    }

    pub fn cf_endcase(&mut self) -> Result<(), Diagnostic> {
        self.peek_cs("endcase", Opener::CASE_ARM)?;
        self.prepare_emit()?;
        self.code(|c| c.pop_tos())?;
        loop {
            let (orig, opener) = self.pop_cs("endcase", Opener::CASE_ARM)?;
            if opener == Opener::Case {
                return Ok(());
            }
            self.resolve_here(orig)?;
        }
    }
}
