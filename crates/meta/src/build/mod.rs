//! A whole build: the start-up code laid out by the image crate, the kernel,
//! the user's files, and at the end (`image`) the boot word, the table of
//! RAM contents boot restores, and the image with a symbol per word. Tests
//! run against the board as boot leaves it (`boot_state`).

mod boot_state;
mod image;

use std::path::{Path, PathBuf};

use ::image::Image;
use target::{Target, UartKind};

use crate::diag::Diagnostic;
use crate::dict::Kind;
use crate::layout::*;
use crate::session::Session;
use crate::templates;

pub use self::image::{word_symbols, RESIDENT_FILES};

#[derive(Clone, Debug, Default)]
pub struct BuildOptions {
    /// The word to run at boot after the `init` chain (else `main` if defined).
    pub main: Option<String>,
    pub include_paths: Vec<PathBuf>,
    /// Print build-time console output as it comes.
    pub echo: bool,
    /// Copy the primitives' code words instead of compiling them on the
    /// held-back stack (the reference the optimizer is tested against).
    pub unoptimized: bool,
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
        s.machine.echo = options.echo;
        s.machine.bindings.optimize = !options.unoptimized;
        s.files.include_paths = options.include_paths.clone();
        let prelude = s.machine.assembler_prelude();
        let base = ::image::boot::assemble_image(target, &(prelude + &startup))
            .map_err(|e| Diagnostic::new(None, format!("start-up code: {e}")))?;
        s.machine
            .emu
            .load(base.flash_base, &base.flash)
            .map_err(|e| Diagnostic::new(None, format!("cannot load the start-up code: {e}")))?;
        let dict_start = align4(base.flash_base + base.flash.len() as u32);
        s.machine.set_sys(DP, dict_start);
        s.machine.reorigin();
        for &(name, text) in crate::kernel::SOURCES {
            s.files.builtin.insert(name, text);
        }
        let (_, console_text) =
            crate::kernel::console_source(target.console.kind == UartKind::Pl011);
        s.files.builtin.insert("kernel/console.fs", console_text);
        define_system_constants(&mut s)?;
        standard_part(
            &mut s,
            "the kernel",
            "kernel.fs",
            crate::kernel::SOURCES[0].1,
        )?;
        s.machine.bindings.kernel_mode = false;
        // The allocator is part of every standard image, loaded as a user's
        // `require allocate.fs` would, so a second `require` does nothing.
        standard_part(
            &mut s,
            "the allocator",
            "<standard image>",
            "require allocate.fs",
        )?;
        let welcome = define_welcome(&mut s)?;
        let m = &mut s.machine;
        m.flush()?;
        // From here on the image's start and the standard image are
        // finished: build-time code may write only what it builds.
        m.image_parts = self::image::image_parts_of(&base, dict_start);
        m.standard_end = m.flash_here();
        m.set_flash_boundary(Some((m.standard_end, emu::BelowBoundary::Refuse)))?;
        let user_ram_start = m.sys(RAM_DP);
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
        self.session.machine.span = None;
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
            .files
            .virtual_files
            .insert(name.to_owned(), text.to_owned());
    }

    /// A file ended inside a definition.
    fn check_complete(&mut self) -> Result<(), Diagnostic> {
        if let Some(def) = self.session.def.take() {
            self.session.machine.set_sys(STATE, 0);
            return Err(Diagnostic::new(
                def.span,
                format!("`{}` has no `;` before the end of the input", def.name),
            ));
        }
        Ok(())
    }
}

/// Loads a part of the standard image from `text`; an error in it is the
/// build's own, rendered while the session holding its sources exists.
fn standard_part(s: &mut Session, what: &str, name: &str, text: &str) -> Result<(), Diagnostic> {
    s.include_text(name, text).map_err(|d| {
        let text = d.render(&s.sources, false);
        Diagnostic::new(None, format!("{what} does not build:\n{text}"))
    })
}

/// `welcome`: what the board does once `main` returns. It prints the banner
/// and runs the resident interpreter on the console, compiling to RAM as a
/// freshly booted zeptoforth does. Its xt is kept, so a user's own word of
/// the same name does not replace it.
fn define_welcome(s: &mut Session) -> Result<u32, Diagnostic> {
    let text = format!(
        ": welcome ( -- ) restore-flash compile-to-ram .\" thumbforth {} on {}\" cr quit ;",
        env!("CARGO_PKG_VERSION"),
        s.machine.target.name
    );
    s.include_text("<standard image>", &text)?;
    s.machine
        .intrinsic_word("welcome")
        .ok_or_else(|| Diagnostic::new(None, "the standard image lacks `welcome`"))
}

/// The facts Forth shares with the host (exports.rs), as constants, so
/// that Forth code can reach the system area, pick each chip's registers
/// with `[if]` and name the header's fields.
fn define_system_constants(s: &mut Session) -> Result<(), Diagnostic> {
    s.machine.flash_limit = crate::exports::flash_end(&s.machine.target);
    let facts = s.machine.facts();
    for (name, v) in crate::exports::forth_constants(&facts) {
        s.machine.header(name, false, Kind::Constant(v))?;
        templates::constant(&mut s.machine.code, v).map_err(|e| s.compiler().emit_err(e))?;
    }
    Ok(())
}
