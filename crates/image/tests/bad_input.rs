//! A corrupted or foreign file gets a one-line error, never a panic.

use image::{read, write_elf, write_hex, write_uf2, Format, ImageError};
use proptest::prelude::*;

mod common;
use common::{image_for, rich_image};

fn refused(bytes: &[u8], format: Format) -> String {
    let err = read(bytes, format, 0x1000_0000).unwrap_err();
    let msg = err.to_string();
    assert!(!msg.contains('\n'), "not one line: {msg}");
    msg
}

fn uf2() -> Vec<u8> {
    write_uf2(&image_for("rp2350"), 0xe48b_ff59, false)
}

#[test]
fn empty_files_are_refused_in_every_format() {
    for format in [Format::Elf, Format::Bin, Format::Hex, Format::Uf2] {
        let msg = refused(&[], format);
        assert!(msg.starts_with("empty"), "{format:?}: {msg}");
    }
}

#[test]
fn truncated_uf2_is_refused() {
    let bytes = uf2();
    let msg = refused(&bytes[..bytes.len() - 100], Format::Uf2);
    assert!(msg.starts_with("truncated UF2"), "{msg}");
    let msg = refused(&bytes[..512], Format::Uf2);
    assert!(msg.contains("1 blocks of the 2"), "{msg}");
}

#[test]
fn uf2_with_bad_magic_is_refused() {
    let mut bytes = uf2();
    bytes[512] ^= 0xff;
    assert!(refused(&bytes, Format::Uf2).contains("UF2 block 1: bad magic"));
    let mut bytes = uf2();
    bytes[508] = 0;
    assert!(refused(&bytes, Format::Uf2).contains("bad magic at the block end"));
}

#[test]
fn uf2_blocks_out_of_order_are_refused() {
    let bytes = uf2();
    let mut swapped = bytes[512..1024].to_vec();
    swapped.extend_from_slice(&bytes[..512]);
    assert!(refused(&swapped, Format::Uf2).contains("out of order"));
}

#[test]
fn uf2_with_a_bad_payload_size_is_refused() {
    let mut bytes = uf2();
    bytes[16..20].copy_from_slice(&600u32.to_le_bytes());
    assert!(refused(&bytes, Format::Uf2).contains("payload size 600"));
}

#[test]
fn uf2_mixing_families_is_refused() {
    let mut bytes = uf2();
    bytes[512 + 28] ^= 1;
    assert!(refused(&bytes, Format::Uf2).contains("family"));
}

#[test]
fn elf_for_another_machine_is_refused() {
    let mut bytes = write_elf(&rich_image("rp2350"));
    bytes[18..20].copy_from_slice(&62u16.to_le_bytes());
    assert_eq!(
        refused(&bytes, Format::Elf),
        "ELF: ELF for machine x86-64 (62), not ARM"
    );
}

#[test]
fn elf_of_the_wrong_class_or_byte_order_is_refused() {
    let good = write_elf(&rich_image("rp2350"));
    let mut bytes = good.clone();
    bytes[4] = 2;
    assert!(refused(&bytes, Format::Elf).contains("64-bit"));
    let mut bytes = good;
    bytes[5] = 2;
    assert!(refused(&bytes, Format::Elf).contains("big-endian"));
}

#[test]
fn non_elf_and_truncated_elf_are_refused() {
    assert!(refused(b"MZ\x90\x00 not an elf", Format::Elf).contains("bad magic"));
    let bytes = write_elf(&rich_image("rp2350"));
    assert!(refused(&bytes[..40], Format::Elf).contains("truncated"));
    assert!(refused(&bytes[..200], Format::Elf).contains("truncated"));
}

#[test]
fn hex_checksum_errors_name_the_line() {
    let hex = write_hex(&image_for("stm32f407"));
    let mut lines: Vec<String> = hex.lines().map(str::to_owned).collect();
    let last = lines[3].pop().unwrap();
    lines[3].push(if last == '0' { '1' } else { '0' });
    let msg = refused(lines.join("\n").as_bytes(), Format::Hex);
    assert!(msg.starts_with("Intel hex line 4: checksum error"), "{msg}");
}

#[test]
fn hex_without_end_record_or_with_garbage_is_refused() {
    let hex = write_hex(&image_for("stm32f407"));
    let cut: Vec<&str> = hex.lines().collect();
    let msg = refused(cut[..cut.len() - 1].join("\n").as_bytes(), Format::Hex);
    assert!(msg.contains("no end-of-file record"), "{msg}");
    assert!(refused(b"hello\n", Format::Hex).contains("must start with ':'"));
    assert!(refused(b":0G\n", Format::Hex).contains("hex digits"));
    assert!(refused(b":0100000000\n", Format::Hex).contains("says 1 data bytes but holds 0"));
    assert!(refused(b":00000007F9\n", Format::Hex).contains("unknown record type 07"));
    assert!(refused(&[0xff, 0xfe, b'\n'], Format::Hex).contains("not ASCII"));
}

#[test]
fn hex_writing_one_address_twice_is_refused() {
    let text = ":0100000001FE\n:0100000002FD\n:00000001FF\n";
    assert!(refused(text.as_bytes(), Format::Hex).contains("overlaps"));
}

#[test]
fn map_files_cannot_be_loaded() {
    let err = read(b"image for rp2350", Format::Map, 0).unwrap_err();
    assert!(matches!(err, ImageError::NotLoadable(_)));
}

#[test]
fn bin_running_past_4_gib_is_refused() {
    let err = read(&[0; 16], Format::Bin, 0xffff_fff8).unwrap_err();
    assert!(err.to_string().contains("4 GiB"), "{err}");
}

/// Valid files of every format, for the mutation tests.
fn samples() -> Vec<(Format, Vec<u8>)> {
    let img = rich_image("rp2040");
    vec![
        (Format::Elf, write_elf(&img)),
        (Format::Uf2, write_uf2(&img, 0xe48b_ff56, false)),
        (
            Format::Uf2,
            write_uf2(&image_for("rp2350"), 0xe48b_ff59, true),
        ),
        (Format::Hex, write_hex(&img).into_bytes()),
    ]
}

const READERS: [Format; 5] = [
    Format::Elf,
    Format::Bin,
    Format::Hex,
    Format::Uf2,
    Format::Map,
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn random_bytes_never_panic_any_reader(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        for format in READERS {
            if let Err(e) = read(&bytes, format, 0x1000_0000) {
                prop_assert!(!e.to_string().contains('\n'));
            }
        }
    }

    #[test]
    fn truncated_files_never_panic(cut in 0usize..4096, which in 0usize..4) {
        let (format, bytes) = &samples()[which];
        let cut = cut.min(bytes.len());
        let _ = read(&bytes[..cut], *format, 0);
    }

    #[test]
    fn corrupted_files_never_panic(
        which in 0usize..4,
        edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..16),
    ) {
        let (format, bytes) = &samples()[which];
        let mut bytes = bytes.clone();
        for (at, value) in edits {
            let len = bytes.len();
            bytes[at % len] = value;
        }
        if let Err(e) = read(&bytes, *format, 0) {
            prop_assert!(!e.to_string().contains('\n'));
        }
    }

    #[test]
    fn random_elf_headers_never_panic(
        tail in proptest::collection::vec(any::<u8>(), 0..1024),
        fields in proptest::collection::vec((0usize..52, any::<u8>()), 0..24),
    ) {
        // A plausible ELF32 ARM header with random fields and contents, so the
        // checks past the magic and machine get exercised too.
        let mut bytes = write_elf(&rich_image("rp2350"))[..52].to_vec();
        for (at, value) in fields {
            if at >= 20 {
                bytes[at] = value;
            }
        }
        bytes.extend_from_slice(&tail);
        let _ = read(&bytes, Format::Elf, 0);
    }
}

#[test]
fn uf2_with_no_block_for_main_flash_is_refused() {
    let mut bytes = uf2();
    for block in bytes.chunks_mut(512) {
        block[8] |= 1;
    }
    assert!(refused(&bytes, Format::Uf2).contains("no block is meant for main flash"));
}
