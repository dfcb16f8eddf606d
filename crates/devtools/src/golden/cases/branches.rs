//! Branches to labels. GNU as starts every unqualified branch narrow and
//! widens it when the target is out of reach, so the cases put targets just
//! inside and just outside each narrow range with `.space`, plus a chain where
//! one branch widening pushes another out of range.

use super::{Cases, COND_SPELLINGS, LOW};

/// Forward gaps (bytes of `.space` between a branch and its target) at the
/// narrow limit and one step past it, for `b`, `b<cond>` and `cbz`.
/// A branch at A reaches A + 4 + offset; after a 2-byte branch and N bytes
/// the offset is N - 2.
const FORWARD_GAPS: [(&str, [u32; 2]); 3] = [
    ("b", [2048, 2050]),
    ("beq", [256, 258]),
    ("cbz r0,", [128, 130]),
];

/// Backward gaps: a branch N bytes after its target has offset -(N + 4).
const BACKWARD_GAPS: [(&str, [u32; 2]); 2] = [("b", [2044, 2046]), ("bne", [252, 254])];

pub fn branches(c: &mut Cases) {
    c.add("br_back:");
    c.add("nop");

    c.section("backward to a near label");
    branch_set(c, "br_back");
    c.add("bl br_back");

    c.section("forward to a near label");
    branch_set(c, "br_near");
    c.add("bl br_near");
    c.add("br_near:");
    c.add("nop");

    c.section("to the current location");
    for line in [
        "b .", "b.n .", "b.w .", "beq .", "beq.w .", "bl .", "b . + 4", "b . - 2",
    ] {
        c.add(line);
    }

    c.section("cbz/cbnz: forward only, low registers only");
    for op in ["cbz", "cbnz"] {
        for r in LOW {
            c.add(format!("{op} {r}, cb_fwd"));
        }
        for line in ["r8, cb_fwd", "r0, br_back", "r0, ."] {
            c.add(format!("{op} {line}"));
        }
        c.add(format!("{op}.n r1, cb_fwd"));
        c.add(format!("{op}.w r1, cb_fwd"));
    }
    c.add("cb_fwd:");
    c.add("nop");

    c.section("to the very next instruction (cbz/cbnz cannot say -2)");
    for (i, branch) in [
        "cbz r0,", "cbnz r7,", "b", "b.n", "beq", "b.w", "bne.w", "bl",
    ]
    .iter()
    .enumerate()
    {
        let label = format!("next_{i}");
        c.add(format!("{branch} {label}"));
        c.add(format!("{label}:"));
    }
    c.add("nop");

    c.section("narrow range limits, forward");
    for (i, (branch, gaps)) in FORWARD_GAPS.iter().enumerate() {
        for gap in gaps {
            let label = format!("fwd_{i}_{gap}");
            c.add(format!("{branch} {label}"));
            c.add(format!(".space {gap}"));
            c.add(format!("{label}:"));
        }
    }

    c.section("narrow range limits, backward");
    for (i, (branch, gaps)) in BACKWARD_GAPS.iter().enumerate() {
        for gap in gaps {
            let label = format!("bwd_{i}_{gap}");
            c.add(format!("{label}:"));
            c.add(format!(".space {gap}"));
            c.add(format!("{branch} {label}"));
        }
    }

    c.section("a branch that widens only because the one after it widened");
    c.add("b chain_x");
    c.add(".space 2046");
    c.add("b chain_y");
    c.add("chain_x:");
    c.add(".space 2050");
    c.add("chain_y:");
    c.add("nop");

    c.section("far conditional and long branches");
    c.add("beq far_fwd");
    c.add("bl far_fwd");
    c.add("b far_fwd");
    c.add(".space 4000");
    c.add("far_fwd:");
    c.add("bne br_back");
    c.add("b br_back");
    c.add("bl br_back");

    c.section("table branches");
    for line in [
        "tbb [r0, r1]",
        "tbh [r0, r1, lsl #1]",
        "tbb [r8, r9]",
        "tbh [r8, r9, lsl #1]",
        "tbb [pc, r1]",
        "tbh [pc, r1, lsl #1]",
        "tbb [r0, r1, lsl #1]",
        "tbh [r0, r1]",
        "tbh [r0, r1, lsl #2]",
        "tbb [r0, sp]",
        "tbb [sp, r0]",
        "tbb [r0, pc]",
        "tbb.w [r0, r1]",
    ] {
        c.add(line);
    }
    c.add("tbb [pc, r0]");
    c.add("tbb_table:");
    c.add(".byte (tbb_0 - tbb_table) / 2");
    c.add(".byte (tbb_1 - tbb_table) / 2");
    c.add("tbb_0:");
    c.add("nop");
    c.add("tbb_1:");
    c.add("nop");
    c.add("tbh [pc, r0, lsl #1]");
    c.add("tbh_table:");
    c.add(".hword (tbh_0 - tbh_table) / 2");
    c.add(".hword (tbh_1 - tbh_table) / 2");
    c.add("tbh_0:");
    c.add("nop");
    c.add("tbh_1:");
    c.add("nop");
}

/// `b`, every conditional spelling, with no qualifier, `.n` and `.w`.
fn branch_set(c: &mut Cases, target: &str) {
    for cond in std::iter::once("").chain(COND_SPELLINGS) {
        for qualifier in ["", ".n", ".w"] {
            c.add(format!("b{cond}{qualifier} {target}"));
        }
    }
}
