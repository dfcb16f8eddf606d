//! What the RP2040 boot ROM does before boot2 runs: it copies the first 256
//! bytes of flash to the top of SRAM and checks their CRC-32/MPEG-2 (MSB
//! first, init 0xFFFFFFFF, no reflection, no final xor) over bytes 0..252
//! against the little-endian word at 252.

/// Where the boot ROM copies boot2, and where it enters it (Thumb).
pub(crate) const BOOT2_BASE: u32 = 0x2004_1f00;
pub(crate) const BOOT2_SIZE: usize = 256;

/// The boot ROM's checksum, from the `crc` crate's catalogue.
const BOOT2_CRC: crc::Crc<u32> = crc::Crc::<u32>::new(&crc::CRC_32_MPEG_2);

/// `Err((stored, computed))` when the block would not pass the boot ROM.
pub(crate) fn check(block: &[u8]) -> Result<(), (u32, u32)> {
    let computed = BOOT2_CRC.checksum(&block[..252]);
    let stored = u32::from_le_bytes([block[252], block[253], block[254], block[255]]);
    if computed == stored {
        Ok(())
    } else {
        Err((stored, computed))
    }
}
