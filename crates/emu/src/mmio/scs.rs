//! The System Control Space (0xE000E000..0xE000EFFF), which Unicorn leaves
//! unmapped. Firmware writes VTOR, priorities, CPACR and the like during
//! start-up; here every register reads back what was written, except:
//! - CPUID reads the identity of the target's core;
//! - SysTick counts down one step per executed instruction (one instruction
//!   per cycle) when enabled, reloads from RVR and sets COUNTFLAG, so polled
//!   delays work; its interrupt is never taken (no exceptions are delivered);
//! - AIRCR with the VECTKEY and SYSRESETREQ asks for a reset, which ends the
//!   run (there is no reset to perform);
//! - DHCSR's C_DEBUGEN reads 1 while a debugger is attached (`thumbforth
//!   run` acts as the debug host that semihosting needs) and 0 on a board on
//!   its own, so firmware can tell whether a `bkpt` would reach a debugger.

use target::Cpu;

use crate::mmio::regs::Regs;

/// System Control Space: SCB, SysTick, NVIC (one 4 KiB page).
pub(crate) const SCS_BASE: u32 = 0xE000_E000;

const SYST_CSR: u32 = 0x010;
const SYST_RVR: u32 = 0x014;
const SYST_CVR: u32 = 0x018;
const SYST_CALIB: u32 = 0x01c;
const CPUID: u32 = 0xd00;
pub(crate) const VTOR: u32 = 0xd08;
const AIRCR: u32 = 0xd0c;
const DHCSR: u32 = 0xdf0;
/// DHCSR.C_DEBUGEN and S_HALT's neighbours as a debugger leaves them.
const C_DEBUGEN: u32 = 1;

const CSR_ENABLE: u32 = 1;
const CSR_COUNTFLAG: u32 = 1 << 16;
const RELOAD_MASK: u32 = 0x00ff_ffff;

/// CPUID of each core (implementer Arm, variant, part number, revision).
fn cpuid(cpu: Cpu) -> u32 {
    match cpu {
        Cpu::CortexM0Plus => 0x410c_c601,
        Cpu::CortexM3 => 0x412f_c231,
        Cpu::CortexM4 => 0x410f_c241,
        Cpu::CortexM33 => 0x411f_d210,
    }
}

/// What a register write asks of the machine.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Request {
    None,
    Reset,
}

pub(crate) struct Scs {
    regs: Regs,
    cpu: Cpu,
    systick: SysTick,
    /// A debugger is attached: DHCSR.C_DEBUGEN reads 1, and semihosting
    /// `bkpt`s reach the host.
    pub debugger: bool,
}

impl Scs {
    pub fn new(cpu: Cpu) -> Scs {
        Scs {
            regs: Regs::default(),
            cpu,
            systick: SysTick::default(),
            debugger: true,
        }
    }

    /// `now`: exact instructions executed before the accessing instruction.
    pub fn read(&mut self, off: u32, now: u64) -> u32 {
        match off & !3 {
            SYST_CSR => self.systick.read_csr(now),
            SYST_RVR => self.systick.reload,
            SYST_CVR => self.systick.value(now),
            SYST_CALIB => 0,
            CPUID => cpuid(self.cpu),
            DHCSR if self.debugger => C_DEBUGEN,
            DHCSR => 0,
            o => self.regs.get(o),
        }
    }

    pub fn write(&mut self, off: u32, value: u32, now: u64) -> Request {
        match off & !3 {
            SYST_CSR => self.systick.write_csr(value, now),
            SYST_RVR => self.systick.write_reload(value, now),
            SYST_CVR => self.systick.clear(now),
            SYST_CALIB | CPUID | DHCSR => {}
            AIRCR if value >> 16 == 0x05fa && value & 4 != 0 => return Request::Reset,
            o => self.regs.set(o, value),
        }
        Request::None
    }

    /// Register value for read-modify-write merging of narrow writes.
    pub fn stored(&self, off: u32) -> u32 {
        self.regs.get(off)
    }
}

/// SysTick as a function of the instruction count.
#[derive(Default)]
struct SysTick {
    enabled: bool,
    /// TICKINT and CLKSOURCE, stored for reading back.
    other_bits: u32,
    reload: u32,
    /// The counter held `start_value` when `start` instructions had run;
    /// while disabled it stays at `start_value`.
    start: u64,
    start_value: u32,
    /// Count at the last CSR read, and a COUNTFLAG carried over re-basing.
    flag_checked: u64,
    flag: bool,
}

impl SysTick {
    fn value(&self, now: u64) -> u32 {
        if !self.enabled {
            return self.start_value;
        }
        let t = now.saturating_sub(self.start);
        let v0 = self.start_value as u64;
        if v0 > 0 && t <= v0 {
            return (v0 - t) as u32;
        }
        let since_zero = t - v0;
        if since_zero == 0 || self.reload == 0 {
            return 0;
        }
        let period = self.reload as u64 + 1;
        (self.reload as u64 - (since_zero - 1) % period) as u32
    }

    /// Times the counter reached zero by counting down, in (0, t] after start.
    fn zeros_until(&self, t: u64) -> u64 {
        let v0 = self.start_value as u64;
        let first = (v0 > 0 && t >= v0) as u64;
        let period = self.reload as u64 + 1;
        let later = if self.reload > 0 && t >= v0 + period {
            (t - v0) / period
        } else {
            0
        };
        first + later
    }

    fn reached_zero_since_check(&self, now: u64) -> bool {
        if !self.enabled {
            return false;
        }
        let from = self.flag_checked.saturating_sub(self.start);
        let to = now.saturating_sub(self.start);
        self.zeros_until(to) > self.zeros_until(from)
    }

    /// Restarts the timeline at `now` with the current value.
    fn rebase(&mut self, now: u64) {
        self.flag |= self.reached_zero_since_check(now);
        self.start_value = self.value(now);
        self.start = now;
        self.flag_checked = now;
    }

    fn read_csr(&mut self, now: u64) -> u32 {
        let flag = self.flag || self.reached_zero_since_check(now);
        self.flag = false;
        self.flag_checked = now;
        self.other_bits
            | if self.enabled { CSR_ENABLE } else { 0 }
            | if flag { CSR_COUNTFLAG } else { 0 }
    }

    fn write_csr(&mut self, value: u32, now: u64) {
        self.rebase(now);
        self.enabled = value & CSR_ENABLE != 0;
        self.other_bits = value & 0b110;
    }

    fn write_reload(&mut self, value: u32, now: u64) {
        self.rebase(now);
        self.reload = value & RELOAD_MASK;
    }

    /// Any write to CVR clears it and COUNTFLAG.
    fn clear(&mut self, now: u64) {
        self.start = now;
        self.start_value = 0;
        self.flag = false;
        self.flag_checked = now;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpuid_names_the_targets_core() {
        let mut s = Scs::new(Cpu::CortexM0Plus);
        assert_eq!(s.read(CPUID, 0) >> 4 & 0xfff, 0xc60);
        let mut s = Scs::new(Cpu::CortexM4);
        assert_eq!(s.read(CPUID, 0) >> 4 & 0xfff, 0xc24);
    }

    #[test]
    fn vtor_reads_back_and_reset_requests_are_reported() {
        let mut s = Scs::new(Cpu::CortexM33);
        assert_eq!(s.write(VTOR, 0x1000_0000, 0), Request::None);
        assert_eq!(s.read(VTOR, 5), 0x1000_0000);
        assert_eq!(s.write(AIRCR, 0x05fa_0004, 9), Request::Reset);
    }

    #[test]
    fn systick_counts_down_per_instruction_and_reloads() {
        let mut s = Scs::new(Cpu::CortexM4);
        s.write(SYST_RVR, 9, 0);
        s.write(SYST_CVR, 0, 0);
        s.write(SYST_CSR, 5, 100); // enable, processor clock
        assert_eq!(s.read(SYST_CVR, 100), 0);
        // First tick reloads to 9, then counts down to 0 at tick 10.
        assert_eq!(s.read(SYST_CVR, 101), 9);
        assert_eq!(s.read(SYST_CVR, 105), 5);
        assert_eq!(s.read(SYST_CSR, 105) & CSR_COUNTFLAG, 0);
        assert_eq!(s.read(SYST_CVR, 110), 0);
        assert_eq!(s.read(SYST_CSR, 110) & CSR_COUNTFLAG, CSR_COUNTFLAG);
        // Reading CSR cleared the flag.
        assert_eq!(s.read(SYST_CSR, 111) & CSR_COUNTFLAG, 0);
        assert_eq!(s.read(SYST_CVR, 111), 9);
        assert_eq!(s.read(SYST_CSR, 125) & CSR_COUNTFLAG, CSR_COUNTFLAG);
    }

    #[test]
    fn disabled_systick_holds_its_value() {
        let mut s = Scs::new(Cpu::CortexM4);
        s.write(SYST_RVR, 1000, 0);
        s.write(SYST_CSR, 1, 0);
        assert_eq!(s.read(SYST_CVR, 11), 990);
        s.write(SYST_CSR, 0, 11);
        assert_eq!(s.read(SYST_CVR, 500), 990);
    }
}
