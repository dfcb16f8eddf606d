//! The block hook, run as Unicorn enters each translated block: it settles
//! the flash stores of the block before, enforces the rules that hold
//! between blocks (no fetch from flash with XIP off, the host's interrupt
//! flag), counts the block's instructions and stops before a block that
//! would overrun the budget.

use std::sync::atomic::Ordering;

use crate::count::{count_insns, Block};
use crate::fault::FaultKind;
use crate::hooks::memory::settle_flash;
use crate::machine::{stop, Stop, Uc};

/// Every translated block, on entry: count it, or stop before it if it
/// would overrun the budget. Stopping from a block hook takes effect before
/// the block's first instruction (Unicorn checks for a stop request right
/// after the hook), so a budget stop leaves exactly `executed` instructions
/// done and the PC at the block.
pub(crate) fn on_block(uc: &mut Uc<'_>, addr: u64, size: u32) {
    let addr = addr as u32;
    if uc.get_data().counter.stopping {
        return;
    }
    if let Some(why) = between_blocks(uc, addr) {
        stop(uc, why);
        return;
    }
    let n = block_insns(uc, addr, size);
    let c = &mut uc.get_data_mut().counter;
    if c.executed + n as u64 > c.limit {
        c.current = None;
        stop(uc, Stop::Budget);
        return;
    }
    c.current = Some(Block {
        addr,
        size,
        before: c.executed,
    });
    c.executed += n as u64;
    if let Some(visits) = c.visits.as_mut() {
        visits.push((addr, n));
    }
}

/// Settles pending flash stores, then says why the block at `addr` must
/// not run, if it must not: it is in flash with XIP off, or the host asked
/// the run to stop.
fn between_blocks(uc: &mut Uc<'_>, addr: u32) -> Option<Stop> {
    if uc
        .get_data()
        .flash
        .as_ref()
        .is_some_and(|f| !f.pending.is_empty())
    {
        settle_flash(uc);
    }
    let m = uc.get_data();
    if m.flash.as_ref().is_some_and(|f| !f.xip && f.contains(addr)) {
        let why = format!(
            "instruction fetch from flash at {addr:#010x} with XIP off (after flash_exit_xip): \
             code that erases or programs flash must run from RAM"
        );
        return Some(Stop::fault(FaultKind::HardFault, Some(why), addr));
    }
    if m.interrupt
        .as_ref()
        .is_some_and(|f| f.load(Ordering::Relaxed))
    {
        return Some(Stop::Interrupted);
    }
    None
}

/// The instructions in the block at `addr`, from the count cache or its
/// halfwords.
fn block_insns(uc: &mut Uc<'_>, addr: u32, size: u32) -> u32 {
    if let Some(n) = uc.get_data().counter.cached(addr, size) {
        return n;
    }
    let n = uc
        .mem_read_as_vec(addr as u64, size as usize)
        .map(|code| count_insns(&code))
        .unwrap_or(0);
    uc.get_data_mut().counter.remember(addr, size, n);
    n
}
