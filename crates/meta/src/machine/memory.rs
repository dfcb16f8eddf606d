//! Dictionary memory: the code buffer at HERE and the target memory behind
//! it, read and written as one, the two dictionary spaces (flash and RAM)
//! and their pointers, and the flash boundary below which build-time code
//! may not store.

use crate::diag::Diagnostic;
use crate::emit::Code;
use crate::layout::*;

use super::Machine;

impl Machine {
    pub fn here(&self) -> u32 {
        self.code.here()
    }

    /// The system variable of the active dictionary pointer.
    fn dp_offset(&self) -> u32 {
        if self.to_flash() {
            DP
        } else {
            RAM_DP
        }
    }

    /// Writes pending code to the target and moves the active dictionary
    /// pointer past it.
    pub fn flush(&mut self) -> Result<(), Diagnostic> {
        if !self.code.bytes.is_empty() {
            let (origin, here) = (self.code.origin, self.code.here());
            // Bytes past the furthest HERE has been have never run, so no
            // translation of them can be stale: skip the (costly) cache
            // invalidation. Below it (a marker took HERE back) code may
            // have run there. Patches to older code go through `poke`,
            // which invalidates.
            let reached = if origin >= self.ram {
                self.reached.1
            } else {
                self.reached.0
            };
            let written = if origin < reached {
                self.emu.write_mem(origin, &self.code.bytes)
            } else {
                self.emu.write_data(origin, &self.code.bytes)
            };
            written.map_err(|e| {
                Diagnostic::new(
                    self.span,
                    format!("the dictionary does not fit in target memory: {e}"),
                )
            })?;
            self.code.bytes.clear();
            self.code.origin = here;
        }
        let off = self.dp_offset();
        if self.sys(off) != self.code.origin {
            self.set_sys(off, self.code.origin);
        }
        self.note_reach();
        Ok(())
    }

    /// Takes the dictionary pointers into how far each has ever reached.
    pub(super) fn note_reach(&mut self) {
        let (flash, ram) = self.reached;
        self.reached = (flash.max(self.sys(DP)), ram.max(self.sys(RAM_DP)));
    }

    /// Starts a new code buffer at the active dictionary pointer.
    pub fn reorigin(&mut self) {
        let here = self.sys(self.dp_offset());
        self.code = Code::new(here, self.profile);
    }

    /// Switches between flash and RAM dictionary space.
    pub fn set_space(&mut self, flash: bool) -> Result<(), Diagnostic> {
        self.flush()?;
        self.set_sys(FLASH_FLAG, if flash { u32::MAX } else { 0 });
        self.reorigin();
        Ok(())
    }

    pub fn read(&self, addr: u32, len: usize) -> Result<Vec<u8>, Diagnostic> {
        let mut out = match self.emu.read_mem(addr, len) {
            Ok(b) => b,
            Err(e) => return Err(Diagnostic::new(self.span, e.to_string())),
        };
        // Bytes still in the code buffer are newer than the target's.
        let (o, h) = (self.code.origin as u64, self.code.here() as u64);
        for (i, b) in out.iter_mut().enumerate() {
            let a = addr as u64 + i as u64;
            if a >= o && a < h {
                *b = self.code.bytes[(a - o) as usize];
            }
        }
        Ok(out)
    }

    pub fn read_u16(&self, addr: u32) -> Result<u16, Diagnostic> {
        let b = self.read(addr, 2)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }

    pub fn read_u32(&self, addr: u32) -> Result<u32, Diagnostic> {
        let b = self.read(addr, 4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// Writes `bytes` at `addr`, in the code buffer or in the target.
    pub fn poke(&mut self, addr: u32, bytes: &[u8]) -> Result<(), Diagnostic> {
        let o = self.code.origin;
        if addr >= o && addr as u64 + bytes.len() as u64 <= self.code.here() as u64 {
            let off = (addr - o) as usize;
            self.code.bytes[off..off + bytes.len()].copy_from_slice(bytes);
            return Ok(());
        }
        self.emu
            .write_mem(addr, bytes)
            .map_err(|e| Diagnostic::new(self.span, e.to_string()))
    }

    /// The end of RAM dictionary space (`ram-limit`): the data stack's room
    /// starts there.
    pub fn ram_limit(&self) -> u32 {
        self.emu.data_stack_base() - DATA_STACK_ROOM
    }

    /// `n` bytes rounded up to whole cells, if that much RAM dictionary
    /// space is left; a data word's body is checked here before it is made.
    pub fn ram_room(&self, n: u32) -> Result<u32, Diagnostic> {
        let room = (n as u64).next_multiple_of(4);
        let here = if self.to_flash() {
            self.sys(RAM_DP)
        } else {
            self.here()
        };
        if (here as u64).next_multiple_of(4) + room > self.ram_limit() as u64 {
            return Err(Diagnostic::new(self.span, "RAM dictionary space is full"));
        }
        Ok(room as u32)
    }

    /// Reserves RAM dictionary space (what `variable` and `buffer:` take when
    /// compiling to flash).
    pub fn ram_allot(&mut self, n: u32) -> Result<u32, Diagnostic> {
        if !self.to_flash() {
            self.flush()?;
        }
        // Cells are aligned: a Cortex-M0 faults on an unaligned `ldr`, and
        // RAM HERE may sit after code ending on a halfword.
        let addr = self.sys(RAM_DP).next_multiple_of(4);
        let end = addr as u64 + n as u64;
        if end > self.ram_limit() as u64 {
            return Err(Diagnostic::new(self.span, "RAM dictionary space is full"));
        }
        self.set_sys(RAM_DP, end as u32);
        if !self.to_flash() {
            self.reorigin();
        }
        Ok(addr)
    }

    /// The flash dictionary pointer, with code not yet written counted.
    pub fn flash_here(&self) -> u32 {
        if self.to_flash() {
            self.here()
        } else {
            self.sys(DP)
        }
    }

    /// Makes flash below `boundary` what it is on the chip (tethered tests
    /// run after the build, against the image as the board has it), or
    /// protects the standard image while user code builds.
    pub fn set_flash_boundary(
        &mut self,
        boundary: Option<(u32, emu::BelowBoundary)>,
    ) -> Result<(), Diagnostic> {
        self.emu
            .set_flash_boundary(boundary)
            .map_err(|e| Diagnostic::new(self.span, e.to_string()))
    }
}
