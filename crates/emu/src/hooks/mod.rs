//! The Unicorn callbacks, one module per kind of event: `block` (each
//! translated block: counting, the budget), `memory` (protected stores,
//! unmapped accesses, the exact count for devices), `mmio` (device
//! accesses), `exception` (the CPU's exceptions and the `bkpt`s the host
//! answers) and `rom_call` (the RP boot ROM's functions).
//!
//! Every callback reaches the shared state through `machine`; nothing
//! outside the engine's construction (`engine`) and a run's end
//! (`memory::settle_flash`) calls into here.

pub(crate) mod block;
pub(crate) mod exception;
pub(crate) mod memory;
pub(crate) mod mmio;
pub(crate) mod rom_call;
