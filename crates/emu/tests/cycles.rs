//! DWT CYCCNT reads the exact number of instructions executed before the
//! reading instruction, wherever in a block the read happens.

mod common;

use common::*;
use thumb::Profile;

const BUDGET: u64 = 1_000_000;

/// Leaves CYCCNT(second read) - CYCCNT(first read) in r6.
fn measure(t: &target::Target, profile: Profile, between: &str) -> u32 {
    let src = format!(
        "
    ldr r1, =0xe0001004
    ldr r2, [r1]
{between}
    ldr r3, [r1]
    subs r6, r3, r2
    bx lr
    .ltorg
"
    );
    let (mut e, code) = with_code(t, profile, &src);
    e.call(code.origin, &[0], BUDGET).unwrap()[0]
}

#[test]
fn two_reads_in_straight_line_code_differ_by_the_instructions_between() {
    // The first ldr itself plus five nops.
    assert_eq!(
        measure(&rp2350(), Profile::V8MMain, "nop\nnop\nnop\nnop\nnop"),
        6
    );
    assert_eq!(
        measure(&rp2040(), Profile::V6M, "nop\nnop\nnop\nnop\nnop"),
        6
    );
    // Nothing between: just the first ldr.
    assert_eq!(measure(&stm32f407(), Profile::V7EM, ""), 1);
}

#[test]
fn wide_instructions_count_once() {
    let between = "movw r0, #1\nmovt r0, #2\nadd.w r0, r0, #3\nnop";
    assert_eq!(measure(&stm32f407(), Profile::V7EM, between), 5);
}

#[test]
fn reads_across_branches_and_loops_count_every_executed_instruction() {
    // 1 (first ldr) + movs + 10 * (subs, bne) + b + nop = 1 + 1 + 20 + 2.
    let between = "
    movs r0, #10
1:  subs r0, #1
    bne 1b
    b 2f
    nop
2:  nop
";
    assert_eq!(measure(&rp2040(), Profile::V6M, between), 24);
}

#[test]
fn skipped_it_block_instructions_still_count() {
    let between = "
    movs r0, #0
    cmp r0, #1
    itt eq
    moveq r0, #5
    moveq r0, #6
";
    // ldr, movs, cmp, itt, moveq, moveq.
    assert_eq!(measure(&rp2350(), Profile::V8MMain, between), 6);
}

#[test]
fn cyccnt_matches_the_hosts_instruction_count() {
    let (mut e, code) = with_code(
        &rp2350(),
        Profile::V8MMain,
        "ldr r1, =0xe0001004\nldr r6, [r1]\nbx lr\n.ltorg",
    );
    let before = e.instructions();
    let read = e.call(code.origin, &[0], BUDGET).unwrap()[0];
    // The ldr of CYCCNT is the second instruction of the call.
    assert_eq!(read as u64, before + 1);
    assert_eq!(e.instructions(), before + 3);
}

#[test]
fn writing_cyccnt_restarts_it_from_the_written_value() {
    let src = "
    ldr r1, =0xe0001004
    movs r0, #100
    str r0, [r1]
    nop
    ldr r6, [r1]
    bx lr
    .ltorg
";
    let (mut e, code) = with_code(&stm32f407(), Profile::V7EM, src);
    // The str and the nop ran after the write.
    assert_eq!(e.call(code.origin, &[0], BUDGET), Ok(vec![102]));
}

#[test]
fn dwt_ctrl_and_scb_registers_read_back_what_was_written() {
    let src = "
    ldr r1, =0xe0001000
    movs r0, #1
    str r0, [r1]
    ldr r2, [r1]
    ldr r1, =0xe000ed08
    ldr r0, =0x10000100
    str r0, [r1]
    ldr r3, [r1]
    adds r6, r2, r3
    bx lr
    .ltorg
";
    let (mut e, code) = with_code(&rp2040(), Profile::V6M, src);
    assert_eq!(e.call(code.origin, &[0], BUDGET), Ok(vec![0x1000_0101]));
}

#[test]
fn systick_counts_down_one_per_instruction() {
    // Enable SysTick with a large reload, read CVR twice around 4 nops.
    let src = "
    ldr r1, =0xe000e010
    ldr r0, =0xffffff
    str r0, [r1, #4]
    movs r0, #0
    str r0, [r1, #8]
    movs r0, #5
    str r0, [r1]
    ldr r2, [r1, #8]
    nop
    nop
    nop
    nop
    ldr r3, [r1, #8]
    subs r6, r2, r3
    bx lr
    .ltorg
";
    let (mut e, code) = with_code(&rp2350(), Profile::V8MMain, src);
    assert_eq!(e.call(code.origin, &[0], BUDGET), Ok(vec![5]));
}

#[test]
fn a_systick_delay_loop_terminates_on_countflag() {
    let src = "
    ldr r1, =0xe000e010
    ldr r0, =999
    str r0, [r1, #4]
    str r0, [r1, #8]
    movs r0, #5
    str r0, [r1]
    movs r6, #0
wait:
    adds r6, #1
    ldr r0, [r1]
    lsls r0, r0, #15
    bpl wait
    bx lr
    .ltorg
";
    let (mut e, code) = with_code(&rp2040(), Profile::V6M, src);
    let polls = e.call(code.origin, &[0], BUDGET).unwrap()[0];
    // About 1000 instructions at 4 per poll.
    assert!((240..=260).contains(&polls), "{polls}");
}

#[test]
fn the_rp_timer_reads_microseconds_at_the_target_clock() {
    let t = rp2040(); // 125 MHz in the test board: 125 instructions per µs
    let src = "
    ldr r1, =0x40054028
    ldr r6, [r1]
    bx lr
    .ltorg
";
    let (mut e, code) = with_code(&t, Profile::V6M, src);
    let first = e.call(code.origin, &[0], BUDGET).unwrap()[0];
    let spin = asm(
        "movs r0, #0\n1: adds r0, #1\ncmp r0, r6\nbne 1b\nbx lr",
        Profile::V6M,
        0x2000_1000,
    );
    e.load(spin.origin, &spin.bytes).unwrap();
    e.call(spin.origin, &[125_000], 10_000_000).unwrap();
    let second = e.call(code.origin, &[0], BUDGET).unwrap()[0];
    // 3 instructions per iteration: 375000 instructions = 3000 µs.
    assert!(
        (2990..=3010).contains(&(second - first)),
        "{}",
        second - first
    );
}
