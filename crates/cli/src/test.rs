//! `thumbforth test`: the standard image plus forth/tester.fs, then each
//! file's `T{ ... -> ... }T` cases on the emulated board, on one board or on
//! several at once (`--target all` or a comma list, one emulator per board,
//! in parallel). Failures are shown with file:line, expected and actual
//! stacks and the case's console output; `--junit` and `--json` write the
//! same results for CI systems and tools; the last line is
//! `N passed, N failed` (then `, N skipped` when a filter left cases out).
//!
//! With `--resident` the files are typed into the booted image's console
//! instead, so the board's own interpreter and compiler run them.
//!
//! Exit status: 0 when every case passed, 1 otherwise (or when an image does
//! not build, no test file is found, a report file cannot be written or the
//! `--compare` report cannot be read), 2 when `--target` names no board.
//! Board names and report paths are checked before any test runs.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use meta::resident::ResidentBoard;
use meta::tests_runner::{run_file, Case, Failure, Options, Outcome, Report};
use meta::BuildOptions;
use rayon::prelude::*;

use crate::failure::Usage;
use crate::forth::{standard, Common};
use crate::outputs::{self, Batch};
use crate::test_report::{self, Earlier, TargetRun};

#[derive(clap::Args, Clone)]
pub struct Args {
    /// Forth test files. Without any: the files thumbforth.toml names, else
    /// every `tests/**/*.fs` and `*.test.fs` below the current directory.
    #[arg(value_name = "FILES")]
    files: Vec<PathBuf>,

    /// Board, comma-separated boards, or `all`: the project's boards in a
    /// project, else every built-in board.
    #[arg(long, value_name = "TARGETS")]
    target: Option<String>,

    /// Another directory where `include` and `require` look for files.
    #[arg(short = 'I', long = "include", value_name = "DIR")]
    include: Vec<PathBuf>,

    /// Instructions one line of a test file may execute before it is
    /// stopped and reported as a failure.
    #[arg(long, value_name = "N", default_value_t = 200_000_000)]
    max_insns: u64,

    /// Run only the cases whose file path or `testing` name contains PATTERN;
    /// the others are counted as skipped.
    #[arg(long, value_name = "PATTERN")]
    filter: Option<String>,

    /// Write the results as JUnit XML (GitHub, GitLab and Jenkins render it).
    #[arg(long, value_name = "FILE")]
    junit: Option<PathBuf>,

    /// Write the results as JSON to FILE, or to standard output without
    /// FILE (the human report then goes to standard error). A .fs file
    /// after --json is a test file, never overwritten by the report.
    #[arg(long, value_name = "FILE", num_args = 0..=1, default_missing_value = "-")]
    json: Option<PathBuf>,

    /// A JSON report of an earlier run: list the cases whose instruction
    /// counts grew by more than --threshold percent.
    #[arg(long, value_name = "FILE.json")]
    compare: Option<PathBuf>,

    /// Feed the files to the board's own resident interpreter through its
    /// console, as a terminal would, instead of compiling them on the host.
    #[arg(long)]
    resident: bool,

    /// Growth in percent that --compare reports.
    #[arg(long, value_name = "PERCENT", default_value_t = 10.0)]
    threshold: f64,
}

/// The boards `--target` names, defaulting to the project's or the default
/// board, each checked before anything runs. Inside a project `all` means
/// the project's boards: its code may use what only they have, and the
/// scaffolded CI workflow runs `--target all`. Outside one it means every
/// built-in board. A name that is no board is a usage mistake, not a failed
/// test; a board file that does not load is an error.
fn targets(spec: Option<&str>, project: Option<&crate::project::Project>) -> Result<Vec<String>> {
    let list: Vec<String> = match (spec, project) {
        (Some("all"), Some(p)) => p.targets.clone(),
        (Some("all"), None) => crate::boards::names().map(str::to_owned).collect(),
        (Some(s), _) => s
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect(),
        (None, Some(p)) => p.targets.clone(),
        (None, None) => vec![crate::boards::DEFAULT.to_owned()],
    };
    if list.is_empty() {
        return Err(Usage("--target names no board".into()).into());
    }
    for name in &list {
        if crate::boards::is_path(name) {
            crate::boards::load(name)?;
        } else if !crate::boards::is_builtin(name) {
            return Err(Usage(format!("--target: {}", crate::boards::unknown(name))).into());
        }
    }
    Ok(list)
}

/// Every case of `files` on one board, in a fresh emulator.
fn run_target(
    target: &str,
    sources: &[PathBuf],
    files: &[PathBuf],
    include: &[PathBuf],
    args: &Args,
) -> TargetRun {
    let common = Common {
        target: target.to_owned(),
        include: include.to_vec(),
    };
    let mut report = Report::default();
    let failed_build = |message: String| Case {
        file: String::new(),
        line: 0,
        name: String::new(),
        source: String::new(),
        instructions: 0,
        console: String::new(),
        outcome: Outcome::Failed(Failure::Error(message)),
    };
    let mut build = match standard(&common, BuildOptions::default()) {
        Ok(Some(b)) => b,
        Ok(None) => {
            report.cases.push(failed_build(format!(
                "the standard image for {target} does not build (see above)\n"
            )));
            return TargetRun::new(target, report);
        }
        Err(e) => {
            report.cases.push(failed_build(format!("{e:#}\n")));
            return TargetRun::new(target, report);
        }
    };
    for source in sources {
        if let Err(d) = build.load_file(source) {
            let message = d.render(&build.session.sources, false);
            report.cases.push(failed_build(message));
            return TargetRun::new(target, report);
        }
    }
    if let Some(warning) = build.ram_left_by_top_level() {
        eprintln!("thumbforth: warning: {target}: {warning}");
    }
    if let Err(d) = build.load_text("tester.fs", meta::kernel::TESTER) {
        let message = d.render(&build.session.sources, false);
        report.cases.push(failed_build(message));
        return TargetRun::new(target, report);
    }
    build.session.machine.call_budget = args.max_insns;
    let options = Options {
        filter: args.filter.clone(),
    };
    if args.resident {
        let mut board = match ResidentBoard::boot(build, args.max_insns) {
            Ok(b) => b,
            Err(d) => {
                report.cases.push(failed_build(format!("{}\n", d.message)));
                return TargetRun::new(target, report);
            }
        };
        for file in files {
            if let Err(d) = board.run_file(file, &options, &mut report) {
                let mut case = failed_build(d.message);
                case.file = file.display().to_string();
                report.cases.push(case);
            }
        }
        return TargetRun::new(target, report);
    }
    if let Err(d) = build.enter_boot_state() {
        let message = d.render(&build.session.sources, false);
        report.cases.push(failed_build(message));
        return TargetRun::new(target, report);
    }
    for file in files {
        if let Err(d) = run_file(&mut build.session, file, &options, &mut report) {
            let mut case = failed_build(d.message);
            case.file = file.display().to_string();
            report.cases.push(case);
        }
    }
    TargetRun::new(target, report)
}

pub fn run(args: &Args) -> Result<ExitCode> {
    let mut args_owned;
    let args = match &args.json {
        Some(p) if p.extension().is_some_and(|e| e == "fs") => {
            args_owned = args.clone();
            args_owned.files.insert(0, p.clone());
            args_owned.json = Some(PathBuf::from("-"));
            &args_owned
        }
        _ => args,
    };
    let cwd = std::env::current_dir()?;
    let project = crate::project::find(&cwd)?;
    let targets = targets(args.target.as_deref(), project.as_ref())?;
    let earlier = check_report_paths(args)?;
    let files = if !args.files.is_empty() {
        args.files.clone()
    } else if let Some(p) = &project {
        p.tests.clone()
    } else {
        crate::project::discover_tests(&cwd)
            .into_iter()
            .map(|p| p.strip_prefix(&cwd).map(PathBuf::from).unwrap_or(p))
            .collect()
    };
    if files.is_empty() {
        eprintln!("no test files: name some, or add tests/*.fs or *.test.fs files");
        return Ok(ExitCode::FAILURE);
    }
    let mut include = args.include.clone();
    if let Some(p) = &project {
        include.extend(p.include.iter().cloned());
    }
    // A project's sources are the image the board boots: tests run after
    // them, against the state boot leaves (a test file's own `require` of
    // them then does nothing).
    let sources = project
        .as_ref()
        .map_or_else(Vec::new, |p| p.sources.clone());
    let runs: Vec<TargetRun> = targets
        .par_iter()
        .map(|t| run_target(t, &sources, &files, &include, args))
        .collect();
    let json_to_stdout = args.json.as_deref() == Some(Path::new("-"));
    let to_stdout = !json_to_stdout;
    let human = test_report::human(&runs, test_report::colour(to_stdout));
    if to_stdout {
        print!("{human}");
    } else {
        eprint!("{human}");
    }
    if json_to_stdout {
        println!("{}", test_report::json(&runs));
    }
    if let Some(earlier) = &earlier {
        let grown = test_report::compare(earlier, &runs, args.threshold);
        let out = test_report::grown_text(&grown, args.threshold);
        if to_stdout {
            print!("{out}");
        } else {
            eprint!("{out}");
        }
    }
    // The report files are written before the closing line so that a line
    // saying every case passed is not followed by a missing report; a
    // failure to write them still leaves the closing line, then the error.
    let written = write_reports(args, &runs);
    let failed: u32 = runs.iter().map(|r| r.report.failed()).sum();
    let closing = test_report::closing_line(&runs);
    if to_stdout {
        println!("{closing}");
    } else {
        eprintln!("{closing}");
    }
    written?;
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The file `--json` writes, None when it goes to standard output or is not asked for.
fn json_path(args: &Args) -> Option<&Path> {
    args.json.as_deref().filter(|p| *p != Path::new("-"))
}

/// Refuses report files that could never be written and reads the earlier
/// report of `--compare`, before any test runs: a mistake in a path should
/// not cost a whole run, nor go unnoticed until after it.
fn check_report_paths(args: &Args) -> Result<Option<Earlier>> {
    if let Some(path) = &args.junit {
        outputs::check(path).context("--junit")?;
    }
    if let Some(path) = json_path(args) {
        outputs::check(path).context("--json")?;
    }
    let Some(path) = &args.compare else {
        return Ok(None);
    };
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("--compare: cannot read `{}`", path.display()))?;
    let earlier = Earlier::parse(&text).with_context(|| {
        format!(
            "--compare: `{}` is not a JSON report of `thumbforth test --json`",
            path.display()
        )
    })?;
    Ok(Some(earlier))
}

/// Writes the JUnit and JSON report files, both or neither.
fn write_reports(args: &Args, runs: &[TargetRun]) -> Result<()> {
    let mut batch = Batch::new();
    if let Some(path) = &args.junit {
        batch.add(path, test_report::junit(runs).as_bytes())?;
    }
    if let Some(path) = json_path(args) {
        batch.add(path, test_report::json(runs).as_bytes())?;
    }
    batch.commit()
}
