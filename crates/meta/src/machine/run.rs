//! Build-time execution: a word runs on the board with the build's data
//! stack, between a write of the host's state to the target and a read of
//! the target's state back (with the headers it made indexed). The outer
//! interpreter drives a run: it starts it, serves the `evaluate`s the
//! target asks for (each runs the interpreter on a return stack below the
//! suspended one), and finishes it, which refuses what the word did wrong.

use std::time::Instant;

use emu::{Fault, FaultKind};

use crate::diag::Diagnostic;
use crate::input::Input;
use crate::layout::*;

use super::Machine;

/// The `svc` number of the kernel's `evaluate`: the host interprets.
pub const SERVICE_EVALUATE: u8 = 1;
/// Return stack a nested `evaluate` needs left to start.
pub const MIN_EVALUATE_RETURN_STACK: u32 = 256;
/// Deepest data stack a build-time execution may leave.
pub const MAX_BUILD_STACK: usize = 4096;
/// Room the stacks get below the data stack base at build time; the RAM
/// between the RAM dictionary and this room is guarded, so a runaway stack
/// stops there instead of overwriting the dictionary and the system
/// variables.
pub const BUILD_DATA_STACK_ROOM: u32 = 8 * MAX_BUILD_STACK as u32;
/// Free RAM above RAM HERE left outside the guard.
pub const GUARD_SLACK: u32 = 0x1000;

/// Where the board stopped: the stack a word left, or the fault that ended it.
pub type Outcome = Result<Vec<u32>, Fault>;

/// A build-time execution under way: what it started from.
pub struct Run {
    /// The kernel's `(host-execute)`, which runs the word in a `try`.
    trampoline: Option<u32>,
    started: Instant,
    /// HERE and RAM HERE before the word ran.
    pointers: (u32, u32),
    instructions_before: u64,
}

/// The target's `evaluate` stopped at its `svc`: the string it asks the
/// host to interpret, and what resuming the target needs.
pub struct EvaluateCall {
    pub addr: u32,
    pub len: u32,
    pc: u32,
    /// The registers the host's own build-time calls may change.
    saved: Vec<(u8, u32)>,
    data_stack_base: u32,
    return_stack_top: u32,
    /// Where the return stack of the words the string runs starts.
    below: u32,
}

impl EvaluateCall {
    /// Whether the return stack below the suspended one still has room for
    /// a level of nesting. When too little is left the nesting is runaway
    /// (`: e s" e" evaluate ; e`), not a deeper program.
    pub fn has_room(&self) -> bool {
        self.below >= self.data_stack_base + MIN_EVALUATE_RETURN_STACK
    }
}

/// The address of the `svc` when the target stopped to ask for `evaluate`.
pub fn evaluate_request(outcome: &Outcome) -> Option<u32> {
    match outcome {
        Err(Fault {
            kind: FaultKind::Svc(SERVICE_EVALUATE),
            pc,
            ..
        }) => Some(*pc),
        _ => None,
    }
}

impl Machine {
    /// Makes the target's memory and variables what the host has, with
    /// `input` in the input buffer.
    pub(super) fn sync_out(&mut self, input: &mut Input) -> Result<(), Diagnostic> {
        self.flush()?;
        // A page above RAM HERE stays open: words use the space there before
        // they allot it (`h,` stores, then moves HERE).
        let guard_start = self.sys(RAM_DP).saturating_add(GUARD_SLACK);
        let guard_end = self.emu.data_stack_base() - BUILD_DATA_STACK_ROOM;
        self.emu
            .set_stack_guard(Some((guard_start, guard_end)), self.ram + RAM_DP)
            .map_err(|e| Diagnostic::new(self.span, e.to_string()))?;
        if let (true, Some(origin)) = (input.dirty, input.origin) {
            self.set_sys(NUM_TIB, input.text.len() as u32);
            self.set_sys(TIB_PTR, origin);
            input.dirty = false;
        }
        if input.dirty {
            let mut line = input.text.as_bytes().to_vec();
            line.truncate(TIB_SIZE as usize);
            self.set_sys(NUM_TIB, line.len() as u32);
            self.set_sys(TIB_PTR, self.ram + TIB);
            if !line.is_empty() {
                self.emu
                    .write_data(self.ram + TIB, &line)
                    .map_err(|e| Diagnostic::new(self.span, e.to_string()))?;
            }
            input.dirty = false;
        }
        if let Some(bytes) = self.sys.unwritten() {
            self.emu
                .write_data(self.ram, &bytes)
                .map_err(|e| Diagnostic::new(self.span, e.to_string()))?;
            self.sys.written();
        }
        Ok(())
    }

    /// Takes the system variables and the header chain from target memory
    /// after the host changed it behind the machine's back (a reset to the
    /// state boot leaves).
    pub fn reload_from_target(&mut self) -> Result<(), Diagnostic> {
        self.sync_in()
    }

    /// Takes the target's variables back after it ran.
    pub(super) fn sync_in(&mut self) -> Result<(), Diagnostic> {
        let bytes = self
            .emu
            .read_mem(self.ram, SYSVARS_SIZE as usize)
            .map_err(|e| Diagnostic::new(self.span, e.to_string()))?;
        self.sys.load(&bytes);
        self.note_reach();
        self.reorigin();
        self.index_new_words()?;
        let out = self.emu.take_output();
        if !out.is_empty() {
            self.print(&out);
        }
        Ok(())
    }

    /// Starts `xt` on the target with the build's data stack, through the
    /// kernel's `(host-execute)` once it exists.
    pub fn start(&mut self, xt: u32, input: &mut Input) -> Result<(Run, Outcome), Diagnostic> {
        let trampoline = self.intrinsic_word("(host-execute)");
        let mut args = std::mem::take(&mut self.stack);
        let entry = match trampoline {
            Some(t) => {
                args.push(xt | 1);
                t
            }
            None => xt,
        };
        let started = Instant::now();
        self.sync_out(input)?;
        let pointers = (self.sys(DP), self.sys(RAM_DP));
        let instructions_before = self.emu.instructions();
        let outcome = self.emu.call(entry & !1, &args, self.call_budget);
        let run = Run {
            trampoline,
            started,
            pointers,
            instructions_before,
        };
        Ok((run, outcome))
    }

    /// Ends a run: takes the target's state back and the stack the word
    /// left. A raised, uncaught exception, a fault, `bye` and a stack or a
    /// dictionary pointer left out of bounds are errors naming `what`.
    pub fn finish(
        &mut self,
        run: Run,
        outcome: Outcome,
        what: &str,
        input: &mut Input,
    ) -> Result<(), Diagnostic> {
        self.executed += self.emu.instructions() - run.instructions_before;
        let thrown = self.pending_throw.take();
        self.sync_in()?;
        self.execution_time += run.started.elapsed();
        match outcome {
            Ok(stack) => {
                self.check_dictionary_pointers(run.pointers, what)?;
                self.take_results(stack, run.trampoline.is_some(), thrown, what, input)
            }
            Err(mut fault) => {
                self.stack.clear();
                // The emulator knows no symbols during a build: name the
                // word from the dictionary.
                if fault.symbol.is_none() {
                    fault.symbol = self.dict.word_at(fault.pc);
                }
                Err(self.fault_diagnostic(&fault, what))
            }
        }
    }

    /// The stack a word left becomes the build's, once checked.
    fn take_results(
        &mut self,
        mut stack: Vec<u32>,
        trampoline: bool,
        thrown: Option<(u32, Diagnostic)>,
        what: &str,
        input: &mut Input,
    ) -> Result<(), Diagnostic> {
        if trampoline {
            // The trampoline pushes its exception code on whatever the word
            // left. A word that took one cell more than the stack held
            // leaves r7 one cell above the base, and that push brings it
            // back to an empty stack: no code at all means the word
            // underflowed (two or more cells too many are caught by the
            // emulator's depth check).
            let Some(exc) = stack.pop() else {
                self.stack.clear();
                return Err(Diagnostic::new(
                    self.span,
                    format!("stack underflow in `{what}` during build-time execution"),
                ));
            };
            if exc != 0 {
                self.stack = stack;
                return Err(match thrown {
                    // The exception the host raised came back uncaught:
                    // the error it stood for is the report.
                    Some((raised, error)) if raised == exc => error,
                    _ => self.uncaught(exc, what, input),
                });
            }
        }
        if stack.len() > MAX_BUILD_STACK {
            self.stack.clear();
            return Err(Diagnostic::new(
                self.span,
                format!(
                    "data stack overflow: `{what}` left {} items on the stack (at most {MAX_BUILD_STACK})",
                    stack.len()
                ),
            ));
        }
        self.stack = stack;
        Ok(())
    }

    /// A word may move HERE and RAM HERE (`allot`, `ram-allot`), but not out
    /// of their regions: past the end, the next definition would land outside
    /// memory or on the stacks (`$7FFFFFFF ram-allot`). The pointers go back
    /// to what they were and the word is named.
    fn check_dictionary_pointers(
        &mut self,
        (dp0, ram_dp0): (u32, u32),
        what: &str,
    ) -> Result<(), Diagnostic> {
        let (dp, ram_dp) = (self.sys(DP), self.sys(RAM_DP));
        let flash_start = self.target.flash.origin;
        let ram_start = self.ram + RAM_DICT;
        let ram_limit = self.ram_limit();
        let problem = if dp != dp0 && !(flash_start..=self.flash_limit).contains(&dp) {
            Some(format!(
                "`{what}` moved the flash dictionary pointer to {dp:#010x}, outside flash \
                 dictionary space ({flash_start:#010x}..{:#010x}); {} bytes were left",
                self.flash_limit,
                self.flash_limit.saturating_sub(dp0)
            ))
        } else if ram_dp != ram_dp0 && !(ram_start..=ram_limit).contains(&ram_dp) {
            Some(format!(
                "`{what}` moved the RAM dictionary pointer to {ram_dp:#010x}, outside RAM \
                 dictionary space ({ram_start:#010x}..{ram_limit:#010x}); {} bytes were left",
                ram_limit.saturating_sub(ram_dp0)
            ))
        } else {
            None
        };
        let Some(message) = problem else {
            return Ok(());
        };
        self.set_sys(DP, dp0);
        self.set_sys(RAM_DP, ram_dp0);
        self.reorigin();
        Err(Diagnostic::new(self.span, message))
    }

    /// The target's `evaluate` (an `svc` at `pc`) asks the host to
    /// interpret a string: takes the request and the target's data stack,
    /// which becomes the build's while the host interprets.
    pub fn accept_evaluate(&mut self, pc: u32) -> Result<EvaluateCall, Diagnostic> {
        const KEPT: [u8; 9] = [4, 5, 8, 9, 10, 11, 12, 13, 14];
        let saved: Vec<(u8, u32)> = KEPT.iter().map(|&r| (r, self.emu.reg(r))).collect();
        let mut stack = self
            .emu
            .data_stack()
            .map_err(|why| Diagnostic::new(self.span, format!("`evaluate`: {why}")))?;
        self.sync_in()?;
        let (Some(len), Some(addr)) = (stack.pop(), stack.pop()) else {
            return Err(Diagnostic::new(
                self.span,
                "stack underflow: `evaluate` needs addr u",
            ));
        };
        self.stack = stack;
        let (data_stack_base, return_stack_top) =
            (self.emu.data_stack_base(), self.emu.return_stack_top());
        let below = (self.emu.reg(13).saturating_sub(64)) & !7;
        Ok(EvaluateCall {
            addr,
            len,
            pc,
            saved,
            data_stack_base,
            return_stack_top,
            below,
        })
    }

    /// Words the host runs while it serves `call` get the return stack
    /// below the suspended one (or, `nested` false, the whole one again).
    pub fn nest_return_stack(&mut self, call: &EvaluateCall, nested: bool) {
        let top = if nested {
            call.below
        } else {
            call.return_stack_top
        };
        self.emu.set_call_stacks(call.data_stack_base, top);
    }

    /// Resumes the target after the host interpreted its string, with the
    /// build's data stack as the target's.
    pub fn resume_evaluate(
        &mut self,
        call: EvaluateCall,
        input: &mut Input,
    ) -> Result<Outcome, Diagnostic> {
        let pc = call.pc + 2;
        let stack = self.back_to_suspended(call, input)?;
        Ok(self.emu.resume(pc, &stack, self.call_budget))
    }

    /// Resumes the target at its `evaluate` by raising `exc` there through
    /// the kernel's `raise` (`?raise`), as the board's own interpreter
    /// would have for `error`: the innermost `try` or `catch` of the
    /// suspended run receives it. At the least that is the run's own
    /// trampoline, which hands it back to [`Machine::finish`], where
    /// `error` becomes the report again.
    pub fn raise_in_evaluate(
        &mut self,
        call: EvaluateCall,
        raise: u32,
        exc: u32,
        error: Diagnostic,
        input: &mut Input,
    ) -> Result<Outcome, Diagnostic> {
        // The cells below keep their places: the handler's saved depth
        // points among them.
        let mut stack = self.back_to_suspended(call, input)?;
        stack.push(exc);
        self.pending_throw = Some((exc, error));
        Ok(self.emu.resume(raise & !1, &stack, self.call_budget))
    }

    /// The target's state and the suspended run's registers back in place;
    /// the data stack it resumes with.
    fn back_to_suspended(
        &mut self,
        call: EvaluateCall,
        input: &mut Input,
    ) -> Result<Vec<u32>, Diagnostic> {
        self.sync_out(input)?;
        for (r, v) in call.saved {
            self.emu.set_reg(r, v);
        }
        Ok(std::mem::take(&mut self.stack))
    }
}
