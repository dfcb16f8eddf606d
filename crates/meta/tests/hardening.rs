//! Bad input is refused with an error that says what went wrong, on every
//! board, instead of building an image that does something else: stack
//! underflow at build time, include cycles, runaway `evaluate`, control
//! structures closed by the wrong word, build-time stores into the image.

use meta::{Build, BuildOptions};

const BOARDS: &[&str] = target::BUILT_IN_TARGETS;

fn target(name: &str) -> target::Target {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../targets");
    target::Target::load(name, &root).unwrap()
}

fn fresh(board: &str) -> Build {
    Build::new(&target(board), BuildOptions::default()).unwrap()
}

/// The rendered error of loading `src`, or a panic if it loads.
fn error_of(board: &str, src: &str) -> String {
    let mut b = fresh(board);
    match b.load_text("test.fs", src) {
        Ok(()) => panic!("{board}: `{src}` was accepted"),
        Err(d) => d.render(&b.session.sources, false),
    }
}

#[test]
fn one_cell_of_stack_underflow_at_build_time_is_an_error() {
    for board in BOARDS {
        for src in ["drop drop drop", ".", ": x drop ; x", "1 drop drop"] {
            let e = error_of(board, src);
            assert!(e.contains("stack underflow"), "{board}: {src}: {e}");
        }
        // Two cells too many were caught before; they still are.
        assert!(error_of(board, "2drop").contains("underflow"));
    }
}

#[test]
fn words_that_use_exactly_the_stack_they_are_given_still_run() {
    for board in BOARDS {
        let mut b = fresh(board);
        b.load_text("test.fs", "1 drop 1 2 + drop : y ( n -- ) drop ; 5 y")
            .unwrap();
        assert!(
            b.session.machine.stack.is_empty(),
            "{board}: {:?}",
            b.session.machine.stack
        );
    }
}

mod tester {
    use meta::resident::ResidentBoard;
    use meta::tests_runner::{run_file, Failure, Options, Outcome, Report};

    use super::{fresh, BOARDS};

    /// Runs `text` as a test file, tethered or typed into the booted board.
    fn run(board: &str, text: &str, resident: bool) -> Report {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cases.fs");
        std::fs::write(&path, text).unwrap();
        let mut b = fresh(board);
        b.load_text("tester.fs", meta::kernel::TESTER).unwrap();
        let mut report = Report::default();
        if resident {
            let mut r = ResidentBoard::boot(b, 10_000_000).unwrap();
            r.run_file(&path, &Options::default(), &mut report).unwrap();
        } else {
            run_file(&mut b.session, &path, &Options::default(), &mut report).unwrap();
        }
        report
    }

    /// (line, error text) of each failure.
    fn failures(r: &Report) -> Vec<(u32, String)> {
        r.failures()
            .map(|(c, f)| match f {
                Failure::Error(e) => (c.line, e.clone()),
                other => (c.line, other.kind().to_owned()),
            })
            .collect()
    }

    #[test]
    fn arrow_and_close_without_an_open_case_fail_on_their_line() {
        for board in BOARDS {
            for resident in [false, true] {
                let r = run(board, "T{ 1 -> 1 }T\n-> }T\n}T\nT{ 2 -> 2 }T\n", resident);
                assert_eq!(r.passed(), 2, "{board} resident={resident}: {r:?}");
                let f = failures(&r);
                assert_eq!(f.len(), 2, "{board} resident={resident}: {f:?}");
                assert_eq!(f[0].0, 2);
                assert!(f[0].1.contains("`->` outside a case"), "{}", f[0].1);
                assert_eq!(f[1].0, 3);
                assert!(f[1].1.contains("`}T` without"), "{}", f[1].1);
            }
        }
    }

    #[test]
    fn a_case_never_closed_fails_at_its_own_line() {
        for board in BOARDS {
            for resident in [false, true] {
                let r = run(board, "T{ 1 2 +\nT{ 3 -> 3 }T\nT{ 4 5\n", resident);
                assert_eq!(r.passed(), 1, "{board} resident={resident}: {r:?}");
                let f = failures(&r);
                assert_eq!(f.len(), 2, "{board} resident={resident}: {f:?}");
                assert_eq!(f[0].0, 1);
                assert!(
                    f[0].1.contains("no `-> }T` before the next `T{`"),
                    "{}",
                    f[0].1
                );
                assert_eq!(f[1].0, 3);
                assert!(f[1].1.contains("before the end of the file"), "{}", f[1].1);
            }
        }
    }

    #[test]
    fn a_case_may_span_lines_and_a_failed_line_is_reported_once() {
        for board in BOARDS {
            let r = run(
                board,
                "T{ 1 2\n  + -> 3 }T\nT{ nosuchword -> 1 }T\nT{ 7 -> 7 }T\n",
                false,
            );
            assert_eq!(r.passed(), 2, "{board}: {r:?}");
            let f = failures(&r);
            assert_eq!(f.len(), 1, "{board}: {f:?}");
            assert_eq!(f[0].0, 3);
            assert!(matches!(r.cases.last().unwrap().outcome, Outcome::Passed));
        }
    }

    #[test]
    fn dropping_more_than_the_case_pushed_fails_the_case() {
        for board in BOARDS {
            let r = run(board, "T{ drop drop drop -> }T\n", false);
            assert_eq!(r.passed(), 0, "{board}: {r:?}");
            let f = failures(&r);
            assert!(f[0].1.contains("stack underflow"), "{board}: {f:?}");
        }
    }
}

mod nesting {
    use super::{fresh, BOARDS};

    fn write(dir: &std::path::Path, name: &str, text: &str) -> std::path::PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    fn load_error(board: &str, path: &std::path::Path) -> String {
        let mut b = fresh(board);
        match b.load_file(path) {
            Ok(()) => panic!("{board}: {} loaded", path.display()),
            Err(d) => d.render(&b.session.sources, false),
        }
    }

    #[test]
    fn a_file_that_includes_itself_is_an_include_cycle() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(dir.path(), "self.fs", ": a 1 ;\ninclude self.fs\n");
        for board in BOARDS {
            let e = load_error(board, &p);
            assert!(e.contains("include cycle"), "{e}");
            assert!(e.contains("self.fs:2:1"), "{e}");
        }
    }

    #[test]
    fn two_files_that_include_each_other_name_the_whole_cycle() {
        let dir = tempfile::tempdir().unwrap();
        let a = write(dir.path(), "a.fs", "include b.fs\n");
        write(dir.path(), "b.fs", "\\ b\ninclude a.fs\n");
        let e = load_error("rp2350", &a);
        let name = a.display().to_string();
        let b = dir.path().join("b.fs").display().to_string();
        assert!(
            e.contains(&format!("include cycle: {name} → {b} → {name}")),
            "{e}"
        );
        assert!(e.contains("b.fs:2:1"), "{e}");
    }

    #[test]
    fn require_of_a_file_being_loaded_does_nothing_as_forth_says() {
        let dir = tempfile::tempdir().unwrap();
        let a = write(dir.path(), "a.fs", "1 include b.fs\n");
        write(dir.path(), "b.fs", "require a.fs 2\n");
        let mut b = fresh("rp2350");
        b.load_file(&a).unwrap();
        assert_eq!(b.session.machine.stack, [1, 2]);
    }

    #[test]
    fn the_same_file_included_twice_in_a_row_is_no_cycle() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "inc.fs", "1+\n");
        let main = write(dir.path(), "main.fs", "0 include inc.fs include inc.fs\n");
        let mut b = fresh("rp2350");
        b.load_file(&main).unwrap();
        assert_eq!(b.session.machine.stack, [2]);
    }

    #[test]
    fn an_include_chain_thousands_of_files_deep_still_loads() {
        let dir = tempfile::tempdir().unwrap();
        let depth = 3000;
        for i in 0..depth {
            write(
                dir.path(),
                &format!("f{i}.fs"),
                &format!("include f{}.fs\n", i + 1),
            );
        }
        write(dir.path(), &format!("f{depth}.fs"), ": deepest 42 ;\n");
        let mut b = fresh("rp2350");
        b.load_file(&dir.path().join("f0.fs")).unwrap();
        b.load_text("use.fs", "deepest").unwrap();
        assert_eq!(b.session.machine.stack, [42]);
    }

    #[test]
    fn runaway_evaluate_is_an_error_and_nested_evaluate_still_works() {
        for board in BOARDS {
            let e = super::error_of(board, ": e s\" e\" evaluate ; e");
            assert!(e.contains("`evaluate` nested too deeply"), "{board}: {e}");
            assert!(
                e.contains("the outermost `evaluate` ran from test.fs:1:"),
                "{e}"
            );
            // Twenty levels of a word evaluating itself, then a result.
            let mut b = fresh(board);
            b.load_text(
                "test.fs",
                "variable n : e n @ 20 < if 1 n +! s\" e\" evaluate then ; e n @",
            )
            .unwrap();
            assert_eq!(b.session.machine.stack, [20], "{board}");
        }
    }

    /// `postpone ;` runs the kernel's `(;)`, an `evaluate` of `;`: an error
    /// there is shown at the word that ran it, not in the kernel's string.
    #[test]
    fn an_error_at_a_postponed_semicolon_is_shown_at_the_word_that_ran_it() {
        for board in BOARDS {
            let e = super::error_of(board, ": my; postpone ; ; immediate\n: k if 1 my;");
            assert!(
                e.starts_with("test.fs:2:10: error: unbalanced control structure in `k`"),
                "{board}: {e}"
            );
        }
    }

    /// An undefined word inside `evaluate` is thrown on the board (so a
    /// `catch` receives -13); when nothing catches it, the build still
    /// reports the word at its place in the string, not an exception.
    #[test]
    fn an_uncaught_undefined_word_in_nested_evaluates_is_reported_where_it_is() {
        let src = ": t7 s\" 333 $$nothing$$ 334\" evaluate 335 ;\n\
                   : t8 s\" 222 t7 223\" evaluate 224 ;\n\
                   t8";
        for board in BOARDS {
            let e = super::error_of(board, src);
            assert!(
                e.starts_with("<evaluate>:1:5: error: undefined word `$$nothing$$`"),
                "{board}: {e}"
            );
            assert!(!e.contains("uncaught exception"), "{board}: {e}");
            let mut b = fresh(board);
            b.load_text("test.fs", &format!("{src}\n")).unwrap_err();
            b.session.recover();
            b.load_text("next.fs", ": ok 1 2 + ; ok").unwrap();
            assert_eq!(b.session.machine.stack, [3], "{board}");
        }
    }

    #[test]
    fn a_source_file_that_is_not_utf8_is_named_with_the_place_of_the_bad_byte() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("latin1.fs");
        std::fs::write(&p, b": a 1 ;\n: caf\xe9 2 ;\n").unwrap();
        let e = load_error("rp2350", &p);
        assert!(
            e.contains("is not UTF-8 text: byte 0xe9 at line 2 column 6"),
            "{e}"
        );
        assert!(e.contains("latin1.fs:2:6"), "{e}");
    }
}

#[test]
fn a_missing_file_is_named_without_pointing_into_the_standard_image() {
    let mut b = fresh("rp2350");
    let d = b
        .load_file(std::path::Path::new("/nonexistent/app.fs"))
        .unwrap_err();
    let e = d.render(&b.session.sources, false);
    assert!(e.contains("cannot read `/nonexistent/app.fs`"), "{e}");
    assert!(!e.contains("standard image"), "{e}");
}

mod control_flow {
    use super::{error_of, fresh, BOARDS};

    #[test]
    fn a_word_closing_the_wrong_structure_names_both_words() {
        let cases = [
            (
                ": x if again ;",
                "`again` cannot close an `if`: it closes a `begin`",
            ),
            (": x begin then ;", "`then` cannot close a `begin`"),
            (": x if begin then again ;", "`then` cannot close a `begin`"),
            (
                ": x 1 case 1 of endcase ;",
                "`endcase` cannot close an `of`",
            ),
            (
                ": x if loop ;",
                "`loop` cannot close an `if`: it closes `do` or `?do`",
            ),
            (": x 5 0 do until ;", "`until` cannot close a `do`"),
            (": x begin 1 of ;", "`of` cannot close a `begin`"),
            (": x case endof ;", "`endof` cannot close a `case`"),
            (
                ": x then ;",
                "`then` closes `if`, `ahead`, `else` or `while`, and none is open",
            ),
            (": x [ 7 ] then ;", "`then` found 7 where"),
            (
                ": x begin ;",
                "unbalanced control structure in `x`: a `begin` is not closed",
            ),
        ];
        for board in BOARDS {
            for (src, wanted) in cases {
                let e = error_of(board, src);
                assert!(e.contains(wanted), "{board}: `{src}`:\n{e}");
            }
        }
    }

    #[test]
    fn the_kernels_own_control_words_refuse_the_wrong_structure_at_build_time() {
        // `postpone`d, the kernel's Forth words run on the board at build
        // time and meet the host's items.
        let src = ": my-if postpone if ; immediate : my-again postpone again ; immediate\n\
                   : y my-if my-again ;";
        for board in BOARDS {
            let e = error_of(board, src);
            assert!(e.contains("`again` cannot close an `if`"), "{board}:\n{e}");
            let e = error_of(
                board,
                ": my-then postpone then ; immediate : z begin my-then ;",
            );
            assert!(e.contains("`then` cannot close a `begin`"), "{board}:\n{e}");
        }
    }

    #[test]
    fn every_well_formed_structure_still_compiles_and_runs() {
        let src = ": t1 if 1 else 2 then ; : t2 0 begin 1+ dup 5 = until ;\n\
                   : t3 0 begin dup 3 < while 1+ repeat ; : t4 0 10 0 do i + loop ;\n\
                   : t5 case 1 of 10 endof 2 of 20 endof 0 swap endcase ;\n\
                   : t6 0 begin dup 2 < while dup 1 < while 1+ repeat 100 + else 50 + then ;\n\
                   : t7 0 10 0 ?do i 5 = if leave then 1+ loop ;\n\
                   : my-if postpone if ; immediate : my-then postpone then ; immediate\n\
                   : t8 my-if 3 else 4 my-then ;\n\
                   -1 t1 0 t1 t2 t3 t4 1 t5 2 t5 3 t5 t6 t7 -1 t8 0 t8";
        for board in BOARDS {
            let mut b = fresh(board);
            b.load_text("ok.fs", src)
                .unwrap_or_else(|d| panic!("{board}: {}", d.render(&b.session.sources, false)));
            assert_eq!(
                b.session.machine.stack,
                [1, 2, 5, 3, 45, 10, 20, 0, 101, 5, 3, 4],
                "{board}"
            );
        }
    }
}

mod overflow {
    use super::{fresh, BOARDS};

    #[test]
    fn runaway_stacks_at_build_time_are_named_and_the_build_goes_on_intact() {
        let cases = [
            (": x 0 begin 1+ dup again ; x", "data stack overflow in `x`"),
            (": r3 recurse 1 ; r3", "return stack overflow in `r3`"),
            (
                ": r4 dup if 1- recurse then ; 100000 r4",
                "return stack overflow in `r4`",
            ),
        ];
        for board in BOARDS {
            let mut b = fresh(board);
            for (src, wanted) in cases {
                let d = b.load_text("test.fs", src).unwrap_err();
                let e = d.render(&b.session.sources, false);
                assert!(e.contains(wanted), "{board}: {src}:\n{e}");
                // What a terminal or a test run does after an error: the
                // session goes on, its dictionary and variables unharmed.
                b.session.recover();
                b.load_text("after.fs", ": after 5 ; variable v 7 v ! after v @")
                    .unwrap_or_else(|d| panic!("{board}: {}", d.render(&b.session.sources, false)));
                assert_eq!(b.session.machine.stack, [5, 7], "{board} after {src}");
                b.session.machine.stack.clear();
            }
        }
    }

    #[test]
    fn build_time_code_may_fill_ram_it_allots_as_it_runs() {
        // `ram-allot` inside one execution, then stores all through it: the
        // guard below the stacks must let them through.
        let src = ": big ( -- addr ) ram-here 60000 ram-allot ;\n\
                   : fill-it ( addr -- ) 60000 0 do 7 over i + c! loop drop ;\n\
                   : go big dup fill-it dup 59999 + c@ swap c@ ; go";
        for board in BOARDS {
            let mut b = fresh(board);
            b.load_text("ram.fs", src)
                .unwrap_or_else(|d| panic!("{board}: {}", d.render(&b.session.sources, false)));
            assert_eq!(b.session.machine.stack, [7, 7], "{board}");
        }
    }
}

mod image_protection {
    use super::{error_of, fresh, BOARDS};

    #[test]
    fn a_build_time_store_into_the_start_of_the_image_is_refused_and_named() {
        for board in BOARDS {
            let e = error_of(board, "1 flash-origin !");
            let wanted = if *board == "rp2040" {
                "which holds the RP2040 boot2 block"
            } else {
                "which holds the vector table"
            };
            assert!(e.contains("stored into 0x"), "{board}:\n{e}");
            assert!(e.contains(wanted), "{board}:\n{e}");
            let e = error_of(board, "0 ' dup 1 invert and !");
            assert!(
                e.contains("which holds the code of the standard image's `dup`"),
                "{board}:\n{e}"
            );
        }
    }

    #[test]
    fn build_time_code_still_writes_the_dictionary_it_builds() {
        for board in BOARDS {
            let mut b = fresh(board);
            b.load_text("data.fs", "create t 1 , 2 , 5 t ! t @ t cell+ @")
                .unwrap_or_else(|d| panic!("{board}: {}", d.render(&b.session.sources, false)));
            assert_eq!(b.session.machine.stack, [5, 2], "{board}");
        }
    }

    #[test]
    fn allot_past_the_end_of_its_region_is_refused_and_the_pointers_stay() {
        for board in BOARDS {
            let mut b = fresh(board);
            let here = b.session.machine.flash_here();
            // The kernel's allots check the space left; the host catches a
            // word that moves a pointer behind their back.
            for (src, wanted) in [
                ("$7FFFFFF0 allot", "flash dictionary space is full"),
                ("$7FFFFFF0 dp +!", "moved the flash dictionary pointer"),
                ("$7FFFFFF0 ram-allot", "RAM dictionary space is full"),
                ("$7FFFFFF0 ram-dp +!", "moved the RAM dictionary pointer"),
            ] {
                let d = b.load_text("a.fs", src).unwrap_err();
                let e = d.render(&b.session.sources, false);
                assert!(e.contains(wanted), "{board}: {src}:\n{e}");
                assert_eq!(b.session.machine.flash_here(), here, "{board}: {src}");
                b.session.recover();
            }
            // The build goes on where it was.
            b.load_text("after.fs", ": after 1 ; variable v after")
                .unwrap();
            assert_eq!(b.session.machine.stack, [1]);
        }
    }

    /// A negative allot may give back data and code, but not a header: a
    /// word laid over one breaks the chain every search walks, and the
    /// image would fault at its first search.
    #[test]
    fn a_negative_allot_into_a_header_is_refused_and_one_within_a_body_is_not() {
        for board in BOARDS {
            for space in ["compile-to-flash", "compile-to-ram"] {
                let mut b = fresh(board);
                let src = format!("{space} : a 1 ; : b 2 ; -40 allot");
                let d = b.load_text("a.fs", &src).unwrap_err();
                let e = d.render(&b.session.sources, false);
                assert!(
                    e.contains("a negative allot cannot give back a word's header"),
                    "{board}: {src}:\n{e}"
                );
                b.session.recover();
                b.load_text("b.fs", "create buf 16 allot -16 allot : c 3 ; a b c + +")
                    .unwrap();
                assert_eq!(b.session.machine.stack, [6], "{board}: {space}");
            }
        }
    }

    #[test]
    fn a_buffer_larger_than_ram_is_refused_before_its_body_is_made() {
        for board in BOARDS {
            let mut b = fresh(board);
            // A negative size is nearly 4 GiB; in RAM the body used to be
            // made in host memory before the space was checked.
            for space in ["compile-to-ram", "compile-to-flash"] {
                for size in ["-8", "-1", "$7FFFFFF0", "400000000"] {
                    let src = format!("{space} {size} buffer: big");
                    let d = b.load_text("big.fs", &src).unwrap_err();
                    let e = d.render(&b.session.sources, false);
                    assert!(
                        e.contains("RAM dictionary space is full"),
                        "{board}: {src}:\n{e}"
                    );
                    b.session.recover();
                }
            }
            b.load_text(
                "after.fs",
                "compile-to-ram 16 buffer: small small 16 erase small @",
            )
            .unwrap();
            assert_eq!(b.session.machine.stack, [0], "{board}");
        }
    }
}

mod tethered_tests_see_the_chip {
    use meta::tests_runner::{run_file, Options, Outcome, Report};

    use super::{fresh, BOARDS};

    #[test]
    fn a_test_that_stores_into_flash_data_fails_as_it_would_on_the_chip() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("flash-store.fs");
        std::fs::write(
            &path,
            "\\ fbuf is the application's, in flash; tests compile to RAM\n\
             create rbuf 16 allot\n\
             T{ 5 fbuf ! fbuf @ -> 5 }T\nT{ 6 rbuf ! rbuf @ -> 6 }T\n",
        )
        .unwrap();
        for board in BOARDS {
            let mut b = fresh(board);
            b.load_text("app.fs", "create fbuf 16 allot").unwrap();
            b.load_text("tester.fs", meta::kernel::TESTER).unwrap();
            b.enter_boot_state().unwrap();
            let mut report = Report::default();
            run_file(&mut b.session, &path, &Options::default(), &mut report).unwrap();
            let outcomes: Vec<(u32, bool)> = report
                .cases
                .iter()
                .map(|c| (c.line, c.outcome == Outcome::Passed))
                .collect();
            assert_eq!(outcomes, [(3, false), (4, true)], "{board}: {report:?}");
        }
    }
}

#[test]
fn files_held_in_memory_are_included_by_name_and_their_cycles_refused() {
    let mut b = fresh("rp2350");
    b.add_virtual_file("a.fs", ": from-a 1 ;\ninclude b.fs\n");
    b.add_virtual_file("b.fs", "from-a 2 +\ninclude a.fs\n");
    let d = b.load_text("main.fs", "include a.fs").unwrap_err();
    let e = d.render(&b.session.sources, false);
    assert!(e.contains("include cycle: a.fs → b.fs → a.fs"), "{e}");
    assert!(e.contains("b.fs:2:1"), "{e}");
    b.session.recover();
    b.add_virtual_file("c.fs", "from-a 2 +\n");
    b.load_text("again.fs", "require c.fs require c.fs")
        .unwrap();
    assert_eq!(b.session.machine.stack, [3], "required once");
}

#[test]
fn a_line_whose_input_buffer_ends_inside_a_character_is_answered() {
    // The board's input buffer holds 256 bytes of a line; target code that
    // parses to its end leaves >IN inside a three-byte character.
    let line = format!(
        "begin-structure sr\n  2 +field sr-{}x\nend-structure\n",
        "€".repeat(100)
    );
    for board in BOARDS {
        let mut b = fresh(board);
        // Success or a diagnostic: what matters is an answer, not a panic.
        let _ = b.load_text("long.fs", &line);
        b.session.recover();
        b.load_text("after.fs", "1 2 +").unwrap();
        assert_eq!(b.session.machine.stack, [3], "{board}");
    }
}
