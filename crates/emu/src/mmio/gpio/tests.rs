//! The GPIO models as the machine drives them: registers written and read
//! through [`Gpio`], the peripheral model deciding what reaches a port, and
//! the history of pin levels that results.

use super::history::MAX_EVENTS;
use super::rp::{
    RpChip, FUNC_SIO, PAD_IE, PAD_ISO, PAD_OD, PAD_PDE, PAD_PUE, RP2040, RP2350, SIO_BASE,
};
use super::rp::{STATUS_OETOPAD, STATUS_OUTTOPAD};
use super::stm32::{LCKK, STM32_GPIO_BASE, STM32_PORT_SIZE};
use super::Gpio;
use crate::family::Family;
use crate::mmio::periph::Periph;

const RP2040_SIO_OUT_XOR: u32 = SIO_BASE + 0x1c;
const RP2350_SIO_OUT_XOR: u32 = SIO_BASE + 0x28;

fn periph(family: Family) -> Periph {
    let clocks = target::Clocks {
        crystal_hz: Some(12_000_000),
        sys_hz: 12_000_000,
        peri_hz: 12_000_000,
    };
    Periph::new(family, &clocks)
}

/// Configures GPIO `n` the way a blink does: SIO function, pad input on,
/// isolation off, output enabled through GPIO_OE_SET at `oe_set`.
fn rp_output(g: &mut Gpio, chip: &RpChip, oe_set: u32, n: u32, p: &Periph) {
    g.write(chip.io_bank0 + 8 * n + 4, FUNC_SIO, p, 0);
    g.write(chip.pads_bank0 + 4 + 4 * n, 0x56, p, 0);
    g.write(oe_set, 1 << n, p, 0);
}

fn levels_of(g: &Gpio, pin: u32) -> Vec<(bool, u64)> {
    g.events()
        .iter()
        .filter(|e| e.pin == pin)
        .map(|e| (e.high, e.at))
        .collect()
}

#[test]
fn rp2040_blink_toggles_the_pin_and_gpio_in_reads_it_back() {
    let p = periph(Family::Rp2040);
    let mut g = Gpio::new(Family::Rp2040);
    rp_output(&mut g, &RP2040, SIO_BASE + 0x24, 25, &p);
    assert_eq!(g.read(SIO_BASE + 0x20, &p), 1 << 25, "GPIO_OE");
    for (i, at) in [100, 200, 300].into_iter().enumerate() {
        g.write(RP2040_SIO_OUT_XOR, 1 << 25, &p, at);
        let high = i % 2 == 0;
        assert_eq!(g.read(SIO_BASE + 0x10, &p) >> 25 & 1 == 1, high, "GPIO_OUT");
        assert_eq!(g.read(SIO_BASE + 0x04, &p) >> 25 & 1 == 1, high, "GPIO_IN");
    }
    assert_eq!(levels_of(&g, 25), [(true, 100), (false, 200), (true, 300)]);
    assert_eq!(g.read(RP2040_SIO_OUT_XOR, &p), 0, "write-only");
    let status = g.read(RP2040.io_bank0 + 8 * 25, &p);
    assert_eq!(
        status & (STATUS_OUTTOPAD | STATUS_OETOPAD),
        STATUS_OUTTOPAD | STATUS_OETOPAD
    );
}

#[test]
fn rp_pin_stays_low_without_the_sio_function() {
    let p = periph(Family::Rp2040);
    let mut g = Gpio::new(Family::Rp2040);
    g.write(SIO_BASE + 0x24, 1 << 25, &p, 0);
    g.write(SIO_BASE + 0x14, 1 << 25, &p, 0);
    assert_eq!(g.read(SIO_BASE + 0x10, &p), 1 << 25, "GPIO_OUT reads back");
    assert_eq!(g.read(SIO_BASE + 0x04, &p), 0, "but the pad is not driven");
    assert!(g.events().is_empty());
    // Selecting SIO afterwards drives the pin at once.
    g.write(RP2040.io_bank0 + 8 * 25 + 4, FUNC_SIO, &p, 7);
    assert_eq!(levels_of(&g, 25), [(true, 7)]);
}

#[test]
fn rp2350_pads_start_isolated_and_hold_their_state_until_iso_clears() {
    let p = periph(Family::Rp2350);
    let mut g = Gpio::new(Family::Rp2350);
    let pad = RP2350.pads_bank0 + 4 + 4 * 25;
    assert_eq!(g.read(pad, &p), 0x116);
    g.write(RP2350.io_bank0 + 8 * 25 + 4, FUNC_SIO, &p, 0);
    g.write(SIO_BASE + 0x38, 1 << 25, &p, 0);
    g.write(SIO_BASE + 0x18, 1 << 25, &p, 1);
    assert!(
        g.events().is_empty(),
        "isolated: the pad keeps its reset state"
    );
    assert_eq!(g.read(SIO_BASE + 0x04, &p), 0);
    // Clearing ISO through the pad's atomic clear alias releases it.
    g.write(pad + 0x3000, PAD_ISO, &p, 2);
    assert_eq!(levels_of(&g, 25), [(true, 2)]);
    assert_eq!(g.read(SIO_BASE + 0x04, &p), 0, "input still disabled");
    g.write(pad + 0x2000, PAD_IE, &p, 3);
    assert_eq!(g.read(SIO_BASE + 0x04, &p), 1 << 25);
    // Isolating again latches the level: toggles no longer reach the pad.
    g.write(pad + 0x2000, PAD_ISO, &p, 4);
    g.write(RP2350_SIO_OUT_XOR, 1 << 25, &p, 5);
    assert_eq!(levels_of(&g, 25), [(true, 2)]);
    assert_eq!(g.read(SIO_BASE + 0x10, &p), 0, "GPIO_OUT still reads back");
}

#[test]
fn rp2350_high_gpios_use_the_hi_registers() {
    let p = periph(Family::Rp2350);
    let mut g = Gpio::new(Family::Rp2350);
    g.write(RP2350.io_bank0 + 8 * 40 + 4, FUNC_SIO, &p, 0);
    g.write(RP2350.pads_bank0 + 4 + 4 * 40, 0x56, &p, 0);
    g.write(SIO_BASE + 0x3c, 1 << 8, &p, 0); // GPIO_HI_OE_SET
    g.write(SIO_BASE + 0x1c, 1 << 8, &p, 9); // GPIO_HI_OUT_SET
    assert_eq!(levels_of(&g, 40), [(true, 9)]);
    assert_eq!(g.read(SIO_BASE + 0x08, &p), 1 << 8, "GPIO_HI_IN");
    assert_eq!(g.read(SIO_BASE + 0x04, &p), 0, "GPIO_IN");
}

#[test]
fn rp_overrides_and_output_disable_shape_what_the_pad_sees() {
    let p = periph(Family::Rp2040);
    let mut g = Gpio::new(Family::Rp2040);
    rp_output(&mut g, &RP2040, SIO_BASE + 0x24, 3, &p);
    let ctrl = RP2040.io_bank0 + 8 * 3 + 4;
    g.write(ctrl, FUNC_SIO | 3 << RP2040.outover_lsb, &p, 1); // force high
    g.write(RP2040.pads_bank0 + 4 + 4 * 3, 0x56 | PAD_OD, &p, 2);
    g.write(
        RP2040.pads_bank0 + 4 + 4 * 3,
        0x56 & !PAD_PDE | PAD_PUE,
        &p,
        3,
    );
    assert_eq!(levels_of(&g, 3), [(true, 1), (false, 2), (true, 3)]);
    // An input override inverts what GPIO_IN reports, not the pin.
    g.write(ctrl, FUNC_SIO | 3 << RP2040.outover_lsb | 1 << 16, &p, 4);
    assert_eq!(g.read(SIO_BASE + 0x04, &p) >> 3 & 1, 0);
    assert_eq!(levels_of(&g, 3).len(), 3);
}

const RCC_AHB1RSTR: u32 = 0x4002_3810;
const RCC_AHB1ENR: u32 = 0x4002_3830;

fn stm32_clock(p: &mut Periph, ports: u32) {
    p.write(RCC_AHB1ENR, ports, 0);
}

const GPIOD: u32 = STM32_GPIO_BASE + 3 * STM32_PORT_SIZE;

#[test]
fn stm32_port_without_its_clock_reads_zero_and_ignores_writes() {
    let mut p = periph(Family::Stm32F4);
    let mut g = Gpio::new(Family::Stm32F4);
    g.write(GPIOD, 1 << 24, &p, 0);
    assert_eq!(g.read(GPIOD, &p), 0);
    stm32_clock(&mut p, 1 << 3);
    assert_eq!(g.read(GPIOD, &p), 0, "the write was lost");
    assert_eq!(g.read(STM32_GPIO_BASE, &p), 0, "port A still off");
    stm32_clock(&mut p, 1);
    assert_eq!(
        g.read(STM32_GPIO_BASE, &p),
        0xa800_0000,
        "port A reset value"
    );
    assert_eq!(g.read(STM32_GPIO_BASE + 0x0c, &p), 0x6400_0000);
}

#[test]
fn stm32_port_held_in_reset_is_refused_and_comes_back_at_its_reset_values() {
    let mut p = periph(Family::Stm32F4);
    stm32_clock(&mut p, 1 << 3);
    let mut g = Gpio::new(Family::Stm32F4);
    g.write(GPIOD, 1 << 24, &p, 0);
    g.write(GPIOD + 0x18, 1 << 12, &p, 1);
    assert_eq!(g.read(GPIOD + 0x14, &p), 1 << 12);
    // As the machine does: the blocks the write put into reset go to GPIO.
    p.write(RCC_AHB1RSTR, 1 << 3, 2);
    for span in p.take_resets() {
        g.reset_block(span, 2);
    }
    assert_eq!(
        p.refusal(GPIOD).as_deref(),
        Some("GPIOD is held in reset (RCC_AHB1RSTR.GPIODRST set)")
    );
    g.write(GPIOD + 0x18, 1 << 13, &p, 3);
    assert_eq!(g.read(GPIOD + 0x14, &p), 0, "held: reads 0");
    p.write(RCC_AHB1RSTR, 0, 4);
    assert_eq!(g.read(GPIOD, &p), 0, "MODER back at reset");
    assert_eq!(g.read(GPIOD + 0x14, &p), 0, "ODR back at reset");
    // The pin fell when the port went into reset.
    assert_eq!(levels_of(&g, 3 * 16 + 12), [(true, 1), (false, 2)]);
}

#[test]
fn stm32_bsrr_sets_and_resets_odr_and_idr_follows_outputs() {
    let mut p = periph(Family::Stm32F4);
    stm32_clock(&mut p, 1 << 3);
    let mut g = Gpio::new(Family::Stm32F4);
    g.write(GPIOD, 1 << 24, &p, 1); // PD12 output
    assert!(g.events().is_empty());
    g.write(GPIOD + 0x18, 1 << 12, &p, 10);
    assert_eq!(g.read(GPIOD + 0x14, &p), 1 << 12, "ODR");
    assert_eq!(g.read(GPIOD + 0x10, &p), 1 << 12, "IDR");
    assert_eq!(g.read(GPIOD + 0x18, &p), 0, "BSRR reads 0");
    g.write(GPIOD + 0x18, 1 << 28, &p, 20);
    assert_eq!(g.read(GPIOD + 0x14, &p), 0);
    // Set wins over reset in one write.
    g.write(GPIOD + 0x18, 1 << 28 | 1 << 12, &p, 30);
    assert_eq!(g.read(GPIOD + 0x14, &p), 1 << 12);
    g.write(GPIOD + 0x14, 0, &p, 40);
    assert_eq!(
        levels_of(&g, 3 * 16 + 12),
        [(true, 10), (false, 20), (true, 30), (false, 40)]
    );
    // An input pin with its pull-up reads high; an output open-drain high
    // releases the pin to its pull.
    g.write(GPIOD + 0x0c, 1 << 2, &p, 50); // PD1 pull-up
    assert_eq!(g.read(GPIOD + 0x10, &p), 1 << 1);
    g.write(GPIOD + 0x04, 1 << 12, &p, 60);
    g.write(GPIOD + 0x14, 1 << 12, &p, 70);
    assert_eq!(g.read(GPIOD + 0x10, &p) >> 12 & 1, 0);
}

#[test]
fn stm32_lock_sequence_freezes_the_configuration_of_its_pins() {
    let mut p = periph(Family::Stm32F4);
    stm32_clock(&mut p, 1 << 3);
    let mut g = Gpio::new(Family::Stm32F4);
    g.write(GPIOD, 1 << 24, &p, 0);
    let lckr = GPIOD + 0x1c;
    // A sequence with a changed pin mask fails.
    g.write(lckr, LCKK | 1 << 12, &p, 0);
    g.write(lckr, 1 << 13, &p, 0);
    g.write(lckr, LCKK | 1 << 12, &p, 0);
    assert_eq!(g.read(lckr, &p) & LCKK, 0);
    g.write(lckr, LCKK | 1 << 12, &p, 0);
    g.write(lckr, 1 << 12, &p, 0);
    g.write(lckr, LCKK | 1 << 12, &p, 0);
    assert_eq!(g.read(lckr, &p), LCKK | 1 << 12);
    g.write(GPIOD, 0, &p, 0);
    assert_eq!(g.read(GPIOD, &p), 1 << 24, "PD12's mode is locked");
    g.write(GPIOD, 1 << 26 | 1 << 24, &p, 0);
    assert_eq!(g.read(GPIOD, &p), 1 << 26 | 1 << 24, "PD13's is not");
    g.write(lckr, 0, &p, 0);
    assert_eq!(g.read(lckr, &p), LCKK | 1 << 12, "locked until reset");
    // The output data stays writable.
    g.write(GPIOD + 0x18, 1 << 12, &p, 0);
    assert_eq!(g.read(GPIOD + 0x14, &p), 1 << 12);
}

#[test]
fn history_stops_growing_at_its_limit_and_counts_the_rest() {
    let p = periph(Family::Rp2040);
    let mut g = Gpio::new(Family::Rp2040);
    rp_output(&mut g, &RP2040, SIO_BASE + 0x24, 0, &p);
    for i in 0..MAX_EVENTS as u64 + 5 {
        g.write(RP2040_SIO_OUT_XOR, 1, &p, i);
    }
    assert_eq!(g.events().len(), MAX_EVENTS);
    assert_eq!(g.lost(), 5);
}
