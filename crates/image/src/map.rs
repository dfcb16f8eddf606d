//! The human-readable map: where every word and table went, how big it is,
//! which wordlist it belongs to, the RAM allocations, and the totals.

use std::fmt::Write;

use crate::{Image, SymbolKind};

/// Every symbol sorted by address with size and wordlist, RAM allocations, totals.
pub fn write_map(img: &Image) -> String {
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(w, "image for {}", img.target);
    let _ = writeln!(
        w,
        "flash  {:#010x}..{:#010x}  {} bytes",
        img.flash_base,
        img.flash_end(),
        img.flash.len()
    );
    let (ram_origin, ram_size) = img.ram_region;
    let _ = writeln!(
        w,
        "ram    {:#010x}..{:#010x}  {} bytes",
        ram_origin,
        ram_origin as u64 + ram_size as u64,
        ram_size
    );
    let _ = writeln!(w, "entry  {:#010x}", img.entry);
    let _ = writeln!(w, "sp     {:#010x}", img.initial_sp);

    let mut symbols: Vec<_> = img.symbols.iter().collect();
    symbols.sort_by(|a, b| (a.addr, &a.name).cmp(&(b.addr, &b.name)));
    let _ = writeln!(w, "\nflash symbols ({})", symbols.len());
    let _ = writeln!(
        w,
        "  {:<10}  {:>8}  {:<4}  {:<16}  name",
        "address", "size", "kind", "wordlist"
    );
    for s in &symbols {
        let kind = match s.kind {
            SymbolKind::Code => "code",
            SymbolKind::Data => "data",
        };
        let wordlist = s.wordlist.as_deref().unwrap_or("-");
        let _ = writeln!(
            w,
            "  {:#010x}  {:>8}  {kind:<4}  {wordlist:<16}  {}",
            s.addr, s.size, s.name
        );
    }

    let mut ram: Vec<_> = img.ram.iter().collect();
    ram.sort_by(|a, b| (a.addr, &a.name).cmp(&(b.addr, &b.name)));
    let _ = writeln!(w, "\nram allocations ({})", ram.len());
    let _ = writeln!(w, "  {:<10}  {:>8}  name", "address", "size");
    for r in &ram {
        let _ = writeln!(w, "  {:#010x}  {:>8}  {}", r.addr, r.size, r.name);
    }

    if !img.parts.is_empty() {
        let _ = writeln!(w, "\nflash by part");
        for p in &img.parts {
            let _ = writeln!(w, "  {:>8} bytes  {}", p.size, p.name);
        }
    }

    let total = |kind| -> u64 {
        img.symbols
            .iter()
            .filter(|s| s.kind == kind)
            .map(|s| s.size as u64)
            .sum()
    };
    let ram_used: u64 = img.ram.iter().map(|r| r.size as u64).sum();
    let _ = writeln!(w, "\ntotals");
    let _ = writeln!(w, "  code symbols   {:>8} bytes", total(SymbolKind::Code));
    let _ = writeln!(w, "  data symbols   {:>8} bytes", total(SymbolKind::Data));
    let _ = writeln!(w, "  flash image    {:>8} bytes", img.flash.len());
    let _ = writeln!(w, "  ram allocated  {:>8} of {} bytes", ram_used, ram_size);
    out
}
