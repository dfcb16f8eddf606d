//! `fit` tells each board's image from the others' in every format, and
//! says why in words a message can use.

use image::{fit, uf2_fit, write_bin, write_elf, write_hex, write_uf2, Format, Verdict};

mod common;
use common::{board, image_for, BOARDS};

/// Every format of `name`'s image, UF2 in the board's own family.
fn files(name: &str) -> Vec<(Format, Vec<u8>)> {
    let img = image_for(name);
    vec![
        (Format::Elf, write_elf(&img)),
        (Format::Bin, write_bin(&img)),
        (Format::Hex, write_hex(&img).into_bytes()),
        (
            Format::Uf2,
            write_uf2(&img, board(name).uf2_family.unwrap(), false),
        ),
    ]
}

#[test]
fn each_boards_image_fits_that_board_and_no_other_in_every_format() {
    for made_for in BOARDS {
        for (format, bytes) in files(made_for) {
            for name in BOARDS {
                let verdict = fit(&bytes, format, &board(name)).unwrap();
                let fits = matches!(verdict, Verdict::Fits { .. });
                assert_eq!(
                    fits,
                    name == made_for,
                    "{made_for} {format:?} on {name}: {verdict:?}"
                );
            }
        }
    }
}

#[test]
fn the_evidence_is_the_strongest_sign_the_file_carries() {
    let evidence = |name: &str, format: Format| {
        let bytes = files(name)
            .into_iter()
            .find(|(f, _)| *f == format)
            .unwrap()
            .1;
        match fit(&bytes, format, &board(name)).unwrap() {
            Verdict::Fits { evidence, .. } => evidence,
            Verdict::Misfit(why) => panic!("{name}: {why}"),
        }
    };
    assert!(evidence("rp2350", Format::Uf2).contains("UF2 family 0xe48bff59"));
    assert!(evidence("rp2350", Format::Bin).contains("IMAGE_DEF"));
    assert!(evidence("rp2040", Format::Elf).contains("boot2"));
    assert!(evidence("stm32f407", Format::Bin).starts_with("its reset vector 0x0800"));
}

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
        assert!(matches!(
            fit(&bytes, Format::Uf2, &board("rp2350")).unwrap(),
            Verdict::Fits { .. }
        ));
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

    /// Damaged images get a verdict or an error, never a panic, on every board.
    #[test]
    fn damaged_images_never_panic_fit(
        made_for in 0usize..3,
        which in 0usize..4,
        edits in proptest::collection::vec((0usize..4096, proptest::prelude::any::<u8>()), 1..16),
    ) {
        let (format, mut bytes) = files(BOARDS[made_for]).swap_remove(which);
        for (at, value) in edits {
            let len = bytes.len();
            bytes[at % len] = value;
        }
        for name in BOARDS {
            let target = board(name);
            let _ = fit(&bytes, format, &target);
            if let Ok(file) = image::read_uf2_file(&bytes) {
                let _ = uf2_fit(&file, &target);
            }
        }
    }
}
