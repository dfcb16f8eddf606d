//! Independent readers of our images: GNU objdump for the ELF, adafruit-uf2's
//! converter for the UF2, QEMU booting the STM32F407 image, and the crc crate
//! for the RP2040 boot2 checksum. Each check names the tool it trusts.

use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};

use super::{run_image, thumbforth_ok, write_hello, Written, BOARDS};
use crate::workspace_root;

pub fn check_images() -> Result<()> {
    ensure_uf2conv()?;
    let out = workspace_root().join("build/check-images");
    let mut failures = 0;
    let mut passes = 0;
    for board in BOARDS {
        let w = write_hello(board, &out)?;
        let checks: Vec<(&str, Result<()>)> = vec![
            ("objdump reads the ELF", objdump(&w)),
            (
                "adafruit-uf2 turns the .uf2 into the .bin",
                uf2conv(&w, &out),
            ),
            ("QEMU boots the image", qemu(&w)),
            (
                "QEMU runs the standard image's console",
                qemu_console(&w, &out),
            ),
            ("boot2 CRC-32/MPEG-2 checks", boot2_crc(&w)),
            ("every format runs in thumbforth", run_all(&w)),
        ];
        for (what, result) in checks {
            match result {
                Ok(()) => {
                    passes += 1;
                    println!("ok    {board:<10} {what}");
                }
                Err(e) if e.to_string() == NOT_APPLICABLE => {}
                Err(e) => {
                    failures += 1;
                    println!("FAIL  {board:<10} {what}: {e:#}");
                }
            }
        }
    }
    println!("{passes} passed, {failures} failed");
    if failures > 0 {
        bail!("{failures} image checks failed");
    }
    Ok(())
}

/// adafruit-uf2 comes from PyPI; install it for this user's Python when missing.
fn ensure_uf2conv() -> Result<()> {
    let present = tool("python3")
        .args(["-c", "import adafruit_uf2"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !present {
        eprintln!("installing adafruit-uf2 from PyPI");
        output(tool("python3").args(["-m", "pip", "install", "--quiet", "adafruit-uf2"]))?;
    }
    Ok(())
}

/// A check that does not apply to this board (no UF2 for STM32, no QEMU machine for RP).
const NOT_APPLICABLE: &str = "not applicable";

fn tool(name: &str) -> Command {
    Command::new(name)
}

fn output(cmd: &mut Command) -> Result<String> {
    let out = cmd.output().with_context(|| format!("starting {cmd:?}"))?;
    if !out.status.success() {
        bail!("{cmd:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// objdump disassembles our code and lists the FUNC symbols we wrote.
fn objdump(w: &Written) -> Result<()> {
    let dis = output(tool("arm-none-eabi-objdump").arg("-d").arg(&w.elf))?;
    if !dis.contains("<reset>:") {
        bail!("no <reset> in the disassembly");
    }
    let syms = output(tool("arm-none-eabi-objdump").arg("-t").arg(&w.elf))?;
    for name in ["reset", "print", "done"] {
        if !syms
            .lines()
            .any(|l| l.contains(" F ") && l.ends_with(&format!(" {name}")))
        {
            bail!("symbol `{name}` is not a FUNC symbol in the ELF");
        }
    }
    let headers = output(tool("arm-none-eabi-objdump").arg("-p").arg(&w.elf))?;
    let base = format!("paddr 0x{:08x}", w.target.flash.origin);
    if !headers.contains("LOAD") || !headers.contains(&base) {
        bail!("no PT_LOAD at the flash base ({base})");
    }
    Ok(())
}

/// uf2conv's conversion back to binary gives our .bin (padded to whole pages).
fn uf2conv(w: &Written, out: &Path) -> Result<()> {
    let Some(uf2) = &w.uf2 else {
        bail!(NOT_APPLICABLE)
    };
    let back = out.join(format!("{}-from-uf2.bin", w.target.name));
    output(
        tool("python3")
            .args(["-m", "adafruit_uf2.uf2conv", "-c", "-o"])
            .arg(&back)
            .arg(uf2),
    )?;
    let ours = std::fs::read(&w.bin)?;
    let theirs = std::fs::read(&back)?;
    if theirs.len() < ours.len() || theirs[..ours.len()] != ours[..] {
        bail!("converted bytes differ from the .bin");
    }
    if theirs[ours.len()..].iter().any(|&b| b != 0 && b != 0xff) {
        bail!("converted bytes carry data past the end of the .bin");
    }
    Ok(())
}

/// The standard image (start-up code, kernel and console) boots on QEMU's
/// netduinoplus2 as well, through its clock bring-up, and its console
/// answers a line typed into the serial port.
fn qemu_console(w: &Written, out: &Path) -> Result<()> {
    if w.target.name != "stm32f407" {
        bail!(NOT_APPLICABLE);
    }
    let elf = out.join("thumbforth-stm32f407.elf");
    let elf_arg = elf.display().to_string();
    thumbforth_ok(&["build", "--target", "stm32f407", "-o", &elf_arg])?;
    let mut child = tool("timeout")
        .args([
            "10",
            "qemu-system-arm",
            "-M",
            "netduinoplus2",
            "-display",
            "none",
        ])
        .args(["-monitor", "none", "-serial", "stdio", "-kernel"])
        .arg(&elf)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .context("starting qemu-system-arm")?;
    if let Some(mut stdin) = child.stdin.take() {
        use std::io::Write;
        // The board reads the line once its console is up; QEMU holds it
        // in the serial port's buffer until then.
        std::thread::sleep(std::time::Duration::from_millis(1500));
        stdin.write_all(b"1 2 + .\r")?;
    }
    // The console never ends: `timeout` stops QEMU after what it printed.
    let out = child.wait_with_output()?;
    let printed = String::from_utf8_lossy(&out.stdout);
    if !printed.contains("on stm32f407") || !printed.contains("1 2 + . 3 ok") {
        bail!(
            "QEMU printed {printed:?}, not the banner and `1 2 + . 3 ok` ({})",
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(())
}

/// The STM32F407 image boots on QEMU's netduinoplus2 (an STM32F405, USART1 on
/// the serial port) and prints the same line as under our emulator.
fn qemu(w: &Written) -> Result<()> {
    if w.target.name != "stm32f407" {
        bail!(NOT_APPLICABLE);
    }
    let out = tool("timeout")
        .args([
            "20",
            "qemu-system-arm",
            "-M",
            "netduinoplus2",
            "-display",
            "none",
            "-monitor",
            "none",
        ])
        .args([
            "-serial",
            "stdio",
            "-semihosting-config",
            "enable=on,target=native",
            "-kernel",
        ])
        .arg(&w.elf)
        .output()
        .context("starting qemu-system-arm")?;
    let printed = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        bail!(
            "qemu exited with {}: {printed}{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let ours = run_image(&w.elf, &w.target.name)?;
    if printed.trim_end() != ours.trim_end() {
        bail!("QEMU printed {printed:?}, thumbforth printed {ours:?}");
    }
    Ok(())
}

/// The RP2040 boot ROM accepts boot2 only if its last word is the CRC-32/MPEG-2
/// of the first 252 bytes: checked here with the crc crate, not our code.
fn boot2_crc(w: &Written) -> Result<()> {
    if w.target.name != "rp2040" {
        bail!(NOT_APPLICABLE);
    }
    let bin = std::fs::read(&w.bin)?;
    if bin.len() < 256 {
        bail!("image shorter than boot2");
    }
    let want = crc::Crc::<u32>::new(&crc::CRC_32_MPEG_2).checksum(&bin[..252]);
    let have = u32::from_le_bytes([bin[252], bin[253], bin[254], bin[255]]);
    if want != have {
        bail!("boot2 CRC is {have:#010x}, the crc crate says {want:#010x}");
    }
    Ok(())
}

/// Every written format boots in `thumbforth run` and prints the board's line.
fn run_all(w: &Written) -> Result<()> {
    let expected = format!("thumbforth {}", w.target.name);
    let files = [Some(&w.elf), Some(&w.bin), w.uf2.as_ref(), Some(&w.hex)];
    for file in files.into_iter().flatten() {
        let printed = run_image(file, &w.target.name)?;
        if printed.trim_end() != expected {
            bail!("{} printed {printed:?}", file.display());
        }
    }
    Ok(())
}
