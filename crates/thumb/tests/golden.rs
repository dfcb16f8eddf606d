//! The assembler emits exactly the bytes GNU as emits.
//!
//! `tests/golden/<profile>/<topic>.golden` records, for every line of
//! `tests/golden/cases/<topic>.s`, what GNU as made of it for that profile:
//! `<hex>\t<source>` (the line's bytes in memory order), `-\t<source>` (no
//! bytes) or `!\t<source>` (an error). `cargo xtask golden` regenerates the
//! files; this test needs no binutils.
//!
//! Each file is rebuilt into source text from its entries, with line numbers
//! intact, and assembled whole with [`thumb::text::assemble`]; then every line
//! is compared. Every mismatch in every file is reported before the test
//! fails, so one run shows the whole picture. A literal pool GNU as places at
//! the end of the section belongs to no line and is not compared; pools placed
//! by `.ltorg` belong to the `.ltorg` line.
//!
//! `GOLDEN_FILTER` narrows the run to some files: a comma-separated list of
//! `topic`, `profile/topic` or `profile/` (for example
//! `GOLDEN_FILTER=armv7m/mem,it cargo test -p thumb --test golden`).

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::panic;
use std::path::{Path, PathBuf};
use std::sync::Once;

use thumb::text::{self, Assembly};
use thumb::Profile;

/// What GNU as did with one line.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Expect {
    Bytes(Vec<u8>),
    Nothing,
    Rejected,
}

/// One line of a `.golden` file.
#[derive(Clone, Debug)]
struct Entry {
    expect: Expect,
    source: String,
}

/// One `.golden` file.
struct GoldenFile {
    profile: Profile,
    topic: String,
    path: PathBuf,
    entries: Vec<Entry>,
}

impl GoldenFile {
    fn name(&self) -> String {
        format!("{}/{}", self.profile.name(), self.topic)
    }

    /// The case source, one entry per line, exactly as GNU as saw it.
    fn source(&self) -> String {
        let mut src = String::new();
        for e in &self.entries {
            src.push_str(&e.source);
            src.push('\n');
        }
        src
    }
}

/// One line where the assembler and GNU as disagree.
struct Mismatch {
    line: u32,
    source: String,
    expected: String,
    got: String,
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn parse_golden(text: &str) -> Result<Vec<Entry>, String> {
    text.lines()
        .enumerate()
        .map(|(i, line)| {
            let (code, source) = line
                .split_once('\t')
                .ok_or_else(|| format!("line {}: no tab", i + 1))?;
            let expect = match code {
                "-" => Expect::Nothing,
                "!" => Expect::Rejected,
                hex => Expect::Bytes(
                    parse_hex(hex).ok_or_else(|| format!("line {}: bad hex `{hex}`", i + 1))?,
                ),
            };
            Ok(Entry {
                expect,
                source: source.to_string(),
            })
        })
        .collect()
}

fn parse_hex(hex: &str) -> Option<Vec<u8>> {
    if hex.is_empty() || hex.len() % 2 != 0 {
        return None;
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `GOLDEN_FILTER` patterns: (profile, topic), either part optional.
struct Filter(Vec<(Option<String>, Option<String>)>);

impl Filter {
    fn from_env() -> Filter {
        let Ok(spec) = std::env::var("GOLDEN_FILTER") else {
            return Filter(Vec::new());
        };
        let nonempty = |s: &str| (!s.is_empty()).then(|| s.to_string());
        Filter(
            spec.split(',')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(|p| match p.split_once('/') {
                    Some((profile, topic)) => (nonempty(profile), nonempty(topic)),
                    None => (None, nonempty(p)),
                })
                .collect(),
        )
    }

    fn is_active(&self) -> bool {
        !self.0.is_empty()
    }

    fn accepts(&self, profile: Profile, topic: &str) -> bool {
        !self.is_active()
            || self.0.iter().any(|(p, t)| {
                p.as_deref().is_none_or(|p| p == profile.name())
                    && t.as_deref().is_none_or(|t| t == topic)
            })
    }
}

/// Every `.golden` file, sorted by profile and topic.
fn load_corpus(filter: &Filter) -> Vec<GoldenFile> {
    let dir = corpus_dir();
    let mut files = Vec::new();
    let entries = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading {}: {e} (run `cargo xtask golden`)", dir.display()));
    for entry in entries {
        let path = entry.expect("directory entry").path();
        let Some(profile) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.parse::<Profile>().ok())
        else {
            continue;
        };
        if !path.is_dir() {
            continue;
        }
        for file in fs::read_dir(&path).expect("profile directory") {
            let path = file.expect("directory entry").path();
            if path.extension().and_then(|e| e.to_str()) != Some("golden") {
                continue;
            }
            let topic = path
                .file_stem()
                .and_then(|s| s.to_str())
                .expect("UTF-8 file name")
                .to_string();
            if !filter.accepts(profile, &topic) {
                continue;
            }
            let text = fs::read_to_string(&path).expect("readable golden file");
            let entries = parse_golden(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            files.push(GoldenFile {
                profile,
                topic,
                path,
                entries,
            });
        }
    }
    files.sort_by_key(|f| (f.profile.name(), f.topic.clone()));
    files
}

thread_local! {
    /// Set while this thread assembles; the panic hook then records instead of printing.
    static CAPTURING: RefCell<bool> = const { RefCell::new(false) };
    /// The message and location of the last panic captured on this thread.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Assembles without letting a panic end the run: a panicking file is one
/// more failure to report, and the other files still get checked.
fn assemble_catching(src: &str, profile: Profile) -> Result<Assembly, String> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if CAPTURING.with(|c| *c.borrow()) {
                LAST_PANIC.with(|p| *p.borrow_mut() = Some(info.to_string()));
            } else {
                previous(info);
            }
        }));
    });
    CAPTURING.with(|c| *c.borrow_mut() = true);
    let result = panic::catch_unwind(|| text::assemble(src, profile));
    CAPTURING.with(|c| *c.borrow_mut() = false);
    result.map_err(|_| {
        LAST_PANIC
            .with(|p| p.borrow_mut().take())
            .unwrap_or_else(|| "assembler panicked".to_string())
    })
}

/// Compares one file line by line; a panic fails the whole file.
fn check_file(file: &GoldenFile) -> Result<Vec<Mismatch>, String> {
    let asm = assemble_catching(&file.source(), file.profile)?;
    let mut bytes: BTreeMap<u32, Vec<u8>> = BTreeMap::new();
    for lb in &asm.lines {
        bytes.entry(lb.line).or_default().extend(&lb.bytes);
    }
    let mut errors: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    for d in &asm.errors {
        errors.entry(d.line).or_default().push(d.message.clone());
    }
    let describe = |line: u32| -> String {
        let mut got = String::new();
        if let Some(messages) = errors.get(&line) {
            let _ = write!(got, "error: {}", messages.join("; "));
        }
        match bytes.get(&line).filter(|b| !b.is_empty()) {
            Some(b) if got.is_empty() => got = hex(b),
            Some(b) => {
                let _ = write!(got, " (and bytes {})", hex(b));
            }
            None if got.is_empty() => got = "no bytes".to_string(),
            None => {}
        }
        got
    };

    let mut mismatches = Vec::new();
    for (i, entry) in file.entries.iter().enumerate() {
        let line = i as u32 + 1;
        let got_bytes = bytes.get(&line).map(Vec::as_slice).unwrap_or(&[]);
        let has_error = errors.contains_key(&line);
        let (ok, expected) = match &entry.expect {
            Expect::Bytes(want) => (!has_error && got_bytes == want.as_slice(), hex(want)),
            Expect::Nothing => (!has_error && got_bytes.is_empty(), "no bytes".to_string()),
            Expect::Rejected => (has_error && got_bytes.is_empty(), "an error".to_string()),
        };
        if !ok {
            mismatches.push(Mismatch {
                line,
                source: entry.source.clone(),
                expected,
                got: describe(line),
            });
        }
    }
    // Errors reported against lines that do not exist are mismatches too.
    let last = file.entries.len() as u32;
    for (&line, messages) in errors.range(last + 1..).chain(errors.range(..1)) {
        mismatches.push(Mismatch {
            line,
            source: "<no such line>".to_string(),
            expected: "nothing".to_string(),
            got: format!("error: {}", messages.join("; ")),
        });
    }
    Ok(mismatches)
}

#[test]
fn assembler_matches_gnu_as_on_the_golden_corpus() {
    let filter = Filter::from_env();
    let files = load_corpus(&filter);
    assert!(
        !files.is_empty(),
        "no golden files under {}{}",
        corpus_dir().display(),
        if filter.is_active() {
            " match GOLDEN_FILTER"
        } else {
            " (run `cargo xtask golden`)"
        }
    );

    let mut report = String::new();
    let mut summary = String::new();
    let mut total_lines = 0;
    let mut total_mismatches = 0;
    for file in &files {
        let lines = file.entries.len();
        total_lines += lines;
        let mismatches = match check_file(file) {
            Ok(mismatches) => mismatches,
            Err(panic) => {
                total_mismatches += lines;
                let _ = writeln!(summary, "  {:<24} panicked", file.name());
                let _ = writeln!(
                    report,
                    "\n== {} (every line: the assembler panicked)",
                    file.name()
                );
                let _ = writeln!(report, "  {panic}");
                continue;
            }
        };
        total_mismatches += mismatches.len();
        let _ = writeln!(
            summary,
            "  {:<24} {:>5}/{:<5} lines match",
            file.name(),
            lines.saturating_sub(mismatches.len()),
            lines
        );
        if mismatches.is_empty() {
            continue;
        }
        let _ = writeln!(
            report,
            "\n== {} ({} mismatches, {})",
            file.name(),
            mismatches.len(),
            file.path.display()
        );
        for m in &mismatches {
            let _ = writeln!(report, "  line {}: {}", m.line, m.source);
            let _ = writeln!(report, "      expected: {}", m.expected);
            let _ = writeln!(report, "      got:      {}", m.got);
        }
    }
    print!("{report}");
    println!("\nper file:\n{summary}");
    println!("golden: {total_lines} lines, {total_mismatches} mismatches");
    assert_eq!(
        total_mismatches, 0,
        "{total_mismatches} of {total_lines} golden lines differ from GNU as (see above)"
    );
}

/// The corpus itself is consistent: every profile has every topic, and all
/// profiles recorded the same source text as `cases/<topic>.s`.
#[test]
fn golden_corpus_is_complete_and_consistent() {
    let files = load_corpus(&Filter(Vec::new()));
    let cases_dir = corpus_dir().join("cases");
    let mut problems = Vec::new();
    for file in &files {
        let case = cases_dir.join(format!("{}.s", file.topic));
        match fs::read_to_string(&case) {
            Ok(text) if text == file.source() => {}
            Ok(_) => problems.push(format!(
                "{}: source differs from {}",
                file.name(),
                case.display()
            )),
            Err(e) => problems.push(format!("{}: {}: {e}", file.name(), case.display())),
        }
    }
    for profile in Profile::ALL {
        let count = files.iter().filter(|f| f.profile == profile).count();
        let topics = fs::read_dir(&cases_dir).map(|d| d.count()).unwrap_or(0);
        if count != topics {
            problems.push(format!(
                "{}: {count} golden files for {topics} case files",
                profile.name()
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
