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
    ("allocate.fs", include_str!("../../../forth/allocate.fs")),
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

/// Start-up code: the board's console bring-up, then the common reset.
pub fn startup(board: &str) -> String {
    let console = match board {
        "rp2350" => include_str!("../../../forth/startup/rp2350.s"),
        "rp2040" => include_str!("../../../forth/startup/rp2040.s"),
        "stm32f407" => include_str!("../../../forth/startup/stm32f407.s"),
        _ => include_str!("../../../forth/startup/generic.s"),
    };
    format!(
        "{}\n{}",
        include_str!("../../../forth/startup/common.s"),
        console
    )
}

/// The Hayes tester that `thumbforth test` loads.
pub const TESTER: &str = include_str!("../../../forth/tester.fs");
