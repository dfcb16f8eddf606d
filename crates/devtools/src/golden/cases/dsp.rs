//! The ARMv7E-M DSP extension. Every line here is rejected for ARMv6-M and
//! ARMv7-M and accepted from ARMv7E-M on, which makes the topic a test of the
//! profile gate as much as of the encodings.

use super::Cases;

/// Three-register parallel and saturating arithmetic.
const THREE_REG: [&str; 44] = [
    "qadd", "qsub", "qdadd", "qdsub", "sadd16", "sadd8", "ssub16", "ssub8", "sasx", "ssax",
    "qadd16", "qadd8", "qsub16", "qsub8", "qasx", "qsax", "shadd16", "shadd8", "shsub16", "shsub8",
    "shasx", "shsax", "uadd16", "uadd8", "usub16", "usub8", "uasx", "usax", "uqadd16", "uqadd8",
    "uqsub16", "uqsub8", "uqasx", "uqsax", "uhadd16", "uhadd8", "uhsub16", "uhsub8", "uhasx",
    "uhsax", "sel", "usad8", "smmul", "smmulr",
];

/// Halfword and dual multiplies with a fourth (accumulator) register.
const ACCUMULATE: [&str; 18] = [
    "smlabb", "smlabt", "smlatb", "smlatt", "smlawb", "smlawt", "smlad", "smladx", "smlsd",
    "smlsdx", "smmla", "smmlar", "smmls", "smmlsr", "usada8", "smlalbb", "smlald", "smlsldx",
];

pub fn dsp(c: &mut Cases) {
    c.section("three-register arithmetic");
    for op in THREE_REG {
        c.add(format!("{op} r0, r1, r2"));
        c.add(format!("{op} r8, r9, r10"));
    }

    c.section("halfword multiplies");
    for op in [
        "smulbb", "smulbt", "smultb", "smultt", "smulwb", "smulwt", "smuad", "smuadx", "smusd",
        "smusdx",
    ] {
        c.add(format!("{op} r0, r1, r2"));
        c.add(format!("{op} r12, lr, r3"));
    }

    c.section("multiply-accumulate");
    for op in ACCUMULATE {
        c.add(format!("{op} r0, r1, r2, r3"));
        c.add(format!("{op} r8, r9, r10, r11"));
    }

    c.section("packing and extension with add");
    for line in [
        "pkhbt r0, r1, r2",
        "pkhbt r0, r1, r2, lsl #8",
        "pkhbt r0, r1, r2, lsl #31",
        "pkhtb r0, r1, r2, asr #8",
        "pkhtb r0, r1, r2, asr #32",
        "pkhtb r0, r1, r2",
        "sxtab r0, r1, r2",
        "sxtab r0, r1, r2, ror #8",
        "sxtah r0, r1, r2, ror #16",
        "sxtab16 r0, r1, r2",
        "uxtab r0, r1, r2",
        "uxtab r0, r1, r2, ror #24",
        "uxtah r0, r1, r2",
        "uxtab16 r0, r1, r2, ror #8",
        "sxtb16 r0, r1",
        "sxtb16 r0, r1, ror #8",
        "uxtb16 r0, r1",
        "uxtb16 r8, r9, ror #16",
        "ssat16 r0, #1, r1",
        "ssat16 r0, #16, r1",
        "usat16 r0, #0, r1",
        "usat16 r0, #15, r1",
        "msr apsr_g, r0",
        "msr apsr_nzcvqg, r0",
    ] {
        c.add(line);
    }
}
