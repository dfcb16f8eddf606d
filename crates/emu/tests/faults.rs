//! What stops a program abnormally becomes a report: kind, address, the word
//! it happened in, registers and both stacks.

mod common;

use common::*;
use emu::{FaultKind, Symbol};
use thumb::Profile;

const BUDGET: u64 = 10_000;

#[test]
fn thumb2_instructions_are_undefined_on_the_rp2040_cortex_m0() {
    // Assembled for ARMv8-M so the assembler accepts it; the M0 must refuse.
    let (mut e, code) = with_code(
        &rp2040(),
        Profile::V8MMain,
        "movs r6, #1\nmovw r6, #0x1234\nbx lr",
    );
    assert_eq!(e.cpu_model(), "cortex-m0");
    let f = e.call(code.origin, &[0], BUDGET).unwrap_err();
    assert_eq!(f.kind, FaultKind::UndefinedInstruction, "{f}");
    assert_eq!(f.pc, code.origin + 2);
    let detail = f.detail.as_deref().unwrap();
    assert!(
        detail.contains("cortex-m0") && detail.contains("armv6m"),
        "{detail}"
    );
    // Only the movs ran.
    assert_eq!(f.instructions, 1);
}

#[test]
fn the_same_thumb2_code_runs_on_the_m33_and_m4() {
    for t in [rp2350(), stm32f407()] {
        let (mut e, code) = with_code(&t, Profile::V8MMain, "movw r6, #0x1234\nbx lr");
        assert_eq!(
            e.call(code.origin, &[0], BUDGET),
            Ok(vec![0x1234]),
            "{}",
            t.name
        );
    }
}

#[test]
fn udiv_is_undefined_on_the_m0_as_on_armv6m() {
    let (mut e, code) = with_code(&rp2040(), Profile::V8MMain, "udiv r6, r6, r0\nbx lr");
    let f = e.call(code.origin, &[6], BUDGET).unwrap_err();
    assert_eq!(f.kind, FaultKind::UndefinedInstruction);
}

#[test]
fn reading_unmapped_memory_names_the_address_and_the_word() {
    let (mut e, code) = with_code(
        &rp2350(),
        Profile::V8MMain,
        "
peek:
    push {lr}
    movs r1, #0
    ldr r6, [r6]
    pop {pc}
",
    );
    e.set_symbols(vec![Symbol {
        name: "peek".into(),
        addr: code.origin,
        size: 8,
    }]);
    let f = e.call(code.origin, &[11, 0x3000_0004], BUDGET).unwrap_err();
    assert_eq!(f.kind, FaultKind::ReadUnmapped(0x3000_0004));
    assert_eq!(f.pc, code.origin + 4);
    assert_eq!(f.symbol.as_deref(), Some("peek+0x4"));
    let report = f.to_string();
    let first = report.lines().next().unwrap();
    assert_eq!(
        first,
        format!(
            "fault: read of unmapped address 0x30000004 at {:#010x} in peek+0x4",
            code.origin + 4
        )
    );
    // Both stacks appear: TOS and the item below; the pushed LR on top of
    // the return stack.
    assert!(
        report.contains("data stack (top first): 0x30000004 0xb"),
        "{report}"
    );
    assert_eq!(f.data_stack, vec![0x3000_0004, 11]);
    assert_eq!(f.return_stack.first(), Some(&(emu::RETURN_TRAP | 1)));
    assert_eq!(f.instructions, 2);
}

#[test]
fn writing_unmapped_memory_is_a_write_fault() {
    let (mut e, code) = with_code(
        &stm32f407(),
        Profile::V7EM,
        "ldr r0, =0x30000000\nstr r6, [r0, #8]\nbx lr\n.ltorg",
    );
    let f = e.call(code.origin, &[1], BUDGET).unwrap_err();
    assert_eq!(f.kind, FaultKind::WriteUnmapped(0x3000_0008), "{f}");
}

#[test]
fn jumping_into_nothing_is_a_fetch_fault() {
    let (mut e, code) = with_code(
        &rp2040(),
        Profile::V6M,
        "ldr r0, =0x30000001\nbx r0\n.ltorg",
    );
    let f = e.call(code.origin, &[], BUDGET).unwrap_err();
    assert_eq!(f.kind, FaultKind::FetchUnmapped(0x3000_0000), "{f}");
    assert_eq!(f.pc, 0x3000_0000);
}

#[test]
fn branching_with_bit_0_clear_is_a_hard_fault() {
    let (mut e, code) = with_code(
        &rp2350(),
        Profile::V8MMain,
        "ldr r0, =target\nbx r0\ntarget: bx lr\n.ltorg",
    );
    let f = e.call(code.origin, &[], BUDGET).unwrap_err();
    assert_eq!(f.kind, FaultKind::HardFault, "{f}");
    assert!(f.detail.unwrap().contains("INVSTATE"));
}

#[test]
fn a_runaway_loop_exhausts_the_budget() {
    let (mut e, code) = with_code(&rp2040(), Profile::V6M, "spin: b spin");
    e.set_symbols(vec![Symbol {
        name: "spin".into(),
        addr: code.origin,
        size: 2,
    }]);
    let before = e.instructions();
    let f = e.call(code.origin, &[], 1000).unwrap_err();
    assert_eq!(f.kind, FaultKind::BudgetExhausted(1000));
    assert_eq!(f.pc, code.origin);
    assert_eq!(f.instructions - before, 1000);
    assert_eq!(
        f.summary(),
        format!(
            "fault: instruction budget of 1000 exhausted at {:#010x} in spin",
            code.origin
        )
    );
}

#[test]
fn the_budget_stops_before_a_block_that_would_overrun_it() {
    // Each pass is one block of 3 instructions.
    let (mut e, code) = with_code(
        &rp2350(),
        Profile::V8MMain,
        "loop: adds r0, #1\ncmp r0, r0\nb loop",
    );
    let before = e.instructions();
    let f = e.call(code.origin, &[], 1000).unwrap_err();
    assert_eq!(f.kind, FaultKind::BudgetExhausted(1000));
    assert_eq!(f.instructions - before, 999);
    assert_eq!(e.reg(0), 333);
}

#[test]
fn budget_is_per_run() {
    let (mut e, code) = with_code(&rp2040(), Profile::V6M, "movs r0, #1\nbx lr");
    for _ in 0..5 {
        assert!(e.call(code.origin, &[], 2).is_ok());
    }
    assert!(matches!(
        e.call(code.origin, &[], 1).unwrap_err().kind,
        FaultKind::BudgetExhausted(1)
    ));
}

#[test]
fn breakpoints_svc_and_wfi_are_reported() {
    let t = rp2350();
    let (mut e, code) = with_code(&t, Profile::V8MMain, "bkpt 0x12");
    assert_eq!(
        e.call(code.origin, &[], BUDGET).unwrap_err().kind,
        FaultKind::Breakpoint(0x12)
    );

    let (mut e, code) = with_code(&t, Profile::V8MMain, "nop\nsvc 7\nbx lr");
    let f = e.call(code.origin, &[], BUDGET).unwrap_err();
    assert_eq!((f.kind, f.pc), (FaultKind::Svc(7), code.origin + 2));

    let (mut e, code) = with_code(&t, Profile::V8MMain, "nop\nwfi\nbx lr");
    let f = e.call(code.origin, &[], BUDGET).unwrap_err();
    assert_eq!((f.kind, f.pc), (FaultKind::Wfi, code.origin + 2));
}

#[test]
fn a_reset_request_ends_the_run() {
    let (mut e, code) = with_code(
        &stm32f407(),
        Profile::V7EM,
        "ldr r0, =0xe000ed0c\nldr r1, =0x05fa0004\nstr r1, [r0]\nb .\n.ltorg",
    );
    let f = e.call(code.origin, &[], BUDGET).unwrap_err();
    assert!(
        matches!(&f.kind, FaultKind::Other(s) if s.contains("SYSRESETREQ")),
        "{f}"
    );
}

#[test]
fn host_accesses_outside_memory_are_errors_not_panics() {
    let mut e = emu::Emulator::new(&rp2040()).unwrap();
    assert!(e.load(0x3000_0000, &[1, 2, 3]).is_err());
    assert!(e.read_mem(0x2004_1ffe, 4).is_err());
    // A load that runs off the end of flash is refused whole.
    assert!(e.load(0x101f_fffe, &[0; 4]).is_err());
    assert!(e.load(0x101f_fffc, &[0; 4]).is_ok());
}
