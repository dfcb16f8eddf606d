//! Explicit width qualifiers. `.w` forces a 32-bit encoding (and is refused
//! where none exists, as on ARMv6-M for most instructions); `.n` demands a
//! 16-bit one and is refused where none fits. Each instruction appears plain,
//! with `.n` and with `.w` so the three choices sit side by side.

use super::Cases;

/// Mnemonic and operands of instructions with a 16-bit form for some
/// operands, followed by operands that only fit 32 bits.
const QUALIFIED: [(&str, &str); 96] = [
    ("adds", "r0, r1, #1"),
    ("adds", "r0, #1"),
    ("adds", "r0, #255"),
    ("adds", "r0, #256"),
    ("add", "r0, r1, #1"),
    ("add", "r0, r1"),
    ("add", "r8, r9"),
    ("add", "r0, r0, r8"),
    ("adds", "r0, r1, r2"),
    ("add", "r0, r1, r2"),
    ("subs", "r0, r1, #1"),
    ("subs", "r0, r1, r2"),
    ("sub", "r0, r1, r2"),
    ("sub", "sp, #4"),
    ("sub", "sp, sp, #4"),
    ("add", "sp, #4"),
    ("add", "sp, #1024"),
    ("add", "r0, sp, #4"),
    ("add", "r0, sp, #1024"),
    ("add", "r0, pc, #4"),
    ("adcs", "r0, r1"),
    ("adc", "r0, r1"),
    ("sbcs", "r0, r1"),
    ("ands", "r0, r1"),
    ("and", "r0, r1"),
    ("ands", "r0, r0, r1"),
    ("ands", "r0, r1, r2"),
    ("orrs", "r0, r1"),
    ("eors", "r0, r1"),
    ("bics", "r0, r1"),
    ("mvns", "r0, r1"),
    ("mvn", "r0, r1"),
    ("movs", "r0, #1"),
    ("mov", "r0, #1"),
    ("movs", "r0, #255"),
    ("movs", "r0, #256"),
    ("movs", "r0, r1"),
    ("mov", "r0, r1"),
    ("mov", "r8, r9"),
    ("movs", "r8, r9"),
    ("cmp", "r0, #1"),
    ("cmp", "r0, #256"),
    ("cmp", "r0, r1"),
    ("cmp", "r8, r9"),
    ("cmp", "r0, r8"),
    ("cmn", "r0, r1"),
    ("tst", "r0, r1"),
    ("lsls", "r0, r1, #2"),
    ("lsl", "r0, r1, #2"),
    ("lsls", "r0, r1"),
    ("lsls", "r0, r0, r1"),
    ("asrs", "r0, r1, #2"),
    ("lsrs", "r0, r1, #32"),
    ("rors", "r0, r1"),
    ("muls", "r0, r1, r0"),
    ("mul", "r0, r1, r0"),
    ("negs", "r0, r1"),
    ("rsbs", "r0, r1, #0"),
    ("sxtb", "r0, r1"),
    ("sxth", "r0, r1"),
    ("uxtb", "r0, r1"),
    ("uxth", "r0, r1"),
    ("rev", "r0, r1"),
    ("rev16", "r0, r1"),
    ("revsh", "r0, r1"),
    ("ldr", "r0, [r1]"),
    ("ldr", "r0, [r1, #4]"),
    ("ldr", "r0, [r1, #128]"),
    ("ldr", "r0, [r1, r2]"),
    ("ldr", "r0, [sp, #4]"),
    ("ldr", "r0, [sp, #1024]"),
    ("ldr", "r0, [pc, #4]"),
    ("ldrb", "r0, [r1, #31]"),
    ("ldrh", "r0, [r1, #62]"),
    ("str", "r0, [r1, #4]"),
    ("strb", "r0, [r1]"),
    ("strh", "r0, [r1, r2]"),
    ("ldrsb", "r0, [r1, r2]"),
    ("ldr", "r8, [r1]"),
    ("push", "{r0}"),
    ("push", "{r0, r1}"),
    ("push", "{r4, lr}"),
    ("pop", "{r0}"),
    ("pop", "{r4, pc}"),
    ("push", "{r8}"),
    ("ldm", "r0!, {r1, r2}"),
    ("ldm", "r0, {r1, r2}"),
    ("stm", "r0!, {r1, r2}"),
    ("ldmia", "r0!, {r1}"),
    ("bx", "lr"),
    ("blx", "r0"),
    ("svc", "#1"),
    ("bkpt", "#1"),
    ("udf", "#1"),
    ("adr", "r0, w_fwd"),
    ("ldr", "r0, w_fwd"),
];

pub fn width(c: &mut Cases) {
    c.section("plain, .n and .w side by side");
    for (mnemonic, operands) in QUALIFIED {
        for qualifier in ["", ".n", ".w"] {
            c.add(format!("{mnemonic}{qualifier} {operands}"));
        }
    }

    c.section("32-bit-only instructions with qualifiers");
    for (mnemonic, operands) in [
        ("ldr", "r0, [r1, #-4]"),
        ("add", "r0, r1, #0x1000"),
        ("movw", "r0, #1"),
        ("mla", "r0, r1, r2, r3"),
        ("clz", "r0, r1"),
        ("ldrd", "r0, r1, [r2]"),
        ("tst", "r0, #1"),
        ("orn", "r0, r1, r2"),
    ] {
        c.add(format!("{mnemonic}.w {operands}"));
        c.add(format!("{mnemonic}.n {operands}"));
    }

    c.section("hints and branches");
    for line in [
        "nop.n",
        "nop.w",
        "yield.w",
        "wfi.n",
        "b.n w_fwd",
        "b.w w_fwd",
        "bl.w w_fwd",
        "bl.n w_fwd",
        "cbz.n r0, w_fwd",
    ] {
        c.add(line);
    }
    c.add(".align 2");
    c.add("w_fwd:");
    c.add(".word 0x0c0ffee0");
}
