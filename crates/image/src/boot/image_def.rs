//! The RP2350 IMAGE_DEF: the picobin block the bootrom must find in the first
//! 4 KiB of flash before it will run an image.

/// PICOBIN_BLOCK_MARKER_START.
const MARKER_START: u32 = 0xffff_ded3;
/// PICOBIN_BLOCK_MARKER_END.
const MARKER_END: u32 = 0xab12_3579;
/// Item type IMAGE_TYPE, one word long.
const ITEM_IMAGE_TYPE: u32 = 0x42;
/// IMAGE_TYPE flags: EXE (1) | security S (2 << 4) | CPU ARM (0 << 8) | chip RP2350 (1 << 12).
const IMAGE_TYPE_ARM_SECURE_EXE: u32 = 0x1021;
/// PICOBIN_BLOCK_ITEM_2BS_LAST; its size field counts the words of the items before it.
const ITEM_LAST: u32 = 0xff;

/// RP2350 minimal IMAGE_DEF block for an Arm secure executable (20 bytes).
///
/// No VECTOR_TABLE or ENTRY_POINT item: the bootrom then takes the vector
/// table from the image start and loads SP and PC from its first two words.
/// The link word is 0: a single block that loops to itself.
pub fn rp2350_image_def() -> [u8; 20] {
    let image_type = ITEM_IMAGE_TYPE | 1 << 8 | IMAGE_TYPE_ARM_SECURE_EXE << 16;
    let items_words = 1;
    let last = ITEM_LAST | items_words << 8;
    let link = 0;
    let words = [MARKER_START, image_type, last, link, MARKER_END];
    let mut out = [0; 20];
    for (chunk, word) in out.chunks_exact_mut(4).zip(words) {
        chunk.copy_from_slice(&word.to_le_bytes());
    }
    out
}
