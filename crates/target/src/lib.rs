//! Board descriptions (`targets/*.toml`): everything the image writers and the
//! emulator need to know about a board, checked for consistency on load.
//!
//! This crate depends on no other crate of the workspace.

mod load;
mod model;
mod parse;
mod raw;
mod validate;

pub use load::{builtin_dir, known_targets, BUILT_IN_TARGETS, DEFAULT_TARGET};
pub use model::*;
