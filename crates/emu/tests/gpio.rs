//! GPIO through real stores: the history records each level change with the
//! exact count of instructions before the store, and the peripheral space
//! around the GPIO blocks still reads back as before.

mod common;

use common::*;
use thumb::Profile;

const BUDGET: u64 = 1_000_000;

#[test]
fn toggles_are_recorded_with_the_exact_count_before_the_store() {
    // RP2040 GPIO7: FUNCSEL = SIO, output enabled, then XOR twice.
    let src = "
    ldr r0, =0x40014000 + 7 * 8 + 4
    movs r1, #5
    str r1, [r0]
    ldr r0, =0xd0000000
    movs r1, #1 << 7
    str r1, [r0, #0x24]
    str r1, [r0, #0x1c]
    nop
    nop
    str r1, [r0, #0x1c]
    ldr r6, [r0, #0x04]
    bx lr
    .ltorg
";
    let (mut e, code) = with_code(&rp2040(), Profile::V6M, src);
    let before = e.instructions();
    let gpio_in = e.call(code.origin, &[0], BUDGET).unwrap()[0];
    assert_eq!(gpio_in, 0, "low again after two toggles");
    let events: Vec<(u32, bool, u64)> = e
        .gpio_events()
        .iter()
        .map(|ev| (ev.pin, ev.high, ev.at - before))
        .collect();
    // Six instructions precede the first XOR store; three more the second.
    assert_eq!(events, [(7, true, 6), (7, false, 9)]);
}

#[test]
fn peripherals_between_the_gpio_blocks_still_read_back() {
    // RP2350: PWM at 0x400a8000 sits past the pads; SYSCFG (0x40008000)
    // before IO_BANK0. STM32: RCC.AHB1ENR beside the GPIO ports.
    for (t, profile, addr) in [
        (rp2350(), Profile::V8MMain, 0x400a_8000u32),
        (rp2350(), Profile::V8MMain, 0x4000_8000),
        (stm32f407(), Profile::V7EM, 0x4002_3830),
    ] {
        let src = format!(
            "
    ldr r0, ={addr:#x}
    ldr r1, =0x15
    str r1, [r0]
    ldr r6, [r0]
    bx lr
    .ltorg
"
        );
        let (mut e, code) = with_code(&t, profile, &src);
        assert_eq!(
            e.call(code.origin, &[0], BUDGET).unwrap(),
            [0x15],
            "{addr:#x}"
        );
        assert!(e.gpio_events().is_empty());
    }
}
