//! What the command line promises when the input or the machine is not as
//! expected: `--target all` in a project means the project's boards, a bad
//! board name is a usage error before anything runs, report files get their
//! directory and a path that cannot be used is named before the tests run,
//! outputs are written whole or not at all, a closed pipe ends the program
//! quietly, and every mistake in thumbforth.toml is named at its line.

#[path = "support/mod.rs"]
mod support;

use std::io::{Read, Write};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::Path;
use std::process::{Command, Stdio};

use support::{last_line, text, thumbforth, write};

/// A project for the two RP boards whose test reads the RP's SIO, which the
/// stm32f407 does not have: it faults there.
fn rp_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "thumbforth.toml",
        "[project]\nname = \"rp\"\ntargets = [\"rp2350\", \"rp2040\"]\n",
    );
    write(
        dir.path(),
        "tests/sio.fs",
        "testing the SIO\nT{ $D0000000 @ -> 0 }T\n",
    );
    dir
}

#[test]
fn target_all_in_a_project_runs_the_projects_boards_only() {
    let dir = rp_project();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    let o = thumbforth(&dir.path().join("sub"), &["test", "--target", "all"]);
    let out = text(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{out}{}", text(&o.stderr));
    assert!(
        out.contains("== rp2350\n") && out.contains("== rp2040\n"),
        "{out}"
    );
    assert!(!out.contains("stm32f407"), "{out}");
    assert_eq!(last_line(&o), "2 passed, 0 failed", "{out}");
}

#[test]
fn an_unknown_board_in_target_is_a_usage_error_before_anything_runs() {
    let dir = rp_project();
    let o = thumbforth(
        dir.path(),
        &[
            "test",
            "--target",
            "rp2040,stm32",
            "--junit",
            "build/junit.xml",
        ],
    );
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("`stm32`"), "{err}");
    assert!(err.contains("rp2350, rp2040, stm32f407"), "{err}");
    assert_eq!(text(&o.stdout), "", "no test ran");
    assert!(!dir.path().join("build").exists(), "no report was written");
}

#[test]
fn junit_and_json_reports_create_their_parent_directories() {
    let dir = rp_project();
    let o = thumbforth(
        dir.path(),
        &[
            "test",
            "--junit",
            "build/junit.xml",
            "--json",
            "build/json/report.json",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(last_line(&o), "2 passed, 0 failed");
    let junit = std::fs::read_to_string(dir.path().join("build/junit.xml")).unwrap();
    assert!(junit.contains("<testsuites"), "{junit}");
    let json = std::fs::read(dir.path().join("build/json/report.json")).unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(doc["passed"], 2);
}

#[test]
fn report_paths_that_cannot_be_used_are_named_before_any_test_runs() {
    let dir = rp_project();
    let p = dir.path();
    std::fs::create_dir(p.join("reports")).unwrap();
    write(p, "plain", "a file");
    write(p, "garbled.json", "{ not json");
    write(p, "other.json", "{\"cases\": []}");
    let cases: &[(&[&str], &str)] = &[
        (&["--junit", "reports"], "`reports` is a directory"),
        (&["--json", "reports"], "`reports` is a directory"),
        (&["--junit", "plain/junit.xml"], "`plain` is a file"),
        (&["--compare", "missing.json"], "`missing.json`"),
        (&["--compare", "garbled.json"], "`garbled.json`"),
        (&["--compare", "other.json"], "`other.json`"),
    ];
    for (args, expected) in cases {
        let mut all = vec!["test"];
        all.extend_from_slice(args);
        let o = thumbforth(p, &all);
        let err = text(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.contains(expected),
            "{args:?}: expected {expected}, got {err}"
        );
        assert_eq!(text(&o.stdout), "", "{args:?}: no test ran");
    }
    assert!(!p.join("build").exists());
}

/// The default outputs of a project plus one that cannot be written: its
/// directory would have to be made where a regular file is, which fails for
/// root too.
#[test]
fn a_project_build_that_cannot_write_every_output_writes_none_and_keeps_the_old_ones() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    write(
        p,
        "thumbforth.toml",
        "[project]\nname = \"p\"\ntargets = [\"rp2350\", \"rp2040\"]\n\
         outputs = [\"build/{name}-{target}.elf\", \"build/{name}-{target}.map\", \
         \"blocked/{name}-{target}.hex\"]\n",
    );
    write(p, "blocked", "a file, not a directory");
    write(p, "build/p-rp2350.elf", "the previous image");
    let o = thumbforth(p, &["build"]);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("blocked/p-rp2350.hex"), "{err}");
    assert_eq!(
        std::fs::read_to_string(p.join("build/p-rp2350.elf")).unwrap(),
        "the previous image"
    );
    let mut left: Vec<String> = std::fs::read_dir(p.join("build"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["p-rp2350.elf"], "no new output appeared");
}

/// A full disk, as the build sees it: a limit on the size of the files the
/// process writes, so that a write stops part way (EFBIG rather than ENOSPC,
/// with the same consequence for a file written in place).
#[test]
fn a_build_that_runs_out_of_space_leaves_no_partial_image() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let o = thumbforth(p, &["build", "-o", "probe/x.bin", "-o", "probe/x.uf2"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let bin = std::fs::metadata(p.join("probe/x.bin")).unwrap().len();
    let uf2 = std::fs::metadata(p.join("probe/x.uf2")).unwrap().len();
    assert!(
        uf2 > bin + 4096,
        "a UF2 carries twice the bytes of the image"
    );
    let limit = bin + 1024;

    let mut cmd = Command::new(env!("CARGO_BIN_EXE_thumbforth"));
    cmd.args(["build", "-o", "out/x.bin", "-o", "out/x.uf2"])
        .current_dir(p);
    // SAFETY: setrlimit and signal are async-signal-safe; the closure runs
    // in the child between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            let lim = libc::rlimit {
                rlim_cur: limit,
                rlim_max: limit,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            // A write past the limit then fails instead of killing the process.
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            Ok(())
        });
    }
    let o = cmd.output().unwrap();
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("out/x.uf2"), "{err}");
    assert!(
        !p.join("out").exists(),
        "neither the image that fitted nor a part of the other: {:?}",
        std::fs::read_dir(p.join("out")).map(|d| d.count())
    );
}

/// Runs `thumbforth ARGS` with standard error going to a pipe whose reader
/// has closed it, standard input fed with `input` only after that, so the
/// program writes its first error to the closed pipe.
fn with_stderr_closed(dir: &Path, args: &[&str], input: &[u8]) -> std::process::ExitStatus {
    let mut child = Command::new(env!("CARGO_BIN_EXE_thumbforth"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take());
    let mut stdin = child.stdin.take().unwrap();
    let _ = stdin.write_all(input);
    drop(stdin);
    child.wait().unwrap()
}

fn assert_ended_by_sigpipe(status: std::process::ExitStatus) {
    assert_ne!(status.code(), Some(101), "a panic");
    assert_eq!(status.signal(), Some(libc::SIGPIPE), "{status:?}");
}

#[test]
fn assembler_errors_into_a_closed_pipe_end_the_program_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let source: String = (0..2000).map(|i| format!(" bogus r{i}\n")).collect();
    let status = with_stderr_closed(dir.path(), &["asm", "-"], source.as_bytes());
    assert_ended_by_sigpipe(status);

    // The shape the issue reported: both streams into `head -1`.
    std::fs::write(dir.path().join("many.s"), &source).unwrap();
    let o = Command::new("bash")
        .arg("-c")
        .arg("\"$0\" asm many.s 2>&1 | head -1; echo \"status ${PIPESTATUS[0]}\"")
        .arg(env!("CARGO_BIN_EXE_thumbforth"))
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        text(&o.stdout),
        "many.s:1:2: error: unknown instruction `bogus`\nstatus 141\n"
    );
}

#[test]
fn a_fault_report_into_a_closed_pipe_ends_the_program_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let target = target::Target::load("stm32f407", &support::root().join("targets")).unwrap();
    let source = "reset:\n ldr r0, =0x0badf00c\n bx r0\n";
    let image = image::boot::assemble_image(&target, source).unwrap();
    std::fs::write(dir.path().join("wild.elf"), image::write_elf(&image)).unwrap();
    let status = with_stderr_closed(
        dir.path(),
        &["run", "wild.elf", "--target", "stm32f407"],
        b"",
    );
    assert_ended_by_sigpipe(status);
}

/// A pseudo-terminal: the controlling side kept open, the terminal side
/// given to the program as its standard input.
struct Pty {
    _master: std::fs::File,
    slave: std::fs::File,
}

fn pty() -> Pty {
    use std::os::fd::FromRawFd;
    // SAFETY: the standard sequence to open a pseudo-terminal pair; each
    // call's result is checked, the name buffer is large enough for ptsname_r.
    unsafe {
        let master = libc::posix_openpt(libc::O_RDWR | libc::O_NOCTTY);
        assert!(master >= 0);
        assert_eq!(libc::grantpt(master), 0);
        assert_eq!(libc::unlockpt(master), 0);
        let mut name = [0 as libc::c_char; 128];
        assert_eq!(libc::ptsname_r(master, name.as_mut_ptr(), name.len()), 0);
        let path = std::ffi::CStr::from_ptr(name.as_ptr());
        let slave = libc::open(path.as_ptr(), libc::O_RDWR | libc::O_NOCTTY);
        assert!(slave >= 0);
        Pty {
            _master: std::fs::File::from_raw_fd(master),
            slave: std::fs::File::from_raw_fd(slave),
        }
    }
}

fn line_editing_and_echo(terminal: &std::fs::File) -> (bool, bool) {
    use std::os::fd::AsRawFd;
    // SAFETY: reads the settings of a terminal we own into a struct we own.
    unsafe {
        let mut t: libc::termios = std::mem::zeroed();
        assert_eq!(libc::tcgetattr(terminal.as_raw_fd(), &mut t), 0);
        (t.c_lflag & libc::ICANON != 0, t.c_lflag & libc::ECHO != 0)
    }
}

#[test]
fn a_closed_output_pipe_in_character_mode_gives_the_terminal_back() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("loop.fs"),
        ": main begin [char] x emit again ;\n",
    )
    .unwrap();
    let o = thumbforth(dir.path(), &["build", "loop.fs", "-o", "loop.elf"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let pty = pty();
    assert_eq!(line_editing_and_echo(&pty.slave), (true, true));
    let mut child = Command::new(env!("CARGO_BIN_EXE_thumbforth"))
        .args(["run", "loop.elf"])
        .current_dir(dir.path())
        .stdin(pty.slave.try_clone().unwrap())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 5];
    stdout.read_exact(&mut first).unwrap();
    assert_eq!(&first, b"xxxxx");
    drop(stdout);
    // The board prints forever: only the closed pipe can end the run.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("the run went on printing into a closed pipe");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    assert_ended_by_sigpipe(status);
    assert_eq!(
        line_editing_and_echo(&pty.slave),
        (true, true),
        "the terminal is back in line mode with echo"
    );
}

/// (thumbforth.toml body, expected error) for each mistake the file can
/// hold; every one is named at its place and nothing is built.
const BAD_PROJECTS: &[(&str, &str)] = &[
    (
        "[project]\nname = \"../../escape\"\n",
        "thumbforth.toml:2:8: error: `name` must be a plain file name",
    ),
    (
        "[project]\nname = \"p\"\noutputs = [\"build/{nam}.elf\"]\n",
        "thumbforth.toml:3:12: error: unknown placeholder `{nam}` in output name \
         `build/{nam}.elf`; the known ones are {name} and {target}",
    ),
    (
        "[project]\nname = \"p\"\noutputs = []\n",
        "thumbforth.toml:3:11: error: `outputs` names no file",
    ),
    (
        "[project]\nname = \"p\"\ninclude = [\"lib\"]\n",
        "thumbforth.toml:3:12: error: include directory `lib` not found",
    ),
    (
        "[project]\nname = \"p\"\nsources = [\"app.fs\", \"x.fs\"]\n",
        "thumbforth.toml:3:22: error: source file `x.fs` not found",
    ),
    (
        "[project]\nname = \"p\"\ntargets = [\"rp2040\", \"stm32\"]\n",
        "thumbforth.toml:3:22: error: unknown target `stm32`",
    ),
];

#[test]
fn every_mistake_in_the_project_file_is_named_at_its_line_and_nothing_is_built() {
    for (body, expected) in BAD_PROJECTS {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a/b");
        std::fs::create_dir_all(&p).unwrap();
        write(&p, "thumbforth.toml", body);
        write(&p, "app.fs", ": main ;\n");
        for command in ["build", "test"] {
            let o = thumbforth(&p, &[command]);
            let err = text(&o.stderr);
            assert_eq!(o.status.code(), Some(1), "{body}\n{command}: {err}");
            assert!(
                err.starts_with(expected),
                "{body}\n{command}: expected {expected}\ngot {err}"
            );
        }
        let mut left: Vec<String> = walk(dir.path());
        left.sort();
        assert_eq!(
            left,
            ["a", "a/b", "a/b/app.fs", "a/b/thumbforth.toml"],
            "{body}"
        );
    }
}

fn walk(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            out.push(e.path().strip_prefix(root).unwrap().display().to_string());
            if e.path().is_dir() {
                stack.push(e.path());
            }
        }
    }
    out
}

/// A project whose app keeps state in RAM: `counter` is set at the top
/// level (which boot does not restore), `ready` by the init chain.
fn ram_state_project(heap_at_top_level: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "thumbforth.toml",
        "[project]\nname = \"ram\"\ntargets = [\"rp2350\", \"rp2040\", \"stm32f407\"]\n\
         sources = [\"app.fs\"]\ntests = [\"tests/*.fs\"]\n",
    );
    let heap = "4096 128 init-shared-heap";
    let (top, in_init) = if heap_at_top_level {
        (heap, "")
    } else {
        ("", heap)
    };
    write(
        dir.path(),
        "app.fs",
        &format!(
            "allocate-wordlist >order\nvariable counter 5 counter !\nvariable ready\n{top}\n\
             : init init 7 ready ! {in_init} ;\n: grab ( -- f ) 100 allocate! 0<> ;\nprevious\n"
        ),
    );
    write(
        dir.path(),
        "tests/app.fs",
        "require ../app.fs\nT{ ready @ -> 7 }T\nT{ counter @ -> 0 }T\nT{ grab -> -1 }T\n",
    );
    dir
}

#[test]
fn tests_see_the_board_as_boot_leaves_it_and_top_level_ram_state_is_a_warning() {
    // The heap made at the top level exists while building but not after
    // boot: the test that allocates fails as it would on the board, and
    // both build and test warn about what top-level code left in RAM.
    let dir = ram_state_project(true);
    let out = thumbforth(dir.path(), &["test", "--target", "all"]);
    let stdout = text(&out.stdout);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert_eq!(last_line(&out), "6 passed, 3 failed", "{stdout}");
    assert!(stdout.contains("no shared heap"), "{stdout}");
    assert!(stdout.contains("tests/app.fs:4"), "{stdout}");
    assert!(
        stderr.contains(
            "warning: rp2350: top-level code left data in RAM that boot clears: `counter`, \
             RAM allotted at 0x"
        ),
        "{stderr}"
    );
    let out = thumbforth(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("top-level code left data in RAM that boot clears"),
        "{}",
        text(&out.stderr)
    );
    // Made by the init chain, the heap is there for the tests and the board.
    let dir = ram_state_project(false);
    let out = thumbforth(dir.path(), &["test", "--target", "all"]);
    assert_eq!(
        last_line(&out),
        "9 passed, 0 failed",
        "{}",
        text(&out.stdout)
    );
    let out = thumbforth(dir.path(), &["build"]);
    assert!(
        text(&out.stderr).contains("boot clears: `counter`; on the board"),
        "only the top-level store is left to warn about: {}",
        text(&out.stderr)
    );
}

#[test]
fn resident_tests_run_on_the_booted_image_of_the_project() {
    let dir = ram_state_project(false);
    let out = thumbforth(dir.path(), &["test", "--target", "all", "--resident"]);
    assert_eq!(
        last_line(&out),
        "9 passed, 0 failed",
        "{}",
        text(&out.stdout)
    );
    let dir = ram_state_project(true);
    let out = thumbforth(dir.path(), &["test", "--target", "all", "--resident"]);
    assert_eq!(
        last_line(&out),
        "6 passed, 3 failed",
        "{}",
        text(&out.stdout)
    );
}
