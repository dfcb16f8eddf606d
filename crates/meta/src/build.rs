//! A whole build: the start-up code laid out by the image crate, the kernel,
//! the user's files, and at the end the boot word, the table of RAM contents
//! boot restores, and the image with a symbol per word.

use std::path::{Path, PathBuf};

use image::{Image, Part, RamAlloc, Symbol as ImageSymbol, SymbolKind};
use target::{Target, UartKind};
use thumb::{Insn, Reg, RegList};

use crate::diag::Diagnostic;
use crate::dict::Kind;
use crate::layout::*;
use crate::session::Session;
use crate::templates;

#[derive(Clone, Debug, Default)]
pub struct BuildOptions {
    /// The word to run at boot after the `init` chain (else `main` if defined).
    pub main: Option<String>,
    pub include_paths: Vec<PathBuf>,
    /// Print build-time console output as it comes.
    pub echo: bool,
}

pub struct Build {
    pub session: Session,
    base: Image,
    options: BuildOptions,
    /// The word the boot word ends in: the banner, then the console's `quit`.
    welcome: u32,
    /// RAM HERE once the standard image was built: RAM above it is the
    /// user's, which boot zeroes.
    user_ram_start: u32,
}

impl Build {
    /// The standard image for `target`: start-up code and the kernel.
    pub fn new(target: &Target, options: BuildOptions) -> Result<Build, Diagnostic> {
        let startup = crate::kernel::startup(&target.name);
        let mut s = Session::new(target)?;
        s.echo = options.echo;
        s.include_paths = options.include_paths.clone();
        let prelude = s.assembler_prelude();
        let base = image::boot::assemble_image(target, &(prelude + &startup))
            .map_err(|e| Diagnostic::new(None, format!("start-up code: {e}")))?;
        s.emu
            .load(base.flash_base, &base.flash)
            .map_err(|e| Diagnostic::new(None, format!("cannot load the start-up code: {e}")))?;
        let dict_start = align4(base.flash_base + base.flash.len() as u32);
        s.set_sys(DP, dict_start);
        s.reorigin();
        for &(name, text) in crate::kernel::SOURCES {
            s.builtin.insert(name, text);
        }
        let (console_name, console_text) =
            crate::kernel::console_source(target.console.kind == UartKind::Pl011);
        s.builtin.insert("kernel/console.fs", console_text);
        let _ = console_name;
        define_system_constants(&mut s)?;
        if let Err(d) = s.include_text("kernel.fs", crate::kernel::SOURCES[0].1) {
            // The kernel's sources live in the session: render while it exists.
            let text = d.render(&s.sources, false);
            return Err(Diagnostic::new(
                None,
                format!("the kernel does not build:\n{text}"),
            ));
        }
        s.kernel_mode = false;
        // The allocator is part of every standard image, loaded as a user's
        // `require allocate.fs` would, so a second `require` does nothing.
        if let Err(d) = s.include_text("<standard image>", "require allocate.fs") {
            let text = d.render(&s.sources, false);
            return Err(Diagnostic::new(
                None,
                format!("the allocator does not build:\n{text}"),
            ));
        }
        let welcome = define_welcome(&mut s)?;
        s.flush()?;
        // From here on the image's start and the standard image are
        // finished: build-time code may write only what it builds.
        s.image_parts = image_parts_of(&base, dict_start);
        s.standard_end = s.flash_here();
        s.set_flash_boundary(Some((s.standard_end, emu::BelowBoundary::Refuse)))?;
        let user_ram_start = s.sys(RAM_DP);
        Ok(Build {
            session: s,
            base,
            options,
            welcome,
            user_ram_start,
        })
    }

    /// Loads a source file (`include` semantics).
    pub fn load_file(&mut self, path: &Path) -> Result<(), Diagnostic> {
        // A file given by the user is not included from any line: an error
        // reading it must not point at the last line the build read.
        self.session.span = None;
        self.session.include_path(path, false)?;
        self.check_complete()
    }

    pub fn load_text(&mut self, name: &str, text: &str) -> Result<(), Diagnostic> {
        self.session.include_text(name, text)?;
        self.check_complete()
    }

    /// A file `include` and `require` find by `name` before the disk, with
    /// `text` as its contents (an editor's buffer, a fuzzer's input).
    pub fn add_virtual_file(&mut self, name: &str, text: &str) {
        self.session
            .virtual_files
            .insert(name.to_owned(), text.to_owned());
    }

    /// The board as boot leaves it, for tests to run against: RAM zeroed up
    /// to the data stack and the build's table written back, as the start-up
    /// code does; the init chain run; compiling to RAM, as the console does.
    /// Whatever top-level code left in RAM is gone here too, so a test sees
    /// what the board sees.
    pub fn enter_boot_state(&mut self) -> Result<(), Diagnostic> {
        let s = &mut self.session;
        s.set_space(true)?;
        let mut pairs = boot_ram(s)?;
        pairs.push((s.ram + DP, s.sys(DP)));
        let (ram, base) = (s.ram, s.emu.data_stack_base());
        let zeroed = s
            .emu
            .write_data(ram, &vec![0; (base - ram) as usize])
            .and_then(|()| {
                pairs
                    .iter()
                    .try_for_each(|&(a, v)| s.emu.write_data(a, &v.to_le_bytes()))
            });
        zeroed.map_err(|e| Diagnostic::new(None, format!("cannot reset RAM: {e}")))?;
        s.reload_from_target()?;
        s.stack.clear();
        if let Some(xt) = s.intrinsic_word("init") {
            s.span = None;
            s.execute(xt, "init")?;
        }
        s.set_space(false)
    }

    /// What top-level code left in user RAM that boot will not restore (a
    /// heap made at the top level, a variable given a value there): boot
    /// zeroes RAM and runs only the `init` chain, so on the board it is gone.
    /// One line naming the words whose RAM holds data, or None.
    pub fn ram_left_by_top_level(&self) -> Option<String> {
        let s = &self.session;
        let (start, end) = (self.user_ram_start, s.sys(RAM_DP));
        let bytes = s.read(start, end.checked_sub(start)? as usize).ok()?;
        let restored: std::collections::HashSet<u32> = s.ram_init_cells.iter().copied().collect();
        // Variables and buffers have their names; words compiled to RAM own
        // their header and code up to the next; anything else (a heap, a
        // top-level `ram-allot`) is named by where its run of RAM starts.
        let mut owners: Vec<(u32, u32, String)> = s
            .ram_named
            .iter()
            .map(|(a, b, n)| (*a, *b, format!("`{n}`")))
            .collect();
        let mut ram_words: Vec<(u32, String)> = s
            .dict
            .iter()
            .filter(|w| (start..end).contains(&w.header))
            .map(|w| (w.header, format!("`{}`", w.name)))
            .collect();
        ram_words.sort_unstable();
        for (i, (h, n)) in ram_words.iter().enumerate() {
            let next = ram_words.get(i + 1).map_or(end, |w| w.0);
            owners.push((*h, next, n.clone()));
        }
        owners.sort_unstable();
        let mut named: Vec<String> = Vec::new();
        for (i, cell) in bytes.chunks(4).enumerate() {
            let addr = start + 4 * i as u32;
            if cell.iter().all(|&b| b == 0) || restored.contains(&addr) {
                continue;
            }
            let owner = match owners.iter().find(|(a, b, _)| (*a..*b).contains(&addr)) {
                Some((_, _, n)) => n.clone(),
                None => {
                    let run = owners
                        .iter()
                        .map(|(_, b, _)| *b)
                        .filter(|&b| b <= addr)
                        .max()
                        .unwrap_or(start)
                        .max(start);
                    format!("RAM allotted at {run:#010x}")
                }
            };
            if !named.contains(&owner) {
                named.push(owner);
            }
        }
        if named.is_empty() {
            return None;
        }
        let shown = named.len().min(4);
        let more = match named.len() - shown {
            0 => String::new(),
            n => format!(" and {n} more"),
        };
        Some(format!(
            "top-level code left data in RAM that boot clears: {}{more}; on the board it is \
             zero until `: init init ... ;` sets it",
            named[..shown].join(", ")
        ))
    }

    /// A file ended inside a definition.
    fn check_complete(&mut self) -> Result<(), Diagnostic> {
        if let Some(def) = self.session.def.take() {
            self.session.set_sys(STATE, 0);
            return Err(Diagnostic::new(
                def.span,
                format!("`{}` has no `;` before the end of the input", def.name),
            ));
        }
        Ok(())
    }

    /// The image: flash from its base to HERE, with the boot word and the
    /// RAM table appended.
    pub fn finish(mut self) -> Result<Image, Diagnostic> {
        let s = &mut self.session;
        s.set_space(true)?;
        // The boot word: the init chain and the main word, each through
        // `boot-step` so that an exception nobody caught is reported with
        // the word's name and boot goes on; then the console.
        let mut steps = Vec::new();
        if let Some(xt) = s.intrinsic_word("init") {
            steps.push((xt, "init".to_owned()));
        }
        let main = match &self.options.main {
            Some(name) => Some(s.intrinsic_lookup(name).ok_or_else(|| {
                Diagnostic::new(None, format!("--main names `{name}`, which is not defined"))
            })?),
            None => s.intrinsic_lookup("main"),
        };
        let main_name = self.options.main.clone().unwrap_or_else(|| "main".into());
        steps.extend(main.map(|xt| (xt, main_name)));
        let boot_step = s
            .intrinsic_word("boot-step")
            .ok_or_else(|| Diagnostic::new(None, "the standard image lacks `boot-step`"))?;
        let err = |e: crate::emit::EmitError| Diagnostic::new(None, format!("boot word: {e}"));
        let mut names = Vec::new();
        for (_, name) in &steps {
            names.push(s.here());
            s.code.raw(name.as_bytes());
        }
        s.code.align4();
        let boot = s.here() | 1;
        s.code
            .insn(Insn::Push(RegList::of(&[Reg::LR])))
            .map_err(err)?;
        for ((xt, name), at) in steps.iter().zip(names) {
            for v in [*xt, at, name.len() as u32] {
                s.code.push_tos().map_err(err)?;
                s.code.load_imm(crate::emit::TOS, v).map_err(err)?;
            }
            s.code.call(boot_step).map_err(err)?;
        }
        s.code.call(self.welcome).map_err(err)?;
        s.code
            .insn(Insn::Pop(RegList::of(&[Reg::PC])))
            .map_err(err)?;
        let mut pairs = boot_ram(s)?;
        s.code.align4();
        let table = s.here();
        // DP as it will be after the table (offset 0 is DP, skipped above).
        let dp_after = table + 4 + 8 * (pairs.len() as u32 + 1);
        pairs.push((s.ram + DP, dp_after));
        s.code.word(pairs.len() as u32);
        for (a, v) in pairs {
            s.code.word(a);
            s.code.word(v);
        }
        s.flush()?;
        let symbol = |name: &str| self.base.symbol(name).map(|sym| sym.addr);
        let (Some(boot_cell), Some(table_cell)) = (symbol("forth_boot"), symbol("forth_ram_init"))
        else {
            return Err(Diagnostic::new(
                None,
                "start-up code lacks forth_boot/forth_ram_init",
            ));
        };
        s.poke(boot_cell, &boot.to_le_bytes())?;
        s.poke(table_cell, &table.to_le_bytes())?;
        let end = s.here();
        let base = &self.base;
        let flash = s
            .emu
            .read_mem(base.flash_base, (end - base.flash_base) as usize)
            .map_err(|e| Diagnostic::new(None, e.to_string()))?;
        let mut symbols = base.symbols.clone();
        symbols.extend(word_symbols(s, end));
        symbols.push(ImageSymbol {
            name: "__boot_word".into(),
            addr: boot & !1,
            size: table - (boot & !1),
            kind: SymbolKind::Code,
            wordlist: None,
        });
        symbols.sort_by_key(|sym| (sym.addr, sym.name.clone()));
        let parts = image_parts(&s.builtin_sizes);
        let ram_used = s.sys(RAM_DP) - s.ram;
        Ok(Image {
            target: base.target.clone(),
            flash_base: base.flash_base,
            flash,
            entry: base.entry,
            initial_sp: base.initial_sp,
            symbols,
            ram: vec![RamAlloc {
                name: "forth system and RAM dictionary".into(),
                addr: s.ram,
                size: ram_used,
            }],
            ram_region: base.ram_region,
            parts,
        })
    }
}

/// The RAM contents boot restores after zeroing RAM, as (address, value):
/// the system variables as the build left them (so a resident interpreter
/// finds the dictionary), then every value and defer cell. Sets the
/// variables that are only meaningful while interpreting to their idle state.
fn boot_ram(s: &mut Session) -> Result<Vec<(u32, u32)>, Diagnostic> {
    s.set_sys(STATE, 0);
    s.set_sys(TO_IN, 0);
    s.set_sys(NUM_TIB, 0);
    s.set_sys(HANDLER, 0);
    s.set_sys(HLD, s.ram + HOLD_END);
    let mut pairs: Vec<(u32, u32)> = (1..SYSVARS_SIZE / 4)
        .map(|i| (s.ram + 4 * i, s.sys(4 * i)))
        .filter(|&(_, v)| v != 0)
        .collect();
    for &cell in &s.ram_init_cells.clone() {
        pairs.push((cell, s.read_u32(cell)?));
    }
    Ok(pairs)
}

/// The named blocks at the start of the image and the start-up code after
/// them, as (start, end, what it is) for messages.
fn image_parts_of(base: &Image, dict_start: u32) -> Vec<(u32, u32, String)> {
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

/// A symbol per word in flash: its code up to the next header.
pub fn word_symbols(s: &Session, end: u32) -> Vec<ImageSymbol> {
    let flash = &s.target.flash;
    let mut words: Vec<_> = s.dict.iter().filter(|w| flash.contains(w.header)).collect();
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

/// `welcome`: what the board does once `main` returns. It prints the banner
/// and runs the resident interpreter on the console, compiling to RAM as a
/// freshly booted zeptoforth does. Its xt is kept, so a user's own word of
/// the same name does not replace it.
fn define_welcome(s: &mut Session) -> Result<u32, Diagnostic> {
    let text = format!(
        ": welcome ( -- ) restore-flash compile-to-ram .\" thumbforth {} on {}\" cr quit ;",
        env!("CARGO_PKG_VERSION"),
        s.target.name
    );
    s.include_text("<standard image>", &text)?;
    s.intrinsic_word("welcome")
        .ok_or_else(|| Diagnostic::new(None, "the standard image lacks `welcome`"))
}

/// The facts Forth shares with the host (exports.rs), as constants, so
/// that Forth code can reach the system area, pick each chip's registers
/// with `[if]` and name the header's fields.
fn define_system_constants(s: &mut Session) -> Result<(), Diagnostic> {
    s.flash_limit = crate::exports::flash_end(&s.target);
    let facts = s.facts();
    for (name, v) in crate::exports::forth_constants(&facts) {
        s.header(name, false, Kind::Constant(v))?;
        templates::constant(&mut s.code, v).map_err(|e| s.emit_err(e))?;
    }
    Ok(())
}

impl Session {
    /// The xt of a visible word in the current search order.
    pub fn intrinsic_lookup(&self, name: &str) -> Option<u32> {
        let order = self.order();
        self.dict.find(name, &order).map(|i| self.dict.get(i).xt)
    }
}
