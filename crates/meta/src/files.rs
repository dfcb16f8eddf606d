//! What `include` and `require` know: where they look for a file, the
//! files held in memory, what was loaded already and what is loading now.
//! The resident test runner looks files up the same way ([`locate`]).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::source::Span;

/// The most files that may be including one another at once.
pub const MAX_INCLUDE_DEPTH: usize = 10_000;

#[derive(Default)]
pub struct Files {
    /// Files `require`d or `include`d, by canonical path.
    pub loaded: HashSet<PathBuf>,
    /// The files being included, outermost first (canonical path, name as
    /// given): an include of one of them again is a cycle.
    pub including: Vec<(PathBuf, String)>,
    /// The source files' directories, innermost last, for relative includes.
    pub dir_stack: Vec<PathBuf>,
    /// Where `require`/`include` look after the including file's directory.
    pub include_paths: Vec<PathBuf>,
    /// Built-in sources (the kernel) by virtual path.
    pub builtin: HashMap<&'static str, &'static str>,
    /// Files that `include` and `require` find by name before the disk:
    /// sources held in memory (an editor's buffers, a fuzzer's inputs).
    pub virtual_files: HashMap<String, String>,
    /// Bytes of flash each included file took, built-in or the user's, in
    /// the order they were first included; a file's own bytes, without the
    /// files it included.
    pub part_sizes: Vec<(String, u32)>,
    /// For each file being included now, innermost last: the flash bytes
    /// the files it included took, which are not its own.
    pub nested_bytes: Vec<u32>,
}

impl Files {
    /// Adds `bytes` to the part `name` (a file included twice is one part).
    pub fn add_part(&mut self, name: &str, bytes: u32) {
        match self.part_sizes.iter_mut().find(|(n, _)| n == name) {
            Some((_, size)) => *size += bytes,
            None => self.part_sizes.push((name.to_owned(), bytes)),
        }
    }

    /// An include of a file already being loaded further out is a cycle,
    /// refused before it recurses forever; so is nesting past the limit.
    pub fn refuse_cycle(&self, canon: &Path, span: Option<Span>) -> Result<(), Diagnostic> {
        if let Some(at) = self.including.iter().position(|(c, _)| c == canon) {
            // The file that closes the cycle is named as it was the first time.
            let chain: Vec<&str> = self.including[at..]
                .iter()
                .chain([&self.including[at]])
                .map(|(_, n)| n.as_str())
                .collect();
            return Err(Diagnostic::new(
                span,
                format!("include cycle: {}", chain.join(" → ")),
            ));
        }
        if self.including.len() >= MAX_INCLUDE_DEPTH {
            return Err(Diagnostic::new(
                span,
                format!("includes nested too deeply (more than {MAX_INCLUDE_DEPTH} files)"),
            ));
        }
        Ok(())
    }

    /// The file on disk an `include` of `name` reads.
    pub fn locate(&self, name: &str) -> Option<PathBuf> {
        locate(self.dir_stack.last(), &self.include_paths, name)
    }
}

/// Where `name` is: in the including file's directory `dir`, as given (from
/// the current directory), or in one of `include_paths`, in that order.
pub fn locate(dir: Option<&PathBuf>, include_paths: &[PathBuf], name: &str) -> Option<PathBuf> {
    let mut candidates = Vec::new();
    if let Some(dir) = dir {
        candidates.push(dir.join(name));
    }
    candidates.push(PathBuf::from(name));
    candidates.extend(include_paths.iter().map(|p| p.join(name)));
    candidates.into_iter().find(|p| p.is_file())
}
