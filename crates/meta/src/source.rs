//! Source text the build has read, kept whole so that a diagnostic can show
//! the line it points at, and the span type that points into it.

use std::path::{Path, PathBuf};

/// Index of a file in [`Sources`].
pub type FileId = usize;

/// A place in a source file: 1-based line, 1-based column (in characters),
/// and a length in characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub file: FileId,
    pub line: u32,
    pub col: u32,
    pub len: u32,
}

pub struct SourceFile {
    /// The name diagnostics print (the path as given, or `<stdin>`).
    pub name: String,
    /// The file's canonical path, when it came from disk: what `require` compares.
    pub path: Option<PathBuf>,
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn line(&self, n: u32) -> &str {
        let i = n as usize - 1;
        let Some(&start) = self.line_starts.get(i) else {
            return "";
        };
        let end = self
            .line_starts
            .get(i + 1)
            .copied()
            .unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    pub fn line_count(&self) -> u32 {
        self.line_starts.len() as u32
    }

    /// Byte offset in `text` of the start of line `n`.
    pub fn line_start(&self, n: u32) -> usize {
        self.line_starts[n as usize - 1]
    }
}

#[derive(Default)]
pub struct Sources {
    pub files: Vec<SourceFile>,
}

impl Sources {
    pub fn add(&mut self, name: String, path: Option<PathBuf>, text: String) -> FileId {
        let mut line_starts = vec![0];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' && i + 1 < text.len() {
                line_starts.push(i + 1);
            }
        }
        if text.is_empty() {
            line_starts.clear();
        }
        self.files.push(SourceFile {
            name,
            path,
            text,
            line_starts,
        });
        self.files.len() - 1
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id]
    }

    pub fn by_path(&self, path: &Path) -> Option<FileId> {
        self.files
            .iter()
            .position(|f| f.path.as_deref() == Some(path))
    }
}

/// Column (1-based, in characters) of byte offset `byte` in `line`.
pub fn column_of(line: &str, byte: usize) -> u32 {
    line[..char_floor(line, byte)].chars().count() as u32 + 1
}

/// `byte`, or the start of the character it falls inside, within `text`.
pub fn char_floor(text: &str, byte: usize) -> usize {
    let mut i = byte.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}
