//! The GitHub workflow `thumbforth new` writes: actionlint accepts it (and
//! rejects a broken one; in CI actionlint must be there), it takes the
//! thumbforth repository from the `THUMBFORTH_GIT` variable and skips cleanly without it, caches cargo's
//! build, and publishes the JUnit check only where the token may write checks.

#[path = "support/mod.rs"]
mod support;

use std::path::Path;
use std::process::{Command, Output};

use support::{text, thumbforth};

fn new_workflow() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = thumbforth(dir.path(), &["new", "demo"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let path = dir.path().join("demo/.github/workflows/thumbforth.yml");
    let workflow = std::fs::read_to_string(path).unwrap();
    (dir, workflow)
}

/// Runs actionlint on the project's workflow: the one `cargo xtask test`
/// found or installed (xtask/src/actionlint.rs), else the one on PATH. None
/// when there is none, which only a run outside CI accepts.
fn lint(project: &Path) -> Option<Output> {
    let program = std::env::var_os("THUMBFORTH_ACTIONLINT").unwrap_or_else(|| "actionlint".into());
    match Command::new(program)
        .arg(".github/workflows/thumbforth.yml")
        .current_dir(project)
        .output()
    {
        Ok(out) => Some(out),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !in_ci() => {
            eprintln!("note: actionlint is not installed; the workflow is not linted");
            None
        }
        Err(e) => panic!("actionlint (cargo xtask test installs it): {e}"),
    }
}

fn in_ci() -> bool {
    std::env::var("CI").as_deref() == Ok("true")
}

#[test]
fn actionlint_accepts_the_workflow() {
    let (dir, _) = new_workflow();
    let Some(out) = lint(&dir.path().join("demo")) else {
        return;
    };
    assert!(
        out.status.success(),
        "actionlint:\n{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
}

/// actionlint rejects what it should, so the test above cannot pass by accident.
#[test]
fn actionlint_rejects_a_broken_workflow() {
    let (dir, workflow) = new_workflow();
    let demo = dir.path().join("demo");
    let broken = workflow.replacen("runs-on:", "runs-onn:", 1);
    assert_ne!(broken, workflow);
    std::fs::write(demo.join(".github/workflows/thumbforth.yml"), broken).unwrap();
    let Some(out) = lint(&demo) else {
        return;
    };
    assert!(!out.status.success(), "{}", text(&out.stdout));
    assert!(
        text(&out.stdout).contains("runs-onn"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn the_repository_comes_from_a_variable_and_its_absence_skips_with_a_notice() {
    let (_dir, workflow) = new_workflow();
    assert!(
        workflow.contains("${{ vars.THUMBFORTH_GIT }}"),
        "{workflow}"
    );
    assert!(
        !workflow.contains("THUMBFORTH_GIT: \"\""),
        "no empty placeholder: {workflow}"
    );
    // Without the variable the check prints why and the job still passes.
    let check = workflow
        .split("- name: ")
        .find(|s| s.starts_with("Check that THUMBFORTH_GIT is set"))
        .expect("a step checks the variable");
    assert!(check.contains("::notice"), "{check}");
    assert!(!check.contains("exit 1"), "{check}");
    // Every step that needs thumbforth waits for it.
    for step in ["Install thumbforth", "Build", "Test"] {
        let body = workflow
            .split("- name: ")
            .find(|s| s.starts_with(step))
            .unwrap_or_else(|| panic!("no step {step}"));
        assert!(
            body.contains("if: steps.source.outputs.ready == 'true'"),
            "{step}: {body}"
        );
    }
}

#[test]
fn cargos_build_is_cached() {
    let (_dir, workflow) = new_workflow();
    assert!(
        workflow.contains("uses: Swatinem/rust-cache@")
            || workflow.contains("uses: actions/cache@"),
        "{workflow}"
    );
}

#[test]
fn the_junit_check_is_published_only_where_the_token_may_write_checks() {
    let (_dir, workflow) = new_workflow();
    let (build, publish) = workflow
        .split_once("publish-test-results:")
        .expect("a job publishes the results");
    assert!(!build.contains("checks: write"), "{build}");
    assert!(build.contains("actions/upload-artifact@"), "{build}");
    assert!(publish.contains("checks: write"), "{publish}");
    assert!(
        publish.contains("github.event.pull_request.head.repo.full_name == github.repository"),
        "{publish}"
    );
    assert!(
        publish.contains("mikepenz/action-junit-report@"),
        "{publish}"
    );
}
