//! Condition codes, as branches and IT blocks use them.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Cond {
    Eq = 0,
    Ne = 1,
    Cs = 2,
    Cc = 3,
    Mi = 4,
    Pl = 5,
    Vs = 6,
    Vc = 7,
    Hi = 8,
    Ls = 9,
    Ge = 10,
    Lt = 11,
    Gt = 12,
    Le = 13,
    Al = 14,
}

impl Cond {
    pub const ALL: [Cond; 15] = [
        Cond::Eq,
        Cond::Ne,
        Cond::Cs,
        Cond::Cc,
        Cond::Mi,
        Cond::Pl,
        Cond::Vs,
        Cond::Vc,
        Cond::Hi,
        Cond::Ls,
        Cond::Ge,
        Cond::Lt,
        Cond::Gt,
        Cond::Le,
        Cond::Al,
    ];

    pub const fn bits(self) -> u32 {
        self as u32
    }

    pub fn from_bits(b: u32) -> Cond {
        Cond::ALL[(b & 0xf).min(14) as usize]
    }

    /// The condition that holds exactly when this one does not (`al` has none).
    pub fn invert(self) -> Option<Cond> {
        (self != Cond::Al).then(|| Cond::from_bits(self.bits() ^ 1))
    }

    /// Parses a suffix, including the aliases `hs` and `lo`.
    pub fn parse(s: &str) -> Option<Cond> {
        Cond::ALL
            .into_iter()
            .find(|c| c.name() == s || c.alias() == Some(s))
    }

    /// The other spelling GNU as accepts: `hs` for `cs`, `lo` for `cc`.
    pub const fn alias(self) -> Option<&'static str> {
        match self {
            Cond::Cs => Some("hs"),
            Cond::Cc => Some("lo"),
            _ => None,
        }
    }

    pub const fn name(self) -> &'static str {
        match self {
            Cond::Eq => "eq",
            Cond::Ne => "ne",
            Cond::Cs => "cs",
            Cond::Cc => "cc",
            Cond::Mi => "mi",
            Cond::Pl => "pl",
            Cond::Vs => "vs",
            Cond::Vc => "vc",
            Cond::Hi => "hi",
            Cond::Ls => "ls",
            Cond::Ge => "ge",
            Cond::Lt => "lt",
            Cond::Gt => "gt",
            Cond::Le => "le",
            Cond::Al => "al",
        }
    }
}

impl fmt::Display for Cond {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
