//! What the commands promise about the files a user hands them: `asm` and
//! `build` refuse an expression nested past the assembler's limit with a
//! located error instead of overflowing the host stack.

mod support;

use std::path::Path;

use support::{text, thumbforth, thumbforth_fed};

/// Asserts the run was refused with status 1 and no crash; returns stderr.
fn refused_with_status_1(out: &std::process::Output, what: &str) -> String {
    let stderr = text(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{what}: {:?}\n{stderr}",
        out.status
    );
    assert!(!stderr.contains("panicked"), "{what}: {stderr}");
    stderr
}

#[test]
fn asm_refuses_ten_thousand_nested_parentheses_with_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    let src = format!(
        "movs r1, #1\nmovs r0, #{}1{}\n",
        "(".repeat(10_000),
        ")".repeat(10_000)
    );
    std::fs::write(dir.path().join("deep.s"), &src).unwrap();
    let out = thumbforth(dir.path(), &["asm", "deep.s"]);
    let stderr = refused_with_status_1(&out, "parentheses");
    // The limit is 256: the 257th parenthesis, after `movs r0, #`, is column 267.
    assert!(
        stderr.starts_with("deep.s:2:267: error: expression nested too deeply"),
        "{stderr}"
    );
    // The good line is still assembled.
    assert_eq!(text(&out.stdout), "0121\n");
}

#[test]
fn asm_refuses_ten_thousand_prefix_operators_with_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    for op in ["-", "~", "+"] {
        let src = format!("movs r0, #{}1\n", op.repeat(10_000));
        let out = thumbforth_fed(dir.path(), &["asm"], src.as_bytes());
        let stderr = refused_with_status_1(&out, op);
        assert!(
            stderr.starts_with("<stdin>:1:")
                && stderr.contains("error: expression nested too deeply"),
            "{op}: {stderr}"
        );
    }
    // `!` is not a prefix operator here: a plain error, not a crash.
    let src = format!("movs r0, #{}1\n", "!".repeat(10_000));
    let out = thumbforth_fed(dir.path(), &["asm"], src.as_bytes());
    let stderr = refused_with_status_1(&out, "!");
    assert!(stderr.starts_with("<stdin>:1:11: error:"), "{stderr}");
}

#[test]
fn asm_still_assembles_expressions_nested_to_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let src = format!("movs r0, #{}5{}\n", "(".repeat(256), ")".repeat(256));
    let out = thumbforth_fed(dir.path(), &["asm"], src.as_bytes());
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "0520\n");
}

#[test]
fn build_refuses_a_code_word_nested_too_deeply_with_the_error_in_the_fs_file() {
    let dir = tempfile::tempdir().unwrap();
    let source = format!(
        ": fine 1 2 + ;\ncode deep\n  movs r0, #{}1\nend-code\n",
        "-".repeat(10_000)
    );
    std::fs::write(dir.path().join("deep.fs"), source).unwrap();
    let out = thumbforth(dir.path(), &["build", "deep.fs", "-o", "deep.elf"]);
    let stderr = refused_with_status_1(&out, "build");
    assert!(
        stderr.starts_with("deep.fs:3:")
            && stderr
                .lines()
                .next()
                .unwrap()
                .contains("expression nested too deeply"),
        "{}",
        &stderr[..stderr.len().min(400)]
    );
    assert!(!Path::new(&dir.path().join("deep.elf")).exists());
}
