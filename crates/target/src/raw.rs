//! The file format exactly as written: serde structs that refuse unknown keys
//! and wrong types, before any check of how the values fit together.
//!
//! Kept apart from the validated model so the model never holds a value that
//! has not been checked, and so the file format can change without touching
//! the types the rest of the workspace uses.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTarget {
    pub name: String,
    pub cpu: RawCpu,
    pub profile: RawProfile,
    pub clocks: RawClocks,
    pub flash: RawRegion,
    pub ram: RawRegion,
    pub boot: RawBoot,
    pub console: RawConsole,
    pub uf2: Option<RawUf2>,
    pub board: Option<RawBoard>,
}

#[derive(Clone, Copy, Debug, Deserialize)]
pub(crate) enum RawCpu {
    #[serde(rename = "cortex-m0plus")]
    CortexM0Plus,
    #[serde(rename = "cortex-m3")]
    CortexM3,
    #[serde(rename = "cortex-m4")]
    CortexM4,
    #[serde(rename = "cortex-m33")]
    CortexM33,
}

#[derive(Clone, Copy, Debug, Deserialize)]
pub(crate) enum RawProfile {
    #[serde(rename = "armv6m")]
    Armv6m,
    #[serde(rename = "armv7m")]
    Armv7m,
    #[serde(rename = "armv7em")]
    Armv7em,
    #[serde(rename = "armv8m.main")]
    Armv8mMain,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawClocks {
    pub crystal_hz: Option<Num>,
    pub sys_hz: Num,
    pub peri_hz: Num,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRegion {
    pub origin: Num,
    pub size: Num,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawBoot {
    pub block: RawBootBlock,
    pub vector_table: Num,
    pub irqs: Num,
}

#[derive(Clone, Copy, Debug, Deserialize)]
pub(crate) enum RawBootBlock {
    #[serde(rename = "none")]
    None,
    #[serde(rename = "rp2040-boot2")]
    Rp2040Boot2,
    #[serde(rename = "rp2350-image-def")]
    Rp2350ImageDef,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawConsole {
    pub uart: RawUart,
    pub base: Num,
    pub baud: Num,
}

#[derive(Clone, Copy, Debug, Deserialize)]
pub(crate) enum RawUart {
    #[serde(rename = "pl011")]
    Pl011,
    #[serde(rename = "stm32-usart")]
    Stm32Usart,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawUf2 {
    pub family: Num,
    pub board_id: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawBoard {
    pub led: Option<RawPin>,
}

/// A pin as each chip family's documentation names it: the RP chips number
/// their GPIOs (`25`), STM32 parts name a port and a pin (`"PD12"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RawPin {
    Gpio(u32),
    /// The port letter as written, upper case, and the pin number.
    Port(char, u32),
}

impl<'de> Deserialize<'de> for RawPin {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<RawPin, D::Error> {
        d.deserialize_any(PinVisitor)
    }
}

struct PinVisitor;

impl Visitor<'_> for PinVisitor {
    type Value = RawPin;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a GPIO number such as 25, or a port pin such as \"PD12\"")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawPin, E> {
        unsigned_32(v, "is not a GPIO number").map(RawPin::Gpio)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawPin, E> {
        unsigned_32(v, "is not a GPIO number").map(RawPin::Gpio)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<RawPin, E> {
        parse_port_pin(v).map_err(E::custom)
    }
}

/// A TOML integer as a u32, or a serde error that quotes it followed by
/// `why` (TOML gives integers as i64, other formats may give u64).
fn unsigned_32<T, E>(v: T, why: &str) -> Result<u32, E>
where
    T: TryInto<u32> + fmt::Display + Copy,
    E: de::Error,
{
    v.try_into().map_err(|_| E::custom(format!("{v} {why}")))
}

/// `P`, a port letter and a decimal pin number, in either case: `PD12`, `pa0`.
fn parse_port_pin(text: &str) -> Result<RawPin, String> {
    let bad = || format!("\"{text}\" is not a port pin such as \"PD12\"");
    let upper = text.trim().to_ascii_uppercase();
    let rest = upper.strip_prefix('P').ok_or_else(bad)?;
    let mut chars = rest.chars();
    let port = chars
        .next()
        .filter(char::is_ascii_uppercase)
        .ok_or_else(bad)?;
    let digits = chars.as_str();
    if digits.is_empty() || digits.len() > 3 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(bad());
    }
    Ok(RawPin::Port(port, digits.parse().map_err(|_| bad())?))
}

/// A 32-bit unsigned number written as a TOML integer (`0x1000_0000` is TOML
/// too) or as a string (`"0x10000000"`, `"65536"`), since hand-written board
/// files often quote addresses copied from a datasheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Num(pub u32);

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Num, D::Error> {
        d.deserialize_any(NumVisitor)
    }
}

struct NumVisitor;

impl Visitor<'_> for NumVisitor {
    type Value = Num;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an unsigned 32-bit integer, or a string such as \"0x10000000\"")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Num, E> {
        unsigned_32(v, "does not fit in 32 bits unsigned").map(Num)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Num, E> {
        unsigned_32(v, "does not fit in 32 bits unsigned").map(Num)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Num, E> {
        parse_number(v).map(Num).map_err(E::custom)
    }
}

/// Parses `0x`/`0b`/`0o`-prefixed or decimal text, with `_` separators allowed.
fn parse_number(text: &str) -> Result<u32, String> {
    let clean: String = text.trim().chars().filter(|&c| c != '_').collect();
    let lower = clean.to_ascii_lowercase();
    let (digits, radix) = if let Some(hex) = lower.strip_prefix("0x") {
        (hex, 16)
    } else if let Some(bin) = lower.strip_prefix("0b") {
        (bin, 2)
    } else if let Some(oct) = lower.strip_prefix("0o") {
        (oct, 8)
    } else {
        (lower.as_str(), 10)
    };
    if digits.is_empty() {
        return Err(format!("\"{text}\" is not a number"));
    }
    u64::from_str_radix(digits, radix)
        .map_err(|_| format!("\"{text}\" is not a number"))
        .and_then(|v| {
            u32::try_from(v).map_err(|_| format!("\"{text}\" does not fit in 32 bits unsigned"))
        })
}

#[cfg(test)]
mod tests {
    use super::{parse_number, parse_port_pin, RawPin};

    #[test]
    fn port_pins_name_a_letter_and_a_number_in_either_case() {
        assert_eq!(parse_port_pin("PD12"), Ok(RawPin::Port('D', 12)));
        assert_eq!(parse_port_pin("pa0"), Ok(RawPin::Port('A', 0)));
        assert_eq!(parse_port_pin("PZ99"), Ok(RawPin::Port('Z', 99)));
        for bad in ["", "P", "PD", "D12", "P1", "PD-1", "PD1x", "PD1234"] {
            assert!(parse_port_pin(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn numbers_accept_hex_binary_octal_decimal_and_separators() {
        assert_eq!(parse_number("0x1000_0000"), Ok(0x1000_0000));
        assert_eq!(parse_number("0X10"), Ok(16));
        assert_eq!(parse_number("0b101"), Ok(5));
        assert_eq!(parse_number("0o17"), Ok(15));
        assert_eq!(parse_number("115200"), Ok(115_200));
        assert_eq!(parse_number("0xffffffff"), Ok(u32::MAX));
    }

    #[test]
    fn numbers_refuse_garbage_and_overflow() {
        assert!(parse_number("").is_err());
        assert!(parse_number("0x").is_err());
        assert!(parse_number("12k").is_err());
        assert!(parse_number("-1").is_err());
        assert!(parse_number("0x1_0000_0000").is_err());
    }
}
