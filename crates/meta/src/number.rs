//! Number literals as zeptoforth reads them: digits in BASE, a `$` (hex),
//! `#` (decimal) or `%` (binary) prefix, a leading `-`, a trailing `.` for a
//! double-cell number, and `'c'` for a character.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Number {
    Single(u32),
    /// Low cell, high cell.
    Double(u32, u32),
}

/// Why a token that looks numeric is not a number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NumberError {
    NotANumber,
    /// The digits are valid but the value does not fit.
    OutOfRange,
}

pub fn parse_number(token: &str, base: u32) -> Result<Number, NumberError> {
    let b = token.as_bytes();
    if b.len() == 3 && b[0] == b'\'' && b[2] == b'\'' {
        return Ok(Number::Single(b[1] as u32));
    }
    let (mut base, mut rest) = (base, token);
    if let Some(r) = rest.strip_prefix('$') {
        (base, rest) = (16, r);
    } else if let Some(r) = rest.strip_prefix('#') {
        (base, rest) = (10, r);
    } else if let Some(r) = rest.strip_prefix('%') {
        (base, rest) = (2, r);
    }
    if !(2..=36).contains(&base) {
        return Err(NumberError::NotANumber);
    }
    let negative = rest.starts_with('-');
    if negative {
        rest = &rest[1..];
    }
    let double = rest.len() > 1 && rest.ends_with('.');
    if double {
        rest = &rest[..rest.len() - 1];
    }
    if rest.is_empty() {
        return Err(NumberError::NotANumber);
    }
    let mut value: u64 = 0;
    let mut overflow = false;
    for c in rest.chars() {
        let d = c.to_digit(36).ok_or(NumberError::NotANumber)?;
        if d >= base {
            return Err(NumberError::NotANumber);
        }
        match value
            .checked_mul(base as u64)
            .and_then(|v| v.checked_add(d as u64))
        {
            Some(v) => value = v,
            None => overflow = true,
        }
    }
    if overflow {
        return Err(NumberError::OutOfRange);
    }
    if double {
        let v = if negative {
            value.wrapping_neg()
        } else {
            value
        };
        return Ok(Number::Double(v as u32, (v >> 32) as u32));
    }
    if value > u32::MAX as u64 {
        return Err(NumberError::OutOfRange);
    }
    if negative && value > 0x8000_0000 {
        return Err(NumberError::OutOfRange);
    }
    let v = value as u32;
    Ok(Number::Single(if negative { v.wrapping_neg() } else { v }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_override_base() {
        assert_eq!(parse_number("$ff", 10), Ok(Number::Single(255)));
        assert_eq!(parse_number("#10", 16), Ok(Number::Single(10)));
        assert_eq!(parse_number("%101", 10), Ok(Number::Single(5)));
        assert_eq!(parse_number("-1", 10), Ok(Number::Single(u32::MAX)));
        assert_eq!(parse_number("$-10", 10), Ok(Number::Single(0xffff_fff0)));
        assert_eq!(parse_number("'a'", 10), Ok(Number::Single(97)));
        assert_eq!(parse_number("FF", 16), Ok(Number::Single(255)));
    }

    #[test]
    fn doubles_end_with_a_dot() {
        assert_eq!(parse_number("1.", 10), Ok(Number::Double(1, 0)));
        assert_eq!(
            parse_number("-1.", 10),
            Ok(Number::Double(u32::MAX, u32::MAX))
        );
    }

    #[test]
    fn bad_digits_and_overflow_are_told_apart() {
        assert_eq!(parse_number("12a", 10), Err(NumberError::NotANumber));
        assert_eq!(parse_number("-", 10), Err(NumberError::NotANumber));
        assert_eq!(parse_number("4294967296", 10), Err(NumberError::OutOfRange));
        assert_eq!(parse_number("4294967295", 10), Ok(Number::Single(u32::MAX)));
    }
}
