//! Fault reports: what stopped a program other than a semihosting exit,
//! where, and the machine state around it.

use std::fmt;

/// Why the program stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FaultKind {
    /// A load from an address no region covers.
    ReadUnmapped(u32),
    /// A store to an address no region covers.
    WriteUnmapped(u32),
    /// Execution reached an address no region covers.
    FetchUnmapped(u32),
    /// An encoding the CPU model does not implement: UDF, or any Thumb-2
    /// instruction on the cortex-m0 model (the ARMv6-M legality check).
    UndefinedInstruction,
    /// A `bkpt` other than the semihosting `bkpt 0xab`.
    Breakpoint(u8),
    /// An `svc`: the emulator takes no exceptions, so nothing would handle it.
    Svc(u8),
    /// A fault that escalates to HardFault on the chip (bad state, bus or
    /// alignment fault); [`Fault::detail`] says which.
    HardFault,
    /// The run's instruction budget (the number given) was used up.
    BudgetExhausted(u64),
    /// The program ran this many instructions after it last took a byte of
    /// console input ([`crate::Emulator::set_budget_per_input`]).
    InputBudgetExhausted(u64),
    /// `wfi`/`wfe` with no interrupt source: the emulator models none, so the
    /// core would sleep forever.
    Wfi,
    /// An access the chip would not let reach its peripheral (a block held
    /// in reset, a peripheral whose clock is off, a UART whose baud rate the
    /// host could not read): what and why, in a sentence.
    Peripheral(String),
    /// A store into the guard band below the build's stacks (see
    /// [`crate::Emulator::set_stack_guard`]), at the address given: a stack
    /// grew past its room.
    StackGuard(u32),
    /// A store into flash below the boundary the build protects (see
    /// [`crate::Emulator::set_flash_boundary`]), at the address given.
    ProtectedStore(u32),
    /// A semihosting exit (status given) inside [`crate::Emulator::call`]:
    /// the routine ended the program instead of returning, as `bye` does.
    Exited(u32),
    Other(String),
}

impl fmt::Display for FaultKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FaultKind::ReadUnmapped(a) => write!(f, "read of unmapped address {a:#010x}"),
            FaultKind::WriteUnmapped(a) => write!(f, "write to unmapped address {a:#010x}"),
            FaultKind::FetchUnmapped(a) => {
                write!(f, "instruction fetch from unmapped address {a:#010x}")
            }
            FaultKind::UndefinedInstruction => write!(f, "undefined instruction"),
            FaultKind::Breakpoint(n) => write!(f, "breakpoint bkpt #{n:#04x}"),
            FaultKind::Svc(n) => write!(f, "svc #{n} with no exception handling"),
            FaultKind::HardFault => write!(f, "HardFault"),
            FaultKind::BudgetExhausted(n) => write!(f, "instruction budget of {n} exhausted"),
            FaultKind::InputBudgetExhausted(n) => write!(
                f,
                "instruction budget of {n} exhausted since the program started or last read console input"
            ),
            FaultKind::Wfi => write!(f, "wfi/wfe with no interrupt source"),
            FaultKind::Peripheral(why) => write!(f, "{why}"),
            FaultKind::StackGuard(a) => {
                write!(f, "store to {a:#010x}, in the guard band below the stacks")
            }
            FaultKind::ProtectedStore(a) => write!(f, "store to protected flash at {a:#010x}"),
            FaultKind::Exited(n) => write!(f, "the program exited (status {n}) inside a call"),
            FaultKind::Other(s) => f.write_str(s),
        }
    }
}

/// A report of a program that stopped abnormally.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fault {
    pub kind: FaultKind,
    /// Address of the faulting instruction (for a budget stop, of the next
    /// instruction that would have run).
    pub pc: u32,
    /// The symbol containing `pc`, as `WORD+0x12`.
    pub symbol: Option<String>,
    /// r0..r15 (r13 = SP, r14 = LR, r15 = PC).
    pub regs: [u32; 16],
    pub xpsr: u32,
    /// A sentence on the cause where the kind alone does not say it.
    pub detail: Option<String>,
    /// The top of the data stack, top first: r6 (TOS), then the cells from
    /// r7 upwards (see [`crate::stack`]).
    pub data_stack: Vec<u32>,
    /// The top of the return stack: words from SP upwards.
    pub return_stack: Vec<u32>,
    /// Instructions executed before the fault, since the machine was built.
    pub instructions: u64,
}

impl Fault {
    /// The first line of the report, usable alone as a summary.
    pub fn summary(&self) -> String {
        let mut s = format!("fault: {} at {:#010x}", self.kind, self.pc);
        if let Some(sym) = &self.symbol {
            s.push_str(" in ");
            s.push_str(sym);
        }
        s
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.summary())?;
        if let Some(d) = &self.detail {
            writeln!(f, "  {d}")?;
        }
        for row in 0..4 {
            f.write_str(" ")?;
            for col in 0..4 {
                let n = row * 4 + col;
                let name = match n {
                    13 => "sp".to_string(),
                    14 => "lr".to_string(),
                    15 => "pc".to_string(),
                    _ => format!("r{n}"),
                };
                write!(f, " {name:>3} {:#010x}", self.regs[n])?;
            }
            writeln!(f)?;
        }
        writeln!(
            f,
            "  xpsr {:#010x}  after {} instructions",
            self.xpsr, self.instructions
        )?;
        write!(f, "  data stack (top first):")?;
        if self.data_stack.is_empty() {
            write!(f, " empty")?;
        }
        for v in &self.data_stack {
            write!(f, " {v:#x}")?;
        }
        writeln!(f)?;
        write!(f, "  return stack (sp upwards):")?;
        if self.return_stack.is_empty() {
            write!(f, " none readable")?;
        }
        for v in &self.return_stack {
            write!(f, " {v:#010x}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_line_names_kind_address_and_word() {
        let f = Fault {
            kind: FaultKind::ReadUnmapped(0x3000_0004),
            pc: 0x1000_0124,
            symbol: Some("peek+0x12".into()),
            regs: [0; 16],
            xpsr: 0x0100_0000,
            detail: None,
            data_stack: vec![3, 2],
            return_stack: vec![],
            instructions: 42,
        };
        let text = f.to_string();
        assert_eq!(
            text.lines().next().unwrap(),
            "fault: read of unmapped address 0x30000004 at 0x10000124 in peek+0x12"
        );
        assert!(text.contains("data stack (top first): 0x3 0x2"));
        assert!(text.contains("after 42 instructions"));
    }
}
