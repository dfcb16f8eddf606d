//! A user's repository as `thumbforth new` starts it: one project file, and
//! `thumbforth build` and `thumbforth test` with nothing else to type. A
//! malformed project file is refused with its name and line, and `new` never
//! writes into a directory that holds anything. Inside a project, `see`,
//! `repl` and `run` with nothing else to type use the project, `run`
//! building its image first when it is missing or out of date.

#[path = "support/mod.rs"]
mod support;

use std::path::Path;
use std::time::Duration;

use support::{banner, text, thumbforth as thumbforth_in, thumbforth_fed};

const CREATED: &[&str] = &[
    "thumbforth.toml",
    "app.fs",
    "tests/app.fs",
    ".gitignore",
    ".github/workflows/thumbforth.yml",
];

#[test]
fn a_new_project_builds_for_every_target_runs_and_passes_its_tests() {
    let dir = tempfile::tempdir().unwrap();
    let out = thumbforth_in(dir.path(), &["new", "demo"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let demo = dir.path().join("demo");
    for f in CREATED {
        assert!(demo.join(f).is_file(), "{f} missing");
    }
    let toml = std::fs::read_to_string(demo.join("thumbforth.toml")).unwrap();
    assert!(toml.contains("name = \"demo\""), "{toml}");
    assert!(
        toml.contains("targets = [\"rp2350\", \"rp2040\"]"),
        "{toml}"
    );
    let workflow = std::fs::read_to_string(demo.join(".github/workflows/thumbforth.yml")).unwrap();
    for needed in [
        "THUMBFORTH_GIT",
        "cargo xtask install",
        "thumbforth build",
        "thumbforth test --target all --junit build/junit.xml",
        "mikepenz/action-junit-report@v6",
        "actions/upload-artifact@v6",
    ] {
        assert!(workflow.contains(needed), "workflow lacks {needed}");
    }

    let out = thumbforth_in(&demo, &["build"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    for board in ["rp2350", "rp2040"] {
        for ext in ["elf", "uf2"] {
            let p = demo.join(format!("build/demo-{board}.{ext}"));
            assert!(p.is_file(), "{} missing", p.display());
        }
        let elf = format!("build/demo-{board}.elf");
        let run = thumbforth_in(&demo, &["run", "--target", board, &elf]);
        assert!(run.status.success(), "{board}: {}", text(&run.stderr));
        assert_eq!(
            text(&run.stdout),
            format!(
                "demo: blinking the LED\nthumbforth {} on {board}\n",
                env!("CARGO_PKG_VERSION")
            ),
            "{board}"
        );
    }

    // The total counts the ten cases once per board `test` runs them on.
    let out = thumbforth_in(&demo, &["test", "tests/app.fs"]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", text(&out.stderr));
    let total = stdout.lines().last().unwrap_or_default();
    let passed: usize = total
        .strip_suffix(" passed, 0 failed")
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(passed > 0 && passed % 10 == 0, "{stdout}");
}

#[test]
fn build_from_a_subdirectory_uses_the_project_above_and_the_command_line_overrides_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("src/deeper")).unwrap();
    // A board of the user's own, here one without a UF2 family.
    let board = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../targets/stm32f407.toml"),
    )
    .unwrap();
    let board = match board.find("[uf2]") {
        Some(start) => {
            let end = board[start + 1..]
                .find("\n[")
                .map_or(board.len(), |e| start + 2 + e);
            format!("{}{}", &board[..start], &board[end..])
        }
        None => board,
    };
    std::fs::create_dir(root.join("boards")).unwrap();
    std::fs::write(root.join("boards/stm32f407.toml"), board).unwrap();
    std::fs::write(
        root.join("thumbforth.toml"),
        "[project]\nname = \"p\"\ntargets = [\"boards/stm32f407.toml\", \"rp2040\"]\n\
         sources = [\"src/app.fs\"]\ninclude = [\"lib\"]\nmain = \"go\"\n",
    )
    .unwrap();
    std::fs::create_dir(root.join("lib")).unwrap();
    std::fs::write(root.join("lib/util.fs"), ": twice 2 * ;\n").unwrap();
    std::fs::write(
        root.join("src/app.fs"),
        "require util.fs\n: go .\" went \" 21 twice . cr ;\n",
    )
    .unwrap();

    let out = thumbforth_in(&root.join("src/deeper"), &["build"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(root.join("build/p-stm32f407.elf").is_file());
    assert!(
        !root.join("build/p-stm32f407.uf2").exists(),
        "no UF2 family, no .uf2"
    );
    assert!(root.join("build/p-rp2040.uf2").is_file());
    let run = thumbforth_in(
        root,
        &["run", "--target", "stm32f407", "build/p-stm32f407.elf"],
    );
    assert_eq!(
        text(&run.stdout),
        format!(
            "went 42 \nthumbforth {} on stm32f407\n",
            env!("CARGO_PKG_VERSION")
        ),
        "{}",
        text(&run.stderr)
    );

    let out = thumbforth_in(
        root,
        &[
            "build",
            "--target",
            "rp2350",
            "-o",
            "out/{name}-{target}.hex",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(root.join("out/p-rp2350.hex").is_file());
    assert!(!root.join("build/p-rp2350.elf").exists());

    let out = thumbforth_in(root, &["build", "-o", "one.elf"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("`one.elf` would be written for both"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_malformed_project_file_is_refused_with_its_name_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "[project]\nname = \"x\"\nsorces = [\"app.fs\"]\n",
            "thumbforth.toml:3:1: error: unknown field `sorces`",
        ),
        (
            "[project]\nname = \"x\"\ntargets = \"rp2040\"\n",
            "thumbforth.toml:3:11: error: invalid type: string \"rp2040\", expected a sequence",
        ),
    ];
    for (body, expected) in cases {
        std::fs::write(dir.path().join("thumbforth.toml"), body).unwrap();
        let out = thumbforth_in(dir.path(), &["build"]);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(err.contains(expected), "expected {expected}\ngot {err}");
        assert!(!dir.path().join("build").exists(), "nothing is written");
    }
}

#[test]
fn new_refuses_a_directory_that_holds_anything_and_names_that_are_not_names() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("taken")).unwrap();
    std::fs::write(dir.path().join("taken/keep.txt"), "mine").unwrap();
    let out = thumbforth_in(dir.path(), &["new", "taken"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("`taken` already exists and is not empty"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_dir(dir.path().join("taken")).unwrap().count(),
        1,
        "nothing was added"
    );

    for bad in ["a/b", "..", ".hidden", "has space"] {
        let out = thumbforth_in(dir.path(), &["new", bad]);
        assert_eq!(out.status.code(), Some(1), "{bad}");
        assert!(
            text(&out.stderr).contains("not a usable project name"),
            "{bad}: {}",
            text(&out.stderr)
        );
    }

    std::fs::create_dir(dir.path().join("empty")).unwrap();
    let out = thumbforth_in(dir.path(), &["new", "empty"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(dir.path().join("empty/thumbforth.toml").is_file());
}

#[test]
fn see_and_repl_without_files_load_the_project_sources() {
    let dir = tempfile::tempdir().unwrap();
    let out = thumbforth_in(dir.path(), &["new", "demo"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let demo = dir.path().join("demo");

    let out = thumbforth_in(&demo, &["see", "blink"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let listing = text(&out.stdout);
    assert!(listing.starts_with("blink (colon) at 0x"), "{listing}");

    // From below the root, and with the name mistyped: the project's words
    // are the ones suggested.
    std::fs::create_dir(demo.join("tests/deeper")).unwrap();
    let out = thumbforth_in(&demo.join("tests/deeper"), &["see", "blnik"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("undefined word `blnik`"), "{err}");
    assert!(err.contains("closest names: `blink`"), "{err}");

    let out = thumbforth_fed(&demo, &["repl"], "blinks .\n");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "10  ok\n");
    let out = thumbforth_fed(&demo, &["repl", "--target", "stm32f407"], "blink-ms .\n");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "100  ok\n");

    // Files named on the command line replace the project's sources.
    std::fs::write(demo.join("other.fs"), ": other 5 ;\n").unwrap();
    let out = thumbforth_in(&demo, &["see", "blink", "other.fs"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("undefined word `blink`"));
}

/// The project's `run` fed one line: stdout and stderr.
fn run_fed(dir: &Path, args: &[&str], line: &str) -> (String, String) {
    let mut all = vec!["run"];
    all.extend(args);
    let out = thumbforth_fed(dir, &all, line);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "{stdout}{stderr}");
    (stdout, stderr)
}

#[test]
fn run_without_an_image_builds_the_project_when_out_of_date_and_boots_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = thumbforth_in(dir.path(), &["new", "demo"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let demo = dir.path().join("demo");
    let elf = demo.join("build/demo-rp2350.elf");
    let booted = |greeting: &str, board: &str| {
        format!(
            "{greeting}: blinking the LED\n{}blinks . 10 ok\n",
            banner(board)
        )
    };

    let (stdout, stderr) = run_fed(&demo, &[], "blinks .\n");
    assert!(stderr.contains("building for rp2350"), "{stderr}");
    assert_eq!(stdout, booted("demo", "rp2350"));
    assert!(elf.is_file(), "the image is left where `build` puts it");
    assert!(
        !demo.join("build/demo-rp2040.elf").exists(),
        "only the first target is built"
    );

    let (stdout, stderr) = run_fed(&demo, &[], "blinks .\n");
    assert!(!stderr.contains("building"), "nothing changed: {stderr}");
    assert_eq!(stdout, booted("demo", "rp2350"));

    // A changed source is built again before the run.
    let app = demo.join("app.fs");
    let source = std::fs::read_to_string(&app).unwrap();
    std::fs::write(&app, source.replace("demo: blinking", "changed: blinking")).unwrap();
    date_after(&app, &elf, 2);
    let (stdout, stderr) = run_fed(&demo, &[], "blinks .\n");
    assert!(stderr.contains("building for rp2350"), "{stderr}");
    assert_eq!(stdout, booted("changed", "rp2350"));

    // `--target` picks the board, from a subdirectory too.
    let (stdout, stderr) = run_fed(&demo.join("tests"), &["--target", "rp2040"], "blinks .\n");
    assert!(stderr.contains("building for rp2040"), "{stderr}");
    assert_eq!(stdout, booted("changed", "rp2040"));
    assert!(demo.join("build/demo-rp2040.elf").is_file());

    // A source that does not build stops the run before anything boots.
    std::fs::write(&app, ": main nosuchword ;\n").unwrap();
    date_after(&app, &elf, 2);
    let out = thumbforth_fed(&demo, &["run"], "");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "");
    assert!(
        text(&out.stderr).contains("undefined word `nosuchword`"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn run_without_an_image_outside_a_project_says_what_to_give() {
    let dir = tempfile::tempdir().unwrap();
    let out = thumbforth_in(dir.path(), &["run"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("no IMAGE given"), "{err}");
    assert!(
        err.contains("give an image to run (.elf, .bin, .uf2 or .hex), or run inside a project"),
        "{err}"
    );
}

/// Dates `file` `secs` seconds after `than` was last written, so that it
/// counts as changed whatever the file system's clock resolution.
fn date_after(file: &Path, than: &Path, secs: u64) {
    let then = std::fs::metadata(than).unwrap().modified().unwrap();
    std::fs::File::options()
        .write(true)
        .open(file)
        .unwrap()
        .set_modified(then + Duration::from_secs(secs))
        .unwrap();
}

#[test]
fn the_project_include_directories_serve_see_and_run_and_their_changes_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("p");
    std::fs::create_dir_all(root.join("src")).unwrap();
    std::fs::create_dir(dir.path().join("shared")).unwrap();
    std::fs::write(
        root.join("thumbforth.toml"),
        "[project]\ntargets = [\"stm32f407\"]\nsources = [\"src/app.fs\"]\n\
         include = [\"../shared\"]\noutputs = [\"out/{name}.hex\", \"out/{name}.map\"]\n",
    )
    .unwrap();
    let shared = dir.path().join("shared/twice.fs");
    std::fs::write(&shared, ": twice 2 * ;\n").unwrap();
    std::fs::write(
        root.join("src/app.fs"),
        "require twice.fs\n: main 21 twice . cr ;\n",
    )
    .unwrap();

    let out = thumbforth_in(&root, &["see", "twice"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("twice (colon) at 0x08"));

    let (stdout, stderr) = run_fed(&root, &[], "");
    assert!(stderr.contains("building for stm32f407"), "{stderr}");
    assert_eq!(stdout, format!("42 \n{}", banner("stm32f407")));
    let image = root.join("out/p.hex");
    assert!(
        image.is_file(),
        "the .hex is the image when there is no .elf"
    );

    std::fs::write(&shared, ": twice 3 * ;\n").unwrap();
    date_after(&shared, &image, 2);
    let (stdout, stderr) = run_fed(&root, &[], "");
    assert!(stderr.contains("building for stm32f407"), "{stderr}");
    assert_eq!(stdout, format!("63 \n{}", banner("stm32f407")));

    // Outputs with no image to boot are refused, naming the project file.
    std::fs::write(
        root.join("thumbforth.toml"),
        "[project]\ntargets = [\"stm32f407\"]\nsources = [\"src/app.fs\"]\n\
         include = [\"../shared\"]\noutputs = [\"out/{name}.map\"]\n",
    )
    .unwrap();
    let out = thumbforth_fed(&root, &["run"], "");
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("thumbforth.toml`: no file in `outputs` is an image to run on stm32f407"),
        "{err}"
    );
}
