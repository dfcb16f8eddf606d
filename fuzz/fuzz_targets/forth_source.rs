//! Arbitrary bytes as Forth source, a line at a time, into one standard
//! build: every input must end in success or a diagnostic, never a panic.
#![no_main]

use std::cell::RefCell;

use libfuzzer_sys::fuzz_target;
use meta::{Build, BuildOptions};

/// Inputs a build serves before a fresh one replaces it, so that state a
/// run leaves (definitions, allotted space) does not grow without bound.
const INPUTS_PER_BUILD: u32 = 500;

thread_local! {
    static BUILD: RefCell<Option<(Build, u32)>> = const { RefCell::new(None) };
}

fn fresh() -> Build {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../targets");
    let t = target::Target::load("rp2350", &root).expect("built-in target");
    let mut b = Build::new(&t, BuildOptions::default()).expect("the kernel builds");
    b.session.call_budget = 200_000;
    b
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    BUILD.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.as_ref().is_none_or(|(_, n)| *n >= INPUTS_PER_BUILD) {
            *slot = Some((fresh(), 0));
        }
        let (build, served) = slot.as_mut().expect("just made");
        *served += 1;
        let s = &mut build.session;
        let id = s.sources.add("fuzz".into(), None, text.to_string());
        for (n, line) in text.lines().take(64).enumerate() {
            if s.interpret_line(id, n as u32 + 1, line.to_owned()).is_err() {
                s.recover();
            }
        }
        s.recover();
        s.console.clear();
    });
});
