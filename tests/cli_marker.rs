//! `marker` as a user meets it: on the board's console, words it forgets in
//! flash stay forgotten after a reboot while words made after it run, and
//! in a build, words it forgets (an `init` among them) are neither run at
//! boot nor named in the image.

#[path = "support/mod.rs"]
mod support;

use support::{banner, standard_image, text, thumbforth_fed, write};

const BOARDS: &[&str] = target::BUILT_IN_TARGETS;

/// What the board printed after the `n`th reboot (its banner again).
fn after_reboot(shown: &str, board: &str, n: usize) -> String {
    let mark = format!("reboot {}", banner(board));
    let parts: Vec<&str> = shown.split(&mark).collect();
    assert!(
        parts.len() > n,
        "{board}: fewer than {n} reboots in\n{shown}"
    );
    parts[n].to_owned()
}

#[test]
fn words_a_marker_forgets_in_flash_stay_forgotten_after_a_reboot_on_every_board() {
    let dir = tempfile::tempdir().unwrap();
    let script = "compile-to-flash\n: kept-a 1 ;\nmarker forget-me\n: gone-b 2 ;\n: gone-c 3 ;\n\
                  compile-to-ram\n: in-ram 4 ;\nforget-me\n\
                  compile-to-flash\n: new-d kept-a 10 + ;\ncompile-to-ram\nreboot\n\
                  kept-a . new-d .\ngone-b\ngone-c\nforget-me\n\
                  compile-to-flash\nmarker second : gone-e 5 ; : gone-f 6 ;\ncompile-to-ram\nreboot\n\
                  gone-e . second\ncompile-to-flash : new-g new-d 1+ ; compile-to-ram\nreboot\n\
                  kept-a . new-d . new-g .\ngone-e\ngone-f\nsecond\n";
    for board in BOARDS {
        let elf = standard_image(dir.path(), board);
        let run = ["run", "--target", board, elf.to_str().unwrap()];
        let out = thumbforth_fed(dir.path(), &run, script.as_bytes());
        let shown = text(&out.stdout);
        // Before the first reboot the marker forgot its words and the RAM
        // word after them at once.
        assert!(shown.contains("forget-me ok\n"), "{board}:\n{shown}");
        assert_eq!(
            after_reboot(&shown, board, 1),
            "kept-a . new-d . 1 11 ok\n\
             gone-b undefined word: gone-b\n\
             gone-c undefined word: gone-c\n\
             forget-me undefined word: forget-me\n\
             compile-to-flash ok\n\
             marker second : gone-e 5 ; : gone-f 6 ; ok\n\
             compile-to-ram ok\n",
            "{board}:\n{shown}"
        );
        // A marker compiled to flash before a reboot forgets after it.
        assert_eq!(
            after_reboot(&shown, board, 2),
            "gone-e . second 5 ok\n\
             compile-to-flash : new-g new-d 1+ ; compile-to-ram ok\n",
            "{board}:\n{shown}"
        );
        assert_eq!(
            after_reboot(&shown, board, 3),
            "kept-a . new-d . new-g . 1 11 12 ok\n\
             gone-e undefined word: gone-e\n\
             gone-f undefined word: gone-f\n\
             second undefined word: second\n",
            "{board}:\n{shown}"
        );
        assert_eq!(out.status.code(), Some(1), "{board}: {}", text(&out.stderr));
    }
}

#[test]
fn a_build_forgets_what_a_marker_forgets_init_included() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "app.fs",
        "variable v\n: init init 1 v ! ;\nmarker back\n: init init 2 v ! ;\n: later 5 ;\nback\n\
         [defined] later [if] : main .\" later is still there\" cr ; [else] : main v @ . cr ; [then]\n",
    );
    for board in BOARDS {
        let (elf, map) = (format!("app-{board}.elf"), format!("app-{board}.map"));
        let build = ["build", "--target", board, "app.fs", "-o", &elf, "-o", &map];
        let out = thumbforth_fed(dir.path(), &build, "");
        assert!(out.status.success(), "{board}: {}", text(&out.stderr));
        let run = thumbforth_fed(dir.path(), &["run", "--target", board, &elf], "");
        assert!(run.status.success(), "{board}: {}", text(&run.stderr));
        assert_eq!(
            text(&run.stdout),
            format!("1 \n{}", banner(board)),
            "{board}"
        );
        let map = std::fs::read_to_string(dir.path().join(&map)).unwrap();
        let named = |word: &str| {
            map.lines()
                .any(|l| l.split_whitespace().last() == Some(word))
        };
        assert!(named("main"), "{board}: the map names words:\n{map}");
        for gone in ["later", "back"] {
            assert!(!named(gone), "{board}: `{gone}` in the map:\n{map}");
        }
    }
}
