//! Hints, exceptions, branches to registers and tables, interrupt masks,
//! barriers and special registers: the instructions that separate the
//! profiles most and take the fewest operands.

use thumb::SysReg;

use super::Generator;

impl Generator {
    /// Hints, exceptions, branches to registers, interrupt masks, special
    /// registers and barriers.
    pub(super) fn system(&mut self, cond: &str) -> String {
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

    /// `mrs`/`msr` with any special register thumb names (some profiles
    /// lack some of them), including the APSR field masks `msr` takes.
    pub(super) fn special_register(&mut self, cond: &str) -> String {
        if self.rng.chance(0.5) {
            let sysreg = self.rng.pick(&SysReg::ALL).name();
            format!("mrs{cond} {}, {sysreg}", self.reg())
        } else {
            let sysreg = if self.rng.chance(0.2) {
                *self.rng.pick(&["apsr_nzcvq", "apsr_g", "apsr_nzcvqg"])
            } else {
                self.rng.pick(&SysReg::ALL).name()
            };
            format!("msr{cond} {sysreg}, {}", self.reg())
        }
    }

    /// Hints, which take a condition and a width like any other instruction.
    pub(super) fn hint(&mut self, cond: &str) -> String {
        let op = *self.rng.pick(&["nop", "wfi", "wfe", "sev", "yield"]);
        self.head(op, "", cond)
    }

    /// Table branches, which may only end an IT block.
    pub(super) fn table_branch(&mut self, cond: &str) -> String {
        if self.rng.chance(0.5) {
            format!("tbb{cond} [{}, {}]", self.reg(), self.reg())
        } else {
            format!("tbh{cond} [{}, {}, lsl #1]", self.reg(), self.reg())
        }
    }
}
