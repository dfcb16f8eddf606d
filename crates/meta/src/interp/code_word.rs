//! `code NAME ... end-code`: the body's lines are gathered as they come,
//! then assembled after the `.equ` prelude of the facts the build shares
//! with assembly; a short body with nothing after its final `bx lr` may be
//! inlined.

use crate::diag::Diagnostic;
use crate::dict::Kind;
use crate::input::Multiline;
use crate::session::Session;
use crate::source::{self, Span};

impl Session {
    /// `code NAME`: the lines up to `end-code` are its body.
    pub(super) fn start_code_word(&mut self) -> Result<(), Diagnostic> {
        let (name, span) = self.parse_name("code")?;
        self.multiline = Some(Multiline::CodeBody {
            name,
            span: Some(span),
            lines: Vec::new(),
        });
        Ok(())
    }

    /// A line inside a `code` body: gathered, unless it starts with
    /// `end-code`, which finishes the word. True when the rest of the line
    /// is Forth to interpret.
    pub(super) fn gather_code_line(&mut self) -> Result<bool, Diagnostic> {
        let first = self.peek_token().map(|t| t.to_ascii_lowercase());
        if first.as_deref() != Some("end-code") {
            let (n, text) = (self.input.line_no, self.input.text.clone());
            if let Some(Multiline::CodeBody { lines, .. }) = self.multiline.as_mut() {
                lines.push((n, 1, text));
            }
            return Ok(false);
        }
        let (s, e) = self.next_token().expect("peeked");
        self.machine.span = Some(self.span_here(s, e));
        self.finish_code_word()?;
        Ok(true)
    }

    /// `code NAME` takes the rest of its line as the body's first line.
    pub(super) fn gather_code_line_rest(&mut self) {
        let text = &self.input.text;
        let rest = code_line_rest(&text[source::char_floor(text, self.machine.to_in())..]);
        if !rest.trim().is_empty() {
            let col = source::column_of(text, text.len() - rest.len());
            let n = self.input.line_no;
            if let Some(Multiline::CodeBody { lines, .. }) = self.multiline.as_mut() {
                lines.push((n, col, rest));
            }
        }
    }

    fn finish_code_word(&mut self) -> Result<(), Diagnostic> {
        let Some(Multiline::CodeBody { name, span, lines }) = self.multiline.take() else {
            return Ok(());
        };
        let m = &mut self.machine;
        m.span = span;
        let i = m.header(&name, false, Kind::Code(Vec::new()))?;
        let origin = m.here();
        let prelude = m.assembler_prelude();
        let prelude_lines = prelude.lines().count() as u32;
        let mut src = prelude;
        for (_, _, l) in &lines {
            src.push_str(l);
            src.push('\n');
        }
        src.push_str("__body_end:\n    bx lr\n");
        let asm = thumb::text::assemble_at(&src, m.profile, origin);
        if let Some(e) = asm.errors.first() {
            let body_line = e.line.saturating_sub(prelude_lines) as usize;
            let span = match (span, lines.get(body_line.wrapping_sub(1))) {
                (Some(s), Some(&(line, col, _))) => Some(Span {
                    line,
                    col: col + e.column.saturating_sub(1),
                    len: 1,
                    ..s
                }),
                (s, _) => s,
            };
            return Err(Diagnostic::new(
                span,
                format!("in `code {name}`: {}", e.message),
            ));
        }
        let body_end = asm
            .symbols
            .iter()
            .find(|(n, _)| n == "__body_end")
            .map_or(origin, |&(_, a)| a);
        let body_len = body_end - origin;
        let body = asm.bytes[..body_len as usize].to_vec();
        // Inlinable when nothing follows the final `bx lr` (no literal pool).
        let inline_halfwords = body_len / 2;
        let inlinable = asm.bytes.len() as u32 == body_len + 2 && inline_halfwords <= 255;
        m.code.raw(&asm.bytes);
        m.dict.get_mut(i).kind = Kind::Code(body);
        if inlinable && inline_halfwords > 0 {
            let extra = (inline_halfwords as u16) << 8;
            m.set_flags(i, extra, 0)?;
        }
        Ok(())
    }
}

/// The assembly on a `code NAME` line: a stack comment `( ... )` and a `\`
/// comment are Forth there, not assembly.
fn code_line_rest(rest: &str) -> String {
    let mut t = rest.trim_start();
    while let Some(r) = t.strip_prefix("( ") {
        t = r.find(')').map_or("", |p| &r[p + 1..]).trim_start();
    }
    if t.starts_with("\\ ") || t == "\\" {
        return String::new();
    }
    t.to_owned()
}
