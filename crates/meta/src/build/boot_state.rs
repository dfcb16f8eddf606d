//! The board as boot leaves it, for tests to run against, and what
//! top-level code left in RAM that boot clears.

use std::collections::HashSet;

use crate::diag::Diagnostic;
use crate::layout::*;

use super::image::boot_ram;
use super::Build;

impl Build {
    /// The board as boot leaves it, for tests to run against: RAM zeroed up
    /// to the data stack and the build's table written back, as the start-up
    /// code does; the init chain run; compiling to RAM, as the console does.
    /// Whatever top-level code left in RAM is gone here too, so a test sees
    /// what the board sees.
    pub fn enter_boot_state(&mut self) -> Result<(), Diagnostic> {
        let s = &mut self.session;
        let m = &mut s.machine;
        m.set_space(true)?;
        let mut pairs = boot_ram(m)?;
        pairs.push((m.ram + DP, m.sys(DP)));
        let (ram, base) = (m.ram, m.emu.data_stack_base());
        let zeroed = m
            .emu
            .write_data(ram, &vec![0; (base - ram) as usize])
            .and_then(|()| {
                pairs
                    .iter()
                    .try_for_each(|&(a, v)| m.emu.write_data(a, &v.to_le_bytes()))
            });
        zeroed.map_err(|e| Diagnostic::new(None, format!("cannot reset RAM: {e}")))?;
        m.reload_from_target()?;
        m.stack.clear();
        if let Some(xt) = m.intrinsic_word("init") {
            m.span = None;
            s.execute(xt, "init")?;
        }
        s.machine.set_space(false)
    }

    /// What top-level code left in user RAM that boot will not restore (a
    /// heap made at the top level, a variable given a value there): boot
    /// zeroes RAM and runs only the `init` chain, so on the board it is gone.
    /// One line naming the words whose RAM holds data, or None.
    pub fn ram_left_by_top_level(&self) -> Option<String> {
        let m = &self.session.machine;
        let (start, end) = (self.user_ram_start, m.sys(RAM_DP));
        let bytes = m.read(start, end.checked_sub(start)? as usize).ok()?;
        let restored: HashSet<u32> = m.ram_init_cells.iter().copied().collect();
        let owners = self.ram_owners(start, end);
        let mut named: Vec<String> = Vec::new();
        for (i, cell) in bytes.chunks(4).enumerate() {
            let addr = start + 4 * i as u32;
            if cell.iter().all(|&b| b == 0) || restored.contains(&addr) {
                continue;
            }
            let owner = match owners.iter().find(|(a, b, _)| (*a..*b).contains(&addr)) {
                Some((_, _, n)) => n.clone(),
                None => {
                    let run = owners
                        .iter()
                        .map(|(_, b, _)| *b)
                        .filter(|&b| b <= addr)
                        .max()
                        .unwrap_or(start)
                        .max(start);
                    format!("RAM allotted at {run:#010x}")
                }
            };
            if !named.contains(&owner) {
                named.push(owner);
            }
        }
        if named.is_empty() {
            return None;
        }
        let shown = named.len().min(4);
        let more = match named.len() - shown {
            0 => String::new(),
            n => format!(" and {n} more"),
        };
        Some(format!(
            "top-level code left data in RAM that boot clears: {}{more}; on the board it is \
             zero until `: init init ... ;` sets it",
            named[..shown].join(", ")
        ))
    }

    /// Who owns the user RAM from `start` to `end`, as (start, end, name),
    /// sorted. Variables and buffers have their names; words compiled to RAM
    /// own their header and code up to the next; anything else (a heap, a
    /// top-level `ram-allot`) is named by where its run of RAM starts.
    fn ram_owners(&self, start: u32, end: u32) -> Vec<(u32, u32, String)> {
        let m = &self.session.machine;
        let mut owners: Vec<(u32, u32, String)> = m
            .ram_named
            .iter()
            .map(|(a, b, n)| (*a, *b, format!("`{n}`")))
            .collect();
        let mut ram_words: Vec<(u32, String)> = m
            .dict
            .iter()
            .filter(|w| (start..end).contains(&w.header))
            .map(|w| (w.header, format!("`{}`", w.name)))
            .collect();
        ram_words.sort_unstable();
        for (i, (h, n)) in ram_words.iter().enumerate() {
            let next = ram_words.get(i + 1).map_or(end, |w| w.0);
            owners.push((*h, next, n.clone()));
        }
        owners.sort_unstable();
        owners
    }
}
