//! Random units for `cargo xtask fuzz-gas`: one instruction, or one IT block
//! whose members carry the conditions the block announces.
//!
//! The golden corpus lists chosen cases; this generator draws the operand
//! combinations nobody thought to list. Draws lean towards the places where
//! encodings change (low versus high registers, immediates on the edge of
//! an encoding, out-of-range shifts and bit fields), and invalid forms are
//! wanted too: agreeing with GNU as on what to reject matters as much as
//! agreeing on bytes. Every line is GNU as unified syntax.

use rng::Rng;

/// Register names as written in source; `sp`, `lr` and `pc` by name, the way
/// programs (and GNU as's messages) spell them.
const REGS: [&str; 16] = [
    "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11", "r12", "sp", "lr",
    "pc",
];

/// Condition suffixes, with the `hs`/`lo` aliases of `cs`/`cc`.
const CONDS: [&str; 16] = [
    "eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc", "hi", "ls", "ge", "lt", "gt", "le", "hs", "lo",
];

/// Data-processing operations that share the `op{s} rd, rn, operand` shapes.
const DP_OPS: [&str; 10] = [
    "add", "adc", "sub", "sbc", "rsb", "and", "orr", "eor", "bic", "orn",
];

/// Constants on the boundaries of the immediate encodings: modified
/// immediates and their negations/inversions, the 12-bit and 16-bit limits,
/// and the word-scaled limits of the 16-bit forms.
const EDGE_IMMS: [i64; 20] = [
    0xffff_ffff,
    0xff00_ff00,
    0x00ff_00ff,
    0x1234_5678,
    0xffff_fffe,
    0x8000_0000,
    0x7fff_ffff,
    0x10000,
    0xffff,
    0x1fe,
    0x3fc,
    -4096,
    -1,
    -2,
    8,
    7,
    1020,
    1024,
    508,
    512,
];

/// Load/store offsets around the limits of each addressing form (scaled
/// 5-bit, 8-bit, 12-bit, negative) plus misaligned ones.
const MEM_OFFSETS: [i64; 20] = [
    0, 1, 2, 3, 4, 31, 32, 62, 64, 124, 128, 255, 256, 1020, 1024, 4095, -1, -4, -255, -256,
];

/// Offsets for the doubleword forms (scaled 8-bit, both signs).
const DUAL_OFFSETS: [i64; 7] = [0, 4, 8, -8, 1020, -1020, 12];

/// Instructions kept out of IT blocks: those that take no condition, must
/// come last in a block, or whose in-block rules the corpus covers already.
/// Inside a block they would mostly make both assemblers reject the unit,
/// which tests nothing new.
const NOT_IN_IT: [&str; 14] = [
    "push", "pop", "ldm", "stm", "bx", "blx", "bkpt", "udf", "cpsi", "dmb", "isb", "dsb", "tbb",
    "tbh",
];

/// Special registers for `mrs`/`msr`, including ones only some profiles have.
const SYSREGS: [&str; 16] = [
    "apsr",
    "iapsr",
    "eapsr",
    "xpsr",
    "ipsr",
    "epsr",
    "iepsr",
    "msp",
    "psp",
    "primask",
    "basepri",
    "basepri_max",
    "faultmask",
    "control",
    "msplim",
    "psplim",
];

/// The condition an `e` slot of an IT block must carry.
fn inverse(cond: &str) -> &'static str {
    match cond {
        "eq" => "ne",
        "ne" => "eq",
        "cs" => "cc",
        "cc" => "cs",
        "mi" => "pl",
        "pl" => "mi",
        "vs" => "vc",
        "vc" => "vs",
        "hi" => "ls",
        "ls" => "hi",
        "ge" => "lt",
        "lt" => "ge",
        "gt" => "le",
        "le" => "gt",
        "hs" => "lo",
        "lo" => "hs",
        other => panic!("no inverse for condition `{other}`"),
    }
}

/// Draws units from a seeded [`Rng`]; the same seed always yields the same
/// units, so any mismatch can be replayed.
pub struct Generator {
    rng: Rng,
}

impl Generator {
    pub fn new(seed: u64) -> Generator {
        Generator {
            rng: Rng::new(seed),
        }
    }

    /// The first `n` units of this seed's stream.
    pub fn units(&mut self, n: usize) -> Vec<Vec<String>> {
        (0..n).map(|_| self.unit()).collect()
    }

    /// One unit: a fifth are IT blocks, the rest a single unconditional
    /// instruction.
    pub fn unit(&mut self) -> Vec<String> {
        if self.rng.chance(0.2) {
            self.it_block()
        } else {
            vec![self.insn("")]
        }
    }

    /// An IT instruction of one to four slots followed by one member per
    /// slot, each with the condition (`t`) or its inverse (`e`) its slot asks
    /// for, so that GNU as has no reason to reject the block as a block.
    fn it_block(&mut self) -> Vec<String> {
        let cond = *self.rng.pick(&CONDS);
        let extra = self.rng.below(4);
        let pattern: String = (0..extra)
            .map(|_| if self.rng.chance(0.5) { 't' } else { 'e' })
            .collect();
        let mut lines = vec![format!("it{pattern} {cond}")];
        for slot in std::iter::once('t').chain(pattern.chars()) {
            let member_cond = if slot == 't' { cond } else { inverse(cond) };
            lines.push(self.it_member(member_cond));
        }
        lines
    }

    /// A conditional instruction allowed anywhere in an IT block.
    fn it_member(&mut self, cond: &str) -> String {
        loop {
            let insn = self.insn(cond);
            if !NOT_IN_IT.iter().any(|p| insn.starts_with(p)) {
                return insn;
            }
        }
    }

    /// One instruction with condition suffix `cond` (empty outside IT
    /// blocks). Loads and stores get two shares: they have the most forms.
    fn insn(&mut self, cond: &str) -> String {
        match self.rng.below(17) {
            0 => self.data_processing(cond),
            1 => self.move_insn(cond),
            2 => self.compare(cond),
            3 => self.shift_insn(cond),
            4 => self.multiply(cond),
            5 => self.extend_reverse(cond),
            6 | 7 => self.load_store(cond),
            8 => self.push_pop(cond),
            9 => self.load_store_multiple(cond),
            10 => self.dual(cond),
            11 => self.assorted(cond),
            12 => self.literal_load(cond),
            13 => self.system(cond),
            14 => self.dsp(cond),
            15 => self.saturate_bitfield(cond),
            _ => self.misc(cond),
        }
    }

    // ---- operands -------------------------------------------------------

    /// A register, low (r0-r7) 60% of the time since low registers are what
    /// make the 16-bit encodings possible.
    fn reg(&mut self) -> &'static str {
        self.reg_low(0.6)
    }

    /// A register that is low with probability `low`, otherwise any register
    /// (so sp and pc, which many encodings forbid, come up too).
    fn reg_low(&mut self, low: f64) -> &'static str {
        if self.rng.chance(low) {
            REGS[self.rng.below(8) as usize]
        } else {
            REGS[self.rng.below(REGS.len() as u64) as usize]
        }
    }

    /// The flag-setting suffix, present half the time.
    fn s(&mut self) -> &'static str {
        if self.rng.chance(0.5) {
            "s"
        } else {
            ""
        }
    }

    /// An explicit width qualifier now and then, mostly none: the qualifiers
    /// force or forbid the 32-bit form, which is where size selection differs.
    fn width(&mut self) -> &'static str {
        let r = self.rng.fraction();
        if r < 0.1 {
            ".w"
        } else if r < 0.15 {
            ".n"
        } else {
            ""
        }
    }

    /// Mnemonic, flag suffix, condition and width run together.
    fn head(&mut self, op: &str, s: &str, cond: &str) -> String {
        format!("{op}{s}{cond}{}", self.width())
    }

    /// A constant as written after `#` or `=`: small, 12-bit, negative,
    /// a shifted byte (modified-immediate shaped) or an edge value; hex or
    /// decimal, since both spellings must parse alike.
    fn imm_value(&mut self) -> String {
        let c = self.rng.fraction();
        let v: i64 = if c < 0.3 {
            self.rng.below(256) as i64
        } else if c < 0.5 {
            self.rng.below(4096) as i64
        } else if c < 0.6 {
            -self.rng.between(1, 299)
        } else if c < 0.8 {
            (self.rng.below(256) as i64) << self.rng.below(25)
        } else {
            *self.rng.pick(&EDGE_IMMS)
        };
        if v >= 0 && self.rng.chance(0.5) {
            format!("{v:#x}")
        } else {
            v.to_string()
        }
    }

    fn imm(&mut self) -> String {
        format!("#{}", self.imm_value())
    }

    /// A shift operand, amounts within each kind's assembler range (lsr/asr
    /// #32 included, which some forms take and others refuse).
    fn shift(&mut self) -> String {
        match self.rng.below(5) {
            0 => format!("lsl #{}", self.rng.between(0, 31)),
            1 => format!("lsr #{}", self.rng.between(1, 32)),
            2 => format!("asr #{}", self.rng.between(1, 32)),
            3 => format!("ror #{}", self.rng.between(1, 31)),
            _ => "rrx".to_string(),
        }
    }

    /// A register list of 1 to `max` distinct registers in ascending order.
    fn reg_list(&mut self, max: i64) -> String {
        let count = self.rng.between(1, max) as usize;
        let regs: Vec<&str> = self
            .rng
            .sample(REGS.len(), count)
            .into_iter()
            .map(|i| REGS[i])
            .collect();
        format!("{{{}}}", regs.join(", "))
    }

    /// An optional `, ror #n` for the extend instructions (30% of the time).
    fn rotation(&mut self) -> String {
        if self.rng.chance(0.3) {
            format!(", ror #{}", self.rng.pick(&[0, 8, 16, 24]))
        } else {
            String::new()
        }
    }

    // ---- instruction groups ---------------------------------------------

    /// The ten data-processing operations in every operand shape: immediate,
    /// two-operand, register and shifted register.
    fn data_processing(&mut self, cond: &str) -> String {
        let op = *self.rng.pick(&DP_OPS);
        let s = self.s();
        let h = self.head(op, s, cond);
        match self.rng.below(5) {
            0 => format!("{h} {}, {}, {}", self.reg(), self.reg(), self.imm()),
            1 => format!("{h} {}, {}", self.reg(), self.imm()),
            2 => format!("{h} {}, {}, {}", self.reg(), self.reg(), self.reg()),
            3 => format!("{h} {}, {}", self.reg(), self.reg()),
            _ => format!(
                "{h} {}, {}, {}, {}",
                self.reg(),
                self.reg(),
                self.reg(),
                self.shift()
            ),
        }
    }

    /// `mov`/`mvn` with an immediate, a register or a shifted register (the
    /// latter is how GNU as spells shifts as moves).
    fn move_insn(&mut self, cond: &str) -> String {
        let op = *self.rng.pick(&["mov", "mvn"]);
        let s = self.s();
        let h = self.head(op, s, cond);
        match self.rng.below(3) {
            0 => format!("{h} {}, {}", self.reg(), self.imm()),
            1 => format!("{h} {}, {}", self.reg(), self.reg()),
            _ => format!("{h} {}, {}, {}", self.reg(), self.reg(), self.shift()),
        }
    }

    /// Flag-only comparisons, which have no `s` suffix.
    fn compare(&mut self, cond: &str) -> String {
        let op = *self.rng.pick(&["cmp", "cmn", "tst", "teq"]);
        let h = self.head(op, "", cond);
        match self.rng.below(3) {
            0 => format!("{h} {}, {}", self.reg(), self.imm()),
            1 => format!("{h} {}, {}", self.reg(), self.reg()),
            _ => format!("{h} {}, {}, {}", self.reg(), self.reg(), self.shift()),
        }
    }

    /// Shift instructions by immediate (0 to 32, so both ends of every
    /// kind's range and one past them), by register, and two-operand.
    fn shift_insn(&mut self, cond: &str) -> String {
        let op = *self.rng.pick(&["lsl", "lsr", "asr", "ror"]);
        let s = self.s();
        let h = self.head(op, s, cond);
        match self.rng.below(3) {
            0 => format!(
                "{h} {}, {}, #{}",
                self.reg(),
                self.reg(),
                self.rng.between(0, 32)
            ),
            1 => format!("{h} {}, {}, {}", self.reg(), self.reg(), self.reg()),
            _ => format!("{h} {}, {}", self.reg(), self.reg()),
        }
    }

    /// Multiplies, long multiplies and divides.
    fn multiply(&mut self, cond: &str) -> String {
        let op = *self.rng.pick(&[
            "mul", "mla", "mls", "umull", "smull", "umlal", "smlal", "udiv", "sdiv",
        ]);
        match op {
            "mul" => {
                let s = self.s();
                let h = self.head("mul", s, cond);
                format!("{h} {}, {}, {}", self.reg(), self.reg(), self.reg())
            }
            "udiv" | "sdiv" => format!("{op}{cond} {}, {}, {}", self.reg(), self.reg(), self.reg()),
            _ => format!(
                "{op}{cond} {}, {}, {}, {}",
                self.reg(),
                self.reg(),
                self.reg(),
                self.reg()
            ),
        }
    }

    /// Two-register bit operations and extends (with an optional rotation).
    fn extend_reverse(&mut self, cond: &str) -> String {
        let op = *self.rng.pick(&[
            "clz", "rbit", "rev", "rev16", "revsh", "sxtb", "sxth", "uxtb", "uxth",
        ]);
        let h = self.head(op, "", cond);
        let mut text = format!("{h} {}, {}", self.reg(), self.reg());
        if op[1..].starts_with("xt") {
            text.push_str(&self.rotation());
        }
        text
    }

    /// Single loads and stores in every addressing mode: plain, offset,
    /// pre- and post-indexed, register and shifted register. The base is low
    /// a little more often, as real code's is.
    fn load_store(&mut self, cond: &str) -> String {
        let op = *self.rng.pick(&[
            "ldr", "ldrb", "ldrh", "ldrsb", "ldrsh", "str", "strb", "strh",
        ]);
        let h = self.head(op, "", cond);
        let rt = self.reg();
        let rn = self.reg_low(0.7);
        let off = *self.rng.pick(&MEM_OFFSETS);
        match self.rng.below(6) {
            0 => format!("{h} {rt}, [{rn}]"),
            1 => format!("{h} {rt}, [{rn}, #{off}]"),
            2 => format!("{h} {rt}, [{rn}, #{off}]!"),
            3 => format!("{h} {rt}, [{rn}], #{off}"),
            4 => format!("{h} {rt}, [{rn}, {}]", self.reg()),
            _ => format!(
                "{h} {rt}, [{rn}, {}, lsl #{}]",
                self.reg(),
                self.rng.between(0, 3)
            ),
        }
    }

    /// `push`/`pop` with up to five registers, any of them (so the 16-bit
    /// lr/pc forms, single-register forms and illegal sp/pc lists all occur).
    fn push_pop(&mut self, cond: &str) -> String {
        let op = *self.rng.pick(&["push", "pop"]);
        let h = self.head(op, "", cond);
        format!("{h} {}", self.reg_list(5))
    }

    /// Load/store multiple under every alias, with and without writeback.
    fn load_store_multiple(&mut self, cond: &str) -> String {
        let op = *self.rng.pick(&[
            "ldm", "stm", "ldmia", "stmia", "ldmdb", "stmdb", "ldmfd", "stmfd",
        ]);
        let h = self.head(op, "", cond);
        let base = self.reg();
        let writeback = *self.rng.pick(&["", "!"]);
        format!("{h} {base}{writeback}, {}", self.reg_list(4))
    }

    /// Doubleword loads and stores with offset, pre- and post-index.
    fn dual(&mut self, cond: &str) -> String {
        let op = *self.rng.pick(&["ldrd", "strd"]);
        let off = *self.rng.pick(&DUAL_OFFSETS);
        let rn = self.reg();
        let addr = match self.rng.below(3) {
            0 => format!("[{rn}, #{off}]"),
            1 => format!("[{rn}, #{off}]!"),
            _ => format!("[{rn}], #{off}"),
        };
        format!("{op}{cond} {}, {}, {addr}", self.reg(), self.reg())
    }

    /// Thumb-2 instructions with their own immediate fields: exclusives,
    /// `addw`/`subw`, `movw`/`movt`, bit fields, `neg`.
    fn assorted(&mut self, cond: &str) -> String {
        match self.rng.below(10) {
            0 => format!(
                "ldrex{cond} {}, [{}, #{}]",
                self.reg(),
                self.reg(),
                self.rng.pick(&[0, 4, 1020])
            ),
            1 => format!(
                "strex{cond} {}, {}, [{}]",
                self.reg(),
                self.reg(),
                self.reg()
            ),
            2 => format!(
                "addw{cond} {}, {}, #{}",
                self.reg(),
                self.reg(),
                self.rng.below(4096)
            ),
            3 => format!(
                "subw{cond} {}, {}, #{}",
                self.reg(),
                self.reg(),
                self.rng.below(4096)
            ),
            4 => format!("movw{cond} {}, #{}", self.reg(), self.rng.below(65536)),
            5 => format!("movt{cond} {}, #{}", self.reg(), self.rng.below(65536)),
            6 => format!(
                "ubfx{cond} {}, {}, #{}, #{}",
                self.reg(),
                self.reg(),
                self.rng.between(0, 31),
                self.rng.between(1, 8)
            ),
            7 => format!(
                "bfc{cond} {}, #{}, #{}",
                self.reg(),
                self.rng.between(0, 24),
                self.rng.between(1, 8)
            ),
            8 => format!(
                "bfi{cond} {}, {}, #{}, #{}",
                self.reg(),
                self.reg(),
                self.rng.between(0, 24),
                self.rng.between(1, 8)
            ),
            _ => {
                let s = self.s();
                format!("neg{s}{cond} {}, {}", self.reg(), self.reg())
            }
        }
    }

    /// `ldr rX, =constant`: GNU as turns it into a move when one can build
    /// the constant and into a pc-relative load from the literal pool
    /// otherwise; the choice and the pool layout are both compared.
    fn literal_load(&mut self, cond: &str) -> String {
        let h = self.head("ldr", "", cond);
        format!("{h} {}, ={}", self.reg(), self.imm_value())
    }

    /// Hints, exceptions, branches to registers, interrupt masks, special
    /// registers and barriers.
    fn system(&mut self, cond: &str) -> String {
        match self.rng.below(13) {
            0 => self.head("nop", "", cond),
            1 => format!("bkpt #{}", self.rng.below(256)),
            2 => format!("svc{cond} #{}", self.rng.below(256)),
            3 => format!("udf #{}", self.rng.below(300)),
            4 => format!("bx{cond} {}", self.reg()),
            5 => format!("blx{cond} {}", self.reg()),
            6 => "cpsid i".to_string(),
            7 => "cpsie f".to_string(),
            8 => format!("mrs{cond} {}, primask", self.reg()),
            9 => format!("msr{cond} basepri, {}", self.reg()),
            10 => "dmb".to_string(),
            11 => "isb sy".to_string(),
            _ => "dsb ish".to_string(),
        }
    }

    /// The ARMv7E-M DSP extension, which only one of the four profiles has:
    /// parallel arithmetic, saturating arithmetic, halfword and dual
    /// multiplies, extend-and-add, packing, select and 16-bit saturation.
    fn dsp(&mut self, cond: &str) -> String {
        match self.rng.below(10) {
            0 => {
                let prefix = *self.rng.pick(&["s", "q", "sh", "u", "uq", "uh"]);
                let op = *self
                    .rng
                    .pick(&["add16", "asx", "sax", "sub16", "add8", "sub8"]);
                self.regs(&format!("{prefix}{op}{cond}"), 3)
            }
            1 => {
                let op = *self.rng.pick(&["qadd", "qsub", "qdadd", "qdsub"]);
                self.regs(&format!("{op}{cond}"), 3)
            }
            2 => self.halfword_multiply(cond),
            3 => {
                let x = *self.rng.pick(&["", "x"]);
                match self.rng.below(3) {
                    0 => {
                        let op = *self.rng.pick(&["smlad", "smlsd"]);
                        self.regs(&format!("{op}{x}{cond}"), 4)
                    }
                    1 => {
                        let op = *self.rng.pick(&["smuad", "smusd"]);
                        self.regs(&format!("{op}{x}{cond}"), 3)
                    }
                    _ => {
                        let op = *self.rng.pick(&["smlald", "smlsld"]);
                        self.regs(&format!("{op}{x}{cond}"), 4)
                    }
                }
            }
            4 => {
                let r = *self.rng.pick(&["", "r"]);
                if self.rng.chance(0.5) {
                    self.regs(&format!("smmul{r}{cond}"), 3)
                } else {
                    let op = *self.rng.pick(&["smmla", "smmls"]);
                    self.regs(&format!("{op}{r}{cond}"), 4)
                }
            }
            5 => match self.rng.below(4) {
                0 => self.regs(&format!("usad8{cond}"), 3),
                1 => self.regs(&format!("usada8{cond}"), 4),
                2 => self.regs(&format!("umaal{cond}"), 4),
                _ => self.regs(&format!("sel{cond}"), 3),
            },
            6 => {
                let op = *self
                    .rng
                    .pick(&["sxtab", "sxtah", "uxtab", "uxtah", "sxtab16", "uxtab16"]);
                let text = self.regs(&format!("{op}{cond}"), 3);
                text + &self.rotation()
            }
            7 => {
                let op = *self.rng.pick(&["sxtb16", "uxtb16"]);
                let text = self.regs(&format!("{op}{cond}"), 2);
                text + &self.rotation()
            }
            8 => {
                let bt = self.rng.chance(0.5);
                let op = if bt { "pkhbt" } else { "pkhtb" };
                let text = self.regs(&format!("{op}{cond}"), 3);
                if !self.rng.chance(0.5) {
                    text
                } else if bt {
                    format!("{text}, lsl #{}", self.rng.between(0, 31))
                } else {
                    format!("{text}, asr #{}", self.rng.between(1, 32))
                }
            }
            _ => {
                // One value past each end of the saturation range.
                let (op, sat) = if self.rng.chance(0.5) {
                    ("ssat16", self.rng.between(0, 17))
                } else {
                    ("usat16", self.rng.between(0, 16))
                };
                format!("{op}{cond} {}, #{sat}, {}", self.reg(), self.reg())
            }
        }
    }

    /// `smla<x><y>`, `smul<x><y>`, `smlaw<y>`, `smulw<y>`, `smlal<x><y>`.
    fn halfword_multiply(&mut self, cond: &str) -> String {
        let x = *self.rng.pick(&["b", "t"]);
        let y = *self.rng.pick(&["b", "t"]);
        match self.rng.below(5) {
            0 => self.regs(&format!("smla{x}{y}{cond}"), 4),
            1 => self.regs(&format!("smul{x}{y}{cond}"), 3),
            2 => self.regs(&format!("smlaw{y}{cond}"), 4),
            3 => self.regs(&format!("smulw{y}{cond}"), 3),
            _ => self.regs(&format!("smlal{x}{y}{cond}"), 4),
        }
    }

    /// `mnemonic r, r, ...` with `count` random registers.
    fn regs(&mut self, mnemonic: &str, count: usize) -> String {
        let regs: Vec<&str> = (0..count).map(|_| self.reg()).collect();
        format!("{mnemonic} {}", regs.join(", "))
    }

    /// Saturation and bit-field instructions over their whole operand range
    /// and one past it, where the assembler must refuse.
    fn saturate_bitfield(&mut self, cond: &str) -> String {
        match self.rng.below(4) {
            0 | 1 => {
                let (op, sat) = if self.rng.chance(0.5) {
                    ("ssat", self.rng.between(0, 33))
                } else {
                    ("usat", self.rng.between(0, 32))
                };
                let text = format!("{op}{cond} {}, #{sat}, {}", self.reg(), self.reg());
                match self.rng.below(5) {
                    0 => format!("{text}, lsl #{}", self.rng.between(0, 31)),
                    1 => format!("{text}, asr #{}", self.rng.between(1, 32)),
                    _ => text,
                }
            }
            2 => {
                let op = *self.rng.pick(&["sbfx", "ubfx", "bfi"]);
                format!(
                    "{op}{cond} {}, {}, #{}, #{}",
                    self.reg(),
                    self.reg(),
                    self.rng.between(0, 31),
                    self.rng.between(1, 32)
                )
            }
            _ => format!(
                "bfc{cond} {}, #{}, #{}",
                self.reg(),
                self.rng.between(0, 31),
                self.rng.between(1, 32)
            ),
        }
    }

    /// Everything else with a condition: hints, exclusive monitors, table
    /// branches, preloads, unprivileged accesses, every special register,
    /// ARMv8-M acquire/release, sp/pc arithmetic and register-shifted moves.
    fn misc(&mut self, cond: &str) -> String {
        match self.rng.below(10) {
            0 => {
                let op = *self.rng.pick(&["nop", "wfi", "wfe", "sev", "yield"]);
                self.head(op, "", cond)
            }
            1 => format!("clrex{cond}"),
            2 => self.exclusive(cond),
            3 => {
                if self.rng.chance(0.5) {
                    format!("tbb{cond} [{}, {}]", self.reg(), self.reg())
                } else {
                    format!("tbh{cond} [{}, {}, lsl #1]", self.reg(), self.reg())
                }
            }
            4 => self.preload(cond),
            5 => {
                let op = *self.rng.pick(&[
                    "ldrt", "ldrbt", "ldrht", "ldrsbt", "ldrsht", "strt", "strbt", "strht",
                ]);
                let (rt, rn) = (self.reg(), self.reg());
                match *self
                    .rng
                    .pick(&[None, Some(0), Some(4), Some(255), Some(256), Some(-4)])
                {
                    None => format!("{op}{cond} {rt}, [{rn}]"),
                    Some(off) => format!("{op}{cond} {rt}, [{rn}, #{off}]"),
                }
            }
            6 => self.special_register(cond),
            7 => self.acquire_release(cond),
            8 => self.sp_pc_arithmetic(cond),
            _ => {
                let s = self.s();
                let h = self.head("mov", s, cond);
                let kind = *self.rng.pick(&["lsl", "lsr", "asr", "ror"]);
                format!("{h} {}, {}, {kind} {}", self.reg(), self.reg(), self.reg())
            }
        }
    }

    /// Byte/halfword exclusives and word exclusives with offsets beyond the
    /// ones `assorted` draws (misaligned, too large, negative).
    fn exclusive(&mut self, cond: &str) -> String {
        match self.rng.below(4) {
            0 => {
                let op = *self.rng.pick(&["ldrexb", "ldrexh"]);
                format!("{op}{cond} {}, [{}]", self.reg(), self.reg())
            }
            1 => {
                let op = *self.rng.pick(&["strexb", "strexh"]);
                format!(
                    "{op}{cond} {}, {}, [{}]",
                    self.reg(),
                    self.reg(),
                    self.reg()
                )
            }
            2 => format!(
                "ldrex{cond} {}, [{}, #{}]",
                self.reg(),
                self.reg(),
                self.rng.pick(&[2, 8, 1024, -4])
            ),
            _ => format!(
                "strex{cond} {}, {}, [{}, #{}]",
                self.reg(),
                self.reg(),
                self.reg(),
                self.rng.pick(&[0, 4, 1020, 1024, 2])
            ),
        }
    }

    /// `pld`/`pli` in each addressing form.
    fn preload(&mut self, cond: &str) -> String {
        let op = *self.rng.pick(&["pld", "pli"]);
        let rn = self.reg();
        match self.rng.below(4) {
            0 => format!("{op}{cond} [{rn}]"),
            1 => format!("{op}{cond} [{rn}, #{}]", self.rng.pick(&MEM_OFFSETS)),
            2 => format!("{op}{cond} [{rn}, {}]", self.reg()),
            _ => format!(
                "{op}{cond} [{rn}, {}, lsl #{}]",
                self.reg(),
                self.rng.between(0, 3)
            ),
        }
    }

    /// `mrs`/`msr` with any special register, including the APSR field
    /// masks `msr` takes and registers some profiles lack.
    fn special_register(&mut self, cond: &str) -> String {
        if self.rng.chance(0.5) {
            let sysreg = *self.rng.pick(&SYSREGS);
            format!("mrs{cond} {}, {sysreg}", self.reg())
        } else {
            let sysreg = if self.rng.chance(0.2) {
                *self.rng.pick(&["apsr_nzcvq", "apsr_g", "apsr_nzcvqg"])
            } else {
                *self.rng.pick(&SYSREGS)
            };
            format!("msr{cond} {sysreg}, {}", self.reg())
        }
    }

    /// ARMv8-M load-acquire/store-release, plain and exclusive.
    fn acquire_release(&mut self, cond: &str) -> String {
        if self.rng.chance(0.25) {
            let op = *self.rng.pick(&["stlex", "stlexb", "stlexh"]);
            format!(
                "{op}{cond} {}, {}, [{}]",
                self.reg(),
                self.reg(),
                self.reg()
            )
        } else {
            let op = *self.rng.pick(&[
                "lda", "ldab", "ldah", "stl", "stlb", "stlh", "ldaex", "ldaexb", "ldaexh",
            ]);
            format!("{op}{cond} {}, [{}]", self.reg(), self.reg())
        }
    }

    /// Additions to and from sp and pc: their own 16-bit encodings with
    /// word-scaled immediates, hence the aligned and misaligned values.
    fn sp_pc_arithmetic(&mut self, cond: &str) -> String {
        let imm = *self
            .rng
            .pick(&[0, 3, 4, 8, 508, 512, 1020, 1024, 4092, 4095, -4]);
        match self.rng.below(4) {
            0 => {
                let s = self.s();
                let h = self.head("add", s, cond);
                format!("{h} {}, sp, #{imm}", self.reg())
            }
            1 => {
                let op = *self.rng.pick(&["add", "sub"]);
                let h = self.head(op, "", cond);
                format!("{h} sp, sp, #{imm}")
            }
            2 => {
                let op = *self.rng.pick(&["add", "sub"]);
                let h = self.head(op, "", cond);
                format!("{h} sp, #{imm}")
            }
            _ => {
                let h = self.head("add", "", cond);
                format!("{h} {}, pc, #{imm}", self.reg())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_units() {
        let a = Generator::new(7).units(2000);
        let b = Generator::new(7).units(2000);
        assert_eq!(a, b);
        let c = Generator::new(8).units(2000);
        assert_ne!(a, c);
    }

    #[test]
    fn it_members_carry_their_slot_conditions() {
        let mut blocks = 0;
        for unit in Generator::new(3).units(2000) {
            let Some(rest) = unit[0].strip_prefix("it") else {
                assert_eq!(unit.len(), 1);
                continue;
            };
            blocks += 1;
            let (pattern, cond) = rest.split_once(' ').unwrap();
            assert_eq!(unit.len(), pattern.len() + 2, "{unit:?}");
            for (slot, member) in std::iter::once('t').chain(pattern.chars()).zip(&unit[1..]) {
                let want = if slot == 't' { cond } else { inverse(cond) };
                let mnemonic = member.split([' ', '.']).next().unwrap();
                assert!(mnemonic.ends_with(want), "{member} in {unit:?}");
                assert!(!NOT_IN_IT.iter().any(|p| member.starts_with(p)));
            }
        }
        assert!(blocks > 300, "only {blocks} IT blocks");
    }
}
