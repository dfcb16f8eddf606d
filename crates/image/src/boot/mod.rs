//! What the boot ROM and the core read before any of our code runs: the
//! Cortex-M vector table, the RP2040 second-stage bootloader and the RP2350
//! IMAGE_DEF block, and the layout that puts them where each chip looks.

mod boot2;
mod image_def;
mod layout;
mod vectors;

pub use boot2::{rp2040_boot2, BOOT2_SOURCE};
pub use image_def::rp2350_image_def;
pub use layout::{assemble_image, DEFAULT_HANDLER_LABEL, RESET_LABEL};
pub use vectors::vector_table;
