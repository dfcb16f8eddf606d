//! What `run` reads of the board's kernel: the errors its console reported
//! and a definition left open when the input ended, and the word a fault
//! happened in. The kernel's
//! variables are found by their ELF symbols (a variable's code pushes its
//! cell's address, kept at CONSTANT_VALUE_OFFSET); the system variables sit
//! at the start of RAM (meta::layout).

use emu::Emulator;
use meta::layout::{
    xt_of_header, CONSTANT_VALUE_OFFSET, HEADER_LINK_OFFSET, HEADER_NAME_OFFSET, LATEST, LATEST_XT,
    STATE,
};

/// The most headers [`BoardState::word_at`] follows: a chain longer than
/// any dictionary is a broken one.
const MAX_HEADERS: usize = 100_000;

/// The size of the RAM buffer that holds the newest flash bytes while the
/// board compiles to flash (kernel/core.fs: flash-buffer-size).
const FLASH_BUFFER_SIZE: u32 = 4352;

pub struct BoardState<'a> {
    emu: &'a Emulator,
    symbols: &'a [image::Symbol],
    ram: u32,
}

impl<'a> BoardState<'a> {
    pub fn new(emu: &'a Emulator, symbols: &'a [image::Symbol], ram: u32) -> Self {
        BoardState { emu, symbols, ram }
    }

    fn word(&self, addr: u32) -> Option<u32> {
        let b = self.emu.read_mem(addr, 4).ok()?;
        Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// The value of the kernel variable `name`; None in an image without it.
    fn variable(&self, name: &str) -> Option<u32> {
        let word = self.symbols.iter().find(|s| s.name == name)?;
        self.word(self.word(word.addr + CONSTANT_VALUE_OFFSET)?)
    }

    /// Where the dictionary byte at `addr` is kept: flash the board is
    /// compiling to sits in a RAM buffer until it is programmed, as the
    /// kernel's `>dict` says.
    fn dict(&self, addr: u32) -> u32 {
        let window = self.variable("flash-window").unwrap_or(0);
        match addr.checked_sub(window) {
            Some(off) if window != 0 && off < FLASH_BUFFER_SIZE => {
                self.variable("flash-buffer").unwrap_or(0) + off
            }
            _ => addr,
        }
    }

    /// A header's name and code address, read where the board keeps them.
    fn header(&self, header: u32) -> Option<(String, u32)> {
        let at = self.dict(header + HEADER_NAME_OFFSET);
        let len = *self.emu.read_mem(at, 1).ok()?.first()?;
        let name = self
            .emu
            .read_mem(self.dict(header + HEADER_NAME_OFFSET + 1), len.into())
            .ok()?;
        let name = String::from_utf8_lossy(&name).into_owned();
        Some((name, xt_of_header(header, len.into())))
    }

    /// The word whose code holds `pc`, as `NAME+0x12`, found in the board's
    /// own dictionary: words compiled at the console have no ELF symbol.
    pub fn word_at(&self, pc: u32) -> Option<String> {
        let mut header = self.word(self.ram + LATEST)?;
        let mut best: Option<(String, u32)> = None;
        for _ in 0..MAX_HEADERS {
            if header == 0 {
                break;
            }
            let (name, code) = self.header(header)?;
            if code <= pc && best.as_ref().is_none_or(|(_, b)| code > *b) {
                best = Some((name, code));
            }
            header = self.word(self.dict(header + HEADER_LINK_OFFSET))?;
        }
        best.map(|(name, code)| format!("{name}+{:#x}", pc - code))
    }

    /// The errors the resident interpreter reported (0 for an image
    /// without its console).
    pub fn console_errors(&self) -> u32 {
        self.variable("console-errors").unwrap_or(0)
    }

    /// The definition the console was compiling, if it was: its name in
    /// backquotes, or `:noname` when the newest header (`newest`) is not
    /// the definition's.
    pub fn open_definition(&self) -> Option<String> {
        if self.word(self.ram + STATE)? == 0 {
            return None;
        }
        let named = || {
            let (name, code) = self.header(self.variable("newest")?)?;
            let xt = self.word(self.ram + LATEST_XT)?;
            (code == xt & !1).then(|| format!("`{name}`"))
        };
        Some(named().unwrap_or_else(|| ":noname".into()))
    }
}
