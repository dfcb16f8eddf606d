//! Whatever a user types, the metacompiler answers with success or a
//! diagnostic, never a panic: random lines of real words, numbers, comment
//! and string syntax, and raw junk, fed to one standard build, with two
//! files of random lines that the lines may include (and that may include
//! each other or themselves), and strings that evaluate themselves.

use std::cell::RefCell;

use meta::{Build, BuildOptions};
use proptest::prelude::*;

thread_local! {
    static BUILD: RefCell<Option<Build>> = const { RefCell::new(None) };
}

const WORDS: &[&str] = &[
    ":",
    ";",
    "if",
    "else",
    "then",
    "begin",
    "until",
    "while",
    "repeat",
    "again",
    "do",
    "?do",
    "loop",
    "+loop",
    "leave",
    "i",
    "j",
    "exit",
    "recurse",
    "create",
    "does>",
    "variable",
    "constant",
    "value",
    "to",
    "defer",
    "is",
    "immediate",
    "postpone",
    "literal",
    "[",
    "]",
    "'",
    "[']",
    "(",
    ")",
    "\\",
    "s\"",
    ".\"",
    "\"",
    "c\"",
    "abort\"",
    "case",
    "of",
    "endof",
    "endcase",
    "dup",
    "drop",
    "swap",
    "over",
    "rot",
    "+",
    "-",
    "*",
    "/",
    "mod",
    "@",
    "!",
    "c@",
    "c!",
    ",",
    "allot",
    "here",
    "execute",
    "try",
    "?raise",
    "code",
    "end-code",
    "[if]",
    "[else]",
    "[then]",
    "wordlist",
    "set-order",
    "get-order",
    ">r",
    "r>",
    "cells",
    "x",
    "foo",
    "0",
    "-1",
    "$ff",
    "99999999999",
    "'a'",
    "1.",
    "#",
    "<#",
    "#>",
    "type",
    "emit",
    ".",
    "movs r0, #1",
    "bx lr",
    "include",
    "require",
    "nonexistent.fs",
    "a.fs",
    "b.fs",
    "include a.fs",
    "include b.fs",
    "require a.fs",
    "evaluate",
    "s\" e\" evaluate",
    ": e s\" e\" evaluate ;",
    "e",
    "begin-structure",
    "field:",
    "end-structure",
    "compile-to-ram",
    "compile-to-flash",
    "bye",
    "abort",
    "throw",
    ":noname",
    "2>r",
    "2r>",
];

fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => prop::sample::select(WORDS).prop_map(str::to_owned),
        1 => any::<i32>().prop_map(|n| n.to_string()),
        1 => "[ -~]{0,12}",
        1 => any::<Vec<u8>>().prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
    ]
}

fn line() -> impl Strategy<Value = String> {
    prop::collection::vec(token(), 0..12).prop_map(|t| t.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn random_source_gets_an_answer_not_a_panic(
        lines in prop::collection::vec(line(), 1..6),
        a in prop::collection::vec(line(), 0..4),
        b in prop::collection::vec(line(), 0..4),
    ) {
        BUILD.with(|cell| {
            let mut slot = cell.borrow_mut();
            let build = slot.get_or_insert_with(|| {
                let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../targets");
                let t = target::Target::load("rp2040", &root).unwrap();
                let mut b = Build::new(&t, BuildOptions::default()).unwrap();
                b.session.machine.call_budget = 100_000;
                b
            });
            build.add_virtual_file("a.fs", &a.join("\n"));
            build.add_virtual_file("b.fs", &b.join("\n"));
            let s = &mut build.session;
            let id = s.sources.add("random".into(), None, lines.join("\n"));
            for (n, l) in lines.iter().enumerate() {
                if s.interpret_line(id, n as u32 + 1, l.clone()).is_err() {
                    s.recover();
                }
            }
            s.recover();
            s.machine.console.clear();
        });
    }
}
