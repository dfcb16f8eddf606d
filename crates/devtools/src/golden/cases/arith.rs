//! Data processing, moves, compares, shifts and multiplies: the instructions
//! whose narrow/wide choice and immediate encoding GNU as decides most often.

use super::{Cases, MODIFIED_IMMS, REGS, REGS_PC};

/// Three-operand data-processing mnemonics, each with and without `s`.
const DP_OPS: [&str; 20] = [
    "add", "adds", "sub", "subs", "rsb", "rsbs", "adc", "adcs", "sbc", "sbcs", "and", "ands",
    "orr", "orrs", "eor", "eors", "bic", "bics", "orn", "orns",
];

/// Shifts that can be applied to a register operand, from no shift to the
/// largest amount each type takes, plus amounts each type refuses.
const OPERAND_SHIFTS: [&str; 14] = [
    "lsl #0", "lsl #1", "lsl #31", "lsl #32", "lsr #1", "lsr #31", "lsr #32", "asr #1", "asr #32",
    "ror #1", "ror #31", "ror #0", "rrx", "asr #33",
];

pub fn dp_imm(c: &mut Cases) {
    c.section("every op against the modified-immediate boundaries");
    for op in DP_OPS {
        for imm in MODIFIED_IMMS {
            c.add(format!("{op} r0, r1, #{imm}"));
        }
    }

    c.section("two-operand form: rd is also the first source");
    for op in DP_OPS {
        for imm in ["0", "1", "7", "8", "255", "256", "0xff00ff00", "-1", "-256"] {
            c.add(format!("{op} r2, #{imm}"));
        }
    }

    c.section("narrow add/sub immediates: 3-bit with rd != rn, 8-bit with rd == rn");
    for op in ["adds", "subs", "add", "sub"] {
        for (rd, rn) in [
            ("r0", "r1"),
            ("r7", "r7"),
            ("r3", "r3"),
            ("r8", "r8"),
            ("r0", "r8"),
        ] {
            for imm in [
                "0", "1", "7", "8", "255", "256", "-1", "-7", "-8", "-255", "-256",
            ] {
                c.add(format!("{op} {rd}, {rn}, #{imm}"));
            }
        }
    }

    c.section("destination sweep");
    for op in [
        "add", "adds", "sub", "subs", "and", "orr", "eor", "bic", "rsb", "adc",
    ] {
        for rd in REGS_PC {
            c.add(format!("{op} {rd}, r1, #1"));
        }
    }

    c.section("first operand sweep");
    for op in [
        "add", "adds", "sub", "subs", "and", "orr", "eor", "bic", "rsb", "sbc",
    ] {
        for rn in REGS_PC {
            c.add(format!("{op} r1, {rn}, #1"));
        }
    }

    c.section("rd == rn sweep with a large immediate");
    for op in ["add", "adds", "sub", "subs", "orn", "ands"] {
        for r in REGS {
            c.add(format!("{op} {r}, {r}, #0x3fc"));
        }
    }

    c.section("addw/subw: plain 12-bit immediates");
    for op in ["addw", "subw", "add", "sub"] {
        for imm in [
            "0", "1", "255", "256", "257", "0x555", "4095", "4096", "-1", "-4095",
        ] {
            c.add(format!("{op} r0, r1, #{imm}"));
        }
    }
    for op in ["addw", "subw"] {
        for rd in REGS_PC {
            c.add(format!("{op} {rd}, r1, #1234"));
        }
        for rn in REGS_PC {
            c.add(format!("{op} r2, {rn}, #1234"));
        }
        c.add(format!("{op} r3, #77"));
        c.add(format!("{op} sp, sp, #4"));
        c.add(format!("{op} sp, #4092"));
    }

    c.section("SP-relative address arithmetic");
    for rd in ["r0", "r7", "r8", "r12", "lr", "sp", "pc"] {
        for imm in ["0", "4", "1020", "1024", "3", "4095", "4096", "-4"] {
            c.add(format!("add {rd}, sp, #{imm}"));
        }
    }
    for imm in [
        "0", "4", "8", "508", "512", "3", "4092", "4095", "-8", "-508", "-512",
    ] {
        c.add(format!("add sp, #{imm}"));
        c.add(format!("add sp, sp, #{imm}"));
        c.add(format!("sub sp, #{imm}"));
        c.add(format!("sub sp, sp, #{imm}"));
    }
    for line in [
        "adds r0, sp, #4",
        "adds sp, sp, #8",
        "subs sp, sp, #8",
        "subs r0, sp, #4",
        "sub r0, sp, #4",
        "sub r0, sp, #1024",
        "sub r8, sp, #0x100",
        "add r0, sp, #0xff00",
        "add sp, sp, #0xff00",
        "sub sp, sp, #0x10000",
        "add sp, r0, #4",
        "sub sp, r0, #4",
        "rsb r0, sp, #4",
        "and sp, sp, #-8",
        "bic sp, sp, #7",
    ] {
        c.add(line);
    }

    c.section("PC-relative address arithmetic");
    for rd in ["r0", "r7", "r8", "sp"] {
        for imm in ["0", "4", "1020", "1024", "3", "4095", "-4"] {
            c.add(format!("add {rd}, pc, #{imm}"));
            c.add(format!("sub {rd}, pc, #{imm}"));
        }
    }
    c.add("adds r0, pc, #4");
    c.add("subs r0, pc, #4");
}

pub fn dp_reg(c: &mut Cases) {
    c.section("register forms of every op");
    for op in DP_OPS {
        c.forms(
            op,
            &[
                "r0, r1, r2",
                "r0, r0, r1",
                "r0, r1, r0",
                "r3, r4",
                "r7, r7, r7",
                "r8, r9, r10",
                "r8, r9",
                "r0, r8",
                "r8, r0",
                "r0, r1, r8",
                "r12, r12, lr",
            ],
        );
    }

    c.section("shifted register operands");
    for op in DP_OPS {
        for shift in OPERAND_SHIFTS {
            c.add(format!("{op} r0, r1, r2, {shift}"));
        }
        c.add(format!("{op} r3, r4, lsl #2"));
        c.add(format!("{op} r8, r9, r10, asr #7"));
        c.add(format!("{op} r0, r1, r2, lsl r3"));
    }

    c.section("register sweeps");
    for op in [
        "add", "adds", "sub", "subs", "and", "ands", "eor", "adc", "orr", "bic",
    ] {
        c.every_reg(
            op,
            &[
                "{r}, r1, r2",
                "r1, {r}, r2",
                "r1, r2, {r}",
                "{r}, r3",
                "r3, {r}",
            ],
        );
    }

    c.section("add with high registers, SP and PC (the 16-bit high-register forms)");
    for line in [
        "add r0, r8",
        "add r8, r0",
        "add r8, r9",
        "add r8, r8, r9",
        "add r9, r8, r9",
        "add r8, r9, r8",
        "add r0, r0, r8",
        "add r0, r8, r0",
        "add r1, r8, r0",
        "add lr, r0",
        "add r0, lr",
        "add lr, lr, r12",
        "add sp, r0",
        "add sp, r8",
        "add sp, sp, r0",
        "add sp, r0, sp",
        "add r0, sp",
        "add r0, sp, r0",
        "add r0, r0, sp",
        "add r8, sp",
        "add r8, sp, r8",
        "add r1, sp, r0",
        "add r0, sp, r1, lsl #2",
        "add r0, sp, r1, lsl #4",
        "add sp, sp, r1, lsl #2",
        "add sp, sp, r1, lsl #4",
        "add sp, sp",
        "add r0, pc",
        "add pc, r0",
        "add pc, r8",
        "add pc, pc",
        "add r0, r0, pc",
        "add pc, pc, r0",
        "adds r8, r9",
        "adds r0, r8",
        "adds sp, r0",
        "adds r0, sp, r1",
        "sub sp, sp, r0",
        "sub sp, r0",
        "sub r0, sp, r1",
        "sub r0, sp, r1, lsl #2",
        "subs r0, sp, r1",
        "sub r8, r8, r9",
        "sub r0, r1, sp",
        "sub pc, pc, r0",
        "rsb r0, r1, sp",
        "and r0, sp, r1",
        "orr sp, r0, r1",
    ] {
        c.add(line);
    }
}

pub fn mov(c: &mut Cases) {
    c.section("immediates");
    for op in ["mov", "movs", "mvn", "mvns"] {
        for imm in MODIFIED_IMMS {
            c.add(format!("{op} r0, #{imm}"));
        }
        for imm in [
            "0x1234", "0xffff", "0x10000", "0x8000", "65535", "-65535", "-65536",
        ] {
            c.add(format!("{op} r0, #{imm}"));
        }
    }

    c.section("immediate destination sweep");
    for op in ["mov", "movs", "mvn", "mvns"] {
        c.every_reg(op, &["{r}, #1", "{r}, #0x1200"]);
    }
    for r in REGS_PC {
        c.add(format!("mov {r}, #0x1234"));
    }

    c.section("register to register");
    for op in ["mov", "movs", "mvn", "mvns"] {
        c.every_reg(op, &["{r}, r1", "r1, {r}", "{r}, r9"]);
        c.add(format!("{op} r0, r0"));
        c.add(format!("{op} sp, sp"));
        c.add(format!("{op} lr, lr"));
    }
    for line in [
        "mov r0, pc",
        "mov pc, lr",
        "mov pc, r0",
        "mov r8, pc",
        "mov sp, lr",
        "mov r8, r8",
    ] {
        c.add(line);
    }

    c.section("shifted register moves");
    for op in ["mov", "movs", "mvn", "mvns"] {
        for shift in OPERAND_SHIFTS {
            c.add(format!("{op} r0, r1, {shift}"));
        }
        c.add(format!("{op} r8, r9, lsl #3"));
        c.add(format!("{op} r0, r9, lsr #3"));
        c.add(format!("{op} r0, r1, lsl r2"));
        c.add(format!("{op} r0, r0, lsl r2"));
        c.add(format!("{op} r0, r0, ror r2"));
        c.add(format!("{op} r0, r0, asr r8"));
        c.add(format!("{op} r8, r8, lsr r1"));
        c.add(format!("{op} r0, r0, rrx"));
        c.add(format!("{op} r0, r1, lsl #0"));
    }

    c.section("movw/movt");
    for op in ["movw", "movt"] {
        for imm in [
            "0", "1", "255", "256", "0x1234", "0x8000", "0xabcd", "0xffff", "65535", "0x10000",
            "-1",
        ] {
            c.add(format!("{op} r0, #{imm}"));
        }
        c.every_reg(op, &["{r}, #0x5a5a"]);
    }
    c.add("mov.w r0, #0x1234");
    c.add("movs r0, #0x1234");
    c.add("mov r8, #0xabcd");
}

pub fn cmp(c: &mut Cases) {
    const OPS: [&str; 4] = ["tst", "teq", "cmp", "cmn"];
    c.section("immediates");
    for op in OPS {
        for imm in MODIFIED_IMMS {
            c.add(format!("{op} r0, #{imm}"));
        }
        c.every_reg(op, &["{r}, #1", "{r}, #0x100"]);
    }
    c.section("registers");
    for op in OPS {
        c.every_reg(op, &["{r}, r1", "r1, {r}", "{r}, r9"]);
        c.forms(op, &["r0, r0", "r7, r7", "r8, r8", "r8, r9", "r12, lr"]);
    }
    c.section("shifted registers");
    for op in OPS {
        for shift in OPERAND_SHIFTS {
            c.add(format!("{op} r0, r1, {shift}"));
        }
        c.add(format!("{op} r8, r9, lsr #3"));
        c.add(format!("{op} r0, r1, lsl r2"));
    }
}

pub fn shift(c: &mut Cases) {
    const OPS: [&str; 8] = ["lsl", "lsls", "lsr", "lsrs", "asr", "asrs", "ror", "rors"];
    c.section("by immediate");
    for op in OPS {
        for n in ["0", "1", "2", "7", "8", "15", "16", "31", "32", "33"] {
            c.add(format!("{op} r0, r1, #{n}"));
            c.add(format!("{op} r2, #{n}"));
        }
        c.add(format!("{op} r8, r9, #1"));
        c.add(format!("{op} r0, r9, #31"));
        c.add(format!("{op} r9, r0, #5"));
        c.add(format!("{op} r7, r7, #3"));
    }
    c.section("by register");
    for op in OPS {
        c.forms(
            op,
            &[
                "r0, r1",
                "r0, r0, r1",
                "r0, r1, r0",
                "r0, r1, r2",
                "r7, r6",
                "r8, r9",
                "r8, r8, r9",
                "r0, r0, r8",
                "r0, r8",
                "r8, r0",
            ],
        );
    }
    c.section("register sweeps");
    for op in ["lsl", "lsls", "asr", "rors"] {
        c.every_reg(
            op,
            &["{r}, r1, #3", "r1, {r}, #3", "{r}, {r}, r2", "r2, r2, {r}"],
        );
    }
    c.section("rrx");
    for op in ["rrx", "rrxs"] {
        c.forms(
            op,
            &[
                "r0, r1", "r0, r0", "r7, r7", "r8, r9", "r0, r12", "r0", "sp, r0", "r0, pc",
            ],
        );
    }
}

pub fn mul(c: &mut Cases) {
    c.section("mul and muls: the 16-bit form needs rd to be one of the sources");
    for op in ["mul", "muls"] {
        c.forms(
            op,
            &[
                "r0, r1, r0",
                "r0, r0, r1",
                "r0, r1, r2",
                "r0, r1",
                "r0, r0",
                "r7, r6, r7",
                "r8, r9, r10",
                "r8, r8, r9",
                "r0, r8, r0",
                "r0, r0, r8",
            ],
        );
        c.every_reg(op, &["{r}, r1, r2", "r1, {r}, r2", "r1, r2, {r}"]);
    }
    c.section("multiply-accumulate");
    for op in ["mla", "mls"] {
        c.forms(
            op,
            &[
                "r0, r1, r2, r3",
                "r0, r0, r0, r0",
                "r8, r9, r10, r11",
                "r12, lr, r0, r1",
            ],
        );
        c.every_reg(op, &["{r}, r1, r2, r3", "r1, r2, r3, {r}"]);
    }
    c.section("flag-setting multiply-accumulate exists only in the ARM instruction set");
    for line in [
        "mlas r0, r1, r2, r3",
        "umulls r0, r1, r2, r3",
        "smlals r0, r1, r2, r3",
        "smulls r0, r1, r2, r3",
    ] {
        c.add(line);
    }
    c.section("long multiplies");
    for op in ["umull", "smull", "umlal", "smlal"] {
        c.forms(
            op,
            &[
                "r0, r1, r2, r3",
                "r1, r0, r2, r3",
                "r0, r0, r1, r2",
                "r0, r1, r0, r1",
                "r8, r9, r10, r11",
                "r12, lr, r0, r1",
            ],
        );
        c.every_reg(op, &["{r}, r1, r2, r3", "r1, r2, r3, {r}"]);
    }
    c.section("divide");
    for op in ["udiv", "sdiv"] {
        c.forms(
            op,
            &[
                "r0, r1, r2",
                "r0, r0, r1",
                "r0, r1",
                "r8, r9, r10",
                "r12, lr, r0",
            ],
        );
        c.every_reg(op, &["{r}, r1, r2", "r1, {r}, r2", "r1, r2, {r}"]);
    }
}
