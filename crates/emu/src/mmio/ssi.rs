//! The RP2040 XIP SSI at 0x18000000, enough for a second-stage bootloader to
//! run: configuration writes are stored and read back, the status register
//! always reads idle with the transmit FIFO empty and not full, and the data
//! register reads 0 (a flash status register with WIP clear). Flash reads
//! through XIP do not depend on it: the flash region is plain memory.

use crate::mmio::regs::Regs;

/// The RP2040's XIP SSI, which boot2 programs.
pub(crate) const SSI_BASE: u32 = 0x1800_0000;

const SR: u32 = 0x28;
const DR0: u32 = 0x60;
/// SR.TFNF (transmit FIFO not full) | SR.TFE (transmit FIFO empty); BUSY clear.
const SR_IDLE: u32 = 0b110;

#[derive(Default)]
pub(crate) struct Ssi {
    regs: Regs,
}

impl Ssi {
    pub fn read(&self, off: u32) -> u32 {
        match off & !3 {
            SR => SR_IDLE,
            DR0 => 0,
            o => self.regs.get(o),
        }
    }

    pub fn write(&mut self, off: u32, value: u32) {
        if off & !3 != DR0 {
            self.regs.set(off, value);
        }
    }

    pub fn stored(&self, off: u32) -> u32 {
        self.regs.get(off)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_reads_idle_and_configuration_reads_back() {
        let mut s = Ssi::default();
        s.write(0x08, 0);
        s.write(0xf4, 0x0300_0218);
        assert_eq!(s.read(0xf4), 0x0300_0218);
        assert_eq!(s.read(SR) & 1, 0);
        assert_ne!(s.read(SR) & 4, 0);
    }
}
