//! The Unicorn harness: runs thumbforth images on an emulated Cortex-M board.
//!
//! An [`Emulator`] is one board built from a [`target::Target`]: the CPU model
//! of the target's core, its flash and RAM, the console UART, the System
//! Control Space and DWT, GPIO with a history of pin levels
//! ([`Emulator::gpio_events`]), and a permissive model of the peripherals a
//! hello program touches. It boots an image as the chip does ([`Emulator::boot`]),
//! or runs one routine with the Forth data-stack ABI ([`Emulator::call`]), and
//! it counts every executed instruction exactly, so that DWT CYCCNT reads the
//! count and an instruction budget can stop runaway code. Whatever stops a
//! program other than a semihosting exit comes back as a [`Fault`]: what
//! happened, where (with the Forth word it happened in), the registers and the
//! top of both stacks.
//!
//! Unicorn 2.1.5 shapes the design (measured; see the crate README):
//! - the CPU model must be chosen with `Mode::THUMB` plus `ctl_set_cpu_model`
//!   before the first mapping, because `Mode::MCLASS` always yields a
//!   Cortex-M33, and the cortex-m0 model is our ARMv6-M legality check;
//! - there is no reset sequence and no exception entry: the host loads SP and
//!   PC, and BKPT, SVC, UDF and WFI arrive as hooks or errors;
//! - instructions are counted per translated block (cheap) and resolved to
//!   the exact instruction where a run stops mid-block.
//!
//! Architecture invariant: this crate knows boards only through
//! [`target::Target`]; it never reads files, and it knows the Forth system only
//! through the register convention in [`stack`] and the symbols it is given.

mod boot2;
mod count;
mod emulator;
mod engine;
mod error;
mod family;
mod fault;
mod flash;
mod hooks;
mod layout;
mod machine;
mod mmio;
mod rom;
mod semihost;
pub mod stack;
mod symbols;

pub use emulator::{Emulator, RETURN_TRAP};
pub use error::EmuError;
pub use fault::{Fault, FaultKind};
pub use machine::BelowBoundary;
pub use mmio::gpio::GpioEvent;
pub use semihost::Exit;
pub use symbols::Symbol;
