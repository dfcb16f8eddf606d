//! The host's outer interpreter: reads source a line at a time into the
//! target's input buffer, parses words at >IN, and for each one compiles it,
//! runs it on the target, or (for the words in [`Intrinsic`]) does what the
//! kernel's Forth definition of that word would do, only faster and with
//! folding. Lines, `code` bodies, `[if]` skipping and comments that span
//! lines are handled here.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::dict::Kind;
use crate::layout::*;
use crate::number::{parse_number, Number, NumberError};
use crate::session::{Input, Session};
use crate::source::{FileId, Span};
use crate::templates;

/// The most files that may be including one another at once.
pub const MAX_INCLUDE_DEPTH: usize = 10_000;
/// Host stack kept free before a nested include or `evaluate` recurses; below
/// it the recursion continues on a new segment of [`STACK_SEGMENT`] bytes.
pub const STACK_RED_ZONE: usize = 256 * 1024;
pub const STACK_SEGMENT: usize = 8 * 1024 * 1024;

/// Words the host compiler implements itself. Each is also defined by the
/// kernel in Forth (so `postpone` and the target can use it); the host binds
/// the kernel's word to the intrinsic when the kernel defines it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Intrinsic {
    Colon,
    NoName,
    Semicolon,
    If,
    Else,
    Then,
    Ahead,
    Begin,
    Until,
    Again,
    While,
    Repeat,
    Do,
    QDo,
    Loop,
    PlusLoop,
    Leave,
    Exit,
    Recurse,
    Literal,
    LBracket,
    RBracket,
    Does,
    SQuote,
    SBackslashQuote,
    DotQuote,
    CQuote,
    AbortQuote,
    Tick,
    BracketTick,
    Char,
    BracketChar,
    Postpone,
    BracketCompile,
    Case,
    Of,
    Endof,
    Endcase,
    To,
    Is,
    ActionOf,
    Constant,
    Variable,
    TwoVariable,
    Value,
    Defer,
    Create,
    Buffer,
    Immediate,
    Inline,
    CompileOnly,
    Code,
    Include,
    Require,
    BracketIf,
    BracketElse,
    BracketThen,
    BracketDefined,
    BracketUndefined,
    Paren,
    Backslash,
    DotParen,
    Evaluate,
}

pub fn intrinsic_table() -> HashMap<&'static str, Intrinsic> {
    use Intrinsic::*;
    [
        (":", Colon),
        (":noname", NoName),
        (";", Semicolon),
        ("if", If),
        ("else", Else),
        ("then", Then),
        ("ahead", Ahead),
        ("begin", Begin),
        ("until", Until),
        ("again", Again),
        ("while", While),
        ("repeat", Repeat),
        ("do", Do),
        ("?do", QDo),
        ("loop", Loop),
        ("+loop", PlusLoop),
        ("leave", Leave),
        ("exit", Exit),
        ("recurse", Recurse),
        ("literal", Literal),
        ("[", LBracket),
        ("]", RBracket),
        ("does>", Does),
        ("s\"", SQuote),
        ("s\\\"", SBackslashQuote),
        (".\"", DotQuote),
        ("c\"", CQuote),
        ("abort\"", AbortQuote),
        ("'", Tick),
        ("[']", BracketTick),
        ("char", Char),
        ("[char]", BracketChar),
        ("postpone", Postpone),
        ("[compile]", BracketCompile),
        ("case", Case),
        ("of", Of),
        ("endof", Endof),
        ("endcase", Endcase),
        ("to", To),
        ("is", Is),
        ("action-of", ActionOf),
        ("constant", Constant),
        ("variable", Variable),
        ("2variable", TwoVariable),
        ("value", Value),
        ("defer", Defer),
        ("create", Create),
        ("buffer:", Buffer),
        ("immediate", Immediate),
        ("inline", Inline),
        ("compile-only", CompileOnly),
        ("code", Code),
        ("include", Include),
        ("require", Require),
        ("[if]", BracketIf),
        ("[else]", BracketElse),
        ("[then]", BracketThen),
        ("[defined]", BracketDefined),
        ("[undefined]", BracketUndefined),
        ("(", Paren),
        ("\\", Backslash),
        (".(", DotParen),
        ("evaluate", Evaluate),
    ]
    .into_iter()
    .collect()
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

impl Session {
    // --- reading input -----------------------------------------------------

    /// Loads a file from disk (once, for `require`). A file that is
    /// already being loaded further out is an include cycle, refused before
    /// it recurses forever.
    pub fn include_path(&mut self, path: &Path, once: bool) -> Result<(), Diagnostic> {
        let canon = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        if once && self.loaded.contains(&canon) {
            return Ok(());
        }
        let name = path.display().to_string();
        self.refuse_cycle(&canon)?;
        let bytes = std::fs::read(path).map_err(|e| {
            Diagnostic::new(self.span, format!("cannot read `{}`: {e}", path.display()))
        })?;
        let text = self.source_text(&name, &canon, bytes)?;
        self.include_loaded(canon, name, text)
    }

    /// An include of a file already being loaded further out is a cycle,
    /// refused before it recurses forever; so is nesting past the limit.
    fn refuse_cycle(&self, canon: &Path) -> Result<(), Diagnostic> {
        if let Some(at) = self.including.iter().position(|(c, _)| c == canon) {
            // The file that closes the cycle is named as it was the first time.
            let chain: Vec<&str> = self.including[at..]
                .iter()
                .chain([&self.including[at]])
                .map(|(_, n)| n.as_str())
                .collect();
            return Err(Diagnostic::new(
                self.span,
                format!("include cycle: {}", chain.join(" → ")),
            ));
        }
        if self.including.len() >= MAX_INCLUDE_DEPTH {
            return Err(Diagnostic::new(
                self.span,
                format!("includes nested too deeply (more than {MAX_INCLUDE_DEPTH} files)"),
            ));
        }
        Ok(())
    }

    /// Interprets a file's text, known by `canon` (its canonical path, or a
    /// virtual file's key) and shown as `name`.
    fn include_loaded(
        &mut self,
        canon: PathBuf,
        name: String,
        text: String,
    ) -> Result<(), Diagnostic> {
        self.loaded.insert(canon.clone());
        let id = self.sources.add(name.clone(), Some(canon.clone()), text);
        self.dir_stack
            .push(canon.parent().map(Path::to_path_buf).unwrap_or_default());
        self.including.push((canon, name));
        // Each level of including costs host stack; grow it rather than
        // overflow on a chain thousands of files deep.
        let r = stacker::maybe_grow(STACK_RED_ZONE, STACK_SEGMENT, || self.interpret_file(id));
        self.including.pop();
        self.dir_stack.pop();
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
        let saved_to_in = self.to_in();
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
        self.set_to_in(saved_to_in);
        result
    }

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
        self.set_to_in(0);
        self.interpret_input()
    }

    /// Interprets the input line from >IN to its end.
    pub fn interpret_input(&mut self) -> Result<(), Diagnostic> {
        if let Some(Multiline::CodeBody { .. }) = self.multiline {
            let first = self.peek_token().map(|t| t.to_ascii_lowercase());
            if first.as_deref() != Some("end-code") {
                let (n, text) = (self.input.line_no, self.input.text.clone());
                if let Some(Multiline::CodeBody { lines, .. }) = self.multiline.as_mut() {
                    lines.push((n, 1, text));
                }
                return Ok(());
            }
            let (s, e) = self.next_token().expect("peeked");
            self.span = Some(self.span_here(s, e));
            self.finish_code_word()?;
        }
        while let Some((start, end)) = self.next_token() {
            self.span = Some(self.span_here(start, end));
            let token = self.input.text[start..end].to_owned();
            match self.multiline {
                Some(Multiline::Comment) => unreachable!("comments are skipped by next_token"),
                Some(Multiline::Skip { .. }) => self.skip_token(&token),
                _ => self.token(&token)?,
            }
            if let Some(Multiline::CodeBody { .. }) = self.multiline {
                // `code NAME` takes the rest of the line as its first line.
                let text = &self.input.text;
                let rest = code_line_rest(&text[crate::source::char_floor(text, self.to_in())..]);
                if !rest.trim().is_empty() {
                    let col = crate::source::column_of(text, text.len() - rest.len());
                    let n = self.input.line_no;
                    if let Some(Multiline::CodeBody { lines, .. }) = self.multiline.as_mut() {
                        lines.push((n, col, rest));
                    }
                }
                break;
            }
        }
        Ok(())
    }

    /// The next blank-delimited token at >IN, advancing >IN past it and its
    /// delimiter; skips a multi-line comment's remainder first.
    pub fn next_token(&mut self) -> Option<(usize, usize)> {
        let bytes = self.input.text.as_bytes();
        let mut i = crate::source::char_floor(&self.input.text, self.to_in());
        if let Some(Multiline::Comment) = self.multiline {
            match bytes[i..].iter().position(|&b| b == b')') {
                Some(p) => {
                    i += p + 1;
                    self.multiline = None;
                }
                None => {
                    self.set_to_in(bytes.len());
                    return None;
                }
            }
        }
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= bytes.len() {
            self.set_to_in(bytes.len());
            return None;
        }
        let start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        // Tokens end at ASCII blanks, so they are whole UTF-8 sequences.
        self.set_to_in((i + 1).min(bytes.len()));
        Some((start, i))
    }

    fn peek_token(&mut self) -> Option<String> {
        let saved = self.to_in();
        let t = self
            .next_token()
            .map(|(s, e)| self.input.text[s..e].to_owned());
        self.set_to_in(saved);
        t
    }

    /// `parse-name`: the next token, or an error naming what needed it.
    pub fn parse_name(&mut self, what: &str) -> Result<(String, Span), Diagnostic> {
        match self.next_token() {
            Some((s, e)) => Ok((self.input.text[s..e].to_owned(), self.span_here(s, e))),
            None => Err(Diagnostic::new(
                self.span,
                format!("`{what}` needs a name after it on the same line"),
            )),
        }
    }

    /// `parse`: text up to `delim` (or the end of the line); >IN moves past it.
    pub fn parse_until(&mut self, delim: u8) -> String {
        let bytes = self.input.text.as_bytes();
        let start = self.to_in().min(bytes.len());
        let end = bytes[start..]
            .iter()
            .position(|&b| b == delim)
            .map_or(bytes.len(), |p| start + p);
        let s = String::from_utf8_lossy(&bytes[start..end]).into_owned();
        self.set_to_in((end + 1).min(bytes.len()));
        s
    }

    fn skip_token(&mut self, token: &str) {
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
            "\\" => {
                let len = self.input.text.len();
                self.set_to_in(len);
            }
            "(" => {
                self.parse_until(b')');
            }
            _ => {}
        }
    }

    // --- one token -----------------------------------------------------------

    pub fn token(&mut self, token: &str) -> Result<(), Diagnostic> {
        let found = self.dict.find(token, &self.order);
        let intrinsic = match found {
            Some(i) => self.intrinsics.get(&self.dict.get(i).xt).copied(),
            None => self
                .intrinsic_names
                .get(token.to_ascii_lowercase().as_str())
                .copied(),
        };
        if let Some(intr) = intrinsic {
            if self.intrinsic(intr, token)? {
                return Ok(());
            }
        }
        if let Some(i) = found {
            let w = self.dict.get(i);
            let (immediate, compile_only, xt) = (w.immediate(), w.compile_only(), w.xt);
            if self.compiling() && !immediate {
                return self.compile_word(i);
            }
            let name = w.name.clone();
            if !self.compiling() && compile_only {
                return Err(Diagnostic::new(
                    self.span,
                    format!("`{name}` is compile-only: use it inside a definition"),
                ));
            }
            if self.compiling() {
                // An immediate word runs now, with pending literals emitted
                // so that the code it lays down follows them.
                self.prepare_emit()?;
            }
            return self.execute(xt, &name);
        }
        match parse_number(token, self.base()) {
            Ok(n) => self.number(n),
            Err(NumberError::OutOfRange) => Err(Diagnostic::new(
                self.span,
                format!("number out of range: `{token}` does not fit in a cell"),
            )),
            Err(NumberError::NotANumber) => {
                let similar = self.dict.similar(token, &self.order);
                let d = Diagnostic::new(self.span, format!("undefined word `{token}`"));
                Err(if similar.is_empty() {
                    d
                } else {
                    d.note(format!(
                        "closest names: {}",
                        similar
                            .iter()
                            .map(|s| format!("`{s}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                })
            }
        }
    }

    fn number(&mut self, n: Number) -> Result<(), Diagnostic> {
        let cells = match n {
            Number::Single(v) => vec![v],
            Number::Double(lo, hi) => vec![lo, hi],
        };
        for v in cells {
            if self.compiling() {
                self.compile_literal(v)?;
            } else {
                self.stack.push(v);
            }
        }
        Ok(())
    }

    fn pop(&mut self, what: &str) -> Result<u32, Diagnostic> {
        self.stack.pop().ok_or_else(|| {
            Diagnostic::new(
                self.span,
                format!("stack underflow: `{what}` needs a value"),
            )
        })
    }

    fn find_word(&mut self, name: &str, span: Span) -> Result<usize, Diagnostic> {
        let order = self.order.clone();
        self.dict.find(name, &order).ok_or_else(|| {
            let d = Diagnostic::new(Some(span), format!("undefined word `{name}`"));
            let similar = self.dict.similar(name, &order);
            if similar.is_empty() {
                d
            } else {
                d.note(format!("closest names: {}", similar.join(", ")))
            }
        })
    }

    /// The xt of a kernel word the host compiles calls to.
    fn kernel_xt(&self, name: &str) -> Result<u32, Diagnostic> {
        self.intrinsic_word(name).ok_or_else(|| {
            Diagnostic::new(
                self.span,
                format!("the kernel does not define `{name}` yet, which this needs"),
            )
        })
    }

    fn compile_only(&self, name: &str) -> Diagnostic {
        Diagnostic::new(
            self.span,
            format!("`{name}` is compile-only: use it inside a definition"),
        )
    }

    /// Does what intrinsic `intr` means now; false to fall back to the
    /// word's ordinary behaviour.
    fn intrinsic(&mut self, intr: Intrinsic, token: &str) -> Result<bool, Diagnostic> {
        use Intrinsic::*;
        let compiling = self.compiling();
        let in_def = self.def.is_some();
        // Words that only mean something inside a definition.
        let compile_time = matches!(
            intr,
            Semicolon
                | If
                | Else
                | Then
                | Ahead
                | Begin
                | Until
                | Again
                | While
                | Repeat
                | Do
                | QDo
                | Loop
                | PlusLoop
                | Leave
                | Exit
                | Recurse
                | Literal
                | Does
                | AbortQuote
                | BracketTick
                | BracketChar
                | Postpone
                | BracketCompile
                | Case
                | Of
                | Endof
                | Endcase
                | CQuote
                | LBracket
        );
        if compile_time && !compiling {
            return Err(self.compile_only(token));
        }
        match intr {
            Paren => {
                let bytes = self.input.text.as_bytes();
                let start = self.to_in().min(bytes.len());
                match bytes[start..].iter().position(|&b| b == b')') {
                    Some(p) => self.set_to_in(start + p + 1),
                    None => {
                        self.set_to_in(bytes.len());
                        self.multiline = Some(Multiline::Comment);
                    }
                }
            }
            Backslash => {
                let len = self.input.text.len();
                self.set_to_in(len);
            }
            Evaluate => {
                if compiling {
                    // A call to the kernel's `evaluate`, which asks the host.
                    return Ok(false);
                }
                let len = self.pop("evaluate")?;
                let addr = self.pop("evaluate")?;
                self.evaluate(addr, len)?;
            }
            DotParen => {
                let s = self.parse_until(b')');
                self.print(&s);
            }
            BracketIf => {
                let flag = self.pop("[if]")?;
                if flag == 0 {
                    self.multiline = Some(Multiline::Skip {
                        depth: 0,
                        at_else: true,
                    });
                }
            }
            BracketElse => {
                self.multiline = Some(Multiline::Skip {
                    depth: 0,
                    at_else: false,
                })
            }
            BracketThen => {}
            BracketDefined | BracketUndefined => {
                let (name, _) = self.parse_name(token)?;
                let order = self.order.clone();
                let known = self.dict.find(&name, &order).is_some()
                    || self
                        .intrinsic_names
                        .contains_key(name.to_ascii_lowercase().as_str());
                let flag = known == (intr == BracketDefined);
                self.stack.push(if flag { u32::MAX } else { 0 });
            }
            Include | Require => {
                let (name, span) = self.parse_name(token)?;
                self.include_named(&name, span, intr == Require)?;
            }
            Colon => {
                if compiling {
                    // `: nop : postpone ; ;` compiles a call to the kernel's `:`.
                    return Ok(false);
                }
                if in_def {
                    return Err(Diagnostic::new(
                        self.span,
                        "`:` inside a definition: the previous one lacks its `;`",
                    ));
                }
                let (name, span) = self.parse_name(":")?;
                self.span = Some(span);
                let i = self.header(&name, true, Kind::Colon)?;
                self.begin_definition(Some(i), name)?;
            }
            NoName => {
                if in_def {
                    return Ok(false);
                }
                self.begin_definition(None, ":noname".into())?;
                self.noname = true;
            }
            Semicolon => {
                let xt = self.end_definition()?;
                if std::mem::take(&mut self.noname) {
                    self.stack.push(xt);
                }
            }
            If => self.cf_if()?,
            Else => self.cf_else()?,
            Then => self.cf_then()?,
            Ahead => self.cf_ahead()?,
            Begin => self.cf_begin()?,
            Until => self.cf_until()?,
            Again => self.cf_again()?,
            While => self.cf_while()?,
            Repeat => self.cf_repeat()?,
            Do => self.cf_do(false)?,
            QDo => self.cf_do(true)?,
            Loop => self.cf_loop(false)?,
            PlusLoop => self.cf_loop(true)?,
            Leave => self.emit_leave()?,
            Exit => self.compile_exit()?,
            Recurse => {
                let xt = self.def.as_ref().map(|d| d.xt).expect("compiling");
                self.compile_call(xt)?;
            }
            Literal => {
                let v = self.pop("literal")?;
                self.compile_literal(v)?;
            }
            LBracket => {
                self.prepare_emit()?;
                self.set_sys(STATE, 0);
            }
            RBracket => {
                if !in_def {
                    return Err(Diagnostic::new(self.span, "`]` outside a definition"));
                }
                self.set_sys(STATE, u32::MAX);
            }
            Does => {
                let xt = self.kernel_xt("(does>)")?;
                self.compile_does(xt)?;
            }
            SQuote | SBackslashQuote | CQuote | DotQuote | AbortQuote => {
                let text = if intr == SBackslashQuote {
                    self.parse_escaped()?
                } else {
                    self.parse_until(b'"').into_bytes()
                };
                self.string(intr, token, &text)?;
            }
            Tick | BracketTick => {
                if intr == Tick && compiling {
                    return Ok(false);
                }
                let (name, span) = self.parse_name(token)?;
                let i = self.find_word(&name, span)?;
                let xt = self.dict.get(i).xt;
                if intr == Tick {
                    self.stack.push(xt);
                } else {
                    self.compile_literal(xt)?;
                }
            }
            Char | BracketChar => {
                if intr == Char && compiling {
                    return Ok(false);
                }
                let (name, _) = self.parse_name(token)?;
                let c = name.chars().next().map_or(0, |c| c as u32);
                if intr == Char {
                    self.stack.push(c);
                } else {
                    self.compile_literal(c)?;
                }
            }
            Postpone | BracketCompile => {
                let (name, span) = self.parse_name(token)?;
                let order = self.order.clone();
                let Some(i) = self.dict.find(&name, &order) else {
                    return Err(self.find_word(&name, span).unwrap_err());
                };
                let w = self.dict.get(i).clone();
                if w.immediate() || intr == BracketCompile {
                    self.compile_call(w.xt)?;
                } else {
                    let compile_comma = self.kernel_xt("compile,")?;
                    self.compile_literal(w.xt)?;
                    self.compile_call(compile_comma)?;
                }
            }
            Case => self.cf_case(),
            Of => self.cf_of()?,
            Endof => self.cf_endof()?,
            Endcase => self.cf_endcase()?,
            To | Is | ActionOf => {
                let (name, span) = self.parse_name(token)?;
                let i = self.find_word(&name, span)?;
                let cell = match (&self.dict.get(i).kind, intr) {
                    (Kind::Value(c), To) | (Kind::Defer(c), Is | ActionOf) => *c,
                    _ => {
                        return Err(Diagnostic::new(
                            Some(span),
                            format!(
                                "`{name}` is not a {}",
                                if intr == To { "value" } else { "deferred word" }
                            ),
                        ))
                    }
                };
                self.indirect(intr, cell)?;
            }
            Constant | Variable | TwoVariable | Value | Defer | Create | Buffer => {
                if compiling {
                    return Ok(false);
                }
                self.define(intr, token)?;
            }
            Immediate | Inline | CompileOnly => {
                if compiling {
                    return Ok(false);
                }
                let latest = self.sys(LATEST);
                let Some(i) = self.dict.by_header(latest) else {
                    return Err(Diagnostic::new(
                        self.span,
                        format!("`{token}` with no word defined"),
                    ));
                };
                let flag = match intr {
                    Immediate => FLAG_IMMEDIATE,
                    CompileOnly => FLAG_COMPILE_ONLY,
                    _ => {
                        if self.dict.get(i).flags >> 8 == 0 {
                            return Err(Diagnostic::new(
                                self.span,
                                format!(
                                    "`{}` cannot be inlined: only short `code` words without literal pools can",
                                    self.dict.get(i).name
                                ),
                            ));
                        }
                        FLAG_INLINE
                    }
                };
                self.set_flags(i, flag, 0)?;
            }
            Code => {
                if compiling {
                    return Ok(false);
                }
                let (name, span) = self.parse_name("code")?;
                self.multiline = Some(Multiline::CodeBody {
                    name,
                    span: Some(span),
                    lines: Vec::new(),
                });
            }
        }
        Ok(true)
    }

    fn print(&mut self, s: &str) {
        if self.echo {
            use std::io::Write;
            let mut o = std::io::stdout().lock();
            let _ = o.write_all(s.as_bytes());
            let _ = o.flush();
        } else {
            self.console.extend_from_slice(s.as_bytes());
        }
    }

    fn include_named(&mut self, name: &str, span: Span, once: bool) -> Result<(), Diagnostic> {
        if let Some(text) = self.virtual_files.get(name).cloned() {
            let key = PathBuf::from(format!("<virtual>/{name}"));
            if once && self.loaded.contains(&key) {
                return Ok(());
            }
            self.refuse_cycle(&key)?;
            return self.include_loaded(key, name.to_owned(), text);
        }
        if let Some(text) = self.builtin.get(name).copied() {
            let key = PathBuf::from(format!("<builtin>/{name}"));
            if once && self.loaded.contains(&key) {
                return Ok(());
            }
            self.loaded.insert(key);
            let start = self.here();
            self.include_text(name, text)?;
            let size = self.here().wrapping_sub(start);
            self.builtin_sizes.push((name.to_owned(), size));
            return Ok(());
        }
        let mut candidates = Vec::new();
        if let Some(dir) = self.dir_stack.last() {
            candidates.push(dir.join(name));
        }
        candidates.push(PathBuf::from(name));
        for p in &self.include_paths {
            candidates.push(p.join(name));
        }
        match candidates.into_iter().find(|p| p.is_file()) {
            Some(p) => self.include_path(&p, once),
            None => Err(Diagnostic::new(
                Some(span),
                format!("cannot find file `{name}`"),
            )),
        }
    }

    /// `s\"` text with its escapes decoded.
    fn parse_escaped(&mut self) -> Result<Vec<u8>, Diagnostic> {
        let bytes = self.input.text.as_bytes().to_vec();
        let mut i = self.to_in().min(bytes.len());
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
                            Diagnostic::new(self.span, format!("bad escape `\\x{hex}` in `s\\\"`"))
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
        self.set_to_in((i + 1).min(bytes.len()));
        Ok(out)
    }

    fn string(&mut self, intr: Intrinsic, token: &str, text: &[u8]) -> Result<(), Diagnostic> {
        use Intrinsic::*;
        if text.len() > 255 && intr == CQuote {
            return Err(Diagnostic::new(
                self.span,
                "a counted string holds at most 255 characters",
            ));
        }
        if !self.compiling() {
            if intr == DotQuote {
                self.print(&String::from_utf8_lossy(text));
                return Ok(());
            }
            // Interpreted `s"`: one of two transient buffers.
            let len = text.len().min(STRING_BUFFER_SIZE as usize);
            let addr = self.ram + STRING_BUFFERS + STRING_BUFFER_SIZE * (self.string_buffer % 2);
            self.string_buffer += 1;
            self.poke(addr, &text[..len])?;
            self.stack.push(addr);
            self.stack.push(len as u32);
            return Ok(());
        }
        if intr == AbortQuote {
            self.cf_if()?;
        }
        let counted = intr == CQuote;
        let mut data = Vec::with_capacity(text.len() + 1);
        if counted {
            data.push(text.len() as u8);
        }
        data.extend_from_slice(text);
        let addr = self.compile_data(&data)?;
        self.compile_literal(addr)?;
        if !counted {
            self.compile_literal(text.len() as u32)?;
        }
        match intr {
            DotQuote => {
                let xt = self.kernel_xt("type")?;
                self.compile_call(xt)?;
            }
            AbortQuote => {
                let xt = self.kernel_xt("(abort\")")?;
                self.compile_call(xt)?;
                self.cf_then()?;
            }
            _ => {}
        }
        let _ = token;
        Ok(())
    }

    /// `to`, `is`, `action-of` on the RAM cell of a value or defer.
    fn indirect(&mut self, intr: Intrinsic, cell: u32) -> Result<(), Diagnostic> {
        use Intrinsic::*;
        if !self.compiling() {
            match intr {
                ActionOf => {
                    let v = self.read_u32(cell)?;
                    self.stack.push(v);
                }
                _ => {
                    let v = self.pop(if intr == To { "to" } else { "is" })?;
                    self.poke(cell, &v.to_le_bytes())?;
                }
            }
            return Ok(());
        }
        self.compile_literal(cell)?;
        let fetch = match intr {
            ActionOf => "@",
            _ => "!",
        };
        let xt = self.kernel_xt(fetch)?;
        let i = self.dict.by_xt(xt).expect("kernel word");
        self.compile_word(i)
    }

    /// The defining words, interpreted: a header and the word's code shape.
    fn define(&mut self, intr: Intrinsic, token: &str) -> Result<(), Diagnostic> {
        use Intrinsic::*;
        let arg = match intr {
            Constant | Value | Buffer => Some(self.pop(token)?),
            _ => None,
        };
        let (name, span) = self.parse_name(token)?;
        self.span = Some(span);
        let flash = self.to_flash();
        let r = match intr {
            Constant => {
                let v = arg.unwrap_or(0);
                self.header(&name, false, Kind::Constant(v))?;
                templates::constant(&mut self.code, v)
            }
            Variable | TwoVariable | Buffer => {
                let size = match intr {
                    Variable => 4,
                    TwoVariable => 8,
                    _ => arg.unwrap_or(0),
                };
                if flash {
                    let addr = self.ram_allot(size.next_multiple_of(4))?;
                    self.ram_named
                        .push((addr, addr + size.next_multiple_of(4), name.clone()));
                    self.header(&name, false, Kind::Constant(addr))?;
                    templates::constant(&mut self.code, addr)
                } else {
                    self.header(&name, false, Kind::Created)?;
                    let r = templates::create(&mut self.code);
                    self.code.raw(&vec![0; size.next_multiple_of(4) as usize]);
                    r
                }
            }
            Value | Defer => {
                let cell = self.ram_allot(4)?;
                self.ram_init_cells.push(cell);
                let init = arg.unwrap_or(0);
                self.poke(cell, &init.to_le_bytes())?;
                if intr == Value {
                    self.header(&name, false, Kind::Value(cell))?;
                    templates::value(&mut self.code, cell)
                } else {
                    self.header(&name, false, Kind::Defer(cell))?;
                    templates::defer(&mut self.code, cell)
                }
            }
            Create => {
                self.header(&name, false, Kind::Created)?;
                templates::create(&mut self.code)
            }
            _ => unreachable!("not a defining intrinsic"),
        };
        r.map_err(|e| self.emit_err(e))
    }

    // --- code words -----------------------------------------------------------

    fn finish_code_word(&mut self) -> Result<(), Diagnostic> {
        let Some(Multiline::CodeBody { name, span, lines }) = self.multiline.take() else {
            return Ok(());
        };
        self.span = span;
        let i = self.header(&name, false, Kind::Code(Vec::new()))?;
        let origin = self.here();
        let prelude = self.assembler_prelude();
        let prelude_lines = prelude.lines().count() as u32;
        let mut src = prelude;
        for (_, _, l) in &lines {
            src.push_str(l);
            src.push('\n');
        }
        src.push_str("__body_end:\n    bx lr\n");
        let asm = thumb::text::assemble_at(&src, self.profile, origin);
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
        self.code.raw(&asm.bytes);
        let w = self.dict.get_mut(i);
        w.kind = Kind::Code(body);
        if inlinable && inline_halfwords > 0 {
            let extra = (inline_halfwords as u16) << 8;
            self.set_flags(i, extra, 0)?;
        }
        Ok(())
    }

    /// The facts a build shares with assembly (exports.rs), for the
    /// start-up code and every `code` word.
    pub fn facts(&self) -> Vec<crate::exports::Fact> {
        let places = crate::exports::Places {
            dstack_base: self.emu.data_stack_base(),
            ram_limit: self.ram_limit(),
        };
        crate::exports::facts(&self.target, self.profile, &places)
    }

    /// `.equ` lines that give code words and start-up code the facts, and
    /// the constants Forth has made with `equ` so far.
    pub fn assembler_prelude(&self) -> String {
        crate::exports::equates(&self.target, &self.facts())
            + &crate::exports::word_equates(&self.dict)
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
