//! Random units for `cargo xtask fuzz-gas`: one instruction, or one IT block
//! whose members carry the conditions the block announces.
//!
//! The golden corpus lists chosen cases; this generator draws the operand
//! combinations nobody thought to list. Draws lean towards the places where
//! encodings change (low versus high registers, immediates on the edge of
//! an encoding, out-of-range shifts and bit fields), and invalid forms are
//! wanted too: agreeing with GNU as on what to reject matters as much as
//! agreeing on bytes. Every line is GNU as unified syntax.
//!
//! This module holds the stream, the IT blocks and the operand draws; the
//! instruction families are drawn in submodules named as thumb's encoder
//! names them, and the draw order is part of what a seed replays, so a
//! family's draws keep their sequence when they move.

mod data;
mod dsp;
mod memory;
mod system;

use rng::Rng;
use thumb::{Cond, Reg, RegList};

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

/// Instructions kept out of IT blocks: those that take no condition, must
/// come last in a block, or whose in-block rules the corpus covers already.
/// Inside a block they would mostly make both assemblers reject the unit,
/// which tests nothing new.
const NOT_IN_IT: [&str; 14] = [
    "push", "pop", "ldm", "stm", "bx", "blx", "bkpt", "udf", "cpsi", "dmb", "isb", "dsb", "tbb",
    "tbh",
];

/// The condition an `e` slot of an IT block must carry, spelled the way
/// `cond` is: the inverse of an alias is the other alias (`hs` and `lo`).
fn inverse(cond: &str) -> &'static str {
    let parsed = Cond::parse(cond).unwrap_or_else(|| panic!("no condition `{cond}`"));
    let inverse = parsed
        .invert()
        .unwrap_or_else(|| panic!("no inverse for condition `{cond}`"));
    match (parsed.alias(), inverse.alias()) {
        (Some(alias), Some(other)) if alias == cond => other,
        _ => inverse.name(),
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

    // ---- operands, which every family draws from --------------------------

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
        let regs: Vec<Reg> = self
            .rng
            .sample(REGS.len(), count)
            .into_iter()
            .filter_map(|i| Reg::new(i as u8))
            .collect();
        RegList::of(&regs).to_string()
    }

    /// An optional `, ror #n` for the extend instructions (30% of the time).
    fn rotation(&mut self) -> String {
        if self.rng.chance(0.3) {
            format!(", ror #{}", self.rng.pick(&[0, 8, 16, 24]))
        } else {
            String::new()
        }
    }

    /// `mnemonic r, r, ...` with `count` random registers.
    fn regs(&mut self, mnemonic: &str, count: usize) -> String {
        let regs: Vec<&str> = (0..count).map(|_| self.reg()).collect();
        format!("{mnemonic} {}", regs.join(", "))
    }

    /// Everything else with a condition: hints, exclusive monitors, table
    /// branches, preloads, unprivileged accesses, every special register,
    /// ARMv8-M acquire/release, sp/pc arithmetic and register-shifted moves.
    fn misc(&mut self, cond: &str) -> String {
        match self.rng.below(10) {
            0 => self.hint(cond),
            1 => format!("clrex{cond}"),
            2 => self.exclusive(cond),
            3 => self.table_branch(cond),
            4 => self.preload(cond),
            5 => self.unprivileged(cond),
            6 => self.special_register(cond),
            7 => self.acquire_release(cond),
            8 => self.sp_pc_arithmetic(cond),
            _ => self.register_shifted_move(cond),
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
