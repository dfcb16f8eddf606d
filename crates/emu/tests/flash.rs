//! Flash as the chip has it (`Emulator::flash_as_chip`): the RP boot ROM's
//! flash functions, found through its lookup function, erase sectors and
//! program pages with the real parts' rules, and flash cannot be run from
//! while XIP is off.

mod common;

use common::*;
use emu::FaultKind;

const BUDGET: u64 = 100_000;

/// Looks up the RP2040 boot ROM function `code` into r5 (r0-r3 clobbered).
fn lookup(code: &str) -> String {
    let b = code.as_bytes();
    format!(
        "    movs r0, #0x14\n    ldrh r0, [r0]\n    ldr r1, ={:#x}\n    movs r2, #0x18\n    ldrh r2, [r2]\n    blx r2\n    movs r5, r0\n",
        b[0] as u32 | (b[1] as u32) << 8
    )
}

fn rp2040_with(src: &str) -> (emu::Emulator, Code) {
    let t = rp2040();
    let mut e = emu::Emulator::new(&t).expect("machine");
    e.flash_as_chip().expect("flash as the chip's");
    let code = asm(src, profile_of(&t), t.ram.origin);
    e.load(code.origin, &code.bytes).expect("load");
    (e, code)
}

#[test]
fn the_rp2040_boot_rom_erases_sectors_and_programs_pages_by_and() {
    // program(0x10000, data, 256) twice: once with 0x0f.., once with 0x3c..
    let src = format!(
        "    push {{r4, r5, lr}}\n{ex}    blx r5\n{re}    ldr r0, =0x10000\n    ldr r1, =4096\n    ldr r2, =4096\n    movs r3, #0x20\n    blx r5\n\
         {rp}    movs r4, r5\n    ldr r0, =0x10000\n    ldr r1, =data1\n    ldr r2, =256\n    blx r4\n\
         ldr r0, =0x10000\n    ldr r1, =data2\n    ldr r2, =256\n    blx r4\n{cx}    blx r5\n    pop {{r4, r5, pc}}\n    .ltorg\n\
         data1:\n    .fill 256, 1, 0x0f\ndata2:\n    .fill 256, 1, 0x3c\n",
        ex = lookup("EX"),
        re = lookup("RE"),
        rp = lookup("RP"),
        cx = lookup("CX"),
    );
    let (mut e, code) = rp2040_with(&src);
    e.load(0x1001_0000, &[0u8; 16]).unwrap();
    e.call(code.origin, &[], BUDGET).expect("runs");
    let flash = e.read_mem(0x1001_0000, 512).unwrap();
    assert!(
        flash[..256].iter().all(|&b| b == 0x0c),
        "{:x?}",
        &flash[..16]
    );
    assert!(
        flash[256..].iter().all(|&b| b == 0xff),
        "the rest of the sector is erased"
    );
}

#[test]
fn running_from_flash_with_xip_off_is_a_fault() {
    let src = format!(
        "    push {{r4, r5, lr}}\n{ex}    blx r5\n    ldr r0, =0x10000101\n    blx r0\n    pop {{r4, r5, pc}}\n",
        ex = lookup("EX")
    );
    let (mut e, code) = rp2040_with(&src);
    let f = e.call(code.origin, &[], BUDGET).unwrap_err();
    assert_eq!(f.kind, FaultKind::HardFault, "{f}");
    assert!(f.detail.as_deref().unwrap_or("").contains("XIP off"), "{f}");
}

#[test]
fn a_program_outside_page_boundaries_is_refused_with_the_rule() {
    let src = format!(
        "    push {{r4, r5, lr}}\n{ex}    blx r5\n{rp}    ldr r0, =0x10080\n    ldr r1, =0x20001000\n    ldr r2, =256\n    blx r5\n    pop {{r4, r5, pc}}\n    .ltorg\n",
        ex = lookup("EX"),
        rp = lookup("RP")
    );
    let (mut e, code) = rp2040_with(&src);
    let f = e.call(code.origin, &[], BUDGET).unwrap_err();
    assert!(f.to_string().contains("multiples of 256"), "{f}");
}

#[test]
fn a_store_to_rp_flash_is_a_fault_and_changes_nothing() {
    let (mut e, code) = rp2040_with(
        "    ldr r0, =0x10020000\n    movs r1, #0\n    str r1, [r0]\n    bx lr\n    .ltorg\n",
    );
    let f = e.call(code.origin, &[], BUDGET).unwrap_err();
    assert!(
        f.detail.as_deref().unwrap_or("").contains("boot ROM"),
        "{f}"
    );
    assert_eq!(e.read_mem(0x1002_0000, 4).unwrap(), vec![0xff; 4]);
}
