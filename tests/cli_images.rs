//! What the commands promise about the files a user hands them: `flash`
//! copies a UF2 to a boot drive only when its family, its blocks and the
//! drive agree with the target; `run` runs an image only on the board it was
//! made for, picking that board itself when `--target` is absent; `asm` and
//! `build` refuse an expression nested past the assembler's limit with a
//! located error instead of overflowing the host stack.

mod support;

use std::path::{Path, PathBuf};

use support::{root, text, thumbforth, thumbforth_fed};

const BOARDS: &[&str] = target::BUILT_IN_TARGETS;

/// INFO_UF2.TXT as the boot ROMs of a Pico and a Pico 2 serve it.
const PICO_DRIVE: &str = "UF2 Bootloader v3.0\r\nModel: Raspberry Pi RP2\r\nBoard-ID: RPI-RP2\r\n";
const PICO2_DRIVE: &str =
    "UF2 Bootloader v1.0\r\nModel: Raspberry Pi RP2350\r\nBoard-ID: RP2350\r\n";

fn board(name: &str) -> target::Target {
    target::Target::load(name, &root().join("targets")).expect("built-in target")
}

/// The board's hello image, which prints `thumbforth BOARD` and exits 0,
/// as `cargo xtask demo` builds it.
fn hello(name: &str) -> image::Image {
    let source = meta::kernel::hello(&board(name));
    image::boot::assemble_image(&board(name), &source).expect("hello assembles")
}

/// The board's hello image as a UF2 of its own family, as `build` writes it.
fn hello_uf2(name: &str) -> Vec<u8> {
    image::write_uf2(&hello(name), board(name).uf2_family.unwrap(), false)
}

/// The RP2350 hello image padded with erased flash to four UF2 blocks, so
/// that a block can go missing from its middle.
fn four_block_uf2() -> Vec<u8> {
    let mut img = hello("rp2350");
    assert!(img.flash.len() <= 4 * 256);
    img.flash.resize(4 * 256, 0xff);
    image::write_uf2(&img, board("rp2350").uf2_family.unwrap(), false)
}

/// Writes `bytes` as `dir/name` and returns the path as a string.
fn put(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_str().unwrap().to_owned()
}

/// A fake boot drive serving `info` as its INFO_UF2.TXT.
fn drive(dir: &Path, info: &str) -> PathBuf {
    let drive = dir.join("drive");
    std::fs::create_dir_all(&drive).unwrap();
    std::fs::write(drive.join("INFO_UF2.TXT"), info).unwrap();
    drive
}

/// The files on a fake drive besides its INFO_UF2.TXT.
fn copied(drive: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(drive)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "INFO_UF2.TXT")
        .collect();
    names.sort();
    names
}

/// `thumbforth flash FILE --drive DRIVE [--target T]`.
fn flash(dir: &Path, file: &str, drive: &Path, target: Option<&str>) -> std::process::Output {
    let mut args = vec!["flash", file, "--drive", drive.to_str().unwrap()];
    if let Some(t) = target {
        args.extend(["--target", t]);
    }
    thumbforth(dir, &args)
}

/// Every format `run` reads, written from `img`.
fn formats(img: &image::Image, family: Option<u32>) -> Vec<(&'static str, Vec<u8>)> {
    let mut files = vec![
        ("elf", image::write_elf(img)),
        ("bin", image::write_bin(img)),
        ("hex", image::write_hex(img).into_bytes()),
    ];
    if let Some(family) = family {
        files.push(("uf2", image::write_uf2(img, family, false)));
    }
    files
}

/// Asserts the run was refused with status 1 and no crash; returns stderr.
fn refused_with_status_1(out: &std::process::Output, what: &str) -> String {
    let stderr = text(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{what}: {:?}\n{stderr}",
        out.status
    );
    assert!(!stderr.contains("panicked"), "{what}: {stderr}");
    stderr
}

#[test]
fn flash_refuses_an_rp2040_uf2_on_an_rp2350_drive() {
    let dir = tempfile::tempdir().unwrap();
    let file = put(dir.path(), "pico.uf2", &hello_uf2("rp2040"));
    let drive = drive(dir.path(), PICO2_DRIVE);
    // Named as the drive's board, the target refuses the file.
    let out = flash(dir.path(), &file, &drive, Some("rp2350"));
    let stderr = refused_with_status_1(&out, "rp2040 uf2");
    assert!(
        stderr.contains("not an image for rp2350")
            && stderr.contains("family 0xe48bff56 (rp2040)")
            && stderr.contains("use --target rp2040"),
        "{stderr}"
    );
    // Read from the file's family, the target is the RP2040, whose drive
    // this is not.
    let out = flash(dir.path(), &file, &drive, None);
    let stderr = refused_with_status_1(&out, "rp2040 uf2");
    assert!(
        stderr.contains("boot drive, not a `RPI-RP2` one (target rp2040)"),
        "{stderr}"
    );
    assert_eq!(copied(&drive), Vec::<String>::new());
}

#[test]
fn flash_takes_the_board_from_the_uf2s_family_as_picotool_does() {
    let dir = tempfile::tempdir().unwrap();
    let file = put(dir.path(), "pico.uf2", &hello_uf2("rp2040"));
    let drive = drive(dir.path(), PICO_DRIVE);
    let out = flash(dir.path(), &file, &drive, None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(copied(&drive), ["pico.uf2"]);
}

#[test]
fn flash_refuses_an_rp2350_uf2_with_target_rp2040() {
    let dir = tempfile::tempdir().unwrap();
    let file = put(dir.path(), "pico2.uf2", &hello_uf2("rp2350"));
    let drive = drive(dir.path(), PICO_DRIVE);
    let out = flash(dir.path(), &file, &drive, Some("rp2040"));
    let stderr = refused_with_status_1(&out, "rp2350 uf2");
    assert!(
        stderr.contains("not an image for rp2040")
            && stderr.contains("family 0xe48bff59 (rp2350-arm-s)")
            && stderr.contains("use --target rp2350"),
        "{stderr}"
    );
    assert_eq!(copied(&drive), Vec::<String>::new());
}

#[test]
fn flash_refuses_empty_and_truncated_uf2s_and_copies_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let drive = drive(dir.path(), PICO2_DRIVE);
    let good = four_block_uf2();
    let cases: [(&str, &[u8], &str); 3] = [
        ("empty.uf2", &[], "empty UF2"),
        ("cut.uf2", &good[..good.len() - 100], "truncated UF2"),
        ("short.uf2", &good[..good.len() - 512], "truncated UF2"),
    ];
    for (name, bytes, why) in cases {
        let file = put(dir.path(), name, bytes);
        let out = flash(dir.path(), &file, &drive, None);
        let stderr = refused_with_status_1(&out, name);
        assert!(
            stderr.contains(why) && stderr.contains("nothing copied"),
            "{name}: {stderr}"
        );
    }
    assert_eq!(copied(&drive), Vec::<String>::new());
}

#[test]
fn flash_refuses_a_uf2_whose_blocks_are_misnumbered() {
    let dir = tempfile::tempdir().unwrap();
    let drive = drive(dir.path(), PICO2_DRIVE);
    let good = four_block_uf2();
    let set = |bytes: &mut [u8], block: usize, offset: usize, value: u32| {
        let at = block * 512 + offset;
        bytes[at..at + 4].copy_from_slice(&value.to_le_bytes());
    };
    let blocks = (good.len() / 512) as u32;
    let mut repeated = good.clone();
    set(&mut repeated, 2, 20, 1); // blockNo 1 twice, 2 never
    let mut past_the_end = good.clone();
    set(&mut past_the_end, 2, 20, blocks); // blockNo == numBlocks
    let mut inconsistent = good.clone();
    set(&mut inconsistent, 1, 24, blocks + 1); // numBlocks differs
    for (name, bytes) in [
        ("repeated.uf2", repeated),
        ("past.uf2", past_the_end),
        ("inconsistent.uf2", inconsistent),
    ] {
        let file = put(dir.path(), name, &bytes);
        let out = flash(dir.path(), &file, &drive, None);
        let stderr = refused_with_status_1(&out, name);
        assert!(stderr.contains("UF2 block"), "{name}: {stderr}");
    }
    assert_eq!(copied(&drive), Vec::<String>::new());
}

#[test]
fn flash_refuses_blocks_the_boot_rom_would_skip() {
    let dir = tempfile::tempdir().unwrap();
    let drive = drive(dir.path(), PICO2_DRIVE);
    let mut bytes = hello_uf2("rp2350");
    // A 252-byte payload: well formed UF2, but the RP boot ROMs take only 256.
    bytes[512 + 16..512 + 20].copy_from_slice(&252u32.to_le_bytes());
    let file = put(dir.path(), "short-payload.uf2", &bytes);
    let out = flash(dir.path(), &file, &drive, None);
    let stderr = refused_with_status_1(&out, "payload");
    assert!(
        stderr.contains("UF2 block 1 carries 252 bytes") && stderr.contains("RP2350 boot drive"),
        "{stderr}"
    );
    assert_eq!(copied(&drive), Vec::<String>::new());
}

#[test]
fn flash_refuses_a_drive_whose_info_names_two_chips() {
    let dir = tempfile::tempdir().unwrap();
    let drive = drive(
        dir.path(),
        "UF2 Bootloader v1.0\nModel: Raspberry Pi RP2\nBoard-ID: RP2350\n",
    );
    let file = put(dir.path(), "pico2.uf2", &hello_uf2("rp2350"));
    let out = flash(dir.path(), &file, &drive, None);
    let stderr = refused_with_status_1(&out, "mixed drive");
    assert!(stderr.contains("Model"), "{stderr}");
    assert_eq!(copied(&drive), Vec::<String>::new());
}

#[test]
fn flash_copies_what_our_writer_makes_for_each_rp_board() {
    let rp2350 = hello("rp2350");
    let cases = [
        ("rp2040", PICO_DRIVE, hello_uf2("rp2040")),
        ("rp2350", PICO2_DRIVE, hello_uf2("rp2350")),
        // With the RP2350-E10 absolute block first, as picotool --abs-block writes it.
        (
            "rp2350",
            PICO2_DRIVE,
            image::write_uf2(&rp2350, board("rp2350").uf2_family.unwrap(), true),
        ),
        // The absolute family, which the RP2350 boot ROM also takes.
        (
            "rp2350",
            PICO2_DRIVE,
            image::write_uf2(&rp2350, image::FAMILY_ABSOLUTE, false),
        ),
    ];
    for (target, info, bytes) in cases {
        let dir = tempfile::tempdir().unwrap();
        let drive = drive(dir.path(), info);
        let file = put(dir.path(), "app.uf2", &bytes);
        let out = flash(dir.path(), &file, &drive, Some(target));
        assert!(
            out.status.success(),
            "{target}: {:?} {}",
            out.status,
            text(&out.stderr)
        );
        assert_eq!(std::fs::read(drive.join("app.uf2")).unwrap(), bytes);
    }
}

#[test]
fn run_refuses_an_rp2350_image_with_target_rp2040_and_names_its_board() {
    let dir = tempfile::tempdir().unwrap();
    let img = hello("rp2350");
    for (ext, bytes) in formats(&img, board("rp2350").uf2_family) {
        let file = put(dir.path(), &format!("pico2.{ext}"), &bytes);
        let out = thumbforth(dir.path(), &["run", &file, "--target", "rp2040"]);
        let stderr = refused_with_status_1(&out, ext);
        assert!(
            stderr.contains("not an image for rp2040") && stderr.contains("use --target rp2350"),
            "{ext}: {stderr}"
        );
        assert_eq!(text(&out.stdout), "", "{ext}: it ran");
    }
}

#[test]
fn run_refuses_an_stm32_bin_on_the_rp2350_and_points_at_its_reset_vector() {
    let dir = tempfile::tempdir().unwrap();
    let img = hello("stm32f407");
    let file = put(dir.path(), "disco.bin", &image::write_bin(&img));
    let reset = format!("{:#010x}", img.entry);
    let out = thumbforth(dir.path(), &["run", &file, "--target", "rp2350"]);
    let stderr = refused_with_status_1(&out, "stm32 bin");
    let suggestion = format!(
        "this image is for stm32f407 (its reset vector {reset} is in that board's flash); use --target stm32f407"
    );
    assert!(
        stderr.contains(&format!("its reset vector {reset}")) && stderr.contains(&suggestion),
        "{stderr}"
    );
}

#[test]
fn run_without_target_picks_the_board_each_image_was_made_for_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    for name in BOARDS {
        for (ext, bytes) in formats(&hello(name), board(name).uf2_family) {
            let file = put(dir.path(), &format!("{name}.{ext}"), &bytes);
            let out = thumbforth(dir.path(), &["run", &file]);
            assert!(
                out.status.success(),
                "{name}.{ext}: {:?} {}",
                out.status,
                text(&out.stderr)
            );
            assert_eq!(
                text(&out.stdout),
                format!("thumbforth {name}\n"),
                "{name}.{ext}"
            );
        }
    }
}

#[test]
fn run_without_target_refuses_an_image_that_fits_no_board() {
    let dir = tempfile::tempdir().unwrap();
    // Random bytes: no vector table any board would start from.
    let noise: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    let file = put(dir.path(), "noise.bin", &noise);
    let out = thumbforth(dir.path(), &["run", &file]);
    let stderr = refused_with_status_1(&out, "noise");
    assert!(
        stderr.contains("fits none of the built-in boards")
            && BOARDS.iter().all(|b| stderr.contains(&format!("{b}: "))),
        "{stderr}"
    );
    assert_eq!(text(&out.stdout), "");
}

#[test]
fn run_refuses_an_rp2040_image_whose_boot2_fails_its_crc() {
    let dir = tempfile::tempdir().unwrap();
    let mut img = hello("rp2040");
    img.flash[0] ^= 0xff;
    let file = put(dir.path(), "broken.elf", &image::write_elf(&img));
    let out = thumbforth(dir.path(), &["run", &file, "--target", "rp2040"]);
    let stderr = refused_with_status_1(&out, "boot2");
    assert!(stderr.contains("no RP2040 boot2"), "{stderr}");
}

#[test]
fn run_takes_a_board_file_of_the_users_that_describes_the_image() {
    let dir = tempfile::tempdir().unwrap();
    let own = std::fs::read_to_string(root().join("targets/stm32f407.toml"))
        .unwrap()
        .replace("name = \"stm32f407\"", "name = \"my-disco\"");
    std::fs::write(dir.path().join("my-disco.toml"), own).unwrap();
    let file = put(
        dir.path(),
        "disco.bin",
        &image::write_bin(&hello("stm32f407")),
    );
    let out = thumbforth(dir.path(), &["run", &file, "--target", "my-disco.toml"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "thumbforth stm32f407\n");
}

#[test]
fn asm_refuses_ten_thousand_nested_parentheses_with_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    let src = format!(
        "movs r1, #1\nmovs r0, #{}1{}\n",
        "(".repeat(10_000),
        ")".repeat(10_000)
    );
    std::fs::write(dir.path().join("deep.s"), &src).unwrap();
    let out = thumbforth(dir.path(), &["asm", "deep.s"]);
    let stderr = refused_with_status_1(&out, "parentheses");
    // The limit is 256: the 257th parenthesis, after `movs r0, #`, is column 267.
    assert!(
        stderr.starts_with("deep.s:2:267: error: expression nested too deeply"),
        "{stderr}"
    );
    // The good line is still assembled.
    assert_eq!(text(&out.stdout), "0121\n");
}

#[test]
fn asm_refuses_ten_thousand_prefix_operators_with_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    for op in ["-", "~", "+"] {
        let src = format!("movs r0, #{}1\n", op.repeat(10_000));
        let out = thumbforth_fed(dir.path(), &["asm"], src.as_bytes());
        let stderr = refused_with_status_1(&out, op);
        assert!(
            stderr.starts_with("<stdin>:1:")
                && stderr.contains("error: expression nested too deeply"),
            "{op}: {stderr}"
        );
    }
    // `!` is not a prefix operator here: a plain error, not a crash.
    let src = format!("movs r0, #{}1\n", "!".repeat(10_000));
    let out = thumbforth_fed(dir.path(), &["asm"], src.as_bytes());
    let stderr = refused_with_status_1(&out, "!");
    assert!(stderr.starts_with("<stdin>:1:11: error:"), "{stderr}");
}

#[test]
fn asm_still_assembles_expressions_nested_to_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let src = format!("movs r0, #{}5{}\n", "(".repeat(256), ")".repeat(256));
    let out = thumbforth_fed(dir.path(), &["asm"], src.as_bytes());
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "0520\n");
}

#[test]
fn build_refuses_a_code_word_nested_too_deeply_with_the_error_in_the_fs_file() {
    let dir = tempfile::tempdir().unwrap();
    let source = format!(
        ": fine 1 2 + ;\ncode deep\n  movs r0, #{}1\nend-code\n",
        "-".repeat(10_000)
    );
    std::fs::write(dir.path().join("deep.fs"), source).unwrap();
    let out = thumbforth(dir.path(), &["build", "deep.fs", "-o", "deep.elf"]);
    let stderr = refused_with_status_1(&out, "build");
    assert!(
        stderr.starts_with("deep.fs:3:")
            && stderr
                .lines()
                .next()
                .unwrap()
                .contains("expression nested too deeply"),
        "{}",
        &stderr[..stderr.len().min(400)]
    );
    assert!(!Path::new(&dir.path().join("deep.elf")).exists());
}
