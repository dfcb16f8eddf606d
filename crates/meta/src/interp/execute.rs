//! Running words on the target, with the interpreter at hand: the target's
//! `evaluate` asks the host to interpret a string in the middle of a run,
//! and a word the target ran may have started or ended a definition the
//! host goes on compiling.

// Faults are full reports that end a build; they are returned by value.
#![allow(clippy::result_large_err)]

use emu::Fault;

use crate::definition::Definition;
use crate::diag::Diagnostic;
use crate::dict::Kind;
use crate::input::Input;
use crate::layout::*;
use crate::machine::run::{evaluate_request, EvaluateCall};
use crate::session::Session;
use crate::source::{FileId, Span};

use super::{STACK_RED_ZONE, STACK_SEGMENT};

impl Session {
    /// Runs `xt` on the target with the build's data stack. A raised,
    /// uncaught exception, a fault, `bye` and a stack left out of bounds are
    /// errors naming `what`.
    pub fn execute(&mut self, xt: u32, what: &str) -> Result<(), Diagnostic> {
        let (run, mut outcome) = self.machine.start(xt, &mut self.input)?;
        while let Some(pc) = evaluate_request(&outcome) {
            outcome = self.serve_evaluate(pc)?;
        }
        self.machine.finish(run, outcome, what, &mut self.input)?;
        self.adopt_target_definition();
        Ok(())
    }

    /// The target's `evaluate` (an `svc` at `pc`) asks the host to
    /// interpret a string: the host does, with the target's data stack and
    /// a return stack below the suspended one, then resumes the target.
    fn serve_evaluate(&mut self, pc: u32) -> Result<Result<Vec<u32>, Fault>, Diagnostic> {
        let call = self.machine.accept_evaluate(pc)?;
        // A definition the word began (the kernel's `:`) is the host's to
        // go on with: the string may compile into it, or end it.
        self.adopt_target_definition();
        if !call.has_room() {
            self.machine.stack.clear();
            let outermost = self.evaluate_origin.map(|s| {
                format!(
                    "the outermost `evaluate` ran from {}:{}:{}",
                    self.sources.get(s.file).name,
                    s.line,
                    s.col
                )
            });
            return Err(Diagnostic::new(
                self.machine.span,
                format!(
                    "`evaluate` nested too deeply: {} levels used up the return stack",
                    self.evaluate_depth + 1
                ),
            )
            .note(outermost.unwrap_or_default()));
        }
        self.machine.nest_return_stack(&call, true);
        if self.evaluate_depth == 0 {
            self.evaluate_origin = self.machine.span;
        }
        self.evaluate_depth += 1;
        let (addr, len) = (call.addr, call.len);
        let defining = self.def.is_some();
        let own_file = self.sources.files.len();
        let caller = self.machine.span;
        let r = stacker::maybe_grow(STACK_RED_ZONE, STACK_SEGMENT, || self.evaluate(addr, len));
        self.evaluate_depth -= 1;
        self.machine.nest_return_stack(&call, false);
        match r {
            Ok(()) => self.machine.resume_evaluate(call, &mut self.input),
            Err(mut error) => {
                // A string of the kernel's own (`(;)`'s `;`) is no place a
                // user can look at: the error is shown at the word that ran it.
                let kernel_text = addr < self.machine.standard_end;
                if kernel_text && error.span.is_some_and(|s| s.file == own_file) {
                    error.span = caller;
                }
                self.throw_on_target(call, error, defining, own_file)
            }
        }
    }

    /// An error the program may catch (an undefined word, a compile-only
    /// word interpreted), met in the
    /// string of the target's `evaluate`, is raised on the target at that
    /// `evaluate` as the kernel's own exception, so that `catch` receives
    /// the standard's code there, as on the board. A definition the string
    /// began is abandoned, as an error at the prompt abandons one. Any
    /// other error, or one before the kernel can raise, ends the build.
    fn throw_on_target(
        &mut self,
        call: EvaluateCall,
        error: Diagnostic,
        defining: bool,
        own_file: FileId,
    ) -> Result<Result<Vec<u32>, Fault>, Diagnostic> {
        let m = &self.machine;
        let exception = error.throw_code.and_then(|code| match code {
            -13 => m.intrinsic_word("x-unknown-word"),
            -14 => m.intrinsic_word("x-compile-only"),
            _ => None,
        });
        let (Some(exc), Some(raise), Some(_)) = (
            exception,
            m.intrinsic_word("?raise"),
            m.intrinsic_word("(host-execute)"),
        ) else {
            return Err(error);
        };
        if !defining && self.def.is_some() {
            self.abandon_definition();
        }
        let in_string = error.span.filter(|s| s.file == own_file);
        if let (Some(span), Some(-13)) = (in_string, error.throw_code) {
            self.name_unknown_word(call.addr, call.len, span)?;
        }
        self.machine
            .raise_in_evaluate(call, raise, exc, error, &mut self.input)
    }

    /// Points the kernel's `unknown-name`, which `x-unknown-word` prints,
    /// at the word in the string the target asked to evaluate (at `text`
    /// in target memory, `len` bytes).
    fn name_unknown_word(&mut self, text: u32, len: u32, span: Span) -> Result<(), Diagnostic> {
        let m = &self.machine;
        let Some(Kind::Constant(cell)) = m
            .dict
            .find("unknown-name", &[FORTH_WORDLIST])
            .map(|i| m.dict.get(i).kind.clone())
        else {
            return Ok(());
        };
        let file = self.sources.get(span.file);
        if span.line == 0 || span.line > file.line_count() {
            return Ok(());
        }
        let line = file.line(span.line);
        let start: usize = line
            .char_indices()
            .nth((span.col as usize).saturating_sub(1))
            .map_or(line.len(), |(i, _)| i);
        let end = line[start..]
            .char_indices()
            .nth(span.len as usize)
            .map_or(line.len(), |(i, _)| start + i);
        let offset = (file.line_start(span.line) + start) as u32;
        let name_len = (end - start) as u32;
        // The text was decoded lossily; a name that would not lie within
        // the string stays unnamed rather than point elsewhere.
        if offset + name_len > len {
            return Ok(());
        }
        let mut cells = name_len.to_le_bytes().to_vec();
        cells.extend((text + offset).to_le_bytes());
        self.machine.poke(cell, &cells)
    }

    /// `evaluate`: interprets the `len` bytes at `addr` as the input (one
    /// line, SOURCE-ID -1, SOURCE pointing at them), then returns to the
    /// input in progress.
    pub fn evaluate(&mut self, addr: u32, len: u32) -> Result<(), Diagnostic> {
        let bytes = self.machine.read(addr, len.min(64 * 1024) as usize)?;
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let file = self.sources.add("<evaluate>".into(), None, text.clone());
        let saved_input = std::mem::replace(
            &mut self.input,
            Input {
                file,
                line_no: 1,
                text,
                dirty: true,
                origin: Some(addr),
            },
        );
        let m = &mut self.machine;
        let saved_to_in = m.to_in();
        let saved_source = m.sys(SOURCE_ID);
        m.set_sys(SOURCE_ID, u32::MAX);
        m.set_to_in(0);
        let r = self.interpret_input();
        self.machine.set_sys(SOURCE_ID, saved_source);
        self.input = saved_input;
        self.input.dirty = true;
        self.machine.set_to_in(saved_to_in);
        r
    }

    /// The target started a definition (the kernel's `:` or `:noname` ran):
    /// the host goes on compiling it. (A word that ends the host's
    /// definition does it through the kernel's `(;)`, which `postpone ;`
    /// compiles: the host's `;` runs in its `evaluate`.)
    fn adopt_target_definition(&mut self) {
        let m = &self.machine;
        if m.compiling() && self.def.is_none() {
            let latest = m.sys(LATEST);
            let xt = m.sys(LATEST_XT);
            let word = m.dict.by_header(latest).filter(|&i| m.dict.get(i).xt == xt);
            // The kernel's `:` makes a header that only its `;` publishes.
            let unpublished = word.is_none().then(|| m.unpublished_definition()).flatten();
            let name = match (word, &unpublished) {
                (Some(i), _) => m.dict.get(i).name.clone(),
                (None, Some(name)) => name.clone(),
                (None, None) => ":noname".to_owned(),
            };
            let mut def = Definition::new(word, xt, name, m.span, m.stack.len());
            def.publish = unpublished.is_some();
            self.def = Some(def);
            // A target `:noname` has already pushed its xt.
            self.noname = false;
        }
    }
}
