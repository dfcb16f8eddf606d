//! The board's own console, as a user at a terminal or a script meets it:
//! the standard image boots into the resident interpreter after `main`, and
//! `thumbforth run` feeds it piped input or `--input FILE`, echoing each line
//! with the board's answer, and ends when the input is used up.

#[path = "support/mod.rs"]
mod support;

use support::{banner, standard_image, text, thumbforth, thumbforth_fed, write};

const BOARDS: &[&str] = target::BUILT_IN_TARGETS;

#[test]
fn a_user_defines_and_runs_words_and_allocates_at_the_prompt_on_every_board() {
    let dir = tempfile::tempdir().unwrap();
    let script = ": sq dup * ;\n7 sq .\n\
                  allocate-wordlist >order 8192 128 init-shared-heap previous\n\
                  1000 allocate! dup 8 mod . free!\nwords\n";
    for board in BOARDS {
        let elf = standard_image(dir.path(), board);
        let run = ["run", "--target", board, elf.to_str().unwrap()];
        let out = thumbforth_fed(dir.path(), &run, script.as_bytes());
        let shown = text(&out.stdout);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{board}: {shown}{}",
            text(&out.stderr)
        );
        let expected = format!(
            "{}: sq dup * ; ok\n7 sq . 49 ok\n\
             allocate-wordlist >order 8192 128 init-shared-heap previous ok\n\
             1000 allocate! dup 8 mod . free! 0 ok\nwords sq ",
            banner(board)
        );
        assert!(shown.starts_with(&expected), "{board}:\n{shown}");
        // `words` lists board- and host-compiled words alike.
        let listed: Vec<&str> = shown.split_whitespace().collect();
        for word in ["quit", "allocate!", "dup", "led-pin"] {
            assert!(listed.contains(&word), "{board}: no {word} in\n{shown}");
        }
        assert!(shown.ends_with("\nok\n"), "{board}:\n{shown}");
    }
}

#[test]
fn errors_name_the_word_and_the_console_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let elf = standard_image(dir.path(), "rp2350");
    let script =
        "1 2 nosuchword 3\n.s\ndrop drop\n5 .\n: half 2 / ;\nif\n: bad dup if ;\n8 half .\n";
    let out = thumbforth_fed(
        dir.path(),
        &["run", elf.to_str().unwrap()],
        script.as_bytes(),
    );
    assert_eq!(
        text(&out.stdout),
        format!(
            "{}1 2 nosuchword 3 undefined word: nosuchword\n\
             .s <0> ok\n\
             drop drop stack underflow\n\
             5 . 5 ok\n\
             : half 2 / ; ok\n\
             if compile-only word\n\
             : bad dup if ; `;` cannot close an `if`\n\
             8 half . 4 ok\n",
            banner("rp2350")
        )
    );
    // Scripts in CI learn of errors from the exit status.
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stderr), "the console reported 4 error(s)\n");
}

#[test]
fn backspace_takes_back_characters_and_definitions_span_lines() {
    let dir = tempfile::tempdir().unwrap();
    let elf = standard_image(dir.path(), "stm32f407");
    let script = b"12\x7f3 .\r\n: twice\r\n  dup + ;\r\n\x08\x084 twice .\r\n";
    let run = ["run", "--target", "stm32f407", elf.to_str().unwrap()];
    let out = thumbforth_fed(dir.path(), &run, script);
    assert_eq!(
        text(&out.stdout),
        format!(
            "{}12\x08 \x083 . 13 ok\n: twice compiled\n  dup + ; ok\n4 twice . 8 ok\n",
            banner("stm32f407")
        )
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn input_file_is_a_script_and_evaluate_works_without_a_host() {
    let dir = tempfile::tempdir().unwrap();
    let elf = standard_image(dir.path(), "rp2040");
    let script = dir.path().join("script.fs");
    std::fs::write(
        &script,
        "s\" : ev 6 * ; 7 ev\" evaluate .\n0 [if]\n  never\n[else] 9 .\n[then]\n",
    )
    .unwrap();
    let out = thumbforth(
        dir.path(),
        &[
            "run",
            "--target",
            "rp2040",
            elf.to_str().unwrap(),
            "--input",
            script.to_str().unwrap(),
        ],
    );
    let shown = text(&out.stdout);
    assert!(shown.contains("evaluate . 42 ok\n"), "{shown}");
    assert!(shown.contains("[else] 9 . 9 ok\n[then] ok\n"), "{shown}");
    assert_eq!(out.status.code(), Some(0), "{shown}{}", text(&out.stderr));
}

/// Words the host compiled into the image that begin or end definitions
/// (`postpone ;` compiles the kernel's `(;)`) work in definitions typed at
/// the board's prompt, where no host is there to end them.
#[test]
fn host_compiled_words_that_begin_and_end_definitions_work_at_the_prompt_on_every_board() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "words.fs",
        ": my; postpone ; ; immediate\n: my: : ;\n",
    );
    for board in BOARDS {
        let elf = dir.path().join(format!("{board}.elf"));
        let out = thumbforth(
            dir.path(),
            &[
                "build",
                "--target",
                board,
                "words.fs",
                "-o",
                elf.to_str().unwrap(),
            ],
        );
        assert!(out.status.success(), "{}", text(&out.stderr));
        let out = thumbforth_fed(
            dir.path(),
            &["run", "--target", board, elf.to_str().unwrap()],
            ": three 1 2 + my;\nthree .\nmy: four 4 ;\nfour .\nmy: five 5 my;\nfive .\n",
        );
        let shown = text(&out.stdout);
        assert!(shown.contains("three . 3 ok\n"), "{board}: {shown}");
        assert!(shown.contains("four . 4 ok\n"), "{board}: {shown}");
        assert!(shown.contains("five . 5 ok\n"), "{board}: {shown}");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{board}: {shown}{}",
            text(&out.stderr)
        );
    }
}

#[test]
fn catch_gives_the_standards_codes_and_order_prints_the_search_order() {
    let dir = tempfile::tempdir().unwrap();
    let script = ": t6 abort ; : c6 catch ; 1 2 ' t6 c6 .s 2drop drop\n\
                  : t7 true abort\" quiet\" ; 5 ' t7 catch . .\n\
                  s\" nosuchword\" ' evaluate catch . 2drop\n\
                  depth . order depth .\n\
                  wordlist dup . >order definitions order\n\
                  s\" max-n\" environment? . .\n";
    for board in BOARDS {
        let elf = standard_image(dir.path(), board);
        let run = ["run", "--target", board, elf.to_str().unwrap()];
        let out = thumbforth_fed(dir.path(), &run, script.as_bytes());
        let shown = text(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{board}: {shown}");
        for line in [
            "c6 .s 2drop drop <3> 1 2 -1 ok\n",
            "catch . . -2 5 ok\n",
            "catch . 2drop -13 ok\n",
            "order depth . 0 forth (definitions: forth) 0 ok\n",
            "environment? . . -1 2147483647 ok\n",
        ] {
            assert!(shown.contains(line), "{board}: no {line:?} in\n{shown}");
        }
        // A new wordlist is shown by its id, first searched and current.
        let after = shown.split("definitions order ").nth(1).unwrap_or("");
        let wid = after.split_whitespace().next().unwrap_or("?");
        let line = format!("{wid} {wid} forth (definitions: {wid}) ok\n");
        assert!(after.starts_with(&line), "{board}: no {line:?} in\n{shown}");
    }
}

#[test]
fn max_insns_stops_a_runaway_line_but_not_a_long_script() {
    let dir = tempfile::tempdir().unwrap();
    let elf = standard_image(dir.path(), "rp2350");
    // 100 lines of about a million instructions each: ten times the budget
    // in all, a tenth of it on any one line.
    let mut script: String = (0..100)
        .map(|i| format!(": w{i} 0 200000 0 do i + loop drop ; w{i}\n"))
        .collect();
    script.push_str("1 2 + .\n");
    let run = ["run", elf.to_str().unwrap(), "--max-insns", "10000000"];
    let out = thumbforth_fed(dir.path(), &run, script.as_bytes());
    let shown = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{shown}{}", text(&out.stderr));
    assert!(shown.ends_with("1 2 + . 3 ok\n"), "{shown}");

    let out = thumbforth_fed(
        dir.path(),
        &run,
        b": spin 0 begin 1+ again ;\n1 2 + .\nspin\n3 .\n",
    );
    let shown = text(&out.stdout);
    let report = text(&out.stderr);
    assert_eq!(out.status.code(), Some(125), "{shown}{report}");
    assert!(shown.ends_with("1 2 + . 3 ok\nspin "), "{shown}");
    assert!(
        report
            .starts_with("fault: instruction budget of 10000000 exhausted since the program started or last read console input"),
        "{report}"
    );
}

#[test]
fn input_that_ends_inside_a_definition_is_an_error_naming_it_on_every_board() {
    let dir = tempfile::tempdir().unwrap();
    for board in BOARDS {
        let elf = standard_image(dir.path(), board);
        let run = ["run", "--target", board, elf.to_str().unwrap()];
        for (script, name) in [
            (": half 2 /\n", "`half`"),
            ("compile-to-flash\n: fhalf 2 /\n", "`fhalf`"),
            (":noname 2 /\n", ":noname"),
        ] {
            let out = thumbforth_fed(dir.path(), &run, script.as_bytes());
            assert_eq!(out.status.code(), Some(1), "{board}: {script}");
            assert_eq!(
                text(&out.stderr),
                format!("input ended inside a definition of {name}\n"),
                "{board}: {script}"
            );
        }
        let out = thumbforth_fed(dir.path(), &run, b": whole 2 / ;\n");
        assert_eq!(out.status.code(), Some(0), "{board}");
    }
}

#[test]
fn words_compiled_to_flash_on_the_board_survive_a_reboot_on_every_board() {
    let dir = tempfile::tempdir().unwrap();
    let script = "compile-to-flash\n: fsq dup * ;\n: imm 42 ; immediate\n: useimm imm literal ;\n\
                  variable fv\n:noname 6 7 * ; execute .\n: f8 8 ; ' f8 execute .\ncompile-to-ram\n: gone 1 ;\nreboot\n\
                  4 fsq . useimm . 5 fv ! fv @ .\ngone\n";
    for board in BOARDS {
        let elf = standard_image(dir.path(), board);
        let run = ["run", "--target", board, elf.to_str().unwrap()];
        let out = thumbforth_fed(dir.path(), &run, script.as_bytes());
        let shown = text(&out.stdout);
        // A word without a name runs at once, from flash.
        assert!(
            shown.contains(":noname 6 7 * ; execute . 42 ok\n"),
            "{board}:\n{shown}"
        );
        // So does a word found by ' on the line that made it.
        assert!(
            shown.contains(": f8 8 ; ' f8 execute . 8 ok\n"),
            "{board}:\n{shown}"
        );
        let banner = banner(board);
        // The board prints its banner twice: at power-on and after reboot.
        let after = shown
            .split_once(&format!("reboot {banner}"))
            .unwrap_or_else(|| panic!("{board}: no reboot in\n{shown}"))
            .1;
        assert_eq!(
            after, "4 fsq . useimm . 5 fv ! fv @ . 16 42 5 ok\ngone undefined word: gone\n",
            "{board}:\n{shown}"
        );
        assert_eq!(out.status.code(), Some(1), "{board}: {}", text(&out.stderr));
    }
}

#[test]
fn stores_to_flash_do_what_the_chip_does() {
    let dir = tempfile::tempdir().unwrap();
    // The STM32 ignores a store to flash without its programming sequence
    // (the FLASH controller flags PGSERR); the flash keeps its contents.
    let elf = standard_image(dir.path(), "stm32f407");
    let run = ["run", "--target", "stm32f407", elf.to_str().unwrap()];
    let script = "0 flash-end 4096 - !\nflash-end 4096 - @ .\n";
    let out = thumbforth_fed(dir.path(), &run, script.as_bytes());
    assert!(
        text(&out.stdout).ends_with("flash-end 4096 - @ . -1 ok\n"),
        "{}",
        text(&out.stdout)
    );
    // On the RP parts flash is written only through the boot ROM: the
    // emulator reports a store as the fault it is, and reboots the board.
    let elf = standard_image(dir.path(), "rp2040");
    let run = ["run", "--target", "rp2040", elf.to_str().unwrap()];
    let out = thumbforth_fed(dir.path(), &run, b"0 flash-end 4096 - !\n");
    assert_eq!(out.status.code(), Some(1));
    let report = text(&out.stderr);
    assert!(
        report.contains("store to flash at") && report.contains("boot ROM"),
        "{report}"
    );
}

#[test]
fn a_fault_at_the_prompt_names_the_word_and_the_board_reboots_into_its_console() {
    let dir = tempfile::tempdir().unwrap();
    for board in BOARDS {
        let elf = standard_image(dir.path(), board);
        let run = ["run", "--target", board, elf.to_str().unwrap()];
        let script = ": f $12345678 @ ;\nf\n1 2 + .\nf\n3 .\n";
        let out = thumbforth_fed(dir.path(), &run, script.as_bytes());
        let (shown, report) = (text(&out.stdout), text(&out.stderr));
        assert_eq!(out.status.code(), Some(1), "{board}: {shown}{report}");
        let banner = banner(board);
        assert_eq!(
            shown,
            // The reboot clears RAM, and the word with it, as on the chip.
            format!("{banner}: f $12345678 @ ; ok\nf \n{banner}1 2 + . 3 ok\nf undefined word: f\n3 . 3 ok\n"),
            "{board}"
        );
        assert_eq!(
            report
                .matches("read of unmapped address 0x12345678")
                .count(),
            1
        );
        assert!(report.contains(" in f+0x"), "{board}: {report}");
        assert!(
            report.ends_with("rebooting the board\nthe board faulted and was rebooted 1 time(s)\n"),
            "{board}: {report}"
        );
    }
    // A fault before the console read anything ends the run with 125.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("boot.fs"), ": main $12345678 @ drop ;\n").unwrap();
    let out = thumbforth(dir.path(), &["build", "boot.fs", "-o", "boot.elf"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = thumbforth_fed(dir.path(), &["run", "boot.elf"], b"1 .\n");
    assert_eq!(out.status.code(), Some(125), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains(" in main+0x"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn run_finds_the_board_an_image_was_built_for() {
    let dir = tempfile::tempdir().unwrap();
    for board in BOARDS {
        let elf = standard_image(dir.path(), board);
        let out = thumbforth_fed(dir.path(), &["run", elf.to_str().unwrap()], b"1 2 + .\n");
        assert_eq!(
            text(&out.stdout),
            format!("{}1 2 + . 3 ok\n", banner(board)),
            "{board}: {}",
            text(&out.stderr)
        );
    }
}

/// `thumbforth run` at a terminal, through `script`, which gives it a
/// pseudo-terminal and types what it is fed: keys go to the board as typed
/// (Enter is a CR), Ctrl-D ends the input, Ctrl-C stops the run with 130.
#[test]
fn at_a_terminal_keys_go_to_the_board_and_ctrl_c_stops_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let elf = standard_image(dir.path(), "rp2350");
    let cmd = format!(
        "{} run {}; echo status=$?",
        env!("CARGO_BIN_EXE_thumbforth"),
        elf.display()
    );
    let at_terminal = |keys: &[&[u8]]| support::at_terminal(&cmd, keys, 400).replace("\r\n", "\n");
    let shown = at_terminal(&[b": sq dup * ;\r", b"7 sq .\r", b"\x04"]);
    assert_eq!(
        shown,
        format!(
            "{}: sq dup * ; ok\n7 sq . 49 ok\nstatus=0\n",
            banner("rp2350")
        )
    );
    let shown = at_terminal(&[b": spin begin again ;\rspin\r", b"\x03"]);
    assert!(shown.ends_with("spin status=130\n"), "{shown}");
}

/// At a terminal, `--input FILE` is uploaded first and the keys follow; the
/// escape sequences of cursor keys never reach the board.
#[test]
fn at_a_terminal_an_input_file_is_uploaded_then_keys_follow_without_escapes() {
    let dir = tempfile::tempdir().unwrap();
    let elf = standard_image(dir.path(), "rp2350");
    let script = dir.path().join("lib.fs");
    std::fs::write(&script, ": sq dup * ;\n").unwrap();
    let cmd = format!(
        "{} run {} --input {}; echo status=$?",
        env!("CARGO_BIN_EXE_thumbforth"),
        elf.display(),
        script.display()
    );
    let keys: [&[u8]; 3] = [b"7 sq \x1b[A\x1b[D.\r", b"\x1bOP1 2 + .\r", b"\x04"];
    let shown = support::at_terminal(&cmd, &keys, 400).replace("\r\n", "\n");
    assert_eq!(
        shown,
        format!(
            "{}: sq dup * ; ok\n7 sq . 49 ok\n1 2 + . 3 ok\nstatus=0\n",
            banner("rp2350")
        )
    );
}

/// `include FILE` typed at a terminal uploads the file from the host.
#[test]
fn include_typed_at_a_terminal_uploads_the_file_from_the_host() {
    let dir = tempfile::tempdir().unwrap();
    let elf = standard_image(dir.path(), "rp2350");
    std::fs::write(dir.path().join("lib.fs"), ": sq dup * ;\nrequire more.fs\n").unwrap();
    std::fs::write(dir.path().join("more.fs"), ": cube dup sq * ;\n").unwrap();
    let cmd = format!(
        "cd {} && {} run {}; echo status=$?",
        dir.path().display(),
        env!("CARGO_BIN_EXE_thumbforth"),
        elf.display()
    );
    let keys: [&[u8]; 3] = [b"include lib.fs\r", b"3 cube .\r", b"\x04"];
    let shown = support::at_terminal(&cmd, &keys, 400).replace("\r\n", "\n");
    assert!(
        shown.contains(": sq dup * ; ok\n: cube dup sq * ; ok\n"),
        "{shown:?}"
    );
    assert!(shown.ends_with("3 cube . 27 ok\nstatus=0\n"), "{shown:?}");
    assert!(!shown.contains("undefined word"), "{shown:?}");
}

/// `see NAME` typed at a terminal lists a word compiled on the board, from
/// the board's memory, with the words it calls named.
#[test]
fn see_typed_at_a_terminal_lists_a_word_compiled_on_the_board() {
    let dir = tempfile::tempdir().unwrap();
    for board in ["rp2350", "rp2040"] {
        let elf = standard_image(dir.path(), board);
        let cmd = format!(
            "{} run --target {board} {}; echo status=$?",
            env!("CARGO_BIN_EXE_thumbforth"),
            elf.display()
        );
        let keys: [&[u8]; 6] = [
            b": sq dup * ;\r",
            b": cube dup sq * ;\r",
            b"see cube\r",
            b"3 cube .\r",
            b"see nosuch\r",
            b"\x04",
        ];
        let shown = support::at_terminal(&cmd, &keys, 400).replace("\r\n", "\n");
        let listing = shown
            .split_once("cube at 0x")
            .unwrap_or_else(|| panic!("{board}: no listing in {shown:?}"))
            .1;
        assert!(listing.contains("  ; sq\n"), "{board}: {shown:?}");
        assert!(listing.contains("pop {pc}"), "{board}: {shown:?}");
        assert!(shown.contains("3 cube . 27 ok\n"), "{board}: {shown:?}");
        assert!(
            shown.contains("see: undefined word nosuch\n"),
            "{board}: {shown:?}"
        );
        assert!(shown.ends_with("status=0\n"), "{board}: {shown:?}");
    }
}
