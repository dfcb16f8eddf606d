//! The console UART's receiver delivers the host's input bytes, and its
//! transmitter collects output.

mod common;

use common::*;
use emu::{Emulator, Exit, FaultKind};
use thumb::Profile;

const BUDGET: u64 = 100_000;

/// Reads three bytes from the PL011 at `uart` and sends them back reversed.
fn pl011_reverse3(uart: u32) -> String {
    format!(
        "
    .word 0x20040000
    .word reset + 1
reset:
    ldr r0, ={uart:#x}
    bl getc
    mov r4, r1
    bl getc
    mov r5, r1
    bl getc
    bl putc
    mov r1, r5
    bl putc
    mov r1, r4
    bl putc
{EXIT_0}
getc:
    ldr r2, [r0, #0x18]
    movs r3, #0x10
    tst r2, r3
    bne getc
    ldr r1, [r0]
    bx lr
putc:
    ldr r2, [r0, #0x18]
    movs r3, #0x20
    tst r2, r3
    bne putc
    str r1, [r0]
    bx lr
    .ltorg
"
    )
}

#[test]
fn input_bytes_reach_a_program_polling_the_pl011() {
    for t in [rp2040(), rp2350()] {
        let mut e = Emulator::new(&t).unwrap();
        let code = asm(
            &pl011_reverse3(t.console.base),
            profile_of(&t),
            t.vector_table,
        );
        e.load(code.origin, &code.bytes).unwrap();
        e.set_input(b"abc".to_vec());
        assert_eq!(
            e.boot(BUDGET),
            Ok(Exit::Semihost { status: 0 }),
            "{}",
            t.name
        );
        assert_eq!(e.output(), b"cba", "{}", t.name);
    }
}

#[test]
fn input_bytes_reach_a_program_polling_the_stm32_usart() {
    let t = stm32f407();
    let src = "
key:
    ldr r0, =0x40011000
1:  ldr r1, [r0]
    lsls r1, r1, #26
    bpl 1b
    subs r7, #4
    str r6, [r7]
    ldr r6, [r0, #4]
    bx lr
    .ltorg
";
    let (mut e, code) = with_code(&t, Profile::V7EM, src);
    e.set_input(b"ok".to_vec());
    assert_eq!(e.call(code.origin, &[], BUDGET), Ok(vec![b'o' as u32]));
    assert_eq!(e.call(code.origin, &[1], BUDGET), Ok(vec![1, b'k' as u32]));
    // With the queue empty the receiver stays empty and key waits forever.
    let f = e.call(code.origin, &[], 1000).unwrap_err();
    assert_eq!(f.kind, FaultKind::BudgetExhausted(1000));
}

#[test]
fn take_output_hands_over_what_was_sent_once() {
    let t = rp2350();
    let src = format!(
        "
    ldr r0, ={:#x}
    str r6, [r0]
    bx lr
    .ltorg
",
        t.console.base
    );
    let (mut e, code) = with_code(&t, Profile::V8MMain, &src);
    e.call(code.origin, &[b'x' as u32], BUDGET).unwrap();
    assert_eq!(e.take_output(), b"x");
    assert!(e.output().is_empty());
    e.call(code.origin, &[b'y' as u32], BUDGET).unwrap();
    assert_eq!(e.output(), b"y");
}

#[test]
fn byte_stores_to_the_data_register_send_one_byte() {
    let t = rp2040();
    let src = format!(
        "ldr r0, ={:#x}\nstrb r6, [r0]\nbx lr\n.ltorg",
        t.console.base
    );
    let (mut e, code) = with_code(&t, Profile::V6M, &src);
    e.call(code.origin, &[0x4142_4344], BUDGET).unwrap();
    assert_eq!(e.output(), b"D");
}

/// Reads bytes from the PL011 at `uart` until a 0, spinning a loop of the
/// byte's value times 256 after each; a byte 0xff spins without end.
fn pl011_spin_per_byte(uart: u32) -> String {
    format!(
        "
    .word 0x20040000
    .word reset + 1
reset:
    ldr r0, ={uart:#x}
next:
    ldr r2, [r0, #0x18]
    movs r3, #0x10
    tst r2, r3
    bne next
    ldr r1, [r0]
    cmp r1, #0
    beq done
    cmp r1, #0xff
    beq forever
    lsls r1, r1, #8
spin:
    subs r1, #1
    bne spin
    b next
forever:
    b forever
done:
{EXIT_0}
    .ltorg
"
    )
}

#[test]
fn a_budget_per_input_counts_from_the_last_byte_read() {
    let t = rp2350();
    let code = asm(
        &pl011_spin_per_byte(t.console.base),
        profile_of(&t),
        t.vector_table,
    );
    // Twenty bytes of about 2 * 100 * 256 instructions each: ten times the
    // budget in all, a fifth of it after any one byte.
    let budget = 100_000;
    let mut e = Emulator::new(&t).unwrap();
    e.load(code.origin, &code.bytes).unwrap();
    let mut input = vec![100u8; 20];
    input.push(0);
    e.set_input(input);
    e.set_budget_per_input(budget);
    assert_eq!(e.boot(budget), Ok(Exit::Semihost { status: 0 }));
    assert!(e.instructions() > 10 * budget, "{}", e.instructions());

    // A byte after which the program never reads again stops it.
    let mut e = Emulator::new(&t).unwrap();
    e.load(code.origin, &code.bytes).unwrap();
    e.set_input(vec![100, 100, 0xff, 0]);
    e.set_budget_per_input(budget);
    let f = e.boot(budget).unwrap_err();
    assert_eq!(f.kind, FaultKind::InputBudgetExhausted(budget));
}
