//! Every writer's output reads back to the image's flash bytes, and each
//! format has the shape its consumers (bootroms, debuggers, flashers) expect.

use goblin::elf::program_header::PT_LOAD;
use goblin::elf::sym::{STT_FUNC, STT_OBJECT};
use image::{
    read, write_bin, write_elf, write_hex, write_map, write_uf2, Format, Image, SymbolKind,
    FAMILY_ABSOLUTE,
};

mod common;
use common::{board, image_for, rich_image, word, BOARDS};

/// The loaded bytes as one run from the flash base.
fn single_run(img: &Image, format: Format, bytes: &[u8]) -> Vec<u8> {
    let loaded = read(bytes, format, img.flash_base).unwrap();
    assert_eq!(
        loaded.segments.len(),
        1,
        "{format:?}: {:?}",
        loaded.segments.len()
    );
    assert_eq!(loaded.segments[0].0, img.flash_base, "{format:?}");
    loaded.segments[0].1.clone()
}

#[test]
fn bin_round_trips() {
    for name in BOARDS {
        let img = image_for(name);
        let bin = write_bin(&img);
        assert_eq!(bin, img.flash);
        assert_eq!(single_run(&img, Format::Bin, &bin), img.flash);
    }
}

#[test]
fn hex_round_trips_with_the_entry_point() {
    for name in BOARDS {
        let img = image_for(name);
        let hex = write_hex(&img);
        assert_eq!(
            single_run(&img, Format::Hex, hex.as_bytes()),
            img.flash,
            "{name}"
        );
        let loaded = read(hex.as_bytes(), Format::Hex, 0).unwrap();
        assert_eq!(loaded.entry, Some(img.entry));
    }
}

#[test]
fn elf_round_trips_bytes_entry_and_symbols() {
    for name in BOARDS {
        let img = rich_image(name);
        let elf = write_elf(&img);
        assert_eq!(single_run(&img, Format::Elf, &elf), img.flash, "{name}");
        let loaded = read(&elf, Format::Elf, 0).unwrap();
        assert_eq!(loaded.entry, Some(img.entry));
        for s in &img.symbols {
            let back = loaded.symbols.iter().find(|l| l.name == s.name).unwrap();
            assert_eq!(
                (back.addr, back.size, back.kind),
                (s.addr, s.size, s.kind),
                "{}",
                s.name
            );
        }
        let tib = loaded.symbols.iter().find(|l| l.name == "tib").unwrap();
        assert_eq!(
            (tib.addr, tib.size, tib.kind),
            (img.ram_region.0 + 4, 80, SymbolKind::Data)
        );
    }
}

#[test]
fn uf2_round_trips_padded_to_whole_pages_with_erased_bytes() {
    for name in BOARDS {
        let img = image_for(name);
        let family = board(name).uf2_family.unwrap();
        for abs in [false, true] {
            let uf2 = write_uf2(&img, family, abs);
            let back = single_run(&img, Format::Uf2, &uf2);
            assert_eq!(back.len(), img.flash.len().div_ceil(256) * 256);
            assert_eq!(&back[..img.flash.len()], &img.flash[..], "{name}");
            assert!(back[img.flash.len()..].iter().all(|&b| b == 0xff));
        }
    }
}

#[test]
fn elf_is_an_arm_executable_with_flash_at_its_physical_address() {
    let img = rich_image("rp2350");
    let bytes = write_elf(&img);
    let elf = goblin::elf::Elf::parse(&bytes).unwrap();
    assert!(!elf.is_64 && elf.little_endian);
    assert_eq!(elf.header.e_machine, goblin::elf::header::EM_ARM);
    assert_eq!(elf.header.e_type, goblin::elf::header::ET_EXEC);
    assert_eq!(elf.header.e_flags, 0x0500_0200);
    assert_eq!(elf.entry, img.entry as u64);

    let loads: Vec<_> = elf
        .program_headers
        .iter()
        .filter(|p| p.p_type == PT_LOAD)
        .collect();
    assert_eq!(loads.len(), 2, "flash and .bss");
    let flash = loads[0];
    assert_eq!((flash.p_paddr, flash.p_vaddr), (0x1000_0000, 0x1000_0000));
    assert_eq!(flash.p_filesz, img.flash.len() as u64);
    assert!(flash.is_executable() && !flash.is_write());
    let data = &bytes[flash.p_offset as usize..][..img.flash.len()];
    assert_eq!(data, &img.flash[..]);
    let bss = loads[1];
    assert_eq!(
        (bss.p_paddr, bss.p_filesz, bss.p_memsz),
        (0x2000_0000, 0, 84)
    );

    let section_names: Vec<_> = elf
        .section_headers
        .iter()
        .filter_map(|s| elf.shdr_strtab.get_at(s.sh_name))
        .collect();
    for name in [".text", ".bss", ".symtab", ".strtab", ".shstrtab"] {
        assert!(section_names.contains(&name), "{name} in {section_names:?}");
    }

    let sym = |name: &str| {
        elf.syms
            .iter()
            .find(|s| elf.strtab.get_at(s.st_name) == Some(name))
            .unwrap_or_else(|| panic!("{name} missing"))
    };
    let reset = img.symbol("reset").unwrap();
    let r = sym("reset");
    assert_eq!(r.st_type(), STT_FUNC);
    assert_eq!(
        r.st_value,
        (reset.addr | 1) as u64,
        "Thumb bit on code symbols"
    );
    assert_eq!(r.st_size, reset.size as u64);
    assert_eq!(sym("__vector_table").st_type(), STT_OBJECT);
    assert_eq!(sym("__vector_table").st_value, 0x1000_0000);
    assert_eq!(sym("base").st_type(), STT_OBJECT);
    // Mapping symbols tell disassemblers where Thumb code starts.
    let t = elf
        .syms
        .iter()
        .find(|s| elf.strtab.get_at(s.st_name) == Some("$t") && s.st_value == reset.addr as u64);
    assert!(t.is_some(), "$t at reset");
}

#[test]
fn elf_without_ram_allocations_has_one_segment() {
    let bytes = write_elf(&image_for("stm32f407"));
    let elf = goblin::elf::Elf::parse(&bytes).unwrap();
    assert_eq!(elf.program_headers.len(), 1);
    assert_eq!(elf.program_headers[0].p_paddr, 0x0800_0000);
}

#[test]
fn uf2_blocks_are_well_formed() {
    let img = image_for("rp2040");
    let uf2 = write_uf2(&img, 0xe48b_ff56, false);
    let count = img.flash.len().div_ceil(256);
    assert_eq!(uf2.len(), count * 512);
    for (n, block) in uf2.chunks(512).enumerate() {
        assert_eq!(word(block, 0), 0x0a32_4655);
        assert_eq!(word(block, 4), 0x9e5d_5157);
        assert_eq!(word(block, 8), 0x2000, "family flag only");
        assert_eq!(
            word(block, 12),
            0x1000_0000 + 256 * n as u32,
            "dense from the base"
        );
        assert_eq!(word(block, 16), 256);
        assert_eq!(word(block, 20), n as u32);
        assert_eq!(word(block, 24), count as u32);
        assert_eq!(word(block, 28), 0xe48b_ff56);
        assert_eq!(word(block, 508), 0x0ab1_6f30);
        assert!(block[32 + 256..508].iter().all(|&b| b == 0));
    }
}

#[test]
fn rp2350_absolute_block_comes_first_as_picotool_writes_it() {
    let img = image_for("rp2350");
    let uf2 = write_uf2(&img, 0xe48b_ff59, true);
    let abs = &uf2[..512];
    assert_eq!(word(abs, 8), 0x2000 | 0x8000);
    assert_eq!(word(abs, 12), 0x10ff_ff00);
    assert_eq!(word(abs, 16), 256);
    assert_eq!(word(abs, 20), 0);
    assert_eq!(word(abs, 24), 2);
    assert_eq!(word(abs, 28), FAMILY_ABSOLUTE);
    assert!(abs[32..288].iter().all(|&b| b == 0xef));
    assert_eq!(&abs[288..292], &[0x04, 0xe3, 0x57, 0x99]);
    assert!(abs[292..508].iter().all(|&b| b == 0));
    let first = &uf2[512..1024];
    assert_eq!(
        (word(first, 12), word(first, 20), word(first, 28)),
        (0x1000_0000, 0, 0xe48b_ff59)
    );
    assert_eq!(word(first, 24) as usize, img.flash.len().div_ceil(256));
}

#[test]
fn absolute_block_is_left_out_for_families_without_partitions() {
    let img = image_for("rp2040");
    assert_eq!(
        write_uf2(&img, 0xe48b_ff56, true),
        write_uf2(&img, 0xe48b_ff56, false)
    );
    assert_eq!(
        write_uf2(&img, FAMILY_ABSOLUTE, true),
        write_uf2(&img, FAMILY_ABSOLUTE, false)
    );
}

#[test]
fn hex_uses_linear_address_records_and_sixteen_byte_data() {
    let img = image_for("rp2350");
    let hex = write_hex(&img);
    let lines: Vec<&str> = hex.lines().collect();
    assert_eq!(lines[0], ":020000041000EA", "upper address 0x1000");
    assert!(lines[1].starts_with(":10000000"), "{}", lines[1]);
    assert_eq!(lines[lines.len() - 1], ":00000001FF");
    let start = format!(":04000005{:08X}", img.entry);
    assert!(
        lines[lines.len() - 2].starts_with(&start),
        "{}",
        lines[lines.len() - 2]
    );
}

#[test]
fn hex_starts_a_new_linear_address_at_each_64_kib_boundary() {
    let mut img = image_for("stm32f407");
    img.flash_base = 0x0800_fff8;
    img.flash = (0..32u8).collect();
    let hex = write_hex(&img);
    let lines: Vec<&str> = hex.lines().collect();
    assert_eq!(
        &lines[..4],
        [
            ":020000040800F2",
            ":08FFF8000001020304050607E5",
            ":020000040801F1",
            ":1000000008090A0B0C0D0E0F1011121314151617F8",
        ]
    );
    assert_eq!(
        read(hex.as_bytes(), Format::Hex, 0).unwrap().segments,
        vec![(0x0800_fff8, img.flash.clone())]
    );
}

#[test]
fn map_lists_every_symbol_by_address_with_wordlist_and_ram() {
    let img = rich_image("rp2040");
    let map = write_map(&img);
    let boot2 = map
        .find("__boot2 ")
        .or_else(|| map.find("__boot2\n"))
        .unwrap();
    let vectors = map.find("__vector_table").unwrap();
    let reset = map.find("  reset").unwrap();
    assert!(boot2 < vectors && vectors < reset, "{map}");
    assert!(map.contains("forth"), "{map}");
    let dup = map.lines().find(|l| l.ends_with(" dup")).unwrap();
    assert!(dup.contains("code") && dup.contains("forth"), "{dup}");
    let tib = map.lines().find(|l| l.ends_with(" tib")).unwrap();
    assert!(tib.contains("0x20000004") && tib.contains("80"), "{tib}");
    assert!(
        map.contains("ram allocated") && map.contains("84 of 270336 bytes"),
        "{map}"
    );
    assert!(map.contains("image for rp2040"));
}

#[test]
fn formats_are_known_by_extension() {
    use std::path::Path;
    assert_eq!(
        Format::from_path(Path::new("a/hello.ELF")),
        Some(Format::Elf)
    );
    assert_eq!(Format::from_path(Path::new("x.bin")), Some(Format::Bin));
    assert_eq!(Format::from_path(Path::new("x.hex")), Some(Format::Hex));
    assert_eq!(Format::from_path(Path::new("x.uf2")), Some(Format::Uf2));
    assert_eq!(Format::from_path(Path::new("x.map")), Some(Format::Map));
    assert_eq!(Format::from_path(Path::new("x.txt")), None);
    assert_eq!(Format::from_path(Path::new("noext")), None);
}
