//! Splits a UAL mnemonic into its base, flag-setting `s`, condition and width.

use crate::{Cond, Width};

/// Base mnemonics, longest first so `ldrsb` wins over `ldr` and `bl` over `b`.
const BASES: &[&str] = &[
    "blxns", "bxns", "ttat", "ttt", "tta", "tt", "sg", "ssat16", "usat16", "pkhbt", "pkhtb",
    "ldaexb", "ldaexh", "stlexb", "stlexh", "pssbb", "ldaex", "stlex", "ldab", "ldah", "stlb",
    "stlh", "ssat", "usat", "ssbb", "lda", "stl", "dbg", "ldrsbt", "ldrsht", "ldrbt", "ldrht",
    "strbt", "strht", "ldrt", "strt", "pld", "pli", "ldrexb", "ldrexh", "clrex", "csdb", "strexb",
    "strexh", "cpsid", "cpsie", "ldrex", "strex", "ldrsb", "ldrsh", "rev16", "revsh", "umull",
    "smull", "umlal", "smlal", "yield", "ldmia", "ldmdb", "ldmfd", "ldmea", "stmia", "stmdb",
    "stmfd", "stmea", "ldrb", "ldrh", "ldrd", "strb", "strh", "strd", "movw", "movt", "addw",
    "subw", "push", "udiv", "sdiv", "rbit", "sxtb", "sxth", "uxtb", "uxth", "ubfx", "sbfx", "cbnz",
    "bkpt", "ldm", "stm", "ldr", "str", "mov", "mvn", "add", "adc", "sub", "sbc", "rsb", "and",
    "orr", "eor", "orn", "bic", "tst", "teq", "cmp", "cmn", "lsl", "lsr", "asr", "ror", "rrx",
    "mul", "mla", "mls", "clz", "rev", "bfi", "bfc", "neg", "adr", "pop", "blx", "cbz", "tbb",
    "tbh", "svc", "udf", "nop", "wfi", "wfe", "sev", "mrs", "msr", "dmb", "dsb", "isb", "bx", "bl",
    "b",
];

/// Bases that take an `s` suffix.
const FLAG_SETTING: &[&str] = &[
    "mov", "mvn", "add", "adc", "sub", "sbc", "rsb", "and", "orr", "eor", "orn", "bic", "lsl",
    "lsr", "asr", "ror", "rrx", "mul", "neg",
];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mnemonic {
    pub base: &'static str,
    pub s: bool,
    pub cond: Cond,
    pub width: Width,
}

/// `it`, `itt`, `ite`, ... : the then/else letters after `it`.
pub fn it_letters(m: &str) -> Option<&str> {
    let rest = m.strip_prefix("it")?;
    (rest.len() <= 3 && rest.chars().all(|c| c == 't' || c == 'e')).then_some(rest)
}

/// A DSP mnemonic with an optional condition: `sadd16`, `smlabbeq`, ...
pub fn split_dsp(word: &str) -> Option<(crate::DspOp, Cond)> {
    let lower = word.to_ascii_lowercase();
    crate::DspOp::names().find_map(|name| {
        let rest = lower.strip_prefix(name)?;
        let cond = if rest.is_empty() {
            Some(Cond::Al)
        } else {
            Cond::parse(rest)
        }?;
        Some((crate::DspOp::parse(name)?, cond))
    })
}

pub fn split(word: &str) -> Option<Mnemonic> {
    let lower = word.to_ascii_lowercase();
    let (name, width) = if let Some(n) = lower.strip_suffix(".w") {
        (n, Width::Wide)
    } else if let Some(n) = lower.strip_suffix(".n") {
        (n, Width::Narrow)
    } else {
        (lower.as_str(), Width::Auto)
    };
    for &base in BASES {
        let Some(rest) = name.strip_prefix(base) else {
            continue;
        };
        let can_s = FLAG_SETTING.contains(&base);
        let (s, cond_text) = match rest.strip_prefix('s') {
            Some(r) if can_s => (true, r),
            _ => (false, rest),
        };
        let cond = if cond_text.is_empty() {
            Some(Cond::Al)
        } else {
            Cond::parse(cond_text)
        };
        if let Some(cond) = cond {
            return Some(Mnemonic {
                base,
                s,
                cond,
                width,
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(w: &str) -> (&'static str, bool, Cond) {
        let x = split(w).unwrap();
        (x.base, x.s, x.cond)
    }

    #[test]
    fn branch_conditions_are_not_mistaken_for_bl() {
        assert_eq!(m("blt"), ("b", false, Cond::Lt));
        assert_eq!(m("ble"), ("b", false, Cond::Le));
        assert_eq!(m("bls"), ("b", false, Cond::Ls));
        assert_eq!(m("bleq"), ("bl", false, Cond::Eq));
        assert_eq!(m("bhs"), ("b", false, Cond::Cs));
    }

    #[test]
    fn flag_suffix_and_condition_combine() {
        assert_eq!(m("addseq"), ("add", true, Cond::Eq));
        assert_eq!(m("bics"), ("bic", true, Cond::Al));
        assert_eq!(m("ldrsbne"), ("ldrsb", false, Cond::Ne));
        assert_eq!(m("teq"), ("teq", false, Cond::Al));
        assert_eq!(m("mls"), ("mls", false, Cond::Al));
        assert!(split("frobnicate").is_none());
    }
}
