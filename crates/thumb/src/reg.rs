//! Core registers and register lists.

use std::fmt;

/// One of the sixteen core registers. The value is the register number, so it
/// drops straight into an encoding field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Reg(u8);

impl Reg {
    pub const R0: Reg = Reg(0);
    pub const R1: Reg = Reg(1);
    pub const R2: Reg = Reg(2);
    pub const R3: Reg = Reg(3);
    pub const R4: Reg = Reg(4);
    pub const R5: Reg = Reg(5);
    pub const R6: Reg = Reg(6);
    pub const R7: Reg = Reg(7);
    pub const R8: Reg = Reg(8);
    pub const R9: Reg = Reg(9);
    pub const R10: Reg = Reg(10);
    pub const R11: Reg = Reg(11);
    pub const R12: Reg = Reg(12);
    pub const SP: Reg = Reg(13);
    pub const LR: Reg = Reg(14);
    pub const PC: Reg = Reg(15);

    /// The register with number `n`; `None` above 15.
    pub const fn new(n: u8) -> Option<Reg> {
        if n < 16 {
            Some(Reg(n))
        } else {
            None
        }
    }

    pub const fn num(self) -> u8 {
        self.0
    }

    /// r0-r7: the registers 16-bit encodings can name in a 3-bit field.
    pub const fn is_low(self) -> bool {
        self.0 < 8
    }

    pub(crate) const fn n(self) -> u32 {
        self.0 as u32
    }
}

impl fmt::Display for Reg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            13 => f.write_str("sp"),
            14 => f.write_str("lr"),
            15 => f.write_str("pc"),
            n => write!(f, "r{n}"),
        }
    }
}

/// A set of registers as used by push/pop and ldm/stm: bit n set means rn is in the list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct RegList(pub u16);

impl RegList {
    pub fn of(regs: &[Reg]) -> RegList {
        RegList(regs.iter().fold(0, |m, r| m | (1 << r.num())))
    }

    pub const fn contains(self, r: Reg) -> bool {
        self.0 & (1 << r.0) != 0
    }

    pub const fn len(self) -> u32 {
        self.0.count_ones()
    }

    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Only r0-r7 (plus `extra`, the one high register a 16-bit push/pop may name).
    pub const fn low_plus(self, extra: Reg) -> bool {
        self.0 & !(0xff | (1 << extra.0)) == 0
    }

    /// The lowest register in the list, if any.
    pub fn first(self) -> Option<Reg> {
        (!self.is_empty()).then(|| Reg(self.0.trailing_zeros() as u8))
    }

    pub fn iter(self) -> impl Iterator<Item = Reg> {
        (0..16u8).filter(move |n| self.0 & (1 << n) != 0).map(Reg)
    }
}

impl fmt::Display for RegList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("{")?;
        for (i, r) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{r}")?;
        }
        f.write_str("}")
    }
}
