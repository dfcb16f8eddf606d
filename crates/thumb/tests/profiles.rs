//! Each profile refuses what it lacks, with a message naming the instruction
//! and the profile, and accepts the same instruction where it exists.

use thumb::text::assemble;
use thumb::Profile;

/// Instructions ARMv6-M (RP2040) lacks but every Thumb-2 profile has.
const THUMB2_ONLY: &[&str] = &[
    "movw r0, #0x1234",
    "movt r0, #1",
    "mov.w r0, #5",
    "add.w r0, r1, r2",
    "add r0, r1, #0xfff",
    "addw r0, r1, #1",
    "subw r0, r1, #1",
    "orn r0, r1, r2",
    "teq r0, r1",
    "lsl.w r0, r1, #2",
    "udiv r0, r1, r2",
    "sdiv r0, r1, r2",
    "mla r0, r1, r2, r3",
    "mls r0, r1, r2, r3",
    "umull r0, r1, r2, r3",
    "smlal r0, r1, r2, r3",
    "clz r0, r1",
    "rbit r0, r1",
    "ubfx r0, r1, #4, #8",
    "sbfx r0, r1, #4, #8",
    "bfi r0, r1, #4, #8",
    "bfc r0, #4, #8",
    "uxtb r0, r1, ror #8",
    "ldr r0, [r1, #-4]",
    "ldr r0, [r1, #4]!",
    "ldr r0, [r1], #4",
    "ldr r8, [r1]",
    "ldrsb r0, [r1, #1]",
    "ldrd r0, r1, [r2]",
    "strd r0, r1, [r2, #8]",
    "ldmdb r0, {r1, r2}",
    "push {r8}",
    "ldrex r0, [r1]",
    "strex r2, r0, [r1]",
    "tbb [r0, r1]",
    "tbh [r0, r1, lsl #1]",
    "it eq",
    "nop.w",
    "b.w 0",
];

#[test]
fn armv6m_refuses_thumb2_instructions_naming_instruction_and_profile() {
    for line in THUMB2_ONLY {
        let out = assemble(line, Profile::V6M);
        assert!(out.lines.is_empty(), "`{line}` produced bytes on armv6m");
        assert_eq!(out.errors.len(), 1, "`{line}`: {:?}", out.errors);
        let message = &out.errors[0].message;
        let mnemonic = line
            .split_whitespace()
            .next()
            .unwrap()
            .trim_end_matches(".w");
        assert!(message.contains("armv6m"), "`{line}`: {message}");
        assert!(
            message.contains(mnemonic),
            "`{line}` does not name `{mnemonic}`: {message}"
        );
    }
}

#[test]
fn thumb2_profiles_accept_what_armv6m_refuses() {
    for profile in [Profile::V7M, Profile::V7EM, Profile::V8MMain] {
        for line in THUMB2_ONLY {
            let out = assemble(line, profile);
            assert!(
                out.errors.is_empty(),
                "{profile} refused `{line}`: {:?}",
                out.errors
            );
            assert_eq!(out.lines.len(), 1, "{profile}: `{line}`");
        }
    }
}

#[test]
fn cbz_is_refused_on_armv6m_even_in_range() {
    let src = "cbz r0, 1f\nnop\n1: nop";
    let out = assemble(src, Profile::V6M);
    assert_eq!(out.errors.len(), 1);
    assert_eq!(out.errors[0].line, 1);
    assert!(out.errors[0].message.contains("armv6m"));
}

#[test]
fn armv6m_keeps_the_32_bit_instructions_it_has() {
    let src = "bl 0\nmrs r0, primask\nmsr primask, r0\ndmb\ndsb\nisb";
    let out = assemble(src, Profile::V6M);
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    let hex: Vec<String> = out.lines.iter().map(|l| hex(&l.bytes)).collect();
    assert_eq!(
        hex,
        ["fff7feff", "eff31080", "80f31088", "bff35f8f", "bff34f8f", "bff36f8f"]
    );
}

#[test]
fn errors_point_at_line_and_column_and_say_what_was_expected() {
    let out = assemble("movs r0, #1\n  add r0, , r1\n", Profile::V8MMain);
    assert_eq!(out.lines.len(), 1);
    let e = &out.errors[0];
    assert_eq!((e.line, e.column), (2, 11));
    assert!(e.message.contains("expected"), "{}", e.message);
}

#[test]
fn branches_out_of_reach_on_armv6m_are_range_errors() {
    let src = "beq far\n.space 400\nfar: nop";
    let out = assemble(src, Profile::V6M);
    assert_eq!(out.errors.len(), 1, "{:?}", out.errors);
    assert!(
        out.errors[0].message.contains("away"),
        "{}",
        out.errors[0].message
    );
    // With Thumb-2 the branch grows to its 32-bit form instead.
    let out = assemble(src, Profile::V7M);
    assert!(out.errors.is_empty());
    assert_eq!(out.lines[0].bytes.len(), 4);
}

#[test]
fn undefined_and_duplicate_labels_are_reported() {
    let out = assemble("b nowhere\nx: nop\nx: nop", Profile::V7EM);
    let messages: Vec<&str> = out.errors.iter().map(|e| e.message.as_str()).collect();
    assert!(
        messages.iter().any(|m| m.contains("nowhere")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("defined twice")),
        "{messages:?}"
    );
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
