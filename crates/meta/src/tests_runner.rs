//! Running Forth test files (`T{ ... -> ... }T`, forth/tester.fs) on the
//! emulated target a line at a time, so each failing case is reported with
//! the file and line it is on.

use std::path::Path;

use crate::diag::Diagnostic;
use crate::session::Session;

/// How one case ended, when it did not pass.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// The right number of results, but a wrong value.
    IncorrectResult,
    /// A different number of results than expected.
    WrongNumberOfResults,
    /// The line did not compile or run: the error.
    Error(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseFailure {
    pub file: String,
    pub line: u32,
    pub failure: Failure,
    /// The source line.
    pub source: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub passed: u32,
    pub failures: Vec<CaseFailure>,
}

impl Report {
    pub fn failed(&self) -> u32 {
        self.failures.len() as u32
    }
}

fn counter(s: &mut Session, name: &str) -> u32 {
    match s.intrinsic_word(name) {
        Some(xt) => {
            let i = s.dict.by_xt(xt).expect("indexed");
            match s.dict.get(i).kind {
                crate::dict::Kind::Constant(addr) => s.read_u32(addr).unwrap_or(0),
                _ => 0,
            }
        }
        None => 0,
    }
}

/// Runs one test file's cases, adding to `report`.
pub fn run_file(s: &mut Session, path: &Path, report: &mut Report) -> Result<(), Diagnostic> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Diagnostic::new(None, format!("cannot read `{}`: {e}", path.display())))?;
    let name = path.display().to_string();
    let canon = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let id = s.sources.add(name.clone(), Some(canon.clone()), text);
    s.dir_stack
        .push(canon.parent().map(Path::to_path_buf).unwrap_or_default());
    let n = s.sources.get(id).line_count();
    for line_no in 1..=n {
        let src = s.sources.get(id).line(line_no).to_owned();
        let before = [
            counter(s, "test-passed"),
            counter(s, "test-incorrect"),
            counter(s, "test-wrong-count"),
        ];
        let result = s.interpret_line(id, line_no, src.clone());
        let after = [
            counter(s, "test-passed"),
            counter(s, "test-incorrect"),
            counter(s, "test-wrong-count"),
        ];
        // A runaway case can scribble over the counters: count only growth.
        report.passed += after[0].saturating_sub(before[0]);
        let mut fail = |failure: Failure| {
            report.failures.push(CaseFailure {
                file: name.clone(),
                line: line_no,
                failure,
                source: src.trim().to_owned(),
            })
        };
        for _ in before[1]..after[1].max(before[1]) {
            fail(Failure::IncorrectResult);
        }
        for _ in before[2]..after[2].max(before[2]) {
            fail(Failure::WrongNumberOfResults);
        }
        if let Err(d) = result {
            // Recover: leave any definition, empty the stack, go on.
            s.recover();
            fail(Failure::Error(d.render(&s.sources, false)));
        }
    }
    s.dir_stack.pop();
    Ok(())
}
