//! Allocation traces and what replaying one measures: the words the
//! allocator benchmark and the C allocator peers share, so either replays
//! the same trace and reports it the same way.

/// One step of a trace; ids name blocks.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Op {
    Alloc { id: usize, size: u32 },
    Free { id: usize },
    Resize { id: usize, size: u32 },
}

/// What replaying one trace measured: instructions per call, by operation.
#[derive(Default)]
pub(crate) struct Counts {
    pub alloc: Vec<u64>,
    pub free: Vec<u64>,
    pub resize: Vec<u64>,
    /// Allocations (and resizes) that returned failure.
    pub failures: usize,
    /// Heap span (highest end - lowest start of any block) / peak live bytes.
    pub footprint: f64,
}
