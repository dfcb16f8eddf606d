//! What the code generator promises about the code it writes: literals fold
//! into immediate forms, small primitives are inlined, constants become
//! literals, the last call of a word becomes a jump, ARMv6-M code uses only
//! 16-bit Thumb (plus BL), and `code` words name the constants `equ` made.
//! Checked by disassembling with capstone.

#[path = "support/code.rs"]
mod support;

use support::{build, code, disassemble};

#[test]
fn a_literal_before_plus_becomes_an_immediate_add() {
    let b = build("rp2350", ": f 4 + ;");
    assert_eq!(code(&b, "f"), ["push {lr}", "adds r6, #4", "pop {pc}"]);
}

#[test]
fn masks_shifts_and_cell_arithmetic_fold_into_immediates() {
    let b = build("rp2350", ": f $FF and 2 lshift cell+ ;");
    assert_eq!(
        code(&b, "f"),
        [
            "push {lr}",
            "and r6, r6, #0xff",
            "lsls r6, r6, #2",
            "adds r6, #4",
            "pop {pc}"
        ]
    );
}

#[test]
fn constant_expressions_are_computed_at_compile_time() {
    let b = build("rp2350", "10 constant ten : f ten 2 * 1+ cells ;");
    let c = code(&b, "f");
    assert_eq!(c[2], "movs r6, #0x54", "{c:?}");
    assert_eq!(c.len(), 4, "{c:?}");
}

#[test]
fn a_constant_made_by_equ_is_a_symbol_for_the_code_words_after_it() {
    let b = build(
        "rp2350",
        "variable slot  slot equ the_slot\n\
         code f ( -- x )\n    str r6, [r7, #-4]!\n    ldr r6, =the_slot\n    ldr r6, [r6]\nend-code\n\
         : g the_slot ;",
    );
    let word = |name: &str| {
        b.session
            .machine
            .dict
            .iter()
            .filter(|w| w.name == name)
            .last()
            .unwrap()
    };
    let meta::dict::Kind::Constant(addr) = word("slot").kind else {
        panic!("`slot` is not a constant in RAM");
    };
    let c = code(&b, "f");
    assert!(c[1].starts_with("ldr r6, [pc"), "{c:?}");
    let bytes = b.session.machine.read(word("f").code_addr(), 16).unwrap();
    assert!(
        bytes.chunks(4).any(|w| w == addr.to_le_bytes()),
        "the literal pool holds the variable's address {addr:#x}: {bytes:02x?}"
    );
    // Still a constant to Forth.
    assert_eq!(code(&b, "g")[2], format!("movw r6, #{:#x}", addr & 0xffff));
}

#[test]
fn the_newest_equ_of_a_name_is_the_one_code_words_see() {
    let b = build(
        "rp2350",
        "1 equ step  2 equ step\ncode f ( n -- n' )\n    adds r6, #step\nend-code",
    );
    assert_eq!(code(&b, "f")[0], "adds r6, #2");
}

#[test]
fn an_equ_name_the_assembler_cannot_read_stays_a_forth_constant_and_code_words_still_assemble() {
    let b = build(
        "rp2350",
        "3 equ three-ish\ncode f ( n -- n' )\n    adds r6, #1\nend-code\n: g three-ish ;",
    );
    assert_eq!(code(&b, "f")[0], "adds r6, #1");
    assert_eq!(code(&b, "g")[2], "movs r6, #3");
}

#[test]
fn store_to_a_variable_uses_its_address_directly() {
    let b = build("rp2350", "variable v : f 7 v ! ;");
    let c = code(&b, "f");
    // The value and the address in registers, one store, nothing pushed.
    assert_eq!(
        c.iter().filter(|l| l.starts_with("str")).count(),
        1,
        "{c:?}"
    );
    assert!(!c.iter().any(|l| l.contains("[r7")), "{c:?}");
}

#[test]
fn small_primitives_are_inlined_not_called() {
    let b = build("rp2350", ": f dup * swap drop ;");
    let c = code(&b, "f");
    assert!(!c.iter().any(|l| l.starts_with("bl")), "{c:?}");
}

#[test]
fn the_last_call_of_a_word_is_a_jump() {
    // `exit` keeps g a call (it is not inlined).
    let b = build("rp2350", ": g 1 exit ; : f dup g ;");
    let c = code(&b, "f");
    let n = c.len();
    assert_eq!(c[n - 2], "ldr lr, [sp], #4", "{c:?}");
    assert!(c[n - 1].starts_with("b.w"), "{c:?}");
    let b = build("rp2040", ": g 1 exit ; : f dup g ;");
    let c = code(&b, "f");
    let n = c.len();
    assert_eq!(&c[n - 3..n - 1], ["pop {r0}", "mov lr, r0"], "{c:?}");
    assert!(c[n - 1].starts_with('b'), "{c:?}");
}

#[test]
fn armv6m_code_is_sixteen_bit_thumb_except_bl() {
    let src = ": f ( n -- ) 100000 + $F0F0 and 3 lshift 0 ?do i drop loop ;
               : g begin dup while 1- repeat drop 12345678 f ;";
    let b = build("rp2040", src);
    for word in ["f", "g"] {
        let listing = meta::see::listing(&b.session, word, disassemble).unwrap();
        for line in listing.lines().skip(1) {
            let hex = line.split_whitespace().nth(1).unwrap();
            assert!(
                hex.len() == 4 || line.contains(" bl ") || line.contains(".word"),
                "{word}: {line}"
            );
        }
    }
}

#[test]
fn see_output_is_stable() {
    let b = build(
        "rp2350",
        ": add-up ( addr n -- ) 0 ?do i over +! loop drop ; : f pad 3 add-up ;",
    );
    let listing = meta::see::listing(&b.session, "add-up", disassemble).unwrap();
    // Addresses depend on the kernel's size: keep only the instructions.
    let body: Vec<String> = listing
        .lines()
        .skip(1)
        .map(|l| {
            // Drop the address and the bytes, which move with the kernel.
            let insn = l.split_once(": ").unwrap().1.get(11..).unwrap_or("");
            insn.split(' ')
                .map(|t| match t.trim_start_matches('#').strip_prefix("0x") {
                    Some(h) if u32::from_str_radix(h, 16).is_ok_and(|a| a >= 0x1000_0000) => {
                        "<addr>"
                    }
                    _ => t,
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    insta::assert_snapshot!("see_add_up", body.join("\n"));
    let f = meta::see::listing(&b.session, "f", disassemble).unwrap();
    assert!(f.contains("; add-up"), "calls are named: {f}");
}
