//! RCC, its clock tree and its gates as start-up code meets them.

use super::blocks::BLOCKS;
use super::clocks::*;
use super::*;

const USART1: u32 = 0x4001_1000;

fn chip() -> Stm32 {
    Stm32::new(Some(8_000_000))
}

/// HSE at 8 MHz, M 4, N 168, P 2, Q 7: 168 MHz, 48 MHz for USB.
const PLL_168: u32 = PLLCFGR_PLLSRC_HSE | 4 | 168 << 6 | 7 << 24;
/// PPRE1 /4, PPRE2 /2.
const PRESCALERS: u32 = 5 << 10 | 4 << 13;

/// HSE, then the PLL, each waited for; returns the time after both.
fn lock_pll(p: &mut Stm32, cfg: u32) -> u64 {
    p.write(RCC_CR, CR_RESET | CR_HSEON, 10);
    let t = 10 + HSE_STARTUP;
    assert_eq!(p.read(RCC_CR, t - 1) & CR_HSERDY, 0, "HSE still starting");
    assert_ne!(p.read(RCC_CR, t) & CR_HSERDY, 0);
    p.write(RCC_PLLCFGR, cfg, t);
    p.write(RCC_CR, CR_RESET | CR_HSEON | CR_PLLON, t);
    assert_eq!(p.read(RCC_CR, t + PLL_LOCK - 1) & CR_PLLRDY, 0);
    assert_ne!(p.read(RCC_CR, t + PLL_LOCK) & CR_PLLRDY, 0);
    t + PLL_LOCK
}

#[test]
fn stm32_hsi_runs_at_reset_and_hse_is_ready_only_after_its_start_up() {
    let mut p = chip();
    assert_eq!(p.read(RCC_CR, 0) & 3, 3, "HSI on and ready");
    lock_pll(&mut p, PLL_168);
    assert_eq!(p.take_violation(), None);
    let mut bare = Stm32::new(None);
    bare.write(RCC_CR, CR_RESET | CR_HSEON, 0);
    assert_eq!(bare.read(RCC_CR, 1_000_000) & CR_HSERDY, 0, "no crystal");
}

#[test]
fn stm32_sws_follows_sw_only_once_the_source_is_ready() {
    let mut p = chip();
    p.write(FLASH_ACR, 5, 0);
    p.write(RCC_CFGR, PRESCALERS | 2, 0);
    assert_eq!(p.read(RCC_CFGR, 0) & 0xc, 0, "the PLL is off: still HSI");
    let t = lock_pll(&mut p, PLL_168);
    assert_eq!(p.read(RCC_CFGR, t) & 0xc, 8, "switched once locked");
    assert_eq!(p.take_violation(), None);
    assert_eq!(
        p.uart_clock(USART1),
        Err("USART1's clock is off (RCC_APB2ENR.USART1EN clear)".into())
    );
    p.write(RCC_APB2ENR, 1 << 4, t);
    assert_eq!(p.uart_clock(USART1), Ok(84_000_000));
    p.write(RCC_APB1ENR, 1 << 17, t);
    assert_eq!(p.uart_clock(0x4000_4400), Ok(42_000_000));
    // The PLL drives SYSCLK: it and HSE stay on.
    p.write(RCC_CR, CR_RESET, t);
    assert_eq!(
        p.read(RCC_CR, t) & (CR_PLLON | CR_HSEON),
        CR_PLLON | CR_HSEON
    );
}

#[test]
fn stm32_too_few_wait_states_for_hclk_are_reported_at_the_switch() {
    let mut p = chip();
    let t = lock_pll(&mut p, PLL_168);
    p.write(RCC_CFGR, PRESCALERS | 2, t);
    let why = p.take_violation().unwrap();
    assert!(
        why.contains("HCLK 168 MHz needs 5 flash wait states"),
        "{why}"
    );
    assert!(why.contains("FLASH_ACR.LATENCY is 0"), "{why}");
    // Lowering the latency under a fast clock is just as wrong.
    p.write(FLASH_ACR, 5, t);
    assert_eq!(p.take_violation(), None);
    p.write(FLASH_ACR, 0x700 | 3, t);
    let why = p.take_violation().unwrap();
    assert!(why.starts_with("FLASH_ACR.LATENCY set to 3"), "{why}");
}

#[test]
fn stm32_apb_clocks_above_their_limits_are_reported() {
    let mut p = chip();
    let t = lock_pll(&mut p, PLL_168);
    p.write(FLASH_ACR, 5, t);
    p.write(RCC_CFGR, 4 << 10 | 4 << 13 | 2, t); // APB1 /2: 84 MHz
    let why = p.take_violation().unwrap();
    assert!(why.contains("PCLK1 84 MHz is above APB1's 42 MHz"), "{why}");
    p.write(RCC_CFGR, 5 << 10 | 2, t); // APB2 undivided: 168 MHz
    let why = p.take_violation().unwrap();
    assert!(
        why.contains("PCLK2 168 MHz is above APB2's 84 MHz"),
        "{why}"
    );
}

#[test]
fn stm32_pll_outside_rm0090_ranges_never_locks_and_is_reported() {
    let mut p = chip();
    // M 2: 4 MHz into the VCO.
    p.write(RCC_CR, CR_RESET | CR_HSEON, 0);
    p.write(RCC_PLLCFGR, PLLCFGR_PLLSRC_HSE | 2 | 100 << 6 | 7 << 24, 0);
    p.write(RCC_CR, CR_RESET | CR_HSEON | CR_PLLON, 0);
    let why = p.take_violation().unwrap();
    assert!(why.contains("VCO input is 4 MHz"), "{why}");
    assert_eq!(p.read(RCC_CR, 1_000_000) & CR_PLLRDY, 0);
    // Changing the configuration while it runs is reported too.
    p.write(RCC_PLLCFGR, PLL_168, 10);
    assert!(p.take_violation().unwrap().contains("while the PLL is on"));
}

#[test]
fn stm32_blocks_without_clock_or_in_reset_read_zero_and_say_why() {
    let mut p = chip();
    let tim2 = 0x4000_0000;
    p.write(tim2 + 0x2c, 0x1234, 0);
    assert_eq!(p.read(tim2 + 0x2c, 0), 0);
    assert_eq!(
        p.refusal(tim2 + 0x2c).as_deref(),
        Some("TIM2's clock is off (RCC_APB1ENR.TIM2EN clear)")
    );
    p.write(RCC_APB1ENR, 1, 0);
    assert_eq!(p.refusal(tim2), None);
    p.write(tim2 + 0x2c, 0x1234, 0);
    assert_eq!(p.read(tim2 + 0x2c, 0), 0x1234);
    p.write(RCC_APB1RSTR, 1, 0);
    assert_eq!(
        p.refusal(tim2).as_deref(),
        Some("TIM2 is held in reset (RCC_APB1RSTR.TIM2RST set)")
    );
    p.write(RCC_APB1RSTR, 0, 0);
    assert_eq!(p.read(tim2 + 0x2c, 0), 0, "back to its reset value");
    assert_eq!(
        p.take_resets(),
        [Span {
            base: tim2,
            size: 0x400
        }]
    );
    assert_eq!(
        p.refusal(0x4002_0c00).as_deref(),
        Some("GPIOD's clock is off (RCC_AHB1ENR.GPIODEN clear)")
    );
    assert_eq!(p.refusal(RCC_CR), None);
    assert_eq!(p.refusal(FLASH_ACR), None);
}

#[test]
fn stm32_system_reset_puts_the_clock_tree_back_on_hsi() {
    let mut p = chip();
    let t = lock_pll(&mut p, PLL_168);
    p.write(FLASH_ACR, 5, t);
    p.write(RCC_CFGR, PRESCALERS | 2, t);
    p.write(RCC_AHB1ENR, 1, t);
    p.system_reset();
    assert_eq!(p.read(RCC_CR, 0), CR_RESET);
    assert_eq!(p.read(RCC_CFGR, 0), 0);
    assert_eq!(p.read(RCC_AHB1ENR, 0), AHB1ENR_RESET);
    assert_eq!(p.read(RCC_CSR, 0) & CSR_SFTRSTF, CSR_SFTRSTF);
    let resets = p.take_resets();
    assert_eq!(resets.len(), BLOCKS.len());
    assert!(resets.iter().any(|s| s.contains(0x4002_0c00)), "GPIOD");
}
