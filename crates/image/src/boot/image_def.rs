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

/// PICOBIN_MAX_IMAGE_DEF_BLOCK_SIZE: the boot ROM reads no larger block.
const MAX_BLOCK_BYTES: usize = 0x180;
/// The boot ROM looks for the first block in the first 4 KiB of the image.
const SEARCH_WINDOW: usize = 0x1000;

/// What an IMAGE_DEF block's IMAGE_TYPE item says about the image.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImageType(u16);

impl ImageType {
    /// An executable (not a data image) for an Arm core of the RP2350: what
    /// the boot ROM starts on an Arm core.
    pub fn is_rp2350_arm_exe(self) -> bool {
        self.kind() == 1 && self.cpu() == 0 && self.chip() == 1
    }

    /// The flags in words, for messages: `an Arm executable for the RP2350`.
    pub fn describe(self) -> String {
        match self.kind() {
            1 => {
                let cpu = match self.cpu() {
                    0 => "an Arm",
                    1 => "a RISC-V",
                    _ => "an unknown-CPU",
                };
                let chip = match self.chip() {
                    0 => "RP2040",
                    1 => "RP2350",
                    _ => "unknown chip",
                };
                format!("{cpu} executable for the {chip}")
            }
            2 => "a data image".into(),
            _ => "an image of an unknown type".into(),
        }
    }

    /// IMAGE_TYPE bits 3:0: 1 = EXE, 2 = DATA.
    fn kind(self) -> u16 {
        self.0 & 0xf
    }

    /// EXE_CPU, bits 10:8: 0 = Arm, 1 = RISC-V.
    fn cpu(self) -> u16 {
        self.0 >> 8 & 0x7
    }

    /// EXE_CHIP, bits 14:12: 0 = RP2040, 1 = RP2350.
    fn chip(self) -> u16 {
        self.0 >> 12 & 0x7
    }
}

/// The first IMAGE_DEF block in the first 4 KiB of `flash` (the bytes from
/// the image start), parsed by the rules the RP2350 boot ROM applies: the
/// start marker on a word boundary, items whose sizes add up to what the
/// LAST item says, the end marker two words after it, and IMAGE_TYPE of size
/// one as the first item. Blocks of another kind are skipped.
pub fn find_image_def(flash: &[u8]) -> Option<ImageType> {
    let window = &flash[..flash.len().min(SEARCH_WINDOW)];
    (0..window.len())
        .step_by(4)
        .filter(|&at| word(window, at) == Some(MARKER_START))
        .find_map(|at| parse_image_def(&window[at..window.len().min(at + MAX_BLOCK_BYTES)]))
}

/// An IMAGE_DEF block at the start of `block`, if it is one.
fn parse_image_def(block: &[u8]) -> Option<ImageType> {
    let first = word(block, 4)?;
    if first & 0xffff != ITEM_IMAGE_TYPE | 1 << 8 {
        return None;
    }
    let mut at = 4;
    loop {
        let header = word(block, at)?;
        let kind = header & 0xff;
        let size = if kind & 0x80 != 0 {
            header >> 8 & 0xffff
        } else {
            header >> 8 & 0xff
        } as usize;
        if kind == ITEM_LAST {
            let items_words = (at - 4) / 4;
            let ends = word(block, at + 8)? == MARKER_END;
            return (size == items_words && ends).then_some(ImageType((first >> 16) as u16));
        }
        if size == 0 {
            return None;
        }
        at += size * 4;
    }
}

/// The little-endian word at byte `at`, if the bytes are there.
fn word(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn our_image_def_is_found_after_a_vector_table_and_is_an_arm_exe() {
        let mut flash = vec![0u8; 0x110];
        flash.extend_from_slice(&rp2350_image_def());
        flash.extend_from_slice(&[0xff; 64]);
        let found = find_image_def(&flash).unwrap();
        assert!(found.is_rp2350_arm_exe());
        assert_eq!(found.describe(), "an Arm executable for the RP2350");
    }

    #[test]
    fn a_block_past_4_kib_or_with_a_bad_end_or_another_chip_is_not_taken() {
        let mut late = vec![0u8; 0x1000];
        late.extend_from_slice(&rp2350_image_def());
        assert_eq!(find_image_def(&late), None);

        let mut bad_end = rp2350_image_def();
        bad_end[16] ^= 1;
        assert_eq!(find_image_def(&bad_end), None);

        let mut risc_v = rp2350_image_def();
        risc_v[7] = 0x11; // EXE_CPU = RISC-V, chip RP2350
        let found = find_image_def(&risc_v).unwrap();
        assert!(!found.is_rp2350_arm_exe());
        assert_eq!(found.describe(), "a RISC-V executable for the RP2350");
    }

    #[test]
    fn truncated_blocks_and_zero_sized_items_do_not_panic() {
        let def = rp2350_image_def();
        for len in 0..def.len() {
            assert_eq!(find_image_def(&def[..len]), None);
        }
        let zero = [
            0xd3, 0xde, 0xff, 0xff, 0x42, 0x01, 0x21, 0x10, 0x05, 0x00, 0, 0,
        ];
        assert_eq!(find_image_def(&zero), None);
    }
}
