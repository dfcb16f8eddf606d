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
//! | 0x34 | `search-order` | the search order, first searched first, 32 cells |
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
//!
//! ## The heap (forth/allocate.fs)
//! Offsets of the allocator's structures, which its `code` words and its
//! Forth words use by the names exports.rs gives them. A heap is known by
//! the address H of its list heads; its scalar fields sit below H:
//! ```text
//! H-40 top      the top block's payload, or 0: on Thumb-2, the first region's block
//!               starts as the top, kept on no size list (this cell is its list's head),
//!               allocated from when no list fits and merged with freed neighbours
//! H-36 self     H inverted: a heap handle is an address whose cell here holds it inverted
//! H-32 smax     the largest small block size (16..248)
//! H-28 hbs      high-block-size as init-heap-header was given it
//! H-24 regions  the newest region, 0 if none
//! H-20 flbits   one bit per non-empty TLSF first level
//! H-16 sbits    one bit per non-empty small list
//! H-12 lo       the first region's first payload            } the free fast
//! H-8  len8     (sentinel - first block) / 8 of that region } path loads these
//! H-4  slim8    (smax - 16) / 8                             } three at once
//! H+8c          head of the small list of class c = size / 8 (c = 0..31)
//! H+8fl+4       the second-level bitmap of TLSF first level fl (4..23)
//! H+128+4(8fl+sl) head of the TLSF list (fl, sl), fl = 4..23, sl = 0..7
//! ```
//! The regions' blocks:
//! ```text
//! +0 back link  the physical predecessor's header, bit 0 set while it is in use
//! +4 tag        size in bytes (header included, a multiple of 8, >= 16), bit 0: in use
//! +8 payload    what allocate hands out; a free block keeps its list links
//!               here: +8 next, +12 prev (payloads, not headers; on Thumb-2
//!               the first block's prev is its list's head cell)
//! ```
//! A region: +0 the next region, +4 the address of its sentinel (a block
//! header of size 0, in use, at the region's end), +8 its first block.

/// Visible to the search (cleared while a colon definition is compiled).
pub const FLAG_VISIBLE: u16 = 0x01;
pub const FLAG_IMMEDIATE: u16 = 0x02;
pub const FLAG_COMPILE_ONLY: u16 = 0x04;
/// The code up to its final `bx lr` may be copied into callers.
pub const FLAG_INLINE: u16 = 0x08;
/// A constant made by `equ`: `code` words assembled after it may use its
/// name as a symbol, so that assembly names what only the build knows (the
/// address of a word or of a variable) instead of a number patched in later.
pub const FLAG_EQU: u16 = 0x10;
/// Where the inline length (in halfwords) sits in the flags.
pub const INLINE_LENGTH_SHIFT: u32 = 8;

/// Where each field of a word's header sits: the link to the previous
/// header, the flags, the wordlist, then the counted name.
pub const HEADER_LINK_OFFSET: u32 = 0;
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
    ("search-order", ORDER),
    ("hld", HLD),
    ("latestxt", LATEST_XT),
    ("source-id-var", SOURCE_ID),
    ("tib", TIB),
    ("hold-end", HOLD_END),
    ("pad", PAD),
    ("ram-dict-start", RAM_DICT),
];

// --- the heap ---------------------------------------------------------------

/// A block's header: the back link to the physical predecessor's header,
/// then the tag (size and in-use bit). The payload follows the header.
pub const BLOCK_BACK: u32 = 0;
pub const BLOCK_TAG: u32 = 4;
pub const BLOCK_PAYLOAD: u32 = 8;
/// Bit 0 of a tag: the block is in use; of a back link: the predecessor is.
pub const BLOCK_IN_USE: u32 = 1;
/// The smallest block: a header and the two list links of a free block.
pub const BLOCK_MIN: u32 = 16;
/// A block's header fields from its payload, where code that holds a
/// payload (what allocate hands out, what the lists link) finds them.
pub const PAYLOAD_BACK: i32 = BLOCK_BACK as i32 - BLOCK_PAYLOAD as i32;
pub const PAYLOAD_TAG: i32 = BLOCK_TAG as i32 - BLOCK_PAYLOAD as i32;
/// A free block's list links, from its payload: lists link payloads, so
/// that a list head's contents is an address allocate can hand out.
pub const LINK_NEXT: u32 = 0;
pub const LINK_PREV: u32 = 4;

/// A region's head: the next region, and where its sentinel is; its first
/// block's header follows.
pub const REGION_NEXT: u32 = 0;
pub const REGION_SENTINEL: u32 = 4;
pub const REGION_FIRST: u32 = 8;
/// The smallest region: its head, one block and the sentinel's header.
pub const REGION_MIN: u32 = REGION_FIRST + BLOCK_MIN + BLOCK_PAYLOAD;

/// The heap header's scalar fields, as offsets from H (see the module's
/// diagram).
/// The top: a free block kept on a list of its own, whose head cell this
/// is (Thumb-2 profiles; 0 elsewhere).
pub const HEAP_TOP: i32 = -40;
pub const HEAP_SELF: i32 = -36;
pub const HEAP_SMAX: i32 = -32;
pub const HEAP_HBS: i32 = -28;
pub const HEAP_REGIONS: i32 = -24;
pub const HEAP_FLBITS: i32 = -20;
pub const HEAP_SBITS: i32 = -16;
pub const HEAP_LO: i32 = -12;
pub const HEAP_LEN8: i32 = -8;
pub const HEAP_SLIM8: i32 = -4;
/// The bytes of the header below H (H stays 8-aligned).
pub const HEAP_FIELDS_SIZE: u32 = 40;
/// Small list heads start at H: class c's head is at H + 8c, so a block's
/// size in bytes is its head's offset from H.
pub const HEAP_SMALL_HEADS: u32 = 0;
/// The second-level bitmap of first level fl is at H + 8fl + this, in the
/// cells between the small heads that no class uses.
pub const HEAP_SL_BITS: u32 = 4;
/// TLSF list (fl, sl) has its head at H + this + 4 (8fl + sl).
pub const HEAP_TLSF_HEADS: u32 = 128;

/// Small lists: one per 8 bytes of block size, classes 0..31 (0 and 1 stay
/// empty: no block is smaller than 16 bytes).
pub const SMALL_CLASSES: u32 = 32;
/// The largest small block size a heap may have.
pub const SMALL_MAX_LIMIT: u32 = (SMALL_CLASSES - 1) * 8;
/// TLSF levels: the first level is floor(log2 size), the second the next
/// TLSF_SL_BITS bits of the size.
pub const TLSF_FL_MIN: u32 = 4;
pub const TLSF_FL_MAX: u32 = 23;
pub const TLSF_SL_BITS: u32 = 3;
/// The whole heap header: the fields below H, and the list heads above it
/// up to the last TLSF head.
pub const HEAP_HEADER_SIZE: u32 =
    HEAP_FIELDS_SIZE + HEAP_TLSF_HEADS + 4 * (TLSF_FL_MAX + 1) * (1 << TLSF_SL_BITS);
/// Larger requests fail at once: their block size would not fit a region.
pub const HEAP_MAX_REQUEST: u32 = 0xFF_FFE0;
/// The largest region expand-heap takes: every block size then has a first
/// level of at most TLSF_FL_MAX.
pub const HEAP_MAX_REGION: u32 = 0xFF_FFF8;

// What the allocator's code takes for granted about the layout above.
const _: () = {
    // The free fast path loads lo, len8 and slim8 with one `ldmdb` from H,
    // and the resize fast path lo and len8 with one `ldrd`.
    assert!(HEAP_SLIM8 == -4 && HEAP_LEN8 == HEAP_SLIM8 - 4 && HEAP_LO == HEAP_LEN8 - 4);
    // Every field lies in the bytes below H, a cell apart from the others.
    let fields = [
        HEAP_TOP,
        HEAP_SELF,
        HEAP_SMAX,
        HEAP_HBS,
        HEAP_REGIONS,
        HEAP_FLBITS,
        HEAP_SBITS,
        HEAP_LO,
        HEAP_LEN8,
        HEAP_SLIM8,
    ];
    let mut i = 0;
    while i < fields.len() {
        assert!(fields[i] < 0 && fields[i] % 4 == 0);
        assert!(fields[i] >= -(HEAP_FIELDS_SIZE as i32));
        let mut j = i + 1;
        while j < fields.len() {
            assert!(fields[i] != fields[j]);
            j += 1;
        }
        i += 1;
    }
    assert!(HEAP_FIELDS_SIZE % 8 == 0);
    // A size indexes its small list's head directly.
    assert!(HEAP_SMALL_HEADS == 0);
    // The TLSF heads lie past the small heads and second-level bitmaps.
    assert!(HEAP_TLSF_HEADS + 4 * 8 * TLSF_FL_MIN >= 8 * SMALL_CLASSES);
    // A free block has room for its header and both links.
    assert!(BLOCK_MIN >= BLOCK_PAYLOAD + LINK_PREV + 4);
    // A list's head cell stands for a block whose next link it is (the
    // first block's prev link names it), and the links load as one pair.
    assert!(LINK_NEXT == 0 && LINK_PREV == 4);
    // The code words' shifts and masks are written for eight lists per
    // first level, and for the in-use bit as bit 0.
    assert!(TLSF_SL_BITS == 3 && BLOCK_IN_USE == 1);
};

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
