//! The image model: what a build produces, before any file format.
//!
//! Writers only read an `Image` and readers only produce a `Loaded`, so every
//! format is a view of the same bytes and symbols.

/// A named address range in flash: a Forth word, a label of hand-written code,
/// or a table such as the vector table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    /// The first byte, without the Thumb bit.
    pub addr: u32,
    pub size: u32,
    pub kind: SymbolKind,
    /// The Forth wordlist a word was defined in, for the map.
    pub wordlist: Option<String>,
}

/// Whether a symbol's bytes execute; ELF marks code as FUNC with the Thumb bit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolKind {
    Code,
    Data,
}

/// RAM reserved by name (`variable`, `buffer:`, `ram-allot`). RAM contents are
/// not part of the image: the device starts with zeroed RAM.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RamAlloc {
    pub name: String,
    pub addr: u32,
    pub size: u32,
}

/// Flash that one part of the image takes, for the map's account of where
/// the bytes go (a kernel file, the resident interpreter and compiler).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    pub name: String,
    pub size: u32,
}

/// A bootable flash image and what describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Image {
    /// The target's name, e.g. `rp2350`.
    pub target: String,
    pub flash_base: u32,
    /// The bytes from `flash_base`, boot block and vector table included.
    pub flash: Vec<u8>,
    /// The reset handler, Thumb bit set.
    pub entry: u32,
    pub initial_sp: u32,
    pub symbols: Vec<Symbol>,
    pub ram: Vec<RamAlloc>,
    /// The target's RAM: (origin, size).
    pub ram_region: (u32, u32),
    /// Flash by part of the standard image; empty for other images.
    pub parts: Vec<Part>,
}

impl Image {
    /// One past the last flash byte, as u64 so an image ending at 4 GiB is representable.
    pub fn flash_end(&self) -> u64 {
        self.flash_base as u64 + self.flash.len() as u64
    }

    /// The symbol whose bytes contain `addr` (Thumb bit ignored), the smallest
    /// one if several nest; what a fault report names.
    pub fn symbol_at(&self, addr: u32) -> Option<&Symbol> {
        let addr = addr as u64;
        self.symbols
            .iter()
            .filter(|s| {
                let start = s.addr as u64;
                addr >= start && addr < start + (s.size as u64).max(1)
            })
            .min_by_key(|s| s.size)
    }

    /// The first symbol called `name`.
    pub fn symbol(&self, name: &str) -> Option<&Symbol> {
        self.symbols.iter().find(|s| s.name == name)
    }
}

/// What a reader gets back from a file: memory segments, entry, symbols.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Loaded {
    /// (address, bytes), sorted by address, contiguous runs merged.
    pub segments: Vec<(u32, Vec<u8>)>,
    /// The start address the file names, if its format has one.
    pub entry: Option<u32>,
    pub symbols: Vec<Symbol>,
}
