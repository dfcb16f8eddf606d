//! What each intrinsic does. [`INTRINSICS`](crate::intrinsic::INTRINSICS)
//! names them and says where the host does them; here the interpreter
//! dispatches each to a small method (the defining words, strings and
//! `to`/`is` are in [`super::defining`], `code` in [`super::code_word`]).

use crate::diag::Diagnostic;
use crate::dict::Kind;
use crate::input::Multiline;
use crate::intrinsic::{Intrinsic, Use};
use crate::layout::*;
use crate::session::Session;

impl Session {
    /// Does what intrinsic `intr` means now; false to fall back to the
    /// word's ordinary behaviour.
    pub(super) fn intrinsic(&mut self, intr: Intrinsic, token: &str) -> Result<bool, Diagnostic> {
        let compiling = self.machine.compiling();
        match intr.usage() {
            Use::Compiling if !compiling => return Err(self.compile_only(token)),
            // A call to the kernel's definition of the word.
            Use::Interpreting if compiling => return Ok(false),
            _ => {}
        }
        use Intrinsic::*;
        match intr {
            Paren => self.paren(),
            Backslash => self.skip_line(),
            Evaluate => {
                let len = self.pop("evaluate")?;
                let addr = self.pop("evaluate")?;
                self.evaluate(addr, len)?;
            }
            DotParen => {
                let s = self.parse_until(b')');
                self.machine.print(s.as_bytes());
            }
            BracketIf => self.bracket_if()?,
            BracketElse => self.skip_branch(false),
            BracketThen => {}
            BracketDefined | BracketUndefined => self.defined(intr, token)?,
            Include | Require => {
                let (name, span) = self.parse_name(token)?;
                self.include_named(&name, span, intr == Require)?;
            }
            Colon => self.colon()?,
            NoName => return self.noname(),
            Semicolon => self.semicolon()?,
            If | Else | Then | Ahead | Begin | Until | Again | While | Repeat | Do | QDo | Loop
            | PlusLoop | Leave | Exit | Case | Of | Endof | Endcase => self.control(intr)?,
            Recurse => {
                let xt = self.def.as_ref().map(|d| d.xt).expect("compiling");
                self.compiler().compile_call(xt)?;
            }
            Literal => {
                let v = self.pop("literal")?;
                self.compiler().compile_literal(v)?;
            }
            LBracket => {
                self.compiler().canonical_origs()?;
                self.machine.set_sys(STATE, 0);
            }
            RBracket => self.right_bracket()?,
            Does => {
                let xt = self.kernel_xt("(does>)")?;
                self.compiler().compile_does(xt)?;
            }
            SQuote | SBackslashQuote | CQuote | DotQuote | AbortQuote => self.string(intr)?,
            Tick | BracketTick => self.tick(intr, token)?,
            Char | BracketChar => self.char(intr, token)?,
            Postpone | BracketCompile => self.postpone(intr, token)?,
            To | Is | ActionOf => self.indirect(intr, token)?,
            Constant | Variable | TwoVariable | Value | TwoValue | Defer | Create | Buffer => {
                self.define(intr, token)?
            }
            Locals => self.locals_list(token, ":}")?,
            ZeptoLocals => self.locals_list(token, "}")?,
            ParenLocal => self.paren_local()?,
            Immediate | Inline | CompileOnly => self.flag_latest(intr, token)?,
            Code => self.start_code_word()?,
        }
        Ok(true)
    }

    /// `(`: a comment up to `)`, which may end on a later line.
    fn paren(&mut self) {
        let bytes = self.input.text.as_bytes();
        let start = self.machine.to_in().min(bytes.len());
        match bytes[start..].iter().position(|&b| b == b')') {
            Some(p) => self.machine.set_to_in(start + p + 1),
            None => {
                self.machine.set_to_in(bytes.len());
                self.multiline = Some(Multiline::Comment);
            }
        }
    }

    /// `[if]`: a false flag skips to its `[else]` or `[then]`.
    fn bracket_if(&mut self) -> Result<(), Diagnostic> {
        let flag = self.pop("[if]")?;
        if flag == 0 {
            self.skip_branch(true);
        }
        Ok(())
    }

    /// Skips a branch of `[if]` up to its `[then]` (or its `[else]`,
    /// `at_else`), across lines.
    fn skip_branch(&mut self, at_else: bool) {
        self.multiline = Some(Multiline::Skip { depth: 0, at_else });
    }

    /// `[defined]` and `[undefined]`: intrinsics count as defined before
    /// the kernel defines them.
    fn defined(&mut self, intr: Intrinsic, token: &str) -> Result<(), Diagnostic> {
        let (name, _) = self.parse_name(token)?;
        let m = &self.machine;
        let known = m.dict.find(&name, m.order()).is_some()
            || Intrinsic::by_name(&name.to_ascii_lowercase()).is_some();
        let flag = known == (intr == Intrinsic::BracketDefined);
        self.machine.stack.push(if flag { u32::MAX } else { 0 });
        Ok(())
    }

    fn colon(&mut self) -> Result<(), Diagnostic> {
        if self.def.is_some() {
            return Err(Diagnostic::new(
                self.machine.span,
                "`:` inside a definition: the previous one lacks its `;`",
            ));
        }
        let (name, span) = self.parse_name(":")?;
        self.machine.span = Some(span);
        let i = self.machine.header(&name, true, Kind::Colon)?;
        self.compiler().begin_definition(Some(i), name)?;
        Ok(())
    }

    /// `:noname`; inside a definition, a call to the kernel's.
    fn noname(&mut self) -> Result<bool, Diagnostic> {
        if self.def.is_some() {
            return Ok(false);
        }
        self.compiler().begin_definition(None, ":noname".into())?;
        self.noname = true;
        Ok(true)
    }

    fn semicolon(&mut self) -> Result<(), Diagnostic> {
        let publish = self.def.as_ref().is_some_and(|d| d.publish);
        let xt = self.compiler().end_definition()?;
        if publish {
            let kernel_publish = self.kernel_xt("publish")?;
            self.execute(kernel_publish, ";")?;
        }
        if std::mem::take(&mut self.noname) {
            self.machine.stack.push(xt);
        }
        Ok(())
    }

    fn right_bracket(&mut self) -> Result<(), Diagnostic> {
        if self.def.is_none() {
            return Err(Diagnostic::new(
                self.machine.span,
                "`]` outside a definition",
            ));
        }
        self.machine.set_sys(STATE, u32::MAX);
        Ok(())
    }

    /// The control-structure words, compiled.
    fn control(&mut self, intr: Intrinsic) -> Result<(), Diagnostic> {
        self.compiler().control(intr)
    }

    /// `'` pushes a word's xt; `[']` compiles it as a literal.
    fn tick(&mut self, intr: Intrinsic, token: &str) -> Result<(), Diagnostic> {
        let (name, span) = self.parse_name(token)?;
        let i = self.find_word(&name, span)?;
        let xt = self.machine.dict.get(i).xt;
        if intr == Intrinsic::Tick {
            self.machine.stack.push(xt);
            Ok(())
        } else {
            self.compiler().compile_literal(xt)
        }
    }

    /// `char` pushes the first character of the next name; `[char]`
    /// compiles it as a literal.
    fn char(&mut self, intr: Intrinsic, token: &str) -> Result<(), Diagnostic> {
        let (name, _) = self.parse_name(token)?;
        let c = name.chars().next().map_or(0, |c| c as u32);
        if intr == Intrinsic::Char {
            self.machine.stack.push(c);
            Ok(())
        } else {
            self.compiler().compile_literal(c)
        }
    }

    /// `postpone` and `[compile]`: an immediate word (any word, for
    /// `[compile]`) is compiled as a call; any other compiles code that
    /// compiles it.
    fn postpone(&mut self, intr: Intrinsic, token: &str) -> Result<(), Diagnostic> {
        let (name, span) = self.parse_name(token)?;
        let i = self.find_word(&name, span)?;
        let w = self.machine.dict.get(i);
        let (mut xt, immediate) = (w.xt, w.immediate());
        // The kernel's `;` ends only a definition the board compiles; its
        // `(;)` ends whichever is open, the host's included.
        if Some(xt) == self.machine.intrinsic_word(";") {
            xt = self.machine.intrinsic_word("(;)").unwrap_or(xt);
        }
        if immediate || intr == Intrinsic::BracketCompile {
            self.compiler().compile_call(xt)
        } else {
            let compile_comma = self.kernel_xt("compile,")?;
            let mut c = self.compiler();
            c.compile_literal(xt)?;
            c.compile_call(compile_comma)
        }
    }

    /// `immediate`, `inline`, `compile-only`: a flag of the newest word.
    fn flag_latest(&mut self, intr: Intrinsic, token: &str) -> Result<(), Diagnostic> {
        let m = &self.machine;
        let Some(i) = m.dict.by_header(m.sys(LATEST)) else {
            return Err(Diagnostic::new(
                m.span,
                format!("`{token}` with no word defined"),
            ));
        };
        let flag = match intr {
            Intrinsic::Immediate => FLAG_IMMEDIATE,
            Intrinsic::CompileOnly => FLAG_COMPILE_ONLY,
            _ => {
                if m.dict.get(i).flags >> 8 == 0 {
                    return Err(Diagnostic::new(
                        m.span,
                        format!(
                            "`{}` cannot be inlined: only short `code` words without literal pools can",
                            m.dict.get(i).name
                        ),
                    ));
                }
                FLAG_INLINE
            }
        };
        self.machine.set_flags(i, flag, 0)
    }
}
