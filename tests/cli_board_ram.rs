//! RAM dictionary space on the board's console: it ends at `ram-limit`,
//! below the data and return stacks at the top of RAM, and whatever takes
//! RAM there (`ram-allot`, `allot`, `buffer:`, the heap words) is refused
//! with an error when it does not fit, takes nothing, and leaves the board
//! at its prompt. At build time the host reports the same.

#[path = "support/mod.rs"]
mod support;

use std::path::Path;

use support::{banner, standard_image, text, thumbforth};

const BOARDS: &[&str] = target::BUILT_IN_TARGETS;

/// `thumbforth run` of `board`'s standard image with `script` as its input
/// file: (what the console showed, exit status, stderr).
fn console(dir: &Path, board: &str, script: &str) -> (String, Option<i32>, String) {
    let elf = standard_image(dir, board);
    let input = dir.join("script.fs");
    std::fs::write(&input, script).unwrap();
    let out = thumbforth(
        dir,
        &[
            "run",
            "--target",
            board,
            elf.to_str().unwrap(),
            "--input",
            input.to_str().unwrap(),
        ],
    );
    (text(&out.stdout), out.status.code(), text(&out.stderr))
}

#[test]
fn a_heap_larger_than_the_ram_left_is_refused_and_one_that_fits_stays_clear_of_the_stacks() {
    let dir = tempfile::tempdir().unwrap();
    // 527000 bytes is more than any of the boards has left (the RP2350's 520
    // KiB of RAM leave about 511 KiB); $FFFFF8 is the largest region
    // expand-heap takes; `unused` alone leaves no room for the heap's header.
    // The heap that fits hands out a block that ends below ram-limit, and
    // filling it leaves the data stack as it was.
    let script = "allocate-wordlist >order\n\
                  527000 128 init-shared-heap\n\
                  $FFFFF8 128 init-shared-heap\n\
                  unused 128 init-shared-heap\n\
                  unused 1000 - constant hs\n\
                  hs 128 init-shared-heap\n\
                  1 2 3 hs 64 - allocate! dup hs 64 - $A5 fill hs 64 - + ram-limit u> 0= . .s\n";
    for board in BOARDS {
        let (shown, status, stderr) = console(dir.path(), board, script);
        assert_eq!(
            shown,
            format!(
                "{}allocate-wordlist >order ok\n\
                 527000 128 init-shared-heap memory management failure\n\
                 $FFFFF8 128 init-shared-heap memory management failure\n\
                 unused 128 init-shared-heap memory management failure\n\
                 unused 1000 - constant hs ok\n\
                 hs 128 init-shared-heap ok\n\
                 1 2 3 hs 64 - allocate! dup hs 64 - $A5 fill hs 64 - + ram-limit u> 0= . .s \
                 -1 <3> 1 2 3 ok\n",
                banner(board)
            ),
            "{board}: {stderr}"
        );
        assert_eq!(status, Some(1), "{board}: {stderr}");
        assert_eq!(stderr, "the console reported 3 error(s)\n", "{board}");
    }
}

#[test]
fn a_buffer_or_allot_larger_than_the_ram_left_is_refused_and_takes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    // Too large, so large that rounding it up would wrap, negative, one byte
    // past the end; then a buffer that fits but whose name does not, which
    // must give its bytes back; then one that fits with its name.
    let script = "variable u0 unused u0 !\n\
                  600000 buffer: big\n\
                  big\n\
                  $FFFFFFFE buffer: wrap\n\
                  -8 buffer: neg\n\
                  unused 1+ allot\n\
                  unused 1+ ram-allot\n\
                  $7FFFFFFF ram-allot\n\
                  ram-dict-start ram-here - 4 - ram-allot\n\
                  unused 8 - buffer: nameless\n\
                  unused u0 @ = .\n\
                  unused 200 - buffer: fits unused 200 u< . fits ram-limit u< .\n";
    for board in BOARDS {
        let (shown, status, stderr) = console(dir.path(), board, script);
        assert_eq!(
            shown,
            format!(
                "{}variable u0 unused u0 ! ok\n\
                 600000 buffer: big RAM dictionary space is full\n\
                 big undefined word: big\n\
                 $FFFFFFFE buffer: wrap RAM dictionary space is full\n\
                 -8 buffer: neg RAM dictionary space is full\n\
                 unused 1+ allot RAM dictionary space is full\n\
                 unused 1+ ram-allot RAM dictionary space is full\n\
                 $7FFFFFFF ram-allot RAM dictionary space is full\n\
                 ram-dict-start ram-here - 4 - ram-allot RAM dictionary space is full\n\
                 unused 8 - buffer: nameless RAM dictionary space is full\n\
                 unused u0 @ = . -1 ok\n\
                 unused 200 - buffer: fits unused 200 u< . fits ram-limit u< . -1 -1 ok\n",
                banner(board)
            ),
            "{board}: {stderr}"
        );
        assert_eq!(status, Some(1), "{board}: {stderr}");
        assert_eq!(stderr, "the console reported 9 error(s)\n", "{board}");
    }
}

#[test]
fn at_build_time_an_allot_past_the_ram_limit_is_reported_where_it_happened() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "600000 buffer: big\n",
            "b.fs:1:16: error: RAM dictionary space is full",
        ),
        (
            ": grab ( -- ) 600000 ram-allot ;\ngrab\n",
            "b.fs:2:1: error: uncaught exception in `grab` at build time: \
             RAM dictionary space is full (x-ram-full)",
        ),
        (
            "get-order allocate-wordlist swap 1+ set-order\n600000 128 init-shared-heap\n",
            "b.fs:2:12: error: uncaught exception in `init-shared-heap` at build time: \
             memory management failure (x-memory-management-failure)",
        ),
    ];
    for (source, expected) in cases {
        std::fs::write(dir.path().join("b.fs"), source).unwrap();
        let out = thumbforth(dir.path(), &["build", "b.fs", "-o", "b.elf"]);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{source}: {err}");
        assert!(err.starts_with(expected), "{source}:\n{err}");
        assert!(!dir.path().join("b.elf").exists(), "{source}");
    }
}
