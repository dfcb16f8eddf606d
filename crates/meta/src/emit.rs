//! A growing run of Thumb code at a known address, and the register
//! convention of thumbforth code (r6 = TOS, r7 = data stack pointer) in one
//! place. Every instruction goes through `thumb::encode`, so the bytes here
//! are the assembler's bytes and the profile's legality check applies.

use thumb::{
    Addr, Cond, DpOp, Env, Insn, Instruction, MemOp, MovOp, Op2, Profile, Reg, RegList, Shifted,
    Target as BranchTarget,
};

pub const TOS: Reg = Reg::R6;
pub const DSP: Reg = Reg::R7;

/// Why code could not be produced.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmitError {
    #[error("{0}")]
    Encode(String),
    #[error("a branch from {from:#010x} to {to:#010x} is out of reach on {profile}; split the definition")]
    OutOfReach { from: u32, to: u32, profile: String },
}

/// Code being written at `origin`.
pub struct Code {
    pub origin: u32,
    pub bytes: Vec<u8>,
    pub profile: Profile,
}

impl Code {
    pub fn new(origin: u32, profile: Profile) -> Code {
        Code {
            origin,
            bytes: Vec::new(),
            profile,
        }
    }

    pub fn here(&self) -> u32 {
        self.origin + self.bytes.len() as u32
    }

    pub fn thumb2(&self) -> bool {
        self.profile != Profile::V6M
    }

    /// Encodes `inst` at HERE; `target` is the address a PC-relative form uses.
    pub fn put(&mut self, inst: Instruction, target: Option<u32>) -> Result<(), EmitError> {
        let env = Env {
            pc: self.here(),
            target,
            ..Env::new(self.profile)
        };
        let enc = thumb::encode(&inst, &env).map_err(|e| EmitError::Encode(e.to_string()))?;
        self.bytes.extend_from_slice(enc.as_bytes());
        Ok(())
    }

    pub fn insn(&mut self, insn: Insn) -> Result<(), EmitError> {
        self.put(Instruction::new(insn), None)
    }

    pub fn half(&mut self, h: u16) {
        self.bytes.extend_from_slice(&h.to_le_bytes());
    }

    pub fn word(&mut self, w: u32) {
        self.bytes.extend_from_slice(&w.to_le_bytes());
    }

    pub fn raw(&mut self, b: &[u8]) {
        self.bytes.extend_from_slice(b);
    }

    /// Pads to a 4-byte boundary: a zero byte if HERE is odd, then a `nop`.
    pub fn align4(&mut self) {
        if self.here() % 2 != 0 {
            self.raw(&[0]);
        }
        if self.here() % 4 != 0 {
            self.half(NOP);
        }
    }

    pub fn patch_word(&mut self, addr: u32, w: u32) -> bool {
        let Some(off) = addr.checked_sub(self.origin).map(|o| o as usize) else {
            return false;
        };
        if off + 4 > self.bytes.len() {
            return false;
        }
        self.bytes[off..off + 4].copy_from_slice(&w.to_le_bytes());
        true
    }

    pub fn truncate_to(&mut self, addr: u32) {
        self.bytes.truncate((addr - self.origin) as usize);
    }

    // --- the data stack ---------------------------------------------------

    /// Makes room for a new TOS: spills r6 below r7. Always 4 bytes.
    pub fn push_tos(&mut self) -> Result<(), EmitError> {
        if self.thumb2() {
            self.insn(Insn::Mem {
                op: MemOp::Str,
                rt: TOS,
                addr: Addr::PreIndex { rn: DSP, imm: -4 },
            })
        } else {
            self.insn(Insn::Dp {
                op: DpOp::Sub,
                s: true,
                rd: DSP,
                rn: DSP,
                op2: Op2::Imm(4),
            })?;
            self.insn(Insn::Mem {
                op: MemOp::Str,
                rt: TOS,
                addr: Addr::Offset { rn: DSP, imm: 0 },
            })
        }
    }

    /// Drops TOS: reloads r6 from the stack. 2 bytes.
    pub fn pop_tos(&mut self) -> Result<(), EmitError> {
        self.pop_into(TOS)
    }

    pub fn pop_into(&mut self, r: Reg) -> Result<(), EmitError> {
        self.insn(Insn::Multi {
            load: true,
            db: false,
            rn: DSP,
            wback: true,
            regs: RegList::of(&[r]),
        })
    }

    /// `reg = value` by the shortest sequence the profile has.
    pub fn load_imm(&mut self, reg: Reg, value: u32) -> Result<(), EmitError> {
        let low = reg.num() < 8;
        if low && value < 256 {
            return self.insn(mov_imm(reg, value, true));
        }
        if self.thumb2() {
            if thumb::encode_modified_imm(value).is_some() {
                return self.insn(mov_imm(reg, value, false));
            }
            if thumb::encode_modified_imm(!value).is_some() {
                return self.insn(Insn::Mov {
                    op: MovOp::Mvn,
                    s: false,
                    rd: reg,
                    op2: Op2::Imm(!value),
                });
            }
            self.insn(Insn::MovW {
                top: false,
                rd: reg,
                imm: value as u16,
            })?;
            if value >> 16 != 0 {
                self.insn(Insn::MovW {
                    top: true,
                    rd: reg,
                    imm: (value >> 16) as u16,
                })?;
            }
            return Ok(());
        }
        if low && !value < 256 {
            self.insn(mov_imm(reg, !value, true))?;
            return self.insn(Insn::Mov {
                op: MovOp::Mvn,
                s: true,
                rd: reg,
                op2: Op2::Reg(Shifted::plain(reg)),
            });
        }
        self.inline_literal(reg, value).map(|_| ())
    }

    /// `ldr reg, [pc, #k]` with the literal placed inline and branched over;
    /// returns the literal's address so that it can be patched later.
    pub fn inline_literal(&mut self, reg: Reg, value: u32) -> Result<u32, EmitError> {
        let start = self.here();
        // ldr at a 4-aligned address reads 4 bytes after it; otherwise 6.
        let (imm, lit) = if start % 4 == 0 {
            (0, start + 4)
        } else {
            (4, start + 6)
        };
        self.put(
            Instruction::new(Insn::Mem {
                op: MemOp::Ldr,
                rt: reg,
                addr: Addr::Literal(BranchTarget::Address(lit)),
            })
            .narrow(),
            Some(lit),
        )?;
        let _ = imm;
        let after = lit + 4;
        self.branch_to(after, Cond::Al)?;
        while self.here() < lit {
            self.half(NOP);
        }
        self.word(value);
        Ok(lit)
    }

    // --- calls and branches -------------------------------------------------

    pub fn bl_reaches(&self, to: u32) -> bool {
        let off = to as i64 - (self.here() as i64 + 4);
        (-(1 << 24)..(1 << 24)).contains(&off)
    }

    /// A call to the code at `to` (Thumb bit ignored): `bl` when it reaches,
    /// else a register call through r0.
    pub fn call(&mut self, to: u32) -> Result<(), EmitError> {
        let to = to & !1;
        if self.bl_reaches(to) {
            return self.put(
                Instruction::new(Insn::Bl(BranchTarget::Address(to))),
                Some(to),
            );
        }
        self.load_address(Reg::R0, to | 1)?;
        self.insn(Insn::Blx(Reg::R0))
    }

    /// `reg = value` where value is an address: movw/movt or an inline literal.
    pub fn load_address(&mut self, reg: Reg, value: u32) -> Result<(), EmitError> {
        self.load_imm(reg, value)
    }

    /// A branch to a known address: the short form when it reaches, else the
    /// 32-bit form (Thumb-2) or a skip over an unconditional `b.n` (ARMv6-M).
    pub fn branch_to(&mut self, to: u32, cond: Cond) -> Result<(), EmitError> {
        let from = self.here();
        let off = to as i64 - (from as i64 + 4);
        let narrow_reach = if cond == Cond::Al {
            (-2048..2048).contains(&off)
        } else {
            (-256..256).contains(&off)
        };
        let inst = Instruction::new(Insn::B(BranchTarget::Address(to))).cond(cond);
        if narrow_reach {
            return self.put(inst.narrow(), Some(to));
        }
        if self.thumb2() {
            return self.put(inst.wide(), Some(to));
        }
        if cond == Cond::Al {
            return Err(self.out_of_reach(from, to));
        }
        // ARMv6-M: b<!cond> over a b.n.
        self.put(
            Instruction::new(Insn::B(BranchTarget::Address(from + 4)))
                .cond(cond.invert().unwrap_or(Cond::Al))
                .narrow(),
            Some(from + 4),
        )?;
        let b_at = self.here();
        if !(-2048..2048).contains(&(to as i64 - (b_at as i64 + 4))) {
            return Err(self.out_of_reach(b_at, to));
        }
        self.put(
            Instruction::new(Insn::B(BranchTarget::Address(to))).narrow(),
            Some(to),
        )
    }

    fn out_of_reach(&self, from: u32, to: u32) -> EmitError {
        EmitError::OutOfReach {
            from,
            to,
            profile: self.profile.to_string(),
        }
    }

    /// A 4-byte forward branch to be resolved later ([`resolve`]): taken when
    /// `cond` holds. Returns the address the resolver patches (`orig`).
    pub fn forward(&mut self, cond: Cond) -> Result<u32, EmitError> {
        let at = self.here();
        // Provisionally aimed just past itself; the resolver rewrites it.
        let past = at + 4;
        if self.thumb2() {
            self.put(
                Instruction::new(Insn::B(BranchTarget::Address(past)))
                    .cond(cond)
                    .wide(),
                Some(past),
            )?;
            Ok(at)
        } else {
            if cond == Cond::Al {
                self.half(NOP);
            } else {
                self.put(
                    Instruction::new(Insn::B(BranchTarget::Address(past)))
                        .cond(cond.invert().unwrap_or(Cond::Al))
                        .narrow(),
                    Some(past),
                )?;
            }
            let orig = self.here();
            self.put(
                Instruction::new(Insn::B(BranchTarget::Address(past))).narrow(),
                Some(past),
            )?;
            Ok(orig)
        }
    }
}

/// The bytes that aim the forward branch at `orig` (written by
/// [`Code::forward`] on either profile) at `dest`; `existing` are the bytes
/// at `orig` now (2 on ARMv6-M, 4 on Thumb-2).
pub fn resolve(
    profile: Profile,
    orig: u32,
    existing: &[u8],
    dest: u32,
) -> Result<Vec<u8>, EmitError> {
    let mut code = Code::new(orig, profile);
    if profile == Profile::V6M {
        code.put(
            Instruction::new(Insn::B(BranchTarget::Address(dest))).narrow(),
            Some(dest),
        )
        .map_err(|_| EmitError::OutOfReach {
            from: orig,
            to: dest,
            profile: profile.to_string(),
        })?;
        return Ok(code.bytes);
    }
    let hw1 = u16::from_le_bytes([existing[0], existing[1]]);
    let hw2 = u16::from_le_bytes([existing[2], existing[3]]);
    let cond = if hw2 & 0x1000 != 0 {
        Cond::Al
    } else {
        Cond::from_bits(((hw1 >> 6) & 0xf) as u32)
    };
    code.put(
        Instruction::new(Insn::B(BranchTarget::Address(dest)))
            .cond(cond)
            .wide(),
        Some(dest),
    )?;
    Ok(code.bytes)
}

pub const NOP: u16 = 0xbf00;
/// `bx lr`
pub const BX_LR: u16 = 0x4770;

fn mov_imm(reg: Reg, value: u32, s: bool) -> Insn {
    Insn::Mov {
        op: MovOp::Mov,
        s,
        rd: reg,
        op2: Op2::Imm(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes_of(profile: Profile, f: impl FnOnce(&mut Code)) -> Vec<u8> {
        let mut c = Code::new(0x1000_0000, profile);
        f(&mut c);
        c.bytes
    }

    #[test]
    fn small_and_inverted_constants_take_the_short_moves() {
        // movs r6, #5
        assert_eq!(
            bytes_of(Profile::V6M, |c| c.load_imm(TOS, 5).unwrap()),
            [5, 0x26]
        );
        // movs r6, #0; mvns r6, r6 on ARMv6-M for -1
        assert_eq!(
            bytes_of(Profile::V6M, |c| c.load_imm(TOS, u32::MAX).unwrap()),
            [0x00, 0x26, 0xf6, 0x43]
        );
        // mvn r6, #0 on Thumb-2
        assert_eq!(
            bytes_of(Profile::V8MMain, |c| c.load_imm(TOS, u32::MAX).unwrap()).len(),
            4
        );
    }

    #[test]
    fn large_constants_on_armv6m_are_inline_literals_branched_over() {
        let b = bytes_of(Profile::V6M, |c| c.load_imm(TOS, 0x1234_5678).unwrap());
        assert_eq!(b.len(), 8);
        assert_eq!(&b[4..], &0x1234_5678u32.to_le_bytes());
    }

    #[test]
    fn forward_branches_resolve_on_both_profiles() {
        for profile in [Profile::V6M, Profile::V8MMain] {
            let mut c = Code::new(0x1000_0000, profile);
            let orig = c.forward(Cond::Eq).unwrap();
            c.half(NOP);
            c.half(NOP);
            let dest = c.here();
            let len = if profile == Profile::V6M { 2 } else { 4 };
            let off = (orig - c.origin) as usize;
            let existing = c.bytes[off..off + len].to_vec();
            let patched = resolve(profile, orig, &existing, dest).unwrap();
            let mut check = Code::new(orig, profile);
            let inst = Instruction::new(Insn::B(BranchTarget::Address(dest)));
            let inst = if profile == Profile::V6M {
                inst.narrow()
            } else {
                inst.cond(Cond::Eq).wide()
            };
            check.put(inst, Some(dest)).unwrap();
            assert_eq!(patched, check.bytes, "{profile}");
        }
    }

    #[test]
    fn out_of_reach_armv6m_branches_are_refused_not_miscompiled() {
        let mut c = Code::new(0x1000_0000, Profile::V6M);
        let far = 0x1000_0000 + 0x10_0000;
        assert!(matches!(
            c.branch_to(far, Cond::Al),
            Err(EmitError::OutOfReach { .. })
        ));
    }
}
