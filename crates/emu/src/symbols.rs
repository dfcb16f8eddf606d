//! Address-to-word lookup for fault reports ("in DUP+0x4").

/// A named range of target memory: a Forth word's code, or any other symbol.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    pub addr: u32,
    /// Size in bytes; 0 when unknown, in which case the symbol reaches up to
    /// the next symbol.
    pub size: u32,
}

/// Symbols sorted by address.
#[derive(Default)]
pub(crate) struct Symbols {
    sorted: Vec<Symbol>,
}

impl Symbols {
    pub fn new(mut symbols: Vec<Symbol>) -> Symbols {
        symbols.sort_by_key(|s| (s.addr, std::cmp::Reverse(s.size)));
        Symbols { sorted: symbols }
    }

    /// `NAME+0xOFF` (or `NAME` at offset 0) for the symbol that contains
    /// `addr`. Thumb bit 0 is ignored, so an address from a register works.
    pub fn describe(&self, addr: u32) -> Option<String> {
        let addr = addr & !1;
        let i = self.sorted.partition_point(|s| s.addr & !1 <= addr);
        // Among symbols starting at or before addr, the nearest sized one
        // containing it wins; an unsized one covers up to the next symbol.
        for j in (0..i).rev() {
            let s = &self.sorted[j];
            let start = s.addr & !1;
            let inside = if s.size == 0 {
                j + 1 == i || self.sorted[j + 1].addr & !1 > addr
            } else {
                (addr - start) < s.size
            };
            if inside {
                let off = addr - start;
                return Some(if off == 0 {
                    s.name.clone()
                } else {
                    format!("{}+{off:#x}", s.name)
                });
            }
            if s.size == 0 {
                break;
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sym(name: &str, addr: u32, size: u32) -> Symbol {
        Symbol {
            name: name.into(),
            addr,
            size,
        }
    }

    #[test]
    fn addresses_inside_a_word_name_it_with_the_offset() {
        let s = Symbols::new(vec![sym("dup", 0x100, 8), sym("drop", 0x108, 4)]);
        assert_eq!(s.describe(0x100).as_deref(), Some("dup"));
        assert_eq!(s.describe(0x106).as_deref(), Some("dup+0x6"));
        assert_eq!(s.describe(0x109).as_deref(), Some("drop"));
        assert_eq!(s.describe(0x10c), None);
        assert_eq!(s.describe(0xfe), None);
    }

    #[test]
    fn unsized_symbols_reach_the_next_symbol() {
        let s = Symbols::new(vec![sym("start", 0x100, 0), sym("next", 0x200, 4)]);
        assert_eq!(s.describe(0x1fe).as_deref(), Some("start+0xfe"));
        assert_eq!(s.describe(0x202).as_deref(), Some("next+0x2"));
    }
}
