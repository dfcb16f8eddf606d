//! The Cortex-M vector table.

/// Cortex-M vector table: SP, reset, then `count-2` copies of `default_handler`
/// (all with the Thumb bit as given). `count` below 2 still yields SP and reset,
/// the two words every core reads at reset.
pub fn vector_table(initial_sp: u32, reset: u32, default_handler: u32, count: usize) -> Vec<u8> {
    let handlers = count.saturating_sub(2);
    [initial_sp, reset]
        .into_iter()
        .chain(std::iter::repeat_n(default_handler, handlers))
        .flat_map(u32::to_le_bytes)
        .collect()
}
