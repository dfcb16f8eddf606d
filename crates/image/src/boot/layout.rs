//! Laying out a bootable image around user code: the boot block where the
//! chip's boot ROM looks, the vector table where the core looks, then the code.

use target::{BootBlock, Target};

use super::{rp2040_boot2, rp2350_image_def, vector_table};
use crate::{Image, ImageError, Symbol, SymbolKind};

/// The label the vector table's reset entry points at.
pub const RESET_LABEL: &str = "reset";
/// The label every other vector points at, when the code defines it.
pub const DEFAULT_HANDLER_LABEL: &str = "default_handler";
/// The bootrom reads at most the first 4 KiB of flash looking for the IMAGE_DEF.
const IMAGE_DEF_WINDOW: u32 = 0x1000;
/// `b .`: the handler used when the code defines none, so a stray exception
/// parks the core at a known address instead of running off into flash.
const BRANCH_TO_SELF: [u8; 2] = [0xfe, 0xe7];
/// The vector table's symbol name.
const VECTOR_TABLE: &str = "__vector_table";
/// Erased NOR flash reads as 0xFF; gaps are left that way.
const ERASED: u8 = 0xff;

/// Lays out a flash image for `target` around user code given as UAL assembly text:
/// boot block (per target.boot_block), vector table at target.vector_table
/// (reset = the code's `reset` label, every other vector = its `default_handler`
/// label if defined, else a built-in `b .` loop), for RP2350 the IMAGE_DEF right
/// after the vector table, then the code, assembled at its final address with the
/// target's profile. Returns the Image with a Code symbol per named label (size =
/// distance to the next label or end of code). Assembly errors come back as an
/// error listing line:column: message.
pub fn assemble_image(target: &Target, source: &str) -> Result<Image, ImageError> {
    let profile: thumb::Profile = target
        .profile
        .name()
        .parse()
        .map_err(|e: String| ImageError::Layout(e))?;
    let mut blocks = fixed_blocks(target);
    let after_blocks = blocks.last().map_or(target.flash.origin as u64, Block::end);
    let code_origin =
        u32::try_from(after_blocks.div_ceil(4) * 4).map_err(|_| too_big(target, after_blocks))?;

    let assembly = thumb::text::assemble_at(source, profile, code_origin);
    if !assembly.errors.is_empty() {
        return Err(ImageError::Assembly(assembly.errors));
    }
    let code_end_wide = code_origin as u64 + assembly.bytes.len() as u64;
    let code_end = u32::try_from(code_end_wide).map_err(|_| too_big(target, code_end_wide))?;
    let reset = label(&assembly.symbols, RESET_LABEL).ok_or(ImageError::NoReset)?;

    let mut symbols = label_symbols(&assembly.symbols, code_end);
    let default_handler = match label(&assembly.symbols, DEFAULT_HANDLER_LABEL) {
        Some(addr) => addr,
        None => {
            let after_code = code_end_wide.next_multiple_of(2);
            let addr = u32::try_from(after_code).map_err(|_| too_big(target, after_code))?;
            blocks.push(Block::new(
                "default_handler",
                addr,
                BRANCH_TO_SELF.to_vec(),
                SymbolKind::Code,
            ));
            addr
        }
    };
    let vectors = vector_table(
        target.stack_top(),
        reset | 1,
        default_handler | 1,
        target.vector_count(),
    );
    // The table's size was reserved before the code was placed; its contents
    // needed the code's labels.
    if let Some(table) = blocks.iter_mut().find(|b| b.name == VECTOR_TABLE) {
        table.bytes = vectors;
    }
    blocks.push(Block::new(
        "",
        code_origin,
        assembly.bytes,
        SymbolKind::Code,
    ));

    let flash = place(target, &blocks)?;
    symbols.extend(
        blocks
            .iter()
            .filter(|b| !b.name.is_empty())
            .map(Block::symbol),
    );
    symbols.sort_by_key(|s| (s.addr, s.name.clone()));
    Ok(Image {
        target: target.name.clone(),
        flash_base: target.flash.origin,
        flash,
        entry: reset | 1,
        initial_sp: target.stack_top(),
        symbols,
        ram: Vec::new(),
        ram_region: (target.ram.origin, target.ram.size),
        parts: Vec::new(),
    })
}

/// A run of bytes at a fixed address.
struct Block {
    name: &'static str,
    addr: u32,
    bytes: Vec<u8>,
    kind: SymbolKind,
}

impl Block {
    fn new(name: &'static str, addr: u32, bytes: Vec<u8>, kind: SymbolKind) -> Block {
        Block {
            name,
            addr,
            bytes,
            kind,
        }
    }

    fn end(&self) -> u64 {
        self.addr as u64 + self.bytes.len() as u64
    }

    fn symbol(&self) -> Symbol {
        Symbol {
            name: self.name.to_owned(),
            addr: self.addr,
            size: self.bytes.len() as u32,
            kind: self.kind,
            wordlist: None,
        }
    }
}

/// The blocks whose place the chip dictates, in address order; the vector
/// table's contents are filled in once the code's labels are known.
fn fixed_blocks(target: &Target) -> Vec<Block> {
    let mut blocks = Vec::new();
    if target.boot_block == BootBlock::Rp2040Boot2 {
        let boot2 = rp2040_boot2();
        let base = target.flash.origin;
        blocks.push(Block::new(
            "__boot2",
            base,
            boot2[..252].to_vec(),
            SymbolKind::Code,
        ));
        blocks.push(Block::new(
            "__boot2_crc",
            base + 252,
            boot2[252..].to_vec(),
            SymbolKind::Data,
        ));
    }
    let vt_size = target.vector_count() * 4;
    blocks.push(Block::new(
        VECTOR_TABLE,
        target.vector_table,
        vec![0; vt_size],
        SymbolKind::Data,
    ));
    if target.boot_block == BootBlock::Rp2350ImageDef {
        let addr = target.vector_table + vt_size as u32;
        blocks.push(Block::new(
            "__image_def",
            addr,
            rp2350_image_def().to_vec(),
            SymbolKind::Data,
        ));
    }
    blocks
}

/// Copies every block into an erased flash buffer, refusing overflow and overlap.
fn place(target: &Target, blocks: &[Block]) -> Result<Vec<u8>, ImageError> {
    let base = target.flash.origin;
    let end = blocks.iter().map(Block::end).max().unwrap_or(base as u64);
    if end > target.flash.end() {
        return Err(too_big(target, end));
    }
    if let Some(def) = blocks.iter().find(|b| b.name == "__image_def") {
        if def.end() > base as u64 + IMAGE_DEF_WINDOW as u64 {
            return Err(ImageError::Layout(format!(
                "the IMAGE_DEF at {:#010x} ends past the first 4 KiB of flash, where the bootrom looks",
                def.addr
            )));
        }
    }
    let mut flash = vec![ERASED; (end - base as u64) as usize];
    let mut used = vec![false; flash.len()];
    for block in blocks {
        let start = (block.addr - base) as usize;
        let range = start..start + block.bytes.len();
        if used[range.clone()].iter().any(|&u| u) {
            return Err(ImageError::Layout(format!(
                "{} at {:#010x} overlaps another block",
                if block.name.is_empty() {
                    "the code"
                } else {
                    block.name
                },
                block.addr
            )));
        }
        used[range.clone()].fill(true);
        flash[range].copy_from_slice(&block.bytes);
    }
    Ok(flash)
}

fn label(symbols: &[(String, u32)], name: &str) -> Option<u32> {
    symbols
        .iter()
        .find(|(n, _)| n == name)
        .map(|&(_, addr)| addr)
}

/// A Code symbol per label, sized up to the next label at a higher address or
/// to the end of the code.
fn label_symbols(labels: &[(String, u32)], code_end: u32) -> Vec<Symbol> {
    let mut addrs: Vec<u32> = labels.iter().map(|&(_, a)| a).collect();
    addrs.sort_unstable();
    addrs.dedup();
    labels
        .iter()
        .map(|(name, addr)| {
            let next = addrs
                .iter()
                .copied()
                .find(|&a| a > *addr)
                .unwrap_or(code_end);
            Symbol {
                name: name.clone(),
                addr: *addr,
                size: next.max(*addr) - addr,
                kind: SymbolKind::Code,
                wordlist: None,
            }
        })
        .collect()
}

fn too_big(target: &Target, end: u64) -> ImageError {
    ImageError::TooBig {
        target: target.name.clone(),
        needed: end - target.flash.origin as u64,
        capacity: target.flash.size,
    }
}
