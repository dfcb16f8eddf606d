//! Which board an image file is for. A UF2 says it by its family id and by
//! the addresses of its blocks; `uf2_fit` checks them against one target,
//! so that a tool can refuse a file meant for another board, and name that
//! board, rather than copy it to a drive that ignores it.

use target::{BootBlock, Region, Target};

use crate::uf2::{describe_family, Uf2File, FAMILY_ABSOLUTE};
use crate::Loaded;

/// Whether a boot drive of `target` should be given `file`: its family is
/// the board's and every block lies in the board's flash or RAM. It does
/// not ask for a bootable image, as the boot ROM does not.
pub fn uf2_fit(file: &Uf2File, target: &Target) -> Result<String, String> {
    let by_family = family_fit(file.family, target)?;
    memory_fit(&file.loaded, target)?;
    Ok(by_family.unwrap_or_else(|| "its blocks lie in that board's memory".into()))
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

/// A region as messages show it: `0x10000000..0x10400000`.
fn span(r: Region) -> String {
    format!("{:#010x}..{:#010x}", r.origin, r.end())
}
