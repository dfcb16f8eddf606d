//! What the host promises about locals: a list it cannot read is an error
//! at the word that is wrong, a local is a name of its own definition only,
//! and a local costs one load from the return stack, whose frame every way
//! out of the word releases.

#[path = "support/code.rs"]
mod support;

use meta::{Build, BuildOptions};
use support::{build, code, target};

const BOARDS: &[&str] = target::BUILT_IN_TARGETS;

/// The first line of the error of loading `src`: `file:line:col: error: ...`.
fn error_of(board: &str, src: &str) -> String {
    let mut b = Build::new(&target(board), BuildOptions::default()).unwrap();
    match b.load_text("test.fs", src) {
        Ok(()) => panic!("{board}: `{src}` was accepted"),
        Err(d) => d.headline(&b.session.sources),
    }
}

#[test]
fn a_malformed_locals_list_is_an_error_at_its_file_line_and_column() {
    let cases = [
        (
            ": f {: a b",
            "test.fs:1:5: error: `{:` starts a list of locals that has no `:}` on its line",
        ),
        (
            ": f { a b",
            "test.fs:1:5: error: `{` starts a list of locals that has no `}` on its line",
        ),
        (
            ": f {: a | b | c :} ;",
            "test.fs:1:14: error: a second `|` in the locals list of `{:`",
        ),
        (
            ": f {: a } :} ;",
            "test.fs:1:10: error: `}` inside the locals list of `{:`, which ends with `:}`",
        ),
        (
            ": f\n  {: a :} {: b :} ;",
            "test.fs:2:11: error: `f` declares its locals a second time",
        ),
        (
            ": f 1 if {: a :} then ;",
            "test.fs:1:10: error: locals are declared outside control structures",
        ),
        (
            ": f 5 0 do {: a :} loop ;",
            "test.fs:1:12: error: locals are declared outside control structures",
        ),
        ("{: a :}", "test.fs:1:1: error: `{:` is compile-only"),
    ];
    for board in BOARDS {
        for (src, wanted) in cases {
            let e = error_of(board, src);
            assert!(e.starts_with(wanted), "{board}: `{src}`:\n{e}");
        }
    }
}

#[test]
fn more_locals_than_a_definition_holds_are_refused() {
    let names: Vec<String> = (0..33).map(|i| format!("l{i}")).collect();
    let src = format!(": f {{: | {} :}} ;", names.join(" "));
    let e = error_of("rp2040", &src);
    assert!(e.contains("33 locals: at most 32"), "{e}");
}

#[test]
fn a_local_is_undefined_outside_its_definition() {
    for board in BOARDS {
        let e = error_of(board, ": f {: secret :} secret ;\nsecret");
        assert!(
            e.starts_with("test.fs:2:1: error: undefined word `secret`"),
            "{board}: {e}"
        );
        let e = error_of(board, ": f {: secret :} secret ;\n: g secret ;");
        assert!(
            e.starts_with("test.fs:2:5: error: undefined word `secret`"),
            "{board}: {e}"
        );
        // Not even inside its own definition once it is interpreting.
        let e = error_of(board, ": f {: secret :} [ secret ] ;");
        assert!(e.contains("undefined word `secret`"), "{board}: {e}");
    }
}

#[test]
fn to_needs_a_local_or_a_value_and_a_two_value_holds_two_cells() {
    for board in BOARDS {
        let e = error_of(board, "5 constant c : f {: a :} 1 to c ;");
        assert!(e.contains("`c` is not a value"), "{board}: {e}");
        let mut b = build(board, "1 2 2value d  : f {: a b :} b a to d ;");
        b.session.machine.stack.extend([3, 4]);
        for word in ["f", "d"] {
            let dict = &b.session.machine.dict;
            let xt = dict.get(dict.find(word, &[0]).unwrap()).xt;
            b.session.execute(xt, word).unwrap();
        }
        assert_eq!(b.session.machine.stack, [4, 3], "{board}");
    }
}

#[test]
fn a_local_is_one_load_from_the_return_stack_and_exit_releases_the_frame() {
    let b = build("rp2350", ": f {: a b :} a 0= if b exit then a ;");
    let listing = code(&b, "f");
    // The frame: b from the top, a under it, in one push.
    assert!(
        listing.starts_with(&[
            "push {lr}".to_owned(),
            "ldr r0, [r7]".to_owned(),
            "push {r0, r6}".to_owned(),
        ]),
        "{listing:?}"
    );
    // a is at SP, b above it: each read is one load into a register.
    let load = |l: &String, at: &str| l.starts_with("ldr r") && l.ends_with(at);
    assert!(listing.iter().any(|l| load(l, ", [sp]")), "{listing:?}");
    assert!(listing.iter().any(|l| load(l, ", [sp, #4]")), "{listing:?}");
    let releases = listing.iter().filter(|l| *l == "add sp, #8").count();
    assert_eq!(releases, 2, "{listing:?}");
}

#[test]
fn words_without_locals_compile_as_before() {
    let b = build("rp2350", ": f 4 + ;  : g f f ;");
    assert_eq!(code(&b, "f"), ["push {lr}", "adds r6, #4", "pop {pc}"]);
    assert!(!code(&b, "g").iter().any(|l| l.contains("sp, #")));
}
