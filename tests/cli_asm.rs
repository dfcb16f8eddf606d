//! What `thumbforth asm` promises on the command line: one line of lowercase
//! hex per source line that produced bytes, errors as `file:line:col: error:`
//! on stderr with exit status 1, and the good lines printed all the same.
//!
//! Expected bytes were taken from GNU as (`arm-none-eabi-as -mcpu=cortex-m33`).

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

/// Runs the built binary with `args`, feeding `stdin` to it.
fn thumbforth(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_thumbforth"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start thumbforth");
    // Inputs here are tiny, so writing before reading cannot deadlock. The
    // child may exit before reading (usage errors), so a broken pipe is fine.
    let _ = child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(stdin.as_bytes());
    child.wait_with_output().expect("wait for thumbforth")
}

fn stdout(out: &Output) -> &str {
    std::str::from_utf8(&out.stdout).expect("stdout is UTF-8")
}

fn stderr(out: &Output) -> &str {
    std::str::from_utf8(&out.stderr).expect("stderr is UTF-8")
}

/// Asserts success and returns stdout; on failure shows what the tool said.
fn assert_ok(out: &Output) -> &str {
    assert!(
        out.status.success(),
        "expected success, got {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status,
        stdout(out),
        stderr(out)
    );
    stdout(out)
}

/// A file under Cargo's per-test scratch directory, unique per test name.
fn scratch_file(name: &str, contents: &str) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, contents).expect("write scratch file");
    path
}

#[test]
fn narrow_instruction_prints_its_halfword_in_memory_order() {
    let out = thumbforth(&["asm"], "movs r0, #5\n");
    assert_eq!(assert_ok(&out), "0520\n");
}

#[test]
fn wide_instruction_prints_both_halfwords_first_halfword_first() {
    let out = thumbforth(&["asm"], "movw r0, #0x1234\n");
    assert_eq!(assert_ok(&out), "41f23420\n");
}

#[test]
fn dash_reads_standard_input() {
    let out = thumbforth(&["asm", "-"], "movs r0, #5\n");
    assert_eq!(assert_ok(&out), "0520\n");
}

#[test]
fn file_argument_is_assembled() {
    let path = scratch_file(
        "file_argument_is_assembled.s",
        "movs r0, #5\nmovw r0, #0x1234\n",
    );
    let out = thumbforth(&["asm", path.to_str().unwrap()], "");
    assert_eq!(assert_ok(&out), "0520\n41f23420\n");
}

#[test]
fn every_profile_name_is_accepted() {
    for profile in ["armv6m", "armv7m", "armv7em", "armv8m.main"] {
        let out = thumbforth(&["asm", "--profile", profile], "movs r0, #5\n");
        assert_eq!(assert_ok(&out), "0520\n", "profile {profile}");
    }
}

#[test]
fn labels_print_nothing_and_forward_branches_resolve() {
    let src = "\
    movs r0, #0
    cmp r0, #3
    beq done
    adds r0, #1
done:
    bx lr
";
    let out = thumbforth(&["asm"], src);
    assert_eq!(assert_ok(&out), "0020\n0328\n00d0\n0130\n7047\n");
}

#[test]
fn data_directives_print_their_bytes_in_memory_order() {
    let out = thumbforth(&["asm"], ".word 0x12345678\n.hword 0xabcd\n.byte 7\n");
    assert_eq!(assert_ok(&out), "78563412\ncdab\n07\n");
}

#[test]
fn unknown_mnemonic_fails_with_line_and_column_and_keeps_good_lines() {
    let out = thumbforth(&["asm"], "movs r0, #5\nfrobnicate r1\nmovs r1, #1\n");
    assert_eq!(out.status.code(), Some(1), "stderr:\n{}", stderr(&out));
    assert_eq!(stdout(&out), "0520\n0121\n");
    let err = stderr(&out);
    assert!(err.starts_with("<stdin>:2:1: error: "), "stderr:\n{err}");
    assert!(err.contains("frobnicate"), "stderr:\n{err}");
}

#[test]
fn errors_in_a_file_are_prefixed_with_its_path() {
    let path = scratch_file("errors_in_a_file.s", "movs r0, #5\nfrobnicate r1\n");
    let path = path.to_str().unwrap();
    let out = thumbforth(&["asm", path], "");
    assert_eq!(out.status.code(), Some(1), "stderr:\n{}", stderr(&out));
    assert_eq!(stdout(&out), "0520\n");
    assert!(
        stderr(&out).starts_with(&format!("{path}:2:1: error: ")),
        "stderr:\n{}",
        stderr(&out)
    );
}

#[test]
fn unknown_profile_is_a_usage_error() {
    let out = thumbforth(&["asm", "--profile", "armv9z"], "movs r0, #5\n");
    assert!(
        matches!(out.status.code(), Some(1 | 2)),
        "status {:?}",
        out.status
    );
    assert_eq!(stdout(&out), "");
    let err = stderr(&out);
    assert!(err.contains("armv9z"), "stderr:\n{err}");
    assert!(
        err.contains("armv8m.main"),
        "should list the profiles:\n{err}"
    );
}

#[test]
fn armv6m_refuses_movw_naming_the_profile() {
    let out = thumbforth(&["asm", "--profile", "armv6m"], "movw r0, #1\n");
    assert_eq!(out.status.code(), Some(1), "stderr:\n{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    let err = stderr(&out);
    assert!(err.starts_with("<stdin>:1:"), "stderr:\n{err}");
    assert!(err.contains("armv6m"), "stderr:\n{err}");
    assert!(err.to_ascii_lowercase().contains("movw"), "stderr:\n{err}");
}

#[test]
fn default_profile_accepts_thumb2() {
    let out = thumbforth(&["asm"], "movw r0, #1\n");
    assert_eq!(assert_ok(&out), "40f20100\n");
}

#[test]
fn missing_file_fails_naming_the_path() {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("no-such-file.s");
    let path = path.to_str().unwrap();
    let out = thumbforth(&["asm", path], "");
    assert_eq!(out.status.code(), Some(1), "stderr:\n{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    assert!(stderr(&out).contains(path), "stderr:\n{}", stderr(&out));
}

#[test]
fn empty_input_prints_nothing_and_succeeds() {
    let out = thumbforth(&["asm"], "");
    assert_eq!(assert_ok(&out), "");
}
