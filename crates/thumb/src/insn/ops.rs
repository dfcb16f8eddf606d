//! The operations within each instruction family (which data-processing
//! operation, which load or store, which hint), with the encoding fields the
//! encoder takes from them. Their names live with the mnemonic table.

use super::operand::ShiftKind;

/// Three-operand data processing: `op{s} rd, rn, op2`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DpOp {
    And,
    Eor,
    Orr,
    Orn,
    Bic,
    Add,
    Adc,
    Sub,
    Sbc,
    Rsb,
}

impl DpOp {
    /// The op field of the Thumb-2 data-processing encodings.
    pub(crate) fn t32_op(self) -> u32 {
        match self {
            DpOp::And => 0,
            DpOp::Bic => 1,
            DpOp::Orr => 2,
            DpOp::Orn => 3,
            DpOp::Eor => 4,
            DpOp::Add => 8,
            DpOp::Adc => 10,
            DpOp::Sbc => 11,
            DpOp::Sub => 13,
            DpOp::Rsb => 14,
        }
    }

    /// `op rd, rn, rm` equals `op rd, rm, rn`.
    pub(crate) fn commutes(self) -> bool {
        matches!(
            self,
            DpOp::And | DpOp::Eor | DpOp::Orr | DpOp::Add | DpOp::Adc
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MovOp {
    Mov,
    Mvn,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    Tst,
    Teq,
    Cmp,
    Cmn,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShiftOp {
    Lsl,
    Lsr,
    Asr,
    Ror,
}

impl ShiftOp {
    pub fn kind(self) -> ShiftKind {
        match self {
            ShiftOp::Lsl => ShiftKind::Lsl,
            ShiftOp::Lsr => ShiftKind::Lsr,
            ShiftOp::Asr => ShiftKind::Asr,
            ShiftOp::Ror => ShiftKind::Ror,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LongMulOp {
    Umull,
    Smull,
    Umlal,
    Smlal,
}

/// Single-register bit operations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BitsOp {
    Clz,
    Rbit,
    Rev,
    Rev16,
    Revsh,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExtendOp {
    Sxtb,
    Sxth,
    Uxtb,
    Uxth,
}

/// Single loads and stores.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemOp {
    Ldr,
    Ldrb,
    Ldrh,
    Ldrsb,
    Ldrsh,
    Str,
    Strb,
    Strh,
}

impl MemOp {
    pub fn is_load(self) -> bool {
        !matches!(self, MemOp::Str | MemOp::Strb | MemOp::Strh)
    }

    /// log2 of the access size in bytes.
    pub(crate) fn size_log2(self) -> u32 {
        match self {
            MemOp::Ldrb | MemOp::Ldrsb | MemOp::Strb => 0,
            MemOp::Ldrh | MemOp::Ldrsh | MemOp::Strh => 1,
            MemOp::Ldr | MemOp::Str => 2,
        }
    }
}

/// Exclusive-access sizes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExSize {
    Byte,
    Half,
    Word,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HintOp {
    Nop,
    Yield,
    Wfe,
    Wfi,
    Sev,
    /// Consumption of speculative data barrier: 32-bit only.
    Csdb,
}

impl HintOp {
    pub(crate) fn code(self) -> u32 {
        match self {
            HintOp::Nop => 0,
            HintOp::Yield => 1,
            HintOp::Wfe => 2,
            HintOp::Wfi => 3,
            HintOp::Sev => 4,
            HintOp::Csdb => 0x14,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BarrierOp {
    Dmb,
    Dsb,
    Isb,
    /// Clear-exclusive shares the barriers' encoding space (option is always 15).
    Clrex,
}
