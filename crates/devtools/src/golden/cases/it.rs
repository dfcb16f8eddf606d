//! IT blocks. Inside a block the 16-bit data-processing encodings stop setting
//! flags, so GNU as picks narrow encodings for the plain mnemonics and wide
//! ones for the `s` forms: the opposite of its choice outside a block. Every
//! block here is complete and holds only instructions that all Thumb-2
//! profiles accept (ARMv6-M rejects the whole block, line by line).

use thumb::Cond;

use super::{Cases, COND_SPELLINGS};

/// Block shapes after the leading `t`: then/else for slots two to four.
const SHAPES: [&str; 15] = [
    "", "t", "e", "tt", "te", "et", "ee", "ttt", "tte", "tet", "tee", "ett", "ete", "eet", "eee",
];

/// Instructions that cycle through the slots of the shaped blocks: mnemonic
/// (condition goes after it) and operands.
const BODIES: [(&str, &str); 12] = [
    ("add", "r0, r1, r2"),
    ("mov", "r1, #7"),
    ("adds", "r2, r3"),
    ("sub", "r3, #8"),
    ("ldr", "r4, [r5, #4]"),
    ("lsl", "r5, r6, #3"),
    ("str", "r0, [sp, #8]"),
    ("and", "r1, r2"),
    ("cmp", "r0, #9"),
    ("mvn", "r6, #0"),
    ("movs", "r2, r1"),
    ("add", "r8, r9"),
];

/// Instructions worth seeing alone in a block and then outside it, because
/// the IT state changes (or does not change) the encoding GNU as picks.
const CONTRASTS: [(&str, &str); 65] = [
    ("add", "r0, r1, r2"),
    ("adds", "r0, r1, r2"),
    ("add", "r0, r1, #1"),
    ("adds", "r0, r1, #1"),
    ("add", "r0, #200"),
    ("adds", "r0, #200"),
    ("add", "r0, r0, #1"),
    ("sub", "r0, r1, r2"),
    ("subs", "r0, r1, r2"),
    ("sub", "r0, r1, #3"),
    ("sub", "r0, #200"),
    ("subs", "r0, #200"),
    ("mov", "r0, #1"),
    ("movs", "r0, #1"),
    ("mov", "r0, #255"),
    ("mov", "r0, #256"),
    ("mov", "r0, r1"),
    ("movs", "r0, r1"),
    ("mvn", "r0, r1"),
    ("mvns", "r0, r1"),
    ("mvn", "r0, #0"),
    ("and", "r0, r1"),
    ("ands", "r0, r1"),
    ("and", "r0, r0, r1"),
    ("and", "r0, r1, r0"),
    ("orr", "r0, r1"),
    ("eor", "r0, r1"),
    ("bic", "r0, r1"),
    ("adc", "r0, r1"),
    ("sbc", "r0, r1"),
    ("ror", "r0, r1"),
    ("lsl", "r0, r1, #2"),
    ("lsls", "r0, r1, #2"),
    ("lsr", "r0, r1, #2"),
    ("asr", "r0, r1, #2"),
    ("lsl", "r0, r1"),
    ("lsls", "r0, r1"),
    ("asr", "r0, r0, r1"),
    ("mul", "r0, r1, r0"),
    ("neg", "r0, r1"),
    ("negs", "r0, r1"),
    ("rsb", "r0, r1, #0"),
    ("cmp", "r0, r1"),
    ("cmp", "r0, #1"),
    ("cmn", "r0, r1"),
    ("tst", "r0, r1"),
    ("cmp", "r8, r9"),
    ("add", "r8, r9"),
    ("mov", "r8, r9"),
    ("ldr", "r0, [r1]"),
    ("ldr", "r0, [r1, #4]"),
    ("ldr", "r0, [r1, #-4]"),
    ("str", "r0, [sp, #4]"),
    ("ldrb", "r0, [r1, r2]"),
    ("strh", "r0, [r1, #2]"),
    ("push", "{r4, lr}"),
    ("pop", "{r4}"),
    ("ldm", "r0!, {r1, r2}"),
    ("stm", "r0!, {r1, r2}"),
    ("sxtb", "r0, r1"),
    ("rev", "r0, r1"),
    ("add", "r0, sp, #4"),
    ("add", "sp, #8"),
    ("sub", "sp, #8"),
    ("udiv", "r0, r1, r2"),
];

/// Wide-only or otherwise unusual instructions that are still fine in a block.
const WIDE_IN_IT: [(&str, &str); 14] = [
    ("add.w", "r0, r1, r2"),
    ("add", "r0, r1, #0x1000"),
    ("addw", "r0, r1, #1"),
    ("movw", "r0, #0x1234"),
    ("movt", "r0, #0x1234"),
    ("mla", "r0, r1, r2, r3"),
    ("clz", "r0, r1"),
    ("ubfx", "r0, r1, #1, #2"),
    ("ldrd", "r0, r1, [r2]"),
    ("ldr.w", "r0, [r1]"),
    ("nop", ""),
    ("svc", "#1"),
    ("mrs", "r0, primask"),
    ("umull", "r0, r1, r2, r3"),
];

pub fn it(c: &mut Cases) {
    c.add("it_back:");
    c.add("nop");

    c.section("every condition spelling (GNU as refuses most instructions under `it al`)");
    for cond in COND_SPELLINGS.iter().filter(|&&c| c != "al") {
        c.add(format!("it {cond}"));
        c.add(format!("add{cond} r0, r1"));
    }

    c.section("every shape with every condition");
    let mut body = BODIES.iter().cycle();
    for shape in SHAPES {
        for cond in Cond::ALL.into_iter().filter(|&c| c != Cond::Al) {
            c.add(format!("it{shape} {cond}"));
            for slot in std::iter::once('t').chain(shape.chars()) {
                let slot_cond = match slot {
                    't' => cond,
                    _ => cond.invert().expect("only al has no inverse"),
                };
                let (mnemonic, operands) = body.next().expect("cycle never ends");
                c.add(format!("{mnemonic}{slot_cond} {operands}"));
            }
        }
    }

    c.section("narrow in a block, wide with s");
    for line in [
        "it eq",
        "addeq r0, r1, r2",
        "itt ne",
        "movne r0, #1",
        "addsne r0, r1",
        "ite eq",
        "addseq r0, r1, r2",
        "addne r0, r1, r2",
        "ittt lt",
        "lsllt r0, r1, #1",
        "lslslt r0, r1, #1",
        "movlt r0, #0",
        "itttt ge",
        "addge r0, r0, #1",
        "subge r1, r1, #1",
        "andge r2, r3",
        "negge r4, r5",
        "ite gt",
        "movgt r8, r9",
        "movle r8, #1",
    ] {
        c.add(line);
    }

    c.section("the same instruction in a block and after it");
    for (mnemonic, operands) in CONTRASTS {
        c.add("it eq");
        c.add(format!("{mnemonic}eq {operands}"));
        c.add(format!("{mnemonic} {operands}"));
    }

    c.section("wide-only instructions in a block");
    for (mnemonic, operands) in WIDE_IN_IT {
        let (base, qualifier) = mnemonic
            .split_once('.')
            .map_or((mnemonic, ""), |(b, q)| (b, q));
        let dot = if qualifier.is_empty() { "" } else { "." };
        c.add("it hi");
        c.add(format!("{base}hi{dot}{qualifier} {operands}"));
    }

    c.section("instructions allowed only last in a block");
    c.add("it_near:");
    c.add("nop");
    for (shape, cond, lines) in [
        ("", "eq", vec!["beq it_near"]),
        ("", "ne", vec!["bne it_fwd"]),
        ("", "ne", vec!["bne.w it_fwd"]),
        ("", "cs", vec!["bcs.n it_near"]),
        ("", "cc", vec!["bcc it_back"]),
        ("", "eq", vec!["bleq it_fwd"]),
        ("t", "eq", vec!["moveq r0, #1", "bxeq lr"]),
        ("", "lt", vec!["blxlt r3"]),
        ("", "ne", vec!["popne {r4, pc}"]),
        ("", "gt", vec!["ldrgt pc, [sp], #4"]),
        ("", "le", vec!["movle pc, lr"]),
        ("", "mi", vec!["addmi pc, r0"]),
        ("e", "eq", vec!["moveq r0, #1", "bne it_fwd"]),
    ] {
        c.add(format!("it{shape} {cond}"));
        for line in lines {
            c.add(line);
        }
    }

    c.section("flag-to-mask idioms");
    for (shape, lines) in [
        ("e", ["moveq r6, #-1", "movne r6, #0"]),
        ("e", ["mvneq r6, #0", "movne r6, #0"]),
        ("e", ["subeq r6, r6, r6", "mvnne r6, #0"]),
    ] {
        c.add(format!("it{shape} eq"));
        for line in lines {
            c.add(line);
        }
    }
    c.add("it_fwd:");
    c.add("nop");
}
