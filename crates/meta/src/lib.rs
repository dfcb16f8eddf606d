//! The thumbforth metacompiler: zeptoforth-dialect Forth to native,
//! subroutine-threaded Thumb code for a Cortex-M board.
//!
//! The dictionary under construction lives in the memory of an emulated
//! board ([`machine::Machine`]). The host's outer interpreter ([`interp`])
//! reads the source, compiles definitions with its own code generator
//! ([`compiler`], [`emit`]), and whenever Forth asks for a word to run at
//! build time (an immediate word, a defining word's run-time part,
//! interpreted code) it runs that word on the emulator against the same
//! memory and system variables ([`layout`]). A [`session::Session`] holds
//! these parts for one build; [`build`] turns the finished dictionary into
//! an image.

pub mod bindings;
pub mod build;
pub mod compiler;
pub mod control;
pub mod definition;
pub mod diag;
pub mod dict;
pub mod emit;
pub mod exports;
pub mod files;
pub mod fold;
pub mod input;
pub mod interp;
pub mod intrinsic;
pub mod kernel;
pub mod layout;
pub mod machine;
pub mod number;
pub mod prim;
pub mod replay;
pub mod resident;
pub mod see;
pub mod session;
pub mod source;
pub mod templates;
pub mod tests_runner;
pub mod vstack;

pub use build::{Build, BuildOptions};
pub use diag::Diagnostic;
pub use session::Session;
