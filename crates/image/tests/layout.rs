//! assemble_image puts each chip's boot block and vector table where its boot
//! ROM and core look, and names every label.

use image::boot::{assemble_image, rp2040_boot2, rp2350_image_def};
use image::{ImageError, SymbolKind};

mod common;
use common::{board, image_for, word, BOARDS, PROGRAM};

#[test]
fn vector_table_holds_the_stack_top_and_the_reset_label() {
    for name in BOARDS {
        let t = board(name);
        let img = image_for(name);
        let vt = (t.vector_table - img.flash_base) as usize;
        let reset = img.symbol("reset").unwrap();
        assert_eq!(word(&img.flash, vt), t.stack_top(), "{name}");
        assert_eq!(word(&img.flash, vt + 4), reset.addr | 1, "{name}");
        assert_eq!(img.entry, reset.addr | 1, "{name}");
        assert_eq!(img.initial_sp, t.stack_top(), "{name}");
        assert_eq!(img.flash_base, t.flash.origin, "{name}");
        assert_eq!(img.ram_region, (t.ram.origin, t.ram.size), "{name}");
        assert_eq!(img.target, *name);
    }
}

#[test]
fn other_vectors_point_at_a_built_in_loop_when_no_handler_is_given() {
    for name in BOARDS {
        let t = board(name);
        let img = image_for(name);
        let handler = img.symbol("default_handler").unwrap();
        let at = (handler.addr - img.flash_base) as usize;
        assert_eq!(&img.flash[at..at + 2], &[0xfe, 0xe7], "b . in {name}");
        let vt = (t.vector_table - img.flash_base) as usize;
        for i in 2..t.vector_count() {
            assert_eq!(
                word(&img.flash, vt + 4 * i),
                handler.addr | 1,
                "{name} vector {i}"
            );
        }
    }
}

#[test]
fn a_default_handler_label_is_used_for_every_other_vector() {
    let source = format!("{PROGRAM}default_handler:\n    b default_handler\n");
    let t = board("stm32f407");
    let img = assemble_image(&t, &source).unwrap();
    let handler = img.symbol("default_handler").unwrap().addr;
    assert_eq!(word(&img.flash, 8), handler | 1);
    assert_eq!(word(&img.flash, 4 * (t.vector_count() - 1)), handler | 1);
}

#[test]
fn rp2040_image_starts_with_boot2() {
    let img = image_for("rp2040");
    assert_eq!(&img.flash[..256], &rp2040_boot2());
    assert_eq!(board("rp2040").vector_table, 0x1000_0100);
}

#[test]
fn rp2350_image_def_follows_the_vector_table_in_the_first_4_kib() {
    let t = board("rp2350");
    let img = image_for("rp2350");
    let at = t.vector_count() * 4;
    assert_eq!(&img.flash[at..at + 20], &rp2350_image_def());
    assert!(at + 20 <= 0x1000);
    assert_eq!(
        img.symbol("__image_def").unwrap().addr,
        0x1000_0000 + at as u32
    );
}

#[test]
fn code_is_assembled_at_its_final_address() {
    for name in BOARDS {
        let img = image_for(name);
        let reset = img.symbol("reset").unwrap();
        let helper = img.symbol("helper").unwrap();
        assert_eq!(reset.kind, SymbolKind::Code);
        assert!(reset.addr % 4 == 0 && reset.addr > board(name).vector_table);
        assert_eq!(reset.size, helper.addr - reset.addr, "{name}");
        // The last label runs to the end of the code, literal pool included.
        let end = (helper.addr + helper.size - img.flash_base) as usize;
        assert_eq!(
            word(&img.flash, end - 4),
            0x1234_5678,
            "{name}: pool ends the code"
        );
        // The bl at reset+2 (after a 2-byte ldr) reaches helper.
        let at = (reset.addr + 2 - img.flash_base) as usize;
        let hw1 = u16::from_le_bytes([img.flash[at], img.flash[at + 1]]);
        assert_eq!(hw1 & 0xf800, 0xf000, "{name}: bl first halfword");
    }
}

#[test]
fn armv6m_targets_refuse_thumb2_instructions() {
    let err = assemble_image(&board("rp2040"), "reset:\n    movw r0, #0x1234\n").unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, ImageError::Assembly(_)));
    assert!(msg.contains("2:5:"), "{msg}");
    assert!(assemble_image(&board("rp2350"), "reset:\n    movw r0, #0x1234\n").is_ok());
}

#[test]
fn assembly_errors_list_every_line_and_column() {
    let err = assemble_image(&board("rp2350"), "reset:\n  bogus r0\n  b nowhere\n").unwrap_err();
    let msg = err.to_string();
    assert!(msg.starts_with("2 assembly errors:"), "{msg}");
    assert!(msg.contains("\n2:3: ") && msg.contains("\n3:"), "{msg}");
}

#[test]
fn code_without_reset_is_refused() {
    let err = assemble_image(&board("rp2350"), "start:\n    b start\n").unwrap_err();
    assert!(matches!(err, ImageError::NoReset), "{err}");
}

#[test]
fn code_larger_than_flash_is_refused() {
    let mut t = board("stm32f407");
    t.flash.size = 0x400;
    let err = assemble_image(&t, &format!("{PROGRAM}    .space 2048\n")).unwrap_err();
    assert!(matches!(err, ImageError::TooBig { .. }), "{err}");
    assert!(err.to_string().contains("1024 bytes of flash"), "{err}");
}

#[test]
fn symbols_name_the_boot_structures() {
    let img = image_for("rp2040");
    for name in [
        "__boot2",
        "__boot2_crc",
        "__vector_table",
        "reset",
        "helper",
        "default_handler",
    ] {
        assert!(img.symbol(name).is_some(), "{name} missing");
    }
    let at = img.symbol("helper").unwrap().addr + 2;
    assert_eq!(img.symbol_at(at).unwrap().name, "helper");
    assert_eq!(img.symbol_at(0x1000_0104).unwrap().name, "__vector_table");
}
