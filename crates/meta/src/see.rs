//! `see`: a word's code as a listing, with branch and call targets named.
//! The disassembler is passed in, so this crate does not depend on one.
//!
//! Each line is `address: halfwords  instruction`, the halfwords in the
//! order `objdump -d` prints Thumb code (a 32-bit instruction's first
//! halfword first). Literals that `ldr rX, [pc, #k]` loads show as `.word`,
//! and the text of `s"`, `."`, `c"` and `abort"`, which the compiler lays
//! down behind a branch over it, shows as `.ascii`.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;

use crate::diag::Diagnostic;
use crate::dict::Kind;
use crate::session::Session;

/// (address, size, mnemonic, operands) for each instruction of some bytes.
pub type Disassembly = Vec<(u32, usize, String, String)>;

/// How many instructions after a branch over data are searched for the
/// load of the data's address: the string's address and length are the
/// first things the code after it pushes.
const LOAD_SEARCH: usize = 8;

/// The listing of `name`: one line per instruction, `address: halfwords  insn`.
pub fn listing(
    s: &Session,
    name: &str,
    disassemble: impl Fn(&[u8], u32) -> Disassembly,
) -> Result<String, Diagnostic> {
    let m = &s.machine;
    let i = m
        .dict
        .find(name, m.order())
        .ok_or_else(|| s.undefined_word(name, None))?;
    let w = m.dict.get(i);
    let start = w.code_addr();
    // The code runs up to the next header in memory, or HERE.
    let end = m
        .dict
        .iter()
        .map(|o| o.header)
        .filter(|&h| h > start)
        .min()
        .unwrap_or(m.here())
        .min(start + 4096);
    let mut bytes = m.read(start, (end - start) as usize)?;
    // `;` pads the code to a cell boundary with a `nop`, which no word's
    // code ends in (it ends in a return or a jump): not shown.
    if matches!(w.kind, Kind::Colon) && bytes.len() >= 4 && bytes.ends_with(&[0x00, 0xbf]) {
        bytes.truncate(bytes.len() - 2);
    }
    let mut out = String::new();
    let kind = match &w.kind {
        Kind::Constant(v) => format!("constant {v} ({v:#x})"),
        Kind::Code(_) => "code".into(),
        Kind::Created => "created".into(),
        Kind::Value(c) => format!("value in {c:#010x}"),
        Kind::TwoValue(c) => format!("2value in {c:#010x}"),
        Kind::Defer(c) => format!("deferred through {c:#010x}"),
        Kind::Colon => "colon".into(),
    };
    let _ = writeln!(out, "{} ({kind}) at {start:#010x}", w.name);
    let code = Code {
        start,
        bytes: &bytes,
        disassemble: &disassemble,
    };
    // One instruction at a time, so that literals placed in the code (by
    // `ldr rX, [pc, #k]`) show as data instead of as instructions.
    let mut literals = BTreeSet::new();
    let mut off = 0usize;
    while off < bytes.len() {
        let addr = start + off as u32;
        if literals.contains(&addr) && off + 4 <= bytes.len() {
            let v = u32::from_le_bytes(bytes[off..off + 4].try_into().expect("four bytes"));
            let mut line = row(addr, &format!("{v:08x}"), &format!(".word {v:#010x}"));
            if let Some(name) = m.dict.word_at(v & !1) {
                let _ = write!(line, "  ; {name}");
            }
            let _ = writeln!(out, "{line}");
            off += 4;
            continue;
        }
        let Some((size, mnemonic, ops)) = code.insn_at(addr) else {
            let h = u16::from_le_bytes([bytes[off], *bytes.get(off + 1).unwrap_or(&0)]);
            let _ = writeln!(out, "{}", row(addr, &format!("{h:04x}"), ".hword"));
            off += 2;
            continue;
        };
        if let Some(lit) = pc_relative_load(addr, &mnemonic, &ops) {
            literals.insert(lit);
        }
        let mut line = row(addr, &halfwords(&bytes[off..off + size]), &mnemonic);
        if !ops.is_empty() {
            let _ = write!(line, " {ops}");
        }
        let target = branch_target(&mnemonic, &ops);
        if let Some(name) = target.and_then(|t| m.dict.word_at(t)) {
            let _ = write!(line, "  ; {name}");
        }
        let _ = writeln!(out, "{}", line.trim_end());
        off += size;
        // Inline string data: an unconditional branch over bytes whose
        // address the code after them loads.
        let here = start + off as u32;
        if let Some(to) = target.filter(|_| matches!(mnemonic.as_str(), "b" | "b.w")) {
            if to > here
                && to <= start + bytes.len() as u32
                && (to - here) % 2 == 0
                && !literals.contains(&here)
                && code.loads_after(to, m).contains(&here)
            {
                let data = &bytes[off..(to - start) as usize];
                data_rows(&mut out, here, data);
                off = (to - start) as usize;
            }
        }
    }
    Ok(out)
}

/// A word's bytes and the disassembler, for decoding at any address in them.
struct Code<'a, D: Fn(&[u8], u32) -> Disassembly> {
    start: u32,
    bytes: &'a [u8],
    disassemble: &'a D,
}

impl<D: Fn(&[u8], u32) -> Disassembly> Code<'_, D> {
    /// The instruction at `addr`: (size, mnemonic, operands).
    fn insn_at(&self, addr: u32) -> Option<(usize, String, String)> {
        let off = addr.checked_sub(self.start)? as usize;
        let window = self.bytes.get(off..(off + 4).min(self.bytes.len()))?;
        let (_, size, mnemonic, ops) = (self.disassemble)(window, addr).into_iter().next()?;
        Some((size, mnemonic, ops))
    }

    /// The constants the first few instructions from `addr` load into
    /// registers: from a literal (`ldr rX, [pc, #k]`), a `movw`/`movt` pair
    /// or a `pc`-relative address (`adr`).
    fn loads_after(&self, mut addr: u32, m: &crate::machine::Machine) -> Vec<u32> {
        let mut values = Vec::new();
        let mut low: HashMap<String, u32> = HashMap::new();
        for _ in 0..LOAD_SEARCH {
            let Some((size, mnemonic, ops)) = self.insn_at(addr) else {
                break;
            };
            let reg = ops.split(',').next().unwrap_or("").trim().to_owned();
            let imm = immediate(&ops);
            if let Some(lit) = pc_relative_load(addr, &mnemonic, &ops) {
                if let Ok(b) = m.read(lit, 4) {
                    values.push(u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
                }
            } else if mnemonic == "movw" {
                if let Some(v) = imm {
                    low.insert(reg, v & 0xffff);
                }
            } else if mnemonic == "movt" {
                if let (Some(v), Some(lo)) = (imm, low.get(&reg)) {
                    values.push((v << 16) | lo);
                }
            } else if mnemonic.starts_with("adr")
                || (mnemonic.starts_with("add") && ops.contains("pc,"))
            {
                if let Some(v) = imm {
                    values.push(((addr + 4) & !3).wrapping_add(v));
                }
            }
            addr += size as u32;
        }
        values
    }
}

/// The address `ldr rX, [pc, #k]` at `addr` reads, if it is one.
fn pc_relative_load(addr: u32, mnemonic: &str, ops: &str) -> Option<u32> {
    if !mnemonic.starts_with("ldr") || !ops.contains("[pc") {
        return None;
    }
    Some(((addr + 4) & !3).wrapping_add(immediate(ops).unwrap_or(0)))
}

/// The last `#` immediate of some operands, decimal or hex.
fn immediate(ops: &str) -> Option<u32> {
    let (_, t) = ops.rsplit_once('#')?;
    let t = t.trim_end_matches([']', '!', ' ']);
    let (neg, t) = t.strip_prefix('-').map_or((false, t), |t| (true, t));
    let v = t
        .strip_prefix("0x")
        .map_or_else(|| t.parse().ok(), |h| u32::from_str_radix(h, 16).ok())?;
    Some(if neg { v.wrapping_neg() } else { v })
}

/// Where a branch goes, for naming: the last hex number of its operands.
fn branch_target(mnemonic: &str, ops: &str) -> Option<u32> {
    if !mnemonic.starts_with('b') {
        return None;
    }
    ops.split(['#', ' ', ','])
        .rev()
        .find_map(|t| u32::from_str_radix(t.trim_start_matches("0x"), 16).ok())
}

/// One line: the address, the code or data as hex, and what it is.
pub fn row(addr: u32, hex: &str, what: &str) -> String {
    format!("{addr:08x}: {hex:<9}  {what}")
}

/// An instruction's bytes as `objdump -d` shows Thumb: halfword by
/// halfword in the order they are executed, each a 4-digit hex number.
pub fn halfwords(bytes: &[u8]) -> String {
    bytes
        .chunks(2)
        .map(|h| {
            format!(
                "{:04x}",
                u16::from_le_bytes([h[0], *h.get(1).unwrap_or(&0)])
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// How many bytes of a string one line shows.
const DATA_ROW: usize = 8;

/// Inline string data at `addr`: a counted string's count as `.byte`, the
/// text as `.ascii` lines, and the zero that pads it to a halfword.
fn data_rows(out: &mut String, mut addr: u32, mut data: &[u8]) {
    let byte = |out: &mut String, addr: u32, b: u8, what: &str| {
        let _ = writeln!(
            out,
            "{}",
            row(addr, &format!("{b:02x}"), &format!(".byte {b}  ; {what}"))
        );
    };
    let padded = data.len() % 2 == 0 && data.last() == Some(&0) && !data.is_empty();
    // `c"` lays down the count first; the text fills the rest.
    let text_len = data.len() - usize::from(padded);
    if let Some(&n) = data.first() {
        if text_len >= 1 && usize::from(n) == text_len - 1 && !data[1..text_len].is_empty() {
            byte(out, addr, n, "count");
            addr += 1;
            data = &data[1..];
        }
    }
    let text_len = data.len() - usize::from(padded);
    for chunk in data[..text_len].chunks(DATA_ROW) {
        let hex = chunk
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<Vec<_>>()
            .join(" ");
        let _ = writeln!(
            out,
            "{}",
            row(addr, &hex, &format!(".ascii \"{}\"", escape(chunk)))
        );
        addr += chunk.len() as u32;
    }
    if padded {
        byte(out, addr, 0, "padding");
    }
}

/// Text as GNU as reads it in a `.ascii` string.
fn escape(bytes: &[u8]) -> String {
    let mut s = String::new();
    for &b in bytes {
        match b {
            b'"' => s.push_str("\\\""),
            b'\\' => s.push_str("\\\\"),
            b'\n' => s.push_str("\\n"),
            b'\t' => s.push_str("\\t"),
            b'\r' => s.push_str("\\r"),
            0x20..=0x7e => s.push(b as char),
            _ => {
                let _ = write!(s, "\\{b:03o}");
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halfwords_are_in_execution_order() {
        // `bl` with offset 0: memory bytes 00 f0 00 f8.
        assert_eq!(halfwords(&[0x00, 0xf0, 0x00, 0xf8]), "f000 f800");
        assert_eq!(halfwords(&[0x30, 0x46]), "4630");
    }

    #[test]
    fn strings_escape_as_gnu_as_reads_them() {
        assert_eq!(escape(b"say \"hi\"\\\n\x07"), "say \\\"hi\\\"\\\\\\n\\007");
    }

    #[test]
    fn counted_strings_and_padding_show_as_such() {
        let mut out = String::new();
        data_rows(&mut out, 0x100, b"\x03abc");
        assert_eq!(
            out,
            "00000100: 03         .byte 3  ; count\n\
             00000101: 61 62 63   .ascii \"abc\"\n"
        );
        let mut out = String::new();
        data_rows(&mut out, 0x100, b"hello\0");
        assert_eq!(
            out,
            "00000100: 68 65 6c 6c 6f  .ascii \"hello\"\n\
             00000105: 00         .byte 0  ; padding\n"
        );
    }

    #[test]
    fn immediates_read_in_either_base() {
        assert_eq!(immediate("r6, [pc, #0x10]"), Some(0x10));
        assert_eq!(immediate("r6, #12"), Some(12));
        assert_eq!(immediate("r6, [r7, #-0x4]!"), Some(4u32.wrapping_neg()));
        assert_eq!(immediate("r6, r0"), None);
    }
}
