//! A user's repository as `thumbforth new` starts it: one project file, and
//! `thumbforth build` and `thumbforth test` with nothing else to type. A
//! malformed project file is refused with its name and line, and `new` never
//! writes into a directory that holds anything.

#[path = "support/mod.rs"]
mod support;

use std::path::Path;

use support::{text, thumbforth as thumbforth_in};

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
                "hello from demo\ngcd of 84 and 36: 12 \nthumbforth {} on {board}\n",
                env!("CARGO_PKG_VERSION")
            ),
            "{board}"
        );
    }

    // The total counts the six cases once per board `test` runs them on.
    let out = thumbforth_in(&demo, &["test", "tests/app.fs"]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", text(&out.stderr));
    let total = stdout.lines().last().unwrap_or_default();
    let passed: usize = total
        .strip_suffix(" passed, 0 failed")
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(passed > 0 && passed % 6 == 0, "{stdout}");
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
