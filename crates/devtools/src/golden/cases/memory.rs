//! Loads and stores: every addressing mode of the single, dual, multiple and
//! exclusive forms, with offsets at the edges of each encoding's field.

use super::{Cases, LOW, REGS, REGS_PC};

/// Single-register loads and stores of every size.
const SINGLE: [&str; 8] = [
    "ldr", "ldrb", "ldrh", "ldrsb", "ldrsh", "str", "strb", "strh",
];

/// Offsets around the 5-bit scaled (narrow), 12-bit (wide positive) and
/// 8-bit (wide negative) immediate fields, including `#-0`.
const OFFSETS: [&str; 26] = [
    "0", "1", "2", "3", "4", "31", "32", "62", "64", "124", "128", "252", "255", "256", "1020",
    "1024", "4092", "4095", "4096", "-0", "-1", "-4", "-128", "-255", "-256", "+4",
];

/// Offsets for the pre- and post-indexed forms (8-bit magnitude).
const INDEX_OFFSETS: [&str; 10] = [
    "0", "1", "4", "255", "256", "-1", "-4", "-255", "-256", "-0",
];

pub fn mem(c: &mut Cases) {
    c.section("base register only and immediate offsets");
    for op in SINGLE {
        c.add(format!("{op} r0, [r1]"));
        for off in OFFSETS {
            c.add(format!("{op} r0, [r1, #{off}]"));
        }
    }

    c.section("pre-indexed");
    for op in SINGLE {
        for off in INDEX_OFFSETS {
            c.add(format!("{op} r0, [r1, #{off}]!"));
        }
        c.add(format!("{op} r0, [r0, #4]!"));
        c.add(format!("{op} r8, [r9, #-8]!"));
    }

    c.section("post-indexed");
    for op in SINGLE {
        for off in INDEX_OFFSETS {
            c.add(format!("{op} r0, [r1], #{off}"));
        }
        c.add(format!("{op} r0, [r0], #4"));
        c.add(format!("{op} r8, [r9], #8"));
    }

    c.section("register offsets");
    for op in SINGLE {
        for addr in [
            "[r1, r2]",
            "[r1, r2, lsl #0]",
            "[r1, r2, lsl #1]",
            "[r1, r2, lsl #2]",
            "[r1, r2, lsl #3]",
            "[r1, r2, lsl #4]",
            "[r1, r2, lsr #1]",
            "[r8, r9]",
            "[r1, r8]",
            "[r8, r1, lsl #2]",
            "[sp, r1]",
            "[r1, sp]",
            "[r1, -r2]",
        ] {
            c.add(format!("{op} r0, {addr}"));
        }
        c.add(format!("{op} r8, [r1, r2]"));
    }

    c.section("register sweeps: transfer register and base");
    for op in SINGLE {
        c.every_reg(op, &["{r}, [r1, #4]", "r1, [{r}, #4]"]);
    }
    for op in ["ldr", "str"] {
        c.every_reg(
            op,
            &[
                "{r}, [r1, r2]",
                "r1, [{r}, r2]",
                "r1, [r2, {r}]",
                "{r}, [r1, #-4]",
                "{r}, [r1], #4",
            ],
        );
    }

    c.section("SP-relative");
    for op in ["ldr", "str"] {
        for r in ["r0", "r7", "r8", "lr"] {
            for off in ["0", "4", "8", "1020", "1024", "1", "2", "4095", "-4"] {
                c.add(format!("{op} {r}, [sp, #{off}]"));
            }
        }
        c.add(format!("{op} r0, [sp]"));
        c.add(format!("{op} r0, [sp, #4]!"));
        c.add(format!("{op} r0, [sp], #4"));
        c.add(format!("{op} r0, [sp, #-4]!"));
    }
    for op in ["ldrb", "ldrh", "ldrsb", "ldrsh", "strb", "strh"] {
        c.add(format!("{op} r0, [sp, #4]"));
        c.add(format!("{op} r0, [sp]"));
    }

    c.section("PC-relative (literal) with explicit offsets");
    for op in ["ldr", "ldrb", "ldrh", "ldrsb", "ldrsh"] {
        for off in ["0", "4", "1020", "1024", "2", "4095", "-4", "-4095", "-0"] {
            c.add(format!("{op} r0, [pc, #{off}]"));
        }
        c.add(format!("{op} r8, [pc, #8]"));
        c.add(format!("{op} r0, [pc]"));
    }
    for line in [
        "str r0, [pc, #4]",
        "ldr r0, [pc, r1]",
        "ldr r0, [pc, #4]!",
        "ldr pc, [pc, #4]",
    ] {
        c.add(line);
    }

    c.section("unprivileged");
    for op in [
        "ldrt", "ldrbt", "ldrht", "ldrsbt", "ldrsht", "strt", "strbt", "strht",
    ] {
        for addr in [
            "[r1]",
            "[r1, #0]",
            "[r1, #4]",
            "[r1, #255]",
            "[r1, #256]",
            "[r1, #-4]",
            "[r8, #1]",
        ] {
            c.add(format!("{op} r0, {addr}"));
        }
    }

    c.section("preload");
    for op in ["pld", "pli"] {
        for addr in [
            "[r0]",
            "[r0, #4]",
            "[r0, #4095]",
            "[r0, #-4]",
            "[r0, #-255]",
            "[r0, r1]",
            "[r0, r1, lsl #3]",
            "[sp, #8]",
            "[pc, #8]",
            "[pc, #-8]",
            "[r8, #0]",
        ] {
            c.add(format!("{op} {addr}"));
        }
    }
}

pub fn ldrd(c: &mut Cases) {
    for op in ["ldrd", "strd"] {
        c.section(&format!("{op} addressing modes"));
        c.add(format!("{op} r0, r1, [r2]"));
        for off in [
            "0", "4", "8", "1020", "1024", "-4", "-1020", "-1024", "2", "-0", "+8",
        ] {
            c.add(format!("{op} r0, r1, [r2, #{off}]"));
        }
        for off in ["0", "8", "-8", "1020", "-1020", "1024", "2"] {
            c.add(format!("{op} r0, r1, [r2, #{off}]!"));
            c.add(format!("{op} r0, r1, [r2], #{off}"));
        }

        c.section(&format!("{op} register choices"));
        c.forms(
            op,
            &[
                "r8, r9, [r10]",
                "r0, r2, [r1]",
                "r1, r0, [r2]",
                "r0, r0, [r1]",
                "r0, r1, [r0]",
                "r0, r1, [r1]",
                "r0, r1, [r0, #8]!",
                "r0, r1, [r1], #8",
                "r0, r1, [sp]",
                "r0, r1, [sp, #8]",
                "r0, r1, [sp, #-8]!",
                "r0, r1, [pc, #8]",
                "r0, r1, [pc, #-8]",
                "r0, sp, [r1]",
                "sp, r0, [r1]",
                "r0, pc, [r1]",
                "lr, r0, [r1]",
                "r12, lr, [r0]",
                "r0, [r2]",
                "r0, r1, [r2, r3]",
            ],
        );
        c.every_reg(op, &["{r}, r12, [r0, #16]", "r4, r5, [{r}, #16]"]);
    }
}

/// Every spelling of load/store multiple that Thumb has: IA and DB and their
/// stack-oriented aliases.
const LDM_STM: [&str; 10] = [
    "ldm", "ldmia", "ldmfd", "ldmdb", "ldmea", "stm", "stmia", "stmea", "stmdb", "stmfd",
];

/// Spellings of the ARM-only IB and DA modes.
const LDM_STM_ARM_ONLY: [&str; 8] = [
    "ldmib", "ldmda", "ldmfa", "ldmed", "stmib", "stmda", "stmfa", "stmed",
];

pub fn multiple(c: &mut Cases) {
    c.section("ARM-only addressing modes");
    for op in LDM_STM_ARM_ONLY {
        c.add(format!("{op} r0, {{r1, r2}}"));
        c.add(format!("{op} r0!, {{r1, r2}}"));
    }

    c.section("every spelling with every kind of list");
    for op in LDM_STM {
        for operands in [
            "r0, {r1, r2}",
            "r0!, {r1, r2}",
            "r0!, {r1-r7}",
            "r0, {r0, r1}",
            "r0!, {r0, r1}",
            "r1!, {r0, r1}",
            "r0, {r1}",
            "r0!, {r1}",
            "r0, {r1, r3, r5}",
            "r8, {r0, r1}",
            "r8!, {r0-r7, r9}",
            "r0, {r1, lr}",
            "r0, {r1, pc}",
            "r0, {r1, lr, pc}",
            "r0!, {r1-r12, lr}",
            "sp!, {r0, r1}",
            "sp, {r0, r1}",
            "r0, {r1, sp}",
            "r0, {r8}",
            "r0!, {r8}",
            "r7!, {r0-r6}",
            "r7!, {r0-r7}",
        ] {
            c.add(format!("{op} {operands}"));
        }
    }

    c.section("base register sweep");
    for op in ["ldm", "stm", "ldmdb", "stmdb"] {
        for r in REGS_PC {
            c.add(format!("{op} {r}, {{r1, r2}}"));
            c.add(format!("{op} {r}!, {{r3, r4}}"));
        }
    }

    c.section("push and pop lists");
    for op in ["push", "pop"] {
        for list in [
            "{r0}",
            "{r7}",
            "{r0-r7}",
            "{r0, r1, r2}",
            "{r0-r2}",
            "{r2, r1}",
            "{r1, r3, r5, r7}",
            "{lr}",
            "{r0, lr}",
            "{r4-r7, lr}",
            "{pc}",
            "{r4-r7, pc}",
            "{r8}",
            "{r8-r12}",
            "{r0, r8}",
            "{r4-r11, lr}",
            "{r4-r11, pc}",
            "{r0-r12, lr}",
            "{lr, pc}",
            "{sp}",
            "{r0, sp}",
            "{}",
        ] {
            c.add(format!("{op} {list}"));
        }
        for r in REGS_PC {
            c.add(format!("{op} {{{r}}}"));
        }
    }

    c.section("push and pop spelt as stmdb/ldmia on sp");
    for line in [
        "stmdb sp!, {r4, lr}",
        "stmfd sp!, {r4-r7, lr}",
        "ldmia sp!, {r4, pc}",
        "ldmfd sp!, {r4-r7, pc}",
        "ldm sp!, {r0, r1}",
        "stmdb sp!, {r8}",
        "ldmia sp!, {r8}",
        "stmdb sp!, {r0}",
        "ldmia sp!, {r0}",
        "ldmia sp!, {lr}",
        "stmia sp!, {r0, r1}",
    ] {
        c.add(line);
    }
}

pub fn excl(c: &mut Cases) {
    c.section("load exclusive");
    for addr in [
        "[r1]",
        "[r1, #0]",
        "[r1, #4]",
        "[r1, #1020]",
        "[r1, #1024]",
        "[r1, #2]",
        "[r1, #-4]",
    ] {
        c.add(format!("ldrex r0, {addr}"));
    }
    for r in REGS_PC {
        c.add(format!("ldrex {r}, [r1]"));
        c.add(format!("ldrex r1, [{r}, #8]"));
    }
    for op in ["ldrexb", "ldrexh"] {
        for addr in ["[r1]", "[r1, #0]", "[r1, #1]", "[r8]"] {
            c.add(format!("{op} r0, {addr}"));
        }
        c.add(format!("{op} r9, [r10]"));
    }

    c.section("store exclusive");
    for addr in [
        "[r2]",
        "[r2, #0]",
        "[r2, #4]",
        "[r2, #1020]",
        "[r2, #1024]",
        "[r2, #2]",
    ] {
        c.add(format!("strex r0, r1, {addr}"));
    }
    for line in [
        "strex r0, r0, [r1]",
        "strex r0, r1, [r0]",
        "strex r8, r9, [r10, #8]",
        "strex r0, r1, [sp]",
    ] {
        c.add(line);
    }
    for r in REGS_PC {
        c.add(format!("strex {r}, r1, [r2]"));
        c.add(format!("strex r1, {r}, [r2]"));
        c.add(format!("strex r1, r2, [{r}]"));
    }
    for op in ["strexb", "strexh"] {
        c.forms(
            op,
            &[
                "r0, r1, [r2]",
                "r0, r1, [r2, #0]",
                "r8, r9, [r10]",
                "r0, r0, [r1]",
            ],
        );
    }
    c.add("clrex");

    c.section("acquire/release (ARMv8-M)");
    for op in ["lda", "ldab", "ldah", "ldaex", "ldaexb", "ldaexh"] {
        for r in LOW.iter().take(2).chain(["r8", "lr"].iter()) {
            c.add(format!("{op} {r}, [r2]"));
        }
        c.add(format!("{op} r0, [r2, #0]"));
    }
    for op in ["stl", "stlb", "stlh"] {
        c.add(format!("{op} r0, [r2]"));
        c.add(format!("{op} r9, [r10]"));
    }
    for op in ["stlex", "stlexb", "stlexh"] {
        c.add(format!("{op} r0, r1, [r2]"));
        c.add(format!("{op} r8, r9, [r10]"));
        c.add(format!("{op} r0, r0, [r2]"));
    }
    for r in REGS {
        c.add(format!("lda r0, [{r}]"));
    }
}
