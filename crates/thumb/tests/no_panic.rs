//! The assembler never panics on source text, however malformed: every bad
//! input is a diagnostic with a line and column.

use proptest::prelude::*;
use thumb::text::assemble;
use thumb::Profile;

/// Fragments that make up plausible (and implausible) assembly lines.
const WORDS: &[&str] = &[
    "add",
    "adds",
    "ldr",
    "str",
    "ldrb",
    "push",
    "pop",
    "ldm",
    "stmdb",
    "b",
    "beq",
    "bl",
    "cbz",
    "it",
    "ite",
    "ittt",
    "mov",
    "movs",
    "movw",
    "mvn",
    "cmp",
    "lsl",
    "ror",
    "rrx",
    "mul",
    "mla",
    "umull",
    "sdiv",
    "ubfx",
    "bfi",
    "mrs",
    "msr",
    "dmb",
    "svc",
    "udf",
    "tbb",
    "tbh",
    "adr",
    "ldrd",
    "ldrex",
    "strex",
    "sadd16",
    "pkhtb",
    "ssat",
    ".word",
    ".byte",
    ".align",
    ".ltorg",
    ".space",
    ".equ",
    ".req",
    ".ascii",
    ".inst",
    "r0",
    "r7",
    "r8",
    "sp",
    "lr",
    "pc",
    "primask",
    "#",
    "#-",
    "#0x",
    "=",
    ",",
    "[",
    "]",
    "]!",
    "{",
    "}",
    "-",
    "+",
    "(",
    ")",
    "<<",
    ">>",
    "lsl",
    "asr",
    "!",
    "label",
    "1:",
    "1b",
    "1f",
    ".",
    ":",
    "@",
    "/*",
    "*/",
    ";",
    "\"",
    "'",
    "eq",
    "0",
    "1",
    "4",
    "255",
    "4096",
    "0xffffffff",
    "99999999999999999999",
    "-2147483649",
    ".w",
    ".n",
    "\t",
    " ",
];

fn line() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 0..10).prop_map(|w| w.join(" "))
}

fn check(src: &str) {
    for profile in Profile::ALL {
        let out = assemble(src, profile);
        let lines = src.lines().count().max(1) as u32;
        for e in &out.errors {
            assert!(e.line >= 1 && e.line <= lines, "{e} for {src:?}");
            assert!(e.column >= 1, "{e} for {src:?}");
        }
    }
}

proptest! {
    #[test]
    fn token_soup_never_panics(lines in prop::collection::vec(line(), 1..12)) {
        check(&lines.join("\n"));
    }

    #[test]
    fn arbitrary_text_never_panics(src in "\\PC{0,200}") {
        check(&src);
    }
}

#[test]
fn pathological_inputs_are_diagnosed() {
    for src in [
        "b 1b",
        "1: b 1f",
        "x: x: nop",
        ".space -1",
        ".align 40",
        ".word 1/0",
        "ldr r0, =",
        "it eq\nit eq\nmoveq r0, r1",
        "ldr r0, [r1, #99999999999]",
        "add r0, r1, #0x1_0000_0000",
        "cbz r0, far\n.space 200\nfar: nop",
        "a = b\nb = a",
        "x = x + 1",
        "b a\na = 5",
    ] {
        check(src);
    }
}
