//! One build's parts put together: the machine (the emulated board and the
//! dictionary in its memory), the definition the code generator is
//! compiling, and the outer interpreter's state (the input, the files, the
//! sources read). The outer interpreter ([`crate::interp`]) is what drives
//! them; this module only holds them and gets them back to interpreting
//! after an error.

use target::Target;

use crate::compiler::Compiler;
use crate::definition::Definition;
use crate::diag::Diagnostic;
use crate::files::Files;
use crate::input::{Input, Multiline};
use crate::layout::STATE;
use crate::machine::Machine;
use crate::source::{Sources, Span};

pub struct Session {
    pub machine: Machine,
    /// The colon definition being compiled, if any.
    pub def: Option<Definition>,
    /// The definition being compiled is a `:noname`.
    pub noname: bool,
    /// Every file and line the build read, for diagnostics.
    pub sources: Sources,
    pub files: Files,
    pub input: Input,
    /// A comment, skipped `[if]` branch or `code` body spanning lines.
    pub multiline: Option<Multiline>,
    /// `evaluate`s the target asked the host for and that are still running.
    pub evaluate_depth: usize,
    /// Where the outermost of those was started, for the runaway message.
    pub evaluate_origin: Option<Span>,
    /// Counter for the two transient string buffers.
    pub string_buffer: u32,
}

impl Session {
    pub fn new(target: &Target) -> Result<Session, Diagnostic> {
        Ok(Session {
            machine: Machine::new(target)?,
            def: None,
            noname: false,
            sources: Sources::default(),
            files: Files::default(),
            input: Input::default(),
            multiline: None,
            evaluate_depth: 0,
            evaluate_origin: None,
            string_buffer: 0,
        })
    }

    /// The code generator, writing into this session's dictionary.
    pub fn compiler(&mut self) -> Compiler<'_> {
        Compiler {
            machine: &mut self.machine,
            def: &mut self.def,
        }
    }

    /// Back to interpreting after an error, as a terminal does: any
    /// definition in progress is abandoned and the stack emptied.
    pub fn recover(&mut self) {
        self.machine.stack.clear();
        self.multiline = None;
        self.abandon_definition();
    }

    /// Drops the definition being compiled and returns to interpreting.
    pub fn abandon_definition(&mut self) {
        self.def = None;
        self.noname = false;
        let m = &mut self.machine;
        m.set_sys(STATE, 0);
        // A definition cut short keeps its (hidden) header and partial
        // code, so LATEST and the header chain stay whole.
        if m.flush().is_err() {
            m.reorigin();
        }
    }
}
