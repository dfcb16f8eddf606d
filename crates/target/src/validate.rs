//! Turns a parsed file into a `Target`, refusing values that do not fit
//! together. Each refusal names the field to edit and says why, because a
//! board file is written by hand from a datasheet and the mistake is usually
//! one number.

use std::path::Path;

use crate::model::{
    BootBlock, Clocks, Console, Cpu, Pin, Profile, Region, Target, TargetError, UartKind,
};
use crate::raw::{RawBootBlock, RawCpu, RawPin, RawProfile, RawRegion, RawTarget, RawUart};

/// Flash base the RP2040 boot2 and the RP2350 bootrom both assume: the XIP window.
const RP_XIP_BASE: u32 = 0x1000_0000;
/// RP2040 boot2 hands over to the vector table right after its own 256 bytes.
const RP2040_VTOR_OFFSET: u32 = 0x100;
/// The smallest VTOR alignment any Cortex-M allows (TBLOFF starts at bit 7).
const MIN_VTOR_ALIGN: u32 = 128;
/// The console is modelled by the emulator as MMIO, which maps whole 4 KiB pages.
const PAGE: u32 = 0x1000;
/// Bank 0 GPIOs: GPIO0..29 on the RP2040; GPIO0..47 on the RP2350 (its
/// QFN-80 package; the QFN-60 one bonds out 0..29).
const RP2040_GPIOS: u32 = 30;
const RP2350_GPIOS: u32 = 48;
/// STM32F4 parts have ports A..K (the F407 stops at I) of 16 pins each.
const STM32_LAST_PORT: char = 'K';
const STM32_PORT_PINS: u32 = 16;

type Check = Result<(), (&'static str, String)>;

pub(crate) fn validate(raw: RawTarget, source: &Path) -> Result<Target, TargetError> {
    let led = raw.board.as_ref().and_then(|b| b.led);
    let mut target = Target {
        name: raw.name,
        cpu: cpu(raw.cpu),
        profile: profile(raw.profile),
        flash: region(&raw.flash),
        ram: region(&raw.ram),
        vector_table: raw.boot.vector_table.0,
        irqs: raw.boot.irqs.0,
        boot_block: boot_block(raw.boot.block),
        console: Console {
            kind: uart(raw.console.uart),
            base: raw.console.base.0,
            baud: raw.console.baud.0,
        },
        uf2_family: raw.uf2.as_ref().map(|u| u.family.0),
        clocks: Clocks {
            crystal_hz: raw.clocks.crystal_hz.map(|n| n.0),
            sys_hz: raw.clocks.sys_hz.0,
            peri_hz: raw.clocks.peri_hz.0,
        },
        uf2_board_id: raw.uf2.and_then(|u| u.board_id),
        led: None,
        source: source.to_path_buf(),
    };
    let refuse = |(field, reason)| TargetError::Inconsistent {
        path: source.to_path_buf(),
        field,
        reason,
    };
    check(&target).map_err(refuse)?;
    // Last, as `[board]` comes last in a file.
    target.led = led
        .map(|p| pin("board.led", p, target.boot_block))
        .transpose()
        .map_err(refuse)?;
    Ok(target)
}

/// Every consistency rule, in the order a reader of the file meets the fields.
fn check(t: &Target) -> Check {
    name(&t.name)?;
    cpu_runs_profile(t.cpu, t.profile)?;
    nonzero("clocks.sys_hz", t.clocks.sys_hz)?;
    nonzero("clocks.peri_hz", t.clocks.peri_hz)?;
    if let Some(hz) = t.clocks.crystal_hz {
        nonzero("clocks.crystal_hz", hz)?;
    }
    memory("flash", t.flash)?;
    memory("ram", t.ram)?;
    disjoint(t.flash, t.ram)?;
    vector_table(t)?;
    boot_block_fits(t)?;
    console(t)?;
    uf2(t)
}

fn name(name: &str) -> Check {
    let ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(())
    } else {
        Err((
            "name",
            format!("`{name}` must be non-empty and use only letters, digits, `-`, `_` and `.`"),
        ))
    }
}

/// A profile is allowed when the core executes every instruction it permits,
/// so code may deliberately target a smaller profile than the core's own.
fn cpu_runs_profile(cpu: Cpu, profile: Profile) -> Check {
    if cpu.profiles().contains(&profile) {
        Ok(())
    } else {
        let allowed: Vec<&str> = cpu.profiles().iter().map(|p| p.name()).collect();
        Err((
            "profile",
            format!(
                "{} cannot run {} code (it runs {})",
                cpu.name(),
                profile.name(),
                allowed.join(", ")
            ),
        ))
    }
}

fn nonzero(field: &'static str, value: u32) -> Check {
    if value == 0 {
        Err((field, "must not be zero".into()))
    } else {
        Ok(())
    }
}

fn memory(which: &'static str, r: Region) -> Check {
    let (size_field, origin_field) = match which {
        "flash" => ("flash.size", "flash.origin"),
        _ => ("ram.size", "ram.origin"),
    };
    if r.size == 0 {
        return Err((size_field, "must not be zero".into()));
    }
    if r.end() > 1 << 32 {
        return Err((
            size_field,
            format!(
                "{which} at {:#010x} with size {:#x} runs past the 4 GiB address space",
                r.origin, r.size
            ),
        ));
    }
    if r.origin % 4 != 0 || r.size % 4 != 0 {
        return Err((
            origin_field,
            format!("{which} origin and size must be word aligned"),
        ));
    }
    Ok(())
}

fn disjoint(flash: Region, ram: Region) -> Check {
    if (flash.origin as u64) < ram.end() && (ram.origin as u64) < flash.end() {
        Err((
            "ram.origin",
            format!(
                "RAM {} overlaps flash {}",
                span(ram.origin, ram.end()),
                span(flash.origin, flash.end())
            ),
        ))
    } else {
        Ok(())
    }
}

/// The table must lie in flash (the core reads it at reset) and be aligned as
/// VTOR demands: to its size rounded up to a power of two, at least 128 bytes.
fn vector_table(t: &Target) -> Check {
    if t.irqs > t.cpu.max_irqs() {
        return Err((
            "boot.irqs",
            format!(
                "{} has at most {} interrupts, not {}",
                t.cpu.name(),
                t.cpu.max_irqs(),
                t.irqs
            ),
        ));
    }
    let vt = t.vector_table;
    let bytes = t.vector_count() as u64 * 4;
    if !t.flash.contains(vt) || vt as u64 + bytes > t.flash.end() {
        return Err((
            "boot.vector_table",
            format!(
                "the {bytes}-byte table at {vt:#010x} does not fit in flash {}",
                span(t.flash.origin, t.flash.end())
            ),
        ));
    }
    let align = (bytes.next_power_of_two() as u32).max(MIN_VTOR_ALIGN);
    if vt % align != 0 {
        return Err((
            "boot.vector_table",
            format!("{vt:#010x} is not aligned to {align} bytes, as VTOR requires for {bytes} bytes of vectors"),
        ));
    }
    Ok(())
}

/// Each boot block assumes one chip's boot ROM: its core, its flash window and
/// where it looks for the vector table.
fn boot_block_fits(t: &Target) -> Check {
    let (chip_cpu, vector_offset) = match t.boot_block {
        BootBlock::None => return Ok(()),
        BootBlock::Rp2040Boot2 => (Cpu::CortexM0Plus, RP2040_VTOR_OFFSET),
        BootBlock::Rp2350ImageDef => (Cpu::CortexM33, 0),
    };
    let block = t.boot_block.name();
    if t.cpu != chip_cpu {
        return Err((
            "boot.block",
            format!(
                "{block} is for a {} chip, but cpu is {}",
                chip_cpu.name(),
                t.cpu.name()
            ),
        ));
    }
    if t.flash.origin != RP_XIP_BASE {
        return Err((
            "flash.origin",
            format!("{block} needs flash at the XIP base {RP_XIP_BASE:#010x}, where the boot ROM reads it"),
        ));
    }
    let expected = RP_XIP_BASE + vector_offset;
    if t.vector_table != expected {
        let why = match t.boot_block {
            BootBlock::Rp2040Boot2 => "boot2 points VTOR at flash + 0x100, right after itself",
            _ => "the IMAGE_DEF has no VECTOR_TABLE item, so the boot ROM takes the table from the image start",
        };
        return Err((
            "boot.vector_table",
            format!("must be {expected:#010x} with {block}: {why}"),
        ));
    }
    Ok(())
}

fn console(t: &Target) -> Check {
    let base = t.console.base;
    if base % PAGE != 0 {
        return Err((
            "console.base",
            format!("{base:#010x} is not 4 KiB aligned; peripheral blocks start on 4 KiB pages"),
        ));
    }
    if t.flash.contains(base) || t.ram.contains(base) {
        return Err((
            "console.base",
            format!("{base:#010x} lies inside flash or RAM, not in peripheral space"),
        ));
    }
    nonzero("console.baud", t.console.baud)
}

fn uf2(t: &Target) -> Check {
    if t.uf2_family == Some(0) {
        return Err(("uf2.family", "must not be zero".into()));
    }
    match &t.uf2_board_id {
        Some(id) if id.is_empty() || id.chars().any(|c| c.is_control()) => Err((
            "uf2.board_id",
            "must be non-empty text on one line, as INFO_UF2.TXT prints it".into(),
        )),
        _ => Ok(()),
    }
}

/// The chip decides how its pins are named, and the boot block is what names
/// the chip: RP parts number bank 0 GPIOs, everything else takes port pins.
fn pin(field: &'static str, raw: RawPin, block: BootBlock) -> Result<Pin, (&'static str, String)> {
    let gpios = match block {
        BootBlock::Rp2040Boot2 => Some(RP2040_GPIOS),
        BootBlock::Rp2350ImageDef => Some(RP2350_GPIOS),
        BootBlock::None => None,
    };
    match (raw, gpios) {
        (RawPin::Gpio(n), Some(count)) if n < count => Ok(Pin::Gpio(n as u8)),
        (RawPin::Gpio(n), Some(count)) => Err((
            field,
            format!(
                "GPIO{n} does not exist: the chip has GPIO0..GPIO{}",
                count - 1
            ),
        )),
        (RawPin::Gpio(n), None) => Err((
            field,
            format!(
                "{n} is a GPIO number, which only RP boards use; name a port pin such as \"PD12\""
            ),
        )),
        (RawPin::Port(..), Some(_)) => Err((
            field,
            "RP boards number their pins: give the GPIO number, such as 25".into(),
        )),
        (RawPin::Port(port, pin), None) => {
            if !('A'..=STM32_LAST_PORT).contains(&port) {
                return Err((
                    field,
                    format!("port {port} does not exist: ports run from A to {STM32_LAST_PORT}"),
                ));
            }
            if pin >= STM32_PORT_PINS {
                return Err((
                    field,
                    format!("P{port}{pin} does not exist: a port has pins 0..15"),
                ));
            }
            Ok(Pin::Port {
                port: port as u8 - b'A',
                pin: pin as u8,
            })
        }
    }
}

fn span(start: u32, end: u64) -> String {
    format!("{start:#010x}..{end:#010x}")
}

fn region(raw: &RawRegion) -> Region {
    Region {
        origin: raw.origin.0,
        size: raw.size.0,
    }
}

fn cpu(raw: RawCpu) -> Cpu {
    match raw {
        RawCpu::CortexM0Plus => Cpu::CortexM0Plus,
        RawCpu::CortexM3 => Cpu::CortexM3,
        RawCpu::CortexM4 => Cpu::CortexM4,
        RawCpu::CortexM33 => Cpu::CortexM33,
    }
}

fn profile(raw: RawProfile) -> Profile {
    match raw {
        RawProfile::Armv6m => Profile::Armv6m,
        RawProfile::Armv7m => Profile::Armv7m,
        RawProfile::Armv7em => Profile::Armv7em,
        RawProfile::Armv8mMain => Profile::Armv8mMain,
    }
}

fn boot_block(raw: RawBootBlock) -> BootBlock {
    match raw {
        RawBootBlock::None => BootBlock::None,
        RawBootBlock::Rp2040Boot2 => BootBlock::Rp2040Boot2,
        RawBootBlock::Rp2350ImageDef => BootBlock::Rp2350ImageDef,
    }
}

fn uart(raw: RawUart) -> UartKind {
    match raw {
        RawUart::Pl011 => UartKind::Pl011,
        RawUart::Stm32Usart => UartKind::Stm32Usart,
    }
}
