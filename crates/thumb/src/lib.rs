//! Thumb and Thumb-2 assembler for the Cortex-M profiles thumbforth targets.
//!
//! The typed [`Instruction`] is the source of truth; [`text`] is a GNU as
//! compatible front end that parses into it. [`Assembler`] lays instructions
//! out with labels, relaxes branches and literal loads to the narrowest form
//! that reaches, places literal pools and reports anything the chosen
//! [`Profile`] lacks. Encodings are chosen exactly as GNU as chooses them, so
//! that our bytes and the GNU toolchain's can be compared one to one.

mod asm;
mod cond;
mod encode;
mod error;
mod expr;
mod imm;
mod insn;
mod profile;
mod reg;
pub mod text;

pub use asm::{Assembled, Assembler, Item};
pub use cond::Cond;
pub use encode::{encode, Encoded, Env};
pub use error::{Error, ErrorKind};
pub use expr::{BinOp, Expr, MAX_EXPR_DEPTH};
pub use imm::{decode_modified_imm, encode_modified_imm};
pub use insn::*;
pub use profile::Profile;
pub use reg::{Reg, RegList};
