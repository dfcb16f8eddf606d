//! `Emulator::call` runs one routine with the r6/r7 data-stack convention and
//! hands back the stack it leaves.

mod common;

use common::*;
use emu::FaultKind;
use thumb::Profile;

const BUDGET: u64 = 10_000;

fn routine(src: &str) -> (emu::Emulator, u32) {
    let (e, code) = with_code(&rp2040(), Profile::V6M, src);
    (e, code.origin)
}

#[test]
fn a_routine_that_only_returns_gives_the_stack_back_unchanged() {
    let (mut e, at) = routine("bx lr");
    assert_eq!(e.call(at, &[1, 2, 3], BUDGET), Ok(vec![1, 2, 3]));
    assert_eq!(e.call(at, &[], BUDGET), Ok(vec![]));
    assert_eq!(e.call(at, &[7], BUDGET), Ok(vec![7]));
}

#[test]
fn changing_r6_changes_the_top_of_stack() {
    let (mut e, at) = routine("adds r6, #1\nbx lr");
    assert_eq!(e.call(at, &[1, 2, 3], BUDGET), Ok(vec![1, 2, 4]));
}

#[test]
fn drop_and_dup_move_r7_by_one_cell() {
    let (mut e, code) = with_code(
        &rp2040(),
        Profile::V6M,
        "
drop:
    ldmia r7!, {r6}
    bx lr
dup:
    subs r7, #4
    str r6, [r7]
    bx lr
",
    );
    let (drop, dup) = (code.label("drop"), code.label("dup"));
    assert_eq!(e.call(drop, &[1, 2, 3], BUDGET), Ok(vec![1, 2]));
    assert_eq!(e.call(drop, &[5], BUDGET), Ok(vec![]));
    assert_eq!(e.call(dup, &[1, 2, 3], BUDGET), Ok(vec![1, 2, 3, 3]));
    assert_eq!(e.call(dup, &[], BUDGET).unwrap().len(), 1);
}

#[test]
fn popping_an_empty_stack_is_reported_as_underflow() {
    let (mut e, at) = routine("ldmia r7!, {r6}\nbx lr");
    let f = e.call(at, &[], BUDGET).unwrap_err();
    assert!(
        matches!(&f.kind, FaultKind::Other(s) if s.contains("underflow")),
        "{f}"
    );
}

#[test]
fn a_routine_calling_subroutines_returns_through_the_return_stack() {
    // A colon definition: save LR on the return stack, call two words.
    let (mut e, code) = with_code(
        &rp2040(),
        Profile::V6M,
        "
twice_plus_one:
    push {lr}
    bl double
    bl one_plus
    pop {pc}
double:
    adds r6, r6, r6
    bx lr
one_plus:
    adds r6, #1
    bx lr
",
    );
    let at = code.label("twice_plus_one");
    assert_eq!(e.call(at, &[9, 20], BUDGET), Ok(vec![9, 41]));
    // The return stack pointer is back where it started.
    assert_eq!(e.reg(13), rp2040().stack_top());
}

#[test]
fn the_data_stack_base_can_be_moved() {
    let (mut e, at) = routine("bx lr");
    e.set_call_stacks(0x2001_0000, 0x2002_0000);
    assert_eq!(e.call(at, &[4, 5], BUDGET), Ok(vec![4, 5]));
    assert_eq!(e.reg(7), 0x2001_0000 - 8);
    assert_eq!(e.read_mem(0x2001_0000 - 8, 4).unwrap(), 4u32.to_le_bytes());
}

#[test]
fn call_counts_exactly_the_routines_instructions() {
    // Three blocks: 2 + 2 + 3 instructions, the last one being bx lr.
    let (mut e, at) = routine(
        "
    movs r0, #1
    b 1f
1:  adds r0, #1
    b 2f
2:  adds r6, r0
    nop
    bx lr
",
    );
    let before = e.instructions();
    assert_eq!(e.call(at, &[0], BUDGET), Ok(vec![2]));
    assert_eq!(e.instructions() - before, 7);
    e.call(at, &[0], BUDGET).unwrap();
    assert_eq!(e.instructions() - before, 14);
}

#[test]
fn code_rewritten_by_the_host_runs_the_new_instructions() {
    let (mut e, at) = routine("adds r6, #1\nbx lr");
    assert_eq!(e.call(at, &[1], BUDGET), Ok(vec![2]));
    // adds r6, #5 ; bx lr
    e.write_mem(at, &[0x05, 0x36, 0x70, 0x47]).unwrap();
    assert_eq!(e.call(at, &[1], BUDGET), Ok(vec![6]));
    // Same size, different instruction mix: movw r6, #9 (32-bit), then bx lr.
    let rp2350 = rp2350();
    let (mut e, code) = with_code(&rp2350, Profile::V8MMain, "nop\nnop\nbx lr");
    let before = e.instructions();
    e.call(code.origin, &[0], BUDGET).unwrap();
    assert_eq!(e.instructions() - before, 3);
    let movw = asm("movw r6, #9\nbx lr", Profile::V8MMain, code.origin);
    e.write_mem(code.origin, &movw.bytes).unwrap();
    let before = e.instructions();
    assert_eq!(e.call(code.origin, &[0], BUDGET), Ok(vec![9]));
    assert_eq!(e.instructions() - before, 2);
}

#[test]
fn calls_on_every_board_share_the_convention() {
    for t in [rp2040(), rp2350(), stm32f407()] {
        let (mut e, code) = with_code(&t, Profile::V6M, "ldmia r7!, {r0}\nadds r6, r0\nbx lr");
        assert_eq!(
            e.call(code.origin, &[3, 4, 5], BUDGET),
            Ok(vec![3, 9]),
            "{}",
            t.name
        );
    }
}

#[test]
fn code_stored_by_the_program_itself_runs_the_new_instructions() {
    // patch: stores `adds r6, #5` over the first instruction of `target`.
    let (mut e, code) = with_code(
        &rp2040(),
        Profile::V6M,
        "
target:
    adds r6, #1
    bx lr
patch:
    ldr r0, =target
    ldr r1, =0x3605
    strh r1, [r0]
    bx lr
    .ltorg
",
    );
    let (target, patch) = (code.label("target"), code.label("patch"));
    assert_eq!(e.call(target, &[1], BUDGET), Ok(vec![2]));
    e.call(patch, &[], BUDGET).unwrap();
    assert_eq!(e.call(target, &[1], BUDGET), Ok(vec![6]));
}
