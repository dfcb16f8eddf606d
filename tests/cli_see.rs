//! `thumbforth see WORD`: the listing shows each instruction's halfwords as
//! `objdump -d` does, inline strings as data with the code after them
//! decoded from the right place, and a word it cannot find with the names
//! closest to it.

#[path = "support/mod.rs"]
mod support;

use std::path::Path;
use std::process::Command;

use support::{text, thumbforth, write};

const SOURCE: &str = "\
: greet ( -- ) s\" hello\" type cr 42 . ;
: counted ( -- ) c\" abcd\" count type ;
: caller ( -- ) greet counted 7 . ;
";

/// The listing `thumbforth see WORD words.fs` prints for `board`.
fn see(dir: &Path, board: &str, word: &str) -> String {
    let out = thumbforth(dir, &["see", word, "words.fs", "--target", board]);
    assert!(out.status.success(), "see {word}: {}", text(&out.stderr));
    text(&out.stdout)
}

/// The listing's lines after the header, as (address, hex, instruction).
fn rows(listing: &str) -> Vec<(u32, String, String)> {
    listing
        .lines()
        .skip(1)
        .map(|l| {
            let (addr, rest) = l.split_once(": ").unwrap();
            let (hex, insn) = rest.split_once("  ").unwrap();
            (
                u32::from_str_radix(addr, 16).unwrap(),
                hex.trim().to_owned(),
                insn.trim().to_owned(),
            )
        })
        .collect()
}

#[test]
fn a_call_shows_its_halfwords_in_objdumps_order() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "words.fs", SOURCE);
    for board in ["rp2350", "rp2040", "stm32f407"] {
        let listing = see(dir.path(), board, "caller");
        let rows = rows(&listing);
        let (addr, hex, _) = rows
            .iter()
            .find(|(_, _, insn)| insn.starts_with("bl ") && insn.ends_with("; greet"))
            .unwrap_or_else(|| panic!("{board}: no call to greet in\n{listing}"));
        // A 32-bit `bl`: first halfword 11110..., second 11.1..., each as 4 digits.
        let halves: Vec<u16> = hex
            .split(' ')
            .map(|h| {
                assert_eq!(h.len(), 4, "{board}: {hex}");
                u16::from_str_radix(h, 16).unwrap()
            })
            .collect();
        assert_eq!(halves.len(), 2, "{board}: {hex}");
        assert_eq!(halves[0] & 0xf800, 0xf000, "{board}: {hex}");
        assert_eq!(halves[1] & 0xd000, 0xd000, "{board}: {hex}");
        // Every other instruction is one halfword or two, never a byte run.
        for (_, hex, insn) in &rows {
            if !insn.starts_with('.') {
                assert!(
                    hex.split(' ').all(|h| h.len() == 4) && hex.split(' ').count() <= 2,
                    "{board}: {hex}  {insn}"
                );
            }
        }

        // objdump's line for the same address, in the image built from the same source.
        let Some(objdump) = objdump() else {
            eprintln!("note: arm-none-eabi-objdump not found; the comparison with it is skipped");
            continue;
        };
        let elf = format!("{board}.elf");
        let out = thumbforth(
            dir.path(),
            &["build", "words.fs", "--target", board, "-o", &elf],
        );
        assert!(out.status.success(), "{}", text(&out.stderr));
        let out = Command::new(&objdump)
            .args(["-d", &elf])
            .current_dir(dir.path())
            .output()
            .expect("objdump runs");
        assert!(out.status.success(), "{}", text(&out.stderr));
        let dump = text(&out.stdout);
        let prefix = format!("{addr:x}:");
        let line = dump
            .lines()
            .map(str::trim_start)
            .find(|l| l.starts_with(&prefix))
            .unwrap_or_else(|| panic!("{board}: objdump has no line at {prefix}"));
        let theirs = line[prefix.len()..]
            .trim_start()
            .split('\t')
            .next()
            .unwrap();
        assert_eq!(theirs.trim(), hex, "{board}: objdump says `{line}`");
    }
}

fn objdump() -> Option<String> {
    let name = "arm-none-eabi-objdump";
    Command::new(name)
        .arg("--version")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|_| name.to_owned())
}

#[test]
fn an_inline_string_shows_as_data_and_the_code_after_it_resumes() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "words.fs", SOURCE);
    for board in ["rp2350", "rp2040", "stm32f407"] {
        let listing = see(dir.path(), board, "greet");
        let rows = rows(&listing);
        let at = rows
            .iter()
            .position(|(_, _, insn)| insn == ".ascii \"hello\"")
            .unwrap_or_else(|| panic!("{board}: no .ascii \"hello\" in\n{listing}"));
        let (addr, hex, _) = &rows[at];
        assert_eq!(hex, "68 65 6c 6c 6f", "{board}: the bytes in memory order");
        // The branch just before it jumps over it, to the next instruction shown.
        let (_, _, branch) = &rows[at - 1];
        assert!(branch.starts_with("b"), "{board}: {branch}");
        let (pad_addr, pad_hex, pad) = &rows[at + 1];
        assert_eq!(
            (*pad_addr, pad_hex.as_str(), pad.as_str()),
            (addr + 5, "00", ".byte 0  ; padding"),
            "{board}\n{listing}"
        );
        let (resume, _, _) = &rows[at + 2];
        assert_eq!(*resume, addr + 6, "{board}\n{listing}");
        let target = branch
            .split(' ')
            .find_map(|t| t.strip_prefix("#0x"))
            .and_then(|h| u32::from_str_radix(h, 16).ok());
        assert_eq!(target, Some(*resume), "{board}: {branch}");
        // The code after it is real code: the calls to `type`, `cr` and `.`.
        let calls: Vec<&str> = rows[at + 2..]
            .iter()
            .filter_map(|(_, _, insn)| insn.rsplit_once("; ").map(|(_, n)| n))
            .filter(|n| !n.contains('+'))
            .collect();
        for word in ["type", "cr", "."] {
            assert!(
                calls.contains(&word),
                "{board}: no call to {word} in\n{listing}"
            );
        }
        assert!(
            !rows.iter().any(|(_, _, insn)| insn == ".hword"),
            "{board}: nothing is undecodable\n{listing}"
        );

        let listing = see(dir.path(), board, "counted");
        assert!(
            listing.contains(".byte 4  ; count") && listing.contains(".ascii \"abcd\""),
            "{board}: {listing}"
        );
    }
}

#[test]
fn an_unknown_word_comes_with_the_closest_names() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "words.fs", SOURCE);
    let out = thumbforth(dir.path(), &["see", "calle", "words.fs"]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("undefined word `calle`"), "{err}");
    assert!(err.contains("closest names: `caller`"), "{err}");
    assert!(text(&out.stdout).is_empty());
}
