//! Running words on the target, with the interpreter at hand: the target's
//! `evaluate` asks the host to interpret a string in the middle of a run,
//! and a word the target ran may have started or ended a definition the
//! host goes on compiling.

// Faults are full reports that end a build; they are returned by value.
#![allow(clippy::result_large_err)]

use emu::Fault;

use crate::definition::Definition;
use crate::diag::Diagnostic;
use crate::input::Input;
use crate::layout::*;
use crate::machine::run::evaluate_request;
use crate::session::Session;

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
        let r = stacker::maybe_grow(STACK_RED_ZONE, STACK_SEGMENT, || self.evaluate(addr, len));
        self.evaluate_depth -= 1;
        self.machine.nest_return_stack(&call, false);
        r?;
        self.machine.resume_evaluate(call, &mut self.input)
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
    /// the host goes on compiling it, or it stopped one the host was
    /// compiling (the kernel's `;` or `[`).
    fn adopt_target_definition(&mut self) {
        let m = &self.machine;
        if m.compiling() && self.def.is_none() {
            let latest = m.sys(LATEST);
            let xt = m.sys(LATEST_XT);
            let word = m.dict.by_header(latest).filter(|&i| m.dict.get(i).xt == xt);
            let name = word.map_or_else(|| ":noname".to_owned(), |i| m.dict.get(i).name.clone());
            self.def = Some(Definition::new(word, xt, name, m.span, m.stack.len()));
            // A target `:noname` has already pushed its xt.
            self.noname = false;
        }
    }
}
