//! The MMIO callbacks: each access to a device window goes to the model
//! that answers it, after the rules of a strict machine (a block held in
//! reset or unclocked, a broken clock rule) have had their say.

use crate::family::Family;
use crate::fault::FaultKind;
use crate::flash::{FlashChip, FlashOp, STM32_FLASH_IF};
use crate::layout::Device;
use crate::machine::{pc, stop, Stop, Uc};
use crate::mmio::divider::Divider;
use crate::mmio::dwt::DWT_BASE;
use crate::mmio::gpio::SIO_BASE;
use crate::mmio::regs::{extract, merge};
use crate::mmio::scs::{Request, SCS_BASE};
use crate::mmio::ssi::SSI_BASE;

/// A read of `size` bytes at `addr` in `device`'s window.
pub(crate) fn read(uc: &mut Uc<'_>, device: Device, addr: u32, size: usize) -> u64 {
    if refused(uc, addr) {
        return 0;
    }
    let m = uc.get_data_mut();
    // A block held in reset reads 0 (a strict machine stopped above).
    if m.periph.held_in_reset(addr) {
        return 0;
    }
    let reg = addr & !3;
    let word = match device {
        Device::Uart => read_uart(uc, addr),
        Device::Scs => m.scs.read(reg - SCS_BASE, m.exact_now),
        Device::Dwt => m.dwt.read(reg - DWT_BASE, m.exact_now),
        Device::Periph => read_periph(uc, addr),
        Device::Ssi => m.ssi.read(reg - SSI_BASE),
        Device::Gpio => match divider_offset(m.family, addr) {
            Some(offset) => m.divider.read(offset, m.exact_now),
            None => m.gpio.read(addr, &m.periph),
        },
    };
    extract(word, addr, size)
}

/// A write of the `size` low bytes of `value` at `addr` in `device`'s window.
pub(crate) fn write(uc: &mut Uc<'_>, device: Device, addr: u32, size: usize, value: u64) {
    if refused(uc, addr) {
        return;
    }
    let m = uc.get_data_mut();
    // A block held in reset ignores writes (a strict machine stopped above).
    if m.periph.held_in_reset(addr) {
        return;
    }
    let reg = addr & !3;
    match device {
        Device::Uart => write_uart(uc, addr, size, value),
        Device::Scs => write_scs(uc, addr, size, value),
        Device::Dwt => {
            let merged = merge(m.dwt.read(reg - DWT_BASE, m.exact_now), addr, size, value);
            m.dwt.write(reg - DWT_BASE, merged, m.exact_now);
        }
        Device::Periph => write_periph(uc, addr, size, value),
        Device::Ssi => {
            let merged = merge(m.ssi.stored(reg - SSI_BASE), addr, size, value);
            m.ssi.write(reg - SSI_BASE, merged);
        }
        Device::Gpio => match divider_offset(m.family, addr) {
            // The divider's registers take whole words.
            Some(offset) => m.divider.write(offset, value as u32, m.exact_now),
            None => {
                let merged = merge(m.gpio.stored(addr, &m.periph), addr, size, value);
                m.gpio.write(addr, merged, &m.periph, m.exact_now);
            }
        },
    }
}

/// Where `addr` falls in the RP2040's SIO divider, if it does: the divider
/// shares the SIO page with the GPIO registers, and the RP2350 has none.
fn divider_offset(family: Family, addr: u32) -> Option<u32> {
    let offset = addr.checked_sub(SIO_BASE)?;
    (family == Family::Rp2040 && Divider::owns(offset)).then_some(offset)
}

/// The console UART's register; on a strict machine with the UART's clock,
/// so that it can refuse what the host could not read.
fn read_uart(uc: &mut Uc<'_>, addr: u32) -> u32 {
    let m = uc.get_data_mut();
    let clock = m.strict.then(|| m.periph.uart_clock(m.uart.base()));
    let received = m.uart.console.received;
    let word = match m.uart.read(addr, clock) {
        Ok(word) => word,
        Err(why) => {
            peripheral_fault(uc, why);
            return 0;
        }
    };
    if let Some(budget) = m.budget_per_input {
        if m.uart.console.received != received {
            m.counter.limit = m.exact_now.saturating_add(budget);
        }
    }
    if m.uart.console.starved && m.stop.is_none() {
        stop(uc, Stop::Starved);
    }
    word
}

fn write_uart(uc: &mut Uc<'_>, addr: u32, size: usize, value: u64) {
    let m = uc.get_data_mut();
    let merged = merge(m.uart.stored(addr), addr, size, value);
    let clock = m.strict.then(|| m.periph.uart_clock(m.uart.base()));
    if let Err(why) = m.uart.write(addr, merged, value as u8, clock) {
        peripheral_fault(uc, why);
    }
}

/// An SCS write; AIRCR.SYSRESETREQ ends the run for the host to reset.
fn write_scs(uc: &mut Uc<'_>, addr: u32, size: usize, value: u64) {
    let m = uc.get_data_mut();
    let off = (addr & !3) - SCS_BASE;
    let merged = merge(m.scs.stored(off), addr, size, value);
    if m.scs.write(off, merged, m.exact_now) == Request::Reset {
        let pc = pc(uc);
        stop(uc, Stop::Reset { pc });
    }
}

/// A peripheral register: the STM32 FLASH controller's once flash is the
/// chip's, else the peripheral model's.
fn read_periph(uc: &mut Uc<'_>, addr: u32) -> u32 {
    let m = uc.get_data_mut();
    let reg = addr & !3;
    match m.flash.as_ref() {
        Some(f) if stm32_flash_controller(f, reg) => f.read_reg(reg - STM32_FLASH_IF),
        _ => {
            let word = m.periph.read(addr, m.exact_now);
            broken_rule(uc, addr);
            word
        }
    }
}

fn write_periph(uc: &mut Uc<'_>, addr: u32, size: usize, value: u64) {
    let m = uc.get_data_mut();
    let reg = addr & !3;
    if let Some(f) = m.flash.as_mut() {
        if stm32_flash_controller(f, reg) {
            let merged = merge(f.read_reg(reg - STM32_FLASH_IF), addr, size, value);
            let op = f.write_reg(reg - STM32_FLASH_IF, merged);
            return flash_op(uc, op);
        }
    }
    let merged = merge(m.periph.stored(addr), addr, size, value);
    m.periph.write(addr, merged, m.exact_now);
    m.apply_resets(m.exact_now);
    if m.strict {
        if let Some(why) = m.periph.stall() {
            return peripheral_fault(uc, why);
        }
    }
    broken_rule(uc, addr);
}

/// A strict machine keeps an access from a peripheral the chip would keep
/// it from (the model of the chip's resets and clocks says why): the access
/// reads 0 or writes nothing, and the run stops with the report, naming the
/// instruction that made it.
fn refused(uc: &mut Uc<'_>, addr: u32) -> bool {
    let m = uc.get_data();
    if !m.strict || m.stop.is_some() {
        return false;
    }
    let Some(why) = m.periph.refusal(addr) else {
        return false;
    };
    peripheral_fault(uc, format!("access to {addr:#010x}: {why}"));
    true
}

/// Stops the run with a [`FaultKind::Peripheral`] report at the
/// instruction making the access in progress.
fn peripheral_fault(uc: &mut Uc<'_>, why: String) {
    let pc = uc.get_data().exact_pc;
    stop(uc, Stop::fault(FaultKind::Peripheral(why), None, pc));
}

/// A strict machine stops where an access broke a rule of the chip that
/// only the access's effect shows (a clock switched to a speed the flash
/// wait states do not allow): the model says which, the instruction that
/// made the access is named.
fn broken_rule(uc: &mut Uc<'_>, addr: u32) {
    let m = uc.get_data_mut();
    let Some(why) = m.periph.take_violation() else {
        return;
    };
    if m.strict && m.stop.is_none() {
        peripheral_fault(uc, format!("access to {addr:#010x}: {why}"));
    }
}

/// Whether `reg` is one of the STM32 FLASH controller's programming
/// registers, which the flash model answers once flash is the chip's.
/// FLASH_ACR (wait states, caches), the block's first register, stays
/// with the clock model that checks it against HCLK.
fn stm32_flash_controller(f: &FlashChip, reg: u32) -> bool {
    f.family == Family::Stm32F4 && reg & !0x3ff == STM32_FLASH_IF && reg != STM32_FLASH_IF
}

/// Carries out what a write to the STM32 FLASH interface asked for.
fn flash_op(uc: &mut Uc<'_>, op: FlashOp) {
    match op {
        FlashOp::None => {}
        FlashOp::Erase { addr, len } => {
            let _ = uc.mem_write(addr as u64, &vec![0xff; len as usize]);
        }
        FlashOp::BusFault(why) => {
            let pc = pc(uc);
            let why = Some(format!("bus fault: {why}"));
            stop(uc, Stop::fault(FaultKind::HardFault, why, pc));
        }
    }
}
