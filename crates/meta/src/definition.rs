//! A colon definition (or does-part) under construction: what the code
//! generator holds back and remembers between the words it compiles.

use std::collections::HashMap;

use thumb::Reg;

use crate::source::Span;
use crate::vstack::VStack;

/// The innermost do-loop the host compiled, as the registers hold it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoopCache {
    /// The loop's entry, which loads the registers from the frame: its
    /// do-sys names it, and a `loop` is matched with its `do` by it.
    pub entry: u32,
    /// Where the host's `loop` branches back to, past the loads.
    pub head: u32,
    /// r12 and lr hold the index and limit (the frame's index may be stale).
    pub valid: bool,
    /// Cells pushed on the return stack above the frame since `do`.
    pub rdepth: i32,
    /// The registers the held stack items are in at the head.
    pub form: Vec<Reg>,
    /// The host's `leave`s, branches to the loop's end in its form.
    pub leaves: Vec<u32>,
}

/// How a forward branch is taken: the held registers (deepest first) and,
/// when the innermost loop's registers are valid, the return-stack cells
/// above its frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Form {
    pub regs: Vec<Reg>,
    pub cached: Option<i32>,
}

#[derive(Clone, Debug)]
pub struct Definition {
    /// The dictionary index of the word, None for `:noname`.
    pub word: Option<usize>,
    pub xt: u32,
    pub name: String,
    pub span: Option<Span>,
    /// The top of the data stack as the code generator holds it back.
    pub stack: VStack,
    /// A call at (address, callee) that nothing branches past; it is the
    /// last thing emitted while HERE is still the address after it.
    pub last_call: Option<(u32, u32, u32)>,
    /// Depth of the build stack at `:`, to catch unbalanced structures.
    pub depth: usize,
    /// The form a forward branch at this orig is taken with; an orig not
    /// here is taken in the canonical form with no loop registers.
    pub forms: HashMap<u32, Form>,
    /// The definition's steps while it can still be inlined (None once it
    /// did something a replay could not repeat: `exit`, a string, `[`, an
    /// immediate word, a return-stack word outside its own loops).
    pub replay: Option<Vec<crate::replay::Replay>>,
    /// Do-loops open in the recording.
    pub replay_loops: u32,
    /// Steps being compiled by the compiler itself (a word's own parts, an
    /// inlined body), which are not recorded.
    pub mute: u32,
    /// The do-loops the host compiled that are open, innermost last.
    pub loops: Vec<LoopCache>,
    /// Nothing falls through to HERE (after an exit or an unconditional
    /// branch): the next branch target need not reconcile.
    pub unreachable: bool,
    /// The locals the definition declared, once it has.
    pub locals: Option<Locals>,
    /// Names `(local)` was given, until `0 0 (local)` declares them.
    pub pending_locals: Vec<String>,
    /// The kernel's `:` began it: its header is not findable until the
    /// kernel's `publish` runs, which `;` then does.
    pub publish: bool,
}

/// A definition's locals: a frame on the return stack, made where they are
/// declared and released by every `exit` and by `;`. A local is read at a
/// fixed offset from SP, so the compiler counts what the return stack holds
/// above the frame (do-loop frames it finds on the control-flow stack, and
/// `>r`, `r>`, `unloop` ... as it compiles them).
#[derive(Clone, Debug, Default)]
pub struct Locals {
    /// The names, lower case, in the order they were declared.
    pub names: Vec<String>,
    /// How many of them, the first, took their values from the stack.
    pub args: usize,
    /// Cells pushed on the return stack above the frame, do-loop frames
    /// apart.
    pub above: i32,
    /// `above` where each open forward branch is taken, for the code after
    /// an `exit` or `leave` that the branch target makes reachable again.
    pub at_orig: HashMap<u32, i32>,
}

impl Locals {
    /// The frame's cell for local `i`, counted from SP after the frame was
    /// made: the arguments were pushed from the top of the stack down, so
    /// the first is lowest, and the uninitialised ones are below them.
    pub fn slot(&self, i: usize) -> i32 {
        let uninit = self.names.len() - self.args;
        (if i < self.args {
            uninit + i
        } else {
            i - self.args
        }) as i32
    }

    /// The newest local called `name` (lower case).
    pub fn find(&self, name: &str) -> Option<usize> {
        self.names.iter().rposition(|n| n == name)
    }
}

impl Definition {
    /// A definition whose code starts at `xt`, begun with `depth` items on
    /// the build stack.
    pub fn new(
        word: Option<usize>,
        xt: u32,
        name: String,
        span: Option<Span>,
        depth: usize,
    ) -> Definition {
        Definition {
            word,
            xt,
            name,
            span,
            stack: VStack::canonical(),
            last_call: None,
            depth,
            forms: HashMap::new(),
            loops: Vec::new(),
            replay: Some(Vec::new()),
            replay_loops: 0,
            mute: 0,
            unreachable: false,
            locals: None,
            pending_locals: Vec::new(),
            publish: false,
        }
    }
}
