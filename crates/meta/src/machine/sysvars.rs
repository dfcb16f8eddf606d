//! The host's copy of the system variables (see [`crate::layout`]). The
//! host writes it to target RAM before target code runs and reads it back
//! afterwards, so that both sides see the same HERE, LATEST, STATE, BASE,
//! >IN and search order.

use crate::layout::*;

const CELLS: usize = (SYSVARS_SIZE / 4) as usize;

pub struct SysVars {
    cells: [u32; CELLS],
    /// The target's copy is older than this one.
    dirty: bool,
    /// The search order decoded from the cells, kept current by every change.
    order: Vec<u16>,
}

impl SysVars {
    pub fn new() -> SysVars {
        SysVars {
            cells: [0; CELLS],
            dirty: true,
            order: vec![FORTH_WORDLIST],
        }
    }

    pub fn get(&self, offset: u32) -> u32 {
        self.cells[(offset / 4) as usize]
    }

    pub fn set(&mut self, offset: u32, v: u32) {
        self.cells[(offset / 4) as usize] = v;
        self.dirty = true;
        if offset == NUM_ORDER || (ORDER..ORDER + 4 * ORDER_CAPACITY).contains(&offset) {
            self.order = self.decode_order();
        }
    }

    pub fn order(&self) -> &[u16] {
        &self.order
    }

    fn decode_order(&self) -> Vec<u16> {
        let n = self.get(NUM_ORDER).min(ORDER_CAPACITY);
        (0..n).map(|i| self.get(ORDER + 4 * i) as u16).collect()
    }

    /// The cells as the target holds them, when the target's copy is older.
    pub fn unwritten(&self) -> Option<Vec<u8>> {
        self.dirty
            .then(|| self.cells.iter().flat_map(|c| c.to_le_bytes()).collect())
    }

    /// The target's copy is this one now.
    pub fn written(&mut self) {
        self.dirty = false;
    }

    /// Takes the cells from the target's copy (`bytes`, as read from RAM).
    pub fn load(&mut self, bytes: &[u8]) {
        for (i, c) in bytes.chunks_exact(4).enumerate() {
            self.cells[i] = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
        }
        self.dirty = false;
        self.order = self.decode_order();
    }
}
