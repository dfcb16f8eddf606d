//! Device models behind Unicorn MMIO regions, one module each; `regs`
//! holds what they share (registers at absolute addresses, narrow accesses,
//! the RP atomic aliases) and `units` how their reports write frequencies.
//!
//! Each model works on aligned 32-bit registers at absolute addresses (or
//! offsets from its base) and knows nothing of Unicorn: the callbacks in
//! `hooks::mmio` hand accesses to them.

pub(crate) mod divider;
pub(crate) mod dwt;
pub(crate) mod gpio;
pub(crate) mod periph;
pub(crate) mod regs;
pub(crate) mod scs;
pub(crate) mod ssi;
pub(crate) mod uart;
pub(crate) mod units;
