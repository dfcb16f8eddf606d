//! The memory map the emulator builds for a target: which regions are plain
//! memory and which are modelled devices.
//!
//! [`Layout::of`] is made of four steps, each its own function: the memory
//! the target declares, the memory its chip adds (boot ROM, CCM RAM...),
//! the device windows, and the peripheral window's gaps between them.

use target::{Region, Target};

use crate::error::EmuError;
use crate::family::Family;
use crate::mmio::dwt::DWT_BASE;
use crate::mmio::gpio;
use crate::mmio::scs::SCS_BASE;
use crate::mmio::ssi::SSI_BASE;
use crate::rom;

/// A modelled device; MMIO callbacks dispatch on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Device {
    Uart,
    Scs,
    Dwt,
    Periph,
    Ssi,
    Gpio,
}

/// A region backed by memory (RAM semantics).
#[derive(Clone, Debug)]
pub(crate) struct MemRegion {
    pub name: &'static str,
    pub origin: u32,
    pub size: u32,
    pub exec: bool,
}

impl MemRegion {
    pub fn contains(&self, addr: u32, len: usize) -> bool {
        let end = addr as u64 + len as u64;
        addr >= self.origin && end <= self.origin as u64 + self.size as u64
    }

    fn overlaps(&self, origin: u32, size: u32) -> bool {
        overlaps(self.origin, self.size, origin, size)
    }
}

/// A region whose accesses go to a device model.
#[derive(Clone, Debug)]
pub(crate) struct MmioRegion {
    pub origin: u32,
    pub size: u32,
    pub device: Device,
}

impl MmioRegion {
    fn overlaps(&self, origin: u32, size: u32) -> bool {
        overlaps(self.origin, self.size, origin, size)
    }
}

/// RP2040 SRAM4/SRAM5, whose top 256 bytes receive boot2.
const RP2040_SRAM45: (u32, u32) = (0x2004_0000, 0x2000);
/// The RP2040's XIP_CTRL block, zeroed memory here.
const RP2040_XIP_CTRL: u32 = 0x1400_0000;
/// The STM32F4's core-coupled memory: data only, as on the chip.
const STM32_CCM: (u32, u32) = (0x1000_0000, 0x1_0000);

const PAGE: u32 = 0x1000;

pub(crate) struct Layout {
    pub family: Family,
    pub memory: Vec<MemRegion>,
    pub mmio: Vec<MmioRegion>,
}

impl Layout {
    pub fn of(t: &Target) -> Result<Layout, EmuError> {
        let family = Family::of(t);
        let bad = |reason: String| EmuError::Layout {
            target: t.name.clone(),
            reason,
        };
        let mut memory = declared_memory(t).map_err(bad)?;
        // The chip's own memory gives way to whatever the target declares.
        for extra in chip_memory(family) {
            if !memory.iter().any(|k| k.overlaps(extra.origin, extra.size)) {
                memory.push(extra);
            }
        }
        let mut mmio = device_windows(t, family, &memory);
        mmio.extend(peripheral_gaps(family, &mmio));
        if let Some(clash) = first_clash(&memory, &mmio) {
            return Err(bad(clash));
        }
        Ok(Layout {
            family,
            memory,
            mmio,
        })
    }

    /// The flash region as mapped: (origin, size in whole pages).
    pub fn flash(&self) -> Option<(u32, u32)> {
        self.memory
            .iter()
            .find(|r| r.name == "flash")
            .map(|r| (r.origin, r.size))
    }
}

/// Flash and RAM as the target declares them, rounded up to whole pages.
fn declared_memory(t: &Target) -> Result<Vec<MemRegion>, String> {
    let flash = page_region("flash", t.flash)?;
    let ram = page_region("ram", t.ram)?;
    if flash.overlaps(ram.origin, ram.size) {
        return Err("flash and ram overlap".into());
    }
    Ok(vec![flash, ram])
}

/// A declared region as Unicorn maps it: page aligned, in whole pages.
fn page_region(name: &'static str, r: Region) -> Result<MemRegion, String> {
    if r.origin % PAGE != 0 {
        return Err(format!(
            "{name} origin {:#x} is not 4 KiB aligned",
            r.origin
        ));
    }
    let size = (r.size as u64).div_ceil(PAGE as u64) * PAGE as u64;
    if r.size == 0 || r.origin as u64 + size > 1 << 32 {
        return Err(format!("{name} size {:#x} does not fit", r.size));
    }
    Ok(MemRegion {
        name,
        origin: r.origin,
        size: size as u32,
        exec: true,
    })
}

/// Memory the chip has besides the target's flash and RAM.
fn chip_memory(family: Family) -> Vec<MemRegion> {
    let region = |name, (origin, size): (u32, u32), exec| MemRegion {
        name,
        origin,
        size,
        exec,
    };
    let mut extra = Vec::new();
    if let Some(rom) = rom::image(family) {
        extra.push(region("bootrom", (rom::ROM_BASE, rom.len() as u32), true));
    }
    match family {
        Family::Rp2040 => {
            extra.push(region("xip_ctrl", (RP2040_XIP_CTRL, PAGE), false));
            extra.push(region("sram4_5", RP2040_SRAM45, true));
        }
        Family::Stm32F4 => extra.push(region("ccm", STM32_CCM, false)),
        Family::Rp2350 | Family::Generic => {}
    }
    extra
}

/// The devices' own windows: the core's SCS and DWT, the console UART, the
/// RP2040's SSI, and the GPIO blocks that neither the console nor declared
/// memory takes.
fn device_windows(t: &Target, family: Family, memory: &[MemRegion]) -> Vec<MmioRegion> {
    let window = |origin, size, device| MmioRegion {
        origin,
        size,
        device,
    };
    let (uart, uart_size) = uart_window(t, family);
    let mut mmio = vec![
        window(SCS_BASE, PAGE, Device::Scs),
        window(DWT_BASE, PAGE, Device::Dwt),
        window(uart, uart_size, Device::Uart),
    ];
    if family == Family::Rp2040 {
        mmio.push(window(SSI_BASE, PAGE, Device::Ssi));
    }
    for (origin, size) in gpio::windows(family) {
        let taken = mmio.iter().any(|m| m.overlaps(origin, size))
            || memory.iter().any(|k| k.overlaps(origin, size));
        if !taken {
            mmio.push(window(origin, size, Device::Gpio));
        }
    }
    mmio
}

/// The console UART's window: RP parts have atomic aliases in 16 KiB; the
/// STM32 USARTs share 4 KiB pages (USART1 and USART6 sit in one).
fn uart_window(t: &Target, family: Family) -> (u32, u32) {
    let pages = if family.atomic_aliases() { 4 } else { 1 };
    (t.console.base & !(PAGE - 1), pages * PAGE)
}

/// The peripheral window each family's set-up code touches.
fn periph_window(family: Family) -> Option<(u32, u32)> {
    match family {
        // APB from SYSINFO to TBMAN.
        Family::Rp2040 => Some((0x4000_0000, 0x8_0000)),
        // APB from SYSINFO past POWMAN, TICKS, OTP and the glitch detector.
        Family::Rp2350 => Some((0x4000_0000, 0x18_0000)),
        // APB1, APB2 and AHB1 (GPIO, RCC, flash interface, backup SRAM).
        Family::Stm32F4 => Some((0x4000_0000, 0x8_0000)),
        Family::Generic => None,
    }
}

/// The peripheral window surrounds the console UART and the GPIO blocks:
/// the gaps between them, which the peripheral model answers.
fn peripheral_gaps(family: Family, devices: &[MmioRegion]) -> Vec<MmioRegion> {
    let Some((base, size)) = periph_window(family) else {
        return Vec::new();
    };
    let end = base as u64 + size as u64;
    let mut holes: Vec<(u64, u64)> = devices
        .iter()
        .filter(|m| m.overlaps(base, size))
        .map(|m| (m.origin as u64, m.origin as u64 + m.size as u64))
        .collect();
    holes.sort();
    let mut gaps = Vec::new();
    let mut from = base as u64;
    for (hole, hole_end) in holes.into_iter().chain([(end, end)]) {
        if hole > from {
            gaps.push(MmioRegion {
                origin: from as u32,
                size: (hole.min(end) - from) as u32,
                device: Device::Periph,
            });
        }
        from = from.max(hole_end);
    }
    gaps
}

/// A device window that memory also claims, named for the error.
fn first_clash(memory: &[MemRegion], mmio: &[MmioRegion]) -> Option<String> {
    mmio.iter().find_map(|m| {
        let k = memory.iter().find(|k| k.overlaps(m.origin, m.size))?;
        Some(format!(
            "{} at {:#x} overlaps the {:?} model at {:#x}",
            k.name, k.origin, m.device, m.origin
        ))
    })
}

fn overlaps(a: u32, asz: u32, b: u32, bsz: u32) -> bool {
    let (a, ae, b, be) = (
        a as u64,
        a as u64 + asz as u64,
        b as u64,
        b as u64 + bsz as u64,
    );
    a < be && b < ae
}
