//! Do-loops with the index and limit in registers (Thumb-2: r12 and lr),
//! so that `loop` is an add, a compare and a branch. The loop's frame
//! stays on the return stack as the kernel lays it out (index, limit,
//! leave address), so `leave`, `unloop`, `j` and code the host did not
//! compile keep working; only the index cell may be stale while the
//! registers hold it.
//!
//! Anything that may clobber r12 or lr or read the frame (a call, a copied
//! code word, an immediate word, a nested `do`, a `begin`) first writes
//! the index back ([`Compiler::kill_loop_cache`]). A do-loop's head and a
//! forward branch target are entered with the cache as it was recorded for
//! them, reloaded from the frame when it was lost on the way.

use thumb::{Addr, Insn, MemOp, Reg};

use crate::definition::LoopCache;
use crate::diag::Diagnostic;
use crate::prim::Prim;

use super::stack::mem;
use super::Compiler;

/// The registers of the innermost loop's index and limit.
pub(super) const INDEX: Reg = Reg::R12;
pub(super) const LIMIT: Reg = Reg::LR;

/// The return-stack effect, in cells, of the kernel's copied code words
/// that have one; None for a word that moves SP in a way the host does
/// not know (it is treated like code the host did not compile).
pub fn rstack_effect(name: &str, body: &[u8]) -> Option<i32> {
    match name {
        "2>r" => return Some(2),
        "2r>" => return Some(-2),
        "rdrop" => return Some(-1),
        "unloop" => return Some(-3),
        _ => {}
    }
    let moves_sp = body.chunks(2).any(|h| {
        let hw = u16::from_le_bytes([h[0], *h.get(1).unwrap_or(&0)]);
        // push/pop, add/sub sp, #imm, mov/add sp, rm, stmdb/ldmia sp!,
        // str/ldr [sp] with writeback
        hw & 0xf600 == 0xb400
            || hw & 0xff00 == 0xb000
            || hw & 0xff87 == 0x4685
            || hw & 0xff87 == 0x4485
            || matches!(hw, 0xe92d | 0xe8bd | 0xf84d | 0xf85d)
    });
    (!moves_sp).then_some(0)
}

impl Compiler<'_> {
    /// Whether do-loops keep their index in registers here.
    pub(super) fn loops_in_registers(&self) -> bool {
        self.machine.bindings.optimize && self.machine.code.thumb2()
    }

    pub(super) fn loop_cache(&self) -> Option<LoopCache> {
        self.def.as_ref().and_then(|d| d.loops.last().cloned())
    }

    fn set_valid(&mut self, valid: bool) {
        if let Some(c) = self.def.as_mut().and_then(|d| d.loops.last_mut()) {
            c.valid = valid;
        }
    }

    /// Writes the index back to the frame and forgets the registers.
    pub(super) fn kill_loop_cache(&mut self) -> Result<(), Diagnostic> {
        if let Some(c) = self.loop_cache().filter(|c| c.valid) {
            self.emit(sp_cell(MemOp::Str, INDEX, 4 * c.rdepth))?;
            self.set_valid(false);
        }
        Ok(())
    }

    /// Loads the index and limit from the frame, `rdepth` cells down.
    pub(super) fn reload_loop_cache(&mut self, rdepth: i32) -> Result<(), Diagnostic> {
        if self.loop_cache().is_some_and(|c| !c.valid) {
            self.emit(sp_cell(MemOp::Ldr, INDEX, 4 * rdepth))?;
            self.emit(sp_cell(MemOp::Ldr, LIMIT, 4 * rdepth + 4))?;
            self.set_valid(true);
        }
        Ok(())
    }

    /// Brings the cache to `valid` (as recorded for a branch target).
    pub(super) fn reconcile_loop_cache(&mut self, valid: bool) -> Result<(), Diagnostic> {
        match self.loop_cache() {
            Some(c) if valid && !c.valid => self.reload_loop_cache(c.rdepth),
            Some(c) if !valid && c.valid => self.kill_loop_cache(),
            _ => Ok(()),
        }
    }

    /// Follows a primitive's effect on the return stack.
    pub(super) fn track_rstack(&mut self, p: Prim) {
        let delta = match p {
            Prim::ToR => 1,
            Prim::RFrom => -1,
            _ => return,
        };
        if let Some(c) = self.def.as_mut().and_then(|d| d.loops.last_mut()) {
            c.rdepth += delta;
        }
        self.locals_above(delta);
    }

    /// A copied code word changed the return stack by `cells`.
    pub(super) fn track_raw_rstack(&mut self, cells: i32) {
        if let Some(c) = self.def.as_mut().and_then(|d| d.loops.last_mut()) {
            c.rdepth += cells;
        }
        self.locals_above(cells);
    }
}

/// `ldr`/`str` of `rt` at `[sp, #imm]`.
pub(super) fn sp_cell(op: MemOp, rt: Reg, imm: i32) -> Insn {
    mem(op, rt, Addr::Offset { rn: Reg::SP, imm })
}
