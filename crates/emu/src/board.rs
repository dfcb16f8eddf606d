//! The memory map the emulator builds for a target: which regions are plain
//! memory and which are modelled peripherals.
//!
//! Targets do not name their peripheral set, so the family is inferred from
//! what does name it: an RP2040 boot2 block means RP2040, an RP2350 IMAGE_DEF
//! means RP2350, an STM32 USART console means STM32F4. Any other board gets
//! flash, RAM, its console UART and the core's own SCS and DWT.

use target::{BootBlock, Target, UartKind};

use crate::error::EmuError;

/// Which peripheral model a target gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Family {
    Rp2040,
    Rp2350,
    Stm32F4,
    Generic,
}

impl Family {
    pub fn of(t: &Target) -> Family {
        match (t.boot_block, t.console.kind) {
            (BootBlock::Rp2040Boot2, _) => Family::Rp2040,
            (BootBlock::Rp2350ImageDef, _) => Family::Rp2350,
            (_, UartKind::Stm32Usart) => Family::Stm32F4,
            _ => Family::Generic,
        }
    }

    /// RP2040 and RP2350 peripherals have atomic XOR/SET/CLR register aliases
    /// at +0x1000/+0x2000/+0x3000.
    pub fn atomic_aliases(self) -> bool {
        matches!(self, Family::Rp2040 | Family::Rp2350)
    }
}

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
}

/// A region whose accesses go to a device model.
#[derive(Clone, Debug)]
pub(crate) struct MmioRegion {
    pub origin: u32,
    pub size: u32,
    pub device: Device,
}

/// System Control Space: SCB, SysTick, NVIC (one 4 KiB page).
pub(crate) const SCS_BASE: u32 = 0xE000_E000;
/// Data Watchpoint and Trace unit; CYCCNT is at +4.
pub(crate) const DWT_BASE: u32 = 0xE000_1000;
/// RP2040 XIP SSI, which boot2 programs.
pub(crate) const RP2040_SSI_BASE: u32 = 0x1800_0000;
/// RP2040 SRAM4/SRAM5, whose top 256 bytes receive boot2.
const RP2040_SRAM45: (u32, u32) = (0x2004_0000, 0x2000);

const PAGE: u32 = 0x1000;

pub(crate) struct Layout {
    pub family: Family,
    pub memory: Vec<MemRegion>,
    pub mmio: Vec<MmioRegion>,
}

fn round_up(n: u64) -> u64 {
    n.div_ceil(PAGE as u64) * PAGE as u64
}

/// The console UART's window: RP parts have atomic aliases in 16 KiB; the
/// STM32 USARTs share 4 KiB pages (USART1 and USART6 sit in one).
pub(crate) fn uart_window(t: &Target, family: Family) -> (u32, u32) {
    if family.atomic_aliases() {
        (t.console.base & !(PAGE - 1), 4 * PAGE)
    } else {
        (t.console.base & !(PAGE - 1), PAGE)
    }
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

impl Layout {
    pub fn of(t: &Target) -> Result<Layout, EmuError> {
        let family = Family::of(t);
        let bad = |reason: String| EmuError::Layout {
            target: t.name.clone(),
            reason,
        };
        let mut memory = Vec::new();
        for (name, r, exec) in [("flash", t.flash, true), ("ram", t.ram, true)] {
            if r.origin % PAGE != 0 {
                return Err(bad(format!(
                    "{name} origin {:#x} is not 4 KiB aligned",
                    r.origin
                )));
            }
            let size = round_up(r.size as u64);
            if r.size == 0 || r.origin as u64 + size > 1 << 32 {
                return Err(bad(format!("{name} size {:#x} does not fit", r.size)));
            }
            memory.push(MemRegion {
                name,
                origin: r.origin,
                size: size as u32,
                exec,
            });
        }
        if let Some(rom) = crate::flash::rom_image(family) {
            memory.push(MemRegion {
                name: "bootrom",
                origin: crate::flash::ROM_BASE,
                size: rom.len() as u32,
                exec: true,
            });
        }
        match family {
            Family::Rp2040 => {
                memory.push(MemRegion {
                    name: "xip_ctrl",
                    origin: 0x1400_0000,
                    size: PAGE,
                    exec: false,
                });
                let (o, s) = RP2040_SRAM45;
                memory.push(MemRegion {
                    name: "sram4_5",
                    origin: o,
                    size: s,
                    exec: true,
                });
            }
            Family::Rp2350 => {}
            Family::Stm32F4 => {
                // Core-coupled memory: data only, as on the chip.
                memory.push(MemRegion {
                    name: "ccm",
                    origin: 0x1000_0000,
                    size: 0x1_0000,
                    exec: false,
                });
            }
            Family::Generic => {}
        }
        // Extra regions give way to whatever the target itself declares.
        let declared = 2;
        let mut kept: Vec<MemRegion> = memory[..declared].to_vec();
        if overlaps(kept[0].origin, kept[0].size, kept[1].origin, kept[1].size) {
            return Err(bad("flash and ram overlap".into()));
        }
        for extra in memory.into_iter().skip(declared) {
            if !kept
                .iter()
                .any(|k| overlaps(k.origin, k.size, extra.origin, extra.size))
            {
                kept.push(extra);
            }
        }

        let mut mmio = vec![
            MmioRegion {
                origin: SCS_BASE,
                size: PAGE,
                device: Device::Scs,
            },
            MmioRegion {
                origin: DWT_BASE,
                size: PAGE,
                device: Device::Dwt,
            },
        ];
        let (ub, us) = uart_window(t, family);
        mmio.push(MmioRegion {
            origin: ub,
            size: us,
            device: Device::Uart,
        });
        if family == Family::Rp2040 {
            mmio.push(MmioRegion {
                origin: RP2040_SSI_BASE,
                size: PAGE,
                device: Device::Ssi,
            });
        }
        // GPIO gives way to the console and to memory the target declares.
        for (origin, size) in crate::mmio::gpio::windows(family) {
            let taken = mmio
                .iter()
                .any(|m| overlaps(m.origin, m.size, origin, size))
                || kept
                    .iter()
                    .any(|k| overlaps(k.origin, k.size, origin, size));
            if !taken {
                mmio.push(MmioRegion {
                    origin,
                    size,
                    device: Device::Gpio,
                });
            }
        }
        if let Some((pb, ps)) = periph_window(family) {
            // The peripheral window surrounds the console UART and the GPIO
            // blocks: map the gaps between them.
            let (start, end) = (pb as u64, pb as u64 + ps as u64);
            let mut holes: Vec<(u64, u64)> = mmio
                .iter()
                .filter(|m| overlaps(pb, ps, m.origin, m.size))
                .map(|m| (m.origin as u64, m.origin as u64 + m.size as u64))
                .collect();
            holes.sort();
            let mut from = start;
            for (hole, hole_end) in holes.into_iter().chain([(end, end)]) {
                if hole > from {
                    mmio.push(MmioRegion {
                        origin: from as u32,
                        size: (hole.min(end) - from) as u32,
                        device: Device::Periph,
                    });
                }
                from = from.max(hole_end);
            }
        }
        for m in &mmio {
            if let Some(k) = kept
                .iter()
                .find(|k| overlaps(k.origin, k.size, m.origin, m.size))
            {
                return Err(bad(format!(
                    "{} at {:#x} overlaps the {:?} model at {:#x}",
                    k.name, k.origin, m.device, m.origin
                )));
            }
        }
        Ok(Layout {
            family,
            memory: kept,
            mmio,
        })
    }
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
