//! Raw binaries: the flash bytes from the flash base, nothing else. The
//! address is not in the file, so a reader must be told the base.

use crate::{Image, ImageError, Loaded};

/// The flash bytes from `flash_base`.
pub fn write_bin(img: &Image) -> Vec<u8> {
    img.flash.clone()
}

pub(crate) fn read_bin(bytes: &[u8], flash_base: u32) -> Result<Loaded, ImageError> {
    if bytes.is_empty() {
        return Err(ImageError::Empty("binary"));
    }
    if flash_base as u64 + bytes.len() as u64 > 1 << 32 {
        return Err(ImageError::Bin(format!(
            "{} bytes at {flash_base:#010x} run past 4 GiB",
            bytes.len()
        )));
    }
    Ok(Loaded {
        segments: vec![(flash_base, bytes.to_vec())],
        entry: None,
        symbols: Vec::new(),
    })
}
