//! The ARMv7E-M DSP extension, kept apart because only one of the profiles
//! has it: on the others every draw here must be refused as GNU as refuses it.

use super::Generator;

impl Generator {
    /// The ARMv7E-M DSP extension, which only one of the four profiles has:
    /// parallel arithmetic, saturating arithmetic, halfword and dual
    /// multiplies, extend-and-add, packing, select and 16-bit saturation.
    pub(super) fn dsp(&mut self, cond: &str) -> String {
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
    pub(super) fn halfword_multiply(&mut self, cond: &str) -> String {
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
}
