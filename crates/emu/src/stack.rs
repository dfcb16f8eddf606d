//! The data-stack convention of thumbforth code, as the host sees it.
//!
//! - r6 holds the top of the data stack (TOS);
//! - r7 is the data stack pointer: the stack is full descending with 4-byte
//!   cells, and r7 points at the cell holding the second item;
//! - the cell just below the stack base (`base - 4`) holds whatever r6 held
//!   when the stack was empty: pushing spills r6 to `[r7, #-4]!` and popping
//!   reloads r6 with `ldmia r7!, {r6}`, so the first push spills this dummy.
//!
//! Hence depth = (base - r7) / 4. An empty stack has r7 == base and a dummy
//! in r6; a stack `[a, b, c]` (c on top) has r6 = c, `[r7]` = b,
//! `[r7 + 4]` = a and `[r7 + 8]` = `[base - 4]` = the dummy.
//!
//! Lists of stack items on the host are deepest first: `[a, b, c]` means c is
//! the top of the stack.

/// Register caching the top of stack.
pub const TOS: u8 = 6;
/// Register pointing at the second item.
pub const DSP: u8 = 7;
pub const CELL: u32 = 4;
/// What the host puts in r6 and below the base for an empty stack.
pub const EMPTY_TOS: u32 = 0xe0e0_e0e0;
/// Deepest stack the host will read back; beyond this r7 is taken as garbage.
pub const MAX_DEPTH: usize = 1 << 16;

/// Registers and memory for `items` (deepest first) on a stack based at
/// `base`: returns (r6, r7, cells), the cells to be stored from r7 upwards.
pub fn lay_out(base: u32, items: &[u32]) -> (u32, u32, Vec<u32>) {
    let depth = items.len() as u32;
    let r7 = base.wrapping_sub(depth * CELL);
    let Some((&tos, rest)) = items.split_last() else {
        return (EMPTY_TOS, base, Vec::new());
    };
    // From r7 upwards: second item, third, ..., deepest, then the dummy.
    let mut cells: Vec<u32> = rest.iter().rev().copied().collect();
    cells.push(EMPTY_TOS);
    (tos, r7, cells)
}

/// Number of items for `r7` on a stack based at `base`, or why r7 cannot be
/// a pointer into that stack.
pub fn depth(base: u32, r7: u32) -> Result<usize, String> {
    if r7 > base {
        return Err(format!(
            "data stack underflow: r7 = {r7:#010x} is {} cells above the base {base:#010x}",
            (r7 - base) / CELL
        ));
    }
    if (base - r7) % CELL != 0 {
        return Err(format!(
            "r7 = {r7:#010x} is not cell-aligned with the base {base:#010x}"
        ));
    }
    let depth = ((base - r7) / CELL) as usize;
    if depth > MAX_DEPTH {
        return Err(format!(
            "r7 = {r7:#010x} is {depth} cells below the base {base:#010x}"
        ));
    }
    Ok(depth)
}

/// The items (deepest first) given r6 and the cells from r7 up to the base.
pub fn read_back(r6: u32, cells_from_r7: &[u32]) -> Vec<u32> {
    let Some((_dummy, items)) = cells_from_r7.split_last() else {
        return Vec::new();
    };
    let mut out: Vec<u32> = items.iter().rev().copied().collect();
    out.push(r6);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_items_keep_the_top_in_r6_and_the_rest_above_r7() {
        let (r6, r7, cells) = lay_out(0x2000_1000, &[1, 2, 3]);
        assert_eq!(r6, 3);
        assert_eq!(r7, 0x2000_1000 - 12);
        assert_eq!(cells, vec![2, 1, EMPTY_TOS]);
        assert_eq!(depth(0x2000_1000, r7), Ok(3));
        assert_eq!(read_back(r6, &cells), vec![1, 2, 3]);
    }

    #[test]
    fn empty_stack_has_r7_at_the_base() {
        let (r6, r7, cells) = lay_out(0x2000_1000, &[]);
        assert_eq!((r6, r7), (EMPTY_TOS, 0x2000_1000));
        assert!(cells.is_empty());
        assert_eq!(read_back(r6, &cells), Vec::<u32>::new());
    }

    #[test]
    fn one_item_spills_only_the_dummy() {
        let (r6, r7, cells) = lay_out(0x2000_1000, &[9]);
        assert_eq!((r6, r7, cells.clone()), (9, 0x2000_0ffc, vec![EMPTY_TOS]));
        assert_eq!(read_back(r6, &cells), vec![9]);
    }

    #[test]
    fn r7_above_the_base_is_an_underflow() {
        assert!(depth(0x2000_1000, 0x2000_1004)
            .unwrap_err()
            .contains("underflow"));
        assert!(depth(0x2000_1000, 0x2000_0ffe).is_err());
    }
}
