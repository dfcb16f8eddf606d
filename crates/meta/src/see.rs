//! `see`: a word's code as a listing, with branch and call targets named.
//! The disassembler is passed in, so this crate does not depend on one.

use std::fmt::Write as _;

use crate::diag::Diagnostic;
use crate::dict::Kind;
use crate::session::Session;

/// (address, size, mnemonic, operands) for each instruction of some bytes.
pub type Disassembly = Vec<(u32, usize, String, String)>;

/// The listing of `name`: one line per instruction, `address: bytes  insn`.
pub fn listing(
    s: &Session,
    name: &str,
    disassemble: impl Fn(&[u8], u32) -> Disassembly,
) -> Result<String, Diagnostic> {
    let m = &s.machine;
    let i = m
        .dict
        .find(name, m.order())
        .ok_or_else(|| Diagnostic::new(None, format!("undefined word `{name}`")))?;
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
    // One instruction at a time, so that literals placed in the code (by
    // `ldr rX, [pc, #k]`) show as data instead of as instructions.
    let mut literals = std::collections::BTreeSet::new();
    let mut off = 0usize;
    while off < bytes.len() {
        let addr = start + off as u32;
        if literals.contains(&addr) && off + 4 <= bytes.len() {
            let v =
                u32::from_le_bytes([bytes[off], bytes[off + 1], bytes[off + 2], bytes[off + 3]]);
            let hex = hex(&bytes[off..off + 4]);
            let mut line = format!("{addr:08x}: {hex:<8}  .word {v:#010x}");
            if let Some(name) = m.dict.word_at(v & !1) {
                let _ = write!(line, "  ; {name}");
            }
            let _ = writeln!(out, "{line}");
            off += 4;
            continue;
        }
        let window = &bytes[off..(off + 4).min(bytes.len())];
        let Some((_, size, mnemonic, ops)) = disassemble(window, addr).into_iter().next() else {
            let hex = hex(&bytes[off..(off + 2).min(bytes.len())]);
            let _ = writeln!(out, "{addr:08x}: {hex:<8}  .hword");
            off += 2;
            continue;
        };
        if mnemonic.starts_with("ldr") && ops.contains("[pc") {
            let imm = ops
                .rsplit('#')
                .next()
                .and_then(|t| {
                    let t = t.trim_end_matches(']');
                    t.strip_prefix("0x")
                        .map_or_else(|| t.parse().ok(), |h| u32::from_str_radix(h, 16).ok())
                })
                .unwrap_or(0);
            literals.insert(((addr + 4) & !3) + imm);
        }
        let hex = hex(&bytes[off..off + size]);
        let mut line = format!("{addr:08x}: {hex:<8}  {mnemonic} {ops}");
        if mnemonic.starts_with('b') {
            if let Some(target) = ops
                .split(['#', ' ', ','])
                .rev()
                .find_map(|t| u32::from_str_radix(t.trim_start_matches("0x"), 16).ok())
            {
                if let Some(name) = m.dict.word_at(target) {
                    let _ = write!(line, "  ; {name}");
                }
            }
        }
        let _ = writeln!(out, "{}", line.trim_end());
        off += size;
    }
    Ok(out)
}

/// Bytes as the listing shows them: two hex digits each, in memory order.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
