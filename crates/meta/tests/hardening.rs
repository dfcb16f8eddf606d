//! Bad input is refused with an error that says what went wrong, on every
//! board, instead of building an image that does something else: stack
//! underflow at build time, include cycles, runaway `evaluate`, control
//! structures closed by the wrong word, build-time stores into the image.

use meta::{Build, BuildOptions};

const BOARDS: &[&str] = &["rp2350", "rp2040", "stm32f407"];

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
        assert!(b.session.stack.is_empty(), "{board}: {:?}", b.session.stack);
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
