//! Files: `include` and `require` of files on disk, in memory or built in,
//! a file's lines interpreted in turn, the text that must not span a file's
//! end, and source that is not UTF-8.

use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::input::Multiline;
use crate::session::Session;
use crate::source::{FileId, Span};

use super::{STACK_RED_ZONE, STACK_SEGMENT};

impl Session {
    /// Loads a file from disk (once, for `require`). A file that is
    /// already being loaded further out is an include cycle, refused before
    /// it recurses forever.
    pub fn include_path(&mut self, path: &Path, once: bool) -> Result<(), Diagnostic> {
        let canon = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        if once && self.files.loaded.contains(&canon) {
            return Ok(());
        }
        let name = path.display().to_string();
        self.files.refuse_cycle(&canon, self.machine.span)?;
        let bytes = std::fs::read(path).map_err(|e| {
            Diagnostic::new(
                self.machine.span,
                format!("cannot read `{}`: {e}", path.display()),
            )
        })?;
        let text = self.source_text(&name, &canon, bytes)?;
        self.include_loaded(canon, name, text)
    }

    /// `include NAME` and `require NAME`: a file held in memory, a built-in
    /// file, or a file on disk, in that order.
    pub(super) fn include_named(
        &mut self,
        name: &str,
        span: Span,
        once: bool,
    ) -> Result<(), Diagnostic> {
        if let Some(text) = self.files.virtual_files.get(name).cloned() {
            let key = PathBuf::from(format!("<virtual>/{name}"));
            if once && self.files.loaded.contains(&key) {
                return Ok(());
            }
            self.files.refuse_cycle(&key, self.machine.span)?;
            return self.include_loaded(key, name.to_owned(), text);
        }
        if let Some(text) = self.files.builtin.get(name).copied() {
            let key = PathBuf::from(format!("<builtin>/{name}"));
            if once && self.files.loaded.contains(&key) {
                return Ok(());
            }
            self.files.loaded.insert(key);
            return self.measured(name, |s| s.include_text(name, text));
        }
        match self.files.locate(name) {
            Some(p) => self.include_path(&p, once),
            None => Err(Diagnostic::new(
                Some(span),
                format!("cannot find file `{name}`"),
            )),
        }
    }

    /// Interprets a file's text, known by `canon` (its canonical path, or a
    /// virtual file's key) and shown as `name`.
    fn include_loaded(
        &mut self,
        canon: PathBuf,
        name: String,
        text: String,
    ) -> Result<(), Diagnostic> {
        self.files.loaded.insert(canon.clone());
        let part = name.clone();
        self.measured(&part, |s| s.include_loaded_text(canon, name, text))
    }

    /// Runs `include`, then counts the flash it took, less what the files
    /// it included took, as the part `name` of the map's `flash by part`.
    fn measured(
        &mut self,
        name: &str,
        include: impl FnOnce(&mut Self) -> Result<(), Diagnostic>,
    ) -> Result<(), Diagnostic> {
        let start = self.machine.flash_here();
        self.files.nested_bytes.push(0);
        let r = include(self);
        let nested = self.files.nested_bytes.pop().unwrap_or(0);
        let total = self.machine.flash_here().saturating_sub(start);
        if let Some(outer) = self.files.nested_bytes.last_mut() {
            *outer += total;
        }
        self.files.add_part(name, total.saturating_sub(nested));
        r
    }

    fn include_loaded_text(
        &mut self,
        canon: PathBuf,
        name: String,
        text: String,
    ) -> Result<(), Diagnostic> {
        let id = self.sources.add(name.clone(), Some(canon.clone()), text);
        self.files
            .dir_stack
            .push(canon.parent().map(Path::to_path_buf).unwrap_or_default());
        self.files.including.push((canon, name));
        // Each level of including costs host stack; grow it rather than
        // overflow on a chain thousands of files deep.
        let r = stacker::maybe_grow(STACK_RED_ZONE, STACK_SEGMENT, || self.interpret_file(id));
        self.files.including.pop();
        self.files.dir_stack.pop();
        r
    }

    /// A file's bytes as text. Source must be UTF-8: the error points at the
    /// first byte that is not, in the file itself.
    fn source_text(
        &mut self,
        name: &str,
        canon: &Path,
        bytes: Vec<u8>,
    ) -> Result<String, Diagnostic> {
        let e = match String::from_utf8(bytes) {
            Ok(text) => return Ok(text),
            Err(e) => e,
        };
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() as u32 + 1;
        let line_start = bytes[..valid]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let col = String::from_utf8_lossy(&bytes[line_start..valid])
            .chars()
            .count() as u32
            + 1;
        let bad = bytes[valid];
        let lossy = String::from_utf8_lossy(&bytes).into_owned();
        let file = self
            .sources
            .add(name.to_owned(), Some(canon.to_path_buf()), lossy);
        Err(Diagnostic::new(
            Some(Span {
                file,
                line,
                col,
                len: 1,
            }),
            format!("`{name}` is not UTF-8 text: byte {bad:#04x} at line {line} column {col}"),
        ))
    }

    /// Loads source text under a name (the kernel, stdin, a test line).
    pub fn include_text(&mut self, name: &str, text: &str) -> Result<(), Diagnostic> {
        let id = self.sources.add(name.to_owned(), None, text.to_owned());
        self.interpret_file(id)
    }

    /// Interprets every line of a file; the input in progress is kept and
    /// restored, so a file can be included from the middle of a line.
    pub fn interpret_file(&mut self, id: FileId) -> Result<(), Diagnostic> {
        let saved_input = std::mem::take(&mut self.input);
        let saved_to_in = self.machine.to_in();
        let saved_multi = self.multiline.take();
        let n = self.sources.get(id).line_count();
        let mut result = Ok(());
        for line_no in 1..=n {
            let text = self.sources.get(id).line(line_no).to_owned();
            if let Err(e) = self.interpret_line(id, line_no, text) {
                result = Err(e);
                break;
            }
        }
        if result.is_ok() {
            result = self.end_of_file(id);
        }
        self.multiline = saved_multi;
        self.input = saved_input;
        self.input.dirty = true;
        self.machine.set_to_in(saved_to_in);
        result
    }

    /// A `code` body or a false `[if]` branch may not run past a file's end.
    fn end_of_file(&mut self, id: FileId) -> Result<(), Diagnostic> {
        let what = match self.multiline.take() {
            Some(Multiline::CodeBody { name, span, .. }) => {
                return Err(Diagnostic::new(
                    span,
                    format!("`code {name}` has no `end-code` before the end of the file"),
                ))
            }
            Some(Multiline::Skip { .. }) => Some("an `[if]` has no `[then]`"),
            _ => None,
        };
        if let Some(w) = what {
            let file = self.sources.get(id);
            let line = file.line_count();
            return Err(Diagnostic::new(
                Some(Span {
                    file: id,
                    line,
                    col: 1,
                    len: 0,
                }),
                format!("{w} before the end of `{}`", file.name),
            ));
        }
        Ok(())
    }
}
