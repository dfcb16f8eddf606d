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
    let order = s.order();
    let i = s
        .dict
        .find(name, &order)
        .ok_or_else(|| Diagnostic::new(None, format!("undefined word `{name}`")))?;
    let w = s.dict.get(i);
    let start = w.code_addr();
    // The code runs up to the next header in memory, or HERE.
    let end = s
        .dict
        .iter()
        .map(|o| o.header)
        .filter(|&h| h > start)
        .min()
        .unwrap_or(s.here())
        .min(start + 4096);
    let bytes = s.read(start, (end - start) as usize)?;
    let mut out = String::new();
    let kind = match &w.kind {
        Kind::Constant(v) => format!("constant {v} ({v:#x})"),
        Kind::Code(_) => "code".into(),
        Kind::Created => "created".into(),
        Kind::Value(c) => format!("value in {c:#010x}"),
        Kind::Defer(c) => format!("deferred through {c:#010x}"),
        Kind::Colon => "colon".into(),
    };
    let _ = writeln!(out, "{} ({kind}) at {start:#010x}", w.name);
    for (addr, size, mnemonic, ops) in disassemble(&bytes, start) {
        let off = (addr - start) as usize;
        let hex: String = bytes[off..off + size]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let mut line = format!("{addr:08x}: {hex:<8}  {mnemonic} {ops}");
        if mnemonic.starts_with('b') {
            if let Some(target) = ops
                .split(['#', ' ', ','])
                .rev()
                .find_map(|t| u32::from_str_radix(t.trim_start_matches("0x"), 16).ok())
            {
                if let Some(name) = word_at(s, target) {
                    let _ = write!(line, "  ; {name}");
                }
            }
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
    Ok(out)
}

/// The word whose code contains `addr`, as `NAME` or `NAME+off`.
fn word_at(s: &Session, addr: u32) -> Option<String> {
    let w = s
        .dict
        .iter()
        .filter(|w| w.code_addr() <= addr)
        .max_by_key(|w| w.code_addr())?;
    let off = addr - w.code_addr();
    if off > 0x1000 {
        return None;
    }
    Some(if off == 0 {
        w.name.clone()
    } else {
        format!("{}+{off:#x}", w.name)
    })
}
