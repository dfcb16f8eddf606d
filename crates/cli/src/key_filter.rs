//! The escape sequences a terminal sends for arrow, function and editing
//! keys (`ESC [ A`, `ESC O P`, `ESC [ 3 ~` ...) are for a line editor the
//! board does not have: sent on, the board's `accept` would take them as
//! characters (`[A` in the line). They are dropped here, also when a
//! sequence is split across two reads of the terminal.

const ESC: u8 = 0x1b;

#[derive(Default)]
pub struct KeyFilter {
    state: State,
}

#[derive(Default, Clone, Copy, PartialEq, Eq)]
enum State {
    #[default]
    Text,
    /// After ESC.
    Escape,
    /// Inside `ESC [`: parameters until a final byte 0x40..=0x7e.
    Csi,
    /// After `ESC O`: one more byte ends it.
    Ss3,
}

impl KeyFilter {
    /// The keys of `bytes` that are characters for the board.
    pub fn keys(&mut self, bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(bytes.len());
        for &b in bytes {
            self.state = match (self.state, b) {
                (State::Text, ESC) => State::Escape,
                (State::Text, _) => {
                    out.push(b);
                    State::Text
                }
                (State::Escape, b'[') => State::Csi,
                (State::Escape, b'O') => State::Ss3,
                (State::Escape, ESC) => State::Escape,
                // Alt+key, or Escape pressed alone before a key: the key.
                (State::Escape, _) => {
                    out.push(b);
                    State::Text
                }
                (State::Csi, 0x40..=0x7e) => State::Text,
                (State::Csi, _) => State::Csi,
                (State::Ss3, _) => State::Text,
            };
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrow_function_and_editing_keys_are_dropped_and_text_kept() {
        let mut f = KeyFilter::default();
        assert_eq!(f.keys(b"1 2\x1b[A+\x1b[D.\r"), b"1 2+.\r");
        assert_eq!(f.keys(b"\x1bOPx\x1b[3~y\x1b[1;5Cz"), b"xyz");
    }

    #[test]
    fn a_sequence_split_across_reads_is_dropped_whole() {
        let mut f = KeyFilter::default();
        assert_eq!(f.keys(b"ab\x1b"), b"ab");
        assert_eq!(f.keys(b"[1;"), b"");
        assert_eq!(f.keys(b"5Ac"), b"c");
    }

    #[test]
    fn escape_before_a_plain_key_leaves_the_key() {
        let mut f = KeyFilter::default();
        assert_eq!(f.keys(b"\x1bx\x1b\x1b[B7"), b"x7");
    }
}
