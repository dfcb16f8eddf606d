//! What `run` reads of the board's kernel: the errors its console reported
//! and a definition left open when the input ended, and the word a fault
//! happened in. The kernel's
//! variables are found by their ELF symbols (a variable's code pushes its
//! cell's address, kept at CONSTANT_VALUE_OFFSET); the system variables sit
//! at the start of RAM (meta::layout).

use emu::Emulator;
use meta::layout::{
    xt_of_header, CONSTANT_VALUE_OFFSET, DP, HEADER_LINK_OFFSET, HEADER_NAME_OFFSET, LATEST,
    LATEST_XT, RAM_DP, STATE,
};

/// The most headers [`BoardState::word_at`] follows: a chain longer than
/// any dictionary is a broken one.
const MAX_HEADERS: usize = 100_000;

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

    /// The value of the kernel constant `name`; None in an image without it.
    fn constant(&self, name: &str) -> Option<u32> {
        let word = self.symbols.iter().find(|s| s.name == name)?;
        self.word(word.addr + CONSTANT_VALUE_OFFSET)
    }

    /// The value of the kernel variable `name`, a constant holding its
    /// cell's address; None in an image without it.
    fn variable(&self, name: &str) -> Option<u32> {
        self.word(self.constant(name)?)
    }

    /// Where the dictionary byte at `addr` is kept: flash the board is
    /// compiling to sits in a RAM buffer until it is programmed, as the
    /// kernel's `>dict` says.
    fn dict(&self, addr: u32) -> u32 {
        let window = self.variable("flash-window").unwrap_or(0);
        let size = self.constant("flash-buffer-size").unwrap_or(0);
        match addr.checked_sub(window) {
            Some(off) if window != 0 && off < size => {
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

    /// Every header on the chain from LATEST, newest first, with its name
    /// and code address; None when the chain leads into memory that cannot
    /// be read.
    fn headers(&self) -> Option<Vec<(u32, String, u32)>> {
        let mut header = self.word(self.ram + LATEST)?;
        let mut chain = Vec::new();
        while header != 0 && chain.len() < MAX_HEADERS {
            let (name, code) = self.header(header)?;
            chain.push((header, name, code));
            header = self.word(self.dict(header + HEADER_LINK_OFFSET))?;
        }
        Some(chain)
    }

    /// The word whose code holds `pc`, as `NAME+0x12` (`NAME` at its start), found in the board's
    /// own dictionary: words compiled at the console have no ELF symbol.
    pub fn word_at(&self, pc: u32) -> Option<String> {
        // The newest of equals: max_by_key keeps the last, so oldest first.
        let best = self
            .headers()?
            .into_iter()
            .rev()
            .filter(|&(_, _, code)| code <= pc)
            .max_by_key(|&(_, _, code)| code);
        best.map(|(_, name, code)| match pc - code {
            0 => name,
            off => format!("{name}+{off:#x}"),
        })
    }

    /// The newest visible-or-not header named `name` (any case) and the
    /// address where its code ends: the next header above it, or HERE of
    /// its space.
    fn find(&self, name: &str) -> Option<(u32, u32)> {
        let chain = self.headers()?;
        let code = chain
            .iter()
            .find(|(_, n, _)| n.eq_ignore_ascii_case(name))
            .map(|&(_, _, code)| code)?;
        let here = if code >= self.ram {
            self.word(self.ram + RAM_DP)?
        } else {
            self.word(self.ram + DP)?
        };
        let end = chain
            .into_iter()
            .map(|(header, _, _)| header)
            .filter(|&h| h > code)
            .chain(std::iter::once(here))
            .min()?;
        Some((code, end.max(code)))
    }

    /// `see NAME` at the board's prompt: the word's code, disassembled,
    /// with the words it calls named, as the host's `see` shows a word it
    /// compiled; words made at the console have no other listing.
    pub fn see(&self, name: &str) -> String {
        let Some((code, end)) = self.find(name) else {
            return format!("see: undefined word {name}\n");
        };
        let len = (end - code).min(4096);
        let bytes: Vec<u8> = (0..len)
            .filter_map(|i| {
                let b = self.emu.read_mem(self.dict(code + i), 1).ok()?;
                b.first().copied()
            })
            .collect();
        let mut out = format!("{name} at {code:#010x}, {len} bytes\n");
        for (addr, size, mnemonic, operands) in crate::see::disassemble(&bytes, code) {
            let at = (addr - code) as usize;
            let hex = meta::see::halfwords(&bytes[at..at + size]);
            let target = operands
                .strip_prefix('#')
                .and_then(|t| u32::from_str_radix(t.trim_start_matches("0x"), 16).ok())
                .filter(|_| mnemonic.starts_with('b'))
                .and_then(|t| self.name_of(t));
            let note = target.map(|n| format!("  ; {n}")).unwrap_or_default();
            let what = format!("{mnemonic} {operands}{note}");
            out.push_str(&meta::see::row(addr, &hex, &what));
            out.push('\n');
        }
        out
    }

    /// The word at `addr`: an ELF symbol, else a word of the board's own.
    fn name_of(&self, addr: u32) -> Option<String> {
        let sym = self
            .symbols
            .iter()
            .filter(|s| s.addr <= addr && addr < s.addr + s.size.max(1))
            .max_by_key(|s| s.addr);
        match sym {
            Some(s) if s.addr == addr => Some(s.name.clone()),
            Some(s) => Some(format!("{}+{:#x}", s.name, addr - s.addr)),
            None => self.word_at(addr),
        }
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
