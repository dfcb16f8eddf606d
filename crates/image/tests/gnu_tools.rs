//! GNU binutils, an independent reader, accepts our ELF: objdump disassembles
//! the code under its symbol names and nm lists the symbols. Skipped with a
//! note when binutils-arm-none-eabi is not installed.

use std::process::Command;

use image::write_elf;

mod common;
use common::{image_for, rich_image, BOARDS};

fn tool(name: &str) -> Option<String> {
    let found = Command::new(name)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        eprintln!("note: {name} not installed; skipping (apt-get install binutils-arm-none-eabi)");
    }
    found.then(|| name.to_owned())
}

fn run(tool: &str, args: &[&str], path: &std::path::Path) -> String {
    let out = Command::new(tool).args(args).arg(path).output().unwrap();
    assert!(
        out.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn elf_file(img: &image::Image) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("{}.elf", img.target));
    std::fs::write(&path, write_elf(img)).unwrap();
    (dir, path)
}

#[test]
fn objdump_disassembles_our_code_under_its_symbols() {
    let Some(objdump) = tool("arm-none-eabi-objdump") else {
        return;
    };
    for board in BOARDS {
        let img = image_for(board);
        let (_dir, path) = elf_file(&img);
        let text = run(&objdump, &["-d"], &path);
        let reset = img.symbol("reset").unwrap().addr;
        assert!(
            text.contains(&format!("{reset:08x} <reset>:")),
            "{board}:\n{text}"
        );
        assert!(
            text.contains("bl\t") && text.contains("<helper>"),
            "{board}:\n{text}"
        );
        assert!(text.contains("bx\tlr"), "{board}:\n{text}");
        assert!(
            text.contains("b.n\t") && text.contains("<default_handler>"),
            "{board}:\n{text}"
        );
        let headers = run(&objdump, &["-p"], &path);
        assert!(
            headers.contains(&format!("paddr 0x{:08x}", img.flash_base)),
            "{headers}"
        );
    }
}

#[test]
fn nm_lists_code_and_ram_symbols() {
    let Some(nm) = tool("arm-none-eabi-nm") else {
        return;
    };
    let img = rich_image("rp2350");
    let (_dir, path) = elf_file(&img);
    let listing = run(&nm, &["-n", "-S"], &path);
    // nm shows Thumb functions at their even address.
    for s in &img.symbols {
        let line = format!("{:08x} {:08x} T {}", s.addr, s.size, s.name);
        assert!(
            listing.lines().any(|l| l == line),
            "missing `{line}` in\n{listing}"
        );
    }
    assert!(
        listing.lines().any(|l| l == "20000004 00000050 B tib"),
        "{listing}"
    );
}
