//! The validated target model: plain data the other modules of this crate
//! build (`validate`) and find (`load`, `parse`); it uses none of them.
//! `Target::load` is the only way in from files.
//!
//! A `Target` is only ever built by `validate`, so code that holds one may
//! rely on every rule checked there (regions inside 4 GiB and disjoint, the
//! vector table aligned inside flash, the boot block fitting the chip).

use std::path::PathBuf;

/// Architecture profile, named as the assembler names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Profile {
    Armv6m,
    Armv7m,
    Armv7em,
    Armv8mMain,
}

impl Profile {
    /// `armv6m`, `armv7m`, `armv7em` or `armv8m.main` (what `thumb::Profile` parses).
    pub fn name(self) -> &'static str {
        match self {
            Profile::Armv6m => "armv6m",
            Profile::Armv7m => "armv7m",
            Profile::Armv7em => "armv7em",
            Profile::Armv8mMain => "armv8m.main",
        }
    }
}

impl std::fmt::Display for Profile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The CPU core, which also picks the emulator's CPU model.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cpu {
    CortexM0Plus,
    CortexM3,
    CortexM4,
    CortexM33,
}

impl Cpu {
    /// The spelling used in target files: `cortex-m0plus`, `cortex-m3`, `cortex-m4`, `cortex-m33`.
    pub fn name(self) -> &'static str {
        match self {
            Cpu::CortexM0Plus => "cortex-m0plus",
            Cpu::CortexM3 => "cortex-m3",
            Cpu::CortexM4 => "cortex-m4",
            Cpu::CortexM33 => "cortex-m33",
        }
    }

    /// Profiles whose every instruction this core executes: its own and the
    /// smaller ones. DSP is optional on the Cortex-M33, so armv7em is not
    /// assumed there.
    pub fn profiles(self) -> &'static [Profile] {
        match self {
            Cpu::CortexM0Plus => &[Profile::Armv6m],
            Cpu::CortexM3 => &[Profile::Armv6m, Profile::Armv7m],
            Cpu::CortexM4 => &[Profile::Armv6m, Profile::Armv7m, Profile::Armv7em],
            Cpu::CortexM33 => &[Profile::Armv6m, Profile::Armv7m, Profile::Armv8mMain],
        }
    }

    /// The architectural limit on external interrupts (NVIC inputs) for the core.
    pub fn max_irqs(self) -> u32 {
        match self {
            Cpu::CortexM0Plus => 32,
            Cpu::CortexM3 | Cpu::CortexM4 => 240,
            Cpu::CortexM33 => 480,
        }
    }
}

impl std::fmt::Display for Cpu {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A contiguous address range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Region {
    pub origin: u32,
    pub size: u32,
}

impl Region {
    /// One past the last address (as u64 so a region ending at 4 GiB is representable).
    pub fn end(&self) -> u64 {
        self.origin as u64 + self.size as u64
    }

    pub fn contains(&self, addr: u32) -> bool {
        (addr as u64) >= self.origin as u64 && (addr as u64) < self.end()
    }
}

/// What sits before the vector table for the boot ROM.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BootBlock {
    /// Nothing: the core fetches SP and PC from the vector table at reset (STM32).
    None,
    /// RP2040: a 256-byte second-stage bootloader at the flash base, CRC-32/MPEG-2 in its last word.
    Rp2040Boot2,
    /// RP2350: an IMAGE_DEF picobin block in the first 4 KiB of flash.
    Rp2350ImageDef,
}

impl BootBlock {
    /// The spelling used in target files: `none`, `rp2040-boot2`, `rp2350-image-def`.
    pub fn name(self) -> &'static str {
        match self {
            BootBlock::None => "none",
            BootBlock::Rp2040Boot2 => "rp2040-boot2",
            BootBlock::Rp2350ImageDef => "rp2350-image-def",
        }
    }
}

/// The console UART's register model.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UartKind {
    /// ARM PL011 (RP2040, RP2350): DR at 0x000, FR at 0x018.
    Pl011,
    /// STM32F4 USART: SR at 0x00, DR at 0x04, BRR at 0x08, CR1 at 0x0C.
    Stm32Usart,
}

impl UartKind {
    /// The spelling used in target files: `pl011` or `stm32-usart`.
    pub fn name(self) -> &'static str {
        match self {
            UartKind::Pl011 => "pl011",
            UartKind::Stm32Usart => "stm32-usart",
        }
    }
}

/// The console UART: its register model, base address and line speed.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Console {
    pub kind: UartKind,
    pub base: u32,
    pub baud: u32,
}

/// A pin of the board, as its chip's documentation names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pin {
    /// An RP2040/RP2350 bank 0 GPIO: `led = 25` in the board file.
    Gpio(u8),
    /// An STM32 port (0 for A) and pin (0..=15): `led = "PD12"`.
    Port { port: u8, pin: u8 },
}

impl Pin {
    /// The pin's number in the emulator's GPIO history: the GPIO number, or
    /// port * 16 + pin, so every pin of a board has one number.
    pub fn line(self) -> u32 {
        match self {
            Pin::Gpio(n) => n as u32,
            Pin::Port { port, pin } => port as u32 * 16 + pin as u32,
        }
    }
}

impl std::fmt::Display for Pin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            Pin::Gpio(n) => write!(f, "GPIO{n}"),
            Pin::Port { port, pin } => write!(f, "P{}{pin}", (b'A' + port) as char),
        }
    }
}

/// A validated board description.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// The board's name, e.g. `rp2350`.
    pub name: String,
    pub cpu: Cpu,
    pub profile: Profile,
    /// Flash as the CPU sees it (XIP window for the RP chips).
    pub flash: Region,
    /// Main SRAM: data stack, return stack, variables, heap.
    pub ram: Region,
    /// Address of the Cortex-M vector table in flash.
    pub vector_table: u32,
    /// Number of external interrupt vectors after the 16 system ones, per the
    /// chip's datasheet; the table is `16 + irqs` words.
    pub irqs: u32,
    pub boot_block: BootBlock,
    pub console: Console,
    /// UF2 family id, when the board's boot loader takes UF2.
    pub uf2_family: Option<u32>,
    /// The clocks as the board's start-up code sets them up.
    pub clocks: Clocks,
    /// The board id printed in a UF2 drive's INFO_UF2.TXT (`Board-ID: ...`), if any.
    pub uf2_board_id: Option<String>,
    /// The user LED's pin, for programs (and tests) that blink it.
    pub led: Option<Pin>,
    /// Where this description came from, for messages.
    pub source: PathBuf,
}

/// The clock tree after start-up, in Hz: facts the start-up code makes
/// true, that Forth gets as constants (`ms`, baud rates) and the emulator
/// checks against what the code really did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Clocks {
    /// The board's crystal (RP XOSC, STM32 HSE), when it has one.
    pub crystal_hz: Option<u32>,
    /// The core's clock (RP `clk_sys`, STM32 SYSCLK/HCLK).
    pub sys_hz: u32,
    /// The console UART's clock (RP `clk_peri`, STM32 PCLK2 for USART1).
    pub peri_hz: u32,
}

/// Why a target description was refused.
#[derive(Debug, thiserror::Error)]
pub enum TargetError {
    #[error("cannot read target file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("unknown target `{name}` (known: {known})")]
    Unknown { name: String, known: String },
    /// A field is missing, has the wrong type or an unknown value.
    #[error("{path}: {message}")]
    Parse { path: PathBuf, message: String },
    /// The fields parse but do not fit together.
    #[error("{path}: field `{field}`: {reason}")]
    Inconsistent {
        path: PathBuf,
        field: &'static str,
        reason: String,
    },
}

impl Target {
    /// The initial main stack pointer: the top of RAM.
    pub fn stack_top(&self) -> u32 {
        self.ram.end().min(u32::MAX as u64) as u32
    }

    /// Entries in the vector table: initial SP, 15 system exceptions, then the IRQs.
    pub fn vector_count(&self) -> usize {
        16 + self.irqs as usize
    }
}
