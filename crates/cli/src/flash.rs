//! `thumbforth flash`: put an image on a board. A .uf2 is copied to the
//! board's UF2 boot drive (an RP chip in BOOTSEL mode) once the file, the
//! target and the drive agree; other formats need a debug probe, so we print
//! the probe-rs and OpenOCD commands instead of guessing at one.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{anyhow, bail, Context, Result};
use image::boot_drive::DriveInfo;
use image::Format;
use target::Target;

#[derive(clap::Args)]
pub struct Args {
    /// The image: .uf2 to copy to a boot drive; .elf, .hex or .bin for a probe.
    #[arg(value_name = "IMAGE")]
    image: PathBuf,

    /// Board: rp2350, rp2040, stm32f407, or a path to a target .toml
    /// [default: the built-in board the image is for: a UF2's family, an
    /// image's addresses, vector table and boot block].
    #[arg(long, value_name = "TARGET")]
    target: Option<String>,

    /// The mounted UF2 drive (found by its INFO_UF2.TXT when not given).
    #[arg(long, value_name = "DIR")]
    drive: Option<PathBuf>,
}

pub fn run(args: &Args) -> Result<ExitCode> {
    let format = match Format::from_path(&args.image) {
        Some(f @ (Format::Uf2 | Format::Elf | Format::Hex | Format::Bin)) => f,
        _ => bail!(
            "{}: give a .uf2, .elf, .hex or .bin image",
            args.image.display()
        ),
    };
    let target = match &args.target {
        Some(name) => crate::boards::load(name)?,
        // As picotool does: the board the file itself says it is for.
        None => {
            let path = &args.image;
            let bytes =
                std::fs::read(path).with_context(|| format!("cannot read `{}`", path.display()))?;
            let picked = crate::which_board::for_run(path, &bytes, format, None);
            match picked {
                Ok((target, _)) => target,
                Err(why) if format == Format::Uf2 => bail!("{why:#}; nothing copied"),
                Err(why) => return Err(why),
            }
        }
    };
    if format == Format::Uf2 {
        return copy_to_drive(args, &target);
    }
    print_probe_commands(&args.image, &target);
    Ok(ExitCode::SUCCESS)
}

/// Checks the file, then the drive, then copies: a boot ROM skips blocks it
/// does not take without a word, so anything it would skip, or that is for
/// another board, is refused here with the reason and nothing is copied.
fn copy_to_drive(args: &Args, target: &Target) -> Result<ExitCode> {
    let Some(wanted) = target.uf2_board_id.as_deref() else {
        bail!(
            "target {} has no UF2 boot loader; flash the .elf or .hex with a probe",
            target.name
        );
    };
    let path = &args.image;
    let bytes = std::fs::read(path).with_context(|| format!("cannot read `{}`", path.display()))?;
    let file = image::read_uf2_file(&bytes).map_err(|why| {
        anyhow!(
            "{}: not a UF2 a boot drive can take: {why}; nothing copied",
            path.display()
        )
    })?;
    crate::which_board::check_uf2(path, &file, target)?;

    let drive = match &args.drive {
        Some(d) => d.clone(),
        None => find_drive(wanted)?,
    };
    let info = drive_info(&drive)?;
    let board = info
        .board_id()
        .map_err(|why| anyhow!("{}: INFO_UF2.TXT: {why}", drive.display()))?;
    if board != wanted {
        bail!(
            "{} holds a `{board}` boot drive, not a `{wanted}` one (target {}); refusing to copy",
            drive.display(),
            target.name
        );
    }
    let rom = info
        .boot_rom()
        .map_err(|why| anyhow!("{}: INFO_UF2.TXT: {why}; refusing to copy", drive.display()))?;
    if let Some(rom) = rom {
        rom.check(&file).map_err(|why| {
            anyhow!(
                "{}: the {} boot drive at {} would not write it: {why}; nothing copied",
                path.display(),
                rom.chip,
                drive.display()
            )
        })?;
    }

    let name = path.file_name().context("image path has no file name")?;
    let dest = drive.join(name);
    // The bytes that were checked, not the file again, which could have changed since.
    std::fs::write(&dest, &bytes)
        .with_context(|| format!("copying {} to {}", path.display(), dest.display()))?;
    println!("copied {} to {}", path.display(), dest.display());
    Ok(ExitCode::SUCCESS)
}

/// What a drive's INFO_UF2.TXT says; a directory without one is no boot drive.
fn drive_info(drive: &Path) -> Result<DriveInfo> {
    let info = drive.join("INFO_UF2.TXT");
    let text = std::fs::read_to_string(&info).with_context(|| {
        format!(
            "{} is not a UF2 boot drive (no INFO_UF2.TXT)",
            drive.display()
        )
    })?;
    Ok(DriveInfo::parse(&text))
}

/// Looks through the usual mount points for a drive whose board id matches.
fn find_drive(wanted: &str) -> Result<PathBuf> {
    let user = std::env::var("USER").unwrap_or_default();
    let roots = [
        PathBuf::from("/media").join(&user),
        PathBuf::from("/run/media").join(&user),
        PathBuf::from("/media"),
        PathBuf::from("/mnt"),
        PathBuf::from("/Volumes"),
    ];
    let mut seen = Vec::new();
    for root in roots {
        let Ok(entries) = std::fs::read_dir(&root) else {
            continue;
        };
        for entry in entries.flatten() {
            let dir = entry.path();
            if let Ok(Ok(id)) = drive_info(&dir).map(|info| info.board_id()) {
                if id == wanted {
                    return Ok(dir);
                }
                seen.push(format!("{} ({id})", dir.display()));
            }
        }
    }
    if seen.is_empty() {
        bail!("no UF2 boot drive found; hold BOOTSEL while plugging the board in, or give --drive DIR");
    }
    bail!(
        "no `{wanted}` boot drive found (found: {})",
        seen.join(", ")
    )
}

/// probe-rs and OpenOCD invocations for boards flashed through SWD.
fn print_probe_commands(image: &Path, target: &Target) {
    let (chip, openocd) = match target.name.as_str() {
        "rp2040" => ("RP2040", "-f interface/cmsis-dap.cfg -f target/rp2040.cfg"),
        "rp2350" => ("RP235x", "-f interface/cmsis-dap.cfg -f target/rp2350.cfg"),
        "stm32f407" => (
            "STM32F407VGTx",
            "-f interface/stlink.cfg -f target/stm32f4x.cfg",
        ),
        _ => ("<chip>", "-f interface/<probe>.cfg -f target/<chip>.cfg"),
    };
    let file = image.display();
    let base = target.flash.origin;
    if image
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("bin"))
    {
        println!(
            "probe-rs download --chip {chip} --binary-format bin --base-address {base:#x} {file}"
        );
        println!("openocd {openocd} -c \"program {file} {base:#x} verify reset exit\"");
    } else {
        println!("probe-rs download --chip {chip} {file}");
        println!("openocd {openocd} -c \"program {file} verify reset exit\"");
    }
}
