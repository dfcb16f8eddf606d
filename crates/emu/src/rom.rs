//! The RP2040's and RP2350's boot ROM as programs meet it: the fixed words
//! at 0x10 that lead to the lookup function, the RP2040's function table,
//! and a stub per flash function (`bkpt #0x40+n; bx lr`) that traps to the
//! host, which does what the ROM function does (`hooks::rom_call`).
//!
//! Only what programs use to write their own flash is here: the lookup
//! (RP2040 `rom_table_lookup(table, code)`, RP2350
//! `rom_table_lookup_val(code, mask)` with the Arm-secure flag) and the
//! functions that connect, erase, program and flush flash.

use crate::family::Family;

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

    /// The ROM's name for the function, for reports.
    pub fn name(self) -> &'static str {
        match self {
            RomFn::Lookup => "rom_table_lookup",
            RomFn::ConnectInternalFlash => "connect_internal_flash",
            RomFn::ExitXip => "flash_exit_xip",
            RomFn::RangeErase => "flash_range_erase",
            RomFn::RangeProgram => "flash_range_program",
            RomFn::FlushCache => "flash_flush_cache",
            RomFn::EnterCmdXip => "flash_enter_cmd_xip",
        }
    }

    fn stub(self) -> u32 {
        let i = ROM_FNS.iter().position(|&f| f == self).unwrap_or(0);
        ROM_BASE + (STUBS + 4 * i) as u32
    }
}

/// The boot ROM's size and contents: the fixed words programs read to find
/// the lookup function, the RP2040's function table, and a stub per
/// function that traps to the model.
pub(crate) fn image(family: Family) -> Option<Vec<u8>> {
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

/// The boot ROM's lookup function, called with `r0` and `r1` as each chip
/// passes them (RP2040 `rom_table_lookup(table, code)`, RP2350
/// `rom_table_lookup_val(code, mask)`): the function for the code, Thumb bit
/// set, or 0.
pub(crate) fn lookup(family: Family, r0: u32, r1: u32) -> u32 {
    let (table, code, mask) = match family {
        Family::Rp2040 => (r0, r1, 0),
        _ => (0, r0, r1),
    };
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
    fn rp_roms_find_their_flash_functions() {
        let rom = image(Family::Rp2040).unwrap();
        assert_eq!(&rom[0x10..0x13], b"Mu\x01");
        let table = u16::from_le_bytes([rom[0x14], rom[0x15]]) as u32;
        let f = lookup(Family::Rp2040, table, tag(b"RP"));
        assert_eq!(f, RomFn::RangeProgram.stub() | 1);
        let stub = (f & !1) as usize;
        assert_eq!(RomFn::from_trap(rom[stub]), Some(RomFn::RangeProgram));
        assert_eq!(lookup(Family::Rp2040, table, tag(b"ZZ")), 0);
        assert_eq!(
            lookup(Family::Rp2350, tag(b"RE"), RT_FLAG_FUNC_ARM_SEC),
            RomFn::RangeErase.stub() | 1
        );
        assert_eq!(lookup(Family::Rp2350, tag(b"RE"), 0), 0);
    }
}
