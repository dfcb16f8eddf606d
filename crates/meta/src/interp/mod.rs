//! The host's outer interpreter: reads source a line at a time into the
//! target's input buffer, parses words at >IN (`parse`), and for each one
//! compiles it, runs it on the target (`execute`), or, for the words in
//! [`Intrinsic`](crate::intrinsic::Intrinsic), does what the kernel's Forth
//! definition of that word would do, only faster and with folding
//! (`intrinsics`, `defining`, `code_word`). Files, include cycles and
//! the text that spans lines are handled by `include`.

mod code_word;
mod defining;
mod execute;
mod include;
mod intrinsics;
mod locals;
mod parse;

use crate::diag::Diagnostic;
use crate::input::{Input, Multiline};
use crate::number::{parse_number, Number, NumberError};
use crate::session::Session;
use crate::source::{FileId, Span};

/// Host stack kept free before a nested include or `evaluate` recurses; below
/// it the recursion continues on a new segment of [`STACK_SEGMENT`] bytes.
pub const STACK_RED_ZONE: usize = 256 * 1024;
pub const STACK_SEGMENT: usize = 8 * 1024 * 1024;

impl Session {
    /// Interprets one line of source.
    pub fn interpret_line(
        &mut self,
        file: FileId,
        line_no: u32,
        text: String,
    ) -> Result<(), Diagnostic> {
        self.input = Input {
            file,
            line_no,
            text,
            dirty: true,
            origin: None,
        };
        self.machine.set_to_in(0);
        self.interpret_input()
    }

    /// Interprets the input line from >IN to its end.
    pub fn interpret_input(&mut self) -> Result<(), Diagnostic> {
        if let Some(Multiline::CodeBody { .. }) = self.multiline {
            if !self.gather_code_line()? {
                return Ok(());
            }
        }
        while let Some((start, end)) = self.next_token() {
            self.machine.span = Some(self.span_here(start, end));
            let token = self.input.text[start..end].to_owned();
            match self.multiline {
                Some(Multiline::Comment) => unreachable!("comments are skipped by next_token"),
                Some(Multiline::Skip { .. }) => self.skip_token(&token),
                _ => self.token(&token)?,
            }
            if let Some(Multiline::CodeBody { .. }) = self.multiline {
                self.gather_code_line_rest();
                break;
            }
        }
        Ok(())
    }

    /// Interprets one word: an intrinsic, a word of the dictionary, or a
    /// number.
    pub fn token(&mut self, token: &str) -> Result<(), Diagnostic> {
        if let Some(i) = self.local_named(token) {
            return self.compiler().compile_local(i);
        }
        let m = &self.machine;
        let found = m.dict.find(token, m.order());
        let intrinsic = match found {
            Some(i) => m.bindings.intrinsic(m.dict.get(i).xt),
            None => crate::intrinsic::Intrinsic::by_name(&token.to_ascii_lowercase()),
        };
        if let Some(intr) = intrinsic {
            if self.intrinsic(intr, token)? {
                return Ok(());
            }
        }
        match found {
            Some(i) => self.word(i),
            None => self.number_or_undefined(token),
        }
    }

    /// Word `i` of the dictionary, found in the search order.
    fn word(&mut self, i: usize) -> Result<(), Diagnostic> {
        let w = self.machine.dict.get(i);
        let (immediate, compile_only, xt) = (w.immediate(), w.compile_only(), w.xt);
        let compiling = self.machine.compiling();
        if compiling && !immediate {
            return self.compiler().compile_word(i);
        }
        let name = w.name.clone();
        if !compiling && compile_only {
            return Err(self.compile_only(&name));
        }
        if compiling {
            // An immediate word runs now, with the held stack stored so
            // that the code it lays down follows it, and open branches
            // made canonical in case it resolves them.
            self.compiler().canonical_origs()?;
            self.execute(xt, &name)?;
            // It may have closed a loop the host opened.
            return self.compiler().loops_closed_elsewhere();
        }
        self.execute(xt, &name)
    }

    fn number_or_undefined(&mut self, token: &str) -> Result<(), Diagnostic> {
        let span = self.machine.span;
        match parse_number(token, self.machine.base()) {
            Ok(n) => self.number(n),
            Err(NumberError::OutOfRange) => Err(Diagnostic::new(
                span,
                format!("number out of range: `{token}` does not fit in a cell"),
            )),
            Err(NumberError::NotANumber) => Err(self.undefined_word(token, span)),
        }
    }

    fn number(&mut self, n: Number) -> Result<(), Diagnostic> {
        let cells = match n {
            Number::Single(v) => vec![v],
            Number::Double(lo, hi) => vec![lo, hi],
        };
        for v in cells {
            if self.machine.compiling() {
                self.compiler().compile_literal(v)?;
            } else {
                self.machine.stack.push(v);
            }
        }
        Ok(())
    }

    /// Pops the build's data stack for `what`.
    fn pop(&mut self, what: &str) -> Result<u32, Diagnostic> {
        self.machine.stack.pop().ok_or_else(|| {
            Diagnostic::new(
                self.machine.span,
                format!("stack underflow: `{what}` needs a value"),
            )
        })
    }

    /// The error for a name that is no word in the search order, with the
    /// words it may be a slip for.
    pub fn undefined_word(&self, name: &str, span: Option<Span>) -> Diagnostic {
        let m = &self.machine;
        let d = Diagnostic::new(span, format!("undefined word `{name}`")).catchable(-13);
        let similar = m.dict.similar(name, m.order());
        if similar.is_empty() {
            return d;
        }
        let names: Vec<String> = similar.iter().map(|s| format!("`{s}`")).collect();
        d.note(format!("closest names: {}", names.join(", ")))
    }

    /// The word `name` (parsed at `span`) in the search order.
    fn find_word(&self, name: &str, span: Span) -> Result<usize, Diagnostic> {
        let m = &self.machine;
        m.dict
            .find(name, m.order())
            .ok_or_else(|| self.undefined_word(name, Some(span)))
    }

    /// The xt of a kernel word the host compiles calls to.
    fn kernel_xt(&self, name: &str) -> Result<u32, Diagnostic> {
        self.machine.intrinsic_word(name).ok_or_else(|| {
            Diagnostic::new(
                self.machine.span,
                format!("the kernel does not define `{name}` yet, which this needs"),
            )
        })
    }

    fn compile_only(&self, name: &str) -> Diagnostic {
        Diagnostic::new(
            self.machine.span,
            format!("`{name}` is compile-only: use it inside a definition"),
        )
        .catchable(-14)
    }
}
