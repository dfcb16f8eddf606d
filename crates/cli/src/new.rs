//! `thumbforth new NAME`: a project that builds, tests and runs in CI from
//! its first commit, so a user starts from something working and edits it.
//!
//! Exit status: 0 when the project was written, 1 when NAME is not a usable
//! directory name or already holds files (nothing is overwritten).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};

#[derive(clap::Args)]
pub struct Args {
    /// The new directory, also the project's name (letters, digits, `-`, `_`, `.`).
    #[arg(value_name = "NAME")]
    name: String,
}

/// (path in the project, template text). The templates are plain files under
/// `src/new/` so they can be read and edited as what they are; the hidden
/// names are spelt without their dot there so they take no effect in this
/// repository.
const FILES: &[(&str, &str)] = &[
    ("thumbforth.toml", include_str!("new/thumbforth.toml")),
    ("app.fs", include_str!("new/app.fs")),
    ("tests/app.fs", include_str!("new/tests/app.fs")),
    (".gitignore", include_str!("new/gitignore")),
    (
        ".github/workflows/thumbforth.yml",
        include_str!("new/github/workflows/thumbforth.yml"),
    ),
];

/// What the templates call the project.
const PLACEHOLDER: &str = "%NAME%";

pub fn run(args: &Args) -> Result<ExitCode> {
    check_name(&args.name)?;
    let dir = PathBuf::from(&args.name);
    prepare(&dir)?;
    for (rel, template) in FILES {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create `{}`", parent.display()))?;
        }
        std::fs::write(&path, template.replace(PLACEHOLDER, &args.name))
            .with_context(|| format!("cannot write `{}`", path.display()))?;
        eprintln!("created {}", path.display());
    }
    eprintln!(
        "next: cd {} && thumbforth run\n\
         (for CI, set the repository variable THUMBFORTH_GIT to thumbforth's git URL)",
        args.name
    );
    Ok(ExitCode::SUCCESS)
}

/// The name ends up as a directory, inside a TOML string, in output file
/// names and in a Forth `."` string; this set is safe in all four without
/// quoting.
fn check_name(name: &str) -> Result<()> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    let Some(first) = name.chars().next() else {
        bail!("the project name is empty");
    };
    if !(first.is_ascii_alphanumeric() || first == '_') || !name.chars().all(allowed) {
        bail!(
            "`{name}` is not a usable project name: use letters, digits, `-`, `_` and `.`, \
             starting with a letter, digit or `_`"
        );
    }
    Ok(())
}

/// An empty directory is as good as none; anything in it might be the
/// user's work, so it is left alone.
fn prepare(dir: &Path) -> Result<()> {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                bail!(
                    "`{}` already exists and is not empty; choose another name or remove it",
                    dir.display()
                );
            }
            Ok(())
        }
        Err(_) if dir.exists() => {
            bail!("`{}` already exists and is not a directory", dir.display())
        }
        Err(_) => {
            std::fs::create_dir(dir).with_context(|| format!("cannot create `{}`", dir.display()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_names_are_single_safe_path_components() {
        for ok in ["demo", "blinky-2", "my_app", "v1.0", "_x"] {
            assert!(check_name(ok).is_ok(), "{ok}");
        }
        for bad in [
            "", ".", "..", ".hidden", "-x", "a/b", "a\\b", "a b", "x\"y", "é",
        ] {
            assert!(check_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_project_file_template_is_a_valid_project() {
        let dir = tempfile::tempdir().unwrap();
        for (rel, template) in FILES {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, template.replace(PLACEHOLDER, "demo")).unwrap();
        }
        let p = crate::project::load(&dir.path().join("thumbforth.toml")).unwrap();
        assert_eq!(p.name, "demo");
        assert_eq!(p.targets, ["rp2350", "rp2040"]);
        assert_eq!(p.main.as_deref(), Some("main"));
    }
}
