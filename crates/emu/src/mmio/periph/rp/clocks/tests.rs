//! The clock tree as start-up code meets it: oscillators, PLLs and
//! generators together.

use super::generators::*;
use super::osc::*;
use super::pll::*;
use super::*;

const MHZ: u64 = 1_000_000;

fn xosc_on(t: &mut ClockTree) {
    t.write_xosc(XOSC_STARTUP, 47, 0);
    t.write_xosc(XOSC_CTRL, ENABLE_CODE << 12 | 0xaa0, 0);
}

#[test]
fn the_crystal_runs_after_its_start_up_delay() {
    let mut t = ClockTree::new(&RP2040, 12_000_000);
    assert!(matches!(t.xosc(), Supply::Stopped(_)));
    xosc_on(&mut t);
    assert_eq!(t.read_xosc(XOSC_STATUS) & STATUS_STABLE, 0);
    assert!(matches!(t.xosc(), Supply::Starting(_)));
    // 47 × 256 periods of 12 MHz: 1.0027 ms.
    t.settle(1_002_000_000);
    assert_eq!(t.read_xosc(XOSC_STATUS) & STATUS_STABLE, 0);
    t.settle(1_003_000_000);
    assert_eq!(t.read_xosc(XOSC_STATUS), STATUS_STABLE | STATUS_ENABLED);
    assert_eq!(t.xosc(), Supply::Runs(12 * MHZ));
}

#[test]
fn an_invalid_enable_code_keeps_the_crystal_as_it_was_and_says_so() {
    let mut t = ClockTree::new(&RP2040, 12_000_000);
    xosc_on(&mut t);
    t.settle(u128::MAX);
    t.write_xosc(XOSC_CTRL, 0xaa0, 0);
    assert_eq!(t.xosc(), Supply::Runs(12 * MHZ));
    assert_ne!(t.read_xosc(XOSC_STATUS) & STATUS_BADWRITE, 0);
    t.write_xosc(XOSC_STATUS, STATUS_BADWRITE, 0);
    assert_eq!(t.read_xosc(XOSC_STATUS) & STATUS_BADWRITE, 0);
}

#[test]
fn a_pll_locks_only_within_the_datasheet_ranges() {
    let mut t = ClockTree::new(&RP2040, 12_000_000);
    xosc_on(&mut t);
    t.settle(u128::MAX);
    t.write_pll(0, PLL_FBDIV, 125);
    assert_eq!(t.read_pll(0, PLL_CS) & CS_LOCK, 0, "powered down");
    t.write_pll(0, PLL_PWR, PWR_DSMPD | PWR_POSTDIVPD);
    assert_eq!(t.read_pll(0, PLL_CS), CS_LOCK | 1);
    assert!(matches!(t.supply(Src::PllSys), Supply::Stopped(s) if s.contains("POSTDIVPD")));
    t.write_pll(0, PLL_PRIM, 6 << 16 | 2 << 12);
    t.write_pll(0, PLL_PWR, PWR_DSMPD);
    assert_eq!(t.supply(Src::PllSys), Supply::Runs(125 * MHZ));
    // 12 MHz × 200 = 2.4 GHz: the VCO cannot run there.
    t.write_pll(0, PLL_FBDIV, 200);
    assert_eq!(t.read_pll(0, PLL_CS) & CS_LOCK, 0);
    assert!(matches!(t.supply(Src::PllSys), Supply::Stopped(s) if s.contains("2400 MHz")));
    // REFDIV 3 leaves 4 MHz, below the PLL's minimum reference.
    t.write_pll(0, PLL_FBDIV, 300);
    t.write_pll(0, PLL_CS, 3);
    assert!(matches!(t.supply(Src::PllSys), Supply::Stopped(s) if s.contains("4 MHz")));
    t.hold_pll(0, true);
    assert_eq!(t.read_pll(0, PLL_FBDIV), 0, "reset values");
}

#[test]
fn the_glitchless_mux_changes_over_only_to_a_running_source() {
    let mut t = ClockTree::new(&RP2040, 12_000_000);
    assert_eq!(t.clk_sys(), Supply::Runs(6_500_000), "ROSC at power-on");
    assert_eq!(t.read_clocks(REF_SELECTED), 1);
    t.write_clocks(REF_CTRL, 2);
    t.settle(0);
    assert_eq!(t.read_clocks(REF_SELECTED), 0, "XOSC off: still waiting");
    assert_eq!(t.clk_ref(), Supply::Runs(6_500_000));
    xosc_on(&mut t);
    t.settle(u128::MAX);
    assert_eq!(t.read_clocks(REF_SELECTED), 4);
    assert_eq!(t.clk_sys(), Supply::Runs(12 * MHZ));
    // clk_sys to its aux source, PLL_SYS, which is powered down.
    t.write_clocks(SYS_CTRL, 1);
    t.settle(u128::MAX);
    assert_eq!(t.read_clocks(SYS_SELECTED), 0);
    let why = t.stall().unwrap();
    assert!(
        why.contains("PLL_SYS") && why.contains("powered down"),
        "{why}"
    );
}

#[test]
fn booted_trees_give_the_board_frequencies_with_their_dividers() {
    let mut t = ClockTree::new(&RP2040, 12_000_000);
    t.boot(125_000_000, 125_000_000);
    assert_eq!(t.clk_sys(), Supply::Runs(125 * MHZ));
    assert_eq!(t.clk_peri(), Supply::Runs(125 * MHZ));
    assert_eq!(t.clk_ref(), Supply::Runs(12 * MHZ));
    assert_eq!(t.supply(Src::PllUsb), Supply::Runs(48 * MHZ));
    assert_eq!(t.stall(), None);
    // clk_sys divided by 2.5 (RP2040: 8 fractional bits).
    t.write_clocks(SYS_DIV, 2 << 8 | 0x80);
    assert_eq!(t.clk_sys(), Supply::Runs(50 * MHZ));

    let mut t = ClockTree::new(&RP2350, 12_000_000);
    t.boot(150_000_000, 150_000_000);
    assert_eq!(t.clk_peri(), Supply::Runs(150 * MHZ));
    assert_eq!(t.read_clocks(PERI_CTRL), CTRL_ENABLED | CTRL_ENABLE);
    // clk_peri's own divider on the RP2350.
    t.write_clocks(PERI_DIV, 3 << 16);
    assert_eq!(t.clk_peri(), Supply::Runs(50 * MHZ));
}

#[test]
fn clk_peri_off_names_its_enable_bit() {
    let t = ClockTree::new(&RP2350, 12_000_000);
    assert_eq!(
        t.clk_peri(),
        Supply::Stopped("clk_peri is not enabled (CLK_PERI_CTRL.ENABLE clear)".into())
    );
}
