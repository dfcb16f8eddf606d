//! The corpus on disk: the `.golden` line format, and writing or checking the
//! whole tree at once so a regeneration never leaves stale files behind.
//!
//! A `.golden` file has one entry per line of its case source, in order:
//! `<hex>\t<source>` for a line that produced bytes (lowercase, memory order,
//! no spaces), `-\t<source>` for a line that produced none and `!\t<source>`
//! for a line GNU as rejected with an error. The source text is therefore
//! recoverable from the entries alone, with its line numbers intact.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

/// What GNU as did with one source line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The line emitted these bytes (instructions, data, padding or a pool).
    Bytes(Vec<u8>),
    /// The line assembled but emitted nothing (blank, comment, label, ...).
    Nothing,
    /// GNU as reported an error for the line.
    Rejected,
}

/// Renders one `.golden` file from the case lines and what each produced.
pub fn render(lines: &[String], outcomes: &[Outcome]) -> String {
    assert_eq!(lines.len(), outcomes.len(), "one outcome per line");
    let mut out = String::new();
    for (line, outcome) in lines.iter().zip(outcomes) {
        match outcome {
            Outcome::Bytes(bytes) => {
                for b in bytes {
                    let _ = write!(out, "{b:02x}");
                }
            }
            Outcome::Nothing => out.push('-'),
            Outcome::Rejected => out.push('!'),
        }
        out.push('\t');
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Every generated file, keyed by its path relative to the corpus directory.
pub type Tree = BTreeMap<PathBuf, String>;

/// Files a regeneration owns: anything else in the directory is left alone.
fn is_generated(rel: &Path) -> bool {
    match rel.extension().and_then(|e| e.to_str()) {
        Some("golden") | Some("s") => true,
        _ => rel == Path::new(super::VERSION_FILE),
    }
}

/// Lists the generated-looking files under `dir`, relative to it, one level deep.
fn existing_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    if !dir.exists() {
        return Ok(found);
    }
    for entry in fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        let rel = path.strip_prefix(dir)?.to_path_buf();
        if path.is_dir() {
            for inner in fs::read_dir(&path)? {
                let inner = inner?.path();
                let rel = inner.strip_prefix(dir)?.to_path_buf();
                if inner.is_file() && is_generated(&rel) {
                    found.push(rel);
                }
            }
        } else if is_generated(&rel) {
            found.push(rel);
        }
    }
    found.sort();
    Ok(found)
}

/// Writes the tree under `dir`, removing generated files it no longer contains.
pub fn write(dir: &Path, tree: &Tree) -> Result<()> {
    for stale in existing_files(dir)? {
        if !tree.contains_key(&stale) {
            fs::remove_file(dir.join(&stale))
                .with_context(|| format!("removing stale {}", stale.display()))?;
        }
    }
    write_files(dir, tree)
}

/// Writes the files of a (partial) tree, leaving every other file alone.
pub fn write_files(dir: &Path, tree: &Tree) -> Result<()> {
    for (rel, text) in tree {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        if fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
        }
    }
    Ok(())
}

/// Compares the tree with what is committed under `dir` and fails with a
/// description of every difference. A different GNU as version alone is only
/// reported, since the bytes may well agree.
pub fn check(dir: &Path, tree: &Tree) -> Result<()> {
    let mut problems = Vec::new();
    for stale in existing_files(dir)? {
        if !tree.contains_key(&stale) {
            problems.push(format!("{}: not generated any more", stale.display()));
        }
    }
    for (rel, want) in tree {
        let path = dir.join(rel);
        let Ok(have) = fs::read_to_string(&path) else {
            problems.push(format!("{}: missing", rel.display()));
            continue;
        };
        if have == *want {
            continue;
        }
        if rel == Path::new(super::VERSION_FILE) {
            eprintln!(
                "note: corpus made with `{}`, this machine has `{}`",
                have.trim(),
                want.trim()
            );
            continue;
        }
        problems.push(first_difference(rel, &have, want));
    }
    if problems.is_empty() {
        println!(
            "golden: committed corpus is up to date ({} files)",
            tree.len()
        );
        return Ok(());
    }
    for p in &problems {
        eprintln!("{p}");
    }
    bail!(
        "golden corpus differs from a fresh generation in {} file(s); run `cargo xtask golden`",
        problems.len()
    )
}

/// Names the first line where a committed file and its regeneration differ.
fn first_difference(rel: &Path, have: &str, want: &str) -> String {
    let mut have_lines = have.lines();
    let mut want_lines = want.lines();
    let mut n = 1;
    loop {
        match (have_lines.next(), want_lines.next()) {
            (Some(h), Some(w)) if h == w => n += 1,
            (h, w) => {
                return format!(
                    "{}:{n}: committed `{}`, regenerated `{}`",
                    rel.display(),
                    h.unwrap_or("<end of file>"),
                    w.unwrap_or("<end of file>")
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn render_writes_one_entry_per_line_with_hex_in_memory_order() {
        let lines = vec!["movs r0, #5".to_string(), "".into(), "bogus".into()];
        let outcomes = vec![
            Outcome::Bytes(vec![0x05, 0x20]),
            Outcome::Nothing,
            Outcome::Rejected,
        ];
        assert_eq!(
            render(&lines, &outcomes),
            "0520\tmovs r0, #5\n-\t\n!\tbogus\n"
        );
    }

    #[test]
    fn first_difference_points_at_the_line() {
        let d = first_difference(Path::new("a.golden"), "x\ny\n", "x\nz\n");
        assert_eq!(d, "a.golden:2: committed `y`, regenerated `z`");
    }
}
