//! How the device models write quantities in their reports, so that every
//! report says a frequency or a baud rate the same way, and the time unit
//! the RP clock model counts in.

/// Picoseconds in a second: emulated time on the RP parts is kept in
/// picoseconds so that every clock frequency divides it exactly enough.
pub(crate) const PS_PER_S: u128 = 1_000_000_000_000;

/// MHz for a message: `12 MHz`, `6.5 MHz`, `48.001 MHz`.
pub(crate) fn mhz(hz: u64) -> String {
    let whole = hz / 1_000_000;
    let milli = (hz % 1_000_000 + 500) / 1000;
    if milli == 0 {
        format!("{whole} MHz")
    } else if milli == 1000 {
        format!("{} MHz", whole + 1)
    } else {
        let s = format!("{whole}.{milli:03}");
        format!("{} MHz", s.trim_end_matches('0'))
    }
}

/// `n` with thousands separators: 115,200.
pub(crate) fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frequencies_read_as_megahertz() {
        assert_eq!(mhz(12_000_000), "12 MHz");
        assert_eq!(mhz(6_500_000), "6.5 MHz");
        assert_eq!(mhz(48_001_000), "48.001 MHz");
        assert_eq!(mhz(32_768), "0.033 MHz");
    }

    #[test]
    fn large_numbers_get_thousands_separators() {
        assert_eq!(thousands(115_200), "115,200");
        assert_eq!(thousands(7_812), "7,812");
        assert_eq!(thousands(1_217_391), "1,217,391");
        assert_eq!(thousands(960), "960");
    }
}
