//! What the tests of generated code share: a build of a snippet on a board,
//! and a word's instructions as capstone reads them.

use capstone::prelude::*;
use meta::{Build, BuildOptions};

pub fn target(name: &str) -> target::Target {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../targets");
    target::Target::load(name, &root).unwrap()
}

/// The standard image on `board` with `src` loaded as `test.fs`.
pub fn build(board: &str, src: &str) -> Build {
    let mut b = Build::new(&target(board), BuildOptions::default()).unwrap();
    b.load_text("test.fs", src)
        .unwrap_or_else(|d| panic!("{}", d.render(&b.session.sources, false)));
    b
}

pub fn disassemble(bytes: &[u8], addr: u32) -> meta::see::Disassembly {
    let cs = Capstone::new()
        .arm()
        .mode(arch::arm::ArchMode::Thumb)
        .extra_mode([arch::arm::ArchExtraMode::MClass].into_iter())
        .build()
        .unwrap();
    let insns = cs.disasm_all(bytes, addr as u64).unwrap();
    insns
        .iter()
        .map(|i| {
            (
                i.address() as u32,
                i.bytes().len(),
                i.mnemonic().unwrap().to_owned(),
                i.op_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// The instructions of `word`, as "mnemonic operands", up to its end.
pub fn code(b: &Build, word: &str) -> Vec<String> {
    let listing = meta::see::listing(&b.session, word, disassemble).unwrap();
    listing
        .lines()
        .skip(1)
        .map(|l| {
            let insn = l.split("  ").skip(1).collect::<Vec<_>>().join("  ");
            insn.split(" ;").next().unwrap().trim().to_owned()
        })
        .collect()
}
