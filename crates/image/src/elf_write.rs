//! ELF32 little-endian ARM executables, the form debuggers and flashing tools
//! (objdump, gdb, probe-rs, openocd) take directly.
//!
//! One PT_LOAD segment holds the whole flash image at its physical address, so
//! a loader writes exactly the bytes `.bin` holds; RAM allocations become a
//! NOBITS `.bss` so debuggers can name variables. ARM mapping symbols (`$t`,
//! `$d`) tell disassemblers which bytes are Thumb code and which are tables.

use object::elf;
use object::write::elf::{FileHeader, ProgramHeader, SectionHeader, SectionIndex, Sym, Writer};
use object::Endianness;

use crate::{Image, SymbolKind};

/// EABI version 5 with the soft-float calling convention, as GCC's
/// arm-none-eabi default multilib marks its executables.
const E_FLAGS: u32 = elf::EF_ARM_EABI_VER5.0 | elf::EF_ARM_ABI_FLOAT_SOFT;

/// One symbol table entry before the string table is laid out.
struct Entry<'a> {
    name: &'a [u8],
    value: u32,
    size: u32,
    kind: elf::SymbolType,
    bind: elf::SymbolBind,
    section: Option<SectionIndex>,
}

/// Writes `img` as an ELF32 LE ARM executable: e_entry = the reset handler,
/// a FUNC symbol (address | 1) per code symbol, an OBJECT per data symbol and
/// RAM allocation.
pub fn write_elf(img: &Image) -> Vec<u8> {
    let mut out = Vec::new();
    let mut w = Writer::new(Endianness::Little, false, &mut out);
    let bss = ram_extent(img);
    let has_text = !img.flash.is_empty();

    // Phase one: reserve every range and index, in file order.
    w.reserve_file_header();
    w.reserve_program_headers(has_text as u32 + bss.is_some() as u32);
    let text_offset = w.reserve(img.flash.len() as u64, 16);
    w.reserve_null_section_index();
    let text_name = w.add_section_name(b".text");
    let text_index = w.reserve_section_index();
    let bss_section = bss.map(|_| (w.add_section_name(b".bss"), w.reserve_section_index()));

    let entries = symbol_entries(img, text_index, bss_section.map(|(_, i)| i));
    let num_local = 1 + entries.iter().filter(|e| e.bind == elf::STB_LOCAL).count() as u32;
    let names: Vec<_> = entries.iter().map(|e| w.add_string(e.name)).collect();
    for e in &entries {
        w.reserve_symbol_index(e.section);
    }
    w.reserve_symtab_section_index();
    w.reserve_symtab();
    w.reserve_strtab_section_index();
    w.reserve_strtab().expect("string table of symbol names");
    w.reserve_shstrtab_section_index();
    w.reserve_shstrtab().expect("string table of section names");
    w.reserve_section_headers();

    // Phase two: write in the same order.
    w.write_file_header(&FileHeader {
        os_abi: elf::ELFOSABI_NONE,
        abi_version: 0,
        e_type: elf::ET_EXEC,
        e_machine: elf::EM_ARM,
        e_entry: img.entry as u64,
        e_flags: elf::FileFlags(E_FLAGS),
    })
    .expect("ELF32 header");
    w.write_align_program_headers();
    let seg_align = if img.flash_base % 4 == 0 { 4 } else { 1 };
    if has_text {
        w.write_program_header(&ProgramHeader {
            p_type: elf::PT_LOAD,
            p_flags: elf::ProgramFlags(elf::PF_R.0 | elf::PF_X.0),
            p_offset: text_offset,
            p_vaddr: img.flash_base as u64,
            p_paddr: img.flash_base as u64,
            p_filesz: img.flash.len() as u64,
            p_memsz: img.flash.len() as u64,
            p_align: seg_align,
        });
    }
    // NOBITS occupies no file bytes, but its offset must still agree with its
    // address modulo the alignment for strict loaders.
    let bss_offset = (text_offset + img.flash.len() as u64).next_multiple_of(4);
    let bss_align = |addr: u32| if addr % 4 == 0 { 4 } else { 1 };
    if let Some((addr, size)) = bss {
        w.write_program_header(&ProgramHeader {
            p_type: elf::PT_LOAD,
            p_flags: elf::ProgramFlags(elf::PF_R.0 | elf::PF_W.0),
            p_offset: bss_offset,
            p_vaddr: addr as u64,
            p_paddr: addr as u64,
            p_filesz: 0,
            p_memsz: size,
            p_align: bss_align(addr),
        });
    }
    w.pad_until(text_offset);
    w.write(&img.flash);

    w.write_null_symbol();
    for (e, name) in entries.iter().zip(&names) {
        w.write_symbol(&Sym {
            section: e.section.map(|s| s.0),
            st_name: w.string_offset(Some(*name)),
            st_info: elf::SymbolInfo::new(e.bind, e.kind),
            st_other: elf::STV_DEFAULT.into(),
            st_shndx: if e.section.is_some() {
                elf::SHN_UNDEF
            } else {
                elf::SHN_ABS
            },
            st_value: e.value as u64,
            st_size: e.size as u64,
        });
    }
    w.write_strtab();
    w.write_shstrtab();

    w.write_null_section_header();
    w.write_section_header(&SectionHeader {
        sh_name: w.section_name_offset(Some(text_name)),
        sh_type: elf::SHT_PROGBITS,
        sh_flags: elf::SectionFlags(elf::SHF_ALLOC.0 | elf::SHF_EXECINSTR.0),
        sh_addr: img.flash_base as u64,
        sh_offset: text_offset,
        sh_size: img.flash.len() as u64,
        sh_link: 0,
        sh_info: 0,
        sh_addralign: seg_align,
        sh_entsize: 0,
    });
    if let (Some((addr, size)), Some((name, _))) = (bss, bss_section) {
        w.write_section_header(&SectionHeader {
            sh_name: w.section_name_offset(Some(name)),
            sh_type: elf::SHT_NOBITS,
            sh_flags: elf::SectionFlags(elf::SHF_ALLOC.0 | elf::SHF_WRITE.0),
            sh_addr: addr as u64,
            sh_offset: bss_offset,
            sh_size: size,
            sh_link: 0,
            sh_info: 0,
            sh_addralign: bss_align(addr),
            sh_entsize: 0,
        });
    }
    w.write_symtab_section_header(num_local);
    w.write_strtab_section_header();
    w.write_shstrtab_section_header();
    out
}

/// The RAM span the allocations cover: (lowest address, bytes to the highest end).
fn ram_extent(img: &Image) -> Option<(u32, u64)> {
    let start = img.ram.iter().map(|r| r.addr).min()?;
    let end = img
        .ram
        .iter()
        .map(|r| r.addr as u64 + r.size as u64)
        .max()?;
    Some((start, (end - start as u64).max(1)))
}

/// Local mapping symbols first (ELF wants locals before globals), then one
/// global per image symbol and RAM allocation. Names with a NUL byte cannot be
/// stored in a string table and are left out.
fn symbol_entries(img: &Image, text: SectionIndex, bss: Option<SectionIndex>) -> Vec<Entry<'_>> {
    let in_flash = |addr: u32| img.flash_base <= addr && (addr as u64) < img.flash_end();
    let mut entries: Vec<Entry> = mapping_symbols(img)
        .into_iter()
        .map(|(addr, kind)| Entry {
            name: match kind {
                SymbolKind::Code => b"$t",
                SymbolKind::Data => b"$d",
            },
            value: addr,
            size: 0,
            kind: elf::STT_NOTYPE,
            bind: elf::STB_LOCAL,
            section: Some(text),
        })
        .collect();
    let named = |name: &str| !name.is_empty() && !name.contains('\0');
    entries.extend(img.symbols.iter().filter(|s| named(&s.name)).map(|s| {
        let (kind, value) = match s.kind {
            SymbolKind::Code => (elf::STT_FUNC, s.addr | 1),
            SymbolKind::Data => (elf::STT_OBJECT, s.addr),
        };
        Entry {
            name: s.name.as_bytes(),
            value,
            size: s.size,
            kind,
            bind: elf::STB_GLOBAL,
            section: in_flash(s.addr).then_some(text),
        }
    }));
    entries.extend(img.ram.iter().filter(|r| named(&r.name)).map(|r| Entry {
        name: r.name.as_bytes(),
        value: r.addr,
        size: r.size,
        kind: elf::STT_OBJECT,
        bind: elf::STB_GLOBAL,
        section: bss,
    }));
    entries
}

/// Where the flash bytes switch between code and data: a data symbol inside a
/// code symbol (a literal pool, a string) wins, and bytes no symbol covers are
/// data, so padding and tables never disassemble as instructions.
fn mapping_symbols(img: &Image) -> Vec<(u32, SymbolKind)> {
    let mut kinds = vec![SymbolKind::Data; img.flash.len()];
    for pass in [SymbolKind::Code, SymbolKind::Data] {
        for s in img.symbols.iter().filter(|s| s.kind == pass) {
            let start = (s.addr as u64).saturating_sub(img.flash_base as u64) as usize;
            let end = ((s.addr as u64 + s.size as u64).min(img.flash_end()))
                .saturating_sub(img.flash_base as u64) as usize;
            if s.addr >= img.flash_base && start < end {
                kinds[start..end].fill(pass);
            }
        }
    }
    let mut out = Vec::new();
    let mut previous = None;
    for (offset, &kind) in kinds.iter().enumerate() {
        if previous != Some(kind) {
            out.push((img.flash_base + offset as u32, kind));
            previous = Some(kind);
        }
    }
    out
}
