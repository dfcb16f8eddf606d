//! `include FILE` (or `require FILE`) typed at `run`'s prompt at a terminal
//! uploads the file from the host, as zeptocom.js and e4thcom do, since the
//! board has no files: the typed line is taken back with backspaces, and
//! the file's lines are sent instead, the files they include expanded the
//! same way.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

const BACKSPACE: u8 = 0x08;
const DELETE: u8 = 0x7f;

/// Follows the line being typed, to see an `include` when Enter comes.
#[derive(Default)]
pub struct Uploads {
    line: Vec<u8>,
    /// Files `require`d so far, which a second `require` skips.
    required: HashSet<PathBuf>,
    /// Words a `see NAME` line asked the host to list, for the run to serve
    /// once it has paused the board.
    pub sees: Vec<String>,
}

impl Uploads {
    /// The bytes to send the board for `keys` typed. A failure to read a
    /// file goes to `report`, and the typed line is taken back.
    pub fn keys(&mut self, keys: &[u8], report: &mut dyn FnMut(String)) -> Vec<u8> {
        let mut out = Vec::with_capacity(keys.len());
        for &k in keys {
            match k {
                b'\r' | b'\n' => {
                    let line = String::from_utf8_lossy(&self.line).into_owned();
                    let typed = self.line.len();
                    self.line.clear();
                    if let Some(name) = see_line(&line) {
                        out.extend(std::iter::repeat_n(BACKSPACE, typed));
                        self.sees.push(name.to_owned());
                        continue;
                    }
                    match include_line(&line) {
                        Some((name, once)) => {
                            out.extend(std::iter::repeat_n(BACKSPACE, typed));
                            match self.expand(Path::new(name), once) {
                                Ok(text) => out.extend(text),
                                Err(why) => report(why),
                            }
                        }
                        None => out.push(k),
                    }
                }
                BACKSPACE | DELETE => {
                    self.line.pop();
                    out.push(k);
                }
                _ => {
                    if k >= b' ' || k == b'\t' {
                        self.line.push(k);
                    }
                    out.push(k);
                }
            }
        }
        out
    }

    /// The lines of `path`, each ending in CR, with its own `include` and
    /// `require` lines replaced by the files' lines (relative to it).
    fn expand(&mut self, path: &Path, once: bool) -> Result<Vec<u8>, String> {
        let canon = path
            .canonicalize()
            .map_err(|e| format!("cannot upload `{}`: {e}", path.display()))?;
        if once && self.required.contains(&canon) {
            return Ok(Vec::new());
        }
        self.required.insert(canon.clone());
        let text = std::fs::read_to_string(&canon)
            .map_err(|e| format!("cannot upload `{}`: {e}", path.display()))?;
        let dir = canon.parent().map(Path::to_path_buf).unwrap_or_default();
        let mut out = Vec::new();
        for line in text.lines() {
            match include_line(line) {
                Some((name, once)) => out.extend(self.expand(&dir.join(name), once)?),
                None => {
                    out.extend_from_slice(line.as_bytes());
                    out.push(b'\r');
                }
            }
        }
        Ok(out)
    }
}

/// `see NAME` alone on a line: the name. The board has no `see` of its own;
/// the host lists the word from the board's memory.
fn see_line(line: &str) -> Option<&str> {
    let (command, name) = command_and_name(line)?;
    (command == "see").then_some(name)
}

/// `include NAME` or `require NAME` alone on a line: the name, and whether
/// it is `require`.
fn include_line(line: &str) -> Option<(&str, bool)> {
    match command_and_name(line)? {
        (command, name) if command == "include" => Some((name, false)),
        (command, name) if command == "require" => Some((name, true)),
        _ => None,
    }
}

/// A line of exactly two words: the first in lower case, and the second.
fn command_and_name(line: &str) -> Option<(String, &str)> {
    let mut words = line.split_whitespace();
    let command = words.next()?.to_ascii_lowercase();
    let name = words.next()?;
    words.next().is_none().then_some((command, name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_include_line_is_taken_back_and_the_file_sent_with_its_includes() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("a.fs"),
            ": a 1 ;\nrequire b.fs\nrequire b.fs\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("b.fs"), ": b 2 ;\n").unwrap();
        let a = dir.path().join("a.fs");
        let mut u = Uploads::default();
        let mut errors = Vec::new();
        let typed = format!("inc\x7fclude {}\r", a.display());
        let sent = u.keys(typed.as_bytes(), &mut |e| errors.push(e));
        let line_len = format!("include {}", a.display()).len();
        let mut expected = b"inc\x7fclude ".to_vec();
        expected.extend(a.display().to_string().as_bytes());
        expected.extend(std::iter::repeat_n(BACKSPACE, line_len));
        expected.extend(b": a 1 ;\r: b 2 ;\r");
        assert_eq!(
            String::from_utf8_lossy(&sent),
            String::from_utf8_lossy(&expected)
        );
        assert!(errors.is_empty());
        // Other lines pass as typed.
        assert_eq!(u.keys(b"1 2 + .\r", &mut |e| errors.push(e)), b"1 2 + .\r");
    }

    #[test]
    fn a_see_line_is_taken_back_and_kept_for_the_host() {
        let mut u = Uploads::default();
        let sent = u.keys(b"SEE cube\r", &mut |_| {});
        assert_eq!(sent, b"SEE cube\x08\x08\x08\x08\x08\x08\x08\x08");
        assert_eq!(u.sees, ["cube"]);
        assert_eq!(u.keys(b"see a b\r", &mut |_| {}), b"see a b\r");
    }

    #[test]
    fn a_file_that_cannot_be_read_is_reported_and_nothing_is_sent() {
        let mut u = Uploads::default();
        let mut errors = Vec::new();
        let sent = u.keys(b"include /no/such.fs\r", &mut |e| errors.push(e));
        assert_eq!(&sent[..19], b"include /no/such.fs");
        assert!(sent[19..].iter().all(|&b| b == BACKSPACE));
        assert!(
            errors[0].starts_with("cannot upload `/no/such.fs`"),
            "{errors:?}"
        );
    }
}
