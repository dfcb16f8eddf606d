//! DWT: CYCCNT reads the number of executed instructions, so `cycles` in
//! Forth benchmarks measures the same thing on the emulator as on a
//! Cortex-M33/M4 board running one instruction per cycle. The counter runs
//! whether or not CTRL.CYCCNTENA is set; a write to CYCCNT sets its value.
//! Every other register reads back what was written.

use crate::mmio::regs::Regs;

/// Where the Data Watchpoint and Trace unit sits; CYCCNT is at +4.
pub(crate) const DWT_BASE: u32 = 0xE000_1000;

pub(crate) const CYCCNT: u32 = 0x004;

#[derive(Default)]
pub(crate) struct Dwt {
    regs: Regs,
    /// CYCCNT = `at_value` + instructions executed since `at_count`.
    at_value: u32,
    at_count: u64,
}

impl Dwt {
    /// `now` is the exact number of instructions executed before the
    /// accessing instruction.
    pub fn read(&self, off: u32, now: u64) -> u32 {
        match off & !3 {
            CYCCNT => self
                .at_value
                .wrapping_add(now.wrapping_sub(self.at_count) as u32),
            o => self.regs.get(o),
        }
    }

    pub fn write(&mut self, off: u32, value: u32, now: u64) {
        match off & !3 {
            CYCCNT => {
                self.at_value = value;
                self.at_count = now;
            }
            o => self.regs.set(o, value),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cyccnt_follows_the_instruction_count_from_a_written_value() {
        let mut d = Dwt::default();
        assert_eq!(d.read(CYCCNT, 1000), 1000);
        d.write(CYCCNT, 5, 1000);
        assert_eq!(d.read(CYCCNT, 1010), 15);
        d.write(0, 1, 1010);
        assert_eq!(d.read(0, 1011), 1);
    }
}
