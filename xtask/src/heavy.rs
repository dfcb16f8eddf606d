//! Work that needs the workspace's own crates runs as a separate cargo
//! command, after the system packages it needs are in place: that is how
//! `cargo xtask` stays light enough to compile on a machine with only Rust.

use std::process::{Command, ExitStatus};

use anyhow::{bail, Context, Result};

use crate::packages::{self, Need};
use crate::workspace_root;

/// `cargo` as cargo started us, run from the workspace root.
pub fn cargo() -> Command {
    let program = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(program);
    cmd.current_dir(workspace_root());
    cmd
}

/// Runs `cmd`, returning its exit status.
pub fn status(cmd: &mut Command) -> Result<ExitStatus> {
    cmd.status().with_context(|| format!("starting {cmd:?}"))
}

/// Runs a task of the `devtools` binary (crates/devtools) with `args`, after
/// installing what `needs` names. The release builds of devtools and of the
/// `thumbforth` command it runs are made in one cargo invocation first, so
/// cargo can build them side by side.
pub fn devtools(needs: &[Need], args: &[String]) -> Result<ExitStatus> {
    packages::ensure(needs)?;
    let built = status(cargo().args([
        "build",
        "--release",
        "-p",
        "devtools",
        "-p",
        "thumbforth-cli",
    ]))?;
    if !built.success() {
        bail!("building devtools and thumbforth failed");
    }
    status(
        cargo()
            .args(["run", "-q", "--release", "-p", "devtools", "--"])
            .args(args),
    )
}
