//! Inlining small colon definitions: while a definition compiles, its
//! steps (words, literals, control-structure words) are recorded; at `;`
//! a short recording that a replay can repeat is kept, and a later use of
//! the word compiles the steps again in place of a call. The optimizer
//! then sees one stretch of code: no call, no return, no stack put in its
//! canonical form for the callee.

use crate::diag::Diagnostic;
use crate::intrinsic::Intrinsic;
use crate::replay::Replay;

use super::Compiler;

/// Steps at most in a definition that is inlined.
pub const MAX_STEPS: usize = 32;
/// Bytes of code at most in a definition inlined outside loops, where
/// inlining is about size: about what a call and its return take.
const SMALL_CODE: u32 = 12;
/// Inlined bodies inside inlined bodies, at most.
const MAX_NESTING: u32 = 3;

/// Words that reach into the return stack below the definition's own
/// frames: inlined, they would reach into the caller's.
const RETURN_STACK_WORDS: &[&str] = &[
    "i", "j", ">r", "r>", "r@", "rdrop", "2>r", "2r>", "2r@", "unloop", "rp@", "rp!",
];

impl Compiler<'_> {
    /// Records a step of the definition, unless the compiler itself is
    /// compiling it.
    pub(super) fn record(&mut self, step: Replay) {
        let Some(d) = self.def.as_mut() else {
            return;
        };
        if d.mute > 0 {
            return;
        }
        let outside_loops = d.replay_loops == 0;
        let repeatable = match step {
            Replay::Control(Intrinsic::Exit) => false,
            Replay::Control(Intrinsic::Leave) => !outside_loops,
            Replay::Word(i) => {
                let w = self.machine.dict.get(i);
                let name = w.name.to_ascii_lowercase();
                // A copied code word that moves SP counts as one too.
                let moves_sp = w
                    .inline_body()
                    .is_some_and(|body| super::loops::rstack_effect(&name, body) != Some(0));
                !(outside_loops && (moves_sp || RETURN_STACK_WORDS.contains(&name.as_str())))
            }
            _ => true,
        };
        match step {
            Replay::Control(Intrinsic::Do | Intrinsic::QDo) => d.replay_loops += 1,
            Replay::Control(Intrinsic::Loop | Intrinsic::PlusLoop) => {
                d.replay_loops = d.replay_loops.saturating_sub(1)
            }
            _ => {}
        }
        match (&mut d.replay, repeatable) {
            (Some(steps), true) if steps.len() < MAX_STEPS => steps.push(step),
            _ => d.replay = None,
        }
    }

    /// The definition did something a replay could not repeat.
    pub(super) fn not_replayable(&mut self) {
        if let Some(d) = self.def.as_mut().filter(|d| d.mute == 0) {
            d.replay = None;
        }
    }

    /// Runs `f` without recording its steps.
    pub(super) fn muted<T>(
        &mut self,
        f: impl FnOnce(&mut Self) -> Result<T, Diagnostic>,
    ) -> Result<T, Diagnostic> {
        if let Some(d) = self.def.as_mut() {
            d.mute += 1;
        }
        let r = f(self);
        if let Some(d) = self.def.as_mut() {
            d.mute -= 1;
        }
        r
    }

    /// Compiles the recorded steps of the word `xt` in place of a call;
    /// false when it has none or inlining is nested too deep.
    pub(super) fn try_inline(&mut self, xt: u32) -> Result<bool, Diagnostic> {
        let Some((steps, size)) = self.machine.bindings.replay(xt) else {
            return Ok(false);
        };
        if self.def.as_ref().is_none_or(|d| d.mute > MAX_NESTING) {
            return Ok(false);
        }
        // Where it runs many times, speed; elsewhere, size.
        if size > SMALL_CODE && !self.in_loop() {
            return Ok(false);
        }
        for step in steps.iter() {
            match *step {
                Replay::Word(i) => self.compile_word_body(i)?,
                Replay::Literal(v) => self.put(crate::vstack::Val::Imm(v))?,
                Replay::Control(intr) => self.control_body(intr)?,
            }
        }
        Ok(true)
    }

    /// Whether HERE is inside a `do` or `begin` loop of the definition.
    fn in_loop(&self) -> bool {
        let depth = self.def.as_ref().map_or(0, |d| d.depth);
        let stack = &self.machine.stack;
        stack.iter().skip(depth).any(|&t| {
            matches!(
                crate::control::Opener::from_tag(t),
                Some(
                    crate::control::Opener::Do
                        | crate::control::Opener::QDo
                        | crate::control::Opener::Begin
                )
            )
        })
    }

    /// At `;`: the recording, if the definition may be inlined.
    pub(super) fn finished_replay(&mut self) -> Option<Vec<Replay>> {
        let d = self.def.as_mut()?;
        let steps = d.replay.take()?;
        (self.machine.bindings.optimize && !steps.is_empty()).then_some(steps)
    }
}
