//! Thumb-2 modified immediates: an 8-bit value rotated, or a byte replicated.

/// The 12-bit `i:imm3:imm8` field that encodes `value`, if one does.
pub fn encode_modified_imm(value: u32) -> Option<u32> {
    if value < 256 {
        return Some(value);
    }
    let b = value & 0xff;
    if value == b * 0x0001_0001 {
        return Some(0x100 | b);
    }
    let b1 = (value >> 8) & 0xff;
    if value == b1 * 0x0100_0100 {
        return Some(0x200 | b1);
    }
    if value == b * 0x0101_0101 {
        return Some(0x300 | b);
    }
    // A rotated byte with its top bit set: value = ROR(0x80|imm7, rot), rot in 8..=31.
    let lz = value.leading_zeros();
    let rot = lz + 8;
    if rot < 32 && (8..=31).contains(&rot) {
        let unrot = value.rotate_left(rot);
        if unrot & !0xff == 0 && unrot & 0x80 != 0 {
            return Some((rot << 7) | (unrot & 0x7f));
        }
    }
    None
}

/// The value a 12-bit modified-immediate field stands for.
pub fn decode_modified_imm(field: u32) -> u32 {
    let b = field & 0xff;
    match field >> 8 {
        0 => b,
        1 => b * 0x0001_0001,
        2 => b * 0x0100_0100,
        3 => b * 0x0101_0101,
        _ => (0x80 | (field & 0x7f)).rotate_right(field >> 7),
    }
}

/// Splits a 12-bit field into the `i`, `imm3` and `imm8` bit positions of a
/// 32-bit Thumb-2 instruction (halfwords in first:second order).
pub(crate) fn place_imm12(field: u32) -> u32 {
    ((field >> 11) & 1) << 26 | ((field >> 8) & 7) << 12 | (field & 0xff)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_encodable_field_round_trips() {
        for field in 0..4096u32 {
            let v = decode_modified_imm(field);
            if field >> 8 >= 1 && field >> 8 <= 3 && field & 0xff == 0 {
                continue; // replicated zero bytes are not canonical
            }
            if field >> 7 >= 8 || field < 256 {
                assert_eq!(
                    encode_modified_imm(v).map(decode_modified_imm),
                    Some(v),
                    "{field:#x}"
                );
            }
        }
    }

    #[test]
    fn values_outside_the_scheme_are_refused() {
        for v in [0x101u32, 0x1234, 0x0001_0002, 0x1_8001, 0xffff_fffe] {
            assert_eq!(encode_modified_imm(v), None, "{v:#x}");
        }
    }
}
