//! The boot blocks are what each boot ROM checks before running anything.

use crc::{Crc, CRC_32_MPEG_2};
use image::boot::{rp2040_boot2, rp2350_image_def, vector_table, BOOT2_SOURCE};

mod common;
use common::word;

#[test]
fn boot2_carries_the_crc_the_rp2040_bootrom_checks() {
    let boot2 = rp2040_boot2();
    let crc = Crc::<u32>::new(&CRC_32_MPEG_2).checksum(&boot2[..252]);
    assert_eq!(word(&boot2, 252), crc);
}

#[test]
fn crc_parameters_match_the_bootrom_check_value() {
    assert_eq!(
        Crc::<u32>::new(&CRC_32_MPEG_2).checksum(b"123456789"),
        0x0376_e6e7
    );
}

#[test]
fn boot2_code_fits_in_252_bytes_and_assembles_for_armv6m() {
    let assembly = thumb::text::assemble_at(BOOT2_SOURCE, thumb::Profile::V6M, 0x2004_1f00);
    assert!(assembly.errors.is_empty(), "{:?}", assembly.errors);
    assert!(
        assembly.bytes.len() <= 252,
        "{} bytes",
        assembly.bytes.len()
    );
    let boot2 = rp2040_boot2();
    assert_eq!(&boot2[..assembly.bytes.len()], &assembly.bytes[..]);
    assert!(boot2[assembly.bytes.len()..252].iter().all(|&b| b == 0));
}

#[test]
fn boot2_saves_lr_first_and_enters_the_table_at_0x10000100() {
    let boot2 = rp2040_boot2();
    assert_eq!(&boot2[..2], &[0x00, 0xb5], "push {{lr}}");
    let words: Vec<u32> = (0..252).step_by(4).map(|o| word(&boot2, o)).collect();
    for constant in [
        0x1800_0000,
        0x001f_0300,
        0x0300_0218,
        0x1000_0100,
        0xe000_ed08,
    ] {
        assert!(words.contains(&constant), "literal {constant:#x} missing");
    }
}

#[test]
fn image_def_is_the_minimal_arm_secure_exe_block() {
    assert_eq!(
        rp2350_image_def(),
        [
            0xd3, 0xde, 0xff, 0xff, 0x42, 0x01, 0x21, 0x10, 0xff, 0x01, 0x00, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x79, 0x35, 0x12, 0xab
        ]
    );
}

#[test]
fn vector_table_is_sp_reset_then_the_default_handler() {
    let t = vector_table(0x2000_8000, 0x0800_0101, 0x0800_0201, 16);
    assert_eq!(t.len(), 64);
    assert_eq!(word(&t, 0), 0x2000_8000);
    assert_eq!(word(&t, 4), 0x0800_0101);
    for i in 2..16 {
        assert_eq!(word(&t, i * 4), 0x0800_0201);
    }
    assert_eq!(vector_table(1, 2, 3, 0).len(), 8);
}
