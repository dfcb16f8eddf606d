//! Booting images from their vector tables: each board prints through its
//! console UART model and ends with a semihosting exit status.

mod common;

use common::*;
use emu::{Emulator, Exit, FaultKind};
use target::Target;

const BUDGET: u64 = 100_000;

/// Assembles `src` at the board's vector table and loads it.
fn image(t: &Target, src: &str) -> Emulator {
    let mut e = Emulator::new(t).expect("machine");
    let code = asm(src, profile_of(t), t.vector_table);
    e.load(code.origin, &code.bytes).expect("load");
    e
}

/// Polled PL011 output of "hi" after the RP unreset sequence, through the
/// RESETS clear alias. `resets` is the RESETS base, `uart` the UART0 base.
fn rp_hello(resets: u32, uart: u32, exit: &str) -> String {
    format!(
        "
    .word 0x20040000
    .word reset + 1
reset:
    ldr r0, ={clr:#x}
    ldr r1, =0x00400120
    str r1, [r0]
    ldr r0, ={done:#x}
1:  ldr r2, [r0]
    ands r2, r1
    cmp r2, r1
    bne 1b
    ldr r0, ={uart:#x}
    movs r1, #0x68
    bl putc
    movs r1, #0x69
    bl putc
{exit}
putc:
    ldr r2, [r0, #0x18]
    movs r3, #0x20
    tst r2, r3
    bne putc
    str r1, [r0]
    bx lr
    .ltorg
",
        clr = resets + 0x3000,
        done = resets + 8,
    )
}

fn stm32_hello(exit: &str) -> String {
    format!(
        "
    .word 0x20020000
    .word reset + 1
reset:
    ldr r0, =0x40023844
    ldr r1, [r0]
    movs r2, #0x10
    orrs r1, r2
    str r1, [r0]
    ldr r0, =0x40011000
    movs r1, #0x8b
    str r1, [r0, #8]
    ldr r1, =0x200c
    str r1, [r0, #0xc]
    movs r1, #0x68
    bl putc
    movs r1, #0x69
    bl putc
{exit}
putc:
    ldr r2, [r0]
    movs r3, #0x80
    tst r2, r3
    beq putc
    str r1, [r0, #4]
    bx lr
    .ltorg
"
    )
}

#[test]
fn rp2040_hello_prints_hi_and_exits_0() {
    let t = rp2040();
    let mut e = image(&t, &rp_hello(0x4000_c000, RP2040_UART0, EXIT_0));
    assert_eq!(e.boot(BUDGET), Ok(Exit::Semihost { status: 0 }));
    assert_eq!(e.output(), b"hi");
}

#[test]
fn rp2350_hello_prints_hi_and_exits_0() {
    let t = rp2350();
    let mut e = image(&t, &rp_hello(0x4002_0000, RP2350_UART0, EXIT_0));
    assert_eq!(e.boot(BUDGET), Ok(Exit::Semihost { status: 0 }));
    assert_eq!(e.output(), b"hi");
}

#[test]
fn stm32f407_hello_prints_hi_and_exits_0() {
    let t = stm32f407();
    let mut e = image(&t, &stm32_hello(EXIT_0));
    assert_eq!(e.boot(BUDGET), Ok(Exit::Semihost { status: 0 }));
    assert_eq!(e.output(), b"hi");
}

/// SYS_EXIT_EXTENDED with a {ADP_Stopped_ApplicationExit, 3} block.
const EXIT_3: &str = "
    ldr r1, =exit_block
    movs r0, #0x20
    bkpt 0xab
    .align 2
exit_block:
    .word 0x20026
    .word 3
";

#[test]
fn exit_status_propagates_from_the_program() {
    let t = stm32f407();
    let mut e = image(&t, &stm32_hello(EXIT_3));
    assert_eq!(e.boot(BUDGET), Ok(Exit::Semihost { status: 3 }));
    assert_eq!(e.output(), b"hi");
}

#[test]
fn sys_exit_with_a_reason_other_than_application_exit_is_status_1() {
    let t = rp2350();
    let exit = "
    movs r0, #0x18
    ldr r1, =0x20023
    bkpt 0xab
";
    let mut e = image(&t, &rp_hello(0x4002_0000, RP2350_UART0, exit));
    assert_eq!(e.boot(BUDGET), Ok(Exit::Semihost { status: 1 }));
}

#[test]
fn semihosting_write0_reaches_the_console_output() {
    let t = rp2350();
    let src = "
    .word 0x20040000
    .word reset + 1
reset:
    movs r0, #4
    ldr r1, =msg
    bkpt 0xab
    movs r0, #0x18
    ldr r1, =0x20026
    bkpt 0xab
    .ltorg
msg:
    .asciz \"semihosted\\n\"
";
    let mut e = image(&t, src);
    assert_eq!(e.boot(BUDGET), Ok(Exit::Semihost { status: 0 }));
    assert_eq!(e.output(), b"semihosted\n");
}

#[test]
fn each_board_runs_its_cores_cpu_model() {
    assert_eq!(Emulator::new(&rp2040()).unwrap().cpu_model(), "cortex-m0");
    assert_eq!(Emulator::new(&rp2350()).unwrap().cpu_model(), "cortex-m33");
    assert_eq!(
        Emulator::new(&stm32f407()).unwrap().cpu_model(),
        "cortex-m4"
    );
}

#[test]
fn boot_sets_vtor_to_the_vector_table() {
    let t = rp2040();
    let src = "
    .word 0x20040000
    .word reset + 1
reset:
    ldr r0, =0xe000ed08
    ldr r1, [r0]
    ldr r0, =0x10000100
    cmp r0, r1
    bne bad
    movs r0, #0x18
    ldr r1, =0x20026
    bkpt 0xab
bad:
    bkpt 1
    .ltorg
";
    let mut e = image(&t, src);
    assert_eq!(e.boot(BUDGET), Ok(Exit::Semihost { status: 0 }));
}

#[test]
fn returning_from_the_reset_handler_is_a_hard_fault() {
    let t = rp2350();
    let mut e = image(&t, ".word 0x20040000\n.word reset + 1\nreset: bx lr\n");
    let f = e.boot(BUDGET).unwrap_err();
    assert_eq!(f.kind, FaultKind::HardFault, "{f}");
    assert!(f.detail.as_deref().unwrap().contains("EXC_RETURN"), "{f}");
}

#[test]
fn an_empty_vector_table_is_reported_not_run() {
    let t = stm32f407();
    let mut e = Emulator::new(&t).unwrap();
    let f = e.boot(BUDGET).unwrap_err();
    assert_eq!(f.kind, FaultKind::HardFault, "{f}");
    assert!(f.detail.unwrap().contains("bit 0 clear"));
}
