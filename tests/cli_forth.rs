//! The Forth commands as a user meets them: `build` writes bootable images
//! whose init chain and main word run on every board, `repl` answers piped
//! lines with ` ok`, `test` reports cases with `N passed, N failed`, and every
//! kind of source error names file:line:column, shows the line and writes no
//! image.

#[path = "support/mod.rs"]
mod support;

use std::path::PathBuf;

use support::{banner, root, text, thumbforth, thumbforth_fed, write};

const BOARDS: &[&str] = target::BUILT_IN_TARGETS;

const APP: &str = "\
variable counter
: init init 5 counter ! ;
: array ( n \"name\" -- ) create ram-here , cells ram-allot does> @ swap cells + ;
4 array slots
: main 7 2 slots ! .\" main sees \" counter @ . 2 slots @ . cr ;
";

#[test]
fn built_images_run_the_init_chain_and_main_on_every_board_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "app.fs", APP);
    for board in BOARDS {
        let mut args = vec!["build", "--target", board, "app.fs"];
        let outs: Vec<String> = ["elf", "bin", "hex", "map"]
            .iter()
            .map(|e| format!("app-{board}.{e}"))
            .collect();
        for o in &outs {
            args.extend(["-o", o.as_str()]);
        }
        let out = thumbforth_fed(dir.path(), &args, "");
        assert!(out.status.success(), "{board}: {}", text(&out.stderr));
        for image in &outs[..3] {
            let run = thumbforth_fed(dir.path(), &["run", "--target", board, image], "");
            assert!(run.status.success(), "{image}: {}", text(&run.stderr));
            assert_eq!(
                text(&run.stdout),
                format!("main sees 5 7 \n{}", banner(board)),
                "{image}"
            );
        }
        let map = std::fs::read_to_string(dir.path().join(&outs[3])).unwrap();
        assert!(map.contains("main"), "the map names words:\n{map}");
        // The resident interpreter and compiler stay within 12 KiB of flash.
        let resident = map
            .lines()
            .find(|l| l.contains("resident interpreter and compiler"))
            .unwrap_or_else(|| panic!("the map reports the resident part:\n{map}"));
        let bytes: u32 = resident.split_whitespace().next().unwrap().parse().unwrap();
        assert!(bytes > 4096 && bytes <= 12 * 1024, "{board}: {resident}");
    }
}

#[test]
fn each_words_elf_symbol_covers_its_code_and_no_more() {
    let dir = tempfile::tempdir().unwrap();
    // main ends in a tail call and is the last word before the boot code.
    write(
        dir.path(),
        "tail.fs",
        ": helper ( n -- n' ) 1+ ;\n: main ( -- ) 2 helper drop ;\n",
    );
    for board in BOARDS {
        let elf = format!("tail-{board}.elf");
        let out = thumbforth(
            dir.path(),
            &["build", "--target", board, "tail.fs", "-o", &elf],
        );
        assert!(out.status.success(), "{board}: {}", text(&out.stderr));
        let bytes = std::fs::read(dir.path().join(&elf)).unwrap();
        let loaded = image::read(&bytes, image::Format::Elf, 0).unwrap();
        let sym = |name: &str| {
            loaded
                .symbols
                .iter()
                .find(|s| s.name == name)
                .unwrap_or_else(|| panic!("{board}: no symbol {name}"))
        };
        let (helper, main, boot) = (sym("helper"), sym("main"), sym("__boot_word"));
        assert!(
            main.size > 0 && main.size <= 16,
            "{board}: main is {} bytes",
            main.size
        );
        assert_eq!(main.addr + main.size, boot.addr, "{board}");
        assert!(helper.addr + helper.size <= main.addr, "{board}");
    }
}

#[test]
fn build_ends_with_a_size_line_per_board() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "app.fs", APP);
    let totals = ["4 MiB", "2 MiB", "1 MiB"];
    let rams = ["520 KiB", "264 KiB", "128 KiB"];
    for (i, board) in BOARDS.iter().enumerate() {
        let bin = format!("app-{board}.bin");
        let out = thumbforth(
            dir.path(),
            &["build", "--target", board, "app.fs", "-o", &bin],
        );
        assert!(out.status.success(), "{board}: {}", text(&out.stderr));
        let err = text(&out.stderr);
        let line = err.lines().last().unwrap_or("");
        // The flash figure is the image's size, as its .bin holds it.
        let len = std::fs::metadata(dir.path().join(&bin)).unwrap().len();
        let kib = format!("{:.1}", len as f64 / 1024.0);
        let kib = kib.strip_suffix(".0").unwrap_or(&kib);
        let start = format!("{board}: flash {kib} KiB of {} (", totals[i]);
        assert!(line.starts_with(&start), "{start:?} in {err}");
        assert!(line.contains(&format!(" of {} (", rams[i])), "{line}");
        assert!(
            line.contains(": dictionary ") && line.ends_with(", stacks 8 KiB)"),
            "{line}"
        );
    }
}

#[test]
fn the_maps_flash_by_part_lists_the_users_files_too() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "lib.fs", ": sq dup * ;\n: cube dup sq * ;\n");
    write(
        dir.path(),
        "app.fs",
        "include lib.fs\n: main 2 cube drop ;\n",
    );
    let out = thumbforth(dir.path(), &["build", "app.fs", "-o", "app.map"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let map = std::fs::read_to_string(dir.path().join("app.map")).unwrap();
    let part = |file: &str| -> u32 {
        let line = map
            .lines()
            .skip_while(|l| *l != "flash by part")
            .find(|l| l.ends_with(file))
            .unwrap_or_else(|| panic!("no part {file} in\n{map}"));
        line.split_whitespace().next().unwrap().parse().unwrap()
    };
    // Each file's own bytes: app.fs's main, not lib.fs's words as well.
    let (lib, app) = (part("lib.fs"), part("app.fs"));
    assert!(lib > app && app > 0, "lib {lib}, app {app}");
    assert!(part("kernel/core.fs") > 1000);
}

#[test]
fn build_without_arguments_writes_the_default_images() {
    let dir = tempfile::tempdir().unwrap();
    let out = thumbforth_fed(dir.path(), &["build"], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    for ext in ["elf", "uf2", "map"] {
        let p = dir.path().join(format!("build/thumbforth-rp2350.{ext}"));
        assert!(p.is_file(), "{} missing", p.display());
    }
}

#[test]
fn main_word_can_be_named_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "m.fs", ": hello .\" hi\" cr ;\n");
    let out = thumbforth_fed(
        dir.path(),
        &["build", "m.fs", "--main", "hello", "-o", "m.elf"],
        "",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let run = thumbforth_fed(dir.path(), &["run", "m.elf"], "");
    assert_eq!(text(&run.stdout), format!("hi\n{}", banner("rp2350")));
}

/// (file body, expected `file:line:col: error: ...` headline start)
const ERRORS: &[(&str, &str)] = &[
    (
        ": foo ( -- )\n  1 2 swpa ;\n",
        "e.fs:2:7: error: undefined word `swpa`",
    ),
    (
        ": bar ( f -- ) if 1 ;\n",
        "e.fs:1:21: error: unbalanced control structure in `bar`",
    ),
    ("1 2 + if\n", "e.fs:1:7: error: `if` is compile-only"),
    (
        ": u drop drop drop ;\nu\n",
        "e.fs:2:1: error: stack underflow in `u`",
    ),
    (
        ": deep 5000 0 do i loop ;\ndeep\n",
        "e.fs:2:1: error: data stack overflow: `deep` left 5000 items",
    ),
    (
        ": x-bad .\" it went bad\" ;\n: boom ['] x-bad ?raise ;\nboom\n",
        "e.fs:3:1: error: uncaught exception in `boom` at build time: it went bad (x-bad)",
    ),
    (
        "99999999999 constant big\n",
        "e.fs:1:1: error: number out of range",
    ),
    (
        "code foo\n    udiv r0, r0, r1\nend-code\n",
        "e.fs:2:5: error: in `code foo`: ",
    ),
    (
        ": unfinished 1 2\n",
        "e.fs:1:3: error: `unfinished` has no `;`",
    ),
];

#[test]
fn every_kind_of_source_error_names_its_place_and_writes_no_image() {
    let dir = tempfile::tempdir().unwrap();
    for (body, headline) in ERRORS {
        write(dir.path(), "e.fs", body);
        let out = thumbforth_fed(
            dir.path(),
            &["build", "--target", "rp2040", "e.fs", "-o", "e.elf"],
            "",
        );
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{body}: {err}");
        assert!(
            err.starts_with(headline),
            "{body}\nexpected {headline}\ngot {err}"
        );
        assert!(
            !dir.path().join("e.elf").exists(),
            "{body}: an image was written"
        );
    }
}

#[test]
fn undefined_words_come_with_the_closest_names() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "e.fs", "1 2 swpa\n");
    let out = thumbforth_fed(dir.path(), &["build", "e.fs", "-o", "e.elf"], "");
    let err = text(&out.stderr);
    assert!(err.contains("closest names: `swap`"), "{err}");
    assert!(err.contains("1 2 swpa"), "the source line is shown: {err}");
}

/// Diagnostics at a terminal (a pseudo-terminal from `script`, util-linux)
/// are coloured unless NO_COLOR, TERM=dumb or `--color never` says not to;
/// `--color always` colours a pipe too.
#[test]
fn diagnostics_are_coloured_at_a_terminal_unless_asked_not_to() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bad.fs", ": x nosuchword ;\n");
    let bin = env!("CARGO_BIN_EXE_thumbforth");
    let at_terminal = |env: &str, flag: &str| {
        let cmd = format!("env {env} {bin} build {flag} bad.fs -o bad.elf");
        let out = std::process::Command::new("script")
            .args(["-qec", &cmd, "/dev/null"])
            .current_dir(dir.path())
            .stdin(std::process::Stdio::null())
            .output()
            .expect("script (util-linux) runs");
        let shown = text(&out.stdout);
        assert!(shown.contains("undefined word"), "{shown}");
        shown.contains("\x1b[")
    };
    assert!(at_terminal("TERM=xterm", ""));
    assert!(!at_terminal("TERM=xterm NO_COLOR=1", ""));
    assert!(!at_terminal("TERM=dumb", ""));
    assert!(!at_terminal("TERM=xterm", "--color never"));
    assert!(at_terminal("TERM=dumb NO_COLOR=1", "--color always"));
    let piped = thumbforth(dir.path(), &["build", "bad.fs", "-o", "bad.elf"]);
    assert!(!text(&piped.stderr).contains('\x1b'));
    let forced = thumbforth(dir.path(), &["--color", "always", "build", "bad.fs"]);
    assert!(text(&forced.stderr).contains("\x1b["));
}

/// At a terminal the repl edits lines: the up arrow brings the last line
/// back, and the history is kept for the next session.
#[test]
fn repl_at_a_terminal_recalls_lines_and_keeps_their_history() {
    let dir = tempfile::tempdir().unwrap();
    let cmd = format!(
        "env XDG_STATE_HOME={} {} repl",
        dir.path().display(),
        env!("CARGO_BIN_EXE_thumbforth")
    );
    let keys: [&[u8]; 3] = [b"20 22 + .\r", b"\x1b[A\r", b"\x04"];
    let shown = support::at_terminal(&cmd, &keys, 1500);
    assert_eq!(shown.matches("42  ok").count(), 2, "{shown:?}");
    let history = std::fs::read_to_string(dir.path().join("thumbforth/history")).unwrap();
    assert!(history.lines().any(|l| l == "20 22 + ."), "{history}");
}

#[test]
fn repl_prints_ok_after_each_line_and_survives_errors() {
    let dir = tempfile::tempdir().unwrap();
    let out = thumbforth_fed(
        dir.path(),
        &["repl"],
        ": sq dup * ;\n7 sq .\nnosuchword\n3 sq .\n",
    );
    // The session went on, but a script with an error does not pass.
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), " ok\n49  ok\n\n9  ok\n");
    let err = text(&out.stderr);
    assert!(err.contains("undefined word `nosuchword`"), "{err}");
    assert!(err.ends_with("the repl reported 1 error(s)\n"), "{err}");
}

#[test]
fn repl_input_that_ends_inside_a_definition_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    for (script, name) in [
        (": half 2 /\n", "`half`"),
        (": half 2 / [ 1 2 +\n", "`half`"),
        (":noname 2 /\n", ":noname"),
        ("s\" : late 2 /\" evaluate\n", "`late`"),
        (": my: : ;\nmy: begun 2 /\n", "`begun`"),
    ] {
        let out = thumbforth_fed(dir.path(), &["repl"], script);
        assert_eq!(out.status.code(), Some(1), "{script}");
        assert_eq!(
            text(&out.stderr),
            format!("input ended inside a definition of {name}\n"),
            "{script}"
        );
    }
    let out = thumbforth_fed(dir.path(), &["repl"], ": whole 2 / ;\n");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn repl_output_still_works_after_a_word_waited_for_input_in_vain() {
    let dir = tempfile::tempdir().unwrap();
    let out = thumbforth_fed(
        dir.path(),
        &["repl"],
        ": t pad 10 accept ; t\ncr 65 emit\n.\" done\"\n",
    );
    let err = text(&out.stderr);
    assert!(err.contains("waited for console input"), "{err}");
    assert_eq!(err.matches("error:").count(), 1, "{err}");
    assert_eq!(text(&out.stdout), "\n\nA ok\ndone ok\n");
}

#[test]
fn repl_reports_an_error_in_an_included_file_at_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "inc.fs",
        "variable x\n: bad 1 2 undefined-thing ;\n",
    );
    let out = thumbforth_fed(dir.path(), &["repl"], "1 .\ninclude inc.fs\n2 .\n");
    let err = text(&out.stderr);
    assert!(
        err.starts_with("inc.fs:2:11: error: undefined word `undefined-thing`"),
        "{err}"
    );
    assert!(err.contains(": bad 1 2 undefined-thing ;"), "{err}");
    assert!(!err.contains("<stdin>"), "{err}");
    assert_eq!(text(&out.stdout), "1  ok\n\n2  ok\n");
}

#[test]
fn words_lists_host_and_board_compiled_words_in_the_search_order() {
    let dir = tempfile::tempdir().unwrap();
    let out = thumbforth_fed(
        dir.path(),
        &["repl"],
        ": host-made ;\ns\" : board-made ;\" resident-evaluate\nwords\n",
    );
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let listed: Vec<&str> = stdout.split_whitespace().collect();
    assert!(listed.contains(&"host-made"), "{stdout}");
    assert!(listed.contains(&"board-made"), "{stdout}");
    assert!(
        listed.contains(&"dup") && listed.contains(&"allocate"),
        "{stdout}"
    );
    // Newest first, and nothing from a wordlist outside the search order.
    let at = |w: &str| listed.iter().position(|x| *x == w).unwrap();
    assert!(at("board-made") < at("host-made") && at("host-made") < at("dup"));
    assert!(!listed.contains(&"heap-core"), "{stdout}");
    assert!(stdout.lines().all(|l| l.trim_end().len() <= 64), "{stdout}");
}

#[test]
fn repl_ends_with_the_status_bye_gives() {
    let dir = tempfile::tempdir().unwrap();
    let out = thumbforth_fed(dir.path(), &["repl"], "1 . bye\n2 .\n");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), "1 ");
    let out = thumbforth_fed(dir.path(), &["repl"], "3 (exit-status)\n");
    assert_eq!(out.status.code(), Some(3));
}

#[test]
fn repl_runs_the_same_on_every_board() {
    let dir = tempfile::tempdir().unwrap();
    let script = "begin-structure pt field: pt.x field: pt.y end-structure\n\
                  create p pt allot 9 p pt.y !\n\
                  p pt.y @ . pt .\n\
                  : t 0 10 0 do i + loop ; t .\n";
    for board in BOARDS {
        let out = thumbforth_fed(dir.path(), &["repl", "--target", board], script);
        assert_eq!(
            text(&out.stdout),
            " ok\n ok\n9 8  ok\n45  ok\n",
            "{board}: {}",
            text(&out.stderr)
        );
    }
}

#[test]
fn test_reports_failures_by_line_and_counts_cases() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "t.fs",
        "T{ 1 2 + -> 3 }T\nT{ 1 2 + -> 4 }T\nT{ 1 2 -> 1 }T\nT{ 2 3 * -> 6 }T\n",
    );
    let out = thumbforth_fed(dir.path(), &["test", "t.fs"], "");
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout.contains("t.fs:2: incorrect result: T{ 1 2 + -> 4 }T"),
        "{stdout}"
    );
    assert!(
        stdout.contains("t.fs:3: wrong number of results: T{ 1 2 -> 1 }T"),
        "{stdout}"
    );
    assert!(stdout.ends_with("2 passed, 2 failed\n"), "{stdout}");

    write(dir.path(), "ok.fs", "T{ 1 1 + -> 2 }T\n");
    let out = thumbforth_fed(dir.path(), &["test", "ok.fs"], "");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), "1 passed, 0 failed\n");
}

#[test]
fn the_kernel_test_files_pass_on_every_board() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("tests/forth"))
        .expect("tests/forth exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "fs"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    for board in BOARDS {
        let mut args = vec!["test".to_string(), "--target".into(), board.to_string()];
        args.extend(files.iter().map(|f| f.display().to_string()));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = thumbforth_fed(&root(), &args, "");
        let stdout = text(&out.stdout);
        assert!(
            out.status.success(),
            "{board}:\n{stdout}{}",
            text(&out.stderr)
        );
        assert!(stdout.ends_with(" 0 failed\n"), "{board}: {stdout}");
    }
}

#[test]
fn the_kernel_test_files_pass_through_the_resident_interpreter_on_every_board() {
    let mut args = vec!["test", "--resident", "--target", "all"];
    let files: Vec<String> = std::fs::read_dir(root().join("tests/forth"))
        .expect("tests/forth exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "fs"))
        .map(|p| p.display().to_string())
        .collect();
    args.extend(files.iter().map(String::as_str));
    let out = thumbforth_fed(&root(), &args, "");
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", text(&out.stderr));
    let closing = stdout.lines().last().unwrap_or_default();
    let passed: u32 = closing.split(' ').next().unwrap().parse().unwrap();
    assert!(passed > 3 * 1000, "{closing}");
    assert!(closing.ends_with(" passed, 0 failed"), "{closing}");
}

#[test]
fn require_loads_a_file_once_and_include_paths_are_relative_to_the_includer() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    write(dir.path(), "lib.fs", "variable loads 1 loads +!\n");
    write(
        dir.path(),
        "sub/other.fs",
        "require ../lib.fs\n: other 7 ;\n",
    );
    write(
        dir.path(),
        "main.fs",
        "require lib.fs\nrequire lib.fs\ninclude sub/other.fs\n\
         T{ loads @ -> 1 }T\nT{ other -> 7 }T\n",
    );
    let out = thumbforth_fed(dir.path(), &["test", "main.fs"], "");
    assert_eq!(
        text(&out.stdout),
        "2 passed, 0 failed\n",
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn evaluate_interprets_strings_at_the_top_level_and_inside_definitions() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "e.fs",
        ": ge1 s\" 123\" ; immediate\n: ge2 s\" 123 1+\" ; immediate\n\
         T{ ge1 evaluate -> 123 }T\nT{ ge2 evaluate -> 124 }T\n\
         T{ s\" : ge3 10 ;\" evaluate ge3 -> 10 }T\n\
         : ge5 evaluate ; immediate\n\
         T{ : ge6 ge1 ge5 ; -> }T\nT{ ge6 -> 123 }T\n\
         : twice ( addr u -- ) 2dup evaluate -rot evaluate ;\n\
         T{ s\" 7\" twice -> 7 7 }T\n\
         : gs1 s\" source\" 2dup evaluate >r swap >r = r> r> = ;\n\
         T{ gs1 -> true true }T\n",
    );
    for board in BOARDS {
        let out = thumbforth_fed(dir.path(), &["test", "--target", board, "e.fs"], "");
        assert_eq!(
            text(&out.stdout),
            "7 passed, 0 failed\n",
            "{board}: {}",
            text(&out.stderr)
        );
    }
}

#[test]
fn a_fault_at_build_time_names_the_word_it_happened_in() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "f.fs",
        ": poke-nowhere ( -- ) 1 $E0100000 ! ;\npoke-nowhere\n",
    );
    let out = thumbforth_fed(dir.path(), &["build", "f.fs", "-o", "f.elf"], "");
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.starts_with("f.fs:2:1: error: `poke-nowhere` faulted"),
        "{err}"
    );
    assert!(err.contains("in poke-nowhere"), "{err}");
}
