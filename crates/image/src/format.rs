//! File formats by name, and reading any of them back into a `Loaded`.

use std::path::Path;

use crate::{ImageError, Loaded};

/// The output formats, one per file extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    Elf,
    Bin,
    Hex,
    Uf2,
    Map,
}

impl Format {
    /// The format a file name's extension names (`.elf`/`.axf`, `.bin`,
    /// `.hex`/`.ihex`, `.uf2`, `.map`), case-insensitively.
    pub fn from_path(p: &Path) -> Option<Format> {
        let ext = p.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "elf" | "axf" => Format::Elf,
            "bin" => Format::Bin,
            "hex" | "ihex" => Format::Hex,
            "uf2" => Format::Uf2,
            "map" => Format::Map,
            _ => return None,
        })
    }

    /// The usual extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Elf => "elf",
            Format::Bin => "bin",
            Format::Hex => "hex",
            Format::Uf2 => "uf2",
            Format::Map => "map",
        }
    }
}

/// Reads an image file; .bin needs the flash base. Every malformation is an
/// ImageError with a one-line reason; no input makes it panic.
pub fn read(bytes: &[u8], format: Format, flash_base: u32) -> Result<Loaded, ImageError> {
    match format {
        Format::Elf => crate::elf_read::read_elf(bytes),
        Format::Bin => crate::bin::read_bin(bytes, flash_base),
        Format::Hex => crate::hex::read_hex(bytes),
        Format::Uf2 => crate::uf2::read_uf2(bytes),
        Format::Map => Err(ImageError::NotLoadable(
            "a .map file describes an image but holds none of its bytes".into(),
        )),
    }
}
