//! Which board an image file is for. A file says it in several ways: a UF2's
//! family id, an ELF's load addresses and entry point, and in every format
//! the first bytes the chip reads (the vector table's initial SP and reset
//! vector, the RP2040 boot2 with its CRC, the RP2350 IMAGE_DEF block). `fit`
//! checks all of them against one target, so that a tool can refuse an image
//! the board would not start, and name the board it is for instead, rather
//! than run it into a fault or copy it to a drive that ignores it.

use target::{BootBlock, Region, Target};

use crate::boot::{find_image_def, is_rp2040_boot2};
use crate::uf2::{describe_family, read_uf2_file, Uf2File, FAMILY_ABSOLUTE};
use crate::{read, Format, ImageError, Loaded};

/// The bytes of an RP2350 image the boot ROM searches for its IMAGE_DEF.
const IMAGE_DEF_WINDOW: usize = 0x1000;
/// The RP2040 boot ROM's boot2: the first 256 bytes of flash.
const BOOT2_BYTES: usize = 256;

/// Whether an image fits a board.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// It does: the file as read for that board, and the strongest sign
    /// that it was made for it, worded to follow "this image is for X"
    /// (`its reset vector 0x080001c3 is in that board's flash`).
    Fits { loaded: Loaded, evidence: String },
    /// It does not, and why, worded to follow "not an image for X:"
    /// (`its reset vector 0x080001c3 is outside rp2350's flash ...`).
    Misfit(String),
}

/// Whether `bytes`, a file in `format`, is an image `target` boots: its UF2
/// family is the board's, every byte lies in the board's flash or RAM, the
/// ELF entry point too, the vector table where the board's core reads it
/// holds a reset vector in flash and an initial SP in RAM, and the boot
/// block the board's boot ROM checks is there. A file no board could read
/// is an error; a readable one that does not fit is a `Misfit`.
pub fn fit(bytes: &[u8], format: Format, target: &Target) -> Result<Verdict, ImageError> {
    let (loaded, family) = match format {
        Format::Uf2 => {
            let file = read_uf2_file(bytes)?;
            (file.loaded, file.family)
        }
        _ => (read(bytes, format, target.flash.origin)?, None),
    };
    Ok(match boots_on(&loaded, family, target) {
        Ok(evidence) => Verdict::Fits { loaded, evidence },
        Err(reason) => Verdict::Misfit(reason),
    })
}

/// Whether a boot drive of `target` should be given `file`: its family is
/// the board's and every block lies in the board's flash or RAM. Unlike
/// `fit` it does not ask for a bootable image, as the boot ROM does not.
pub fn uf2_fit(file: &Uf2File, target: &Target) -> Result<String, String> {
    let by_family = family_fit(file.family, target)?;
    memory_fit(&file.loaded, target)?;
    Ok(by_family.unwrap_or_else(|| "its blocks lie in that board's memory".into()))
}

/// Every check of `fit`, in the order that gives the plainest reason.
fn boots_on(loaded: &Loaded, family: Option<u32>, target: &Target) -> Result<String, String> {
    let by_family = family_fit(family, target)?;
    memory_fit(loaded, target)?;
    let by_vectors = vectors_fit(loaded, target)?;
    let by_boot_block = boot_block_fit(loaded, target)?;
    Ok(by_family.or(by_boot_block).unwrap_or(by_vectors))
}

/// A UF2's family against the board's. The RP2350 boot ROM also takes the
/// absolute family, which it writes at the addresses given; a board with no
/// UF2 family, or a file whose blocks carry none, tells nothing either way.
fn family_fit(family: Option<u32>, target: &Target) -> Result<Option<String>, String> {
    let (Some(id), Some(own)) = (family, target.uf2_family) else {
        return Ok(None);
    };
    if id == own {
        return Ok(Some(format!(
            "its UF2 family {} is that board's",
            describe_family(id)
        )));
    }
    if id == FAMILY_ABSOLUTE && target.boot_block == BootBlock::Rp2350ImageDef {
        return Ok(Some(
            "its UF2 family is absolute, which that board's boot ROM takes".into(),
        ));
    }
    Err(format!(
        "its UF2 family {} is not {}'s {}",
        describe_family(id),
        target.name,
        describe_family(own)
    ))
}

/// Every segment, and the entry point if the file names one, in the
/// board's flash or RAM.
fn memory_fit(loaded: &Loaded, target: &Target) -> Result<(), String> {
    let (flash, ram) = (target.flash, target.ram);
    for (addr, data) in &loaded.segments {
        let end = *addr as u64 + data.len() as u64;
        let within = |r: Region| *addr >= r.origin && end <= r.end();
        if !within(flash) && !within(ram) {
            return Err(format!(
                "its {} bytes at {addr:#010x} lie outside {}'s flash {} and RAM {}",
                data.len(),
                target.name,
                span(flash),
                span(ram)
            ));
        }
    }
    if let Some(entry) = loaded.entry {
        let at = entry & !1;
        if !flash.contains(at) && !ram.contains(at) {
            return Err(format!(
                "its entry point {entry:#010x} is outside {}'s flash {} and RAM {}",
                target.name,
                span(flash),
                span(ram)
            ));
        }
    }
    Ok(())
}

/// The initial SP and reset vector where the board's core reads them.
fn vectors_fit(loaded: &Loaded, target: &Target) -> Result<String, String> {
    let table = target.vector_table;
    let Some(words) = bytes_at(loaded, table, 8) else {
        return Err(format!(
            "it has nothing at {table:#010x}, where {}'s core reads its vector table",
            target.name
        ));
    };
    let sp = u32::from_le_bytes([words[0], words[1], words[2], words[3]]);
    let reset = u32::from_le_bytes([words[4], words[5], words[6], words[7]]);
    if !target.flash.contains(reset & !1) {
        return Err(format!(
            "its reset vector {reset:#010x} (at {:#010x}) is outside {}'s flash {}",
            table as u64 + 4,
            target.name,
            span(target.flash)
        ));
    }
    if reset & 1 == 0 {
        return Err(format!(
            "its reset vector {reset:#010x} (at {:#010x}) lacks the Thumb bit, so the core would fault at once",
            table as u64 + 4
        ));
    }
    let ram = target.ram;
    if sp < ram.origin || sp as u64 > ram.end() {
        return Err(format!(
            "its initial stack pointer {sp:#010x} (at {table:#010x}) is outside {}'s RAM {}",
            target.name,
            span(ram)
        ));
    }
    Ok(format!(
        "its reset vector {reset:#010x} is in that board's flash"
    ))
}

/// The block the board's boot ROM checks before it starts anything.
fn boot_block_fit(loaded: &Loaded, target: &Target) -> Result<Option<String>, String> {
    let origin = target.flash.origin;
    match target.boot_block {
        BootBlock::None => Ok(None),
        BootBlock::Rp2040Boot2 => match bytes_at(loaded, origin, BOOT2_BYTES) {
            Some(block) if is_rp2040_boot2(block) => {
                Ok(Some("it starts with an RP2040 boot2 whose CRC checks".into()))
            }
            _ => Err(format!(
                "it has no RP2040 boot2 at {origin:#010x} (256 bytes ending in their CRC-32), which the boot ROM checks before it starts anything"
            )),
        },
        BootBlock::Rp2350ImageDef => {
            let start = run_from(loaded, origin, IMAGE_DEF_WINDOW);
            match find_image_def(start) {
                Some(def) if def.is_rp2350_arm_exe() => {
                    Ok(Some("it carries an RP2350 Arm IMAGE_DEF block".into()))
                }
                Some(def) => Err(format!(
                    "its IMAGE_DEF block is for {}, which {} does not run",
                    def.describe(),
                    target.name
                )),
                None => Err(
                    "it has no IMAGE_DEF block in its first 4 KiB, which the RP2350 boot ROM needs"
                        .into(),
                ),
            }
        }
    }
}

/// The `len` bytes at `addr`, if one segment holds them all.
fn bytes_at(loaded: &Loaded, addr: u32, len: usize) -> Option<&[u8]> {
    let start = run_from(loaded, addr, len);
    (start.len() == len).then_some(start)
}

/// Up to `len` bytes from `addr`, as far as the segment holding `addr` goes.
fn run_from(loaded: &Loaded, addr: u32, len: usize) -> &[u8] {
    loaded
        .segments
        .iter()
        .find_map(|(base, data)| {
            let offset = addr.checked_sub(*base)? as usize;
            let rest = data.get(offset..)?;
            Some(&rest[..rest.len().min(len)])
        })
        .unwrap_or(&[])
}

/// A region as messages show it: `0x10000000..0x10400000`.
fn span(r: Region) -> String {
    format!("{:#010x}..{:#010x}", r.origin, r.end())
}
