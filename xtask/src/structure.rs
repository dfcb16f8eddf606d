//! `cargo xtask check-structure`: the shape rules the code keeps, checked
//! from the source text so anyone can run them without more tools:
//! - no module cycles inside a crate: two sibling modules never reach each
//!   other, directly or around a ring, through `crate::` or `super::` paths;
//! - no function longer than [`MAX_FN_LINES`] lines;
//! - no source file (under `src/`) longer than [`MAX_FILE_LINES`] lines.
//!
//! The reading of Rust is a light one (paths in code outside comments and
//! strings, braces for bodies), which is enough for code that `rustfmt`
//! has formatted.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

pub const MAX_FN_LINES: usize = 150;
pub const MAX_FILE_LINES: usize = 800;

/// A module, as the path of names from its crate's root.
type ModPath = Vec<String>;

/// One crate's source: its module files by module path.
struct CrateSource {
    name: String,
    files: BTreeMap<ModPath, (PathBuf, String)>,
}

pub fn run() -> Result<()> {
    let root = crate::workspace_root();
    let mut crates = Vec::new();
    for dir in ["crates", "."] {
        for entry in std::fs::read_dir(root.join(dir))? {
            let path = entry?.path();
            if path.join("Cargo.toml").is_file() && path.join("src").is_dir() {
                crates.push(read_crate(&path)?);
            }
        }
    }
    crates.sort_by(|a, b| a.name.cmp(&b.name));
    let mut problems = Vec::new();
    let mut modules = 0;
    for c in &crates {
        modules += c.files.len();
        problems.extend(cycles(c, &root));
        for (path, text) in c.files.values() {
            let shown = path
                .strip_prefix(&root)
                .unwrap_or(path)
                .display()
                .to_string();
            let lines = text.lines().count();
            if lines > MAX_FILE_LINES {
                problems.push(format!(
                    "{shown}: {lines} lines, more than {MAX_FILE_LINES}"
                ));
            }
            for f in long_functions(text) {
                problems.push(format!(
                    "{shown}:{}: fn {} is {} lines, more than {MAX_FN_LINES}",
                    f.line, f.name, f.lines
                ));
            }
        }
    }
    if !problems.is_empty() {
        for p in &problems {
            println!("{p}");
        }
        bail!("{} structure problem(s)", problems.len());
    }
    println!(
        "structure: {} crates, {modules} modules: no module cycle, no function over {MAX_FN_LINES} \
         lines, no source file over {MAX_FILE_LINES} lines",
        crates.len()
    );
    Ok(())
}

fn read_crate(dir: &Path) -> Result<CrateSource> {
    let src = dir.join("src");
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut files = BTreeMap::new();
    let mut stack = vec![src.clone()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).with_context(|| format!("reading {}", d.display()))? {
            let p = entry?.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&p)?;
                files.insert(module_path(&src, &p), (p, text));
            }
        }
    }
    Ok(CrateSource { name, files })
}

/// `src/a/b.rs` and `src/a/b/mod.rs` are `a::b`; `lib.rs` and `main.rs` the root.
fn module_path(src: &Path, file: &Path) -> ModPath {
    let rel = file.strip_prefix(src).unwrap_or(file);
    let mut parts: Vec<String> = rel
        .iter()
        .map(|c| c.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap_or_default();
    let stem = last.trim_end_matches(".rs");
    if !(parts.is_empty() && matches!(stem, "lib" | "main")) && stem != "mod" {
        parts.push(stem.to_owned());
    }
    parts
}

/// The text of a file with comments and string contents blanked out, so
/// that paths and braces are only found in code.
pub fn code_only(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                    if b[i] == b'\n' {
                        out.push('\n');
                    }
                    i += 1;
                }
                i += 2;
            }
            b'"' => {
                out.push('"');
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    if b[i] == b'\\' {
                        i += 1;
                    }
                    if b.get(i) == Some(&b'\n') {
                        out.push('\n');
                    }
                    i += 1;
                }
                out.push('"');
                i += 1;
            }
            b'\'' if b.get(i + 2) == Some(&b'\'') || (b.get(i + 1) == Some(&b'\\')) => {
                // A character literal: '{' or '\n' must not count as code.
                let end = text[i + 1..].find('\'').map_or(b.len(), |p| i + 1 + p + 1);
                out.push_str("' '");
                i = end.max(i + 1);
            }
            c => {
                out.push(c as char);
                i += 1;
            }
        }
    }
    out
}

/// The module paths a file's code names through `crate::` and `super::`,
/// each with the module the naming happens in (an inline `mod x { }` block
/// counts as its own module) and its line.
fn references(module: &ModPath, code: &str) -> Vec<(ModPath, ModPath, usize)> {
    let mut out = Vec::new();
    // Inline modules open at a brace depth; the stack gives the module a
    // reference is made from.
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0usize;
    for (n, line) in code.lines().enumerate() {
        let here: ModPath = module
            .iter()
            .cloned()
            .chain(inline.iter().map(|(m, _)| m.clone()))
            .collect();
        for (start, _) in line.match_indices("crate::") {
            if is_ident_end(line, start) {
                for path in use_tree(&line[start + "crate::".len()..]) {
                    out.push((here.clone(), path, n + 1));
                }
            }
        }
        for (start, _) in line.match_indices("super::") {
            if !is_ident_end(line, start) || line[..start].ends_with("super::") {
                continue;
            }
            let mut base = here.clone();
            let mut rest = &line[start..];
            while let Some(r) = rest.strip_prefix("super::") {
                base.pop();
                rest = r;
            }
            for path in use_tree(rest) {
                out.push((
                    here.clone(),
                    base.iter().cloned().chain(path).collect(),
                    n + 1,
                ));
            }
        }
        let trimmed = line.trim_start();
        let opens_inline = trimmed
            .strip_prefix("pub ")
            .or(Some(trimmed))
            .and_then(|t| t.strip_prefix("mod "))
            .and_then(|t| t.split_once('{'))
            .map(|(name, _)| name.trim().to_owned());
        for ch in line.chars() {
            match ch {
                '{' => depth += 1,
                '}' => {
                    depth = depth.saturating_sub(1);
                    if inline.last().is_some_and(|(_, d)| *d == depth) {
                        inline.pop();
                    }
                }
                _ => {}
            }
        }
        if let Some(name) = opens_inline {
            inline.push((name, depth - 1));
        }
    }
    out
}

/// Whether `crate::`/`super::` at `start` begins a path (not `foo_crate::`).
fn is_ident_end(line: &str, start: usize) -> bool {
    line[..start]
        .chars()
        .next_back()
        .is_none_or(|c| !(c.is_alphanumeric() || c == '_'))
}

/// The paths a use tree starting at `s` names: `a::b::c`, or each branch
/// of `{a::b, c}`, as lists of names (the last may be an item, not a module).
fn use_tree(s: &str) -> Vec<ModPath> {
    let mut path = Vec::new();
    let mut rest = s;
    loop {
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if name.is_empty() {
            break;
        }
        rest = &rest[name.len()..];
        path.push(name);
        match rest.strip_prefix("::") {
            Some(r) => rest = r,
            None => return vec![path],
        }
    }
    let Some(group) = rest.strip_prefix('{') else {
        return vec![path];
    };
    // Only the first level of a group matters for which modules it reaches.
    let mut out = Vec::new();
    let mut level = 0;
    let mut item = String::new();
    for c in group.chars() {
        match c {
            '{' => level += 1,
            '}' if level == 0 => break,
            '}' => level -= 1,
            ',' if level == 0 => {
                out.push(std::mem::take(&mut item));
                continue;
            }
            _ => {}
        }
        if level == 0 {
            item.push(c);
        }
    }
    out.push(item);
    out.iter()
        .flat_map(|i| use_tree(i.trim()))
        .map(|p| path.iter().cloned().chain(p).collect())
        .collect()
}

/// Module cycles of a crate, one message per ring of sibling modules.
fn cycles(c: &CrateSource, root: &Path) -> Vec<String> {
    let modules: BTreeSet<ModPath> = c.files.keys().cloned().collect();
    // Edges between sibling modules, keyed by their parent, with evidence.
    let mut edges: BTreeMap<ModPath, BTreeMap<(String, String), String>> = BTreeMap::new();
    for (module, (file, text)) in &c.files {
        for (from, to, line) in references(module, &code_only(text)) {
            // The module a path names: its longest prefix that is a module.
            let to: ModPath = (0..=to.len())
                .rev()
                .map(|k| to[..k].to_vec())
                .find(|p| modules.contains(p))
                .unwrap_or_default();
            let k = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
            if k < from.len() && k < to.len() {
                let shown = file.strip_prefix(root).unwrap_or(file);
                let evidence = format!("{}:{line}", shown.display());
                edges
                    .entry(from[..k].to_vec())
                    .or_default()
                    .entry((from[k].clone(), to[k].clone()))
                    .or_insert(evidence);
            }
        }
    }
    let mut found = Vec::new();
    for (parent, es) in &edges {
        for ring in rings(es.keys()) {
            let via: Vec<String> = ring
                .iter()
                .zip(ring.iter().cycle().skip(1))
                .map(|(a, b)| format!("{a} -> {b} ({})", es[&(a.clone(), b.clone())]))
                .collect();
            let prefix = if parent.is_empty() {
                c.name.clone()
            } else {
                format!("{}::{}", c.name, parent.join("::"))
            };
            found.push(format!("module cycle in {prefix}: {}", via.join(", ")));
        }
    }
    found
}

/// The cycles of a directed graph given by its edges: for each strongly
/// connected group of more than one node, one ring through it.
fn rings<'a>(edges: impl Iterator<Item = &'a (String, String)>) -> Vec<Vec<String>> {
    let mut next: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (a, b) in edges {
        next.entry(a).or_default().push(b);
    }
    let reaches = |from: &str, to: &str| -> Option<Vec<String>> {
        // Breadth first from `from`, remembering where each node came from.
        let mut came: BTreeMap<&str, &str> = BTreeMap::new();
        let mut queue = std::collections::VecDeque::from([from]);
        while let Some(n) = queue.pop_front() {
            for &m in next.get(n).map(Vec::as_slice).unwrap_or(&[]) {
                if m == to {
                    let mut path = vec![n.to_owned()];
                    let mut at = n;
                    while at != from {
                        at = came[at];
                        path.push(at.to_owned());
                    }
                    path.reverse();
                    return Some(path);
                }
                if !came.contains_key(m) && m != from {
                    came.insert(m, n);
                    queue.push_back(m);
                }
            }
        }
        None
    };
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut out = Vec::new();
    for &start in next.keys() {
        if seen.contains(start) {
            continue;
        }
        if let Some(ring) = reaches(start, start) {
            seen.extend(ring.iter().cloned());
            out.push(ring);
        }
    }
    out
}

/// A function longer than the limit.
struct LongFn {
    name: String,
    line: usize,
    lines: usize,
}

/// The functions of a file longer than [`MAX_FN_LINES`], from `fn` to the
/// brace that closes its body.
fn long_functions(text: &str) -> Vec<LongFn> {
    let code = code_only(text);
    let lines: Vec<&str> = code.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(at) = fn_keyword(line) else {
            continue;
        };
        let name: String = line[at + 3..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        // The body opens at the first `{` after the signature, unless a `;`
        // ends a declaration first.
        let mut depth = 0i64;
        let mut opened = false;
        let mut end = None;
        'scan: for (j, l) in lines.iter().enumerate().skip(i) {
            let from = if j == i { at } else { 0 };
            for c in l[from..].chars() {
                match c {
                    ';' if !opened => break 'scan,
                    '{' => {
                        depth += 1;
                        opened = true;
                    }
                    '}' => {
                        depth -= 1;
                        if opened && depth == 0 {
                            end = Some(j);
                            break 'scan;
                        }
                    }
                    _ => {}
                }
            }
        }
        if let Some(end) = end {
            let n = end - i + 1;
            if n > MAX_FN_LINES {
                out.push(LongFn {
                    name,
                    line: i + 1,
                    lines: n,
                });
            }
        }
    }
    out
}

/// Where `fn ` starts an item on this line, if it does.
fn fn_keyword(line: &str) -> Option<usize> {
    let at = line.find("fn ")?;
    let before = line[..at].trim();
    let words_ok = before.split_whitespace().all(|w| {
        matches!(
            w,
            "pub" | "pub(crate)" | "pub(super)" | "const" | "async" | "unsafe" | "extern"
        ) || w.starts_with("pub(")
    });
    (words_ok && line[at + 3..].starts_with(|c: char| c.is_alphabetic() || c == '_')).then_some(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(files: &[(&[&str], &str)]) -> CrateSource {
        CrateSource {
            name: "demo".into(),
            files: files
                .iter()
                .map(|(p, t)| {
                    let path: ModPath = p.iter().map(|s| s.to_string()).collect();
                    (path, (PathBuf::from(p.join("/")), t.to_string()))
                })
                .collect(),
        }
    }

    #[test]
    fn two_modules_that_use_each_other_are_a_cycle_and_a_child_using_its_parent_is_not() {
        let c = source(&[
            (&[], "mod a;\nmod b;\nfn root_item() {}\n"),
            (
                &["a"],
                "use crate::b::Thing;\nfn f() { crate::root_item(); }\n",
            ),
            (&["b"], "use crate::{a::helper, c};\n"),
            (&["c"], "mod d;\n"),
            (&["c", "d"], "use super::super::c;\nuse super::Other;\n"),
        ]);
        let found = cycles(&c, Path::new(""));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("a -> b"), "{found:?}");
        assert!(found[0].contains("b -> a"), "{found:?}");
    }

    #[test]
    fn a_test_module_inside_a_file_reaches_its_own_module_through_super() {
        let c = source(&[
            (&[], "mod a;\nmod b;\n"),
            (
                &["a"],
                "fn f() {}\n#[cfg(test)]\nmod tests {\n    use super::f;\n}\n",
            ),
            (&["b"], "use crate::a::f;\n"),
        ]);
        assert!(cycles(&c, Path::new("")).is_empty());
    }

    #[test]
    fn paths_in_comments_and_strings_do_not_count() {
        let c = source(&[
            (&[], "mod a;\nmod b;\n"),
            (
                &["a"],
                "// crate::b is mentioned\nconst S: &str = \"crate::b\";\nuse crate::b::X;\n",
            ),
            (&["b"], "/* crate::a */ fn g() {}\n"),
        ]);
        assert!(cycles(&c, Path::new("")).is_empty());
    }

    #[test]
    fn long_functions_are_measured_from_fn_to_their_closing_brace() {
        let mut text = String::from("pub fn short() {\n}\n\nfn long(x: u32) -> u32 {\n");
        for _ in 0..200 {
            text.push_str("    let _ = '{';\n");
        }
        text.push_str("    x\n}\nfn after();\n");
        let found = long_functions(&text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].name, "long");
        assert_eq!(found[0].line, 4);
        assert_eq!(found[0].lines, 203);
    }
}
