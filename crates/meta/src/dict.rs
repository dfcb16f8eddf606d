//! The host's index of the dictionary. The dictionary itself is the chain of
//! headers in target memory (see [`crate::layout`]); this index mirrors it so
//! that the host compiler finds a word by hashing instead of walking the
//! chain, and it remembers what only the host knows about a word (a
//! constant's value, a code word's bytes) to fold and inline it.

use rustc_hash::FxHashMap as HashMap;

use crate::layout::{FLAG_COMPILE_ONLY, FLAG_IMMEDIATE, FLAG_INLINE, FLAG_VISIBLE};
use crate::source::Span;

/// What the host knows about how a word's code behaves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A colon definition or anything without a known shape.
    Colon,
    /// A `code` word; its bytes up to the final `bx lr`.
    Code(Vec<u8>),
    /// Pushes a fixed value (constants, variables compiled to flash).
    Constant(u32),
    /// Made by `create`: pushes its body, then runs its does-code.
    Created,
    /// A `value`: fetches the cell at this address.
    Value(u32),
    /// A `2value`: fetches the two cells at this address.
    TwoValue(u32),
    /// A `defer`: jumps through the cell at this address.
    Defer(u32),
}

#[derive(Clone, Debug)]
pub struct Word {
    pub name: String,
    pub wid: u16,
    pub header: u32,
    /// Code address with the Thumb bit set.
    pub xt: u32,
    pub flags: u16,
    pub kind: Kind,
    /// Where the source defined it, if the host saw the definition.
    pub defined_at: Option<Span>,
}

impl Word {
    pub fn code_addr(&self) -> u32 {
        self.xt & !1
    }
    pub fn immediate(&self) -> bool {
        self.flags & FLAG_IMMEDIATE != 0
    }
    pub fn compile_only(&self) -> bool {
        self.flags & FLAG_COMPILE_ONLY != 0
    }
    pub fn visible(&self) -> bool {
        self.flags & FLAG_VISIBLE != 0
    }
    /// The bytes to copy into a caller instead of calling, when inlining is allowed.
    pub fn inline_body(&self) -> Option<&[u8]> {
        match &self.kind {
            Kind::Code(bytes) if self.flags & FLAG_INLINE != 0 => Some(bytes),
            _ => None,
        }
    }
}

/// Every word in definition order, with a case-insensitive name index.
#[derive(Default)]
pub struct Dictionary {
    words: Vec<Word>,
    by_name: HashMap<String, Vec<usize>>,
    by_xt: HashMap<u32, usize>,
}

impl Dictionary {
    pub fn add(&mut self, word: Word) -> usize {
        let i = self.words.len();
        self.by_name
            .entry(word.name.to_ascii_lowercase())
            .or_default()
            .push(i);
        self.by_xt.insert(word.xt, i);
        self.words.push(word);
        i
    }

    /// Forgets the words from index `len` on (target code moved LATEST
    /// back past them) and returns their xts.
    pub fn truncate(&mut self, len: usize) -> Vec<u32> {
        let gone = self.words.split_off(len.min(self.words.len()));
        for w in &gone {
            let key = w.name.to_ascii_lowercase();
            if let Some(list) = self.by_name.get_mut(&key) {
                list.retain(|&i| i < len);
                if list.is_empty() {
                    self.by_name.remove(&key);
                }
            }
        }
        // Rebuilt from the words kept: an xt of theirs that a forgotten word
        // shadowed is found again.
        self.by_xt = self
            .words
            .iter()
            .enumerate()
            .map(|(i, w)| (w.xt, i))
            .collect();
        gone.into_iter().map(|w| w.xt).collect()
    }

    pub fn get(&self, i: usize) -> &Word {
        &self.words[i]
    }

    pub fn get_mut(&mut self, i: usize) -> &mut Word {
        &mut self.words[i]
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    pub fn last(&self) -> Option<usize> {
        self.words.len().checked_sub(1)
    }

    pub fn by_xt(&self, xt: u32) -> Option<usize> {
        self.by_xt.get(&(xt | 1)).copied()
    }

    pub fn by_header(&self, header: u32) -> Option<usize> {
        self.words.iter().rposition(|w| w.header == header)
    }

    /// The newest visible word called `name` in the first wordlist of
    /// `order` that has one.
    pub fn find(&self, name: &str, order: &[u16]) -> Option<usize> {
        let list = if name.bytes().any(|b| b.is_ascii_uppercase()) {
            self.by_name.get(&name.to_ascii_lowercase())?
        } else {
            self.by_name.get(name)?
        };
        order.iter().find_map(|&wid| {
            list.iter()
                .rev()
                .copied()
                .find(|&i| self.words[i].wid == wid && self.words[i].visible())
        })
    }

    /// Names in the order close to `name`, closest first, for "did you mean".
    pub fn similar(&self, name: &str, order: &[u16]) -> Vec<String> {
        let name = name.to_ascii_lowercase();
        let mut scored: Vec<(usize, &str)> = self
            .by_name
            .iter()
            .filter(|(_, is)| {
                is.iter()
                    .any(|&i| self.words[i].visible() && order.contains(&self.words[i].wid))
            })
            .map(|(n, _)| (edit_distance(&name, n), n.as_str()))
            .filter(|&(d, n)| d <= 2.max(name.len() / 3) && d < n.len().max(name.len()))
            .collect();
        scored.sort();
        scored
            .into_iter()
            .take(3)
            .map(|(_, n)| n.to_owned())
            .collect()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Word> {
        self.words.iter()
    }

    /// The word whose code contains `addr`, as `NAME` or `NAME+off`, for
    /// listings and fault reports.
    pub fn word_at(&self, addr: u32) -> Option<String> {
        let w = self
            .words
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
}

/// Edits (insert, delete, substitute, swap two neighbours) from a to b.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(name: &str, wid: u16, xt: u32) -> Word {
        Word {
            name: name.into(),
            wid,
            header: xt - 9,
            xt,
            flags: FLAG_VISIBLE,
            kind: Kind::Colon,
            defined_at: None,
        }
    }

    #[test]
    fn newest_definition_in_first_wordlist_of_the_order_wins() {
        let mut d = Dictionary::default();
        d.add(word("Dup", 0, 0x101));
        d.add(word("dup", 2, 0x201));
        d.add(word("DUP", 0, 0x301));
        assert_eq!(d.get(d.find("dup", &[0]).unwrap()).xt, 0x301);
        assert_eq!(d.get(d.find("dup", &[2, 0]).unwrap()).xt, 0x201);
        assert!(d.find("dup", &[5]).is_none());
    }

    #[test]
    fn truncating_forgets_later_words_and_finds_older_definitions_again() {
        let mut d = Dictionary::default();
        d.add(word("old", 0, 0x101));
        d.add(word("new", 0, 0x201));
        d.add(word("OLD", 0, 0x301));
        assert_eq!(d.truncate(1), vec![0x201, 0x301]);
        assert_eq!(d.len(), 1);
        assert_eq!(d.get(d.find("old", &[0]).unwrap()).xt, 0x101);
        assert!(d.find("new", &[0]).is_none());
        assert!(d.by_xt(0x301).is_none());
        assert_eq!(d.by_xt(0x101), Some(0));
        // A word made afterwards at a forgotten word's address is new.
        d.add(word("other", 0, 0x201));
        assert_eq!(d.get(d.by_xt(0x201).unwrap()).name, "other");
    }

    #[test]
    fn similar_names_suggest_typos() {
        let mut d = Dictionary::default();
        d.add(word("swap", 0, 0x101));
        d.add(word("over", 0, 0x201));
        assert_eq!(d.similar("swpa", &[0]), vec!["swap".to_string()]);
    }
}
