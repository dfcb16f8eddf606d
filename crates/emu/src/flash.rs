//! Flash as the chip has it, for an image booted as on the board
//! ([`crate::Emulator::flash_as_chip`]): erased flash reads 0xFF, and flash
//! changes only through the chip's own interface, with the semantics of the
//! real part: an erase sets a whole sector to 0xFF, programming can only
//! clear bits (the new contents are the old ANDed with the data).
//!
//! - RP2040 and RP2350: a store to flash is a fault; the boot ROM's flash
//!   functions, found through its lookup function as on the chip, erase
//!   4096-byte sectors and program 256-byte pages, and only with XIP off
//!   (`flash_exit_xip`), so code running from flash meanwhile is a fault too.
//! - STM32F4: the FLASH controller's registers: KEYR unlocks CR; with PG set
//!   a store of the width PSIZE names programs; SER, SNB and STRT erase a
//!   sector; a store without PG or of the wrong width sets PGSERR or PGPERR
//!   in SR and changes nothing; a wrong key sequence is a bus fault.
//!   FLASH_ACR, the block's first register (wait states, prefetch, caches),
//!   belongs to the clock model (`mmio/periph/stm32.rs`), which checks its
//!   LATENCY against HCLK whether or not flash is the chip's.
//!
//! Stores are seen just before they happen and the memory behind flash
//! takes them; the model records what the bytes must hold
//! ([`FlashChip::pending`]), and the block hook puts that in place at the
//! next block boundary, which is when the storing word has returned.
//!
//! The RP boot ROM's contents and its lookup are the `rom` module's.

use crate::family::Family;

/// A store into flash that the model settles at the next block boundary.
#[derive(Clone, Debug)]
pub(crate) struct PendingStore {
    pub addr: u32,
    /// What the bytes must hold once settled.
    pub settled: Vec<u8>,
}

// STM32F4 FLASH interface.
pub(crate) const STM32_FLASH_IF: u32 = 0x4002_3c00;
const KEYR: u32 = 0x04;
const SR: u32 = 0x0c;
const CR: u32 = 0x10;
const KEY1: u32 = 0x4567_0123;
const KEY2: u32 = 0xcdef_89ab;
const SR_EOP: u32 = 1 << 0;
const SR_PGPERR: u32 = 1 << 6;
const SR_PGSERR: u32 = 1 << 7;
const SR_ERRORS: u32 = 0xf3;
const CR_PG: u32 = 1 << 0;
const CR_SER: u32 = 1 << 1;
const CR_MER: u32 = 1 << 2;
const CR_STRT: u32 = 1 << 16;
const CR_EOPIE: u32 = 1 << 24;
const CR_LOCK: u32 = 1 << 31;

/// What a write to the STM32 FLASH interface asks of flash memory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum FlashOp {
    None,
    /// Erase these bytes (a sector, or all of flash).
    Erase {
        addr: u32,
        len: u32,
    },
    /// A bad unlock sequence: the chip answers with a bus fault.
    BusFault(String),
}

/// The chip's flash: where it is and the state of its interface.
pub(crate) struct FlashChip {
    pub family: Family,
    pub origin: u32,
    pub size: u32,
    /// RP: XIP is on, so flash can be read and run from.
    pub xip: bool,
    pub pending: Vec<PendingStore>,
    /// STM32: FLASH_CR and FLASH_SR; `key_step` counts the unlock keys seen.
    cr: u32,
    sr: u32,
    key_step: u8,
    keys_refused: bool,
}

impl FlashChip {
    pub fn new(family: Family, origin: u32, size: u32) -> FlashChip {
        FlashChip {
            family,
            origin,
            size,
            xip: true,
            pending: Vec::new(),
            cr: CR_LOCK,
            sr: 0,
            key_step: 0,
            keys_refused: false,
        }
    }

    pub fn contains(&self, addr: u32) -> bool {
        addr.wrapping_sub(self.origin) < self.size
    }

    /// The state a reset leaves: XIP on, the STM32 interface locked.
    pub fn reset(&mut self) {
        *self = FlashChip::new(self.family, self.origin, self.size);
    }

    /// A store of `size` bytes of `value` at `addr` in flash, whose bytes
    /// hold `old`: records what the bytes must hold once it has happened,
    /// or says why the store is a fault.
    pub fn store(&mut self, addr: u32, size: usize, value: u64, old: &[u8]) -> Result<(), String> {
        let new = &value.to_le_bytes()[..size];
        let keep = PendingStore {
            addr,
            settled: old.to_vec(),
        };
        match self.family {
            Family::Stm32F4 => {
                let width = match (self.cr >> 8) & 3 {
                    0 => 1,
                    1 => 2,
                    2 => 4,
                    _ => 8,
                };
                if self.cr & CR_LOCK != 0 || self.cr & CR_PG == 0 {
                    self.sr |= SR_PGSERR;
                    self.pending.push(keep);
                } else if size != width {
                    self.sr |= SR_PGPERR;
                    self.pending.push(keep);
                } else {
                    let settled = old.iter().zip(new).map(|(o, n)| o & n).collect();
                    self.pending.push(PendingStore { addr, settled });
                    if self.cr & CR_EOPIE != 0 {
                        self.sr |= SR_EOP;
                    }
                }
                Ok(())
            }
            _ => {
                self.pending.push(keep);
                Err(format!(
                    "store to flash at {addr:#010x}: this chip's flash is written through its \
                     boot ROM (flash_range_program), never by a store"
                ))
            }
        }
    }

    /// STM32 FLASH interface register read (offset from its base).
    pub fn read_reg(&self, off: u32) -> u32 {
        match off & !3 {
            SR => self.sr,
            CR => self.cr,
            _ => 0,
        }
    }

    /// STM32 FLASH interface register write (offset from its base).
    pub fn write_reg(&mut self, off: u32, value: u32) -> FlashOp {
        match off & !3 {
            KEYR => {
                let expected = if self.key_step == 0 { KEY1 } else { KEY2 };
                if self.keys_refused || self.cr & CR_LOCK == 0 || value != expected {
                    self.keys_refused = true;
                    return FlashOp::BusFault(format!(
                        "FLASH_KEYR got {value:#010x}: a wrong unlock sequence locks FLASH_CR \
                         until reset (write {KEY1:#010x}, then {KEY2:#010x}, once)"
                    ));
                }
                self.key_step += 1;
                if self.key_step == 2 {
                    self.cr &= !CR_LOCK;
                    self.key_step = 0;
                }
                FlashOp::None
            }
            SR => {
                // Status bits clear when written with 1.
                self.sr &= !(value & (SR_ERRORS | SR_EOP));
                FlashOp::None
            }
            CR => {
                if self.cr & CR_LOCK != 0 {
                    return FlashOp::None;
                }
                self.cr = value & !CR_STRT;
                if value & CR_STRT == 0 {
                    return FlashOp::None;
                }
                let op = if value & CR_MER != 0 {
                    FlashOp::Erase {
                        addr: self.origin,
                        len: self.size,
                    }
                } else if value & CR_SER != 0 {
                    match stm32_sector(self.origin, self.size, (value >> 3) & 0xf) {
                        Some((addr, len)) => FlashOp::Erase { addr, len },
                        None => {
                            self.sr |= SR_PGSERR;
                            return FlashOp::None;
                        }
                    }
                } else {
                    return FlashOp::None;
                };
                if value & CR_EOPIE != 0 {
                    self.sr |= SR_EOP;
                }
                op
            }
            _ => FlashOp::None,
        }
    }
}

/// Sector `n` of an STM32F4's flash: four of 16 KiB, one of 64 KiB, then
/// 128 KiB each, as far as the flash goes.
pub(crate) fn stm32_sector(origin: u32, size: u32, n: u32) -> Option<(u32, u32)> {
    let (start, len) = match n {
        0..=3 => (n * 0x4000, 0x4000),
        4 => (0x1_0000, 0x1_0000),
        5..=11 => (0x2_0000 + (n - 5) * 0x2_0000, 0x2_0000),
        _ => return None,
    };
    (start + len <= size).then_some((origin + start, len))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stm32_programs_only_unlocked_with_pg_and_the_right_width() {
        let mut f = FlashChip::new(Family::Stm32F4, 0x0800_0000, 0x10_0000);
        f.store(0x0800_8000, 4, 0x1234, &[0xff; 4]).unwrap();
        assert_eq!(f.read_reg(SR) & SR_PGSERR, SR_PGSERR);
        assert_eq!(f.pending.pop().unwrap().settled, vec![0xff; 4]);
        assert_eq!(f.write_reg(KEYR, KEY1), FlashOp::None);
        assert_eq!(f.write_reg(KEYR, KEY2), FlashOp::None);
        f.write_reg(SR, SR_ERRORS);
        f.write_reg(CR, 2 << 8 | CR_PG);
        f.store(0x0800_8000, 2, 0x1234, &[0xff; 2]).unwrap();
        assert_eq!(f.read_reg(SR) & SR_PGPERR, SR_PGPERR);
        f.pending.clear();
        f.store(0x0800_8000, 4, 0x0f0f_f0f0, &[0xff, 0x00, 0xff, 0xff])
            .unwrap();
        assert_eq!(f.pending[0].settled, vec![0xf0, 0x00, 0x0f, 0x0f]);
    }

    #[test]
    fn stm32_sector_erase_and_a_wrong_key_is_a_bus_fault() {
        let mut f = FlashChip::new(Family::Stm32F4, 0x0800_0000, 0x10_0000);
        assert!(matches!(f.write_reg(KEYR, 0x1111), FlashOp::BusFault(_)));
        assert!(matches!(f.write_reg(KEYR, KEY1), FlashOp::BusFault(_)));
        f.reset();
        f.write_reg(KEYR, KEY1);
        f.write_reg(KEYR, KEY2);
        assert_eq!(
            f.write_reg(CR, CR_SER | 11 << 3 | CR_STRT),
            FlashOp::Erase {
                addr: 0x080e_0000,
                len: 0x2_0000
            }
        );
        assert_eq!(f.read_reg(CR) & CR_STRT, 0);
        assert_eq!(
            stm32_sector(0x0800_0000, 0x10_0000, 4),
            Some((0x0801_0000, 0x1_0000))
        );
        assert_eq!(stm32_sector(0x0800_0000, 0x8_0000, 9), None);
    }
}
