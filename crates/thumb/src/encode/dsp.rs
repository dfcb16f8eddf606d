//! The DSP extension of ARMv7E-M and ARMv8-M Mainline: the table-driven
//! instructions of [`DspOp`] (their registers placed by [`DspForm`]), pack
//! and 16-bit saturate.

use super::{no_sp_pc, Cx, Encoded};
use crate::error::Error;
use crate::insn::{DspForm, Insn};
use crate::profile::Profile;

fn need_dsp(cx: &Cx) -> Result<(), Error> {
    match cx.env.profile {
        Profile::V7EM | Profile::V8MMain => Ok(()),
        p => Err(Error::profile(
            format!("DSP instruction `{}`", cx.what()),
            p,
        )),
    }
}

pub(super) fn encode(cx: &Cx) -> Result<Encoded, Error> {
    need_dsp(cx)?;
    match cx.inst.insn {
        Insn::Dsp { op, regs, rotate } => {
            let mut r = [0u32; 4];
            for (slot, reg) in r.iter_mut().zip(regs) {
                *slot = no_sp_pc(reg, "a DSP operand")?;
            }
            let rot = match rotate {
                0 | 8 | 16 | 24 => rotate as u32 / 8,
                _ => return Err(Error::operand("rotation must be 0, 8, 16 or 24")),
            };
            let fields = match op.form() {
                DspForm::Rrr => r[1] << 16 | r[0] << 8 | r[2],
                DspForm::RrrSwap => r[2] << 16 | r[0] << 8 | r[1],
                DspForm::Rrrr => r[1] << 16 | r[0] << 8 | r[2] | r[3] << 12,
                DspForm::Long => r[2] << 16 | r[0] << 12 | r[1] << 8 | r[3],
                DspForm::RrrRor => r[1] << 16 | r[0] << 8 | rot << 4 | r[2],
                DspForm::RrRor => r[0] << 8 | rot << 4 | r[1],
            };
            cx.wide(op.base() | fields)
        }
        Insn::Pkh {
            tb,
            rd,
            rn,
            rm,
            shift,
        } => {
            let (d, n, m) = (
                no_sp_pc(rd, "rd")?,
                no_sp_pc(rn, "rn")?,
                no_sp_pc(rm, "rm")?,
            );
            // `pkhtb` without a shift is `pkhbt` with its sources swapped.
            let (tb, n, m, shift) = if tb && shift == 0 {
                (false, m, n, 0)
            } else {
                (tb, n, m, shift as u32 & 31)
            };
            cx.wide(
                0xEAC0_0000
                    | n << 16
                    | (shift >> 2) << 12
                    | d << 8
                    | (shift & 3) << 6
                    | (tb as u32) << 5
                    | m,
            )
        }
        Insn::Sat16 {
            unsigned,
            rd,
            sat,
            rn,
        } => {
            let (d, n) = (no_sp_pc(rd, "rd")?, no_sp_pc(rn, "rn")?);
            let (lo, hi) = if unsigned { (0, 15) } else { (1, 16) };
            if !(lo..=hi).contains(&sat) {
                return Err(Error::operand(format!(
                    "saturation bit {sat} out of range {lo}..{hi}"
                )));
            }
            let base = if unsigned { 0xF3A0_0000 } else { 0xF320_0000 };
            let field = if unsigned { sat } else { sat - 1 } as u32;
            cx.wide(base | n << 16 | d << 8 | field)
        }
        _ => unreachable!("not a DSP instruction"),
    }
}
