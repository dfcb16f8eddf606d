//! What the RP2040 boot ROM does before boot2 runs: it copies the first 256
//! bytes of flash to the top of SRAM and checks their CRC-32/MPEG-2 (MSB
//! first, init 0xFFFFFFFF, no reflection, no final xor) over bytes 0..252
//! against the little-endian word at 252.

/// Where the boot ROM copies boot2, and where it enters it (Thumb).
pub(crate) const BOOT2_BASE: u32 = 0x2004_1f00;
pub(crate) const BOOT2_SIZE: usize = 256;

pub(crate) fn crc32_mpeg2(bytes: &[u8]) -> u32 {
    let mut c = 0xffff_ffffu32;
    for &b in bytes {
        c ^= (b as u32) << 24;
        for _ in 0..8 {
            c = if c & 0x8000_0000 != 0 {
                (c << 1) ^ 0x04c1_1db7
            } else {
                c << 1
            };
        }
    }
    c
}

/// `Err((stored, computed))` when the block would not pass the boot ROM.
pub(crate) fn check(block: &[u8]) -> Result<(), (u32, u32)> {
    let computed = crc32_mpeg2(&block[..252]);
    let stored = u32::from_le_bytes([block[252], block[253], block[254], block[255]]);
    if computed == stored {
        Ok(())
    } else {
        Err((stored, computed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc_matches_the_mpeg2_check_value() {
        assert_eq!(crc32_mpeg2(b"123456789"), 0x0376_e6e7);
    }
}
