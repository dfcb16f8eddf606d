//! `uf2_fit` tells a UF2 for one board from another board's, and says why
//! in words a message can use.

use image::{uf2_fit, write_uf2};

mod common;
use common::{board, image_for, BOARDS};

#[test]
fn the_absolute_family_and_the_e10_block_fit_the_rp2350_only() {
    let img = image_for("rp2350");
    for bytes in [
        write_uf2(&img, image::FAMILY_ABSOLUTE, false),
        write_uf2(&img, image::FAMILY_RP2350_ARM_S, true),
    ] {
        let file = image::read_uf2_file(&bytes).unwrap();
        assert!(uf2_fit(&file, &board("rp2350")).is_ok());
        assert!(uf2_fit(&file, &board("rp2040")).is_err());
    }
}

#[test]
fn a_uf2_whose_blocks_lie_outside_the_boards_memory_does_not_fit() {
    let mut img = image_for("stm32f407");
    img.flash_base = 0x3000_0000;
    let bytes = write_uf2(&img, board("stm32f407").uf2_family.unwrap(), false);
    let file = image::read_uf2_file(&bytes).unwrap();
    let why = uf2_fit(&file, &board("stm32f407")).unwrap_err();
    assert!(
        why.contains("at 0x30000000 lie outside stm32f407's flash"),
        "{why}"
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

    /// Damaged UF2s get a verdict or an error, never a panic, on every board.
    #[test]
    fn damaged_uf2s_never_panic_uf2_fit(
        made_for in 0usize..2,
        edits in proptest::collection::vec((0usize..4096, proptest::prelude::any::<u8>()), 1..16),
    ) {
        let name = BOARDS[made_for];
        let mut bytes = write_uf2(&image_for(name), board(name).uf2_family.unwrap(), false);
        for (at, value) in edits {
            let len = bytes.len();
            bytes[at % len] = value;
        }
        if let Ok(file) = image::read_uf2_file(&bytes) {
            for name in BOARDS {
                let _ = uf2_fit(&file, &board(name));
            }
        }
    }
}
