//! Flash images: the model a build produces (flash bytes, entry, stack, a
//! symbol per word, RAM allocations), the boot blocks each chip needs, and the
//! writers and readers for ELF, raw binary, Intel hex, UF2 and a text map.
//!
//! Depends on `thumb` (to assemble boot code) and `target` (board layout).

mod bin;
pub mod boot;
mod elf_read;
mod elf_write;
mod error;
mod format;
mod hex;
mod map;
mod model;
mod segments;
mod uf2;

pub use bin::write_bin;
pub use elf_write::write_elf;
pub use error::ImageError;
pub use format::{read, Format};
pub use hex::write_hex;
pub use map::write_map;
pub use model::{Image, Loaded, Part, RamAlloc, Symbol, SymbolKind};
pub use uf2::{write_uf2, FAMILY_ABSOLUTE, FAMILY_RP2040};
