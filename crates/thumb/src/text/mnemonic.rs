//! Splits a UAL mnemonic into its base, flag-setting `s`, condition and width.

use crate::cond::Cond;
use crate::insn::{DspOp, Operation, Width};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mnemonic {
    pub op: Operation,
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
pub fn split_dsp(word: &str) -> Option<(DspOp, Cond)> {
    let lower = word.to_ascii_lowercase();
    DspOp::names().find_map(|name| {
        let rest = lower.strip_prefix(name)?;
        let cond = if rest.is_empty() {
            Some(Cond::Al)
        } else {
            Cond::parse(rest)
        }?;
        Some((DspOp::parse(name)?, cond))
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
    // The longest base that leaves a valid suffix wins: `bls` is `b` + `ls`
    // since `bl` + `s` is not a mnemonic, and `ldrsb` is not `ldr` + `sb`.
    Operation::spellings()
        .filter_map(|(base, op)| {
            let rest = name.strip_prefix(base)?;
            let (s, cond_text) = match rest.strip_prefix('s') {
                Some(r) if op.takes_s() => (true, r),
                _ => (false, rest),
            };
            let cond = if cond_text.is_empty() {
                Cond::Al
            } else {
                Cond::parse(cond_text)?
            };
            Some((base.len(), Mnemonic { op, s, cond, width }))
        })
        .max_by_key(|(len, _)| *len)
        .map(|(_, m)| m)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(w: &str) -> (&'static str, bool, Cond) {
        let x = split(w).unwrap();
        (x.op.name(), x.s, x.cond)
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
