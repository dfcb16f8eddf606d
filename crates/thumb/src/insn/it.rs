//! The then/else pattern of an IT block.

use crate::cond::Cond;

/// The then/else pattern of an IT instruction after its first slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ItPattern {
    /// Number of instructions in the block, 1..=4.
    pub len: u8,
    /// Bit i (from 0) is set when slot i+1 is an "else" slot.
    pub elses: u8,
}

impl ItPattern {
    /// Parses the letters after `it` (`""`, `"t"`, `"te"`, ...).
    pub fn parse(letters: &str) -> Option<ItPattern> {
        if letters.len() > 3 {
            return None;
        }
        let mut elses = 0;
        for (i, c) in letters.chars().enumerate() {
            match c {
                't' => {}
                'e' => elses |= 1 << i,
                _ => return None,
            }
        }
        Some(ItPattern {
            len: letters.len() as u8 + 1,
            elses,
        })
    }

    /// The condition of slot `i` (0 is the first instruction) in a block on `first`.
    pub fn cond_of(self, first: Cond, i: u8) -> Cond {
        if i > 0 && self.elses & (1 << (i - 1)) != 0 {
            Cond::from_bits(first.bits() ^ 1)
        } else {
            first
        }
    }

    pub fn letters(self) -> String {
        (0..self.len - 1)
            .map(|i| if self.elses & (1 << i) != 0 { 'e' } else { 't' })
            .collect()
    }
}
