//! PC-relative data access: `ldr =value` (which GNU as turns into a move when
//! one encodes the value and a pool load otherwise), explicit `.ltorg` pools,
//! `adr` and `ldr` from a label. The file ends with `.ltorg` so every pool
//! belongs to a line of its own.

use rng::Rng;

use super::Cases;

/// Values for `ldr =`: move-encodable ones, movw-encodable ones, complements
/// and arbitrary words.
const VALUES: [&str; 22] = [
    "0",
    "1",
    "255",
    "256",
    "0x1fe",
    "0xff00",
    "0xffff",
    "0x10000",
    "0x12345",
    "0xff00ff00",
    "0x00ff00ff",
    "0x80000000",
    "0xffffffff",
    "-1",
    "-2",
    "-256",
    "-257",
    "0x7fffffff",
    "0x12345678",
    "0xdeadbeef",
    "0xfffeffff",
    "0x0000abcd",
];

pub fn literal(c: &mut Cases) {
    c.add("lit_back:");
    c.add(".word 0x11111111");

    c.section("ldr = into low registers");
    for r in ["r0", "r7"] {
        for v in VALUES {
            c.add(format!("ldr {r}, ={v}"));
        }
    }
    let mut rng = Rng::new(0x0074_6875_6d62);
    for _ in 0..6 {
        c.add(format!("ldr r3, =0x{:08x}", rng.next_u32()));
    }

    c.section("ldr = into high registers, sp and pc");
    for r in ["r8", "r12", "lr", "sp", "pc"] {
        for v in ["1", "0x1234", "0xff00ff00", "0x12345678"] {
            c.add(format!("ldr {r}, ={v}"));
        }
    }

    c.section("qualified and repeated literals (repeats share a pool slot)");
    for line in [
        "ldr.w r0, =0x12345678",
        "ldr.n r0, =0x12345678",
        "ldr.w r0, =1",
        "ldr.n r0, =1",
        "ldr r1, =0x12345678",
        "ldr r2, =0xdeadbeef",
        "ldr r3, =lit_back",
        "ldr r4, =lit_fwd",
        "ldr r5, =lit_fwd + 4",
    ] {
        c.add(line);
    }
    c.add(".ltorg");

    c.section("a second pool, entered at a halfword boundary");
    c.add("movs r0, r0");
    c.add("ldr r2, =0x12345678");
    c.add("ldr r3, =0xcafef00d");
    c.add(".ltorg");
    c.add("ldr r4, =0x0badf00d");
    c.add("movs r0, r0");
    c.add(".ltorg");
    c.add(".ltorg");

    c.section("adr: backward, forward, aligned and not");
    c.add(".align 2");
    c.add("adr_back:");
    c.add(".word 0");
    c.add("nop");
    for line in [
        "adr r0, adr_back",
        "adr r0, adr_fwd",
        "adr r7, adr_fwd",
        "adr r8, adr_fwd",
        "adr sp, adr_fwd",
        "adr pc, adr_fwd",
        "adr.w r0, adr_fwd",
        "adr.n r0, adr_fwd",
        "adr.n r0, adr_back",
        "adr r0, adr_fwd_half",
        "adr r0, lit_back",
        "adr r0, adr_far",
        "adr.n r0, adr_fwd_half",
    ] {
        c.add(line);
    }
    c.add(".align 2");
    c.add("adr_fwd:");
    c.add(".word 0x22222222");
    c.add(".hword 0");
    c.add("adr_fwd_half:");
    c.add(".hword 0x3333");
    c.add(".space 1024");
    c.add("adr_far:");
    c.add(".word 0x44444444");

    c.section("loads from a label");
    c.add("ldr_back:");
    c.add(".word 0x55555555");
    for op in ["ldr", "ldrb", "ldrh", "ldrsb", "ldrsh"] {
        c.add(format!("{op} r0, ldr_fwd"));
        c.add(format!("{op} r0, ldr_back"));
        c.add(format!("{op}.w r0, ldr_fwd"));
        c.add(format!("{op} r9, ldr_fwd"));
    }
    for line in [
        "ldr.n r0, ldr_fwd",
        "ldr r0, ldr_fwd_half",
        "ldr.n r0, ldr_fwd_half",
        "ldr r0, ldr_far",
        "ldr pc, ldr_fwd",
        "ldrd r0, r1, ldr_fwd",
        "ldrd r0, r1, ldr_back",
        "pld ldr_fwd",
        "str r0, ldr_fwd",
    ] {
        c.add(line);
    }
    c.add(".align 2");
    c.add("ldr_fwd:");
    c.add(".word 0x66666666");
    c.add(".word 0x77777777");
    c.add(".hword 0");
    c.add("ldr_fwd_half:");
    c.add(".hword 0x8888");
    c.add(".space 1100");
    c.add("ldr_far:");
    c.add(".word 0x99999999");

    c.section("a pool beyond the narrow reach, then beyond any reach");
    c.add("ldr r0, =0xa5a5a5a5");
    c.add("ldr r1, =0x5a5a5a5a");
    c.add(".space 1100");
    c.add(".ltorg");
    c.add("ldr r2, =0x3c3c3c3c");
    c.add(".space 4100");
    c.add(".ltorg");

    c.section("the pool for everything since");
    c.add("lit_fwd:");
    c.add("ldr r6, =0x13579bdf");
    c.add(".ltorg");
}
