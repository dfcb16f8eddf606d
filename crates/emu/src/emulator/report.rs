//! Reports of what stopped a run: a Unicorn error or an unexplained stop
//! turned into a [`Fault`] that names the instruction, its word, the
//! registers and the top of both stacks.

use unicorn_engine::uc_error;
use unicorn_engine::unicorn_const::HookType;

use super::{Emulator, REPORT_CELLS, XPSR_T};
use crate::fault::{Fault, FaultKind};
use crate::stack;

impl Emulator {
    /// Unicorn returned normally away from the trap: WFI and WFE do that.
    pub(super) fn stopped_without_error(&self, pc: u32) -> Fault {
        let hw = |a: u32| {
            self.uc
                .mem_read_as_vec(a as u64, 2)
                .map(|b| u16::from_le_bytes([b[0], b[1]]))
                .unwrap_or(0)
        };
        let narrow = matches!(hw(pc.wrapping_sub(2)), 0xbf20 | 0xbf30);
        let wide =
            hw(pc.wrapping_sub(4)) == 0xf3af && matches!(hw(pc.wrapping_sub(2)), 0x8002 | 0x8003);
        if narrow {
            self.fault(FaultKind::Wfi, None, pc.wrapping_sub(2))
        } else if wide {
            self.fault(FaultKind::Wfi, None, pc.wrapping_sub(4))
        } else {
            self.fault(
                FaultKind::Other("emulation stopped for no known reason".into()),
                None,
                pc,
            )
        }
    }

    pub(super) fn unicorn_fault(&self, e: uc_error, pc: u32) -> Fault {
        let unmapped = self.uc.get_data().unmapped;
        let addr = |want: HookType| match unmapped {
            Some((kind, a)) if kind == want => a,
            _ => pc,
        };
        match e {
            uc_error::READ_UNMAPPED => self.fault(
                FaultKind::ReadUnmapped(addr(HookType::MEM_READ_UNMAPPED)),
                None,
                pc,
            ),
            uc_error::WRITE_UNMAPPED => self.fault(
                FaultKind::WriteUnmapped(addr(HookType::MEM_WRITE_UNMAPPED)),
                None,
                pc,
            ),
            uc_error::FETCH_UNMAPPED => self.fault(
                FaultKind::FetchUnmapped(addr(HookType::MEM_FETCH_UNMAPPED)),
                None,
                pc,
            ),
            uc_error::INSN_INVALID if self.reg(16) & XPSR_T == 0 => self.fault(
                FaultKind::HardFault,
                Some("INVSTATE: execution in ARM state; a branch target had bit 0 clear".into()),
                pc,
            ),
            uc_error::INSN_INVALID => {
                let detail = self.undefined_detail(pc);
                self.fault(FaultKind::UndefinedInstruction, Some(detail), pc)
            }
            uc_error::FETCH_PROT => self.fault(
                FaultKind::Other(format!(
                    "instruction fetch from non-executable memory at {pc:#010x}"
                )),
                None,
                pc,
            ),
            uc_error::READ_UNALIGNED | uc_error::WRITE_UNALIGNED | uc_error::FETCH_UNALIGNED => {
                self.fault(
                    FaultKind::HardFault,
                    Some(format!("unaligned access ({e:?})")),
                    pc,
                )
            }
            other => self.fault(
                FaultKind::Other(format!("unicorn stopped with {other:?}")),
                None,
                pc,
            ),
        }
    }

    /// "f241 2034: not an instruction of the cortex-m0 model (armv6m)".
    fn undefined_detail(&self, pc: u32) -> String {
        let bytes = self.uc.mem_read_as_vec(pc as u64, 4).unwrap_or_default();
        let hws: Vec<u16> = bytes
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        let text = match hws.as_slice() {
            [a, b] if crate::count::is_wide(*a) => format!("{a:04x} {b:04x}"),
            [a, ..] => format!("{a:04x}"),
            [] => "?".into(),
        };
        format!(
            "{text}: not an instruction of the {} model ({})",
            self.cpu_model(),
            self.target.profile.name()
        )
    }

    /// A report of the machine as it stands, for a fault at `pc`.
    pub(super) fn fault(&self, kind: FaultKind, detail: Option<String>, pc: u32) -> Fault {
        let mut regs = [0u32; 16];
        for (n, r) in regs.iter_mut().enumerate() {
            *r = self.reg(n as u8);
        }
        Fault {
            kind,
            pc,
            symbol: self.symbols.describe(pc),
            regs,
            xpsr: self.reg(16),
            detail,
            data_stack: self.data_stack_view(regs[6], regs[7]),
            return_stack: self.words_from(regs[13], REPORT_CELLS),
            instructions: self.instructions(),
        }
    }

    /// Up to `n` readable words from `addr` upwards.
    fn words_from(&self, addr: u32, n: usize) -> Vec<u32> {
        (0..n as u32)
            .map_while(|i| self.read_word(addr.wrapping_add(4 * i)))
            .collect()
    }

    /// TOS first: r6, then cells from r7 up. With r7 inside the call data
    /// stack, stop at the base (the cell below it is the empty-stack dummy).
    fn data_stack_view(&self, r6: u32, r7: u32) -> Vec<u32> {
        match stack::depth(self.data_stack_base, r7) {
            Ok(0) => Vec::new(),
            Ok(depth) => {
                let mut v = vec![r6];
                v.extend(self.words_from(r7, (depth - 1).min(REPORT_CELLS - 1)));
                v
            }
            Err(_) => {
                let mut v = vec![r6];
                v.extend(self.words_from(r7, REPORT_CELLS - 1));
                v
            }
        }
    }
}
