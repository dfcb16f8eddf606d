//! Data processing: the arithmetic, logic, move, compare, shift, multiply,
//! extend, saturate and bit-field draws, where the choice between 16-bit and
//! 32-bit encodings and the modified-immediate edges live.

use super::Generator;

/// Data-processing operations that share the `op{s} rd, rn, operand` shapes.
const DP_OPS: [&str; 10] = [
    "add", "adc", "sub", "sbc", "rsb", "and", "orr", "eor", "bic", "orn",
];

impl Generator {
    /// The ten data-processing operations in every operand shape: immediate,
    /// two-operand, register and shifted register.
    pub(super) fn data_processing(&mut self, cond: &str) -> String {
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
    pub(super) fn move_insn(&mut self, cond: &str) -> String {
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
    pub(super) fn compare(&mut self, cond: &str) -> String {
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
    pub(super) fn shift_insn(&mut self, cond: &str) -> String {
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
    pub(super) fn multiply(&mut self, cond: &str) -> String {
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
    pub(super) fn extend_reverse(&mut self, cond: &str) -> String {
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

    /// Thumb-2 instructions with their own immediate fields: exclusives,
    /// `addw`/`subw`, `movw`/`movt`, bit fields, `neg`.
    pub(super) fn assorted(&mut self, cond: &str) -> String {
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

    /// Saturation and bit-field instructions over their whole operand range
    /// and one past it, where the assembler must refuse.
    pub(super) fn saturate_bitfield(&mut self, cond: &str) -> String {
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

    /// Additions to and from sp and pc: their own 16-bit encodings with
    /// word-scaled immediates, hence the aligned and misaligned values.
    pub(super) fn sp_pc_arithmetic(&mut self, cond: &str) -> String {
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

    /// `mov` with a register-shifted register, GNU as's spelling of a shift
    /// by register.
    pub(super) fn register_shifted_move(&mut self, cond: &str) -> String {
        let s = self.s();
        let h = self.head("mov", s, cond);
        let kind = *self.rng.pick(&["lsl", "lsr", "asr", "ror"]);
        format!("{h} {}, {}, {kind} {}", self.reg(), self.reg(), self.reg())
    }
}
