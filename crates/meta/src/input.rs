//! The outer interpreter's input: the line being interpreted, and text that
//! spans lines (a comment, a skipped `[if]` branch, a `code` body).

use crate::source::{FileId, Span};

/// The input line being interpreted.
#[derive(Clone, Debug, Default)]
pub struct Input {
    pub file: FileId,
    pub line_no: u32,
    pub text: String,
    /// The target's input buffer does not hold `text` yet.
    pub dirty: bool,
    /// Where the text already is in target memory (`evaluate`): SOURCE
    /// points there instead of at a copy in the input buffer.
    pub origin: Option<u32>,
}

/// Text that spans lines and is being gathered or skipped.
#[derive(Clone, Debug)]
pub enum Multiline {
    /// Inside `( ...` waiting for `)`.
    Comment,
    /// Skipping a false `[if]` branch; nesting depth; stop at `[else]` too.
    Skip { depth: usize, at_else: bool },
    /// Gathering a `code` word's lines until `end-code`.
    CodeBody {
        name: String,
        span: Option<Span>,
        /// (line number, column of the text's first character, text).
        lines: Vec<(u32, u32, String)>,
    },
}
