//! Loads and stores in every addressing form, the multiple and doubleword
//! forms, literal loads, exclusives, preloads and acquire/release: the
//! offsets drawn sit on and just past each form's range and alignment.

use super::Generator;

/// Load/store offsets around the limits of each addressing form (scaled
/// 5-bit, 8-bit, 12-bit, negative) plus misaligned ones.
const MEM_OFFSETS: [i64; 20] = [
    0, 1, 2, 3, 4, 31, 32, 62, 64, 124, 128, 255, 256, 1020, 1024, 4095, -1, -4, -255, -256,
];

/// Offsets for the doubleword forms (scaled 8-bit, both signs).
const DUAL_OFFSETS: [i64; 7] = [0, 4, 8, -8, 1020, -1020, 12];

impl Generator {
    /// Single loads and stores in every addressing mode: plain, offset,
    /// pre- and post-indexed, register and shifted register. The base is low
    /// a little more often, as real code's is.
    pub(super) fn load_store(&mut self, cond: &str) -> String {
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
    pub(super) fn push_pop(&mut self, cond: &str) -> String {
        let op = *self.rng.pick(&["push", "pop"]);
        let h = self.head(op, "", cond);
        format!("{h} {}", self.reg_list(5))
    }

    /// Load/store multiple under every alias, with and without writeback.
    pub(super) fn load_store_multiple(&mut self, cond: &str) -> String {
        let op = *self.rng.pick(&[
            "ldm", "stm", "ldmia", "stmia", "ldmdb", "stmdb", "ldmfd", "stmfd",
        ]);
        let h = self.head(op, "", cond);
        let base = self.reg();
        let writeback = *self.rng.pick(&["", "!"]);
        format!("{h} {base}{writeback}, {}", self.reg_list(4))
    }

    /// Doubleword loads and stores with offset, pre- and post-index.
    pub(super) fn dual(&mut self, cond: &str) -> String {
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

    /// `ldr rX, =constant`: GNU as turns it into a move when one can build
    /// the constant and into a pc-relative load from the literal pool
    /// otherwise; the choice and the pool layout are both compared.
    pub(super) fn literal_load(&mut self, cond: &str) -> String {
        let h = self.head("ldr", "", cond);
        format!("{h} {}, ={}", self.reg(), self.imm_value())
    }

    /// Byte/halfword exclusives and word exclusives with offsets beyond the
    /// ones `assorted` draws (misaligned, too large, negative).
    pub(super) fn exclusive(&mut self, cond: &str) -> String {
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
    pub(super) fn preload(&mut self, cond: &str) -> String {
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

    /// ARMv8-M load-acquire/store-release, plain and exclusive.
    pub(super) fn acquire_release(&mut self, cond: &str) -> String {
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

    /// Unprivileged loads and stores, whose only offsets are small positive
    /// ones: the drawn values straddle that limit.
    pub(super) fn unprivileged(&mut self, cond: &str) -> String {
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
}
