//! The two oscillators at the root of the tree: XOSC, which runs a crystal
//! only once its start-up delay has passed and only in a frequency range
//! that suits it, and ROSC, which runs at reset so that the chip can boot
//! without one.

use super::{ClockChip, Supply};
use crate::mmio::regs::Regs;
use crate::mmio::units::{mhz, PS_PER_S};

pub(super) const XOSC_CTRL: u32 = 0x00;
pub(super) const XOSC_STATUS: u32 = 0x04;
const XOSC_DORMANT: u32 = 0x08;
pub(super) const XOSC_STARTUP: u32 = 0x0c;
/// CTRL.ENABLE codes, shared by XOSC and ROSC.
pub(super) const ENABLE_CODE: u32 = 0xfab;
const DISABLE_CODE: u32 = 0xd1e;
/// CTRL.FREQ_RANGE at reset on both oscillators: XOSC's 1..15 MHz range,
/// ROSC's LOW.
const RANGE_RESET: u32 = 0xaa0;
pub(super) const STATUS_STABLE: u32 = 1 << 31;
pub(super) const STATUS_BADWRITE: u32 = 1 << 24;
pub(super) const STATUS_ENABLED: u32 = 1 << 12;

pub(super) struct Xosc {
    ctrl: u32,
    startup: u32,
    dormant: u32,
    enabled: bool,
    /// The FREQ_RANGE code in use.
    range: u32,
    stable: bool,
    /// When it becomes stable, in picoseconds of emulated time.
    stable_at: u128,
    badwrite: bool,
}

impl Xosc {
    pub fn new() -> Xosc {
        let mut x = Xosc {
            ctrl: 0,
            startup: 0,
            dormant: 0,
            enabled: false,
            range: RANGE_RESET,
            stable: false,
            stable_at: 0,
            badwrite: false,
        };
        x.power_on();
        x
    }

    /// Disabled, as at power-on.
    pub fn power_on(&mut self) {
        self.ctrl = 0;
        self.startup = 0;
        self.dormant = 0;
        self.enabled = false;
        self.range = RANGE_RESET;
        self.stable = false;
        self.badwrite = false;
    }

    /// Running and stable, as start-up code leaves it.
    pub fn boot(&mut self) {
        self.ctrl = ENABLE_CODE << 12 | RANGE_RESET;
        self.enabled = true;
        self.stable = true;
    }

    /// What it gives with the board's crystal of `crystal_hz`.
    pub fn supply(&self, chip: &ClockChip, crystal_hz: u64) -> Supply {
        if !self.enabled {
            return Supply::Stopped("XOSC is disabled (XOSC.CTRL.ENABLE is not 0xFAB)".into());
        }
        let suits = chip
            .xosc_ranges
            .iter()
            .any(|&(code, lo, hi)| code == self.range && (lo..=hi).contains(&crystal_hz));
        if !suits {
            return Supply::Stopped(format!(
                "XOSC.CTRL.FREQ_RANGE {:#x} does not suit the board's {} crystal",
                self.range,
                mhz(crystal_hz)
            ));
        }
        if !self.stable {
            return Supply::Starting("XOSC is starting (XOSC.STATUS.STABLE clear)".into());
        }
        Supply::Runs(crystal_hz)
    }

    /// Lets time pass to `now_ps`: the crystal becomes stable once its
    /// start-up delay is over.
    pub fn settle(&mut self, now_ps: u128) {
        if self.enabled && !self.stable && now_ps >= self.stable_at {
            self.stable = true;
        }
    }

    pub fn read(&self, off: u32) -> u32 {
        match off {
            XOSC_CTRL => self.ctrl,
            XOSC_STATUS => {
                let flag = |on: bool, bit: u32| if on { bit } else { 0 };
                flag(self.stable, STATUS_STABLE)
                    | flag(self.badwrite, STATUS_BADWRITE)
                    | flag(self.enabled, STATUS_ENABLED)
                    | (self.range & 3)
            }
            XOSC_DORMANT => self.dormant,
            XOSC_STARTUP => self.startup,
            _ => 0,
        }
    }

    /// A write at `now_ps`; enabling starts the delay of STARTUP.DELAY ×
    /// 256 periods of the `crystal_hz` crystal (× 4 with X4).
    pub fn write(&mut self, off: u32, value: u32, now_ps: u128, crystal_hz: u64) {
        match off {
            XOSC_CTRL => self.write_ctrl(value, now_ps, crystal_hz),
            XOSC_STATUS if value & STATUS_BADWRITE != 0 => self.badwrite = false,
            XOSC_DORMANT => self.dormant = value,
            XOSC_STARTUP => self.startup = value & 0x0010_3fff,
            _ => {}
        }
    }

    /// An invalid FREQ_RANGE or ENABLE code keeps what was there and sets
    /// STATUS.BADWRITE.
    fn write_ctrl(&mut self, value: u32, now_ps: u128, crystal_hz: u64) {
        self.ctrl = value & 0x00ff_ffff;
        let range = value & 0xfff;
        if (0xaa0..=0xaa3).contains(&range) {
            self.range = range;
        } else {
            self.badwrite = true;
        }
        let enable = match (value >> 12) & 0xfff {
            ENABLE_CODE => true,
            DISABLE_CODE => false,
            _ => {
                self.badwrite = true;
                self.enabled
            }
        };
        if enable && !self.enabled {
            let cycles = (self.startup & 0x3fff) as u128
                * 256
                * if self.startup & 1 << 20 != 0 { 4 } else { 1 };
            self.stable_at = now_ps + cycles * PS_PER_S / crystal_hz.max(1) as u128;
        }
        if !enable {
            self.stable = false;
        }
        self.enabled = enable;
    }
}

/// The ring oscillator: CTRL decides whether it runs; the frequency
/// controls and divider are stored, not modelled.
pub(super) struct Rosc {
    ctrl: u32,
    regs: Regs,
}

impl Rosc {
    pub fn new() -> Rosc {
        let mut r = Rosc {
            ctrl: 0,
            regs: Regs::default(),
        };
        r.power_on();
        r
    }

    /// Enabled, as at power-on.
    pub fn power_on(&mut self) {
        self.ctrl = ENABLE_CODE << 12 | RANGE_RESET;
        self.regs = Regs::default();
    }

    /// What it gives: the chip's nominal frequency unless disabled.
    pub fn supply(&self, chip: &ClockChip) -> Supply {
        if (self.ctrl >> 12) & 0xfff == DISABLE_CODE {
            Supply::Stopped("ROSC is disabled (ROSC.CTRL.ENABLE is 0xD1E)".into())
        } else {
            Supply::Runs(chip.rosc_hz)
        }
    }

    pub fn read(&self, off: u32, chip: &ClockChip) -> u32 {
        if off == 0 {
            self.ctrl
        } else if off == chip.rosc_status {
            match self.supply(chip) {
                // STABLE, DIV_RUNNING, ENABLED.
                Supply::Runs(_) => STATUS_STABLE | 1 << 16 | STATUS_ENABLED,
                _ => 0,
            }
        } else {
            self.regs.get(off)
        }
    }

    pub fn write(&mut self, off: u32, value: u32) {
        if off == 0 {
            self.ctrl = value & 0x00ff_ffff;
        } else {
            self.regs.set(off, value);
        }
    }
}
