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
pub fn thumbforth_fed(dir: &Path, args: &[&str], stdin: impl AsRef<[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_thumbforth"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("thumbforth runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_ref())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// The last line `o` printed on stdout (the summary line of `test`).
pub fn last_line(o: &Output) -> String {
    text(&o.stdout)
        .lines()
        .last()
        .unwrap_or_default()
        .to_owned()
}

/// Writes `body` to `dir/rel`, making its directories; returns the path.
pub fn write(dir: &Path, rel: &str, body: &str) -> PathBuf {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, body).unwrap();
    path
}

/// The standard image for `board`, built in `dir` by `thumbforth build`.
pub fn standard_image(dir: &Path, board: &str) -> PathBuf {
    let out = thumbforth(dir, &["build", "--target", board]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    dir.join(format!("build/thumbforth-{board}.elf"))
}

/// What a standard image prints once main returns, before its console waits.
pub fn banner(board: &str) -> String {
    format!("thumbforth {} on {board}\n", env!("CARGO_PKG_VERSION"))
}

/// The shell command `cmd` run on a pseudo-terminal (`script`, util-linux),
/// typed `keys`, one group after each pause of `pause_ms`, as a person
/// types while the program waits; what the terminal showed.
pub fn at_terminal(cmd: &str, keys: &[&[u8]], pause_ms: u64) -> String {
    let mut child = Command::new("script")
        .args(["-qec", cmd, "/dev/null"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("script (util-linux) runs");
    let mut stdin = child.stdin.take().unwrap();
    let pause = std::time::Duration::from_millis(pause_ms);
    for k in keys {
        std::thread::sleep(pause);
        stdin.write_all(k).unwrap();
    }
    std::thread::sleep(pause);
    drop(stdin);
    text(&child.wait_with_output().unwrap().stdout)
}
