//! UF2: 512-byte blocks, each carrying 256 bytes for one flash page, as the
//! RP2040 and RP2350 boot drives (and UF2 bootloaders) take them.

use crate::segments::merge;
use crate::{Image, ImageError, Loaded};

const BLOCK: usize = 512;
const PAYLOAD: usize = 256;
/// Bytes 32..508 of a block; the payload sits at the start.
const DATA_AREA: usize = 476;
const MAGIC_START0: u32 = 0x0a32_4655;
const MAGIC_START1: u32 = 0x9e5d_5157;
const MAGIC_END: u32 = 0x0ab1_6f30;
const FLAG_NOT_MAIN_FLASH: u32 = 0x0000_0001;
const FLAG_FAMILY_ID: u32 = 0x0000_2000;
const FLAG_EXTENSIONS: u32 = 0x0000_8000;
/// Erased flash; the padding up to a whole page is written as erased bytes.
const PAD: u8 = 0xff;

/// uf2families.json: RP2040, RP2XXX_ABSOLUTE.
pub const FAMILY_RP2040: u32 = 0xe48b_ff56;
pub const FAMILY_ABSOLUTE: u32 = 0xe48b_ff57;
/// uf2families.json: RP2XXX_DATA, RP2350_ARM_S, RP2350_RISCV, RP2350_ARM_NS, STM32F4.
pub const FAMILY_DATA: u32 = 0xe48b_ff58;
pub const FAMILY_RP2350_ARM_S: u32 = 0xe48b_ff59;
pub const FAMILY_RP2350_RISCV: u32 = 0xe48b_ff5a;
pub const FAMILY_RP2350_ARM_NS: u32 = 0xe48b_ff5b;
pub const FAMILY_STM32F4: u32 = 0x5775_5a57;

/// The name uf2families.json gives a family id we know, for messages.
pub fn family_name(id: u32) -> Option<&'static str> {
    Some(match id {
        FAMILY_RP2040 => "rp2040",
        FAMILY_ABSOLUTE => "absolute",
        FAMILY_DATA => "data",
        FAMILY_RP2350_ARM_S => "rp2350-arm-s",
        FAMILY_RP2350_RISCV => "rp2350-riscv",
        FAMILY_RP2350_ARM_NS => "rp2350-arm-ns",
        FAMILY_STM32F4 => "stm32f4",
        _ => return None,
    })
}

/// A family id as messages show it: hex, with its name when known.
pub fn describe_family(id: u32) -> String {
    match family_name(id) {
        Some(name) => format!("{id:#010x} ({name})"),
        None => format!("{id:#010x}"),
    }
}
/// Where picotool puts the absolute block: the last page of a 16 MiB flash window.
const ABS_BLOCK_ADDR: u32 = 0x10ff_ff00;
/// UF2_EXTENSION_RP2_IGNORE_BLOCK: bootroms from A3 on skip a block tagged with it.
const RP2_IGNORE_BLOCK: u32 = 0x9957_e304;

/// 256-byte payloads with flag 0x2000 and `family`, dense from `flash_base`
/// (RP2040-E14 erases by block number, so there must be no gaps), the last
/// page padded with 0xFF.
///
/// With `abs_block`, the RP2350-E10 work-around picotool writes with
/// `--abs-block` comes first: one block of family ABSOLUTE at 0x10FFFF00,
/// numBlocks 2, 256 bytes of 0xEF and the RP2_IGNORE_BLOCK extension tag. On
/// the first download after BOOTSEL it sets up flash, so the image's own
/// transfer then sees the partition table. Like picotool, the block is left out
/// for the ABSOLUTE and RP2040 families, which never consult a partition table.
pub fn write_uf2(img: &Image, family: u32, abs_block: bool) -> Vec<u8> {
    let pages: Vec<&[u8]> = img.flash.chunks(PAYLOAD).collect();
    let mut out = Vec::with_capacity((pages.len() + 1) * BLOCK);
    if abs_block && family != FAMILY_ABSOLUTE && family != FAMILY_RP2040 {
        let mut data = [0u8; DATA_AREA];
        data[..PAYLOAD].fill(0xef);
        data[PAYLOAD..PAYLOAD + 4].copy_from_slice(&RP2_IGNORE_BLOCK.to_le_bytes());
        let header = Header {
            flags: FLAG_FAMILY_ID | FLAG_EXTENSIONS,
            addr: ABS_BLOCK_ADDR,
            block_no: 0,
            num_blocks: 2,
            family: FAMILY_ABSOLUTE,
        };
        out.extend_from_slice(&header.block(&data));
    }
    for (n, page) in pages.iter().enumerate() {
        let mut data = [0u8; DATA_AREA];
        data[..PAYLOAD].fill(PAD);
        data[..page.len()].copy_from_slice(page);
        let header = Header {
            flags: FLAG_FAMILY_ID,
            addr: img.flash_base.wrapping_add((n * PAYLOAD) as u32),
            block_no: n as u32,
            num_blocks: pages.len() as u32,
            family,
        };
        out.extend_from_slice(&header.block(&data));
    }
    out
}

/// The fields of a block this writer varies.
struct Header {
    flags: u32,
    addr: u32,
    block_no: u32,
    num_blocks: u32,
    family: u32,
}

impl Header {
    fn block(&self, data: &[u8; DATA_AREA]) -> [u8; BLOCK] {
        let mut block = [0u8; BLOCK];
        let words = [
            MAGIC_START0,
            MAGIC_START1,
            self.flags,
            self.addr,
            PAYLOAD as u32,
            self.block_no,
            self.num_blocks,
            self.family,
        ];
        for (chunk, word) in block.chunks_exact_mut(4).zip(words) {
            chunk.copy_from_slice(&word.to_le_bytes());
        }
        block[32..32 + DATA_AREA].copy_from_slice(data);
        block[508..].copy_from_slice(&MAGIC_END.to_le_bytes());
        block
    }
}

/// A UF2 file read back with what its headers say, for the checks a boot
/// drive makes before it writes anything.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Uf2File {
    /// The bytes, as every reader returns them.
    pub loaded: Loaded,
    /// The family id the image's blocks carry (flag 0x2000), if they do.
    pub family: Option<u32>,
    /// The image's blocks in file order (the RP2350-E10 absolute block left out).
    pub blocks: Vec<Uf2Block>,
    /// Whether the file starts with the RP2350-E10 absolute block.
    pub abs_block: bool,
}

/// The header of one of the image's blocks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Uf2Block {
    /// The block's place in the file, counting from 0.
    pub index: usize,
    pub addr: u32,
    pub payload_size: u32,
    pub flags: u32,
}

impl Uf2Block {
    /// Whether the block is for main flash (flag 0x1 clear); boot loaders skip the others.
    pub fn is_main_flash(&self) -> bool {
        self.flags & FLAG_NOT_MAIN_FLASH == 0
    }
}

/// One parsed block.
struct Block<'a> {
    flags: u32,
    addr: u32,
    payload: &'a [u8],
    block_no: u32,
    num_blocks: u32,
    family_or_size: u32,
}

pub(crate) fn read_uf2(bytes: &[u8]) -> Result<Loaded, ImageError> {
    read_uf2_file(bytes).map(|file| file.loaded)
}

/// Reads a UF2 file and what its headers say. Every block must be well
/// formed, and the image's blocks numbered 0..numBlocks in order, each once,
/// with one numBlocks and one family: a file that breaks any of these is
/// refused with the reason, as a boot drive would end up with half an image.
pub fn read_uf2_file(bytes: &[u8]) -> Result<Uf2File, ImageError> {
    if bytes.is_empty() {
        return Err(ImageError::Empty("UF2"));
    }
    if bytes.len() % BLOCK != 0 {
        return Err(ImageError::Truncated(format!(
            "{} bytes is not a whole number of 512-byte blocks",
            bytes.len()
        )));
    }
    let mut expected: Option<(u32, u32)> = None;
    let mut next_block_no = 0;
    let mut runs = Vec::new();
    let mut headers = Vec::new();
    let mut family = None;
    let mut abs_block = false;
    for (index, raw) in bytes.chunks_exact(BLOCK).enumerate() {
        let bad = |reason: String| ImageError::Uf2 {
            block: index,
            reason,
        };
        let block = parse_block(raw).map_err(bad)?;
        if is_ignorable(&block, raw) {
            abs_block |= index == 0;
            continue;
        }
        if expected.is_none() && block.flags & FLAG_FAMILY_ID != 0 {
            family = Some(block.family_or_size);
        }
        let transfer = (block.num_blocks, block.family_or_size);
        match expected {
            None => expected = Some(transfer),
            Some(first) if first != transfer => {
                return Err(bad(format!(
                    "numBlocks/family {}/{:#010x} differ from the first block's {}/{:#010x}",
                    transfer.0, transfer.1, first.0, first.1
                )))
            }
            Some(_) => {}
        }
        if block.block_no != next_block_no {
            return Err(bad(format!(
                "out of order: blockNo {} where {next_block_no} was expected",
                block.block_no
            )));
        }
        if block.block_no >= block.num_blocks {
            return Err(bad(format!(
                "blockNo {} is not below numBlocks {}",
                block.block_no, block.num_blocks
            )));
        }
        if block.addr as u64 + block.payload.len() as u64 > 1 << 32 {
            return Err(bad(format!(
                "payload at {:#010x} runs past 4 GiB",
                block.addr
            )));
        }
        next_block_no += 1;
        headers.push(Uf2Block {
            index,
            addr: block.addr,
            payload_size: block.payload.len() as u32,
            flags: block.flags,
        });
        // Blocks not meant for main flash still count in the numbering.
        if block.flags & FLAG_NOT_MAIN_FLASH == 0 {
            runs.push((block.addr, block.payload.to_vec()));
        }
    }
    match expected {
        None => {
            return Err(ImageError::Uf2 {
                block: 0,
                reason: "only the RP2350-E10 absolute block, no image".into(),
            })
        }
        Some((num_blocks, _)) if num_blocks != next_block_no => {
            return Err(ImageError::Truncated(format!(
                "{next_block_no} blocks of the {num_blocks} the file announces"
            )))
        }
        Some(_) => {}
    }
    let segments =
        merge(runs).map_err(|reason| ImageError::NotLoadable(format!("UF2: {reason}")))?;
    if segments.is_empty() {
        return Err(ImageError::NotLoadable(
            "UF2: no block is meant for main flash".into(),
        ));
    }
    Ok(Uf2File {
        loaded: Loaded {
            segments,
            entry: None,
            symbols: Vec::new(),
        },
        family,
        blocks: headers,
        abs_block,
    })
}

fn parse_block(raw: &[u8]) -> Result<Block<'_>, String> {
    let word = |i: usize| u32::from_le_bytes([raw[i], raw[i + 1], raw[i + 2], raw[i + 3]]);
    if word(0) != MAGIC_START0 || word(4) != MAGIC_START1 {
        return Err("bad magic at the block start: not a UF2 block".into());
    }
    if word(508) != MAGIC_END {
        return Err("bad magic at the block end".into());
    }
    let size = word(16) as usize;
    if size == 0 || size > DATA_AREA {
        return Err(format!("payload size {size} is outside 1..=476"));
    }
    Ok(Block {
        flags: word(8),
        addr: word(12),
        payload: &raw[32..32 + size],
        block_no: word(20),
        num_blocks: word(24),
        family_or_size: word(28),
    })
}

/// The RP2350-E10 absolute block in either of picotool's forms: tagged
/// RP2_IGNORE_BLOCK, or (older) ABSOLUTE family at 0x10FFFF00 with numBlocks 2.
/// It is not part of the image, so a reader skips it.
fn is_ignorable(block: &Block, raw: &[u8]) -> bool {
    let tagged = block.flags & FLAG_EXTENSIONS != 0 && {
        let at = 32 + block.payload.len().next_multiple_of(4);
        raw.get(at..at + 4)
            .is_some_and(|t| u32::from_le_bytes([t[0], t[1], t[2], t[3]]) == RP2_IGNORE_BLOCK)
    };
    let old_form = block.flags & FLAG_FAMILY_ID != 0
        && block.family_or_size == FAMILY_ABSOLUTE
        && block.addr == ABS_BLOCK_ADDR
        && block.num_blocks == 2
        && block.payload.iter().all(|&b| b == 0xef);
    tagged || old_form
}
