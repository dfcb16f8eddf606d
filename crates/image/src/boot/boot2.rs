//! The RP2040 second-stage bootloader.
//!
//! The bootrom copies flash bytes 0..256 to the top of SRAM, checks their
//! CRC-32/MPEG-2 and jumps there with lr = 0. Until boot2 configures the XIP
//! SSI, reads of 0x10000000.. do not reach the flash, so it must set up XIP,
//! then point VTOR at the image's vector table and enter it as a reset would.

use crc::{Crc, CRC_32_MPEG_2};

/// Where the bootrom runs boot2: the last 256 bytes of SRAM.
const BOOT2_RUN_ADDR: u32 = 0x2004_1f00;
/// Code and literals must leave the last word for the CRC.
const CODE_LIMIT: usize = 252;

/// Boot2 for any 25-series flash: plain 03h serial reads, the slowest and most
/// widely supported XIP mode. Position independent (literals are PC-relative),
/// ARMv6-M only.
pub const BOOT2_SOURCE: &str = "\
    push {lr}
    ldr r3, =0x18000000     @ XIP_SSI_BASE
    movs r1, #0
    str r1, [r3, #0x08]     @ SSIENR = 0: the SSI takes settings only while disabled
    movs r1, #4
    str r1, [r3, #0x14]     @ BAUDR = 4: SCK = clk_sys / 4 (must be even)
    ldr r1, =0x001f0300
    str r1, [r3, #0x00]     @ CTRLR0: standard SPI, 32-bit frames, TMOD = EEPROM read
    ldr r1, =0x03000218
    movs r2, #0xf4
    str r1, [r3, r2]        @ SPI_CTRLR0: XIP command 03h, 8-bit instruction, 24-bit address
    movs r1, #0
    str r1, [r3, #0x04]     @ CTRLR1 = 0: one 32-bit frame per XIP access
    movs r1, #1
    str r1, [r3, #0x08]     @ SSIENR = 1: reads of 0x10000000.. now come from flash
    pop {r0}
    cmp r0, #0
    beq 1f
    bx r0                   @ called as a function: return to the caller
1:  ldr r0, =0x10000100     @ the image's vector table, right after boot2
    ldr r1, =0xe000ed08     @ VTOR
    str r0, [r1]
    ldmia r0, {r0, r1}      @ initial SP, reset handler
    msr msp, r0
    bx r1
    .ltorg
";

/// RP2040 second-stage bootloader: 252 bytes of code we assemble with
/// crates/thumb (armv6m) from the 03h recipe, padded, CRC-32/MPEG-2 of bytes
/// 0..252 in the last word; it configures the XIP SSI, then (entered with lr=0
/// from the bootrom) sets VTOR = 0x10000100, loads SP and reset from there and
/// jumps.
pub fn rp2040_boot2() -> [u8; 256] {
    let assembly = thumb::text::assemble_at(BOOT2_SOURCE, thumb::Profile::V6M, BOOT2_RUN_ADDR);
    assert!(
        assembly.errors.is_empty(),
        "boot2 source does not assemble: {:?}",
        assembly.errors
    );
    assert!(
        assembly.bytes.len() <= CODE_LIMIT,
        "boot2 is {} bytes, over {CODE_LIMIT}",
        assembly.bytes.len()
    );
    let mut block = [0u8; 256];
    block[..assembly.bytes.len()].copy_from_slice(&assembly.bytes);
    let crc = Crc::<u32>::new(&CRC_32_MPEG_2).checksum(&block[..CODE_LIMIT]);
    block[CODE_LIMIT..].copy_from_slice(&crc.to_le_bytes());
    block
}

/// Whether `flash` starts with what the RP2040 boot ROM accepts as boot2:
/// 256 bytes whose last word is the CRC-32/MPEG-2 of the 252 before it. The
/// ROM runs nothing else, so an image without it does not start.
pub fn is_rp2040_boot2(flash: &[u8]) -> bool {
    let Some(block) = flash.get(..256) else {
        return false;
    };
    let crc = Crc::<u32>::new(&CRC_32_MPEG_2).checksum(&block[..CODE_LIMIT]);
    block[CODE_LIMIT..] == crc.to_le_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn our_boot2_passes_the_boot_roms_crc_check_and_a_changed_byte_fails_it() {
        let mut block = rp2040_boot2().to_vec();
        assert!(is_rp2040_boot2(&block));
        block[7] ^= 1;
        assert!(!is_rp2040_boot2(&block));
        assert!(!is_rp2040_boot2(&rp2040_boot2()[..255]));
    }
}
