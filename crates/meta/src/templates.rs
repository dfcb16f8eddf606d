//! The fixed code shapes of words made by defining words (see
//! [`crate::layout`] for the pictures). Host and target make them alike, and
//! the host recognises them in headers the target wrote.

use thumb::{Addr, Insn, Instruction, MemOp, Profile, Reg, Target as At};

use crate::emit::{Code, EmitError, NOP, TOS};
use crate::layout::*;

fn ldr_literal(code: &mut Code, rt: Reg, lit: u32) -> Result<(), EmitError> {
    code.put(
        Instruction::new(Insn::Mem {
            op: MemOp::Ldr,
            rt,
            addr: Addr::Literal(At::Address(lit)),
        })
        .narrow(),
        Some(lit),
    )
}

/// Constant: push TOS; `ldr r6, [pc, #0]`; `bx lr`; `.word value`.
pub fn constant(code: &mut Code, value: u32) -> Result<(), EmitError> {
    let xt = code.here();
    code.push_tos()?;
    ldr_literal(code, TOS, xt + CONSTANT_VALUE_OFFSET)?;
    code.insn(Insn::Bx(Reg::LR))?;
    code.word(value);
    Ok(())
}

/// Created word; the does cell points at its own `bx lr`.
pub fn create(code: &mut Code) -> Result<(), EmitError> {
    let xt = code.here();
    code.push_tos()?;
    code.put(
        Instruction::new(Insn::Adr {
            rd: TOS,
            target: At::Address(xt + CREATE_BODY_OFFSET),
        })
        .narrow(),
        Some(xt + CREATE_BODY_OFFSET),
    )?;
    ldr_literal(code, Reg::R0, xt + CREATE_DOES_CELL)?;
    code.insn(Insn::Bx(Reg::R0))?;
    code.insn(Insn::Bx(Reg::LR))?;
    code.word((xt + CREATE_RETURN_OFFSET) | 1);
    Ok(())
}

/// A value whose cell is at `cell`.
pub fn value(code: &mut Code, cell: u32) -> Result<(), EmitError> {
    let xt = code.here();
    code.push_tos()?;
    ldr_literal(code, TOS, xt + INDIRECT_CELL_OFFSET)?;
    code.insn(Insn::Mem {
        op: MemOp::Ldr,
        rt: TOS,
        addr: Addr::Offset { rn: TOS, imm: 0 },
    })?;
    code.insn(Insn::Bx(Reg::LR))?;
    code.half(NOP);
    code.word(cell);
    Ok(())
}

/// Where a 2value's code holds the address of its two cells. (The shape is
/// the one kernel/locals.fs lays down with `2value`.)
pub const TWO_VALUE_CELL_OFFSET: u32 = 16;

/// A 2value whose cells are at `cell` (x2, the top) and `cell + 4` (x1),
/// as `2!` and `2@` keep a pair: push TOS; `ldr r0, =cell`;
/// `ldr r6, [r0, #4]`; push TOS; `ldr r6, [r0]`; `bx lr`; the address.
pub fn two_value(code: &mut Code, cell: u32) -> Result<(), EmitError> {
    let xt = code.here();
    code.push_tos()?;
    ldr_literal(code, Reg::R0, xt + TWO_VALUE_CELL_OFFSET)?;
    let load = |imm| Insn::Mem {
        op: MemOp::Ldr,
        rt: TOS,
        addr: Addr::Offset { rn: Reg::R0, imm },
    };
    code.insn(load(4))?;
    code.push_tos()?;
    code.insn(load(0))?;
    code.insn(Insn::Bx(Reg::LR))?;
    code.word(cell);
    Ok(())
}

/// A deferred word whose xt is in the cell at `cell`.
pub fn defer(code: &mut Code, cell: u32) -> Result<(), EmitError> {
    let xt = code.here();
    ldr_literal(code, Reg::R0, xt + INDIRECT_CELL_OFFSET)?;
    code.insn(Insn::Mem {
        op: MemOp::Ldr,
        rt: Reg::R0,
        addr: Addr::Offset {
            rn: Reg::R0,
            imm: 0,
        },
    })?;
    code.insn(Insn::Bx(Reg::R0))?;
    while code.here() < xt + INDIRECT_CELL_OFFSET {
        code.half(NOP);
    }
    code.word(cell);
    Ok(())
}

fn head(profile: Profile, make: fn(&mut Code) -> Result<(), EmitError>, len: u32) -> Vec<u8> {
    let mut code = Code::new(0x1000_0000, profile);
    make(&mut code).expect("template encodes");
    code.bytes.truncate(len as usize);
    code.bytes
}

/// The bytes every constant starts with, before its value.
pub fn constant_head(profile: Profile) -> Vec<u8> {
    head(profile, |c| constant(c, 0), CONSTANT_VALUE_OFFSET)
}

/// The bytes every created word starts with, before its does cell.
pub fn create_head(profile: Profile) -> Vec<u8> {
    head(profile, create, CREATE_DOES_CELL)
}

/// The bytes every value starts with, before its cell address.
pub fn value_head(profile: Profile) -> Vec<u8> {
    head(profile, |c| value(c, 0), INDIRECT_CELL_OFFSET)
}

/// The bytes every 2value starts with, before its cells' address.
pub fn two_value_head(profile: Profile) -> Vec<u8> {
    head(profile, |c| two_value(c, 0), TWO_VALUE_CELL_OFFSET)
}

/// The bytes every deferred word starts with, before its cell address.
pub fn defer_head(profile: Profile) -> Vec<u8> {
    head(profile, |c| defer(c, 0), INDIRECT_CELL_OFFSET)
}
