//! RP2040 boot through boot2: the boot ROM's CRC check and copy, boot2
//! programming the XIP SSI and VTOR, then the app's vector table.

mod common;

use common::*;
use emu::{Emulator, Exit, FaultKind};
use thumb::Profile;

/// boot2_generic_03h reduced to its register writes, then the SDK's exit.
const BOOT2: &str = "
    push {lr}
    ldr r3, =0x18000000
    movs r1, #0
    str r1, [r3, #8]
    movs r1, #4
    str r1, [r3, #0x14]
    ldr r1, =0x001f0300
    str r1, [r3, #0]
    ldr r1, =0x03000218
    ldr r0, =0x180000f4
    str r1, [r0]
    movs r1, #0
    str r1, [r3, #4]
    movs r1, #1
    str r1, [r3, #8]
wait:
    ldr r1, [r3, #0x28]
    movs r2, #5
    ands r1, r2
    cmp r1, #4
    bne wait
    pop {r0}
    cmp r0, #0
    beq vector_into_flash
    bx r0
vector_into_flash:
    ldr r0, =0x10000100
    ldr r1, =0xe000ed08
    str r0, [r1]
    ldmia r0, {r0, r1}
    msr msp, r0
    bx r1
    .ltorg
";

/// The boot ROM's CRC-32/MPEG-2 (MSB first, init 0xFFFFFFFF, no final xor).
fn crc32_mpeg2(bytes: &[u8]) -> u32 {
    crc::Crc::<u32>::new(&crc::CRC_32_MPEG_2).checksum(bytes)
}

fn boot2_block() -> Vec<u8> {
    let mut block = asm(BOOT2, Profile::V6M, 0x2004_1f00).bytes;
    assert!(block.len() <= 252);
    block.resize(252, 0);
    let crc = crc32_mpeg2(&block);
    block.extend(crc.to_le_bytes());
    block
}

fn app() -> Vec<u8> {
    let src = format!(
        "
    .word 0x20042000
    .word reset + 1
reset:
    ldr r0, =0x40034000
    movs r1, #0x6f
    str r1, [r0]
    mov r1, sp
    ldr r2, =0x20042000
    cmp r1, r2
    bne bad
{EXIT_0}
bad:
    bkpt 1
    .ltorg
"
    );
    asm(&src, Profile::V6M, 0x1000_0100).bytes
}

#[test]
fn boot2_configures_xip_and_enters_the_app_vector_table() {
    let mut e = Emulator::new(&rp2040()).unwrap();
    e.load(0x1000_0000, &boot2_block()).unwrap();
    e.load(0x1000_0100, &app()).unwrap();
    assert_eq!(
        e.boot_rp2040_via_boot2(10_000),
        Ok(Exit::Semihost { status: 0 })
    );
    assert_eq!(e.output(), b"o");
    // boot2 left VTOR at the app's table.
    let vtor = asm(
        "ldr r0, =0xe000ed08\nldr r6, [r0]\nbx lr\n.ltorg",
        Profile::V6M,
        0x2000_0000,
    );
    e.load(vtor.origin, &vtor.bytes).unwrap();
    assert_eq!(e.call(vtor.origin, &[0], 100), Ok(vec![0x1000_0100]));
}

#[test]
fn a_corrupt_boot2_is_refused_as_the_boot_rom_would() {
    let mut e = Emulator::new(&rp2040()).unwrap();
    let mut block = boot2_block();
    block[10] ^= 1;
    e.load(0x1000_0000, &block).unwrap();
    e.load(0x1000_0100, &app()).unwrap();
    let f = e.boot_rp2040_via_boot2(10_000).unwrap_err();
    assert_eq!(f.kind, FaultKind::Other("boot2 CRC mismatch".into()));
    assert!(f.to_string().contains("USB boot"));
}

#[test]
fn plain_boot_starts_at_the_app_table_as_if_boot2_had_run() {
    let mut e = Emulator::new(&rp2040()).unwrap();
    e.load(0x1000_0100, &app()).unwrap();
    assert_eq!(e.boot(10_000), Ok(Exit::Semihost { status: 0 }));
}

#[test]
fn boot2_boot_is_refused_on_other_boards() {
    let mut e = Emulator::new(&rp2350()).unwrap();
    assert!(e.boot_rp2040_via_boot2(100).is_err());
}
