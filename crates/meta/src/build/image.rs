//! The finished image: the boot word (the `init` chain and the main word,
//! each through the kernel's `boot-step`, then `welcome`), the table of RAM
//! contents boot restores, a symbol per word, and the map's account of the
//! standard image.

use image::{Image, Part, RamAlloc, Symbol as ImageSymbol, SymbolKind};
use thumb::{Insn, Reg, RegList};

use crate::diag::Diagnostic;
use crate::dict::Kind;
use crate::emit::{Code, EmitError, TOS};
use crate::layout::*;
use crate::machine::Machine;

use super::Build;

impl Build {
    /// The image: flash from its base to HERE, with the boot word and the
    /// RAM table appended.
    pub fn finish(mut self) -> Result<Image, Diagnostic> {
        let m = &mut self.session.machine;
        m.set_space(true)?;
        let steps = boot_steps(m, self.options.main.as_deref())?;
        let boot_step = m
            .intrinsic_word("boot-step")
            .ok_or_else(|| Diagnostic::new(None, "the standard image lacks `boot-step`"))?;
        let err = |e: EmitError| Diagnostic::new(None, format!("boot word: {e}"));
        let boot = boot_word(m, &steps, boot_step, self.welcome).map_err(err)?;
        let mut pairs = boot_ram(m)?;
        m.code.align4();
        let table = m.here();
        // DP as it will be after the table (offset 0 is DP, skipped above).
        let dp_after = table + 4 + 8 * (pairs.len() as u32 + 1);
        pairs.push((m.ram + DP, dp_after));
        m.code.word(pairs.len() as u32);
        for (a, v) in pairs {
            m.code.word(a);
            m.code.word(v);
        }
        m.flush()?;
        let symbol = |name: &str| self.base.symbol(name).map(|sym| sym.addr);
        let (Some(boot_cell), Some(table_cell)) = (symbol("forth_boot"), symbol("forth_ram_init"))
        else {
            return Err(Diagnostic::new(
                None,
                "start-up code lacks forth_boot/forth_ram_init",
            ));
        };
        m.poke(boot_cell, &boot.to_le_bytes())?;
        m.poke(table_cell, &table.to_le_bytes())?;
        let end = m.here();
        let base = &self.base;
        let flash = m
            .emu
            .read_mem(base.flash_base, (end - base.flash_base) as usize)
            .map_err(|e| Diagnostic::new(None, e.to_string()))?;
        let mut symbols = base.symbols.clone();
        // The boot word follows the last word: that word ends where it begins.
        symbols.extend(word_symbols(m, boot & !1));
        symbols.push(ImageSymbol {
            name: "__boot_word".into(),
            addr: boot & !1,
            size: table - (boot & !1),
            kind: SymbolKind::Code,
            wordlist: None,
        });
        symbols.sort_by_key(|sym| (sym.addr, sym.name.clone()));
        let parts = image_parts(&self.session.files.part_sizes);
        let ram_used = m.sys(RAM_DP) - m.ram;
        Ok(Image {
            target: base.target.clone(),
            flash_base: base.flash_base,
            flash,
            entry: base.entry,
            initial_sp: base.initial_sp,
            symbols,
            ram: vec![RamAlloc {
                name: "forth system and RAM dictionary".into(),
                addr: m.ram,
                size: ram_used,
            }],
            ram_region: base.ram_region,
            parts,
        })
    }
}

/// The words boot runs before the console, with the names `boot-step`
/// reports them by: the `init` chain, then the main word (`main`, or the
/// word named by `--main`, which must exist).
fn boot_steps(m: &Machine, main: Option<&str>) -> Result<Vec<(u32, String)>, Diagnostic> {
    let mut steps = Vec::new();
    if let Some(xt) = m.intrinsic_word("init") {
        steps.push((xt, "init".to_owned()));
    }
    let main_xt = match main {
        Some(name) => Some(m.intrinsic_lookup(name).ok_or_else(|| {
            Diagnostic::new(None, format!("--main names `{name}`, which is not defined"))
        })?),
        None => m.intrinsic_lookup("main"),
    };
    let main_name = main.unwrap_or("main").to_owned();
    steps.extend(main_xt.map(|xt| (xt, main_name)));
    Ok(steps)
}

/// The boot word at HERE, after the names of its steps: each step through
/// `boot-step` (so that an exception nobody caught is reported with the
/// word's name and boot goes on), then `welcome`. Returns its xt.
fn boot_word(
    m: &mut Machine,
    steps: &[(u32, String)],
    boot_step: u32,
    welcome: u32,
) -> Result<u32, EmitError> {
    let mut names = Vec::new();
    for (_, name) in steps {
        names.push(m.here());
        m.code.raw(name.as_bytes());
    }
    let c: &mut Code = &mut m.code;
    c.align4();
    let boot = c.here() | 1;
    c.insn(Insn::Push(RegList::of(&[Reg::LR])))?;
    for ((xt, name), at) in steps.iter().zip(names) {
        for v in [*xt, at, name.len() as u32] {
            c.push_tos()?;
            c.load_imm(TOS, v)?;
        }
        c.call(boot_step)?;
    }
    c.call(welcome)?;
    c.insn(Insn::Pop(RegList::of(&[Reg::PC])))?;
    Ok(boot)
}

/// The RAM contents boot restores after zeroing RAM, as (address, value):
/// the system variables as the build left them (so a resident interpreter
/// finds the dictionary), then every value and defer cell. Sets the
/// variables that are only meaningful while interpreting to their idle state.
pub(super) fn boot_ram(m: &mut Machine) -> Result<Vec<(u32, u32)>, Diagnostic> {
    m.set_sys(STATE, 0);
    m.set_sys(TO_IN, 0);
    m.set_sys(NUM_TIB, 0);
    m.set_sys(HANDLER, 0);
    m.set_sys(HLD, m.ram + HOLD_END);
    let mut pairs: Vec<(u32, u32)> = (1..SYSVARS_SIZE / 4)
        .map(|i| (m.ram + 4 * i, m.sys(4 * i)))
        .filter(|&(_, v)| v != 0)
        .collect();
    for &cell in &m.ram_init_cells {
        pairs.push((cell, m.read_u32(cell)?));
    }
    Ok(pairs)
}

/// The named blocks at the start of the image and the start-up code after
/// them, as (start, end, what it is) for messages.
pub(super) fn image_parts_of(base: &Image, dict_start: u32) -> Vec<(u32, u32, String)> {
    let mut parts: Vec<(u32, u32, String)> = base
        .symbols
        .iter()
        .filter(|sym| sym.size > 0)
        .map(|sym| {
            let what = match sym.name.as_str() {
                "__vector_table" => "the vector table".to_owned(),
                "__boot2" | "__boot2_crc" => "the RP2040 boot2 block".to_owned(),
                "__image_def" => "the RP2350 IMAGE_DEF block".to_owned(),
                name => format!("the start-up code (`{name}`)"),
            };
            (sym.addr, sym.addr + sym.size, what)
        })
        .collect();
    parts.push((base.flash_base, dict_start, "the start-up code".to_owned()));
    parts
}

/// A symbol per word in flash: its code up to the next header, the last
/// word's up to `end`.
pub fn word_symbols(m: &Machine, end: u32) -> Vec<ImageSymbol> {
    let flash = &m.target.flash;
    let mut words: Vec<_> = m.dict.iter().filter(|w| flash.contains(w.header)).collect();
    words.sort_by_key(|w| w.header);
    words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let next = words.get(i + 1).map_or(end, |n| n.header);
            ImageSymbol {
                name: w.name.clone(),
                addr: w.code_addr(),
                size: next.saturating_sub(w.code_addr()),
                kind: match w.kind {
                    Kind::Constant(_) | Kind::Created => SymbolKind::Data,
                    _ => SymbolKind::Code,
                },
                wordlist: Some(match w.wid {
                    0 => "forth".to_string(),
                    n => format!("wordlist {n}"),
                }),
            }
        })
        .collect()
}

/// The kernel files that exist so the board can interpret and compile on its
/// own: the words the host compiles itself when it reads them (parsing,
/// defining and control words, `:` and `;`), compiling to flash, and the
/// outer interpreter. kernel/compiler.fs, the code generator they call, is
/// not counted: immediate words run it at build time, so every image had it
/// before the board had an interpreter of its own.
pub const RESIDENT_FILES: [&str; 3] = [
    "kernel/compiling.fs",
    "kernel/flash.fs",
    "kernel/interpret.fs",
];

/// The map's account of the standard image: each built-in file, and the
/// resident interpreter and compiler as one total.
fn image_parts(sizes: &[(String, u32)]) -> Vec<Part> {
    let mut parts: Vec<Part> = sizes
        .iter()
        .map(|(name, size)| Part {
            name: name.clone(),
            size: *size,
        })
        .collect();
    let resident: u32 = sizes
        .iter()
        .filter(|(name, _)| RESIDENT_FILES.contains(&name.as_str()))
        .map(|(_, size)| size)
        .sum();
    if resident > 0 {
        parts.push(Part {
            name: format!(
                "resident interpreter and compiler ({})",
                RESIDENT_FILES.join(", ")
            ),
            size: resident,
        });
    }
    parts
}
