//! What the host knows that Forth and assembly must agree on, written down
//! once: the system area's addresses, the word header's layout and flags,
//! the control-flow tags, the board's memory, clocks and pins. Each fact has
//! a Forth name (the build defines it as a constant before the kernel) and,
//! where code in UAL needs it, an assembler name (a `.equ` before every
//! `code` word and before the start-up code), so the three stay in step:
//! change a value in `layout.rs` and the Rust, the Forth and the assembly
//! all follow.
//!
//! What only the build knows, such as where a word or a variable ended up,
//! reaches assembly the same way from the Forth side: a constant made by
//! `equ` is a symbol for every `code` word after it ([`word_equates`]).

use target::{BootBlock, Pin, Target, UartKind};

use crate::control::{Opener, CS_TAG};
use crate::dict::{Dictionary, Kind};
use crate::layout::*;

/// One fact: its Forth constant's name, its `.equ` name if assembly uses
/// it, and its value (negative for the offsets of fields below an
/// address; Forth gets it as a cell, two's complement).
pub struct Fact {
    pub forth: Option<String>,
    pub asm: Option<String>,
    pub value: i64,
}

impl Fact {
    /// The value as Forth has it: a cell.
    pub fn cell(&self) -> u32 {
        self.value as u32
    }
}

fn both(forth: &str, asm: &str, value: u32) -> Fact {
    Fact {
        forth: Some(forth.into()),
        asm: Some(asm.into()),
        value: value.into(),
    }
}

/// A fact that may be negative, such as a field's offset below H.
fn both_signed(forth: &str, asm: &str, value: i32) -> Fact {
    Fact {
        forth: Some(forth.into()),
        asm: Some(asm.into()),
        value: value.into(),
    }
}

fn forth(name: &str, value: u32) -> Fact {
    Fact {
        forth: Some(name.into()),
        asm: None,
        value: value.into(),
    }
}

fn asm(name: &str, value: i64) -> Fact {
    Fact {
        forth: None,
        asm: Some(name.into()),
        value,
    }
}

/// The chip, told by what names it in the board file, as the emulator picks
/// its peripheral model: the boot block, else the console's UART.
pub fn is_stm32f4(t: &Target) -> bool {
    t.boot_block == BootBlock::None && t.console.kind == UartKind::Stm32Usart
}

/// The end of flash dictionary space: the last erase sector holds the
/// records of words the board compiles to flash itself (kernel/flash.fs),
/// 4 KiB on RP parts and the last 128 KiB sector of an STM32F4.
pub fn flash_end(t: &Target) -> u32 {
    let record_sector = if is_stm32f4(t) { 0x2_0000 } else { 4096 };
    (t.flash.end() - record_sector) as u32
}

/// Where a build's memory is: what the facts about addresses need to know
/// beyond the board file.
pub struct Places {
    /// The data stack's base, where the emulator and the start-up code put it.
    pub dstack_base: u32,
    /// The end of RAM dictionary space.
    pub ram_limit: u32,
}

/// The name a system variable has in assembly: `SYS_` and the Forth name in
/// capitals, with `>` `#` `'` spelt T, N, P (`>in` is `SYS_TIN`).
fn asm_name_of_system_variable(name: &str) -> String {
    let id: String = name
        .chars()
        .map(|c| match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' => c.to_ascii_uppercase(),
            '>' => 'T',
            '#' => 'N',
            '\'' => 'P',
            _ => '_',
        })
        .collect();
    format!("SYS_{id}")
}

/// Every fact of a build for `t` whose RAM starts at the board's origin.
pub fn facts(t: &Target, profile: thumb::Profile, places: &Places) -> Vec<Fact> {
    let ram = t.ram.origin;
    let flag = |b: bool| if b { u32::MAX } else { 0 };
    let mut v: Vec<Fact> = SYSTEM_CONSTANTS
        .iter()
        .map(|&(name, off)| both(name, &asm_name_of_system_variable(name), ram + off))
        .collect();
    v.extend([
        forth("thumb-2?", flag(profile != thumb::Profile::V6M)),
        both("ram-origin", "RAM_ORIGIN", ram),
        both("ram-end", "RAM_END", ram + t.ram.size),
        both("flash-origin", "FLASH_ORIGIN", t.flash.origin),
        both("flash-end", "FLASH_END", flash_end(t)),
        both("dstack-base", "DSTACK_BASE", places.dstack_base),
        both("ram-limit", "RAM_LIMIT", places.ram_limit),
        forth("string-buffers", ram + STRING_BUFFERS),
        // The word header (layout.rs): link, flags, wordlist, counted name.
        both("header-link", "HEADER_LINK", HEADER_LINK_OFFSET),
        both("header-flags", "HEADER_FLAGS", HEADER_FLAGS_OFFSET),
        both("header-wid", "HEADER_WID", HEADER_WID_OFFSET),
        both("header-name", "HEADER_NAME", HEADER_NAME_OFFSET),
        both("flag-visible", "FLAG_VISIBLE", FLAG_VISIBLE as u32),
        both("flag-immediate", "FLAG_IMMEDIATE", FLAG_IMMEDIATE as u32),
        both(
            "flag-compile-only",
            "FLAG_COMPILE_ONLY",
            FLAG_COMPILE_ONLY as u32,
        ),
        both("flag-inline", "FLAG_INLINE", FLAG_INLINE as u32),
        both("flag-equ", "FLAG_EQU", FLAG_EQU as u32),
        both(
            "inline-length-shift",
            "INLINE_LENGTH_SHIFT",
            INLINE_LENGTH_SHIFT,
        ),
        // The code shapes of created words, values and defers (layout.rs,
        // templates.rs), which the kernel's create, does> and to also write.
        forth("create-body-offset", CREATE_BODY_OFFSET),
        forth("create-does-offset", CREATE_DOES_CELL),
        forth("create-return-offset", CREATE_RETURN_OFFSET),
        forth("indirect-cell-offset", INDIRECT_CELL_OFFSET),
        forth("cs-tag", CS_TAG),
    ]);
    v.extend(heap_facts());
    v.extend(
        Opener::ALL
            .iter()
            .map(|o| forth(&o.constant_name(), o.tag())),
    );
    // The board: its console, its clocks (their assembler names come with
    // the board's own equates, `image::boot::board_equates`, which the
    // hello programs share), its chip and its LED.
    v.extend([
        forth("uart-base", t.console.base),
        forth("console-baud", t.console.baud),
        forth("clock-hz", t.clocks.sys_hz),
        forth("peri-clock-hz", t.clocks.peri_hz),
        forth("crystal-hz", t.clocks.crystal_hz.unwrap_or(0)),
        forth("rp2040?", flag(t.boot_block == BootBlock::Rp2040Boot2)),
        forth("rp2350?", flag(t.boot_block == BootBlock::Rp2350ImageDef)),
        forth("stm32f4?", flag(is_stm32f4(t))),
    ]);
    match t.led {
        Some(Pin::Gpio(n)) => v.extend([forth("led-port", 0), forth("led-pin", n as u32)]),
        Some(Pin::Port { port, pin }) => {
            v.extend([forth("led-port", port as u32), forth("led-pin", pin as u32)])
        }
        None => {}
    }
    v.push(asm("DATA_STACK_ROOM", DATA_STACK_ROOM.into()));
    v
}

/// The allocator's layout (layout.rs, forth/allocate.fs): the heap header's
/// fields, the block and region headers, the size classes and limits. Each
/// has its `.equ` name for the code words that use it; Forth gets a constant
/// only for what its own words use, since each one takes room in every
/// image.
fn heap_facts() -> Vec<Fact> {
    let field = |name: &str, offset: i32| asm(name, offset.into());
    vec![
        field("BLOCK_BACK", BLOCK_BACK as i32),
        both("block-tag", "BLOCK_TAG", BLOCK_TAG),
        both("block-payload", "BLOCK_PAYLOAD", BLOCK_PAYLOAD),
        both("block-in-use", "BLOCK_IN_USE", BLOCK_IN_USE),
        both("block-min", "BLOCK_MIN", BLOCK_MIN),
        field("PAYLOAD_BACK", PAYLOAD_BACK),
        both_signed("payload-tag", "PAYLOAD_TAG", PAYLOAD_TAG),
        field("LINK_NEXT", LINK_NEXT as i32),
        both("link-prev", "LINK_PREV", LINK_PREV),
        field("REGION_NEXT", REGION_NEXT as i32),
        both("region-sentinel", "REGION_SENTINEL", REGION_SENTINEL),
        both("region-first", "REGION_FIRST", REGION_FIRST),
        forth("region-min", REGION_MIN),
        field("HEAP_TOP", HEAP_TOP),
        field("HEAP_SELF", HEAP_SELF),
        field("HEAP_SMAX", HEAP_SMAX),
        field("HEAP_HBS", HEAP_HBS),
        field("HEAP_REGIONS", HEAP_REGIONS),
        field("HEAP_FLBITS", HEAP_FLBITS),
        field("HEAP_SBITS", HEAP_SBITS),
        field("HEAP_LO", HEAP_LO),
        field("HEAP_LEN8", HEAP_LEN8),
        field("HEAP_SLIM8", HEAP_SLIM8),
        both("heap-fields-size", "HEAP_FIELDS_SIZE", HEAP_FIELDS_SIZE),
        both("heap-sl-bits", "HEAP_SL_BITS", HEAP_SL_BITS),
        field("HEAP_TLSF_HEADS", HEAP_TLSF_HEADS as i32),
        both("heap-header-size", "HEAP_HEADER_SIZE", HEAP_HEADER_SIZE),
        both("small-classes", "SMALL_CLASSES", SMALL_CLASSES),
        forth("small-max-limit", SMALL_MAX_LIMIT),
        forth("tlsf-fl-min", TLSF_FL_MIN),
        forth("tlsf-fl-max", TLSF_FL_MAX),
        both("heap-max-request", "HEAP_MAX_REQUEST", HEAP_MAX_REQUEST),
        forth("heap-max-region", HEAP_MAX_REGION),
    ]
}

/// `.equ NAME, value`, negative values with their sign, as GNU as reads them.
fn equ_line(name: &str, value: i64) -> String {
    if value < 0 {
        format!(".equ {name}, -{:#x}\n", value.unsigned_abs())
    } else {
        format!(".equ {name}, {value:#x}\n")
    }
}

/// The facts as `.equ` lines, after the board's own, for `code` words and
/// start-up code.
pub fn equates(t: &Target, facts: &[Fact]) -> String {
    let mut s = image::boot::board_equates(t);
    for f in facts {
        if let Some(name) = &f.asm {
            s.push_str(&equ_line(name, f.value));
        }
    }
    s
}

/// The constants Forth made with `equ` (flagged [`FLAG_EQU`]), as `.equ`
/// lines in definition order, so that a later one of the same name wins as
/// it does in Forth. A name that is not an assembler symbol is left out:
/// the code word that uses it is then told the symbol is unknown.
pub fn word_equates(dict: &Dictionary) -> String {
    let mut s = String::new();
    for w in dict.iter() {
        if let (true, Kind::Constant(v)) = (w.flags & FLAG_EQU != 0, &w.kind) {
            if is_asm_symbol(&w.name) {
                s.push_str(&equ_line(&w.name, i64::from(*v)));
            }
        }
    }
    s
}

/// Letters, digits, `_` and `.`, not starting with a digit: what the
/// assembler reads as a symbol.
fn is_asm_symbol(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '.')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
}

/// The facts Forth gets as constants, as (name, value) in definition order.
pub fn forth_constants(facts: &[Fact]) -> Vec<(&str, u32)> {
    facts
        .iter()
        .filter_map(|f| f.forth.as_deref().map(|n| (n, f.cell())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rp2350() -> Target {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../targets");
        Target::load("rp2350", &root).unwrap()
    }

    #[test]
    fn every_name_is_given_once_in_forth_and_once_in_assembly() {
        let t = rp2350();
        let places = Places {
            dstack_base: 0x2008_0000,
            ram_limit: 0x2007_0000,
        };
        let facts = facts(&t, thumb::Profile::V8MMain, &places);
        let mut forth: Vec<&str> = forth_constants(&facts).iter().map(|&(n, _)| n).collect();
        let before = forth.len();
        forth.sort_unstable();
        forth.dedup();
        assert_eq!(before, forth.len(), "a Forth name is given twice");
        let mut asm: Vec<&String> = facts.iter().filter_map(|f| f.asm.as_ref()).collect();
        let before = asm.len();
        asm.sort_unstable();
        asm.dedup();
        assert_eq!(before, asm.len(), "an assembler name is given twice");
    }

    #[test]
    fn offsets_below_an_address_reach_assembly_with_their_sign_and_forth_as_a_cell() {
        assert_eq!(equ_line("HEAP_SELF", -36), ".equ HEAP_SELF, -0x24\n");
        assert_eq!(equ_line("BLOCK_TAG", 4), ".equ BLOCK_TAG, 0x4\n");
        let f = both_signed("payload-tag", "PAYLOAD_TAG", -4);
        assert_eq!(f.cell(), 0xffff_fffc);
    }

    #[test]
    fn only_names_the_assembler_reads_as_symbols_become_equates() {
        assert!(is_asm_symbol("core_alloc_with"));
        assert!(is_asm_symbol(".L1"));
        assert!(!is_asm_symbol("shared-heap"));
        assert!(!is_asm_symbol("2nd"));
        assert!(!is_asm_symbol(""));
    }

    #[test]
    fn system_variables_are_named_for_assembly_by_one_rule() {
        assert_eq!(asm_name_of_system_variable(">in"), "SYS_TIN");
        assert_eq!(asm_name_of_system_variable("#tib"), "SYS_NTIB");
        assert_eq!(asm_name_of_system_variable("'tib"), "SYS_PTIB");
        assert_eq!(asm_name_of_system_variable("ram-dp"), "SYS_RAM_DP");
    }
}
