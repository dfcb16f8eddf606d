//! Flash images: the model a build produces (flash bytes, entry, stack, a
//! symbol per word, RAM allocations), the boot blocks each chip needs, the
//! writers and readers for ELF, raw binary, Intel hex, UF2 and a text map,
//! which board a file is for (`fit`), and what a UF2 boot drive takes
//! (`boot_drive`).
//!
//! Depends on `thumb` (to assemble boot code) and `target` (board layout).

mod bin;
pub mod boot;
pub mod boot_drive;
mod elf_read;
mod elf_write;
mod error;
mod fit;
mod format;
mod hex;
mod map;
mod model;
mod segments;
mod uf2;

pub use bin::write_bin;
pub use elf_write::write_elf;
pub use error::ImageError;
pub use fit::{fit, uf2_fit, Verdict};
pub use format::{read, Format};
pub use hex::write_hex;
pub use map::write_map;
pub use model::{Image, Loaded, Part, RamAlloc, Symbol, SymbolKind};
pub use uf2::{
    describe_family, family_name, read_uf2_file, write_uf2, Uf2Block, Uf2File, FAMILY_ABSOLUTE,
    FAMILY_DATA, FAMILY_RP2040, FAMILY_RP2350_ARM_NS, FAMILY_RP2350_ARM_S, FAMILY_RP2350_RISCV,
    FAMILY_STM32F4,
};
