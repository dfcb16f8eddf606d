//! Exceptions, hints, interrupt masks, special registers and barriers.
//!
//! Like GNU as, every special register name and barrier option is accepted
//! on every M profile: the bits are well defined, and which registers a core
//! implements is a property of the core rather than of the instruction set.

use super::{no_sp_pc, Cx, Encoded};
use crate::error::Error;
use crate::insn::{BarrierOp, HintOp, Insn, Width};
use crate::profile::Profile;

/// The security extension's instructions exist only in ARMv8-M.
fn need_v8m(cx: &Cx) -> Result<(), Error> {
    if cx.env.profile == Profile::V8MMain {
        Ok(())
    } else {
        Err(Error::profile(format!("`{}`", cx.what()), cx.env.profile))
    }
}

pub(super) fn encode(cx: &Cx) -> Result<Encoded, Error> {
    match cx.inst.insn {
        Insn::Svc(n) => cx.narrow_only(0xDF00 | n as u32),
        Insn::Bkpt(n) => cx.narrow_only(0xBE00 | n as u32),
        Insn::Udf(n) => {
            let n = n as u32;
            let narrow = (n < 256 && cx.width != Width::Wide).then_some(0xDE00 | n);
            match narrow {
                Some(h) => Ok(Encoded::half(h)),
                None if cx.width == Width::Narrow => Err(Error::width(cx.what())),
                None => cx.wide(0xF7F0_A000 | (n >> 12) << 16 | (n & 0xfff)),
            }
        }
        // ARMv6-M's `nop` is GNU as's traditional `mov r8, r8`.
        Insn::Hint(HintOp::Nop) if !cx.env.profile.has_thumb2() => cx.narrow_only(0x46C0),
        Insn::Hint(HintOp::Csdb) => {
            cx.need_thumb2()?;
            cx.wide(0xF3AF_8014)
        }
        Insn::Hint(h) => {
            let code = h.code();
            cx.pick(Some(0xBF00 | code << 4), || Ok(0xF3AF_8000 | code))
        }
        Insn::Cps { enable, i, f } => {
            let im = (!enable) as u32;
            cx.narrow_only(0xB660 | im << 4 | (i as u32) << 1 | f as u32)
        }
        Insn::Mrs { rd, sysreg } => {
            let d = no_sp_pc(rd, "the destination of mrs")?;
            cx.wide_v6m(0xF3EF_8000 | d << 8 | sysreg.0 as u32)
        }
        Insn::Msr { sysreg, mask, rn } => {
            let n = no_sp_pc(rn, "the source of msr")?;
            if mask & 1 != 0 && !matches!(cx.env.profile, Profile::V7EM | Profile::V8MMain) {
                return Err(Error::profile("the APSR g (GE bits) field", cx.env.profile));
            }
            cx.wide_v6m(0xF380_8000 | n << 16 | (mask as u32) << 10 | sysreg.0 as u32)
        }
        Insn::Barrier { op, option } => {
            if op == BarrierOp::Clrex {
                cx.need_thumb2()?;
                return cx.wide(0xF3BF_8F2F);
            }
            let base = match op {
                BarrierOp::Clrex => unreachable!("handled above"),
                BarrierOp::Dsb => 0xF3BF_8F40,
                BarrierOp::Dmb => 0xF3BF_8F50,
                BarrierOp::Isb => 0xF3BF_8F60,
            };
            cx.wide_v6m(base | option as u32 & 0xf)
        }
        Insn::Tt {
            alternate,
            unprivileged,
            rd,
            rn,
        } => {
            need_v8m(cx)?;
            let (d, n) = (no_sp_pc(rd, "rd")?, super::no_pc(rn, "rn")?);
            cx.wide(
                0xE840_F000
                    | n << 16
                    | d << 8
                    | (alternate as u32) << 7
                    | (unprivileged as u32) << 6,
            )
        }
        Insn::Sg => {
            need_v8m(cx)?;
            cx.wide(0xE97F_E97F)
        }
        Insn::Bxns { link, rm } => {
            need_v8m(cx)?;
            let base = if link { 0x4784 } else { 0x4704 };
            cx.narrow_only(base | rm.n() << 3)
        }
        Insn::Dbg(option) => {
            cx.need_thumb2()?;
            cx.wide(0xF3AF_80F0 | (option as u32 & 0xf))
        }
        _ => unreachable!("not a system instruction"),
    }
}
