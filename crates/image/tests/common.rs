//! Shared by the integration tests: the built-in boards and a small program.

#![allow(dead_code)]

use image::{boot::assemble_image, Image, RamAlloc, Symbol, SymbolKind};
use target::Target;

pub const BOARDS: &[&str] = target::BUILT_IN_TARGETS;

/// A program every profile assembles: a reset loop, a helper and a literal.
pub const PROGRAM: &str = "\
reset:
    ldr r0, =0x12345678
    bl helper
    b reset
helper:
    adds r0, r0, #1
    bx lr
";

pub fn board(name: &str) -> Target {
    Target::load(name, &target::builtin_dir()).unwrap()
}

pub fn image_for(name: &str) -> Image {
    assemble_image(&board(name), PROGRAM).unwrap()
}

/// An image with a word in a wordlist, a data symbol and RAM allocations, as
/// the metacompiler will produce.
pub fn rich_image(name: &str) -> Image {
    let mut img = image_for(name);
    let helper = img.symbol("helper").unwrap().clone();
    img.symbols.push(Symbol {
        name: "dup".into(),
        addr: helper.addr,
        size: helper.size,
        kind: SymbolKind::Code,
        wordlist: Some("forth".into()),
    });
    img.ram = vec![
        RamAlloc {
            name: "base".into(),
            addr: img.ram_region.0,
            size: 4,
        },
        RamAlloc {
            name: "tib".into(),
            addr: img.ram_region.0 + 4,
            size: 80,
        },
    ];
    img
}

pub fn word(bytes: &[u8], offset: usize) -> u32 {
    u32::from_le_bytes(bytes[offset..offset + 4].try_into().unwrap())
}
