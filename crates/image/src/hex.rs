//! Intel hex (I32HEX): 16-byte data records, extended linear address records
//! for the upper 16 bits, a start linear address record for the entry point.

use std::fmt::Write;

use crate::segments::merge;
use crate::{Image, ImageError, Loaded};

const DATA: u8 = 0x00;
const END_OF_FILE: u8 = 0x01;
const EXTENDED_SEGMENT_ADDRESS: u8 = 0x02;
const START_SEGMENT_ADDRESS: u8 = 0x03;
const EXTENDED_LINEAR_ADDRESS: u8 = 0x04;
const START_LINEAR_ADDRESS: u8 = 0x05;
const RECORD_DATA: usize = 16;

/// Intel hex with type-04 extended linear address records, 16-byte data
/// records (never crossing a 64 KiB boundary), a type-05 start linear address
/// = entry, and the EOF record.
pub fn write_hex(img: &Image) -> String {
    let mut out = String::new();
    let mut upper = None;
    let mut addr = img.flash_base as u64;
    let mut rest = img.flash.as_slice();
    while !rest.is_empty() {
        let high = (addr >> 16) as u16;
        if upper != Some(high) {
            record(&mut out, 0, EXTENDED_LINEAR_ADDRESS, &high.to_be_bytes());
            upper = Some(high);
        }
        let to_boundary = 0x1_0000 - (addr & 0xffff) as usize;
        let n = rest.len().min(RECORD_DATA).min(to_boundary);
        record(&mut out, addr as u16, DATA, &rest[..n]);
        addr += n as u64;
        rest = &rest[n..];
    }
    record(&mut out, 0, START_LINEAR_ADDRESS, &img.entry.to_be_bytes());
    record(&mut out, 0, END_OF_FILE, &[]);
    out
}

fn record(out: &mut String, offset: u16, kind: u8, data: &[u8]) {
    let mut bytes = vec![data.len() as u8];
    bytes.extend_from_slice(&offset.to_be_bytes());
    bytes.push(kind);
    bytes.extend_from_slice(data);
    let sum = bytes.iter().fold(0u8, |s, b| s.wrapping_add(*b));
    bytes.push(sum.wrapping_neg());
    out.push(':');
    for b in bytes {
        let _ = write!(out, "{b:02X}");
    }
    out.push('\n');
}

pub(crate) fn read_hex(bytes: &[u8]) -> Result<Loaded, ImageError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ImageError::Empty("Intel hex"));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| ImageError::Hex {
        line: line_of(bytes, e.valid_up_to()),
        reason: "not ASCII text".into(),
    })?;
    let mut base: u64 = 0;
    let mut entry = None;
    let mut runs = Vec::new();
    let mut ended = false;
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let raw = raw.trim();
        if raw.is_empty() {
            continue;
        }
        let bad = |reason: String| ImageError::Hex { line, reason };
        if ended {
            return Err(bad("data after the end-of-file record".into()));
        }
        let (kind, offset, data) = parse_record(raw).map_err(bad)?;
        match kind {
            DATA => {
                let addr = base + offset as u64;
                if addr + data.len() as u64 > 1 << 32 {
                    return Err(bad(format!("data at {addr:#x} runs past 4 GiB")));
                }
                runs.push((addr as u32, data));
            }
            END_OF_FILE => ended = true,
            EXTENDED_SEGMENT_ADDRESS => base = (field(&data, 2).map_err(bad)? as u64) << 4,
            EXTENDED_LINEAR_ADDRESS => base = (field(&data, 2).map_err(bad)? as u64) << 16,
            START_SEGMENT_ADDRESS => {
                let cs_ip = field(&data, 4).map_err(bad)?;
                entry = Some(((cs_ip >> 16) << 4).wrapping_add(cs_ip & 0xffff));
            }
            START_LINEAR_ADDRESS => entry = Some(field(&data, 4).map_err(bad)?),
            other => return Err(bad(format!("unknown record type {other:02X}"))),
        }
    }
    if !ended {
        return Err(ImageError::Hex {
            line: text.lines().count(),
            reason: "no end-of-file record: the file is truncated".into(),
        });
    }
    let segments =
        merge(runs).map_err(|reason| ImageError::NotLoadable(format!("Intel hex: {reason}")))?;
    Ok(Loaded {
        segments,
        entry,
        symbols: Vec::new(),
    })
}

/// `:LLAAAATT<data>CC` to (type, address, data), checking length and checksum.
fn parse_record(raw: &str) -> Result<(u8, u16, Vec<u8>), String> {
    let digits = raw
        .strip_prefix(':')
        .ok_or_else(|| "a record must start with ':'".to_string())?;
    if digits.len() % 2 != 0 || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err("a record must be pairs of hex digits".into());
    }
    let bytes: Vec<u8> = (0..digits.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&digits[i..i + 2], 16).unwrap_or(0))
        .collect();
    if bytes.len() < 5 {
        return Err(format!(
            "record of {} bytes is shorter than the 5-byte minimum",
            bytes.len()
        ));
    }
    let count = bytes[0] as usize;
    if bytes.len() != count + 5 {
        return Err(format!(
            "record says {count} data bytes but holds {}",
            bytes.len() - 5
        ));
    }
    if bytes.iter().fold(0u8, |s, b| s.wrapping_add(*b)) != 0 {
        let stored = bytes[bytes.len() - 1];
        let body = &bytes[..bytes.len() - 1];
        let expected = body
            .iter()
            .fold(0u8, |s, b| s.wrapping_add(*b))
            .wrapping_neg();
        return Err(format!(
            "checksum error: stored {stored:02X}, computed {expected:02X}"
        ));
    }
    let offset = u16::from_be_bytes([bytes[1], bytes[2]]);
    Ok((bytes[3], offset, bytes[4..4 + count].to_vec()))
}

/// A big-endian address field of exactly `len` bytes.
fn field(data: &[u8], len: usize) -> Result<u32, String> {
    if data.len() != len {
        return Err(format!(
            "address record has {} data bytes, not {len}",
            data.len()
        ));
    }
    Ok(data.iter().fold(0u32, |v, b| v << 8 | *b as u32))
}

fn line_of(bytes: &[u8], offset: usize) -> usize {
    bytes[..offset.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}
