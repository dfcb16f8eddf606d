//! The reports of `thumbforth test`: the human one (with colour on a
//! terminal), JUnit XML for CI systems, JSON for tools, and the comparison of
//! instruction counts with an earlier JSON report. Instruction counts are
//! exact and repeatable, so they stand in for the time of each case: one
//! second in JUnit's `time` is a million instructions.

use std::collections::HashMap;
use std::fmt::Write;

use anyhow::{bail, Result};
use meta::tests_runner::{Case, Failure, Outcome, Report};
use serde_json::{json, Value};

/// The results of every test file on one board.
pub struct TargetRun {
    pub target: String,
    pub report: Report,
}

impl TargetRun {
    pub fn new(target: &str, report: Report) -> TargetRun {
        TargetRun {
            target: target.to_owned(),
            report,
        }
    }
}

/// Colour codes, or none when the report does not go to a terminal.
pub struct Colour {
    on: bool,
}

pub fn colour(to_stdout: bool) -> Colour {
    let on = if to_stdout {
        crate::colour::stdout()
    } else {
        crate::colour::stderr()
    };
    Colour { on }
}

impl Colour {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
}

fn stack(v: &[u32]) -> String {
    if v.is_empty() {
        return "(empty)".into();
    }
    v.iter()
        .map(|&x| (x as i32).to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

fn counts(r: &Report) -> String {
    let mut s = format!("{} passed, {} failed", r.passed(), r.failed());
    if r.skipped() > 0 {
        let _ = write!(s, ", {} skipped", r.skipped());
    }
    s
}

/// `N passed, N failed` over every board, with `, N skipped` when any was.
pub fn closing_line(runs: &[TargetRun]) -> String {
    let mut all = Report::default();
    for r in runs {
        all.cases.extend(r.report.cases.iter().cloned());
    }
    counts(&all)
}

fn case_label(c: &Case) -> String {
    if c.name.is_empty() {
        format!("{}:{}", c.file, c.line)
    } else {
        format!("{}:{} [{}]", c.file, c.line, c.name)
    }
}

/// Every failure with what it expected and got, grouped by board, each board
/// closed by its own counts.
pub fn human(runs: &[TargetRun], colour: Colour) -> String {
    let mut out = String::new();
    let several = runs.len() > 1;
    for run in runs {
        if several {
            let _ = writeln!(out, "{}", colour.paint("1", &format!("== {}", run.target)));
        }
        for (case, failure) in run.report.failures() {
            let what = colour.paint("31", failure.kind());
            match failure {
                Failure::IncorrectResult { expected, actual }
                | Failure::WrongNumberOfResults { expected, actual } => {
                    let _ = writeln!(out, "{}: {what}: {}", case_label(case), case.source);
                    let _ = writeln!(out, "    expected: {}", stack(expected));
                    let _ = writeln!(out, "    actual:   {}", stack(actual));
                }
                Failure::Error(message) => {
                    if case.line > 0 && !case.name.is_empty() {
                        let _ = writeln!(out, "{}: {what} in [{}]", case_label(case), case.name);
                    }
                    out.push_str(message);
                    if !message.ends_with('\n') {
                        out.push('\n');
                    }
                }
            }
            let console = case.console.trim_end();
            if !console.is_empty() {
                let _ = writeln!(
                    out,
                    "    console:  {}",
                    console.replace('\n', "\n              ")
                );
            }
        }
        if several {
            let line = counts(&run.report);
            let code = if run.report.failed() == 0 { "32" } else { "31" };
            let _ = writeln!(out, "{}: {}", run.target, colour.paint(code, &line));
        }
    }
    out
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot carry at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

fn seconds(instructions: u64) -> String {
    format!("{:.6}", instructions as f64 / 1e6)
}

fn failure_text(case: &Case, failure: &Failure) -> String {
    let mut s = match failure {
        Failure::IncorrectResult { expected, actual }
        | Failure::WrongNumberOfResults { expected, actual } => format!(
            "{}:{}: {}\nexpected: {}\nactual:   {}\n",
            case.file,
            case.line,
            case.source,
            stack(expected),
            stack(actual)
        ),
        Failure::Error(message) => message.clone(),
    };
    if !case.console.is_empty() {
        let _ = write!(s, "console:\n{}", case.console);
    }
    s
}

/// JUnit XML: a test suite per board and file, a test case per case, the
/// case's instructions as its time.
pub fn junit(runs: &[TargetRun]) -> String {
    let mut suites = String::new();
    let (mut tests, mut failures, mut skipped, mut insns) = (0, 0, 0, 0u64);
    for run in runs {
        let mut files: Vec<&str> = Vec::new();
        for c in &run.report.cases {
            if !files.contains(&c.file.as_str()) {
                files.push(&c.file);
            }
        }
        for file in files {
            let cases: Vec<&Case> = run.report.cases.iter().filter(|c| c.file == file).collect();
            let f = cases
                .iter()
                .filter(|c| matches!(c.outcome, Outcome::Failed(_)))
                .count();
            let s = cases
                .iter()
                .filter(|c| c.outcome == Outcome::Skipped)
                .count();
            let t: u64 = cases.iter().map(|c| c.instructions).sum();
            let name = if file.is_empty() { "(build)" } else { file };
            let _ = writeln!(
                suites,
                "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{f}\" errors=\"0\" skipped=\"{s}\" time=\"{}\">",
                xml_escape(&format!("{}: {name}", run.target)),
                cases.len(),
                seconds(t)
            );
            for c in &cases {
                let label = if c.name.is_empty() {
                    format!("line {}", c.line)
                } else {
                    format!("line {}: {}", c.line, c.name)
                };
                let _ = write!(
                    suites,
                    "    <testcase name=\"{}\" classname=\"{}\" time=\"{}\" file=\"{}\" line=\"{}\"",
                    xml_escape(&label),
                    xml_escape(&format!("{}.{}", run.target, name)),
                    seconds(c.instructions),
                    xml_escape(&c.file),
                    c.line
                );
                match &c.outcome {
                    Outcome::Passed => suites.push_str("/>\n"),
                    Outcome::Skipped => suites.push_str(">\n      <skipped/>\n    </testcase>\n"),
                    Outcome::Failed(failure) => {
                        let _ = write!(
                            suites,
                            ">\n      <failure message=\"{}\" type=\"{}\">{}</failure>\n    </testcase>\n",
                            xml_escape(&format!("{}: {}", failure.kind(), c.source)),
                            xml_escape(failure.kind()),
                            xml_escape(&failure_text(c, failure))
                        );
                    }
                }
            }
            suites.push_str("  </testsuite>\n");
            tests += cases.len();
            failures += f;
            skipped += s;
            insns += t;
        }
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"thumbforth\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\" time=\"{}\">\n{suites}</testsuites>\n",
        seconds(insns)
    )
}

fn case_json(c: &Case) -> Value {
    let (status, kind, expected, actual, message) = match &c.outcome {
        Outcome::Passed => ("passed", None, None, None, None),
        Outcome::Skipped => ("skipped", None, None, None, None),
        Outcome::Failed(f) => match f {
            Failure::IncorrectResult { expected, actual }
            | Failure::WrongNumberOfResults { expected, actual } => (
                "failed",
                Some(f.kind()),
                Some(expected.clone()),
                Some(actual.clone()),
                None,
            ),
            Failure::Error(m) => ("failed", Some(f.kind()), None, None, Some(m.clone())),
        },
    };
    json!({
        "file": c.file,
        "line": c.line,
        "name": c.name,
        "source": c.source,
        "status": status,
        "failure": kind,
        "expected": expected,
        "actual": actual,
        "message": message,
        "instructions": c.instructions,
        "console": c.console,
    })
}

/// Every case of every board, with the totals.
pub fn json(runs: &[TargetRun]) -> String {
    let mut all = Report::default();
    let targets: Vec<Value> = runs
        .iter()
        .map(|r| {
            all.cases.extend(r.report.cases.iter().cloned());
            json!({
                "target": r.target,
                "passed": r.report.passed(),
                "failed": r.report.failed(),
                "skipped": r.report.skipped(),
                "cases": r.report.cases.iter().map(case_json).collect::<Vec<_>>(),
            })
        })
        .collect();
    let doc = json!({
        "passed": all.passed(),
        "failed": all.failed(),
        "skipped": all.skipped(),
        "targets": targets,
    });
    serde_json::to_string_pretty(&doc).expect("a JSON value prints")
}

/// A case whose instruction count grew against the earlier report.
pub struct Grown {
    pub target: String,
    pub label: String,
    pub before: u64,
    pub after: u64,
}

/// Keys that match a case across runs: board, file, line and its order
/// among the cases that ran on that line.
fn ordinal_keys<T>(cases: impl Iterator<Item = (String, T)>) -> Vec<(String, T)> {
    let mut seen: HashMap<String, u32> = HashMap::new();
    cases
        .map(|(base, item)| {
            let n = seen.entry(base.clone()).or_default();
            *n += 1;
            (format!("{base}\u{0}{n}"), item)
        })
        .collect()
}

fn case_base(target: &str, file: &str, line: u64) -> String {
    format!("{target}\u{0}{file}\u{0}{line}")
}

/// The instruction counts of an earlier JSON report, keyed as
/// [`ordinal_keys`] keys them.
pub struct Earlier {
    counts: HashMap<String, u64>,
}

impl Earlier {
    /// Reads a report `--json` wrote, refusing anything of another shape so
    /// that a wrong file is named rather than compared as if it held no case.
    pub fn parse(text: &str) -> Result<Earlier> {
        let doc: Value = serde_json::from_str(text)?;
        let Some(targets) = doc.get("targets").and_then(Value::as_array) else {
            bail!("it has no `targets` list");
        };
        let mut cases = Vec::new();
        for t in targets {
            let (Some(target), Some(list)) = (
                t.get("target").and_then(Value::as_str),
                t.get("cases").and_then(Value::as_array),
            ) else {
                bail!("an entry of `targets` lacks `target` or `cases`");
            };
            for c in list {
                let (Some(file), Some(line), Some(instructions), Some(status)) = (
                    c.get("file").and_then(Value::as_str),
                    c.get("line").and_then(Value::as_u64),
                    c.get("instructions").and_then(Value::as_u64),
                    c.get("status").and_then(Value::as_str),
                ) else {
                    bail!("a case of `{target}` lacks `file`, `line`, `status` or `instructions`");
                };
                if status != "skipped" {
                    cases.push((case_base(target, file, line), instructions));
                }
            }
        }
        Ok(Earlier {
            counts: ordinal_keys(cases.into_iter()).into_iter().collect(),
        })
    }
}

/// The cases that ran in both reports and grew by more than `threshold` percent.
pub fn compare(earlier: &Earlier, runs: &[TargetRun], threshold: f64) -> Vec<Grown> {
    let before = &earlier.counts;
    let mut grown = Vec::new();
    for run in runs {
        let ran = run
            .report
            .cases
            .iter()
            .filter(|c| c.outcome != Outcome::Skipped);
        let keyed = ordinal_keys(ran.map(|c| (case_base(&run.target, &c.file, c.line.into()), c)));
        for (key, c) in keyed {
            let Some(&b) = before.get(&key) else {
                continue;
            };
            let after = c.instructions;
            if b > 0 && (after as f64) > b as f64 * (1.0 + threshold / 100.0) {
                grown.push(Grown {
                    target: run.target.clone(),
                    label: case_label(c),
                    before: b,
                    after,
                });
            }
        }
    }
    grown
}

pub fn grown_text(grown: &[Grown], threshold: f64) -> String {
    let mut out = String::new();
    if grown.is_empty() {
        let _ = writeln!(
            out,
            "no case grew by more than {threshold}% in instructions"
        );
    }
    for g in grown {
        let pct = (g.after as f64 / g.before as f64 - 1.0) * 100.0;
        let _ = writeln!(
            out,
            "grew: {} {}: {} -> {} instructions (+{pct:.1}%)",
            g.target, g.label, g.before, g.after
        );
    }
    out
}
