//! Keeping the held-back stack items ([`crate::vstack`]) in registers:
//! taking items off it (from memory when none are held), finding free
//! registers, computing lazy items, and putting the stack back into the
//! ABI's canonical form (top in r6, the rest in memory) at boundaries.

use thumb::{Addr, Cond, DpOp, Insn, MemOp, MovOp, Op2, Reg, RegList, Shifted};

use crate::diag::Diagnostic;
use crate::emit::{DSP, TOS};
use crate::vstack::{Opd, Test, VStack, Val};

use super::Compiler;

/// The registers items may live in, in the order they are handed out:
/// r0-r3 are scratch between calls and r6 is where the top item goes.
pub(super) const POOL: [Reg; 5] = [Reg::R3, Reg::R2, Reg::R1, Reg::R0, Reg::R6];

pub(super) fn reg(r: Reg) -> Op2 {
    Op2::Reg(Shifted::plain(r))
}

/// `mov rd, rm` in the form that leaves the flags alone on every profile.
pub(super) fn mov_reg(rd: Reg, rm: Reg) -> Insn {
    Insn::Mov {
        op: MovOp::Mov,
        s: false,
        rd,
        op2: reg(rm),
    }
}

impl Compiler<'_> {
    fn vs(&mut self) -> &mut VStack {
        &mut self.def_mut().stack
    }

    pub(super) fn held(&self) -> &VStack {
        &self.def.as_ref().expect("compiling").stack
    }

    /// A register no held item uses and not in `avoid`; the deepest items
    /// go to memory until one is free.
    pub(super) fn fresh(&mut self, avoid: &[Reg]) -> Result<Reg, Diagnostic> {
        loop {
            if let Some(r) = self.free_reg(avoid) {
                return Ok(r);
            }
            self.spill_deepest(avoid)?;
        }
    }

    /// Stores the deepest held item to memory.
    pub(super) fn spill_deepest(&mut self, avoid: &[Reg]) -> Result<(), Diagnostic> {
        let v = self.vs().items.remove(0);
        match v {
            Val::Reg(r) => self.push_mem(&[r]),
            Val::Imm(n) => {
                // Every pool register is busy: borrow one around the store.
                let r = POOL
                    .iter()
                    .copied()
                    .find(|r| !avoid.contains(r))
                    .expect("the pool is larger than any avoid list");
                self.emit(Insn::Push(RegList::of(&[r])))?;
                self.code(|c| c.load_imm(r, n))?;
                self.push_mem(&[r])?;
                self.emit(Insn::Pop(RegList::of(&[r])))
            }
            lazy => {
                self.vs().items.insert(0, lazy);
                let r = self.compute(lazy, avoid)?;
                self.vs().items[0] = Val::Reg(r);
                Ok(())
            }
        }
    }

    /// Pushes registers to the memory stack, deepest first.
    fn push_mem(&mut self, regs: &[Reg]) -> Result<(), Diagnostic> {
        if regs.is_empty() {
            return Ok(());
        }
        let thumb2 = self.machine.code.thumb2();
        // stmdb stores the lowest register at the lowest address, which is
        // the shallowest item.
        let descending = regs.windows(2).all(|w| w[0].num() > w[1].num());
        if thumb2 && regs.len() > 1 && descending {
            return self.emit(Insn::Multi {
                load: false,
                db: true,
                rn: DSP,
                wback: true,
                regs: RegList::of(regs),
            });
        }
        if thumb2 {
            for &r in regs {
                self.emit(mem(MemOp::Str, r, Addr::PreIndex { rn: DSP, imm: -4 }))?;
            }
            return Ok(());
        }
        let n = regs.len() as i32;
        self.emit(Insn::Dp {
            op: DpOp::Sub,
            s: true,
            rd: DSP,
            rn: DSP,
            op2: Op2::Imm(4 * n as u32),
        })?;
        for (k, &r) in regs.iter().enumerate() {
            let at = 4 * (n - 1 - k as i32);
            self.emit(mem(MemOp::Str, r, Addr::Offset { rn: DSP, imm: at }))?;
        }
        Ok(())
    }

    /// Takes the top item, from memory (into a register not in `avoid`)
    /// if none is held. A lazy item is computed first.
    pub(super) fn take(&mut self, avoid: &[Reg]) -> Result<Val, Diagnostic> {
        self.settle_top()?;
        if let Some(v) = self.vs().items.pop() {
            return Ok(v);
        }
        let r = self.fresh(avoid)?;
        self.code(|c| c.pop_into(r))?;
        Ok(Val::Reg(r))
    }

    /// Takes the top item as it is, lazy or not. Nothing may allocate a
    /// register before the item is used or put back.
    pub(super) fn take_lazy(&mut self) -> Result<Val, Diagnostic> {
        match self.vs().items.pop() {
            Some(v) => Ok(v),
            None => self.take(&[]),
        }
    }

    /// Drops the top item without looking at it.
    pub(super) fn discard(&mut self) -> Result<(), Diagnostic> {
        if self.vs().items.pop().is_none() {
            self.emit(Insn::Dp {
                op: DpOp::Add,
                s: true,
                rd: DSP,
                rn: DSP,
                op2: Op2::Imm(4),
            })?;
        }
        Ok(())
    }

    /// Holds at least `n` items, loading the missing ones from memory.
    pub(super) fn hold(&mut self, n: usize) -> Result<(), Diagnostic> {
        self.settle_top()?;
        while self.held().items.len() < n {
            let r = self.fresh(&[])?;
            self.code(|c| c.pop_into(r))?;
            self.vs().items.insert(0, Val::Reg(r));
        }
        Ok(())
    }

    /// A copy of the item `k` below the top, loaded from memory if not held.
    pub(super) fn copy_of(&mut self, k: usize) -> Result<Val, Diagnostic> {
        self.settle_top()?;
        if let Some(v) = self.held().peek(k) {
            return Ok(v);
        }
        let r = self.fresh(&[])?;
        // After `fresh`, which may have moved held items to memory.
        let off = 4 * (k - self.held().items.len()) as i32;
        self.emit(mem(MemOp::Ldr, r, Addr::Offset { rn: DSP, imm: off }))?;
        Ok(Val::Reg(r))
    }

    /// Puts `v` on top. A lazy item below it is computed first, so that
    /// lazy items are only ever on top.
    pub(super) fn put(&mut self, v: Val) -> Result<(), Diagnostic> {
        let keep: Vec<Reg> = v.regs().iter().flatten().copied().collect();
        self.settle_top_avoiding(&keep)?;
        self.vs().items.push(v);
        Ok(())
    }

    /// A lazy top item computed straight into r6, where the canonical form
    /// wants it, when nothing below holds r6.
    fn lazy_top_into_tos(&mut self, avoid: &[Reg]) -> Result<(), Diagnostic> {
        let Some(v) = self.held().top().filter(|v| v.lazy()) else {
            return Ok(());
        };
        let n = self.held().items.len();
        let below_uses_tos = self.held().items[..n - 1]
            .iter()
            .any(|x| x.regs().contains(&Some(TOS)));
        let thumb2 = self.machine.code.thumb2();
        let fits = match v {
            Val::Sum(..) => true,
            Val::And(a, b) => {
                a == TOS || (thumb2 && b != Opd::Reg(TOS)) || !v.regs().contains(&Some(TOS))
            }
            _ => !v.regs().contains(&Some(TOS)),
        };
        if below_uses_tos || avoid.contains(&TOS) || !fits {
            return Ok(());
        }
        self.compute_into(v, TOS)?;
        *self.vs().items.last_mut().expect("has a top") = Val::Reg(TOS);
        Ok(())
    }

    /// Computes a lazy top item into a register.
    pub(super) fn settle_top(&mut self) -> Result<(), Diagnostic> {
        self.settle_top_avoiding(&[])
    }

    /// [`Self::settle_top`] into a register not in `avoid` (the registers
    /// of a value about to be put on top).
    fn settle_top_avoiding(&mut self, avoid: &[Reg]) -> Result<(), Diagnostic> {
        if let Some(v) = self.held().top().filter(|v| v.lazy()) {
            let n = self.held().items.len();
            let below = &self.held().items[..n - 1];
            // A mask's register, when nothing else holds it, takes the result.
            let free = |r: Reg| {
                POOL.contains(&r)
                    && !avoid.contains(&r)
                    && !below.iter().any(|x| x.regs().contains(&Some(r)))
            };
            // An operand's register, when nothing else holds it, takes the result.
            let reuse = match v {
                Val::And(a, b) if free(a) && b != Opd::Reg(a) => Some(a),
                Val::Sum(a, _) if free(a) => Some(a),
                Val::Sum(_, b) if free(b) => Some(b),
                _ => None,
            };
            let r = match reuse {
                Some(r) => {
                    self.compute_into(v, r)?;
                    r
                }
                None => self.compute(v, avoid)?,
            };
            *self.vs().items.last_mut().expect("has a top") = Val::Reg(r);
        }
        Ok(())
    }

    /// `v`'s value in a register (its own when it is in one), not one of
    /// `avoid`.
    pub(super) fn in_reg(&mut self, v: Val, avoid: &[Reg]) -> Result<Reg, Diagnostic> {
        match v {
            Val::Reg(r) => Ok(r),
            _ => self.compute(v, avoid),
        }
    }

    /// Computes `v` into a fresh register.
    fn compute(&mut self, v: Val, avoid: &[Reg]) -> Result<Reg, Diagnostic> {
        let mut keep: Vec<Reg> = avoid.to_vec();
        keep.extend(v.regs().iter().flatten());
        let rd = self.fresh(&keep)?;
        self.compute_into(v, rd)?;
        Ok(rd)
    }

    /// Computes `v` into `rd`, which none of `v`'s registers may be unless
    /// `v` is a plain register, a sum or a mask's first operand.
    fn compute_into(&mut self, v: Val, rd: Reg) -> Result<(), Diagnostic> {
        match v {
            Val::Imm(n) => self.code(|c| c.load_imm(rd, n)),
            Val::Reg(r) if r == rd => Ok(()),
            Val::Reg(r) => self.emit(mov_reg(rd, r)),
            Val::And(a, b) => {
                let thumb2 = self.machine.code.thumb2();
                let op2 = self.operand(b, false, &[rd, a])?;
                if !thumb2 && rd != a {
                    self.emit(mov_reg(rd, a))?;
                }
                self.emit(Insn::Dp {
                    op: DpOp::And,
                    s: !thumb2,
                    rd,
                    rn: if thumb2 { a } else { rd },
                    op2,
                })
            }
            Val::Flag(test, cond) => self.flag_into(test, cond, rd),
            Val::Sum(a, b) => self.emit(Insn::Dp {
                op: DpOp::Add,
                s: true,
                rd,
                rn: a,
                op2: reg(b),
            }),
        }
    }

    /// rd = -1 when `cond` holds after `test`, else 0.
    fn flag_into(&mut self, test: Test, cond: Cond, rd: Reg) -> Result<(), Diagnostic> {
        if let (Test::Cmp(a, b), Cond::Cc) = (test, cond) {
            // Borrow: rd - rd - !C is -1 exactly when a < b unsigned.
            self.emit_test(Test::Cmp(a, b), &[rd])?;
            return self.emit(Insn::Dp {
                op: DpOp::Sbc,
                s: true,
                rd,
                rn: rd,
                op2: reg(rd),
            });
        }
        self.code(|c| c.load_imm(rd, 0))?;
        self.emit_test(test, &[rd])?;
        let skip = self.machine.here() + 4;
        let inv = cond.invert().expect("a real condition");
        self.code(|c| c.branch_to(skip, inv))?;
        self.emit(Insn::Mov {
            op: MovOp::Mvn,
            s: true,
            rd,
            op2: reg(rd),
        })
    }

    /// `cmp` or `tst`; a constant that does not fit is loaded into a
    /// register that is not one of `avoid`.
    pub(super) fn emit_test(&mut self, test: Test, avoid: &[Reg]) -> Result<(), Diagnostic> {
        let (op, a, b, cmp) = match test {
            Test::Cmp(a, b) => (thumb::CmpOp::Cmp, a, b, true),
            Test::Tst(a, b) => (thumb::CmpOp::Tst, a, b, false),
        };
        let mut keep = avoid.to_vec();
        keep.push(a);
        let op2 = self.operand(b, cmp, &keep)?;
        self.emit(Insn::Cmp { op, rn: a, op2 })
    }

    /// `b` as the second operand of `cmp` (`cmp`) or of a logical
    /// instruction: as it is when it is a register or fits the instruction's
    /// immediate, else loaded into a register.
    pub(super) fn operand(&mut self, b: Opd, cmp: bool, avoid: &[Reg]) -> Result<Op2, Diagnostic> {
        match b {
            Opd::Reg(r) => Ok(reg(r)),
            Opd::Imm(n) if self.imm_fits(n, cmp) => Ok(Op2::Imm(n)),
            Opd::Imm(n) => {
                let r = self.fresh(avoid)?;
                self.code(|c| c.load_imm(r, n))?;
                Ok(reg(r))
            }
        }
    }

    /// Whether `n` is an immediate `cmp` (`cmp`) or a logical instruction
    /// takes on this profile: ARMv6-M's logical instructions take none.
    pub(super) fn imm_fits(&self, n: u32, cmp: bool) -> bool {
        if self.machine.code.thumb2() {
            thumb::encode_modified_imm(n).is_some()
        } else {
            cmp && n < 256
        }
    }

    /// A pool register no held item uses and not in `avoid`, if any.
    fn free_reg(&self, avoid: &[Reg]) -> Option<Reg> {
        POOL.iter()
            .copied()
            .find(|&r| !avoid.contains(&r) && !self.held().uses(r))
    }

    /// Puts the stack into the canonical form: the top item in r6, the rest
    /// in memory. Leaves the flags alone only if nothing was held above
    /// the top.
    pub fn flush_stack(&mut self) -> Result<(), Diagnostic> {
        self.flush_avoiding(&[])
    }

    /// [`Self::flush_stack`], leaving the registers in `avoid` (none of them
    /// r6) alone.
    pub(super) fn flush_avoiding(&mut self, avoid: &[Reg]) -> Result<(), Diagnostic> {
        let Some(def) = self.def.as_ref() else {
            return Ok(());
        };
        if def.stack.is_canonical() {
            return Ok(());
        }
        self.lazy_top_into_tos(avoid)?;
        self.settle_top()?;
        let items = std::mem::take(&mut self.vs().items);
        let Some((&top, below)) = items.split_last() else {
            self.vs().items = vec![Val::Reg(TOS)];
            return self.code(|c| c.pop_tos());
        };
        // Held while they are stored, so that a constant's load avoids them.
        self.vs().items = items.clone();
        let mut run: Vec<Reg> = Vec::new();
        for (k, &v) in below.iter().enumerate() {
            match v {
                Val::Reg(r) => run.push(r),
                _ => {
                    let n = match v {
                        Val::Imm(n) => n,
                        _ => unreachable!("only the top item is lazy"),
                    };
                    let mut protect: Vec<Reg> = run.clone();
                    protect.extend(avoid);
                    match self.free_reg(&protect) {
                        Some(r) => {
                            self.code(|c| c.load_imm(r, n))?;
                            run.push(r);
                        }
                        None => {
                            self.push_mem(&std::mem::take(&mut run))?;
                            self.vs().items = items[k..].to_vec();
                            self.spill_deepest(avoid)?;
                        }
                    }
                }
            }
            self.vs().items = [
                run.iter().map(|&r| Val::Reg(r)).collect(),
                items[k + 1..].to_vec(),
            ]
            .concat();
        }
        self.push_mem(&run)?;
        self.compute_into(top, TOS)?;
        self.vs().items = vec![Val::Reg(TOS)];
        Ok(())
    }
}

pub(super) fn mem(op: MemOp, rt: Reg, addr: Addr) -> Insn {
    Insn::Mem { op, rt, addr }
}

/// Branch targets inside a definition: the form the held-back stack has
/// when a forward branch is taken, so that the code at its target can
/// start from it instead of from the canonical form.
impl Compiler<'_> {
    /// Brings the held items into a form a branch target can be entered in:
    /// each in its own pool register (not one of `avoid`), none a constant
    /// or lazy. Returns the registers, deepest first.
    pub(super) fn label_form(&mut self, avoid: &[Reg]) -> Result<Vec<Reg>, Diagnostic> {
        self.settle_top_avoiding(avoid)?;
        // From the top down: `fresh` may move the deepest items to memory.
        let mut t = 0;
        while t < self.held().items.len() {
            let k = self.held().items.len() - 1 - t;
            let v = self.held().items[k];
            let unique = match v {
                Val::Reg(r) => POOL.contains(&r) && !self.held().items[..k].contains(&v),
                _ => false,
            };
            if !unique {
                let r = self.fresh(avoid)?;
                let len = self.held().items.len();
                if t >= len {
                    // `fresh` stored this item (and all below it) to memory.
                    break;
                }
                let k = len - 1 - t;
                self.compute_into(v, r)?;
                self.vs().items[k] = Val::Reg(r);
            }
            t += 1;
        }
        Ok(self
            .held()
            .items
            .iter()
            .map(|v| match v {
                Val::Reg(r) => *r,
                _ => unreachable!("made registers above"),
            })
            .collect())
    }

    /// Brings the held items into `form` (from [`Self::label_form`]): as
    /// many items held as it has registers, each in its register.
    pub(super) fn reconcile(&mut self, form: &[Reg]) -> Result<(), Diagnostic> {
        self.reconcile_avoiding(form, &[])
    }

    /// [`Self::reconcile`], leaving the registers in `avoid` alone.
    pub(super) fn reconcile_avoiding(
        &mut self,
        form: &[Reg],
        avoid: &[Reg],
    ) -> Result<(), Diagnostic> {
        self.settle_top_avoiding(avoid)?;
        let k = form.len();
        while self.held().items.len() > k {
            self.spill_deepest(avoid)?;
        }
        while self.held().items.len() < k {
            let r = self.fresh(avoid)?;
            self.code(|c| c.pop_into(r))?;
            self.vs().items.insert(0, Val::Reg(r));
        }
        let items = self.held().items.clone();
        let mut moves: Vec<(Reg, Reg)> = Vec::new();
        let mut loads: Vec<(u32, Reg)> = Vec::new();
        for (&v, &dst) in items.iter().zip(form) {
            match v {
                Val::Reg(src) if src == dst => {}
                Val::Reg(src) => moves.push((src, dst)),
                Val::Imm(n) => loads.push((n, dst)),
                _ => unreachable!("settled"),
            }
        }
        let busy: Vec<Reg> = form.iter().chain(avoid).copied().collect();
        self.parallel_move(moves, &busy)?;
        for (n, dst) in loads {
            self.code(|c| c.load_imm(dst, n))?;
        }
        self.vs().items = form.iter().map(|&r| Val::Reg(r)).collect();
        Ok(())
    }

    /// Register moves that happen at once: a move waits while its
    /// destination is still to be read. A cycle is broken through a pool
    /// register none of `busy` or the moves uses or, failing one, through
    /// the return stack (r12 may hold a loop index).
    pub(super) fn parallel_move(
        &mut self,
        mut moves: Vec<(Reg, Reg)>,
        busy: &[Reg],
    ) -> Result<(), Diagnostic> {
        // Values parked on the return stack, each with the registers it goes to.
        let mut parked: Vec<Vec<Reg>> = Vec::new();
        while !moves.is_empty() {
            let ready = moves
                .iter()
                .position(|&(_, dst)| !moves.iter().any(|&(src, _)| src == dst));
            if let Some(i) = ready {
                let (src, dst) = moves.remove(i);
                self.emit(mov_reg(dst, src))?;
                continue;
            }
            let (src, _) = moves[0];
            let spare = POOL
                .iter()
                .copied()
                .find(|&r| !busy.contains(&r) && !moves.iter().any(|&(a, b)| a == r || b == r));
            match spare {
                Some(t) => {
                    self.emit(mov_reg(t, src))?;
                    for m in moves.iter_mut().filter(|m| m.0 == src) {
                        m.0 = t;
                    }
                }
                None => {
                    self.emit(Insn::Push(RegList::of(&[src])))?;
                    parked.push(moves.iter().filter(|m| m.0 == src).map(|m| m.1).collect());
                    moves.retain(|m| m.0 != src);
                }
            }
        }
        for dsts in parked.iter().rev() {
            let (&first, rest) = dsts
                .split_first()
                .expect("a parked value has a destination");
            self.emit(Insn::Pop(RegList::of(&[first])))?;
            for &dst in rest {
                self.emit(mov_reg(dst, first))?;
            }
        }
        Ok(())
    }
}
