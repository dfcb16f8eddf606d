//! What a shell and `man` are given: completion scripts that the shell
//! accepts and that name every subcommand, and manual pages in roff for the
//! command and each subcommand.

#[path = "support/mod.rs"]
mod support;

use support::{text, thumbforth};

const COMMANDS: &[&str] = &["asm", "run", "build", "repl", "see", "test", "flash", "new"];

#[test]
fn bash_completion_is_a_script_bash_reads_that_names_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let out = thumbforth(dir.path(), &["completions", "bash"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let script = text(&out.stdout);
    for c in COMMANDS {
        assert!(script.contains(c), "no {c} in the bash completion");
    }
    // `bash -n` parses without running: the script is valid bash.
    let path = dir.path().join("thumbforth.bash");
    std::fs::write(&path, &script).unwrap();
    let check = std::process::Command::new("bash")
        .arg("-n")
        .arg(&path)
        .output()
        .expect("bash runs");
    assert!(check.status.success(), "{}", text(&check.stderr));
}

#[test]
fn completions_come_for_the_usual_shells_and_an_unknown_one_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["zsh", "fish", "elvish", "powershell"] {
        let out = thumbforth(dir.path(), &["completions", shell]);
        assert!(out.status.success(), "{shell}: {}", text(&out.stderr));
        assert!(text(&out.stdout).contains("build"), "{shell}");
    }
    let out = thumbforth(dir.path(), &["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("invalid value 'tcsh'"));
}

#[test]
fn man_pages_are_roff_for_the_command_and_each_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let out = thumbforth(dir.path(), &["man"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let page = text(&out.stdout);
    assert!(page.contains(".TH thumbforth 1"), "{page}");
    for c in COMMANDS {
        assert!(page.contains(c), "no {c} in the page");
    }
    let out = thumbforth(dir.path(), &["man", "build"]);
    let page = text(&out.stdout);
    assert!(page.contains(".TH thumbforth-build 1"), "{page}");
    assert!(page.contains("\\-\\-target"), "{page}");
    let out = thumbforth(dir.path(), &["man", "nope"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("no command `nope`"));
}
