//! Where the Forth system keeps its state in target memory, and the one
//! header format every word has. Host and target code both read these
//! addresses, so they are defined once, here, and exported to Forth as
//! constants (see [`SYSTEM_CONSTANTS`]).
//!
//! ## The system area (start of RAM)
//! | offset | name | meaning |
//! |---|---|---|
//! | 0x00 | `dp` | flash dictionary pointer (HERE while compiling to flash) |
//! | 0x04 | `ram-dp` | RAM dictionary pointer (`ram-here`) |
//! | 0x08 | `latest` | the most recent header, any wordlist |
//! | 0x0c | `state` | 0 interpreting, -1 compiling |
//! | 0x10 | `base` | number conversion radix |
//! | 0x14 | `>in` | parse offset into the input line |
//! | 0x18 | `#tib` | length of the input line |
//! | 0x1c | `'tib` | address of the input line |
//! | 0x20 | `current` | compilation wordlist id |
//! | 0x24 | `flash?` | -1 while compiling to flash |
//! | 0x28 | `handler` | innermost `try` frame (return-stack address) or 0 |
//! | 0x2c | `wid-counter` | the next id `wordlist` hands out |
//! | 0x30 | `#order` | number of wordlists in the search order |
//! | 0x34 | `order` | the search order, first searched first, 32 cells |
//! | 0xb4 | `hld` | pictured numeric output pointer |
//! | 0xb8 | `latestxt` | xt of the word being or last defined |
//! | 0xbc | `source-id` | 0 for the console or a file, -1 for `evaluate` |
//!
//! Then the input buffer, the pictured-output buffer, `pad` and two transient
//! string buffers for interpreted `s"`; RAM dictionary space starts after them
//! (`ram-dict-start`) and ends at `ram-limit`, [`DATA_STACK_ROOM`] below the
//! data stack's base, which the return stack's room at the top of RAM follows.
//!
//! ## Word headers
//! ```text
//! +0  link   u32  previous header (all wordlists share one chain), 0 ends it
//! +4  flags  u16  FLAG_* below; bits 8..15: inline length in halfwords
//! +6  wid    u16  wordlist id
//! +8  name   counted string (length byte, then the characters)
//! ... padding to a 4-byte boundary
//! xt  code   Thumb code; a call enters here
//! ```

/// Visible to the search (cleared while a colon definition is compiled).
pub const FLAG_VISIBLE: u16 = 0x01;
pub const FLAG_IMMEDIATE: u16 = 0x02;
pub const FLAG_COMPILE_ONLY: u16 = 0x04;
/// The code up to its final `bx lr` may be copied into callers.
pub const FLAG_INLINE: u16 = 0x08;

pub const HEADER_FLAGS_OFFSET: u32 = 4;
pub const HEADER_WID_OFFSET: u32 = 6;
pub const HEADER_NAME_OFFSET: u32 = 8;
pub const MAX_NAME_LEN: usize = 255;
pub const ORDER_CAPACITY: u32 = 32;
pub const FORTH_WORDLIST: u16 = 0;
/// Wordlist ids below this are the system's.
pub const FIRST_USER_WID: u32 = 2;

pub const DP: u32 = 0x00;
pub const RAM_DP: u32 = 0x04;
pub const LATEST: u32 = 0x08;
pub const STATE: u32 = 0x0c;
pub const BASE: u32 = 0x10;
pub const TO_IN: u32 = 0x14;
pub const NUM_TIB: u32 = 0x18;
pub const TIB_PTR: u32 = 0x1c;
pub const CURRENT: u32 = 0x20;
pub const FLASH_FLAG: u32 = 0x24;
pub const HANDLER: u32 = 0x28;
pub const WID_COUNTER: u32 = 0x2c;
pub const NUM_ORDER: u32 = 0x30;
pub const ORDER: u32 = 0x34;
pub const HLD: u32 = 0xb4;
pub const LATEST_XT: u32 = 0xb8;
pub const SOURCE_ID: u32 = 0xbc;
/// Size of the block of variables above, read and written as one.
pub const SYSVARS_SIZE: u32 = 0xc0;

pub const TIB: u32 = 0x100;
pub const TIB_SIZE: u32 = 0x100;
pub const HOLD_BUFFER: u32 = 0x200;
/// `hld` starts here and moves down.
pub const HOLD_END: u32 = 0x280;
pub const PAD: u32 = 0x280;
pub const PAD_SIZE: u32 = 0x80;
/// Two buffers for strings interpreted with `s"`: each use takes the other.
pub const STRING_BUFFERS: u32 = 0x300;
pub const STRING_BUFFER_SIZE: u32 = 0x100;
/// First byte of RAM dictionary space.
pub const RAM_DICT: u32 = 0x500;
/// The data stack's room: it grows down from `dstack-base` (the return stack
/// has the RAM above), and RAM dictionary space ends this far below it, at
/// `ram-limit`, so neither the dictionary nor a heap reaches the stacks.
pub const DATA_STACK_ROOM: u32 = 0x1000;

/// The constants every image defines first, so that Forth code can reach the
/// system area: (name, offset from RAM origin).
pub const SYSTEM_CONSTANTS: &[(&str, u32)] = &[
    ("dp", DP),
    ("ram-dp", RAM_DP),
    ("latest", LATEST),
    ("state", STATE),
    ("base", BASE),
    (">in", TO_IN),
    ("#tib", NUM_TIB),
    ("'tib", TIB_PTR),
    ("current", CURRENT),
    ("flash?", FLASH_FLAG),
    ("handler", HANDLER),
    ("wid-counter", WID_COUNTER),
    ("#order", NUM_ORDER),
    ("order", ORDER),
    ("hld", HLD),
    ("latestxt", LATEST_XT),
    ("source-id-var", SOURCE_ID),
    ("tib", TIB),
    ("hold-end", HOLD_END),
    ("pad", PAD),
    ("ram-dict-start", RAM_DICT),
];

/// Code of a word made by `create`: it pushes its body (at xt + 16) and then
/// jumps through the cell at xt + 12, which holds xt + 10 (`bx lr`) until
/// `does>` stores the does-code there.
///
/// ```text
/// xt+0   push TOS            (4 bytes on every profile)
/// xt+4   adr r6, xt+16
/// xt+6   ldr r0, [pc, #4]    ; the cell at xt+12
/// xt+8   bx r0
/// xt+10  bx lr
/// xt+12  .word does-code | 1
/// xt+16  body
/// ```
pub const CREATE_BODY_OFFSET: u32 = 16;
pub const CREATE_DOES_CELL: u32 = 12;
pub const CREATE_RETURN_OFFSET: u32 = 10;

/// Code of a constant: push TOS, load the cell at xt + 8, return.
///
/// ```text
/// xt+0  push TOS
/// xt+4  ldr r6, [pc, #0]
/// xt+6  bx lr
/// xt+8  .word value
/// ```
pub const CONSTANT_VALUE_OFFSET: u32 = 8;
pub const CONSTANT_SIZE: u32 = 12;

/// Code of a `value` or `defer` compiled to flash: its cell is in RAM.
///
/// ```text
/// xt+0   push TOS  (value)           |  xt+0  ldr r0, [pc, #8]  (defer)
/// xt+4   ldr r6, [pc, #4]            |  xt+2  ldr r0, [r0]
/// xt+6   ldr r6, [r6]                |  xt+4  bx r0
/// xt+8   bx lr                       |  ...
/// xt+12  .word cell address          |  xt+12 .word cell address
/// ```
pub const INDIRECT_CELL_OFFSET: u32 = 12;
pub const INDIRECT_SIZE: u32 = 16;

pub fn align4(x: u32) -> u32 {
    x.wrapping_add(3) & !3
}

/// The xt of the header at `header` whose name is `len` characters long.
pub fn xt_of_header(header: u32, len: usize) -> u32 {
    align4(header + HEADER_NAME_OFFSET + 1 + len as u32)
}
