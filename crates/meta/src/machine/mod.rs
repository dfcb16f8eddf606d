//! The emulated board a build runs on, and the dictionary in its memory:
//! the emulator, the host's copy of the system variables, the code not yet
//! written at HERE, the host's index of the headers, and the build's data
//! stack. It runs words on the board (`run`) and turns what goes wrong
//! there into messages (`faults`); it guards what build-time code may
//! write. It knows nothing of source text: the outer interpreter hands it
//! the input line to put in the board's input buffer.

// Faults are full reports that end a build; they are returned by value.
#![allow(clippy::result_large_err)]

mod faults;
mod headers;
mod memory;
pub mod run;
mod sysvars;

use emu::Emulator;
use target::Target;
use thumb::Profile;

use crate::bindings::Bindings;
use crate::diag::Diagnostic;
use crate::dict::Dictionary;
use crate::emit::Code;
use crate::layout::*;
use crate::source::Span;
use sysvars::SysVars;

/// Instructions one build-time execution may run before it counts as runaway.
pub const DEFAULT_CALL_BUDGET: u64 = 200_000_000;

pub struct Machine {
    pub emu: Emulator,
    pub target: Target,
    pub profile: Profile,
    /// The start of RAM, where the system variables are.
    pub ram: u32,
    sys: SysVars,
    /// The host's index of the header chain.
    pub dict: Dictionary,
    /// The kernel words the host compiles itself or folds literals into.
    pub bindings: Bindings,
    /// LATEST as the host last indexed it.
    indexed_latest: u32,
    /// How far flash HERE and RAM HERE have ever reached: code below may
    /// have run, so rewriting it must drop the emulator's translations.
    reached: (u32, u32),
    /// Code and data appended at HERE and not yet written to the target.
    pub code: Code,
    /// The build's data stack while interpreting (deepest first).
    pub stack: Vec<u32>,
    /// The span of the token being processed, for diagnostics.
    pub span: Option<Span>,
    pub call_budget: u64,
    /// Console output is printed as it comes (else collected in `console`).
    pub echo: bool,
    pub console: Vec<u8>,
    /// Instructions run by build-time execution.
    pub executed: u64,
    /// Wall time spent in build-time execution (for the compile-speed benchmark).
    pub execution_time: std::time::Duration,
    /// RAM cells (values, defers) whose build-time contents boot restores.
    pub ram_init_cells: Vec<u32>,
    /// RAM the build gave to named data (variables and buffers made while
    /// compiling to flash): (start, end, name), for messages.
    pub ram_named: Vec<(u32, u32, String)>,
    /// Named parts of the image's fixed start (vector table, boot block,
    /// start-up code), for messages about stores into them: (start, end, name).
    pub image_parts: Vec<(u32, u32, String)>,
    /// Flash below this address is the standard image, which build-time code
    /// may not store into (0 while the standard image itself is loading).
    pub standard_end: u32,
    /// Where the flash dictionary may grow to: the record sector starts here.
    pub flash_limit: u32,
    /// An error the host raised on the board as this exception (see
    /// [`Machine::raise_in_evaluate`]); a run that ends with it uncaught
    /// reports the error itself.
    pending_throw: Option<(u32, Diagnostic)>,
}

impl Machine {
    pub fn new(target: &Target) -> Result<Machine, Diagnostic> {
        let profile: Profile = target
            .profile
            .name()
            .parse()
            .map_err(|e: String| Diagnostic::new(None, e))?;
        let emu = Emulator::new(target)
            .map_err(|e| Diagnostic::new(None, format!("cannot build the emulated board: {e}")))?;
        let ram = target.ram.origin;
        let mut m = Machine {
            emu,
            target: target.clone(),
            profile,
            ram,
            sys: SysVars::new(),
            dict: Dictionary::default(),
            bindings: Bindings::default(),
            indexed_latest: 0,
            reached: (0, 0),
            code: Code::new(target.flash.origin, profile),
            stack: Vec::new(),
            span: None,
            call_budget: DEFAULT_CALL_BUDGET,
            echo: false,
            console: Vec::new(),
            executed: 0,
            execution_time: std::time::Duration::ZERO,
            ram_init_cells: Vec::new(),
            ram_named: Vec::new(),
            image_parts: Vec::new(),
            standard_end: 0,
            flash_limit: target.flash.end().min(u32::MAX as u64) as u32,
            pending_throw: None,
        };
        m.set_sys(BASE, 10);
        m.set_sys(RAM_DP, ram + RAM_DICT);
        m.set_sys(TIB_PTR, ram + TIB);
        m.set_sys(FLASH_FLAG, u32::MAX);
        m.set_sys(WID_COUNTER, FIRST_USER_WID);
        m.set_sys(NUM_ORDER, 1);
        m.set_sys(ORDER, FORTH_WORDLIST as u32);
        m.set_sys(HLD, ram + HOLD_END);
        Ok(m)
    }

    // --- system variables ---------------------------------------------------

    pub fn sys(&self, offset: u32) -> u32 {
        self.sys.get(offset)
    }

    pub fn set_sys(&mut self, offset: u32, v: u32) {
        self.sys.set(offset, v);
    }

    pub fn compiling(&self) -> bool {
        self.sys(STATE) != 0
    }

    pub fn base(&self) -> u32 {
        self.sys(BASE)
    }

    pub fn to_flash(&self) -> bool {
        self.sys(FLASH_FLAG) != 0
    }

    /// The search order as the system variables hold it.
    pub fn order(&self) -> &[u16] {
        self.sys.order()
    }

    /// `>IN`, in bytes. Target code sets it too (and sees at most the input
    /// buffer's 256 bytes of a line), so it can fall inside a character the
    /// host holds as UTF-8: whatever slices the line takes it back to the
    /// character's start (`source::char_floor`).
    pub fn to_in(&self) -> usize {
        self.sys(TO_IN) as usize
    }

    pub fn set_to_in(&mut self, v: usize) {
        self.set_sys(TO_IN, v as u32);
    }

    // --- words the host relies on ---------------------------------------------

    /// The xt of a kernel word the host relies on, if the kernel has it yet.
    pub fn intrinsic_word(&self, name: &str) -> Option<u32> {
        self.dict
            .find(name, &[FORTH_WORDLIST])
            .map(|i| self.dict.get(i).xt)
    }

    /// The xt of a visible word in the current search order.
    pub fn intrinsic_lookup(&self, name: &str) -> Option<u32> {
        self.dict
            .find(name, self.order())
            .map(|i| self.dict.get(i).xt)
    }

    // --- the console ------------------------------------------------------------

    /// Output of the build: printed as it comes when echoing, else kept.
    pub fn print(&mut self, bytes: &[u8]) {
        if self.echo {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(bytes);
            let _ = out.flush();
        } else {
            self.console.extend_from_slice(bytes);
        }
    }

    // --- facts shared with assembly ------------------------------------------------

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
