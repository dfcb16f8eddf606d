//! GPIO as a program that blinks an LED meets it, with a history of pin
//! levels for the host.
//!
//! RP2040 and RP2350: the SIO GPIO registers at 0xD0000000 (GPIO_IN, OUT and
//! OE with their SET/CLR/XOR registers, laid out differently on the two
//! chips), IO_BANK0 (GPIOn_CTRL with FUNCSEL and the OUT/OE/IN overrides,
//! GPIOn_STATUS computed) and PADS_BANK0 (OD, IE, pulls and, on the RP2350,
//! the ISO bit whose isolation latches hold a pad's controls until it is
//! cleared; pads start isolated there). A pin follows SIO only when its
//! FUNCSEL is SIO (5), as on the chip, so a blink that forgets the function
//! select or the isolation leaves the pin low here too. Other functions
//! (the console UART's pins) are not driven.
//!
//! STM32F4: GPIO ports A..I (MODER, OTYPER, OSPEEDR, PUPDR, IDR, ODR, BSRR,
//! LCKR with its lock sequence, AFRL/AFRH) with their reset values (RM0090
//! 8.4). RCC decides whether an access reaches a port (the clock model in
//! `periph/stm32.rs`): a port whose clock is off in RCC_AHB1ENR, or that
//! RCC_AHB1RSTR holds in reset, reads 0 and ignores writes, as the bus does
//! there, and a strict run stops at the access with the bit named. A port
//! that went through a reset (its RSTR bit, or a system reset) is back at
//! its reset values; its pins' history records the change at the port's
//! next write.
//!
//! A pin's level is what it drives when its output is enabled, else its
//! pull: up reads high, down or none reads low. GPIO_IN and IDR read the
//! levels (through the input enable and override on the RP parts), so an
//! enabled output reads back. Every change of a level is recorded with the
//! instruction count, for tests that assert a blink happened.
//!
//! Whether IO_BANK0 and PADS_BANK0 are held in reset is the peripheral
//! model's (`periph/rp`, RESETS): a strict machine stops at an access to a
//! held block before it gets here, a permissive one reads 0 and drops the
//! write, and a block put into reset returns here to its reset values
//! ([`Gpio::reset_block`]). SIO is not under RESETS.

use crate::family::Family;

use super::periph::Periph;
use crate::mmio::regs::{Alias, Regs};

/// One change of a pin's level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GpioEvent {
    /// The GPIO number on the RP parts; port * 16 + pin on STM32 (PD12 is
    /// 60), as `target::Pin::line` numbers them.
    pub pin: u32,
    pub high: bool,
    /// Instructions executed before the store that changed the level.
    pub at: u64,
}

/// The history keeps this many events; a program toggling pins for a
/// whole budget would otherwise fill the host's memory.
const MAX_EVENTS: usize = 1 << 20;

const SIO_BASE: u32 = 0xD000_0000;
const PAGE: u32 = 0x1000;

/// FUNCSEL value that gives a pin to the SIO.
const FUNC_SIO: u32 = 5;
/// GPIOn_CTRL after reset: FUNCSEL = NULL (0x1f).
const CTRL_RESET: u32 = 0x1f;
// PADS_BANK0.GPIOn bits.
const PAD_ISO: u32 = 1 << 8;
const PAD_OD: u32 = 1 << 7;
const PAD_IE: u32 = 1 << 6;
const PAD_PUE: u32 = 1 << 3;
const PAD_PDE: u32 = 1 << 2;
// IO_BANK0.GPIOn_STATUS bits (both chips; the FROMPERI/TOPERI ones RP2040 only).
const STATUS_OUTFROMPERI: u32 = 1 << 8;
const STATUS_OUTTOPAD: u32 = 1 << 9;
const STATUS_OEFROMPERI: u32 = 1 << 12;
const STATUS_OETOPAD: u32 = 1 << 13;
const STATUS_INFROMPAD: u32 = 1 << 17;
const STATUS_INTOPERI: u32 = 1 << 19;

/// Where an RP chip keeps its GPIO blocks and how its registers are laid out.
struct RpChip {
    io_bank0: u32,
    pads_bank0: u32,
    /// Bank 0 GPIOs.
    pins: usize,
    /// Bits of GPIO_OUT/OE that exist (GPIO0..29 or GPIO0..31).
    lo_mask: u32,
    /// Bits of GPIO_HI_OUT/OE that exist: the QSPI pins on the RP2040;
    /// GPIO32..47, USB and QSPI on the RP2350.
    hi_mask: u32,
    /// How many GPIO_HI bits are bank 0 GPIOs (GPIO32 upwards).
    hi_gpios: usize,
    outover_lsb: u32,
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

const RP2040: RpChip = RpChip {
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

const RP2350: RpChip = RpChip {
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

struct Rp {
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
    fn new(chip: &'static RpChip) -> Rp {
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

    fn level(&self, n: usize) -> bool {
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

    fn stored(&self, addr: u32) -> u32 {
        match Rp::decode(addr) {
            (reg, Alias::Normal) => self.read(reg),
            // Alias writes combine with the register as a whole; a narrow
            // one must leave the other bytes alone.
            _ => 0,
        }
    }

    fn read(&self, addr: u32) -> u32 {
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

    fn write(&mut self, addr: u32, value: u32) {
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

    /// RESETS put the block at `base` (`size` bytes) into reset: IO_BANK0's
    /// or PADS_BANK0's registers return to their reset values.
    fn reset_block(&mut self, base: u32, size: u32) {
        let hit = |block: u32| block.wrapping_sub(base) < size;
        if hit(self.chip.io_bank0) {
            self.ctrl.fill(CTRL_RESET);
        }
        if hit(self.chip.pads_bank0) {
            self.pads.fill(self.chip.pad_reset);
        }
        self.other.clear_range(base, base.saturating_add(size));
        self.update_latches();
    }
}

const STM32_GPIO_BASE: u32 = 0x4002_0000;
const STM32_PORT_SIZE: u32 = 0x400;
/// Ports A..I: GPIOI ends at 0x40022400; the rest of that page is reserved.
const STM32_PORTS: usize = 9;
const LCKK: u32 = 1 << 16;

#[derive(Clone, Default)]
struct Port {
    moder: u32,
    otyper: u32,
    ospeedr: u32,
    pupdr: u32,
    odr: u32,
    afr: [u32; 2],
    /// LCKR as read: LCKK once the lock sequence completed, and the pins.
    lckr: u32,
    /// Writes of the lock sequence seen so far (0..=2), with the pins they
    /// named.
    lock_step: u8,
    lock_pins: u32,
}

/// Mask of the 2-bit (or 4-bit) fields of the pins in `pins`.
fn field_mask(pins: u32, width: u32) -> u32 {
    (0..16).filter(|p| pins >> p & 1 == 1).fold(0, |m, p| {
        m | ((1u32 << width) - 1).checked_shl(p * width).unwrap_or(0)
    })
}

impl Port {
    /// RM0090 reset values: port A carries the debug pins (PA13..15), port B
    /// PB3/PB4.
    fn reset(index: usize) -> Port {
        let (moder, ospeedr, pupdr) = match index {
            0 => (0xa800_0000, 0x0c00_0000, 0x6400_0000),
            1 => (0x0000_0280, 0x0000_00c0, 0x0000_0100),
            _ => (0, 0, 0),
        };
        Port {
            moder,
            ospeedr,
            pupdr,
            ..Port::default()
        }
    }

    fn mode(&self, pin: u32) -> u32 {
        self.moder >> (2 * pin) & 3
    }

    fn level(&self, pin: u32) -> bool {
        let pull_up = self.pupdr >> (2 * pin) & 3 == 1;
        match self.mode(pin) {
            1 => {
                let high = self.odr >> pin & 1 == 1;
                let open_drain = self.otyper >> pin & 1 == 1;
                if open_drain && high {
                    pull_up
                } else {
                    high
                }
            }
            // Analog: pulls are off and the input is cut.
            3 => false,
            _ => pull_up,
        }
    }

    fn idr(&self) -> u32 {
        (0..16).fold(0, |acc, p| {
            let bit = self.mode(p) != 3 && self.level(p);
            acc | (bit as u32) << p
        })
    }

    fn read(&self, off: u32) -> u32 {
        match off {
            0x00 => self.moder,
            0x04 => self.otyper,
            0x08 => self.ospeedr,
            0x0c => self.pupdr,
            0x10 => self.idr(),
            0x14 => self.odr,
            0x1c => self.lckr,
            0x20 => self.afr[0],
            0x24 => self.afr[1],
            _ => 0, // BSRR is write-only; the rest is reserved
        }
    }

    fn write(&mut self, off: u32, value: u32) {
        let locked = if self.lckr & LCKK != 0 {
            self.lckr & 0xffff
        } else {
            0
        };
        let keep = |old: u32, new: u32, width: u32| {
            let frozen = field_mask(locked, width);
            (old & frozen) | (new & !frozen)
        };
        match off {
            0x00 => self.moder = keep(self.moder, value, 2),
            0x04 => self.otyper = keep(self.otyper, value & 0xffff, 1),
            0x08 => self.ospeedr = keep(self.ospeedr, value, 2),
            0x0c => self.pupdr = keep(self.pupdr, value, 2),
            0x14 => self.odr = value & 0xffff,
            // Set wins when a pin is both set and reset.
            0x18 => self.odr = (self.odr & !(value >> 16) | value) & 0xffff,
            0x1c => self.lock_write(value),
            0x20 => self.afr[0] = keep_afr(self.afr[0], value, locked & 0xff),
            0x24 => self.afr[1] = keep_afr(self.afr[1], value, locked >> 8),
            _ => {}
        }
    }

    /// LCKK=1, LCKK=0, LCKK=1 with the same pins each time; any other
    /// write starts over. Once locked, LCKR cannot change until reset.
    fn lock_write(&mut self, value: u32) {
        if self.lckr & LCKK != 0 {
            return;
        }
        let pins = value & 0xffff;
        let lckk = value & LCKK != 0;
        let same = self.lock_step == 0 || pins == self.lock_pins;
        self.lock_pins = pins;
        self.lock_step = match (self.lock_step, lckk, same) {
            (1, false, true) => 2,
            (2, true, true) => {
                self.lckr = LCKK | pins;
                return;
            }
            (_, true, _) => 1,
            _ => 0,
        };
        self.lckr = pins;
    }
}

fn keep_afr(old: u32, new: u32, locked8: u32) -> u32 {
    let frozen = field_mask(locked8, 4);
    (old & frozen) | (new & !frozen)
}

struct Stm32 {
    ports: Vec<Port>,
    /// For each port, the resets RCC had counted when its state in `ports`
    /// was last brought up to date.
    resets_seen: Vec<u64>,
}

impl Stm32 {
    fn new() -> Stm32 {
        Stm32 {
            ports: (0..STM32_PORTS).map(Port::reset).collect(),
            resets_seen: vec![0; STM32_PORTS],
        }
    }

    /// The port and register offset of `reg`, when that port exists and
    /// RCC lets the access reach it (clock on, not held in reset).
    fn port(reg: u32, periph: &Periph) -> Option<(usize, u32)> {
        let off = reg.checked_sub(STM32_GPIO_BASE)?;
        let index = (off / STM32_PORT_SIZE) as usize;
        (index < STM32_PORTS && periph.refusal(reg).is_none())
            .then_some((index, off % STM32_PORT_SIZE))
    }

    fn base(i: usize) -> u32 {
        STM32_GPIO_BASE + i as u32 * STM32_PORT_SIZE
    }

    /// Port `i` as the chip has it: its reset state if RCC reset it since
    /// this model last wrote it.
    fn view(&self, i: usize, periph: &Periph) -> std::borrow::Cow<'_, Port> {
        if periph.times_reset(Stm32::base(i)) == self.resets_seen[i] {
            std::borrow::Cow::Borrowed(&self.ports[i])
        } else {
            std::borrow::Cow::Owned(Port::reset(i))
        }
    }

    /// Port `i` for a write, brought up to date with RCC's resets first.
    fn current(&mut self, i: usize, periph: &Periph) -> &mut Port {
        let resets = periph.times_reset(Stm32::base(i));
        if resets != self.resets_seen[i] {
            self.ports[i] = Port::reset(i);
            self.resets_seen[i] = resets;
        }
        &mut self.ports[i]
    }

    fn stored(&self, addr: u32, periph: &Periph) -> u32 {
        match Stm32::port(addr & !3, periph) {
            // IDR and BSRR: a narrow write has nothing to merge with.
            Some((_, 0x10 | 0x18)) | None => 0,
            Some((i, off)) => {
                let p = self.view(i, periph);
                match off {
                    0x00 => p.moder,
                    0x04 => p.otyper,
                    0x08 => p.ospeedr,
                    0x0c => p.pupdr,
                    0x14 => p.odr,
                    0x1c => p.lckr,
                    0x20 => p.afr[0],
                    0x24 => p.afr[1],
                    _ => 0,
                }
            }
        }
    }
}

/// The address ranges the GPIO model of `family` answers, each (origin,
/// size) in whole pages; the RP banks with their atomic aliases.
pub(crate) fn windows(family: Family) -> Vec<(u32, u32)> {
    let rp = |chip: &RpChip| {
        vec![
            (SIO_BASE, PAGE),
            (chip.io_bank0, 4 * PAGE),
            (chip.pads_bank0, 4 * PAGE),
        ]
    };
    match family {
        Family::Rp2040 => rp(&RP2040),
        Family::Rp2350 => rp(&RP2350),
        Family::Stm32F4 => vec![(STM32_GPIO_BASE, 3 * PAGE)],
        Family::Generic => Vec::new(),
    }
}

enum Model {
    Rp(Rp),
    Stm32(Stm32),
    Absent,
}

pub(crate) struct Gpio {
    model: Model,
    /// Pin levels as last seen, by history number.
    levels: Vec<bool>,
    pub events: Vec<GpioEvent>,
    /// Events not kept because the history was full.
    pub lost: u64,
}

impl Gpio {
    pub fn new(family: Family) -> Gpio {
        let model = match family {
            Family::Rp2040 => Model::Rp(Rp::new(&RP2040)),
            Family::Rp2350 => Model::Rp(Rp::new(&RP2350)),
            Family::Stm32F4 => Model::Stm32(Stm32::new()),
            Family::Generic => Model::Absent,
        };
        let mut gpio = Gpio {
            model,
            levels: Vec::new(),
            events: Vec::new(),
            lost: 0,
        };
        let lines = match &gpio.model {
            Model::Rp(rp) => rp.chip.pins,
            Model::Stm32(st) => st.ports.len() * 16,
            Model::Absent => 0,
        };
        gpio.levels = (0..lines).map(|line| gpio.level(line)).collect();
        gpio
    }

    /// The level of the pin with history number `line`.
    fn level(&self, line: usize) -> bool {
        match &self.model {
            Model::Rp(rp) => rp.level(line),
            Model::Stm32(st) => st.ports[line / 16].level((line % 16) as u32),
            Model::Absent => false,
        }
    }

    /// Register value for read-modify-write merging of narrow writes.
    pub fn stored(&self, addr: u32, periph: &Periph) -> u32 {
        match &self.model {
            Model::Rp(rp) => rp.stored(addr),
            Model::Stm32(st) => st.stored(addr, periph),
            Model::Absent => 0,
        }
    }

    pub fn read(&self, addr: u32, periph: &Periph) -> u32 {
        match &self.model {
            Model::Rp(rp) => rp.read(addr),
            Model::Stm32(st) => match Stm32::port(addr & !3, periph) {
                Some((i, off)) => st.view(i, periph).read(off),
                None => 0,
            },
            Model::Absent => 0,
        }
    }

    /// `value` is the whole register after merging a narrow write; `now`
    /// the instructions executed before the store.
    pub fn write(&mut self, addr: u32, value: u32, periph: &Periph, now: u64) {
        match &mut self.model {
            Model::Rp(rp) => rp.write(addr, value),
            Model::Stm32(st) => match Stm32::port(addr & !3, periph) {
                Some((i, off)) => st.current(i, periph).write(off, value),
                None => return,
            },
            Model::Absent => return,
        }
        self.record(now);
    }

    /// RESETS put the block at `base` (`size` bytes) into reset; `now` is
    /// the instruction count for the pin changes that follow.
    pub fn reset_block(&mut self, base: u32, size: u32, now: u64) {
        if let Model::Rp(rp) = &mut self.model {
            rp.reset_block(base, size);
            self.record(now);
        }
    }

    fn record(&mut self, now: u64) {
        for line in 0..self.levels.len() {
            let high = self.level(line);
            if high == self.levels[line] {
                continue;
            }
            self.levels[line] = high;
            if self.events.len() < MAX_EVENTS {
                self.events.push(GpioEvent {
                    pin: line as u32,
                    high,
                    at: now,
                });
            } else {
                self.lost += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RP2040_SIO_OUT_XOR: u32 = SIO_BASE + 0x1c;
    const RP2350_SIO_OUT_XOR: u32 = SIO_BASE + 0x28;

    fn periph(family: Family) -> Periph {
        let clocks = target::Clocks {
            crystal_hz: Some(12_000_000),
            sys_hz: 12_000_000,
            peri_hz: 12_000_000,
        };
        Periph::new(family, &clocks)
    }

    /// Configures GPIO `n` the way a blink does: SIO function, pad input on,
    /// isolation off, output enabled through GPIO_OE_SET at `oe_set`.
    fn rp_output(g: &mut Gpio, chip: &RpChip, oe_set: u32, n: u32, p: &Periph) {
        g.write(chip.io_bank0 + 8 * n + 4, FUNC_SIO, p, 0);
        g.write(chip.pads_bank0 + 4 + 4 * n, 0x56, p, 0);
        g.write(oe_set, 1 << n, p, 0);
    }

    fn levels_of(g: &Gpio, pin: u32) -> Vec<(bool, u64)> {
        g.events
            .iter()
            .filter(|e| e.pin == pin)
            .map(|e| (e.high, e.at))
            .collect()
    }

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

    #[test]
    fn rp2040_blink_toggles_the_pin_and_gpio_in_reads_it_back() {
        let p = periph(Family::Rp2040);
        let mut g = Gpio::new(Family::Rp2040);
        rp_output(&mut g, &RP2040, SIO_BASE + 0x24, 25, &p);
        assert_eq!(g.read(SIO_BASE + 0x20, &p), 1 << 25, "GPIO_OE");
        for (i, at) in [100, 200, 300].into_iter().enumerate() {
            g.write(RP2040_SIO_OUT_XOR, 1 << 25, &p, at);
            let high = i % 2 == 0;
            assert_eq!(g.read(SIO_BASE + 0x10, &p) >> 25 & 1 == 1, high, "GPIO_OUT");
            assert_eq!(g.read(SIO_BASE + 0x04, &p) >> 25 & 1 == 1, high, "GPIO_IN");
        }
        assert_eq!(levels_of(&g, 25), [(true, 100), (false, 200), (true, 300)]);
        assert_eq!(g.read(RP2040_SIO_OUT_XOR, &p), 0, "write-only");
        let status = g.read(RP2040.io_bank0 + 8 * 25, &p);
        assert_eq!(
            status & (STATUS_OUTTOPAD | STATUS_OETOPAD),
            STATUS_OUTTOPAD | STATUS_OETOPAD
        );
    }

    #[test]
    fn rp_pin_stays_low_without_the_sio_function() {
        let p = periph(Family::Rp2040);
        let mut g = Gpio::new(Family::Rp2040);
        g.write(SIO_BASE + 0x24, 1 << 25, &p, 0);
        g.write(SIO_BASE + 0x14, 1 << 25, &p, 0);
        assert_eq!(g.read(SIO_BASE + 0x10, &p), 1 << 25, "GPIO_OUT reads back");
        assert_eq!(g.read(SIO_BASE + 0x04, &p), 0, "but the pad is not driven");
        assert!(g.events.is_empty());
        // Selecting SIO afterwards drives the pin at once.
        g.write(RP2040.io_bank0 + 8 * 25 + 4, FUNC_SIO, &p, 7);
        assert_eq!(levels_of(&g, 25), [(true, 7)]);
    }

    #[test]
    fn rp2350_pads_start_isolated_and_hold_their_state_until_iso_clears() {
        let p = periph(Family::Rp2350);
        let mut g = Gpio::new(Family::Rp2350);
        let pad = RP2350.pads_bank0 + 4 + 4 * 25;
        assert_eq!(g.read(pad, &p), 0x116);
        g.write(RP2350.io_bank0 + 8 * 25 + 4, FUNC_SIO, &p, 0);
        g.write(SIO_BASE + 0x38, 1 << 25, &p, 0);
        g.write(SIO_BASE + 0x18, 1 << 25, &p, 1);
        assert!(
            g.events.is_empty(),
            "isolated: the pad keeps its reset state"
        );
        assert_eq!(g.read(SIO_BASE + 0x04, &p), 0);
        // Clearing ISO through the pad's atomic clear alias releases it.
        g.write(pad + 0x3000, PAD_ISO, &p, 2);
        assert_eq!(levels_of(&g, 25), [(true, 2)]);
        assert_eq!(g.read(SIO_BASE + 0x04, &p), 0, "input still disabled");
        g.write(pad + 0x2000, PAD_IE, &p, 3);
        assert_eq!(g.read(SIO_BASE + 0x04, &p), 1 << 25);
        // Isolating again latches the level: toggles no longer reach the pad.
        g.write(pad + 0x2000, PAD_ISO, &p, 4);
        g.write(RP2350_SIO_OUT_XOR, 1 << 25, &p, 5);
        assert_eq!(levels_of(&g, 25), [(true, 2)]);
        assert_eq!(g.read(SIO_BASE + 0x10, &p), 0, "GPIO_OUT still reads back");
    }

    #[test]
    fn rp2350_high_gpios_use_the_hi_registers() {
        let p = periph(Family::Rp2350);
        let mut g = Gpio::new(Family::Rp2350);
        g.write(RP2350.io_bank0 + 8 * 40 + 4, FUNC_SIO, &p, 0);
        g.write(RP2350.pads_bank0 + 4 + 4 * 40, 0x56, &p, 0);
        g.write(SIO_BASE + 0x3c, 1 << 8, &p, 0); // GPIO_HI_OE_SET
        g.write(SIO_BASE + 0x1c, 1 << 8, &p, 9); // GPIO_HI_OUT_SET
        assert_eq!(levels_of(&g, 40), [(true, 9)]);
        assert_eq!(g.read(SIO_BASE + 0x08, &p), 1 << 8, "GPIO_HI_IN");
        assert_eq!(g.read(SIO_BASE + 0x04, &p), 0, "GPIO_IN");
    }

    #[test]
    fn rp_overrides_and_output_disable_shape_what_the_pad_sees() {
        let p = periph(Family::Rp2040);
        let mut g = Gpio::new(Family::Rp2040);
        rp_output(&mut g, &RP2040, SIO_BASE + 0x24, 3, &p);
        let ctrl = RP2040.io_bank0 + 8 * 3 + 4;
        g.write(ctrl, FUNC_SIO | 3 << RP2040.outover_lsb, &p, 1); // force high
        g.write(RP2040.pads_bank0 + 4 + 4 * 3, 0x56 | PAD_OD, &p, 2);
        g.write(
            RP2040.pads_bank0 + 4 + 4 * 3,
            0x56 & !PAD_PDE | PAD_PUE,
            &p,
            3,
        );
        assert_eq!(levels_of(&g, 3), [(true, 1), (false, 2), (true, 3)]);
        // An input override inverts what GPIO_IN reports, not the pin.
        g.write(ctrl, FUNC_SIO | 3 << RP2040.outover_lsb | 1 << 16, &p, 4);
        assert_eq!(g.read(SIO_BASE + 0x04, &p) >> 3 & 1, 0);
        assert_eq!(levels_of(&g, 3).len(), 3);
    }

    const RCC_AHB1RSTR: u32 = 0x4002_3810;
    const RCC_AHB1ENR: u32 = 0x4002_3830;

    fn stm32_clock(p: &mut Periph, ports: u32) {
        p.write(RCC_AHB1ENR, ports, 0);
    }

    const GPIOD: u32 = STM32_GPIO_BASE + 3 * STM32_PORT_SIZE;

    #[test]
    fn stm32_port_without_its_clock_reads_zero_and_ignores_writes() {
        let mut p = periph(Family::Stm32F4);
        let mut g = Gpio::new(Family::Stm32F4);
        g.write(GPIOD, 1 << 24, &p, 0);
        assert_eq!(g.read(GPIOD, &p), 0);
        stm32_clock(&mut p, 1 << 3);
        assert_eq!(g.read(GPIOD, &p), 0, "the write was lost");
        assert_eq!(g.read(STM32_GPIO_BASE, &p), 0, "port A still off");
        stm32_clock(&mut p, 1);
        assert_eq!(
            g.read(STM32_GPIO_BASE, &p),
            0xa800_0000,
            "port A reset value"
        );
        assert_eq!(g.read(STM32_GPIO_BASE + 0x0c, &p), 0x6400_0000);
    }

    #[test]
    fn stm32_port_held_in_reset_is_refused_and_comes_back_at_its_reset_values() {
        let mut p = periph(Family::Stm32F4);
        stm32_clock(&mut p, 1 << 3);
        let mut g = Gpio::new(Family::Stm32F4);
        g.write(GPIOD, 1 << 24, &p, 0);
        g.write(GPIOD + 0x18, 1 << 12, &p, 1);
        assert_eq!(g.read(GPIOD + 0x14, &p), 1 << 12);
        p.write(RCC_AHB1RSTR, 1 << 3, 2);
        assert_eq!(
            p.refusal(GPIOD).as_deref(),
            Some("GPIOD is held in reset (RCC_AHB1RSTR.GPIODRST set)")
        );
        g.write(GPIOD + 0x18, 1 << 13, &p, 3);
        assert_eq!(g.read(GPIOD + 0x14, &p), 0, "held: reads 0");
        p.write(RCC_AHB1RSTR, 0, 4);
        assert_eq!(g.read(GPIOD, &p), 0, "MODER back at reset");
        assert_eq!(g.read(GPIOD + 0x14, &p), 0, "ODR back at reset");
        // The pin falls at the port's next write.
        g.write(GPIOD + 0x04, 0, &p, 5);
        assert_eq!(levels_of(&g, 3 * 16 + 12), [(true, 1), (false, 5)]);
    }

    #[test]
    fn stm32_bsrr_sets_and_resets_odr_and_idr_follows_outputs() {
        let mut p = periph(Family::Stm32F4);
        stm32_clock(&mut p, 1 << 3);
        let mut g = Gpio::new(Family::Stm32F4);
        g.write(GPIOD, 1 << 24, &p, 1); // PD12 output
        assert!(g.events.is_empty());
        g.write(GPIOD + 0x18, 1 << 12, &p, 10);
        assert_eq!(g.read(GPIOD + 0x14, &p), 1 << 12, "ODR");
        assert_eq!(g.read(GPIOD + 0x10, &p), 1 << 12, "IDR");
        assert_eq!(g.read(GPIOD + 0x18, &p), 0, "BSRR reads 0");
        g.write(GPIOD + 0x18, 1 << 28, &p, 20);
        assert_eq!(g.read(GPIOD + 0x14, &p), 0);
        // Set wins over reset in one write.
        g.write(GPIOD + 0x18, 1 << 28 | 1 << 12, &p, 30);
        assert_eq!(g.read(GPIOD + 0x14, &p), 1 << 12);
        g.write(GPIOD + 0x14, 0, &p, 40);
        assert_eq!(
            levels_of(&g, 3 * 16 + 12),
            [(true, 10), (false, 20), (true, 30), (false, 40)]
        );
        // An input pin with its pull-up reads high; an output open-drain high
        // releases the pin to its pull.
        g.write(GPIOD + 0x0c, 1 << 2, &p, 50); // PD1 pull-up
        assert_eq!(g.read(GPIOD + 0x10, &p), 1 << 1);
        g.write(GPIOD + 0x04, 1 << 12, &p, 60);
        g.write(GPIOD + 0x14, 1 << 12, &p, 70);
        assert_eq!(g.read(GPIOD + 0x10, &p) >> 12 & 1, 0);
    }

    #[test]
    fn stm32_lock_sequence_freezes_the_configuration_of_its_pins() {
        let mut p = periph(Family::Stm32F4);
        stm32_clock(&mut p, 1 << 3);
        let mut g = Gpio::new(Family::Stm32F4);
        g.write(GPIOD, 1 << 24, &p, 0);
        let lckr = GPIOD + 0x1c;
        // A sequence with a changed pin mask fails.
        g.write(lckr, LCKK | 1 << 12, &p, 0);
        g.write(lckr, 1 << 13, &p, 0);
        g.write(lckr, LCKK | 1 << 12, &p, 0);
        assert_eq!(g.read(lckr, &p) & LCKK, 0);
        g.write(lckr, LCKK | 1 << 12, &p, 0);
        g.write(lckr, 1 << 12, &p, 0);
        g.write(lckr, LCKK | 1 << 12, &p, 0);
        assert_eq!(g.read(lckr, &p), LCKK | 1 << 12);
        g.write(GPIOD, 0, &p, 0);
        assert_eq!(g.read(GPIOD, &p), 1 << 24, "PD12's mode is locked");
        g.write(GPIOD, 1 << 26 | 1 << 24, &p, 0);
        assert_eq!(g.read(GPIOD, &p), 1 << 26 | 1 << 24, "PD13's is not");
        g.write(lckr, 0, &p, 0);
        assert_eq!(g.read(lckr, &p), LCKK | 1 << 12, "locked until reset");
        // The output data stays writable.
        g.write(GPIOD + 0x18, 1 << 12, &p, 0);
        assert_eq!(g.read(GPIOD + 0x14, &p), 1 << 12);
    }

    #[test]
    fn history_stops_growing_at_its_limit_and_counts_the_rest() {
        let p = periph(Family::Rp2040);
        let mut g = Gpio::new(Family::Rp2040);
        rp_output(&mut g, &RP2040, SIO_BASE + 0x24, 0, &p);
        for i in 0..MAX_EVENTS as u64 + 5 {
            g.write(RP2040_SIO_OUT_XOR, 1, &p, i);
        }
        assert_eq!(g.events.len(), MAX_EVENTS);
        assert_eq!(g.lost, 5);
    }
}
