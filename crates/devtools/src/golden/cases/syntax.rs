//! Spellings GNU as accepts for the same instruction: letter case, spacing,
//! comments, number bases, expressions and register aliases. The text front
//! end must read them all the way GNU as does.

use super::Cases;

pub fn syntax(c: &mut Cases) {
    c.section("letter case and spacing");
    for line in [
        "movs r0, #1",
        "MOVS R0, #1",
        "Movs r0, #1",
        "movs r0,#1",
        "movs  r0 ,  #1",
        "  movs r0, #1",
        "movs r0, # 1",
        "movs r0, 1",
        "ADDS R0, R1, R2",
        "LDR R0, [R1, #4]",
        "ldr r0,[r1,#4]",
        "ldr r0, [ r1 , #4 ]",
        "push {r4,lr}",
        "PUSH { R4 , LR }",
        "mrs r0, PRIMASK",
        "cpsid I",
        "IT EQ",
        "MOVEQ R0, #1",
    ] {
        c.add(line);
    }

    c.section("comments and empty statements");
    for line in [
        "movs r0, #2 @ trailing comment",
        "@ whole-line comment",
        "movs r0, #3 /* block comment */",
        "/* only a comment */",
        "",
        "   ",
    ] {
        c.add(line);
    }

    c.section("numbers and expressions");
    for line in [
        "movs r0, #0x1f",
        "movs r0, #0X1F",
        "movs r0, #0b101",
        "movs r0, #017",
        "movs r0, #'a'",
        "movs r0, #(1 + 2) * 3",
        "movs r0, #1 << 4",
        "movs r0, #-1 & 0xff",
        "movs r0, #~0xfe & 0xff",
        "movs r0, #10 / 3",
        "movs r0, #10 % 3",
        "mov r0, #0xff << 8",
        "mov r0, #-0",
        "ldr r0, [r1, #2 * 4]",
        "add r0, r1, #0x10 - 1",
    ] {
        c.add(line);
    }

    c.section("register aliases");
    for line in [
        "mov a1, a2",
        "mov a3, a4",
        "mov v1, v2",
        "mov v7, v8",
        "mov ip, fp",
        "mov sl, sb",
        "mov r13, r14",
        "mov r0, r15",
        "mov tr, r0",
        "tos .req r6",
        "dsp .req r7",
        "ldr tos, [dsp], #4",
        "str tos, [dsp, #-4]!",
        "adds tos, tos, #1",
        ".unreq tos",
        "mov tos, r0",
    ] {
        c.add(line);
    }
}
