//! UF2 boot drives: what a drive's INFO_UF2.TXT says about the chip behind
//! it, and what that chip's boot ROM writes. A boot ROM skips a block it does
//! not take without a word, and the board then starts a half-written image,
//! so a file is checked against these rules before it is copied.
//!
//! The drives of the Raspberry Pi boot ROMs say (one `Key: value` per line):
//! RP2040 `Model: Raspberry Pi RP2`, `Board-ID: RPI-RP2`; RP2350
//! `Model: Raspberry Pi RP2350`, `Board-ID: RP2350`.

use crate::uf2::{
    describe_family, Uf2File, FAMILY_ABSOLUTE, FAMILY_DATA, FAMILY_RP2040, FAMILY_RP2350_ARM_NS,
    FAMILY_RP2350_ARM_S, FAMILY_RP2350_RISCV,
};

/// The payload every Raspberry Pi boot ROM takes, and the page a flash block must start on.
const RP_PAGE: u32 = 256;
/// The XIP flash window of the RP2040 and RP2350, where blocks must start on a page.
const RP_FLASH_WINDOW: (u32, u32) = (0x1000_0000, 0x1100_0000);

/// A boot ROM known by the drive it presents.
#[derive(Debug, PartialEq, Eq)]
pub struct BootRom {
    /// The chip, for messages: `RP2040`.
    pub chip: &'static str,
    /// The drive's `Board-ID:` line.
    pub board_id: &'static str,
    /// The drive's `Model:` line.
    pub model: &'static str,
    /// The UF2 families it writes.
    families: &'static [u32],
}

/// The boot ROMs we know: the RP2040's takes only its own family; the
/// RP2350's takes absolute, data and its own three (pico-bootrom-rp2350
/// A2: rp2350-arm-ns only with a partition table that accepts it).
pub const BOOT_ROMS: [BootRom; 2] = [
    BootRom {
        chip: "RP2040",
        board_id: "RPI-RP2",
        model: "Raspberry Pi RP2",
        families: &[FAMILY_RP2040],
    },
    BootRom {
        chip: "RP2350",
        board_id: "RP2350",
        model: "Raspberry Pi RP2350",
        families: &[
            FAMILY_ABSOLUTE,
            FAMILY_DATA,
            FAMILY_RP2350_ARM_S,
            FAMILY_RP2350_RISCV,
            FAMILY_RP2350_ARM_NS,
        ],
    },
];

impl BootRom {
    /// What this boot ROM checks of each block before it writes it
    /// (pico-bootrom `virtual_disk.c`, pico-bootrom-rp2350
    /// `usb_virtual_disk.c`): a family id it takes, 256-byte payloads, and
    /// flash targets on a 256-byte page.
    pub fn check(&self, file: &Uf2File) -> Result<(), String> {
        let Some(family) = file.family else {
            return Err(format!(
                "its blocks carry no family id, and the {} boot ROM writes only blocks that do",
                self.chip
            ));
        };
        if !self.families.contains(&family) {
            let takes: Vec<String> = self.families.iter().map(|&f| describe_family(f)).collect();
            return Err(format!(
                "the {} boot ROM takes family {}, not {}",
                self.chip,
                takes.join(", "),
                describe_family(family)
            ));
        }
        for block in file.blocks.iter().filter(|b| b.is_main_flash()) {
            if block.payload_size != RP_PAGE {
                return Err(format!(
                    "UF2 block {} carries {} bytes, and the {} boot ROM skips any block that does not carry {RP_PAGE}",
                    block.index, block.payload_size, self.chip
                ));
            }
            let in_flash = (RP_FLASH_WINDOW.0..RP_FLASH_WINDOW.1).contains(&block.addr);
            if in_flash && block.addr % RP_PAGE != 0 {
                return Err(format!(
                    "UF2 block {} is for {:#010x}, and the {} boot ROM skips a flash block that does not start a {RP_PAGE}-byte page",
                    block.index, block.addr, self.chip
                ));
            }
        }
        Ok(())
    }
}

/// What a drive's INFO_UF2.TXT says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DriveInfo {
    /// The `Board-ID:` line's value.
    pub board_id: Option<String>,
    /// The `Model:` line's value.
    pub model: Option<String>,
}

impl DriveInfo {
    /// Reads the `Key: value` lines of an INFO_UF2.TXT (CRLF or LF).
    pub fn parse(text: &str) -> DriveInfo {
        let value = |key: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(key))
                .map(|v| v.trim().to_string())
        };
        DriveInfo {
            board_id: value("Board-ID:"),
            model: value("Model:"),
        }
    }

    /// The known boot ROM behind the drive, by its Board-ID line or, without
    /// one, by its Model line; `None` for a boot loader we do not know. A
    /// file whose two lines name different known chips is no boot ROM's,
    /// and is refused.
    pub fn boot_rom(&self) -> Result<Option<&'static BootRom>, String> {
        let by_id = self
            .board_id
            .as_deref()
            .and_then(|id| BOOT_ROMS.iter().find(|rom| rom.board_id == id));
        let by_model = self
            .model
            .as_deref()
            .and_then(|m| BOOT_ROMS.iter().find(|rom| rom.model == m));
        match (by_id, by_model) {
            (Some(id), Some(model)) if id != model => Err(format!(
                "its Board-ID `{}` is the {}'s but its Model `{}` is the {}'s",
                id.board_id, id.chip, model.model, model.chip
            )),
            (Some(rom), _) => Ok(Some(rom)),
            (None, model) if self.board_id.is_none() => Ok(model),
            (None, _) => Ok(None),
        }
    }

    /// The board id the drive stands for: its Board-ID line, or the id of
    /// the known boot ROM its Model line names.
    pub fn board_id(&self) -> Result<String, String> {
        if let Some(id) = &self.board_id {
            return Ok(id.clone());
        }
        match self.boot_rom()? {
            Some(rom) => Ok(rom.board_id.to_string()),
            None => Err("it has neither a Board-ID line nor a Model line we know".into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::uf2::{read_uf2_file, write_uf2};
    use crate::Image;

    /// The files the boot ROMs serve, as real Pico and Pico 2 drives show them.
    const PICO: &str = "UF2 Bootloader v3.0\r\nModel: Raspberry Pi RP2\r\nBoard-ID: RPI-RP2\r\n";
    const PICO2: &str = "UF2 Bootloader v1.0\r\nModel: Raspberry Pi RP2350\r\nBoard-ID: RP2350\r\n";

    fn uf2(family: u32, abs_block: bool) -> Uf2File {
        let image = Image {
            target: "test".into(),
            flash_base: 0x1000_0000,
            flash: vec![0x5a; 700],
            entry: 0x1000_0001,
            initial_sp: 0x2000_0000,
            symbols: Vec::new(),
            ram: Vec::new(),
            ram_region: (0x2000_0000, 0x1000),
            parts: Vec::new(),
        };
        read_uf2_file(&write_uf2(&image, family, abs_block)).unwrap()
    }

    #[test]
    fn real_drives_are_known_by_their_board_id_and_model() {
        let pico = DriveInfo::parse(PICO);
        assert_eq!(pico.boot_rom().unwrap().unwrap().chip, "RP2040");
        assert_eq!(pico.board_id().unwrap(), "RPI-RP2");
        let pico2 = DriveInfo::parse(PICO2);
        assert_eq!(pico2.boot_rom().unwrap().unwrap().chip, "RP2350");
        let model_only = DriveInfo::parse("Model: Raspberry Pi RP2350\n");
        assert_eq!(model_only.board_id().unwrap(), "RP2350");
    }

    #[test]
    fn a_drive_whose_lines_name_two_chips_is_refused() {
        let mixed = DriveInfo::parse("Model: Raspberry Pi RP2\nBoard-ID: RP2350\n");
        let err = mixed.boot_rom().unwrap_err();
        assert!(err.contains("RP2350") && err.contains("RP2040"), "{err}");
    }

    #[test]
    fn an_unknown_boot_loader_is_no_known_rom() {
        let other =
            DriveInfo::parse("UF2 Bootloader v1.0\nModel: STM32F4 board\nBoard-ID: STM32F407-x\n");
        assert_eq!(other.boot_rom().unwrap(), None);
        assert_eq!(other.board_id().unwrap(), "STM32F407-x");
        assert!(DriveInfo::parse("hello\n").board_id().is_err());
    }

    #[test]
    fn each_rom_takes_what_our_writer_makes_for_its_chip_and_refuses_the_other() {
        let [rp2040, rp2350] = &BOOT_ROMS;
        rp2040.check(&uf2(FAMILY_RP2040, false)).unwrap();
        rp2350.check(&uf2(FAMILY_RP2350_ARM_S, false)).unwrap();
        rp2350.check(&uf2(FAMILY_RP2350_ARM_S, true)).unwrap();
        rp2350.check(&uf2(FAMILY_ABSOLUTE, false)).unwrap();
        let err = rp2040.check(&uf2(FAMILY_RP2350_ARM_S, false)).unwrap_err();
        assert!(err.contains("0xe48bff59 (rp2350-arm-s)"), "{err}");
        assert!(rp2350.check(&uf2(FAMILY_RP2040, false)).is_err());
    }

    #[test]
    fn blocks_a_boot_rom_would_skip_are_refused() {
        let [rp2040, _] = &BOOT_ROMS;
        let mut file = uf2(FAMILY_RP2040, false);
        file.blocks[1].payload_size = 128;
        assert!(rp2040
            .check(&file)
            .unwrap_err()
            .contains("carries 128 bytes"));
        let mut file = uf2(FAMILY_RP2040, false);
        file.blocks[2].addr += 4;
        assert!(rp2040.check(&file).unwrap_err().contains("256-byte page"));
        let mut file = uf2(FAMILY_RP2040, false);
        file.family = None;
        assert!(rp2040.check(&file).unwrap_err().contains("no family id"));
    }
}
