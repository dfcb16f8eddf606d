//! The top of the data stack as the optimizing code generator holds it
//! back inside a definition: items whose code has not been emitted, kept in
//! registers or known as constants, above the items in memory at r7.
//!
//! At every boundary the rest of the system sees (a call, a branch target,
//! an exit, code laid down by anything but the code generator) the stack is
//! put back into the ABI's canonical form: the top item in r6, the rest in
//! memory. Between boundaries, `dup 1 and if` needs no memory traffic and no
//! flag built in a register.

use thumb::{Cond, Reg};

/// An operand that is a register or a constant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Opd {
    Reg(Reg),
    Imm(u32),
}

/// What sets the flags a condition reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Test {
    /// `cmp a, b`.
    Cmp(Reg, Opd),
    /// `tst a, b`.
    Tst(Reg, Opd),
}

impl Test {
    fn regs(self) -> [Option<Reg>; 2] {
        let (Test::Cmp(a, b) | Test::Tst(a, b)) = self;
        [
            Some(a),
            match b {
                Opd::Reg(r) => Some(r),
                Opd::Imm(_) => None,
            },
        ]
    }
}

/// A stack item held back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Val {
    /// A constant not yet loaded anywhere.
    Imm(u32),
    /// A value in a register (several items may share one, after `dup`).
    Reg(Reg),
    /// A flag, -1 when `cond` holds after `test`, else 0; a branch on it
    /// needs only the test. Only ever the top item.
    Flag(Test, Cond),
    /// `a and b`, not yet computed: a branch on it is one `tst`. Only ever
    /// the top item.
    And(Reg, Opd),
    /// `a + b`, not yet computed: a fetch or store through it is one
    /// register-offset access. Only ever the top item.
    Sum(Reg, Reg),
}

impl Val {
    /// The registers the item's value depends on.
    pub fn regs(self) -> [Option<Reg>; 2] {
        match self {
            Val::Imm(_) => [None, None],
            Val::Reg(r) => [Some(r), None],
            Val::Flag(t, _) => t.regs(),
            Val::And(a, b) => Test::Tst(a, b).regs(),
            Val::Sum(a, b) => [Some(a), Some(b)],
        }
    }

    /// The same item with register `from` read as `to`.
    pub fn renamed(self, from: Reg, to: Reg) -> Val {
        let r = |x: Reg| if x == from { to } else { x };
        let o = |b: Opd| match b {
            Opd::Reg(x) => Opd::Reg(r(x)),
            imm => imm,
        };
        let t = |t: Test| match t {
            Test::Cmp(a, b) => Test::Cmp(r(a), o(b)),
            Test::Tst(a, b) => Test::Tst(r(a), o(b)),
        };
        match self {
            Val::Imm(n) => Val::Imm(n),
            Val::Reg(x) => Val::Reg(r(x)),
            Val::Flag(test, c) => Val::Flag(t(test), c),
            Val::And(a, b) => Val::And(r(a), o(b)),
            Val::Sum(a, b) => Val::Sum(r(a), r(b)),
        }
    }

    /// Computed only when used: it must stay on top (see [`VStack::push`]).
    pub fn lazy(self) -> bool {
        matches!(self, Val::Flag(..) | Val::And(..) | Val::Sum(..))
    }
}

/// The items held back, deepest first. Below them, the stack is in memory
/// from r7 up; empty means r6 holds nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VStack {
    pub items: Vec<Val>,
}

impl Default for VStack {
    fn default() -> VStack {
        VStack::canonical()
    }
}

impl VStack {
    /// The ABI's form: the top item in r6, nothing else held.
    pub fn canonical() -> VStack {
        VStack {
            items: vec![Val::Reg(Reg::R6)],
        }
    }

    pub fn is_canonical(&self) -> bool {
        self.items == [Val::Reg(Reg::R6)]
    }

    /// Whether any item's value lives in (or depends on) `r`.
    pub fn uses(&self, r: Reg) -> bool {
        self.items
            .iter()
            .any(|v| v.regs().iter().flatten().any(|&x| x == r))
    }

    pub fn top(&self) -> Option<Val> {
        self.items.last().copied()
    }

    /// The item `k` below the top (0 is the top), if held.
    pub fn peek(&self, k: usize) -> Option<Val> {
        let n = self.items.len();
        (k < n).then(|| self.items[n - 1 - k])
    }

    /// Whether all items are known constants.
    pub fn all_known(&self) -> bool {
        self.items.iter().all(|v| matches!(v, Val::Imm(_)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flag_depends_on_both_registers_it_compares() {
        let mut s = VStack::canonical();
        s.items
            .push(Val::Flag(Test::Cmp(Reg::R0, Opd::Reg(Reg::R1)), Cond::Lt));
        assert!(s.uses(Reg::R0) && s.uses(Reg::R1) && s.uses(Reg::R6));
        assert!(!s.uses(Reg::R2));
        assert!(!s.is_canonical());
    }
}
