//! Boards and an assembler shorthand shared by the emulator tests.
#![allow(dead_code)]

use std::path::PathBuf;

use target::{BootBlock, Console, Cpu, Profile, Region, Target, UartKind};

pub const RP2040_UART0: u32 = 0x4003_4000;
pub const RP2350_UART0: u32 = 0x4007_0000;
pub const STM32_USART1: u32 = 0x4001_1000;

pub fn rp2040() -> Target {
    Target {
        name: "rp2040".into(),
        cpu: Cpu::CortexM0Plus,
        profile: Profile::Armv6m,
        flash: Region {
            origin: 0x1000_0000,
            size: 2 << 20,
        },
        ram: Region {
            origin: 0x2000_0000,
            size: 0x4_2000,
        },
        vector_table: 0x1000_0100,
        irqs: 26,
        boot_block: BootBlock::Rp2040Boot2,
        console: Console {
            kind: UartKind::Pl011,
            base: RP2040_UART0,
            baud: 115_200,
        },
        uf2_family: Some(0xe48b_ff56),
        clocks: target::Clocks {
            crystal_hz: None,
            sys_hz: 125_000_000,
            peri_hz: 125_000_000,
        },
        uf2_board_id: Some("RPI-RP2".into()),
        led: None,
        source: PathBuf::from("tests/common/mod.rs"),
    }
}

pub fn rp2350() -> Target {
    Target {
        name: "rp2350".into(),
        cpu: Cpu::CortexM33,
        profile: Profile::Armv8mMain,
        flash: Region {
            origin: 0x1000_0000,
            size: 4 << 20,
        },
        ram: Region {
            origin: 0x2000_0000,
            size: 0x8_2000,
        },
        vector_table: 0x1000_0000,
        irqs: 52,
        boot_block: BootBlock::Rp2350ImageDef,
        console: Console {
            kind: UartKind::Pl011,
            base: RP2350_UART0,
            baud: 115_200,
        },
        uf2_family: Some(0xe48b_ff59),
        clocks: target::Clocks {
            crystal_hz: None,
            sys_hz: 150_000_000,
            peri_hz: 150_000_000,
        },
        uf2_board_id: Some("RP2350".into()),
        led: None,
        source: PathBuf::from("tests/common/mod.rs"),
    }
}

pub fn stm32f407() -> Target {
    Target {
        name: "stm32f407".into(),
        cpu: Cpu::CortexM4,
        profile: Profile::Armv7em,
        flash: Region {
            origin: 0x0800_0000,
            size: 1 << 20,
        },
        ram: Region {
            origin: 0x2000_0000,
            size: 0x2_0000,
        },
        vector_table: 0x0800_0000,
        irqs: 82,
        boot_block: BootBlock::None,
        console: Console {
            kind: UartKind::Stm32Usart,
            base: STM32_USART1,
            baud: 115_200,
        },
        uf2_family: Some(0x6d0b_5ab1),
        clocks: target::Clocks {
            crystal_hz: None,
            sys_hz: 16_000_000,
            peri_hz: 16_000_000,
        },
        uf2_board_id: None,
        led: None,
        source: PathBuf::from("tests/common/mod.rs"),
    }
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
