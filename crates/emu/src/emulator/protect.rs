//! How flash and RAM answer the program's stores: flash as the chip has it
//! for a booted image, and the guards build-time execution puts on the
//! finished part of flash and on the RAM between the dictionary and the
//! stacks. All of it is Unicorn page protection, which costs nothing until
//! a protected page is stored to.

use unicorn_engine::unicorn_const::Prot;

use super::{Emulator, PROTECT_GRAIN};
use crate::error::EmuError;
use crate::flash::FlashChip;
use crate::machine::{BelowBoundary, StackGuard};

impl Emulator {
    /// Flash as mapped: (origin, size).
    fn flash_region(&self) -> Result<(u32, u32), EmuError> {
        self.layout.flash().ok_or_else(|| EmuError::Layout {
            target: self.target.name.clone(),
            reason: "no flash region".into(),
        })
    }

    /// Makes flash behave as the chip's from now on: all of it erased (load
    /// the image afterwards), stores to it seen by the chip's flash model,
    /// and on RP boards the boot ROM's flash functions working on it (see
    /// the `flash` module). A build leaves flash plain memory, since the
    /// host writes the dictionary there; a booted image wants the chip.
    pub fn flash_as_chip(&mut self) -> Result<(), EmuError> {
        let (origin, size) = self.flash_region()?;
        self.uc
            .mem_write(origin as u64, &vec![0xff; size as usize])
            .map_err(EmuError::uc("erase flash"))?;
        self.uc
            .mem_protect(origin as u64, size as u64, Prot::READ | Prot::EXEC)
            .map_err(EmuError::uc("protect flash"))?;
        let family = self.layout.family;
        let m = self.uc.get_data_mut();
        m.flash = Some(FlashChip::new(family, origin, size));
        m.flash_boundary = None;
        Ok(())
    }

    /// Splits flash at `boundary` into the finished part of the image below
    /// it and the dictionary still growing above: stores above go through as
    /// plain memory, as build-time code writes its own image; stores below
    /// are refused ([`BelowBoundary::Refuse`], a
    /// [`crate::FaultKind::ProtectedStore`] fault) or do what they do on the
    /// chip ([`BelowBoundary::Chip`]: fault on RP parts, change nothing while
    /// an STM32's flash is locked). `None` makes all of flash plain memory
    /// again. Host writes are never affected.
    pub fn set_flash_boundary(
        &mut self,
        boundary: Option<(u32, BelowBoundary)>,
    ) -> Result<(), EmuError> {
        // Protection changes are costly in Unicorn (each splits a memory
        // region): the protected part only grows by whole grains, and a
        // boundary that moves within its grain changes no protection.
        let grain_end =
            |b: Option<(u32, BelowBoundary)>| b.map(|(at, _)| at.next_multiple_of(PROTECT_GRAIN));
        let old = self.uc.get_data().flash_boundary;
        if grain_end(boundary) == grain_end(old) && boundary.map(|b| b.1) == old.map(|b| b.1) {
            self.uc.get_data_mut().flash_boundary = boundary;
            return Ok(());
        }
        let (origin, size) = self.flash_region()?;
        self.uc
            .mem_protect(origin as u64, size as u64, Prot::ALL)
            .map_err(EmuError::uc("unprotect flash"))?;
        if let Some((at, below)) = boundary {
            // The grain holding the boundary is protected too: its stores
            // come to the hook, which lets those at or above it through.
            let end = at
                .saturating_sub(origin)
                .next_multiple_of(PROTECT_GRAIN)
                .min(size);
            if end > 0 {
                self.uc
                    .mem_protect(origin as u64, end as u64, Prot::READ | Prot::EXEC)
                    .map_err(EmuError::uc("protect flash below the boundary"))?;
            }
            if below == BelowBoundary::Chip && self.uc.get_data().flash.is_none() {
                let family = self.layout.family;
                self.uc.get_data_mut().flash = Some(FlashChip::new(family, origin, size));
            }
        }
        self.uc.get_data_mut().flash_boundary = boundary;
        Ok(())
    }

    /// Makes the whole grains in `[start, end)` of RAM read-only, so that a
    /// stack growing down into them stops the run with
    /// [`crate::FaultKind::StackGuard`] before it overwrites what lies below
    /// (the RAM dictionary and the system variables); stores below the RAM
    /// dictionary pointer held at `ram_dp_cell` (space the program allotted
    /// while it ran) still go through. `None` lifts the guard. Build-time
    /// execution sets one between the RAM dictionary and the stacks' room;
    /// a booted program runs without, as on the chip.
    pub fn set_stack_guard(
        &mut self,
        range: Option<(u32, u32)>,
        ram_dp_cell: u32,
    ) -> Result<(), EmuError> {
        let guard = range
            .map(|(start, end)| StackGuard {
                start: start.next_multiple_of(PROTECT_GRAIN),
                end: end & !(PROTECT_GRAIN - 1),
                ram_dp_cell,
            })
            .filter(|g| g.start < g.end);
        if guard == self.uc.get_data().stack_guard {
            return Ok(());
        }
        if let Some(old) = self.uc.get_data().stack_guard {
            self.uc
                .mem_protect(old.start as u64, (old.end - old.start) as u64, Prot::ALL)
                .map_err(EmuError::uc("lift the stack guard"))?;
        }
        if let Some(g) = guard {
            self.uc
                .mem_protect(
                    g.start as u64,
                    (g.end - g.start) as u64,
                    Prot::READ | Prot::EXEC,
                )
                .map_err(EmuError::uc("set the stack guard"))?;
        }
        self.uc.get_data_mut().stack_guard = guard;
        Ok(())
    }
}
