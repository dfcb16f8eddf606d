//! Running Forth test files (`T{ ... -> ... }T`, forth/tester.fs) on the
//! emulated target a line at a time, so each case is reported with the file
//! and line it is on, the name of the `testing` section it is in, the
//! instructions it executed and, when it fails, the expected and actual
//! stacks and what it printed.

use std::path::Path;

use crate::diag::Diagnostic;
use crate::layout::CREATE_BODY_OFFSET;
use crate::session::Session;

/// Why a case failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// The right number of results, but a wrong value.
    IncorrectResult {
        expected: Vec<u32>,
        actual: Vec<u32>,
    },
    /// A different number of results than expected.
    WrongNumberOfResults {
        expected: Vec<u32>,
        actual: Vec<u32>,
    },
    /// The line did not compile or run (a fault, a budget exhausted, an
    /// uncaught exception): the rendered diagnostic.
    Error(String),
}

impl Failure {
    /// A short name for reports: `incorrect result`, `wrong number of
    /// results` or `error`.
    pub fn kind(&self) -> &'static str {
        match self {
            Failure::IncorrectResult { .. } => "incorrect result",
            Failure::WrongNumberOfResults { .. } => "wrong number of results",
            Failure::Error(_) => "error",
        }
    }
}

/// How a case ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Passed,
    /// Not run: a filter left it out.
    Skipped,
    Failed(Failure),
}

/// One case (a line holding `T{`), or a line that failed to run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Case {
    pub file: String,
    pub line: u32,
    /// The text after the last `testing` before the case, if any.
    pub name: String,
    /// The source line, trimmed.
    pub source: String,
    /// Instructions the line executed on the target.
    pub instructions: u64,
    /// What the line printed on the console.
    pub console: String,
    pub outcome: Outcome,
}

/// Every case of a run, in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub cases: Vec<Case>,
}

impl Report {
    fn count(&self, f: impl Fn(&Outcome) -> bool) -> u32 {
        self.cases.iter().filter(|c| f(&c.outcome)).count() as u32
    }
    pub fn passed(&self) -> u32 {
        self.count(|o| *o == Outcome::Passed)
    }
    pub fn failed(&self) -> u32 {
        self.count(|o| matches!(o, Outcome::Failed(_)))
    }
    pub fn skipped(&self) -> u32 {
        self.count(|o| *o == Outcome::Skipped)
    }
    pub fn failures(&self) -> impl Iterator<Item = (&Case, &Failure)> {
        self.cases.iter().filter_map(|c| match &c.outcome {
            Outcome::Failed(f) => Some((c, f)),
            _ => None,
        })
    }
}

/// Which cases run.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Run only the cases whose file path or `testing` name contains this.
    pub filter: Option<String>,
}

/// The address a tester word stands for: a variable's cell or a created
/// word's body.
fn tester_addr(s: &Session, name: &str) -> Option<u32> {
    let xt = s.intrinsic_word(name)?;
    let i = s.dict.by_xt(xt)?;
    match s.dict.get(i).kind {
        crate::dict::Kind::Constant(addr) => Some(addr),
        crate::dict::Kind::Created => Some((xt & !1) + CREATE_BODY_OFFSET),
        _ => None,
    }
}

fn counter(s: &Session, name: &str) -> u32 {
    tester_addr(s, name)
        .and_then(|a| s.read_u32(a).ok())
        .unwrap_or(0)
}

/// The results saved in `array` (top of stack first there), bottom first.
fn saved_stack(s: &Session, count: &str, array: &str) -> Vec<u32> {
    let n = counter(s, count).min(64);
    let Some(base) = tester_addr(s, array) else {
        return Vec::new();
    };
    let mut v: Vec<u32> = (0..n)
        .filter_map(|i| s.read_u32(base + 4 * i).ok())
        .collect();
    v.reverse();
    v
}

/// Runs one test file's cases, adding them to `report`.
pub fn run_file(
    s: &mut Session,
    path: &Path,
    options: &Options,
    report: &mut Report,
) -> Result<(), Diagnostic> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Diagnostic::new(None, format!("cannot read `{}`: {e}", path.display())))?;
    let file = path.display().to_string();
    let canon = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let id = s.sources.add(file.clone(), Some(canon.clone()), text);
    s.dir_stack
        .push(canon.parent().map(Path::to_path_buf).unwrap_or_default());
    let n = s.sources.get(id).line_count();
    let mut name = String::new();
    for line_no in 1..=n {
        let src = s.sources.get(id).line(line_no).to_owned();
        let trimmed = src.trim();
        let is_case = s.multiline.is_none() && trimmed.contains("T{");
        if s.multiline.is_none() {
            if let Some(rest) = trimmed.strip_prefix("testing") {
                if rest.is_empty() || rest.starts_with(char::is_whitespace) {
                    name = rest.trim().to_owned();
                }
            }
        }
        let case = |outcome: Outcome, instructions: u64, console: String| Case {
            file: file.clone(),
            line: line_no,
            name: name.clone(),
            source: trimmed.to_owned(),
            instructions,
            console,
            outcome,
        };
        if is_case {
            if let Some(f) = &options.filter {
                if !file.contains(f.as_str()) && !name.contains(f.as_str()) {
                    report.cases.push(case(Outcome::Skipped, 0, String::new()));
                    continue;
                }
            }
        }
        let before = [
            counter(s, "test-passed"),
            counter(s, "test-incorrect"),
            counter(s, "test-wrong-count"),
        ];
        let (insns0, console0) = (s.executed, s.console.len());
        let result = s.interpret_line(id, line_no, src.clone());
        let after = [
            counter(s, "test-passed"),
            counter(s, "test-incorrect"),
            counter(s, "test-wrong-count"),
        ];
        let instructions = s.executed - insns0;
        let console =
            String::from_utf8_lossy(&s.console[console0.min(s.console.len())..]).into_owned();
        // A runaway case can scribble over the counters: count only growth.
        let grew = |i: usize| after[i].saturating_sub(before[i]);
        let stacks = |s: &Session| {
            (
                saved_stack(s, "expected-count", "expected-results"),
                saved_stack(s, "actual-count", "actual-results"),
            )
        };
        for _ in 0..grew(0) {
            report
                .cases
                .push(case(Outcome::Passed, instructions, console.clone()));
        }
        for _ in 0..grew(1) {
            let (expected, actual) = stacks(s);
            let f = Failure::IncorrectResult { expected, actual };
            report
                .cases
                .push(case(Outcome::Failed(f), instructions, console.clone()));
        }
        for _ in 0..grew(2) {
            let (expected, actual) = stacks(s);
            let f = Failure::WrongNumberOfResults { expected, actual };
            report
                .cases
                .push(case(Outcome::Failed(f), instructions, console.clone()));
        }
        if let Err(d) = result {
            // Recover: leave any definition, empty the stack, go on.
            s.recover();
            let f = Failure::Error(d.render(&s.sources, false));
            report
                .cases
                .push(case(Outcome::Failed(f), instructions, console.clone()));
        }
    }
    s.dir_stack.pop();
    Ok(())
}
