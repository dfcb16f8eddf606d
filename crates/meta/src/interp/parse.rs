//! Parsing the input line at >IN: blank-delimited tokens, names, text up to
//! a delimiter, `s\"` escapes, the words a skipped `[if]` branch still
//! counts, and the span of what was parsed.

use crate::diag::Diagnostic;
use crate::input::Multiline;
use crate::session::Session;
use crate::source::{self, Span};

impl Session {
    /// The next blank-delimited token at >IN, advancing >IN past it and its
    /// delimiter; skips a multi-line comment's remainder first.
    pub fn next_token(&mut self) -> Option<(usize, usize)> {
        let bytes = self.input.text.as_bytes();
        let mut i = source::char_floor(&self.input.text, self.machine.to_in());
        if let Some(Multiline::Comment) = self.multiline {
            match bytes[i..].iter().position(|&b| b == b')') {
                Some(p) => {
                    i += p + 1;
                    self.multiline = None;
                }
                None => {
                    self.machine.set_to_in(bytes.len());
                    return None;
                }
            }
        }
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= bytes.len() {
            self.machine.set_to_in(bytes.len());
            return None;
        }
        let start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        // Tokens end at ASCII blanks, so they are whole UTF-8 sequences.
        self.machine.set_to_in((i + 1).min(bytes.len()));
        Some((start, i))
    }

    /// The next token, leaving >IN where it is.
    pub(super) fn peek_token(&mut self) -> Option<String> {
        let saved = self.machine.to_in();
        let t = self
            .next_token()
            .map(|(s, e)| self.input.text[s..e].to_owned());
        self.machine.set_to_in(saved);
        t
    }

    /// `parse-name`: the next token, or an error naming what needed it.
    pub fn parse_name(&mut self, what: &str) -> Result<(String, Span), Diagnostic> {
        match self.next_token() {
            Some((s, e)) => Ok((self.input.text[s..e].to_owned(), self.span_here(s, e))),
            None => Err(Diagnostic::new(
                self.machine.span,
                format!("`{what}` needs a name after it on the same line"),
            )),
        }
    }

    /// `parse`: text up to `delim` (or the end of the line); >IN moves past it.
    pub fn parse_until(&mut self, delim: u8) -> String {
        let bytes = self.input.text.as_bytes();
        let start = self.machine.to_in().min(bytes.len());
        let end = bytes[start..]
            .iter()
            .position(|&b| b == delim)
            .map_or(bytes.len(), |p| start + p);
        let s = String::from_utf8_lossy(&bytes[start..end]).into_owned();
        self.machine.set_to_in((end + 1).min(bytes.len()));
        s
    }

    /// Skips the rest of the line (`\`).
    pub(super) fn skip_line(&mut self) {
        let len = self.input.text.len();
        self.machine.set_to_in(len);
    }

    /// `s\"` text with its escapes decoded.
    pub(super) fn parse_escaped(&mut self) -> Result<Vec<u8>, Diagnostic> {
        let bytes = self.input.text.as_bytes().to_vec();
        let mut i = self.machine.to_in().min(bytes.len());
        let mut out = Vec::new();
        while i < bytes.len() && bytes[i] != b'"' {
            if bytes[i] == b'\\' && i + 1 < bytes.len() {
                i += 1;
                match bytes[i] {
                    b'a' => out.push(7),
                    b'b' => out.push(8),
                    b'e' => out.push(27),
                    b'f' => out.push(12),
                    b'l' => out.push(10),
                    b'm' => out.extend_from_slice(b"\r\n"),
                    b'n' => out.push(10),
                    b'q' | b'"' => out.push(b'"'),
                    b'r' => out.push(13),
                    b't' => out.push(9),
                    b'v' => out.push(11),
                    b'z' | b'0' => out.push(0),
                    b'\\' => out.push(b'\\'),
                    b'x' if i + 2 < bytes.len() => {
                        let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
                        let v = u8::from_str_radix(hex, 16).map_err(|_| {
                            Diagnostic::new(
                                self.machine.span,
                                format!("bad escape `\\x{hex}` in `s\\\"`"),
                            )
                        })?;
                        out.push(v);
                        i += 2;
                    }
                    c => out.push(c),
                }
            } else {
                out.push(bytes[i]);
            }
            i += 1;
        }
        self.machine.set_to_in((i + 1).min(bytes.len()));
        Ok(out)
    }

    /// A token inside a false `[if]` branch: only the words that nest or
    /// end the branch, and comments, count.
    pub(super) fn skip_token(&mut self, token: &str) {
        let Some(Multiline::Skip { depth, at_else }) = self.multiline.clone() else {
            return;
        };
        match token.to_ascii_lowercase().as_str() {
            "[if]" => {
                self.multiline = Some(Multiline::Skip {
                    depth: depth + 1,
                    at_else,
                })
            }
            "[else]" if depth == 0 && at_else => self.multiline = None,
            "[then]" if depth == 0 => self.multiline = None,
            "[then]" => {
                self.multiline = Some(Multiline::Skip {
                    depth: depth - 1,
                    at_else,
                })
            }
            "\\" => self.skip_line(),
            "(" => {
                self.parse_until(b')');
            }
            _ => {}
        }
    }

    /// `file:line:col` for messages and symbols.
    pub fn span_here(&self, start: usize, end: usize) -> Span {
        let line = &self.input.text;
        let col = source::column_of(line, start);
        let (start, end) = (
            source::char_floor(line, start),
            source::char_floor(line, end),
        );
        let len = line[start..end.max(start)].chars().count() as u32;
        Span {
            file: self.input.file,
            line: self.input.line_no,
            col,
            len,
        }
    }
}
