//! What the boot ROM and the core read before any of our code runs: the
//! Cortex-M vector table, the RP2040 second-stage bootloader and the RP2350
//! IMAGE_DEF block, the layout that puts them where each chip looks, and
//! the checks that find them in a file as the boot ROMs do.

mod boot2;
mod equates;
mod image_def;
mod layout;
mod vectors;

pub use boot2::{is_rp2040_boot2, rp2040_boot2, BOOT2_SOURCE};
pub use equates::board_equates;
pub use image_def::{find_image_def, rp2350_image_def, ImageType};
pub use layout::{assemble_image, DEFAULT_HANDLER_LABEL, RESET_LABEL};
pub use vectors::vector_table;
