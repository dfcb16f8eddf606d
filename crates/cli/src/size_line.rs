//! The line `build` prints per board once its images are written, as
//! `cargo size` does for a C program: how much of the chip's flash the image
//! takes, and how much of its RAM is spoken for before the program runs (the
//! system variables and RAM dictionary, heaps made at build time included,
//! and the room the data and return stacks keep at the top of RAM).

use image::Image;
use target::Target;

/// `rp2350: flash 43.1 KiB of 4 MiB (1.1%), RAM 9.4 KiB of 520 KiB (1.8%:
/// dictionary 1.4 KiB, stacks 8 KiB)`.
pub fn size_line(target: &Target, image: &Image, stacks: u32) -> String {
    let flash = image.flash.len() as u64;
    let dictionary: u64 = image.ram.iter().map(|r| r.size as u64).sum();
    let ram = dictionary + stacks as u64;
    let (flash_total, ram_total) = (target.flash.size as u64, target.ram.size as u64);
    format!(
        "{}: flash {} of {} ({}), RAM {} of {} ({}: dictionary {}, stacks {})",
        target.name,
        size(flash),
        size(flash_total),
        percent(flash, flash_total),
        size(ram),
        size(ram_total),
        percent(ram, ram_total),
        size(dictionary),
        size(stacks as u64),
    )
}

/// Bytes in KiB, or MiB from one MiB up, with one decimal unless it is 0.
fn size(bytes: u64) -> String {
    let (value, unit) = if bytes >= 1 << 20 {
        (bytes as f64 / (1u64 << 20) as f64, "MiB")
    } else {
        (bytes as f64 / 1024.0, "KiB")
    };
    let text = format!("{value:.1}");
    format!("{} {unit}", text.strip_suffix(".0").unwrap_or(&text))
}

fn percent(part: u64, whole: u64) -> String {
    format!("{:.1}%", 100.0 * part as f64 / whole.max(1) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_a_person_writes_them() {
        assert_eq!(size(4 << 20), "4 MiB");
        assert_eq!(size(520 * 1024), "520 KiB");
        assert_eq!(size(44134), "43.1 KiB");
        assert_eq!(size(0), "0 KiB");
        assert_eq!(percent(1, 3), "33.3%");
        assert_eq!(percent(5, 0), "500.0%");
    }
}
