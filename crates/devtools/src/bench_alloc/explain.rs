//! `bench alloc --explain TRACE:OP`: the exact path that the median and the
//! p99 call of one operation took on each board, instruction by instruction,
//! each named by the word it belongs to. A column the allocator does not
//! meet is argued from this listing: which instructions its case runs, and
//! why each is there.

use std::fmt::Write;

use anyhow::{anyhow, bail, Context, Result};
use capstone::prelude::*;

use super::report::OPS;

/// Which trace and operation to explain, from `TRACE:OP`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Explain {
    pub trace: String,
    /// The index of the operation in `OPS`.
    pub op: usize,
}

impl Explain {
    pub(crate) fn parse(s: &str) -> Result<Explain> {
        let (trace, op) = s
            .split_once(':')
            .with_context(|| format!("`{s}`: expected TRACE:OP, for example mixed:free"))?;
        let names = super::traces::traces();
        if !names.iter().any(|(n, _)| *n == trace) {
            let known: Vec<&str> = names.iter().map(|(n, _)| *n).collect();
            bail!("unknown trace `{trace}`: {}", known.join(", "));
        }
        let Some(op) = OPS.iter().position(|o| *o == op) else {
            bail!("unknown operation `{op}`: {}", OPS.join(", "));
        };
        Ok(Explain {
            trace: trace.to_string(),
            op,
        })
    }
}

/// One call of the explained operation: its figure and the blocks it ran.
pub(super) struct Call {
    pub figure: u64,
    pub blocks: Vec<(u32, u32)>,
}

/// Lists the calls at the median and at the p99 of `calls` (by figure, as
/// the tables pick them), keeping only the instructions at or above
/// `from`, the allocator's code: the harness around each call is left out.
pub(super) fn listing(
    board: &str,
    what: &Explain,
    calls: &mut [Call],
    from: u32,
    machine: &meta::machine::Machine,
) -> Result<String> {
    let mut out = String::new();
    if calls.is_empty() {
        writeln!(
            out,
            "{board}: no {} calls in trace {}",
            OPS[what.op], what.trace
        )?;
        return Ok(out);
    }
    calls.sort_by_key(|c| c.figure);
    let cs = Capstone::new()
        .arm()
        .mode(arch::arm::ArchMode::Thumb)
        .extra_mode([arch::arm::ArchExtraMode::MClass].into_iter())
        .build()
        .map_err(|e| anyhow!("capstone: {e}"))?;
    for (label, q) in [("median", 0.5), ("p99", 0.99)] {
        let call = &calls[((calls.len() - 1) as f64 * q).round() as usize];
        writeln!(
            out,
            "\n== {board} {} {}: {label} call, figure {}",
            what.trace, OPS[what.op], call.figure
        )?;
        let mut listed = 0;
        for &(addr, n) in call.blocks.iter().filter(|b| b.0 >= from) {
            let code = machine
                .emu
                .read_mem(addr, 4 * n as usize)
                .map_err(|e| anyhow!("{e}"))?;
            let insns = cs
                .disasm_count(&code, addr as u64, n as usize)
                .map_err(|e| anyhow!("capstone: {e}"))?;
            for i in insns.iter() {
                let at = i.address() as u32;
                let word = machine.dict.word_at(at).unwrap_or_default();
                writeln!(
                    out,
                    "  {at:08x}  {word:<24} {} {}",
                    i.mnemonic().unwrap_or(""),
                    i.op_str().unwrap_or("")
                )?;
                listed += 1;
            }
        }
        writeln!(out, "  {listed} instructions in the allocator's words")?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explain_names_a_trace_and_an_operation() {
        let e = Explain::parse("mixed:free").unwrap();
        assert_eq!((e.trace.as_str(), OPS[e.op]), ("mixed", "free"));
        for bad in ["mixed", "nosuch:free", "mixed:nosuch", ""] {
            assert!(Explain::parse(bad).is_err(), "{bad}");
        }
    }
}
