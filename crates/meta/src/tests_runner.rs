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
pub(crate) fn tester_addr(s: &Session, name: &str) -> Option<u32> {
    let m = &s.machine;
    let xt = m.intrinsic_word(name)?;
    let i = m.dict.by_xt(xt)?;
    match m.dict.get(i).kind {
        crate::dict::Kind::Constant(addr) => Some(addr),
        crate::dict::Kind::Created => Some((xt & !1) + CREATE_BODY_OFFSET),
        _ => None,
    }
}

/// Where forth/tester.fs keeps its counts and saved stacks in target RAM.
#[derive(Clone, Copy, Debug, Default)]
pub struct TesterCells {
    passed: Option<u32>,
    incorrect: Option<u32>,
    wrong_count: Option<u32>,
    expected_count: Option<u32>,
    expected: Option<u32>,
    actual_count: Option<u32>,
    actual: Option<u32>,
    state: Option<u32>,
    unclosed: Option<u32>,
}

impl TesterCells {
    /// The cells of the tester loaded into `s`.
    pub fn of(s: &Session) -> TesterCells {
        let a = |name| tester_addr(s, name);
        TesterCells {
            passed: a("test-passed"),
            incorrect: a("test-incorrect"),
            wrong_count: a("test-wrong-count"),
            expected_count: a("expected-count"),
            expected: a("expected-results"),
            actual_count: a("actual-count"),
            actual: a("actual-results"),
            state: a("test-state"),
            unclosed: a("test-unclosed"),
        }
    }

    fn read(board: &impl Board, cell: Option<u32>) -> u32 {
        cell.and_then(|a| board.read_u32(a)).unwrap_or(0)
    }

    /// Whether a case is open: `T{` ran and its `}T` has not.
    fn case_open(&self, board: &impl Board) -> bool {
        Self::read(board, self.state) != 0
    }

    /// How many cases a later `T{` found still open.
    fn unclosed(&self, board: &impl Board) -> u32 {
        Self::read(board, self.unclosed)
    }

    fn counts(&self, board: &impl Board) -> [u32; 3] {
        [self.passed, self.incorrect, self.wrong_count]
            .map(|cell| cell.and_then(|a| board.read_u32(a)).unwrap_or(0))
    }

    /// The results saved in `array` (top of stack first there), bottom first.
    fn saved(board: &impl Board, count: Option<u32>, array: Option<u32>) -> Vec<u32> {
        let n = count.and_then(|a| board.read_u32(a)).unwrap_or(0).min(64);
        let Some(base) = array else {
            return Vec::new();
        };
        let mut v: Vec<u32> = (0..n)
            .filter_map(|i| board.read_u32(base + 4 * i))
            .collect();
        v.reverse();
        v
    }

    fn stacks(&self, board: &impl Board) -> (Vec<u32>, Vec<u32>) {
        (
            Self::saved(board, self.expected_count, self.expected),
            Self::saved(board, self.actual_count, self.actual),
        )
    }
}

/// What one line of a test file did.
#[derive(Clone, Debug, Default)]
pub struct LineRun {
    pub instructions: u64,
    /// What the line printed on the console.
    pub console: String,
    /// The line did not compile or run: why, as the user should read it.
    pub error: Option<String>,
}

/// What runs a test file's lines: the tethered build (the host interprets
/// and compiles, the board executes) or the board's resident interpreter.
pub trait Board {
    fn run_line(&mut self, line_no: u32, src: &str) -> LineRun;
    fn read_u32(&self, addr: u32) -> Option<u32>;
    /// Inside a comment that spans lines, where `T{` is no case.
    fn in_comment(&self) -> bool {
        false
    }
}

/// The tethered board: the build session interprets each line.
struct Tethered<'a> {
    s: &'a mut Session,
    file: crate::source::FileId,
}

impl Board for Tethered<'_> {
    fn run_line(&mut self, line_no: u32, src: &str) -> LineRun {
        let s = &mut *self.s;
        let (insns0, console0) = (s.machine.executed, s.machine.console.len());
        // The image is built: what earlier lines put in flash is flash as
        // the chip has it (a store faults on RP parts and changes nothing on
        // an STM32), while this line may still compile its own words.
        let boundary = Some((s.machine.flash_here(), emu::BelowBoundary::Chip));
        let result = s
            .machine
            .set_flash_boundary(boundary)
            .and_then(|()| s.interpret_line(self.file, line_no, src.to_owned()));
        let console = &s.machine.console;
        let mut run = LineRun {
            instructions: s.machine.executed - insns0,
            console: String::from_utf8_lossy(&console[console0.min(console.len())..]).into_owned(),
            error: None,
        };
        if let Err(d) = result {
            // Recover: leave any definition, empty the stack, go on.
            s.recover();
            run.error = Some(d.render(&s.sources, false));
        }
        run
    }

    fn read_u32(&self, addr: u32) -> Option<u32> {
        self.s.machine.read_u32(addr).ok()
    }

    fn in_comment(&self) -> bool {
        self.s.multiline.is_some()
    }
}

/// Runs one test file's cases on the tethered build, adding them to `report`.
pub fn run_file(
    s: &mut Session,
    path: &Path,
    options: &Options,
    report: &mut Report,
) -> Result<(), Diagnostic> {
    let text = read_test_file(path)?;
    let file = path.display().to_string();
    let canon = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let cells = TesterCells::of(s);
    let id = s
        .sources
        .add(file.clone(), Some(canon.clone()), text.clone());
    s.files
        .dir_stack
        .push(canon.parent().map(Path::to_path_buf).unwrap_or_default());
    let mut board = Tethered { s, file: id };
    run_lines(&mut board, &cells, &file, &text, options, report);
    s.files.dir_stack.pop();
    Ok(())
}

pub(crate) fn read_test_file(path: &Path) -> Result<String, Diagnostic> {
    std::fs::read_to_string(path)
        .map_err(|e| Diagnostic::new(None, format!("cannot read `{}`: {e}", path.display())))
}

/// Runs `text`, the test file `file`, a line at a time on `board`; each
/// line holding `T{` is a case, and so is any other line that fails.
pub fn run_lines(
    board: &mut impl Board,
    cells: &TesterCells,
    file: &str,
    text: &str,
    options: &Options,
    report: &mut Report,
) {
    let mut name = String::new();
    // The case whose `T{` ran and whose `}T` has not, and whether it has
    // already been reported as failed (a line of it did not run).
    let mut open: Option<(Case, bool)> = None;
    for (i, src) in text.lines().enumerate() {
        let line_no = i as u32 + 1;
        let trimmed = src.trim();
        let in_comment = board.in_comment();
        let is_case = !in_comment && trimmed.contains("T{");
        if !in_comment {
            if let Some(rest) = trimmed.strip_prefix("testing") {
                if rest.is_empty() || rest.starts_with(char::is_whitespace) {
                    name = rest.trim().to_owned();
                }
            }
        }
        let case = |outcome: Outcome, instructions: u64, console: String| Case {
            file: file.to_owned(),
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
        let before = cells.counts(board);
        let unclosed_before = cells.unclosed(board);
        let run = board.run_line(line_no, src);
        let after = cells.counts(board);
        if cells.unclosed(board) > unclosed_before {
            // This line's `T{` found the previous case still open.
            report_unclosed(report, open.take(), "before the next `T{`");
        }
        // A runaway case can scribble over the counters: count only growth.
        let grew = |i: usize| after[i].saturating_sub(before[i]);
        for _ in 0..grew(0) {
            report
                .cases
                .push(case(Outcome::Passed, run.instructions, run.console.clone()));
        }
        for (count, wrong_number) in [(grew(1), false), (grew(2), true)] {
            for _ in 0..count {
                let (expected, actual) = cells.stacks(board);
                let f = if wrong_number {
                    Failure::WrongNumberOfResults { expected, actual }
                } else {
                    Failure::IncorrectResult { expected, actual }
                };
                report.cases.push(case(
                    Outcome::Failed(f),
                    run.instructions,
                    run.console.clone(),
                ));
            }
        }
        let failed = run.error.is_some();
        if let Some(error) = run.error {
            report.cases.push(case(
                Outcome::Failed(Failure::Error(error)),
                run.instructions,
                run.console.clone(),
            ));
        }
        open = match (cells.case_open(board), open) {
            (false, _) => None,
            (true, Some((c, already))) if !is_case => Some((c, already || failed)),
            (true, _) => Some((case(Outcome::Passed, 0, String::new()), failed)),
        };
    }
    report_unclosed(report, open, "before the end of the file");
}

/// A case that reached neither `->` nor `}T`: a failure at its `T{` line,
/// unless one of its lines already failed.
fn report_unclosed(report: &mut Report, open: Option<(Case, bool)>, when: &str) {
    if let Some((mut c, false)) = open {
        c.outcome = Outcome::Failed(Failure::Error(format!(
            "{}:{}: error: the case has no `-> }}T` {when}",
            c.file, c.line
        )));
        report.cases.push(c);
    }
}
