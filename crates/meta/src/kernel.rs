//! The Forth sources built into every image, embedded in the binary so that
//! `thumbforth` works from any directory. `include`/`require` find them by
//! these names before looking on disk.

/// (name, text) of every built-in source; `kernel.fs` includes the rest.
pub const SOURCES: &[(&str, &str)] = &[
    ("kernel.fs", include_str!("../../../forth/kernel.fs")),
    (
        "kernel/prims.fs",
        include_str!("../../../forth/kernel/prims.fs"),
    ),
    (
        "kernel/core.fs",
        include_str!("../../../forth/kernel/core.fs"),
    ),
    (
        "kernel/compiler.fs",
        include_str!("../../../forth/kernel/compiler.fs"),
    ),
    (
        "kernel/divide.fs",
        include_str!("../../../forth/kernel/divide.fs"),
    ),
    ("kernel/io.fs", include_str!("../../../forth/kernel/io.fs")),
    (
        "kernel/flash.fs",
        include_str!("../../../forth/kernel/flash.fs"),
    ),
    (
        "kernel/ext.fs",
        include_str!("../../../forth/kernel/ext.fs"),
    ),
    (
        "kernel/compiling.fs",
        include_str!("../../../forth/kernel/compiling.fs"),
    ),
    (
        "kernel/interpret.fs",
        include_str!("../../../forth/kernel/interpret.fs"),
    ),
    (
        "kernel/tools.fs",
        include_str!("../../../forth/kernel/tools.fs"),
    ),
    (
        "kernel/string.fs",
        include_str!("../../../forth/kernel/string.fs"),
    ),
    (
        "kernel/facility.fs",
        include_str!("../../../forth/kernel/facility.fs"),
    ),
    (
        "kernel/locals.fs",
        include_str!("../../../forth/kernel/locals.fs"),
    ),
    (
        "kernel/marker.fs",
        include_str!("../../../forth/kernel/marker.fs"),
    ),
    (
        "kernel/board.fs",
        include_str!("../../../forth/kernel/board.fs"),
    ),
    ("allocate.fs", include_str!("../../../forth/allocate.fs")),
    (
        "allocate-armv6m.fs",
        include_str!("../../../forth/allocate-armv6m.fs"),
    ),
];

/// The console words for the target's UART kind.
pub fn console_source(pl011: bool) -> (&'static str, &'static str) {
    if pl011 {
        (
            "kernel/console-pl011.fs",
            include_str!("../../../forth/kernel/console-pl011.fs"),
        )
    } else {
        (
            "kernel/console-stm32.fs",
            include_str!("../../../forth/kernel/console-stm32.fs"),
        )
    }
}

/// The board's bring-up: `console_init` and what it calls (clocks, resets,
/// the console UART). The two RP chips share their register facts and their
/// code; the chip's own addresses and bits sit between the two, since an
/// `.equ` must come before its first use.
pub fn bringup(board: &str) -> String {
    let rp = |chip: &str| {
        format!(
            "{}\n{chip}\n{}",
            include_str!("../../../forth/startup/rp.s"),
            include_str!("../../../forth/startup/rp-bringup.s")
        )
    };
    match board {
        "rp2350" => rp(include_str!("../../../forth/startup/rp2350.s")),
        "rp2040" => rp(include_str!("../../../forth/startup/rp2040.s")),
        "stm32f407" => include_str!("../../../forth/startup/stm32f407.s").to_string(),
        _ => include_str!("../../../forth/startup/generic.s").to_string(),
    }
}

/// Start-up code: the common reset, then the board's bring-up.
pub fn startup(board: &str) -> String {
    format!(
        "{}\n{}",
        include_str!("../../../forth/startup/common.s"),
        bringup(board)
    )
}

/// The smallest complete program for a board: its `.equ`s, its bring-up,
/// then a loop that prints `thumbforth BOARD` on the console and ends
/// through semihosting with status 0. `cargo xtask demo`, `check-images`
/// and the image tests build it to prove each output format boots, without
/// the weight of a Forth kernel.
pub fn hello(target: &target::Target) -> String {
    let main = match target.console.kind {
        target::UartKind::Pl011 => include_str!("../../../targets/hello/pl011.s"),
        target::UartKind::Stm32Usart => include_str!("../../../targets/hello/stm32-usart.s"),
    };
    format!(
        "{}{}\n{main}{}\n    .align 2\nmessage:\n    .asciz \"thumbforth {}\\n\"\n",
        image::boot::board_equates(target),
        bringup(&target.name),
        include_str!("../../../targets/hello/exit.s"),
        target.name
    )
}

/// The Hayes tester that `thumbforth test` loads.
pub const TESTER: &str = include_str!("../../../forth/tester.fs");
