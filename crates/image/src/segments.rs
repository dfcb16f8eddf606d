//! Sorting and joining the (address, bytes) runs a reader collects, so every
//! format reads back to the same shape: ascending, contiguous runs merged.

/// Sorts runs by address and joins the ones that touch; overlapping runs are
/// refused because a file that writes one address twice is ambiguous.
pub(crate) fn merge(mut runs: Vec<(u32, Vec<u8>)>) -> Result<Vec<(u32, Vec<u8>)>, String> {
    runs.retain(|(_, bytes)| !bytes.is_empty());
    runs.sort_by_key(|&(addr, _)| addr);
    let mut out: Vec<(u32, Vec<u8>)> = Vec::with_capacity(runs.len());
    for (addr, bytes) in runs {
        if let Some((last_addr, last)) = out.last_mut() {
            let last_end = *last_addr as u64 + last.len() as u64;
            if (addr as u64) < last_end {
                return Err(format!(
                    "data at {addr:#010x} overlaps data already at {last_addr:#010x}"
                ));
            }
            if addr as u64 == last_end {
                last.extend_from_slice(&bytes);
                continue;
            }
        }
        out.push((addr, bytes));
    }
    Ok(out)
}
