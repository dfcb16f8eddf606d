//! The board's console refuses what would break the board: control
//! structures closed by the wrong word, throws nobody catches, lines longer
//! than the input buffer, and compiling to flash past its end. Each answer
//! is an error line and the console goes on.

#[path = "support/mod.rs"]
mod support;

use support::{standard_image, text, thumbforth, thumbforth_fed};

const BOARDS: &[&str] = target::BUILT_IN_TARGETS;

/// What the board's console prints for `script`, after its banner, and the
/// exit status of the run.
fn console(board: &str, script: &str) -> (String, Option<i32>) {
    let dir = tempfile::tempdir().unwrap();
    let elf = standard_image(dir.path(), board);
    let out = thumbforth_fed(
        dir.path(),
        &["run", "--target", board, elf.to_str().unwrap()],
        script.as_bytes(),
    );
    let shown = text(&out.stdout);
    let banner = format!("thumbforth {} on {board}\n", env!("CARGO_PKG_VERSION"));
    let after = shown.strip_prefix(&banner).unwrap_or(&shown).to_owned();
    (after + &text(&out.stderr), out.status.code())
}

/// On every board, the console's first lines for `script` are `wanted`, and
/// the run ends with status 1 because errors were reported.
fn answers_with_errors(script: &str, wanted: &[&str]) {
    for board in BOARDS {
        let (shown, status) = console(board, script);
        let lines: Vec<&str> = shown.lines().collect();
        assert_eq!(lines[..wanted.len()], *wanted, "{board}:\n{shown}");
        assert_eq!(status, Some(1), "{board}: errors were reported");
    }
}

#[test]
fn the_console_refuses_a_structure_closed_by_the_wrong_word() {
    let script = ": x if again ;\n: x begin then ;\n: x 1 case 1 of endcase ;\n\
                  : x if loop ;\n: x [ 7 ] then ;\n: x then ;\n: ok-word 3 0 do i loop ;\nok-word .s\n";
    answers_with_errors(
        script,
        &[
            ": x if again ; `again` cannot close an `if`",
            ": x begin then ; `then` cannot close a `begin`",
            ": x 1 case 1 of endcase ; `endcase` cannot close an `of`",
            ": x if loop ; `loop` cannot close an `if`",
            ": x [ 7 ] then ; `then` has no structure to close",
            ": x then ; `then` has no structure to close",
            ": ok-word 3 0 do i loop ; ok",
            "ok-word .s <3> 0 1 2 ok",
        ],
    );
}

#[test]
fn a_thrown_number_is_reported_by_its_code_and_the_console_goes_on() {
    let script = "-1 throw\n-2 throw\n-13 throw\n1234 throw\n-999 throw\n2 3 + .\n";
    answers_with_errors(
        script,
        &[
            "-1 throw aborted",
            "-2 throw exception -2 (abort\")",
            "-13 throw exception -13 (undefined word)",
            "1234 throw exception 1234 ",
            "-999 throw exception -999 ",
            "2 3 + . 5 ok",
        ],
    );
}

#[test]
fn a_line_longer_than_the_input_buffer_is_refused_whole() {
    let long = format!("1 {}. ", "1 + ".repeat(80));
    assert!(long.len() > 256);
    let script = format!("{long}\n7 .\n");
    for board in BOARDS {
        let (shown, _) = console(board, &script);
        let lines: Vec<&str> = shown.lines().collect();
        assert!(
            lines[0].ends_with(" line too long (the line was not run)"),
            "{board}:\n{shown}"
        );
        assert_eq!(lines[1], "7 . 7 ok", "{board}:\n{shown}");
    }
}

#[test]
fn an_exception_in_main_is_reported_and_the_board_reaches_its_console() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("app.fs"),
        ": x-broken ( -- ) .\" the sensor is missing\" ;\n\
         : init init .\" init ran\" cr ;\n\
         : main ( -- ) .\" main starts\" cr ['] x-broken ?raise ;\n",
    )
    .unwrap();
    for board in BOARDS {
        let out = thumbforth(
            dir.path(),
            &["build", "--target", board, "app.fs", "-o", "app.elf"],
        );
        assert!(out.status.success(), "{}", text(&out.stderr));
        let run = thumbforth_fed(
            dir.path(),
            &["run", "--target", board, "app.elf"],
            b"1 2 + .\n",
        );
        let shown = text(&run.stdout);
        let banner = format!("thumbforth {} on {board}\n", env!("CARGO_PKG_VERSION"));
        assert_eq!(
            shown,
            format!("init ran\nmain starts\nmain: the sensor is missing\n{banner}1 2 + . 3 ok\n"),
            "{board}: {}",
            text(&run.stderr)
        );
        assert_eq!(run.status.code(), Some(0), "{board}");
    }
}

#[test]
fn large_allots_in_flash_work_and_survive_a_reboot() {
    let script = "compile-to-flash create big 5000 allot : a2 2 ; a2 .\n\
                  create big2 100000 allot : a3 3 ; a3 .\n\
                  1000000000 allot\n-1000000000 allot\n: a4 4 ;\n\
                  compile-to-ram a2 a3 a4 + + .\nreboot\na2 a3 a4 + + .\n";
    for board in BOARDS {
        let (shown, _) = console(board, script);
        let banner = format!("thumbforth {} on {board}", env!("CARGO_PKG_VERSION"));
        let wanted = format!(
            "compile-to-flash create big 5000 allot : a2 2 ; a2 . 2 ok\n\
             create big2 100000 allot : a3 3 ; a3 . 3 ok\n\
             1000000000 allot flash dictionary space is full\n\
             -1000000000 allot flash dictionary space is full\n\
             : a4 4 ; ok\ncompile-to-ram a2 a3 a4 + + . 9 ok\n\
             reboot {banner}\na2 a3 a4 + + . 9 ok\n"
        );
        assert_eq!(shown, wanted, "{board}");
    }
}

#[test]
fn filling_flash_stops_at_its_end_and_keeps_the_records_of_the_dictionary() {
    // Giving flash back with a negative `allot` stops at what is programmed:
    // a word laid over it would be published but never programmed.
    let script = "compile-to-flash : keep 42 ;\n: fill begin 4000 allot again ; fill\n\
                  unused 0< . unused 4000 < .\n-256 allot\n\
                  compile-to-ram : b9 9 ; keep b9 + .\nreboot\nkeep .\n";
    for board in BOARDS {
        let (shown, _) = console(board, script);
        let lines: Vec<&str> = shown.lines().collect();
        assert_eq!(
            lines[1], ": fill begin 4000 allot again ; fill flash dictionary space is full",
            "{board}:\n{shown}"
        );
        assert_eq!(
            lines[2], "unused 0< . unused 4000 < . 0 -1 ok",
            "{board}:\n{shown}"
        );
        assert!(
            lines[3].starts_with("-256 allot cannot change flash at "),
            "{board}:\n{shown}"
        );
        assert_eq!(
            lines[4], "compile-to-ram : b9 9 ; keep b9 + . 51 ok",
            "{board}:\n{shown}"
        );
        assert_eq!(
            lines[6], "keep . 42 ok",
            "after the reboot, {board}:\n{shown}"
        );
    }
}

/// A negative `allot` into the newest header is refused on the board: given
/// back and programmed, it left a chain that faulted at every search, even
/// after a reset.
#[test]
fn a_negative_allot_into_a_header_is_refused_and_the_board_keeps_its_words() {
    let script = "compile-to-flash : keep 42 ;\n: a 1 ; : b 2 ; -40 allot\nreboot\nkeep .\n";
    for board in BOARDS {
        let (shown, _) = console(board, script);
        let lines: Vec<&str> = shown.lines().collect();
        assert_eq!(
            lines[1], ": a 1 ; : b 2 ; -40 allot a negative allot cannot give back a word's header",
            "{board}:\n{shown}"
        );
        assert_eq!(lines[3], "keep . 42 ok", "{board}:\n{shown}");
    }
}

/// A negative `allot` within what is not programmed yet gives the space
/// back, and a word laid there works and survives a reboot.
#[test]
fn a_negative_allot_in_the_unprogrammed_buffer_gives_space_back() {
    // The second line gives back bytes it laid down itself, which the end
    // of the line programs as part of their page: they must be erased by
    // then, or the next word's header would be programmed over them.
    let script = "compile-to-flash : keep 42 ;\n100 allot -100 allot : b9 9 ;\n\
                  create buf 10 allot -20 allot\n: k2 keep 1+ ;\n\
                  compile-to-ram keep b9 + k2 + .\nreboot\nkeep b9 + k2 + .\n";
    for board in BOARDS {
        let (shown, _) = console(board, script);
        let lines: Vec<&str> = shown.lines().collect();
        let wanted = [
            (1, "100 allot -100 allot : b9 9 ; ok"),
            (2, "create buf 10 allot -20 allot ok"),
            (4, "compile-to-ram keep b9 + k2 + . 94 ok"),
            (6, "keep b9 + k2 + . 94 ok"),
        ];
        for (i, line) in wanted {
            assert_eq!(lines[i], line, "{board}:\n{shown}");
        }
    }
}

#[test]
fn a_board_on_its_own_never_executes_a_bkpt_bye_and_main_return_to_the_console() {
    // `--bare` models a board with no debugger: DHCSR.C_DEBUGEN reads 0 and
    // a semihosting `bkpt` would be a HardFault, which the run reports.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("app.fs"),
        ": main ( -- ) .\" main returns\" cr ;\n",
    )
    .unwrap();
    for board in BOARDS {
        let out = thumbforth(
            dir.path(),
            &["build", "--target", board, "app.fs", "-o", "app.elf"],
        );
        assert!(out.status.success(), "{}", text(&out.stderr));
        let run = thumbforth_fed(
            dir.path(),
            &["run", "--bare", "--target", board, "app.elf"],
            b"1 2 + .\nbye\n3 (exit-status)\n4 5 + .\n",
        );
        let banner = format!("thumbforth {} on {board}\n", env!("CARGO_PKG_VERSION"));
        assert_eq!(
            text(&run.stdout),
            format!(
                "main returns\n{banner}1 2 + . 3 ok\nbye ok\n3 (exit-status) ok\n4 5 + . 9 ok\n"
            ),
            "{board}: {}",
            text(&run.stderr)
        );
        assert_eq!(run.status.code(), Some(0), "{board}: {}", text(&run.stderr));
        // With a debugger attached, `bye` ends the run.
        let run = thumbforth_fed(
            dir.path(),
            &["run", "--target", board, "app.elf"],
            b"3 (exit-status)\n",
        );
        assert_eq!(run.status.code(), Some(3), "{board}");
    }
}

#[test]
fn a_bkpt_with_no_debugger_attached_is_reported_as_the_hardfault_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let source = "code hard-exit ( -- )\n    movs r0, #0x18\n    bkpt #0xab\nend-code\n\
                  : main ( -- ) hard-exit ;\n";
    std::fs::write(dir.path().join("hard.fs"), source).unwrap();
    let out = thumbforth(dir.path(), &["build", "hard.fs", "-o", "hard.elf"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let run = thumbforth_fed(dir.path(), &["run", "--bare", "hard.elf"], b"");
    assert_eq!(run.status.code(), Some(125), "{}", text(&run.stdout));
    let report = text(&run.stderr);
    assert!(report.contains("no debugger attached"), "{report}");
    assert!(report.contains("hard-exit"), "{report}");
}
