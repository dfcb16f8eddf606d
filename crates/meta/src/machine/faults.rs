//! What went wrong on the board, as a message: a fault of a build-time
//! execution named after the word, a store into the finished image named
//! after what it hit, and an uncaught exception in the kernel's own words.

use emu::{Fault, FaultKind};

use crate::diag::Diagnostic;
use crate::input::Input;

use super::run::BUILD_DATA_STACK_ROOM;
use super::Machine;

impl Machine {
    pub(super) fn fault_diagnostic(&self, fault: &Fault, what: &str) -> Diagnostic {
        let inner = fault
            .symbol
            .as_ref()
            .map(|s| format!(" (at {s})"))
            .unwrap_or_default();
        let msg = match &fault.kind {
            FaultKind::Other(s) if s.contains("underflow") => {
                format!("stack underflow in `{what}` during build-time execution")
            }
            FaultKind::ProtectedStore(addr) => format!(
                "`{what}` stored into {addr:#010x}, which holds {}: build-time code may write \
                 only the dictionary it is building",
                self.image_part_at(*addr)
            ),
            FaultKind::StackGuard(_) if fault.regs[13] < self.emu.data_stack_base() => format!(
                "return stack overflow in `{what}`{inner} during build-time execution: \
                 recursion too deep, or without end"
            ),
            FaultKind::StackGuard(_) => format!(
                "data stack overflow in `{what}`{inner} during build-time execution: \
                 it pushed more than {} cells",
                BUILD_DATA_STACK_ROOM / 4
            ),
            FaultKind::Exited(status) => format!("`{what}` ended the program (status {status})"),
            FaultKind::BudgetExhausted(n) => {
                format!(
                    "`{what}` ran {n} instructions without returning: runaway build-time execution"
                )
            }
            _ => format!(
                "`{what}` faulted during build-time execution: {}",
                fault.summary()
            ),
        };
        let mut d = Diagnostic::new(self.span, msg);
        if let FaultKind::Exited(status) = fault.kind {
            d.exit_status = Some(status);
        }
        match &fault.kind {
            FaultKind::Other(s) if s.contains("underflow") => d,
            FaultKind::Exited(_) | FaultKind::StackGuard(_) => d,
            FaultKind::ProtectedStore(_) => d.note(format!(
                "in {}",
                fault
                    .symbol
                    .as_deref()
                    .unwrap_or("a word the build does not know")
            )),
            _ => d.note(fault.to_string()),
        }
    }

    /// What lives at `addr` in the finished part of flash, for messages.
    fn image_part_at(&self, addr: u32) -> String {
        if let Some((_, _, name)) = self
            .image_parts
            .iter()
            .find(|(start, end, _)| (*start..*end).contains(&addr))
        {
            return name.clone();
        }
        match self.dict.word_at(addr) {
            Some(at) => {
                let word = at.rsplit_once("+0x").map_or(at.as_str(), |(w, _)| w);
                format!("the code of the standard image's `{word}`")
            }
            None => "the standard image".to_owned(),
        }
    }

    /// An exception nobody caught: the kernel's `.exception` prints its
    /// message (running the exception's xt, or naming a thrown number by the
    /// standard's codes), as the board's console would.
    pub(super) fn uncaught(&mut self, exc: u32, what: &str, input: &mut Input) -> Diagnostic {
        let saved = std::mem::take(&mut self.console);
        let echo = std::mem::replace(&mut self.echo, false);
        let (entry, args) = match self.intrinsic_word(".exception") {
            Some(report) => (report, vec![exc]),
            None => (exc, Vec::new()),
        };
        let message = match self.sync_out(input).and_then(|_| {
            self.emu
                .call(entry & !1, &args, 1_000_000)
                .map_err(|f| Diagnostic::new(None, f.summary()))
        }) {
            Ok(_) => {
                let _ = self.sync_in();
                String::from_utf8_lossy(&self.console).trim().to_owned()
            }
            Err(_) => String::new(),
        };
        self.console = saved;
        self.echo = echo;
        let text = match self.dict.by_xt(exc).map(|i| self.dict.get(i).name.clone()) {
            Some(name) if message.is_empty() => name,
            Some(name) => format!("{message} ({name})"),
            None if message.is_empty() => format!("{}", exc as i32),
            None => message,
        };
        Diagnostic::new(
            self.span,
            format!("uncaught exception in `{what}` at build time: {text}"),
        )
    }
}
