//! Data directives and alignment. Padding is the interesting part: in a code
//! section GNU as fills alignment gaps with NOPs of the profile's kind (a zero
//! byte first when the gap is odd), after data just as after code, unless the
//! directive names a fill value; the gap belongs to the directive's line.

use super::Cases;

pub fn data(c: &mut Cases) {
    c.add("data_start:");

    c.section("words, halfwords, bytes");
    for line in [
        ".word 0",
        ".word 1, 2, 3",
        ".word 0xffffffff",
        ".word -1",
        ".word 0x80000000",
        ".word -2147483648",
        ".long 0x12345678",
        ".4byte 0xcafebabe",
        ".int 7",
        ".hword 0x1234",
        ".hword 0xffff, -1",
        ".short 5",
        ".2byte 0xbeef",
        ".hword 0x12345",
        ".byte 1",
        ".byte 1, 2, 3",
        ".byte 255",
        ".byte -1",
        ".byte -128",
        ".byte 256",
        ".byte 'a'",
        ".byte 'a', 'Z' + 1",
        ".ascii \"ab\"",
        ".ascii \"a b\\n\\t\\\\\\\"\"",
        ".asciz \"ab\"",
        ".string \"xyz\"",
        ".word 1 + 2 * 3",
        ".word (1 << 31) | 5",
        ".word 0x10 - 0x20",
        ".word 0b1010",
        ".word 0777",
        ".word data_start",
        ".word data_start + 4",
        ".word data_end",
        ".word data_end - data_start",
        ".hword data_end - data_start",
    ] {
        c.add(line);
    }

    c.section("alignment after data");
    c.add(".byte 0xaa");
    c.add(".align 2");
    c.add(".byte 0xbb");
    c.add(".balign 4");
    c.add(".byte 0xcc");
    c.add(".p2align 3");
    c.add(".byte 0xdd");
    c.add(".balign 8, 0xff");
    c.add(".byte 0xee");
    c.add(".p2align 2, 0x5a");
    c.add(".align 0");
    c.add(".align 1");

    c.section("alignment after code");
    for (before, align) in [
        ("movs r0, #1", ".align 2"),
        ("movs r0, #2", ".align 3"),
        ("movs r0, #3", ".align 4"),
        ("movs r0, #4", ".balign 8"),
        ("movs r0, #5", ".p2align 5"),
        ("nop", ".balignw 4, 0x4770"),
        ("nop", ".align 1"),
        ("nop", ".align 2, 0"),
    ] {
        c.add(before);
        c.add(align);
    }
    c.add("movs r0, #6");
    c.add(".byte 1");
    c.add(".align 2");
    c.add("movs r0, #7");
    c.add(".align 2");

    c.section("reserving space");
    for line in [
        ".space 4",
        ".space 3, 0xaa",
        ".skip 2",
        ".zero 3",
        ".fill 2, 2, 0x1234",
        ".fill 3, 1, 0x9",
    ] {
        c.add(line);
    }
    c.add(".align 1");

    c.section("raw instructions");
    for line in [
        ".inst 0xbf00",
        ".inst.n 0xbf00",
        ".inst.w 0xf3af8000",
        ".inst 0xf3af8000",
        ".inst.n 0x4770, 0xbf00",
        ".inst.n 0x12345",
        ".inst.w 0x1234",
    ] {
        c.add(line);
    }

    c.section("symbols");
    for line in [
        ".equ SEVEN, 7",
        ".set BIG, 0x12345678",
        "FIVE = 5",
        "movs r0, #SEVEN",
        "movs r0, #SEVEN * 2 + FIVE",
        "mov r0, #BIG & 0xff00",
        "adds r0, #FIVE",
        ".word BIG",
        ".word SEVEN, FIVE",
        ".byte SEVEN",
        ".equ SEVEN, 8",
        "movs r0, #SEVEN",
        "ldr r0, =BIG",
        "ldr r0, =data_start",
        "movs r0, #(data_end - data_start) & 0xff",
    ] {
        c.add(line);
    }
    c.add(".ltorg");
    c.add("data_end:");
    c.add("nop");
}
