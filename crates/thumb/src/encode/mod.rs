//! Instruction encoding: one small function per encoding family.
//!
//! [`encode`] picks the narrowest encoding GNU as would pick for the same
//! source: a 16-bit form whenever one exists with the same meaning (16-bit
//! data processing sets flags outside an IT block and does not inside one),
//! otherwise the 32-bit form, making the same operand substitutions GNU as
//! makes (`add #-4` becomes `sub #4`, `and #~x` becomes `bic #x`, ...).

mod control;
pub(crate) mod data;
mod dsp;
pub(crate) mod memory;
mod system;

use crate::error::Error;
use crate::insn::{Family, Instruction, Width};
use crate::profile::Profile;
use crate::reg::Reg;

/// Where an instruction sits, as far as its encoding depends on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Env {
    pub profile: Profile,
    /// Inside an IT block 16-bit data processing does not set flags.
    pub in_it: bool,
    /// Address of the instruction.
    pub pc: u32,
    /// Resolved address of a label or literal-pool entry the instruction uses.
    pub target: Option<u32>,
    /// Size in bytes chosen by branch relaxation for PC-relative forms.
    pub size: Option<u8>,
}

impl Env {
    pub fn new(profile: Profile) -> Env {
        Env {
            profile,
            in_it: false,
            pc: 0,
            target: None,
            size: None,
        }
    }

    /// 16-bit flag-setting forms mean "sets flags" here.
    pub(crate) fn narrow_sets_flags(&self) -> bool {
        !self.in_it
    }
}

/// The bytes of one instruction, 2 or 4 of them, in memory order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Encoded {
    bytes: [u8; 4],
    len: u8,
}

impl Encoded {
    pub(crate) fn half(h: u32) -> Encoded {
        let b = (h as u16).to_le_bytes();
        Encoded {
            bytes: [b[0], b[1], 0, 0],
            len: 2,
        }
    }

    /// A 32-bit instruction given as `first_halfword << 16 | second_halfword`.
    pub(crate) fn word(w: u32) -> Encoded {
        let a = ((w >> 16) as u16).to_le_bytes();
        let b = (w as u16).to_le_bytes();
        Encoded {
            bytes: [a[0], a[1], b[0], b[1]],
            len: 4,
        }
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len as usize]
    }

    pub fn len(&self) -> usize {
        self.len as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn is_wide(&self) -> bool {
        self.len == 4
    }
}

/// Encodes one instruction in its environment.
pub fn encode(inst: &Instruction, env: &Env) -> Result<Encoded, Error> {
    let cx = Cx {
        env,
        width: inst.width,
        inst,
    };
    match inst.insn.family() {
        Family::Data => data::encode(&cx),
        Family::Dsp => dsp::encode(&cx),
        Family::Memory => memory::encode(&cx),
        Family::Control => control::encode(&cx),
        Family::System => system::encode(&cx),
    }
}

/// What every encoding function needs: the environment and the width asked for.
pub(crate) struct Cx<'a> {
    pub env: &'a Env,
    pub width: Width,
    pub inst: &'a Instruction,
}

impl Cx<'_> {
    /// The instruction's mnemonic for messages.
    pub fn what(&self) -> String {
        self.inst.mnemonic()
    }

    /// Chooses between a 16-bit candidate and the 32-bit form, honouring `.n`/`.w`
    /// and the profile (ARMv6-M has no 32-bit data processing).
    pub fn pick(
        &self,
        narrow: Option<u32>,
        wide: impl FnOnce() -> Result<u32, Error>,
    ) -> Result<Encoded, Error> {
        match (self.width, narrow) {
            (Width::Wide, _) => self.wide(wide()?),
            (_, Some(h)) => Ok(Encoded::half(h)),
            (Width::Narrow, None) => {
                // Give the real reason when the wide form is illegal anyway.
                wide()?;
                Err(Error::width(self.what()))
            }
            (Width::Auto, None) => self.wide(wide()?),
        }
    }

    /// A 32-bit Thumb-2 encoding, refused on ARMv6-M.
    pub fn wide(&self, w: u32) -> Result<Encoded, Error> {
        if self.width == Width::Narrow {
            return Err(Error::width(self.what()));
        }
        if !self.env.profile.has_thumb2() {
            return Err(Error::profile(
                format!("32-bit `{}`", self.what()),
                self.env.profile,
            ));
        }
        Ok(Encoded::word(w))
    }

    /// A 32-bit encoding every profile has (BL, MRS, MSR, barriers).
    pub fn wide_v6m(&self, w: u32) -> Result<Encoded, Error> {
        if self.width == Width::Narrow {
            return Err(Error::width(self.what()));
        }
        Ok(Encoded::word(w))
    }

    /// An instruction with only a 16-bit encoding.
    pub fn narrow_only(&self, h: u32) -> Result<Encoded, Error> {
        if self.width == Width::Wide {
            if !self.env.profile.has_thumb2() {
                return Err(Error::profile(
                    format!("32-bit `{}`", self.what()),
                    self.env.profile,
                ));
            }
            return Err(Error::width(self.what()));
        }
        Ok(Encoded::half(h))
    }

    /// Requires Thumb-2 for the whole instruction, whatever its size.
    pub fn need_thumb2(&self) -> Result<(), Error> {
        if self.env.profile.has_thumb2() {
            Ok(())
        } else {
            Err(Error::profile(
                format!("`{}`", self.what()),
                self.env.profile,
            ))
        }
    }
}

/// Refuses registers an operand slot cannot hold.
pub(crate) fn no_sp_pc(r: Reg, what: &str) -> Result<u32, Error> {
    if r == Reg::SP || r == Reg::PC {
        Err(Error::operand(format!("{what} cannot be {r} here")))
    } else {
        Ok(r.n())
    }
}

pub(crate) fn no_pc(r: Reg, what: &str) -> Result<u32, Error> {
    if r == Reg::PC {
        Err(Error::operand(format!("{what} cannot be pc here")))
    } else {
        Ok(r.n())
    }
}
pub(crate) use memory::ldr_const_needs_pool;
