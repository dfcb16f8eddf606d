//! The board facts start-up code is written against, as `.equ` lines the
//! assembler reads before the code: one source of truth (the board file)
//! for the console's address and baud rate and the clock tree, instead of
//! numbers written into each start-up file.

use target::Target;

/// `.equ` lines for `UART_BASE`, `CONSOLE_BAUD`, `SYS_CLOCK_HZ`,
/// `PERI_CLOCK_HZ` and `CRYSTAL_HZ` (0 when the board has no crystal).
pub fn board_equates(t: &Target) -> String {
    [
        ("UART_BASE", t.console.base),
        ("CONSOLE_BAUD", t.console.baud),
        ("SYS_CLOCK_HZ", t.clocks.sys_hz),
        ("PERI_CLOCK_HZ", t.clocks.peri_hz),
        ("CRYSTAL_HZ", t.clocks.crystal_hz.unwrap_or(0)),
    ]
    .iter()
    .map(|(name, v)| format!(".equ {name}, {v:#x}\n"))
    .collect()
}
