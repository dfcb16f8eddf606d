//! Declaring locals: the lists of `{:` and zeptoforth's `{`, and
//! `(local)`, the standard's one-name-at-a-time form that other words are
//! built on. The code generator makes the frame ([`crate::compiler`]);
//! here the names are read and a name in the source is found as a local
//! before the dictionary is searched.

use crate::diag::Diagnostic;
use crate::layout::MAX_NAME_LEN;
use crate::session::Session;

/// What the words of a locals list are, as it is read.
#[derive(PartialEq)]
enum Part {
    /// Names taking their values from the stack.
    Args,
    /// Names after `|`, starting undefined.
    Uninit,
    /// After `--`: a comment up to the end of the list.
    Outputs,
}

impl Session {
    /// The local `name` of the definition being compiled, while compiling.
    pub(super) fn local_named(&self, name: &str) -> Option<usize> {
        let locals = self.def.as_ref()?.locals.as_ref()?;
        if !self.machine.compiling() {
            return None;
        }
        locals.find(&name.to_ascii_lowercase())
    }

    /// `{: a b | c -- d :}` and `{ a b | c -- d }`: `a` and `b` from the
    /// stack (`b` from the top), `c` undefined, `d` a comment. The list is
    /// on one line and ends with `close`.
    pub(super) fn locals_list(&mut self, token: &str, close: &str) -> Result<(), Diagnostic> {
        let opened = self.machine.span;
        let other_close = if close == ":}" { "}" } else { ":}" };
        let (mut args, mut uninit) = (Vec::new(), Vec::new());
        let mut part = Part::Args;
        loop {
            let Some((s, e)) = self.next_token() else {
                return Err(Diagnostic::new(
                    opened,
                    format!("`{token}` starts a list of locals that has no `{close}` on its line"),
                ));
            };
            let span = Some(self.span_here(s, e));
            let word = self.input.text[s..e].to_ascii_lowercase();
            if word == close {
                break;
            }
            if part == Part::Outputs {
                continue;
            }
            let refuse = |why: String| Err(Diagnostic::new(span, why));
            match word.as_str() {
                "--" => part = Part::Outputs,
                "|" if part == Part::Args => part = Part::Uninit,
                "|" => return refuse(format!("a second `|` in the locals list of `{token}`")),
                w if w == other_close || w == "{:" || w == "{" => {
                    return refuse(format!(
                        "`{w}` inside the locals list of `{token}`, which ends with `{close}`"
                    ))
                }
                w if w.len() > MAX_NAME_LEN => {
                    return refuse(format!(
                        "the local `{w}` has a name longer than {MAX_NAME_LEN} characters"
                    ))
                }
                _ if part == Part::Args => args.push(word),
                _ => uninit.push(word),
            }
        }
        let n = args.len();
        args.extend(uninit);
        if args.is_empty() {
            return Ok(());
        }
        self.compiler().declare_locals(args, n)
    }

    /// `(local) ( c-addr u -- )` interpreted in a definition: one more
    /// local, or with `u` = 0 the end of them. Each takes its value from
    /// the stack, the first declared from the top.
    pub(super) fn paren_local(&mut self) -> Result<(), Diagnostic> {
        let len = self.pop("(local)")?;
        let addr = self.pop("(local)")?;
        let span = self.machine.span;
        let Some(def) = self.def.as_mut() else {
            return Err(Diagnostic::new(
                span,
                "`(local)` outside a definition: locals belong to the one being compiled",
            ));
        };
        if len == 0 {
            let mut names = std::mem::take(&mut def.pending_locals);
            names.reverse();
            let n = names.len();
            if n == 0 {
                return Ok(());
            }
            return self.compiler().declare_locals(names, n);
        }
        if len as usize > MAX_NAME_LEN {
            return Err(Diagnostic::new(
                span,
                format!("`(local)` given a name of {len} characters; at most {MAX_NAME_LEN} fit"),
            ));
        }
        let name = self.machine.read(addr, len as usize)?;
        let name = String::from_utf8_lossy(&name).to_ascii_lowercase();
        if let Some(def) = self.def.as_mut() {
            def.pending_locals.push(name);
        }
        Ok(())
    }
}
