//! Word headers: laying one down at HERE, changing a word's flags, and
//! indexing the headers target code made, with the code shapes the host
//! recognises in them (constants, created words, values, defers, inline code).

use crate::diag::Diagnostic;
use crate::dict::{Kind, Word};
use crate::layout::{self, *};
use crate::templates;

use super::Machine;

impl Machine {
    /// Lays down a header for `name` at HERE in the current wordlist and
    /// makes it LATEST; returns the dictionary index. The word starts
    /// visible unless `hidden`.
    pub fn header(&mut self, name: &str, hidden: bool, kind: Kind) -> Result<usize, Diagnostic> {
        if name.is_empty() {
            return Err(Diagnostic::new(self.span, "a definition needs a name"));
        }
        if name.len() > MAX_NAME_LEN {
            return Err(Diagnostic::new(
                self.span,
                format!(
                    "the name is {} characters long; at most {MAX_NAME_LEN} fit a header",
                    name.len()
                ),
            ));
        }
        self.code.align4();
        let header = self.code.here();
        let flags = if hidden { 0 } else { FLAG_VISIBLE };
        let wid = self.sys(CURRENT) as u16;
        // Each field at its offset from layout.rs, the name (counted) last,
        // padded so the code after it is aligned.
        let name_at = HEADER_NAME_OFFSET as usize;
        let mut bytes = vec![0u8; (name_at + 1 + name.len()).next_multiple_of(4)];
        let mut put = |offset: u32, field: &[u8]| {
            bytes[offset as usize..offset as usize + field.len()].copy_from_slice(field)
        };
        put(HEADER_LINK_OFFSET, &self.sys(LATEST).to_le_bytes());
        put(HEADER_FLAGS_OFFSET, &flags.to_le_bytes());
        put(HEADER_WID_OFFSET, &wid.to_le_bytes());
        put(HEADER_NAME_OFFSET, &[name.len() as u8]);
        bytes[name_at + 1..name_at + 1 + name.len()].copy_from_slice(name.as_bytes());
        self.code.raw(&bytes);
        let xt = self.code.here() | 1;
        self.set_sys(LATEST, header);
        self.set_sys(LATEST_XT, xt);
        self.indexed_latest = header;
        let i = self.dict.add(Word {
            name: name.to_owned(),
            wid,
            header,
            xt,
            flags,
            kind,
            defined_at: self.span,
        });
        self.bindings.bind(self.dict.get(i));
        Ok(i)
    }

    /// Sets or clears flag bits of a word, in its header and the index.
    pub fn set_flags(&mut self, i: usize, set: u16, clear: u16) -> Result<(), Diagnostic> {
        let w = self.dict.get_mut(i);
        w.flags = (w.flags | set) & !clear;
        let (header, flags) = (w.header, w.flags);
        self.poke(header + HEADER_FLAGS_OFFSET, &flags.to_le_bytes())
    }

    /// The name of the word whose code is being compiled at LATEST_XT when
    /// the kernel's `:` made its header: the kernel's `newest`, which its
    /// `;` publishes (makes LATEST) only at the end.
    pub fn unpublished_definition(&self) -> Option<String> {
        let i = self.dict.find("newest", &[FORTH_WORDLIST])?;
        let w = self.dict.get(i);
        let Kind::Constant(cell) = w.kind else {
            return None;
        };
        // The kernel's own variable, not a program's word of that name.
        if self.standard_end != 0 && w.header >= self.standard_end {
            return None;
        }
        let header = self.read_u32(cell).ok()?;
        if header == 0 || header == self.sys(LATEST) {
            return None;
        }
        let len = self.read(header + HEADER_NAME_OFFSET, 1).ok()?[0] as usize;
        if layout::xt_of_header(header, len) | 1 != self.sys(LATEST_XT) {
            return None;
        }
        let name = self.read(header + HEADER_NAME_OFFSET + 1, len).ok()?;
        Some(String::from_utf8_lossy(&name).into_owned())
    }

    /// Adds to the index every header the target made since the host last
    /// looked, and refreshes the flags of the newest one. When LATEST no
    /// longer leads back to the newest header indexed, target code (a
    /// `marker`) forgot words: the index drops them first.
    pub(super) fn index_new_words(&mut self) -> Result<(), Diagnostic> {
        let latest = self.sys(LATEST);
        if latest != self.indexed_latest {
            let mut headers = Vec::new();
            let mut h = latest;
            while h != 0 && h != self.indexed_latest && headers.len() < 100_000 {
                headers.push(h);
                h = self.read_u32(h + HEADER_LINK_OFFSET)?;
            }
            if h != self.indexed_latest {
                let kept = self.forget_words_off_the_chain(&headers)?;
                headers.truncate(headers.len() - kept);
            }
            for &h in headers.iter().rev() {
                let w = self.read_header(h)?;
                let i = self.dict.add(w);
                self.bindings.bind(self.dict.get(i));
            }
            self.indexed_latest = latest;
        }
        if let Some(i) = self.dict.by_header(latest) {
            self.dict.get_mut(i).flags = self.read_u16(latest + HEADER_FLAGS_OFFSET)?;
        }
        Ok(())
    }

    /// Drops from the index the words no longer on the header chain, given
    /// as `chain` from LATEST to its oldest header. The index holds the
    /// chain's words oldest first, so it keeps the longest start of itself
    /// that the chain's oldest headers match (address and name: a forgotten
    /// word's address may hold a new header). The words dropped lose their
    /// bindings, and the build forgets the RAM it gave them, as RAM HERE now
    /// stands. Returns how many of the chain's headers the index kept.
    fn forget_words_off_the_chain(&mut self, chain: &[u32]) -> Result<usize, Diagnostic> {
        let mut kept = 0;
        for &h in chain.iter().rev() {
            if kept == self.dict.len() || self.dict.get(kept).header != h {
                break;
            }
            let len = self.read(h + HEADER_NAME_OFFSET, 1)?[0] as usize;
            let name = self.read(h + HEADER_NAME_OFFSET + 1, len)?;
            if String::from_utf8_lossy(&name) != self.dict.get(kept).name {
                break;
            }
            kept += 1;
        }
        for xt in self.dict.truncate(kept) {
            self.bindings.forget(xt);
        }
        let ram_here = self.sys(RAM_DP);
        self.ram_init_cells.retain(|&cell| cell < ram_here);
        self.ram_named.retain(|&(start, _, _)| start < ram_here);
        Ok(kept)
    }

    fn read_header(&self, h: u32) -> Result<Word, Diagnostic> {
        let flags = self.read_u16(h + HEADER_FLAGS_OFFSET)?;
        let wid = self.read_u16(h + HEADER_WID_OFFSET)?;
        let len = self.read(h + HEADER_NAME_OFFSET, 1)?[0] as usize;
        let name =
            String::from_utf8_lossy(&self.read(h + HEADER_NAME_OFFSET + 1, len)?).into_owned();
        let code = layout::xt_of_header(h, len);
        // An inline word the target made (a synonym of an inline word is a
        // copy of its code) is copied into callers as the host's code words
        // are, so that one moving the return stack is never called.
        let inline_len = usize::from(flags >> INLINE_LENGTH_SHIFT) * 2;
        let kind = match self.recognise(code)? {
            Kind::Colon if flags & FLAG_INLINE != 0 && inline_len > 0 => {
                Kind::Code(self.read(code, inline_len)?)
            }
            kind => kind,
        };
        Ok(Word {
            name,
            wid,
            header: h,
            xt: code | 1,
            flags,
            kind,
            defined_at: None,
        })
    }

    /// Recognises the fixed code shapes of constants and created words.
    fn recognise(&self, code: u32) -> Result<Kind, Diagnostic> {
        let Ok(bytes) = self.emu.read_mem(code, 16) else {
            return Ok(Kind::Colon);
        };
        if bytes[..CONSTANT_VALUE_OFFSET as usize] == templates::constant_head(self.profile)[..] {
            let v = &bytes[8..12];
            return Ok(Kind::Constant(u32::from_le_bytes([v[0], v[1], v[2], v[3]])));
        }
        if bytes[..CREATE_DOES_CELL as usize] == templates::create_head(self.profile)[..] {
            return Ok(Kind::Created);
        }
        let cell = u32::from_le_bytes([bytes[12], bytes[13], bytes[14], bytes[15]]);
        let head = INDIRECT_CELL_OFFSET as usize;
        if bytes[..head] == templates::value_head(self.profile)[..] {
            return Ok(Kind::Value(cell));
        }
        if bytes[..head] == templates::defer_head(self.profile)[..] {
            return Ok(Kind::Defer(cell));
        }
        let head = templates::TWO_VALUE_CELL_OFFSET as usize;
        if bytes[..head] == templates::two_value_head(self.profile)[..] {
            let two = self.emu.read_mem(code + head as u32, 4).unwrap_or_default();
            if let Ok(two) = <[u8; 4]>::try_from(two.as_slice()) {
                return Ok(Kind::TwoValue(u32::from_le_bytes(two)));
            }
        }
        Ok(Kind::Colon)
    }
}
