//! Reading ELF files back with goblin: the loadable bytes at their physical
//! (load) addresses, the entry point and the FUNC/OBJECT symbols.
//!
//! The header is checked by hand first, so a file for another machine or
//! class gets a precise one-line reason, and so goblin is only handed files
//! whose header tables lie inside the file.

use goblin::elf::program_header::PT_LOAD;
use goblin::elf::sym::{STT_FUNC, STT_OBJECT};

use crate::segments::merge;
use crate::{ImageError, Loaded, Symbol, SymbolKind};

const EHDR_SIZE: usize = 52;
const PHDR_SIZE: u64 = 32;
const SHDR_SIZE: u64 = 40;
const EM_ARM: u16 = 40;

pub(crate) fn read_elf(bytes: &[u8]) -> Result<Loaded, ImageError> {
    check_header(bytes)?;
    let elf =
        goblin::elf::Elf::parse(bytes).map_err(|e| ImageError::Elf(one_line(&e.to_string())))?;
    let mut segments = Vec::new();
    for ph in elf
        .program_headers
        .iter()
        .filter(|ph| ph.p_type == PT_LOAD && ph.p_filesz > 0)
    {
        let data = ph
            .p_offset
            .checked_add(ph.p_filesz)
            .and_then(|end| bytes.get(ph.p_offset as usize..end as usize))
            .ok_or_else(|| {
                ImageError::Elf(format!(
                    "segment at file offset {:#x} runs past the end of the file",
                    ph.p_offset
                ))
            })?;
        if ph.p_paddr + ph.p_filesz > 1 << 32 {
            return Err(ImageError::Elf(format!(
                "segment at {:#x} runs past 4 GiB",
                ph.p_paddr
            )));
        }
        segments.push((ph.p_paddr as u32, data.to_vec()));
    }
    let segments = merge(segments).map_err(ImageError::Elf)?;
    let symbols = elf
        .syms
        .iter()
        .filter_map(|sym| {
            let kind = match sym.st_type() {
                STT_FUNC => SymbolKind::Code,
                STT_OBJECT => SymbolKind::Data,
                _ => return None,
            };
            let name = elf.strtab.get_at(sym.st_name)?;
            let addr = sym.st_value as u32;
            Some(Symbol {
                name: name.to_owned(),
                addr: if kind == SymbolKind::Code {
                    addr & !1
                } else {
                    addr
                },
                size: sym.st_size as u32,
                kind,
                wordlist: None,
            })
        })
        .collect();
    Ok(Loaded {
        segments,
        entry: Some(elf.entry as u32),
        symbols,
    })
}

/// Refuses anything but a well-formed ELF32 little-endian ARM header whose
/// program and section header tables lie inside the file.
fn check_header(bytes: &[u8]) -> Result<(), ImageError> {
    if bytes.is_empty() {
        return Err(ImageError::Empty("ELF"));
    }
    if !bytes.starts_with(b"\x7fELF") {
        return Err(ImageError::Elf("bad magic: not an ELF file".into()));
    }
    if bytes.len() < EHDR_SIZE {
        return Err(ImageError::Elf(format!(
            "truncated: {} bytes is shorter than an ELF32 header",
            bytes.len()
        )));
    }
    match bytes[4] {
        1 => {}
        2 => {
            return Err(ImageError::Elf(
                "64-bit ELF; Cortex-M images are ELF32".into(),
            ))
        }
        c => return Err(ImageError::Elf(format!("unknown ELF class {c}"))),
    }
    if bytes[5] != 1 {
        return Err(ImageError::Elf(
            "big-endian ELF; Cortex-M images are little-endian".into(),
        ));
    }
    let u16_at = |o: usize| u16::from_le_bytes([bytes[o], bytes[o + 1]]);
    let u32_at =
        |o: usize| u32::from_le_bytes([bytes[o], bytes[o + 1], bytes[o + 2], bytes[o + 3]]);
    let machine = u16_at(18);
    if machine != EM_ARM {
        return Err(ImageError::Elf(format!(
            "ELF for machine {} ({machine}), not ARM",
            machine_name(machine)
        )));
    }
    table_inside(
        bytes,
        "program",
        u32_at(28),
        u16_at(42),
        u16_at(44),
        PHDR_SIZE,
    )?;
    table_inside(
        bytes,
        "section",
        u32_at(32),
        u16_at(46),
        u16_at(48),
        SHDR_SIZE,
    )
}

fn table_inside(
    bytes: &[u8],
    what: &str,
    offset: u32,
    entsize: u16,
    count: u16,
    expected: u64,
) -> Result<(), ImageError> {
    if count == 0 {
        return Ok(());
    }
    if entsize as u64 != expected {
        return Err(ImageError::Elf(format!(
            "{what} header entries are {entsize} bytes, not {expected}"
        )));
    }
    if offset as u64 + count as u64 * expected > bytes.len() as u64 {
        return Err(ImageError::Elf(format!(
            "truncated: the {what} header table runs past the end of the file"
        )));
    }
    Ok(())
}

fn machine_name(machine: u16) -> &'static str {
    match machine {
        0 => "none",
        3 => "x86",
        8 => "MIPS",
        20 => "PowerPC",
        21 => "PowerPC64",
        40 => "ARM",
        62 => "x86-64",
        183 => "AArch64",
        243 => "RISC-V",
        _ => "unknown",
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
