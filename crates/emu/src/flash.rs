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
//! takes them; the model puts the real result in place at the next block
//! boundary ([`FlashChip::settle`]), which is when the storing word has
//! returned.

use crate::board::Family;

/// Where the RP boot ROMs live.
pub(crate) const ROM_BASE: u32 = 0;
/// The bkpt immediate of the first boot ROM function stub.
pub(crate) const ROM_TRAP_FIRST: u8 = 0x40;
/// Offset in the ROM of the function stubs (`bkpt #n; bx lr` each).
const STUBS: usize = 0x100;
/// Offset of the RP2040 function table: (code, address) halfword pairs.
const FUNC_TABLE: usize = 0x200;
/// Offset of the (empty) RP2040 data table.
const DATA_TABLE: usize = 0x240;
/// The RP2350's lookup flag for functions callable from Arm secure code.
const RT_FLAG_FUNC_ARM_SEC: u32 = 0x4;

pub(crate) const RP_SECTOR: u32 = 4096;
pub(crate) const RP_PAGE: u32 = 256;

/// The boot ROM functions the model provides, in stub order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RomFn {
    Lookup,
    ConnectInternalFlash,
    ExitXip,
    RangeErase,
    RangeProgram,
    FlushCache,
    EnterCmdXip,
}

const ROM_FNS: [RomFn; 7] = [
    RomFn::Lookup,
    RomFn::ConnectInternalFlash,
    RomFn::ExitXip,
    RomFn::RangeErase,
    RomFn::RangeProgram,
    RomFn::FlushCache,
    RomFn::EnterCmdXip,
];

const fn tag(code: &[u8; 2]) -> u32 {
    code[0] as u32 | (code[1] as u32) << 8
}

/// The two-character codes the ROM tables use.
const CODES: [(u32, RomFn); 6] = [
    (tag(b"IF"), RomFn::ConnectInternalFlash),
    (tag(b"EX"), RomFn::ExitXip),
    (tag(b"RE"), RomFn::RangeErase),
    (tag(b"RP"), RomFn::RangeProgram),
    (tag(b"FC"), RomFn::FlushCache),
    (tag(b"CX"), RomFn::EnterCmdXip),
];

impl RomFn {
    pub fn from_trap(imm: u8) -> Option<RomFn> {
        ROM_FNS
            .get(imm.checked_sub(ROM_TRAP_FIRST)? as usize)
            .copied()
    }

    fn stub(self) -> u32 {
        let i = ROM_FNS.iter().position(|&f| f == self).unwrap_or(0);
        ROM_BASE + (STUBS + 4 * i) as u32
    }
}

/// The boot ROM's size and contents: the fixed words programs read to find
/// the lookup function, the RP2040's function table, and a stub per
/// function that traps to the model.
pub(crate) fn rom_image(family: Family) -> Option<Vec<u8>> {
    let (size, version) = match family {
        Family::Rp2040 => (0x4000, 1u8),
        Family::Rp2350 => (0x8000, 2u8),
        _ => return None,
    };
    let mut rom = vec![0u8; size];
    let put16 =
        |rom: &mut Vec<u8>, at: usize, v: u16| rom[at..at + 2].copy_from_slice(&v.to_le_bytes());
    rom[0x10..0x13].copy_from_slice(&[b'M', b'u', version]);
    rom[0x13] = version;
    for (i, _) in ROM_FNS.iter().enumerate() {
        let at = STUBS + 4 * i;
        put16(&mut rom, at, 0xbe00 | (ROM_TRAP_FIRST as u16 + i as u16)); // bkpt #n
        put16(&mut rom, at + 2, 0x4770); // bx lr
    }
    let lookup = RomFn::Lookup.stub() as u16 | 1;
    match family {
        Family::Rp2040 => {
            put16(&mut rom, 0x14, FUNC_TABLE as u16);
            put16(&mut rom, 0x16, DATA_TABLE as u16);
            put16(&mut rom, 0x18, lookup);
            for (i, (code, f)) in CODES.iter().enumerate() {
                put16(&mut rom, FUNC_TABLE + 4 * i, *code as u16);
                put16(&mut rom, FUNC_TABLE + 4 * i + 2, f.stub() as u16 | 1);
            }
        }
        _ => {
            put16(&mut rom, 0x14, FUNC_TABLE as u16);
            put16(&mut rom, 0x16, lookup);
            put16(&mut rom, 0x18, lookup);
        }
    }
    Some(rom)
}

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

/// An RP boot ROM lookup: the function for `code`, Thumb bit set, or 0.
pub(crate) fn rom_lookup(family: Family, table: u32, code: u32, mask: u32) -> u32 {
    let known = CODES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, f)| f.stub() | 1);
    match family {
        Family::Rp2040 if table == ROM_BASE + FUNC_TABLE as u32 => known.unwrap_or(0),
        Family::Rp2350 if mask & RT_FLAG_FUNC_ARM_SEC != 0 => known.unwrap_or(0),
        _ => 0,
    }
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

    #[test]
    fn rp_roms_find_their_flash_functions() {
        let rom = rom_image(Family::Rp2040).unwrap();
        assert_eq!(&rom[0x10..0x13], b"Mu\x01");
        let table = u16::from_le_bytes([rom[0x14], rom[0x15]]) as u32;
        let f = rom_lookup(Family::Rp2040, table, tag(b"RP"), 0);
        assert_eq!(f, RomFn::RangeProgram.stub() | 1);
        let stub = (f & !1) as usize;
        assert_eq!(RomFn::from_trap(rom[stub]), Some(RomFn::RangeProgram));
        assert_eq!(rom_lookup(Family::Rp2040, table, tag(b"ZZ"), 0), 0);
        assert_eq!(
            rom_lookup(Family::Rp2350, 0, tag(b"RE"), RT_FLAG_FUNC_ARM_SEC),
            RomFn::RangeErase.stub() | 1
        );
        assert_eq!(rom_lookup(Family::Rp2350, 0, tag(b"RE"), 0), 0);
    }
}
