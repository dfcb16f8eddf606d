//! What the command-line test suites share: running the built `thumbforth`
//! in a directory and reading its output.

#![allow(dead_code)] // each suite uses its own part

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `thumbforth ARGS` run in `dir`, with no input.
pub fn thumbforth(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_thumbforth"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("thumbforth runs")
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// `thumbforth ARGS` run in `dir` with `stdin` piped in.
pub fn thumbforth_fed(dir: &Path, args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_thumbforth"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("thumbforth runs");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}
