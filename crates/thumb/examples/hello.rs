//! The three ways into the assembler: one typed instruction, a laid-out
//! section with labels and a literal pool, and UAL source text.
//!
//! Run with `cargo run -p thumb --example hello`.

use thumb::{
    encode, Assembler, Cond, DpOp, Env, Insn, Instruction, Item, Op2, Profile, Reg, RegList,
    Target, Value,
};

fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // 1. One instruction, encoded on its own. `add r0, r1, #-4` has no
    //    encoding of its own; like GNU as, the encoder writes `sub r0, r1, #4`.
    let add = Instruction::new(Insn::Dp {
        op: DpOp::Add,
        s: false,
        rd: Reg::R0,
        rn: Reg::R1,
        op2: Op2::Imm(-4i32 as u32),
    });
    let bytes = encode(&add, &Env::new(Profile::V8MMain))?;
    println!("add r0, r1, #-4  ->  {}", hex(bytes.as_bytes()));

    // The same instruction is refused where the profile lacks it.
    match encode(&add, &Env::new(Profile::V6M)) {
        Ok(_) => println!("armv6m accepted it?"),
        Err(e) => println!("armv6m: {e}"),
    }

    // 2. A section: labels, a conditional branch relaxed to the shortest form
    //    that reaches, and `ldr r0, =constant` placed in a literal pool.
    let mut asm = Assembler::new(Profile::V6M);
    let top = asm.new_label();
    asm.push(Insn::Push(RegList::of(&[Reg::R4, Reg::LR])))?;
    asm.push(Insn::LdrConst {
        rt: Reg::R0,
        value: Value::Imm(0x2000_4000),
    })?;
    asm.bind(top)?;
    asm.push(Insn::Dp {
        op: DpOp::Sub,
        s: true,
        rd: Reg::R0,
        rn: Reg::R0,
        op2: Op2::Imm(1),
    })?;
    asm.push(Instruction::new(Insn::B(Target::Label(top))).cond(Cond::Ne))?;
    asm.push(Insn::Pop(RegList::of(&[Reg::R4, Reg::PC])))?;
    asm.directive(Item::Pool)?;
    let section = asm.finish().map_err(|errors| format!("{errors:?}"))?;
    println!(
        "section ({} bytes): {}",
        section.bytes.len(),
        hex(&section.bytes)
    );

    // 3. Source text, as `arm-none-eabi-as -mthumb` reads it.
    let src = "
        .syntax unified
        .thumb
    count:
        ldr     r1, =1000000
    1:  subs    r1, #1
        bne     1b
        bx      lr
    ";
    let assembly = thumb::text::assemble(src, Profile::V8MMain);
    for e in &assembly.errors {
        eprintln!("error: {e}");
    }
    for line in &assembly.lines {
        let text = src.lines().nth(line.line as usize - 1).unwrap_or("").trim();
        println!("{:04x}  {:<12} {text}", line.offset, hex(&line.bytes));
    }
    println!("with its literal pool: {}", hex(&assembly.bytes));
    Ok(())
}
