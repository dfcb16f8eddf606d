//! RP2040 and RP2350 GPIO: the SIO GPIO registers at 0xD0000000 (GPIO_IN,
//! OUT and OE with their SET/CLR/XOR registers, laid out differently on the
//! two chips), IO_BANK0 (GPIOn_CTRL with FUNCSEL and the OUT/OE/IN
//! overrides, GPIOn_STATUS computed) and PADS_BANK0 (OD, IE, pulls and, on
//! the RP2350, the ISO bit whose isolation latches hold a pad's controls
//! until it is cleared; pads start isolated there). A pin follows SIO only
//! when its FUNCSEL is SIO (5), as on the chip, so a blink that forgets the
//! function select or the isolation leaves the pin low here too. Other
//! functions (the console UART's pins) are not driven.
//!
//! Whether IO_BANK0 and PADS_BANK0 are held in reset is the peripheral
//! model's (`periph/rp`, RESETS): a strict machine stops at an access to a
//! held block before it gets here, a permissive one reads 0 and drops the
//! write, and a block put into reset returns here to its reset values
//! ([`Rp::reset_block`]). SIO is not under RESETS.

use crate::mmio::regs::{Alias, Regs, Span};

pub(crate) const SIO_BASE: u32 = 0xD000_0000;
const PAGE: u32 = 0x1000;

/// FUNCSEL value that gives a pin to the SIO.
pub(super) const FUNC_SIO: u32 = 5;
/// GPIOn_CTRL after reset: FUNCSEL = NULL (0x1f).
const CTRL_RESET: u32 = 0x1f;
// PADS_BANK0.GPIOn bits.
pub(super) const PAD_ISO: u32 = 1 << 8;
pub(super) const PAD_OD: u32 = 1 << 7;
pub(super) const PAD_IE: u32 = 1 << 6;
pub(super) const PAD_PUE: u32 = 1 << 3;
pub(super) const PAD_PDE: u32 = 1 << 2;
// IO_BANK0.GPIOn_STATUS bits (both chips; the FROMPERI/TOPERI ones RP2040 only).
const STATUS_OUTFROMPERI: u32 = 1 << 8;
pub(super) const STATUS_OUTTOPAD: u32 = 1 << 9;
const STATUS_OEFROMPERI: u32 = 1 << 12;
pub(super) const STATUS_OETOPAD: u32 = 1 << 13;
const STATUS_INFROMPAD: u32 = 1 << 17;
const STATUS_INTOPERI: u32 = 1 << 19;

/// Where an RP chip keeps its GPIO blocks and how its registers are laid out.
pub(super) struct RpChip {
    pub(super) io_bank0: u32,
    pub(super) pads_bank0: u32,
    /// Bank 0 GPIOs.
    pins: usize,
    /// Bits of GPIO_OUT/OE that exist (GPIO0..29 or GPIO0..31).
    lo_mask: u32,
    /// Bits of GPIO_HI_OUT/OE that exist: the QSPI pins on the RP2040;
    /// GPIO32..47, USB and QSPI on the RP2350.
    hi_mask: u32,
    /// How many GPIO_HI bits are bank 0 GPIOs (GPIO32 upwards).
    hi_gpios: usize,
    pub(super) outover_lsb: u32,
    oeover_lsb: u32,
    /// PADS_BANK0.GPIOn after reset.
    pad_reset: u32,
    /// The RP2350 pads' isolation latches.
    isolation: bool,
    /// Bits a pad register has (ISO only where there are latches).
    pad_bits: u32,
    /// GPIOn_STATUS also reports the peripheral side (RP2040 only).
    status_from_peri: bool,
    sio: fn(u32) -> Option<SioReg>,
}

pub(super) const RP2040: RpChip = RpChip {
    io_bank0: 0x4001_4000,
    pads_bank0: 0x4001_c000,
    pins: 30,
    lo_mask: 0x3fff_ffff,
    hi_mask: 0x3f,
    hi_gpios: 0,
    outover_lsb: 8,
    oeover_lsb: 12,
    // IE, DRIVE 4 mA, PDE, SCHMITT.
    pad_reset: 0x56,
    isolation: false,
    pad_bits: 0xff,
    status_from_peri: true,
    sio: rp2040_sio,
};

pub(super) const RP2350: RpChip = RpChip {
    io_bank0: 0x4002_8000,
    pads_bank0: 0x4003_8000,
    pins: 48,
    lo_mask: u32::MAX,
    hi_mask: 0xff00_ffff,
    hi_gpios: 16,
    outover_lsb: 12,
    oeover_lsb: 14,
    // ISO, DRIVE 4 mA, PDE, SCHMITT: input disabled and isolated.
    pad_reset: 0x116,
    isolation: true,
    pad_bits: 0x1ff,
    status_from_peri: false,
    sio: rp2350_sio,
};

impl RpChip {
    /// The address ranges this model answers, in whole pages: SIO, and the
    /// IO and pad banks with their atomic aliases.
    pub fn windows(&self) -> Vec<(u32, u32)> {
        vec![
            (SIO_BASE, PAGE),
            (self.io_bank0, 4 * PAGE),
            (self.pads_bank0, 4 * PAGE),
        ]
    }
}

/// A GPIO register of the SIO: which one, which half, which operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct SioReg {
    oe: bool,
    hi: bool,
    op: Alias,
}

fn op_of(n: u32) -> Alias {
    match n {
        0 => Alias::Normal,
        1 => Alias::Set,
        2 => Alias::Clear,
        _ => Alias::Xor,
    }
}

/// RP2040: OUT, OUT_SET, OUT_CLR, OUT_XOR, then OE, HI_OUT, HI_OE in fours
/// from 0x010.
fn rp2040_sio(off: u32) -> Option<SioReg> {
    let i = off.checked_sub(0x10)? / 4;
    (off % 4 == 0 && i < 16).then(|| SioReg {
        oe: i / 4 % 2 == 1,
        hi: i >= 8,
        op: op_of(i % 4),
    })
}

/// RP2350: each register is followed by its HI twin, and the operations of
/// OUT come before those of OE: OUT, HI_OUT, OUT_SET, HI_OUT_SET, ... from
/// 0x010 to 0x04c.
fn rp2350_sio(off: u32) -> Option<SioReg> {
    let i = off.checked_sub(0x10)? / 4;
    (off % 4 == 0 && i < 16).then(|| SioReg {
        oe: i >= 8,
        hi: i % 2 == 1,
        op: op_of(i / 2 % 4),
    })
}

/// The controls a pad receives from the IO mux and its own register.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct PadControls {
    oe: bool,
    out: bool,
    ie: bool,
    pull_up: bool,
}

impl PadControls {
    fn level(self) -> bool {
        if self.oe {
            self.out
        } else {
            self.pull_up
        }
    }
}

fn overridden(value: bool, over: u32) -> bool {
    match over & 3 {
        0 => value,
        1 => !value,
        2 => false,
        _ => true,
    }
}

pub(super) struct Rp {
    chip: &'static RpChip,
    out: [u32; 2],
    oe: [u32; 2],
    ctrl: Vec<u32>,
    pads: Vec<u32>,
    /// What each pad acts on: the live controls, or those latched when
    /// its ISO bit was set.
    latched: Vec<PadControls>,
    /// The rest of SIO, IO_BANK0 and PADS_BANK0: registers that read back.
    other: Regs,
}

impl Rp {
    pub fn new(chip: &'static RpChip) -> Rp {
        let mut rp = Rp {
            chip,
            out: [0; 2],
            oe: [0; 2],
            ctrl: vec![CTRL_RESET; chip.pins],
            pads: vec![chip.pad_reset; chip.pins],
            latched: vec![PadControls::default(); chip.pins],
            other: Regs::default(),
        };
        for n in 0..chip.pins {
            rp.latched[n] = rp.live(n);
        }
        rp
    }

    /// SIO's output and output enable for bank 0 pin `n`.
    fn sio(&self, n: usize) -> (bool, bool) {
        let (half, bit) = if n < 32 { (0, n) } else { (1, n - 32) };
        (
            self.out[half] >> bit & 1 == 1,
            self.oe[half] >> bit & 1 == 1,
        )
    }

    /// (output, output enable) from the function, before the overrides.
    fn peripheral_drive(&self, n: usize) -> (bool, bool) {
        if self.ctrl[n] & 0x1f == FUNC_SIO {
            self.sio(n)
        } else {
            (false, false)
        }
    }

    /// The controls the IO mux and pad register present to pad `n` now.
    fn live(&self, n: usize) -> PadControls {
        let ctrl = self.ctrl[n];
        let pad = self.pads[n];
        let (out, oe) = self.peripheral_drive(n);
        PadControls {
            out: overridden(out, ctrl >> self.chip.outover_lsb),
            oe: overridden(oe, ctrl >> self.chip.oeover_lsb) && pad & PAD_OD == 0,
            ie: pad & PAD_IE != 0,
            pull_up: pad & PAD_PUE != 0 && pad & PAD_PDE == 0,
        }
    }

    /// The pad's input before the IN override: its level with the input
    /// buffer on, else 0.
    fn pad_input(&self, n: usize) -> bool {
        let c = self.latched[n];
        c.ie && c.level()
    }

    fn input(&self, n: usize) -> bool {
        overridden(self.pad_input(n), self.ctrl[n] >> 16)
    }

    fn update_latches(&mut self) {
        for n in 0..self.chip.pins {
            if !(self.chip.isolation && self.pads[n] & PAD_ISO != 0) {
                self.latched[n] = self.live(n);
            }
        }
    }

    pub fn level(&self, n: usize) -> bool {
        self.latched[n].level()
    }

    fn gpio_in(&self, hi: bool) -> u32 {
        let (first, count) = if hi {
            (32, self.chip.hi_gpios)
        } else {
            (0, self.chip.pins.min(32))
        };
        let pins = (0..count).fold(0, |acc, i| acc | (self.input(first + i) as u32) << i);
        if hi {
            // QSPI and USB pins have no pads here: they read what SIO drives.
            let gpio_bits = (1u32 << self.chip.hi_gpios) - 1;
            pins | (self.out[1] & self.oe[1] & self.chip.hi_mask & !gpio_bits)
        } else {
            pins
        }
    }

    fn mask(&self, hi: bool) -> u32 {
        if hi {
            self.chip.hi_mask
        } else {
            self.chip.lo_mask
        }
    }

    fn status(&self, n: usize) -> u32 {
        let c = self.latched[n];
        let mut s = 0;
        if c.out {
            s |= STATUS_OUTTOPAD;
        }
        if c.oe {
            s |= STATUS_OETOPAD;
        }
        if self.pad_input(n) {
            s |= STATUS_INFROMPAD;
        }
        if self.chip.status_from_peri {
            let (out, oe) = self.peripheral_drive(n);
            if out {
                s |= STATUS_OUTFROMPERI;
            }
            if oe {
                s |= STATUS_OEFROMPERI;
            }
            if self.input(n) {
                s |= STATUS_INTOPERI;
            }
        }
        s
    }

    /// The IO_BANK0 GPIO and register (`ctrl`?) at `reg`, if it is one.
    fn io_gpio(&self, reg: u32) -> Option<(usize, bool)> {
        let off = reg.checked_sub(self.chip.io_bank0)?;
        let n = (off / 8) as usize;
        (off < 0x1000 && n < self.chip.pins).then_some((n, off % 8 == 4))
    }

    /// The PADS_BANK0 GPIO register at `reg`, if it is one.
    fn pad_gpio(&self, reg: u32) -> Option<usize> {
        let off = reg.checked_sub(self.chip.pads_bank0)?;
        let n = (off / 4).checked_sub(1)? as usize;
        (off < 0x1000 && n < self.chip.pins).then_some(n)
    }

    fn in_sio(reg: u32) -> Option<u32> {
        reg.checked_sub(SIO_BASE).filter(|&o| o < PAGE)
    }

    /// The register a write at `addr` updates, and how: SIO has no atomic
    /// aliases, the IO and pad banks do.
    fn decode(addr: u32) -> (u32, Alias) {
        if Rp::in_sio(addr).is_some() {
            (addr & !3, Alias::Normal)
        } else {
            let (reg, alias) = Alias::decode(addr);
            (reg & !3, alias)
        }
    }

    pub fn stored(&self, addr: u32) -> u32 {
        match Rp::decode(addr) {
            (reg, Alias::Normal) => self.read(reg),
            // Alias writes combine with the register as a whole; a narrow
            // one must leave the other bytes alone.
            _ => 0,
        }
    }

    pub fn read(&self, addr: u32) -> u32 {
        let (reg, _) = Rp::decode(addr);
        if let Some(off) = Rp::in_sio(reg) {
            return match off {
                0x000 => 0, // CPUID: core 0
                0x004 => self.gpio_in(false),
                0x008 => self.gpio_in(true),
                _ => match (self.chip.sio)(off) {
                    Some(SioReg {
                        oe,
                        hi,
                        op: Alias::Normal,
                    }) => {
                        let regs = if oe { &self.oe } else { &self.out };
                        regs[hi as usize]
                    }
                    // The SET/CLR/XOR registers are write-only.
                    Some(_) => 0,
                    None => self.other.get(reg),
                },
            };
        }
        if let Some((n, ctrl)) = self.io_gpio(reg) {
            return if ctrl { self.ctrl[n] } else { self.status(n) };
        }
        if let Some(n) = self.pad_gpio(reg) {
            return self.pads[n];
        }
        self.other.get(reg)
    }

    pub fn write(&mut self, addr: u32, value: u32) {
        let (reg, alias) = Rp::decode(addr);
        if let Some(off) = Rp::in_sio(reg) {
            match (self.chip.sio)(off) {
                Some(SioReg { oe, hi, op }) => {
                    let mask = self.mask(hi);
                    let regs = if oe { &mut self.oe } else { &mut self.out };
                    let r = &mut regs[hi as usize];
                    *r = op.apply(*r, value) & mask;
                }
                None if off <= 0x008 => {} // CPUID, GPIO_IN, GPIO_HI_IN: read-only
                None => self.other.set(reg, value),
            }
        } else if let Some((n, ctrl)) = self.io_gpio(reg) {
            if ctrl {
                self.ctrl[n] = alias.apply(self.ctrl[n], value);
            }
        } else if let Some(n) = self.pad_gpio(reg) {
            self.pads[n] = alias.apply(self.pads[n], value) & self.chip.pad_bits;
        } else {
            let old = self.other.get(reg);
            self.other.set(reg, alias.apply(old, value));
        }
        self.update_latches();
    }

    /// The block `span` went into reset: IO_BANK0's or PADS_BANK0's
    /// registers return to their reset values.
    pub fn reset_block(&mut self, span: Span) {
        if span.contains(self.chip.io_bank0) {
            self.ctrl.fill(CTRL_RESET);
        }
        if span.contains(self.chip.pads_bank0) {
            self.pads.fill(self.chip.pad_reset);
        }
        self.other
            .clear_range(span.base, span.base.saturating_add(span.size));
        self.update_latches();
    }

    /// Bank 0 GPIOs: the pins the history numbers.
    pub fn pins(&self) -> usize {
        self.chip.pins
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rp2040_and_rp2350_sio_registers_sit_at_their_own_offsets() {
        assert_eq!(
            rp2040_sio(0x1c),
            Some(SioReg {
                oe: false,
                hi: false,
                op: Alias::Xor
            })
        );
        assert_eq!(
            rp2040_sio(0x24),
            Some(SioReg {
                oe: true,
                hi: false,
                op: Alias::Set
            })
        );
        assert_eq!(
            rp2040_sio(0x48),
            Some(SioReg {
                oe: true,
                hi: true,
                op: Alias::Clear
            })
        );
        assert_eq!(
            rp2350_sio(0x28),
            Some(SioReg {
                oe: false,
                hi: false,
                op: Alias::Xor
            })
        );
        assert_eq!(
            rp2350_sio(0x38),
            Some(SioReg {
                oe: true,
                hi: false,
                op: Alias::Set
            })
        );
        assert_eq!(
            rp2350_sio(0x3c),
            Some(SioReg {
                oe: true,
                hi: true,
                op: Alias::Set
            })
        );
        assert_eq!(
            rp2350_sio(0x14),
            Some(SioReg {
                oe: false,
                hi: true,
                op: Alias::Normal
            })
        );
        assert_eq!(rp2040_sio(0x50), None);
        assert_eq!(rp2350_sio(0x0c), None);
    }
}
