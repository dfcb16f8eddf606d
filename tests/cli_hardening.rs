//! What the command line promises when the input or the machine is not as
//! expected: `--target all` in a project means the project's boards, a bad
//! board name is a usage error before anything runs, report files get their
//! directory and a path that cannot be used is named before the tests run,
//! outputs are written whole or not at all, a closed pipe ends the program
//! quietly, and every mistake in thumbforth.toml is named at its line.

#[path = "support/mod.rs"]
mod support;

use std::path::Path;
use std::process::Output;

use support::{text, thumbforth};

fn last_line(o: &Output) -> String {
    text(&o.stdout)
        .lines()
        .last()
        .unwrap_or_default()
        .to_owned()
}

fn write(dir: &Path, rel: &str, body: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, body).unwrap();
}

/// A project for the two RP boards whose test reads the RP's SIO, which the
/// stm32f407 does not have: it faults there.
fn rp_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "thumbforth.toml",
        "[project]\nname = \"rp\"\ntargets = [\"rp2350\", \"rp2040\"]\n",
    );
    write(
        dir.path(),
        "tests/sio.fs",
        "testing the SIO\nT{ $D0000000 @ -> 0 }T\n",
    );
    dir
}

#[test]
fn target_all_in_a_project_runs_the_projects_boards_only() {
    let dir = rp_project();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    let o = thumbforth(&dir.path().join("sub"), &["test", "--target", "all"]);
    let out = text(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{out}{}", text(&o.stderr));
    assert!(
        out.contains("== rp2350\n") && out.contains("== rp2040\n"),
        "{out}"
    );
    assert!(!out.contains("stm32f407"), "{out}");
    assert_eq!(last_line(&o), "2 passed, 0 failed", "{out}");
}

#[test]
fn an_unknown_board_in_target_is_a_usage_error_before_anything_runs() {
    let dir = rp_project();
    let o = thumbforth(
        dir.path(),
        &[
            "test",
            "--target",
            "rp2040,stm32",
            "--junit",
            "build/junit.xml",
        ],
    );
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("`stm32`"), "{err}");
    assert!(err.contains("rp2350, rp2040, stm32f407"), "{err}");
    assert_eq!(text(&o.stdout), "", "no test ran");
    assert!(!dir.path().join("build").exists(), "no report was written");
}

#[test]
fn junit_and_json_reports_create_their_parent_directories() {
    let dir = rp_project();
    let o = thumbforth(
        dir.path(),
        &[
            "test",
            "--junit",
            "build/junit.xml",
            "--json",
            "build/json/report.json",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(last_line(&o), "2 passed, 0 failed");
    let junit = std::fs::read_to_string(dir.path().join("build/junit.xml")).unwrap();
    assert!(junit.contains("<testsuites"), "{junit}");
    let json = std::fs::read(dir.path().join("build/json/report.json")).unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(doc["passed"], 2);
}

#[test]
fn report_paths_that_cannot_be_used_are_named_before_any_test_runs() {
    let dir = rp_project();
    let p = dir.path();
    std::fs::create_dir(p.join("reports")).unwrap();
    write(p, "plain", "a file");
    write(p, "garbled.json", "{ not json");
    write(p, "other.json", "{\"cases\": []}");
    let cases: &[(&[&str], &str)] = &[
        (&["--junit", "reports"], "`reports` is a directory"),
        (&["--json", "reports"], "`reports` is a directory"),
        (&["--junit", "plain/junit.xml"], "`plain` is a file"),
        (&["--compare", "missing.json"], "`missing.json`"),
        (&["--compare", "garbled.json"], "`garbled.json`"),
        (&["--compare", "other.json"], "`other.json`"),
    ];
    for (args, expected) in cases {
        let mut all = vec!["test"];
        all.extend_from_slice(args);
        let o = thumbforth(p, &all);
        let err = text(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.contains(expected),
            "{args:?}: expected {expected}, got {err}"
        );
        assert_eq!(text(&o.stdout), "", "{args:?}: no test ran");
    }
    assert!(!p.join("build").exists());
}
