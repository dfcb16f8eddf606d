//! The primitives ([`crate::prim`]) compiled on the held-back stack: stack
//! shuffles move no data, arithmetic works on registers and constants
//! (computed outright when both operands are known), comparisons become
//! flags a branch tests directly. Each computes exactly what its code word
//! in `forth/kernel/prims.fs` computes.

use thumb::{Addr, Cond, DpOp, Insn, MemOp, Op2, Reg, RegList, ShiftBy, ShiftOp};

use crate::diag::Diagnostic;
use crate::prim::{BinOp, CmpKind, Prim, UnOp, Width};
use crate::vstack::{Opd, Test, Val};

use super::stack::{mem, mov_reg, reg};
use super::Compiler;

fn regs_of(v: Val) -> Vec<Reg> {
    v.regs().iter().flatten().copied().collect()
}

fn flag(b: bool) -> u32 {
    if b {
        u32::MAX
    } else {
        0
    }
}

impl Compiler<'_> {
    pub(super) fn compile_prim(&mut self, p: Prim) -> Result<(), Diagnostic> {
        match p {
            Prim::Dup => {
                let v = self.copy_of(0)?;
                self.put(v)
            }
            Prim::Drop => self.discard(),
            Prim::Swap => self.permute(2, &[1, 0]),
            Prim::Over => {
                let v = self.copy_of(1)?;
                self.put(v)
            }
            Prim::Rot => self.permute(3, &[1, 2, 0]),
            Prim::MinusRot => self.permute(3, &[2, 0, 1]),
            Prim::Nip => {
                let top = self.take(&[])?;
                self.discard()?;
                self.put(top)
            }
            Prim::Tuck => {
                self.permute(2, &[1, 0])?;
                let v = self.copy_of(1)?;
                self.put(v)
            }
            Prim::TwoDup => {
                let a = self.copy_of(1)?;
                self.put(a)?;
                let b = self.copy_of(1)?;
                self.put(b)
            }
            Prim::TwoDrop => {
                self.discard()?;
                self.discard()
            }
            Prim::Pick => {
                let Val::Imm(k) = self.take_lazy()? else {
                    unreachable!("compiled as the code word unless the index is known")
                };
                let v = self.copy_of(k as usize)?;
                self.put(v)
            }
            Prim::Bin(op) => self.binary(op),
            Prim::Unary(op) => self.unary(op),
            Prim::Compare(kind) => self.compare(kind),
            Prim::ZeroEq | Prim::ZeroNe | Prim::ZeroLt | Prim::ZeroGt => self.zero_compare(p),
            Prim::Fetch(w) => self.fetch(w),
            Prim::Store(w) => self.store(w),
            Prim::PlusStore => self.plus_store(),
            Prim::ToR => {
                let v = self.take(&[])?;
                let r = match self.in_reg(v, &[])? {
                    r if super::stack::POOL.contains(&r) => r,
                    high => {
                        let r = self.fresh(&[])?;
                        self.emit(mov_reg(r, high))?;
                        r
                    }
                };
                self.emit(Insn::Push(RegList::of(&[r])))?;
                self.track_rstack(p);
                Ok(())
            }
            Prim::RFrom => {
                let rd = self.fresh(&[])?;
                self.emit(Insn::Pop(RegList::of(&[rd])))?;
                self.track_rstack(p);
                self.put(Val::Reg(rd))
            }
            Prim::RFetch => self.load_from_return_stack(0),
            // Read in place until the loop's registers change.
            Prim::LoopIndex(0) if self.loop_cache().is_some_and(|c| c.valid) => {
                self.put(Val::Reg(super::loops::INDEX))
            }
            Prim::LoopIndex(off) => self.load_from_return_stack(off),
        }
    }

    /// Reorders the top `n` items: `order[k]` is the old position (from
    /// the deepest of them) of the item that ends at position k.
    fn permute(&mut self, n: usize, order: &[usize]) -> Result<(), Diagnostic> {
        self.hold(n)?;
        let items = &mut self.def_mut().stack.items;
        let base = items.len() - n;
        let old: Vec<Val> = items[base..].to_vec();
        for (k, &from) in order.iter().enumerate() {
            items[base + k] = old[from];
        }
        Ok(())
    }

    pub(super) fn load_from_return_stack(&mut self, off: i32) -> Result<(), Diagnostic> {
        let rd = self.fresh(&[])?;
        self.emit(mem(
            MemOp::Ldr,
            rd,
            Addr::Offset {
                rn: Reg::SP,
                imm: off,
            },
        ))?;
        self.put(Val::Reg(rd))
    }

    /// Whether `r` is free once the operands are taken off the stack.
    fn dead(&self, r: Reg) -> bool {
        !self.held().uses(r)
    }

    /// The register a result goes in: one of the operands' when it dies
    /// here (r6 first, where a top item ends up), else a fresh one.
    fn result_reg(&mut self, candidates: &[Reg], avoid: &[Reg]) -> Result<Reg, Diagnostic> {
        // Only pool registers: r12 may be a loop's index, read in place.
        let dead: Vec<Reg> = candidates
            .iter()
            .copied()
            .filter(|&r| super::stack::POOL.contains(&r) && self.dead(r))
            .collect();
        if let Some(&r) = dead.iter().find(|&&r| r == Reg::R6).or(dead.first()) {
            return Ok(r);
        }
        self.fresh(avoid)
    }

    fn binary(&mut self, op: BinOp) -> Result<(), Diagnostic> {
        let b = self.take(&[])?;
        let a = self.take(&regs_of(b))?;
        let (a, b) = match (a, b) {
            (Val::Imm(x), Val::Imm(y)) => return self.put(Val::Imm(op.eval(x, y))),
            (Val::Imm(_), _) if op.commutes() => (b, a),
            _ => (a, b),
        };
        let ra = self.in_reg(a, &regs_of(b))?;
        if op == BinOp::And {
            // Computed when used: `x 1 and if` is one `tst`.
            let mask = match b {
                Val::Imm(n) if self.imm_fits(n, false) => Opd::Imm(n),
                _ => Opd::Reg(self.in_reg(b, &[ra])?),
            };
            return self.put(Val::And(ra, mask));
        }
        match b {
            Val::Imm(n) => self.binary_imm(op, ra, n),
            _ => {
                let rb = self.in_reg(b, &[ra])?;
                if op == BinOp::Add {
                    // Computed when used: `a i + c@` is one load.
                    return self.put(Val::Sum(ra, rb));
                }
                self.binary_reg(op, ra, rb)
            }
        }
    }

    /// `ra <op> n` with n known.
    fn binary_imm(&mut self, op: BinOp, ra: Reg, n: u32) -> Result<(), Diagnostic> {
        let shift = |s| (s, n & 0xff);
        let (sop, by) = match op {
            BinOp::Add => return self.add_imm(ra, n),
            BinOp::Sub => return self.add_imm(ra, n.wrapping_neg()),
            BinOp::Mul if n.is_power_of_two() => (ShiftOp::Lsl, n.trailing_zeros()),
            BinOp::Lshift => shift(ShiftOp::Lsl),
            BinOp::Rshift => shift(ShiftOp::Lsr),
            BinOp::Arshift => shift(ShiftOp::Asr),
            BinOp::Or | BinOp::Xor | BinOp::And if self.imm_fits(n, false) => {
                let dp = match op {
                    BinOp::Or => DpOp::Orr,
                    BinOp::Xor => DpOp::Eor,
                    _ => DpOp::And,
                };
                let rd = self.result_reg(&[ra], &[ra])?;
                self.emit(Insn::Dp {
                    op: dp,
                    s: false,
                    rd,
                    rn: ra,
                    op2: Op2::Imm(n),
                })?;
                return self.put(Val::Reg(rd));
            }
            _ => {
                let rb = self.fresh(&[ra])?;
                self.code(|c| c.load_imm(rb, n))?;
                return self.binary_reg(op, ra, rb);
            }
        };
        if by == 0 {
            return self.put(Val::Reg(ra));
        }
        if by >= 32 && sop != ShiftOp::Asr {
            return self.put(Val::Imm(0));
        }
        let rd = self.result_reg(&[ra], &[ra])?;
        self.emit(Insn::Shift {
            op: sop,
            s: true,
            rd,
            rm: ra,
            by: ShiftBy::Imm(by.min(31) as u8),
        })?;
        self.put(Val::Reg(rd))
    }

    /// `ra + n` in the shortest form.
    fn add_imm(&mut self, ra: Reg, n: u32) -> Result<(), Diagnostic> {
        if n == 0 {
            return self.put(Val::Reg(ra));
        }
        let (op, m) = if (n as i32) < 0 {
            (DpOp::Sub, n.wrapping_neg())
        } else {
            (DpOp::Add, n)
        };
        let rd = self.result_reg(&[ra], &[ra])?;
        let thumb2 = self.machine.code.thumb2();
        let narrow = (rd == ra && m < 256) || m < 8;
        if narrow {
            self.emit(Insn::Dp {
                op,
                s: true,
                rd,
                rn: ra,
                op2: Op2::Imm(m),
            })?;
        } else if thumb2 && m < 4096 {
            self.emit(Insn::AddW {
                sub: op == DpOp::Sub,
                rd,
                rn: ra,
                imm: m,
            })?;
        } else if !thumb2 && m < 256 {
            self.emit(mov_reg(rd, ra))?;
            self.emit(Insn::Dp {
                op,
                s: true,
                rd,
                rn: rd,
                op2: Op2::Imm(m),
            })?;
        } else {
            let rb = self.fresh(&[ra, rd])?;
            self.code(|c| c.load_imm(rb, n))?;
            self.emit(Insn::Dp {
                op: DpOp::Add,
                s: true,
                rd,
                rn: ra,
                op2: reg(rb),
            })?;
        }
        self.put(Val::Reg(rd))
    }

    /// `ra <op> rb`, both in registers.
    fn binary_reg(&mut self, op: BinOp, ra: Reg, rb: Reg) -> Result<(), Diagnostic> {
        let thumb2 = self.machine.code.thumb2();
        let dp = match op {
            BinOp::Add => Some(DpOp::Add),
            BinOp::Sub => Some(DpOp::Sub),
            BinOp::And => Some(DpOp::And),
            BinOp::Or => Some(DpOp::Orr),
            BinOp::Xor => Some(DpOp::Eor),
            _ => None,
        };
        let three_operand = thumb2 || matches!(op, BinOp::Add | BinOp::Sub);
        // Two-operand forms write their first source; a commutative
        // operation may take either.
        let (ra, rb) = if !three_operand && op.commutes() && !self.dead(ra) && self.dead(rb) {
            (rb, ra)
        } else {
            (ra, rb)
        };
        let rd = if three_operand {
            self.result_reg(&[ra, rb], &[ra, rb])?
        } else {
            self.result_reg(&[ra], &[ra, rb])?
        };
        let rn = if three_operand {
            ra
        } else {
            if rd != ra {
                self.emit(mov_reg(rd, ra))?;
            }
            rd
        };
        let insn = match (dp, op) {
            (Some(dp), _) => Insn::Dp {
                op: dp,
                s: true,
                rd,
                rn,
                op2: reg(rb),
            },
            // Only the 16-bit form, which writes its second source, sets flags.
            (None, BinOp::Mul) => Insn::Mul {
                s: rd == rn && rb.num() < 8,
                rd,
                rn: rb,
                rm: rn,
            },
            (None, _) => Insn::Shift {
                op: match op {
                    BinOp::Lshift => ShiftOp::Lsl,
                    BinOp::Rshift => ShiftOp::Lsr,
                    _ => ShiftOp::Asr,
                },
                s: true,
                rd,
                rm: rn,
                by: ShiftBy::Reg(rb),
            },
        };
        self.emit(insn)?;
        self.put(Val::Reg(rd))
    }

    fn unary(&mut self, op: UnOp) -> Result<(), Diagnostic> {
        let v = if op == UnOp::Invert {
            self.take_lazy()?
        } else {
            self.take(&[])?
        };
        let ra = match v {
            Val::Imm(n) => return self.put(Val::Imm(op.eval(n))),
            Val::Flag(t, c) => return self.put(Val::Flag(t, invert(c))),
            _ => self.in_reg(v, &[])?,
        };
        match op {
            UnOp::OnePlus | UnOp::CharPlus => self.add_imm(ra, 1),
            UnOp::OneMinus => self.add_imm(ra, u32::MAX),
            UnOp::CellPlus => self.add_imm(ra, 4),
            UnOp::TwoStar => self.binary_imm(BinOp::Lshift, ra, 1),
            UnOp::Cells => self.binary_imm(BinOp::Lshift, ra, 2),
            UnOp::TwoSlash => self.binary_imm(BinOp::Arshift, ra, 1),
            UnOp::Invert | UnOp::Negate => {
                let rd = self.result_reg(&[ra], &[ra])?;
                self.emit(if op == UnOp::Invert {
                    Insn::Mov {
                        op: thumb::MovOp::Mvn,
                        s: true,
                        rd,
                        op2: reg(ra),
                    }
                } else {
                    Insn::Dp {
                        op: DpOp::Rsb,
                        s: true,
                        rd,
                        rn: ra,
                        op2: Op2::Imm(0),
                    }
                })?;
                self.put(Val::Reg(rd))
            }
        }
    }

    fn compare(&mut self, kind: CmpKind) -> Result<(), Diagnostic> {
        let b = self.take(&[])?;
        let a = self.take(&regs_of(b))?;
        let cond = match kind {
            CmpKind::Eq => Cond::Eq,
            CmpKind::Ne => Cond::Ne,
            CmpKind::Lt => Cond::Lt,
            CmpKind::Gt => Cond::Gt,
            CmpKind::ULt => Cond::Cc,
            CmpKind::UGt => Cond::Hi,
        };
        let (a, b, cond) = match (a, b) {
            (Val::Imm(x), Val::Imm(y)) => return self.put(Val::Imm(flag(kind.eval(x, y)))),
            (Val::Imm(_), _) => (b, a, swapped(cond)),
            _ => (a, b, cond),
        };
        let ra = self.in_reg(a, &regs_of(b))?;
        let opd = match b {
            Val::Imm(n) if self.imm_fits(n, true) => Opd::Imm(n),
            _ => Opd::Reg(self.in_reg(b, &[ra])?),
        };
        self.put(Val::Flag(Test::Cmp(ra, opd), cond))
    }

    fn zero_compare(&mut self, p: Prim) -> Result<(), Diagnostic> {
        let v = self.take_lazy()?;
        let (on_flag, on_and, cond) = match p {
            Prim::ZeroEq => (true, Some(Cond::Eq), Cond::Eq),
            Prim::ZeroNe => (false, Some(Cond::Ne), Cond::Ne),
            Prim::ZeroLt => (false, None, Cond::Lt),
            _ => (false, None, Cond::Gt),
        };
        let out = match v {
            Val::Imm(n) => Val::Imm(flag(match p {
                Prim::ZeroEq => n == 0,
                Prim::ZeroNe => n != 0,
                Prim::ZeroLt => (n as i32) < 0,
                _ => (n as i32) > 0,
            })),
            // A flag is -1 or 0: 0= inverts it, 0<> keeps it.
            Val::Flag(t, c) if p == Prim::ZeroEq || p == Prim::ZeroNe => {
                Val::Flag(t, if on_flag { invert(c) } else { c })
            }
            Val::And(a, b) if on_and.is_some() => Val::Flag(Test::Tst(a, b), cond),
            _ => {
                let r = self.in_reg(v, &[])?;
                Val::Flag(Test::Cmp(r, Opd::Imm(0)), cond)
            }
        };
        self.put(out)
    }

    /// Takes an address: a sum becomes a register-offset access.
    fn take_address(&mut self) -> Result<Val, Diagnostic> {
        match self.take_lazy()? {
            v @ Val::Sum(..) => Ok(v),
            v => Ok(Val::Reg(self.in_reg(v, &[])?)),
        }
    }

    fn address(addr: Val) -> Addr {
        match addr {
            Val::Sum(rn, rm) => Addr::Register { rn, rm, shift: 0 },
            Val::Reg(rn) => Addr::Offset { rn, imm: 0 },
            _ => unreachable!("made by take_address"),
        }
    }

    fn fetch(&mut self, w: Width) -> Result<(), Diagnostic> {
        let a = self.take_address()?;
        let rd = self.result_reg(&regs_of(a), &regs_of(a))?;
        self.emit(mem(width_op(w, true), rd, Self::address(a)))?;
        self.put(Val::Reg(rd))
    }

    fn store(&mut self, w: Width) -> Result<(), Diagnostic> {
        let addr = self.take_address()?;
        let x = self.take(&regs_of(addr))?;
        let rx = self.in_reg(x, &regs_of(addr))?;
        self.emit(mem(width_op(w, false), rx, Self::address(addr)))
    }

    fn plus_store(&mut self) -> Result<(), Diagnostic> {
        let addr = self.take(&[])?;
        let n = self.take(&regs_of(addr))?;
        let rn = self.in_reg(n, &regs_of(addr))?;
        let ra = self.in_reg(addr, &[rn])?;
        let t = self.fresh(&[rn, ra])?;
        let at = Addr::Offset { rn: ra, imm: 0 };
        self.emit(mem(MemOp::Ldr, t, at))?;
        self.emit(Insn::Dp {
            op: DpOp::Add,
            s: true,
            rd: t,
            rn: t,
            op2: reg(rn),
        })?;
        self.emit(mem(MemOp::Str, t, at))
    }
}

fn width_op(w: Width, load: bool) -> MemOp {
    match (w, load) {
        (Width::Cell, true) => MemOp::Ldr,
        (Width::Half, true) => MemOp::Ldrh,
        (Width::Byte, true) => MemOp::Ldrb,
        (Width::Cell, false) => MemOp::Str,
        (Width::Half, false) => MemOp::Strh,
        (Width::Byte, false) => MemOp::Strb,
    }
}

fn invert(c: Cond) -> Cond {
    c.invert().expect("a real condition")
}

/// The condition that holds for `cmp b, a` when `cond` holds for `cmp a, b`.
fn swapped(cond: Cond) -> Cond {
    match cond {
        Cond::Lt => Cond::Gt,
        Cond::Gt => Cond::Lt,
        Cond::Cc => Cond::Hi,
        Cond::Hi => Cond::Cc,
        c => c,
    }
}
