//! Arbitrary bytes as Forth source, a line at a time, into one standard
//! build: every input must end in success or a diagnostic, never a panic,
//! an abort or a stack overflow. A line `%%` splits the input into the
//! source and up to three files, `a.fs`, `b.fs` and `c.fs`, that it (and
//! they) may include, so include cycles and deep nesting are fuzzed too.
#![no_main]

use std::cell::RefCell;

use libfuzzer_sys::fuzz_target;
use meta::{Build, BuildOptions};

/// Inputs a build serves before a fresh one replaces it, so that state a
/// run leaves (definitions, allotted space) does not grow without bound.
const INPUTS_PER_BUILD: u32 = 500;

/// The names the parts after the first are included by.
const FILES: [&str; 3] = ["a.fs", "b.fs", "c.fs"];

thread_local! {
    static BUILD: RefCell<Option<(Build, u32)>> = const { RefCell::new(None) };
}

fn fresh() -> Build {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../targets");
    let t = target::Target::load("rp2350", &root).expect("built-in target");
    let mut b = Build::new(&t, BuildOptions::default()).expect("the kernel builds");
    b.session.machine.call_budget = 200_000;
    b
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.split("\n%%\n");
    let source = parts.next().unwrap_or_default();
    BUILD.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.as_ref().is_none_or(|(_, n)| *n >= INPUTS_PER_BUILD) {
            *slot = Some((fresh(), 0));
        }
        let (build, served) = slot.as_mut().expect("just made");
        *served += 1;
        for name in FILES {
            build.add_virtual_file(name, parts.next().unwrap_or_default());
        }
        let s = &mut build.session;
        // Each input may `require` the files afresh.
        s.files.loaded.retain(|p| !p.starts_with("<virtual>"));
        let id = s.sources.add("fuzz".into(), None, source.to_string());
        for (n, line) in source.lines().take(64).enumerate() {
            if s.interpret_line(id, n as u32 + 1, line.to_owned()).is_err() {
                s.recover();
            }
        }
        s.recover();
        s.machine.console.clear();
    });
});
