//! `thumbforth test` as a CI tool: a board matrix, failures with file:line,
//! expected and actual stacks and console output, a per-case instruction
//! budget that stops a runaway case while the rest go on, filters, JUnit XML
//! valid against the schema in tests/data/junit.xsd, JSON, and the
//! comparison of instruction counts with an earlier run.

#[path = "support/mod.rs"]
mod support;

use std::process::Command;

use support::{last_line, root, text, thumbforth};

const CASES: &str = "\
testing arithmetic
T{ 1 2 + -> 3 }T
T{ 2 3 * -> 7 }T
testing output
: shout ( -- ) .\" hello from the case\" ;
T{ shout 5 -> 4 }T
T{ 1 2 -> 1 }T
testing runaway
: forever ( -- ) begin again ;
T{ forever -> }T
testing after the runaway
T{ 10 1+ -> 11 }T
";

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("cases.fs"), CASES).unwrap();
    dir
}

#[test]
fn failures_show_file_line_stacks_and_console_and_a_runaway_is_stopped() {
    let dir = project();
    let o = thumbforth(dir.path(), &["test", "cases.fs", "--max-insns", "2000000"]);
    let out = text(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(
        out.contains("cases.fs:3 [arithmetic]: incorrect result: T{ 2 3 * -> 7 }T"),
        "{out}"
    );
    assert!(out.contains("    expected: 7\n    actual:   6\n"), "{out}");
    assert!(
        out.contains("cases.fs:6 [output]: incorrect result"),
        "{out}"
    );
    assert!(out.contains("    console:  hello from the case"), "{out}");
    assert!(
        out.contains("cases.fs:7 [output]: wrong number of results"),
        "{out}"
    );
    assert!(
        out.contains("    expected: 1\n    actual:   1 2\n"),
        "{out}"
    );
    // The runaway case is stopped by the budget and reported where it is ...
    assert!(out.contains("cases.fs:10"), "{out}");
    assert!(out.contains("[runaway]"), "{out}");
    // ... and the case after it still runs, from a clean stack.
    assert_eq!(last_line(&o), "2 passed, 4 failed", "{out}");
}

#[test]
fn every_board_runs_in_the_matrix_and_the_closing_line_totals_them() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("ok.fs"),
        "T{ 1 1 + -> 2 }T\nT{ -1 abs -> 1 }T\n",
    )
    .unwrap();
    let o = thumbforth(dir.path(), &["test", "--target", "all", "ok.fs"]);
    let out = text(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{out}");
    for board in target::BUILT_IN_TARGETS {
        assert!(out.contains(&format!("== {board}\n")), "{out}");
        assert!(
            out.contains(&format!("{board}: 2 passed, 0 failed\n")),
            "{out}"
        );
    }
    assert_eq!(last_line(&o), "6 passed, 0 failed");
    let o = thumbforth(
        dir.path(),
        &["test", "--target", "rp2040,stm32f407", "ok.fs"],
    );
    assert_eq!(last_line(&o), "4 passed, 0 failed");
    let o = thumbforth(dir.path(), &["test", "--target", "nosuchboard", "ok.fs"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("unknown target `nosuchboard`"));
}

#[test]
fn a_filter_runs_matching_cases_and_counts_the_rest_skipped() {
    let dir = project();
    let o = thumbforth(dir.path(), &["test", "cases.fs", "--filter", "arithmetic"]);
    assert_eq!(
        last_line(&o),
        "1 passed, 1 failed, 4 skipped",
        "{}",
        text(&o.stdout)
    );
    let o = thumbforth(dir.path(), &["test", "cases.fs", "--filter", "after the"]);
    assert_eq!(last_line(&o), "1 passed, 0 failed, 5 skipped");
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn junit_reports_are_valid_against_the_schema() {
    let dir = project();
    let o = thumbforth(
        dir.path(),
        &[
            "test",
            "--target",
            "rp2350,rp2040",
            "cases.fs",
            "--max-insns",
            "2000000",
            "--junit",
            "junit.xml",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let xml = std::fs::read_to_string(dir.path().join("junit.xml")).unwrap();
    assert!(
        xml.contains("<testsuite name=\"rp2350: cases.fs\" tests=\"6\" failures=\"4\""),
        "{xml}"
    );
    assert!(
        xml.contains("<testsuite name=\"rp2040: cases.fs\""),
        "{xml}"
    );
    assert!(xml.contains("expected: 7\nactual:   6"), "{xml}");
    let check = Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(root().join("tests/data/junit.xsd"))
        .arg(dir.path().join("junit.xml"))
        .output()
        .expect("xmllint (Debian package libxml2-utils) is installed");
    assert!(check.status.success(), "{}", text(&check.stderr));
    // A document the schema must refuse, so the check above can fail.
    std::fs::write(
        dir.path().join("bad.xml"),
        "<testsuites><testsuite tests=\"x\"/></testsuites>",
    )
    .unwrap();
    let bad = Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(root().join("tests/data/junit.xsd"))
        .arg(dir.path().join("bad.xml"))
        .output()
        .unwrap();
    assert!(!bad.status.success());
}

#[test]
fn json_carries_instruction_counts_and_compare_lists_growth() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(
        p.join("loop.fs"),
        ": spin ( n -- ) 0 ?do loop ;\nT{ 100 spin -> }T\nT{ 1 -> 1 }T\n",
    )
    .unwrap();
    let o = thumbforth(p, &["test", "loop.fs", "--json", "before.json"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stdout));
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(p.join("before.json")).unwrap()).unwrap();
    assert_eq!(doc["passed"], 2);
    let cases = doc["targets"][0]["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 2);
    assert_eq!(cases[0]["line"], 2);
    let spin = cases[0]["instructions"].as_u64().unwrap();
    assert!(
        spin > 100,
        "a 100-step loop runs more than 100 instructions: {spin}"
    );
    // The same case doing ten times the work is reported as grown.
    std::fs::write(
        p.join("loop.fs"),
        ": spin ( n -- ) 0 ?do loop ;\nT{ 1000 spin -> }T\nT{ 1 -> 1 }T\n",
    )
    .unwrap();
    let o = thumbforth(p, &["test", "loop.fs", "--compare", "before.json"]);
    let out = text(&o.stdout);
    assert!(out.contains("grew: rp2350 loop.fs:2: "), "{out}");
    assert!(!out.contains("loop.fs:3"), "{out}");
    assert_eq!(last_line(&o), "2 passed, 0 failed");
    // JSON on standard output: the human report moves to standard error.
    let o = thumbforth(p, &["test", "loop.fs", "--json"]);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["failed"], 0);
    assert!(text(&o.stderr).ends_with("2 passed, 0 failed\n"));
}

#[test]
fn without_files_the_tests_below_the_current_directory_run() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::create_dir_all(p.join("tests/unit")).unwrap();
    std::fs::write(p.join("tests/unit/a.fs"), "T{ 1 -> 1 }T\n").unwrap();
    std::fs::write(p.join("b.test.fs"), "T{ 2 -> 2 }T\n").unwrap();
    std::fs::write(p.join("app.fs"), "T{ 3 -> 4 }T\n").unwrap();
    let o = thumbforth(p, &["test"]);
    assert_eq!(last_line(&o), "2 passed, 0 failed", "{}", text(&o.stdout));
    let empty = tempfile::tempdir().unwrap();
    let o = thumbforth(empty.path(), &["test"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("no test files"));
}

#[test]
fn a_new_project_passes_on_each_of_its_boards_with_valid_junit_and_a_failing_case_fails() {
    let dir = tempfile::tempdir().unwrap();
    let o = thumbforth(dir.path(), &["new", "blinky"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let p = dir.path().join("blinky");
    let o = thumbforth(&p, &["test", "--target", "all", "--junit", "junit.xml"]);
    let out = text(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(last_line(&o).ends_with(" passed, 0 failed"), "{out}");
    // `all` in a project is the project's boards.
    for board in ["rp2350", "rp2040"] {
        assert!(out.contains(&format!("== {board}\n")), "{out}");
    }
    assert!(!out.contains("stm32f407"), "{out}");
    let check = Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(root().join("tests/data/junit.xsd"))
        .arg(p.join("junit.xml"))
        .output()
        .expect("xmllint runs");
    assert!(check.status.success(), "{}", text(&check.stderr));
    // A deliberately wrong case: reported with its place and both stacks.
    let tests = p.join("tests/app.fs");
    let mut body = std::fs::read_to_string(&tests).unwrap();
    body.push_str("T{ 1 1 + -> 3 }T\n");
    std::fs::write(&tests, &body).unwrap();
    let line = body.lines().count();
    let o = thumbforth(&p, &["test", "--target", "all"]);
    let out = text(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains(&format!("tests/app.fs:{line}")), "{out}");
    assert!(out.contains("    expected: 3\n    actual:   2\n"), "{out}");
}
