//! Boards and an assembler shorthand shared by the emulator tests.
#![allow(dead_code)]

use target::{Profile, Target};

pub const RP2040_UART0: u32 = 0x4003_4000;
pub const RP2350_UART0: u32 = 0x4007_0000;
pub const STM32_USART1: u32 = 0x4001_1000;

/// A board as thumbforth ships it in `targets/`, so that these tests meet
/// the same memory map, console and clocks as `run` does.
pub fn board(name: &str) -> Target {
    Target::load(name, &target::builtin_dir()).expect("built-in board")
}

pub fn rp2040() -> Target {
    board("rp2040")
}

pub fn rp2350() -> Target {
    board("rp2350")
}

pub fn stm32f407() -> Target {
    board("stm32f407")
}

/// The assembler profile a board's code is written for.
pub fn profile_of(t: &Target) -> thumb::Profile {
    match t.profile {
        Profile::Armv6m => thumb::Profile::V6M,
        Profile::Armv7m => thumb::Profile::V7M,
        Profile::Armv7em => thumb::Profile::V7EM,
        Profile::Armv8mMain => thumb::Profile::V8MMain,
    }
}

/// Assembled code and the address of each label.
pub struct Code {
    pub origin: u32,
    pub bytes: Vec<u8>,
    pub labels: Vec<(String, u32)>,
}

impl Code {
    pub fn label(&self, name: &str) -> u32 {
        self.labels
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("no label `{name}`"))
            .1
    }
}

pub fn asm(src: &str, profile: thumb::Profile, origin: u32) -> Code {
    let a = thumb::text::assemble_at(src, profile, origin);
    assert!(a.errors.is_empty(), "assembly errors: {:?}", a.errors);
    Code {
        origin,
        bytes: a.bytes,
        labels: a.symbols,
    }
}

/// A board with `src` assembled at the start of RAM, ready for `call`.
pub fn with_code(t: &Target, profile: thumb::Profile, src: &str) -> (emu::Emulator, Code) {
    let mut e = emu::Emulator::new(t).expect("machine");
    let code = asm(src, profile, t.ram.origin);
    e.load(code.origin, &code.bytes).expect("load");
    (e, code)
}

/// Semihosting exit with status 0.
pub const EXIT_0: &str = "
    movs r0, #0x18
    ldr r1, =0x20026
    bkpt 0xab
";
