//! Bit manipulation: counting, reversing, extending, bit fields, negation and
//! saturation. The 16-bit forms exist only for low registers, which makes the
//! register sweeps the interesting part.

use super::{Cases, REGS_PC};

pub fn bits(c: &mut Cases) {
    c.section("count and reverse");
    for op in ["clz", "rbit", "rev", "rev16", "revsh"] {
        c.forms(
            op,
            &["r0, r1", "r7, r7", "r0, r8", "r8, r0", "r8, r9", "r12, lr"],
        );
        c.every_reg(op, &["{r}, r2", "r2, {r}"]);
    }

    c.section("sign and zero extension, with rotation");
    for op in ["sxtb", "sxth", "uxtb", "uxth"] {
        c.forms(
            op,
            &["r0, r1", "r7, r7", "r0, r8", "r8, r0", "r8, r9", "r0"],
        );
        for rot in ["0", "8", "16", "24", "4", "32"] {
            c.add(format!("{op} r0, r1, ror #{rot}"));
        }
        c.add(format!("{op} r8, r9, ror #16"));
        c.every_reg(op, &["{r}, r3", "r3, {r}"]);
    }

    c.section("bit fields");
    for op in ["ubfx", "sbfx"] {
        for (lsb, width) in [
            (0, 1),
            (0, 32),
            (31, 1),
            (4, 8),
            (1, 31),
            (16, 16),
            (0, 33),
            (31, 2),
            (32, 1),
            (0, 0),
        ] {
            c.add(format!("{op} r0, r1, #{lsb}, #{width}"));
        }
        c.every_reg(op, &["{r}, r1, #3, #5", "r1, {r}, #3, #5"]);
    }
    for (lsb, width) in [
        (0, 1),
        (0, 32),
        (31, 1),
        (4, 8),
        (1, 31),
        (16, 16),
        (0, 33),
        (31, 2),
        (0, 0),
    ] {
        c.add(format!("bfi r0, r1, #{lsb}, #{width}"));
        c.add(format!("bfc r0, #{lsb}, #{width}"));
    }
    for r in REGS_PC {
        c.add(format!("bfi {r}, r1, #8, #4"));
        c.add(format!("bfi r1, {r}, #8, #4"));
        c.add(format!("bfc {r}, #8, #4"));
    }

    c.section("negation");
    for op in ["neg", "negs"] {
        c.forms(
            op,
            &[
                "r0, r1", "r0, r0", "r7, r6", "r0, r8", "r8, r0", "r8, r9", "r0", "sp, r0",
            ],
        );
    }
    for line in [
        "rsbs r0, r1, #0",
        "rsb r0, r1, #0",
        "rsbs r0, r0, #0",
        "rsbs r8, r1, #0",
    ] {
        c.add(line);
    }

    c.section("saturation");
    for op in ["ssat", "usat"] {
        for (sat, shift) in [
            ("1", ""),
            ("0", ""),
            ("8", ""),
            ("16", ""),
            ("31", ""),
            ("32", ""),
            ("8", ", lsl #0"),
            ("8", ", lsl #31"),
            ("8", ", asr #1"),
            ("8", ", asr #31"),
            ("8", ", asr #32"),
            ("8", ", lsl #32"),
        ] {
            c.add(format!("{op} r0, #{sat}, r1{shift}"));
        }
        c.add(format!("{op} r8, #7, r9"));
        c.add(format!("{op} sp, #7, r0"));
    }
}
