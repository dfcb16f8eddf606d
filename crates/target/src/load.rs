//! Finding a target file: a built-in board by name, or a user's file by path
//! (`Target::load`). Reading the file's text is `parse`'s job.

use std::path::{Path, PathBuf};

use crate::model::{Target, TargetError};

/// The board used when none is named.
pub const DEFAULT_TARGET: &str = "rp2350";

/// The boards thumbforth ships in `targets/`, the default first: the list
/// every "on every board" tool and test walks.
pub const BUILT_IN_TARGETS: &[&str] = &["rp2350", "rp2040", "stm32f407"];

/// The `targets/` directory of this source tree, for tools and tests that run
/// from the workspace. An installed binary should be given its own directory.
pub fn builtin_dir() -> PathBuf {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../targets"));
    dir.canonicalize().unwrap_or(dir)
}

/// The board names in `dir`: the stems of its `.toml` files, sorted.
pub fn known_targets(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml") && p.is_file())
        .filter_map(|p| p.file_stem().and_then(|s| s.to_str()).map(str::to_owned))
        .collect();
    names.sort();
    names
}

impl Target {
    /// `name_or_path` is a built-in board name, looked up as `<targets_dir>/<name>.toml`,
    /// or a path to a `.toml` file of the user's own.
    pub fn load(name_or_path: &str, targets_dir: &Path) -> Result<Target, TargetError> {
        load(name_or_path, targets_dir)
    }
}

/// A name with a `.toml` suffix or a path separator is a file; anything else
/// is a board in `targets_dir`, whose `name` must match its file name so that
/// `--target X` always reports itself as X.
fn load(name_or_path: &str, targets_dir: &Path) -> Result<Target, TargetError> {
    let is_path = name_or_path.ends_with(".toml")
        || name_or_path.contains('/')
        || name_or_path.contains(std::path::MAIN_SEPARATOR);
    if is_path {
        return read(Path::new(name_or_path));
    }
    let path = targets_dir.join(format!("{name_or_path}.toml"));
    if name_or_path.is_empty() || !path.is_file() {
        let known = known_targets(targets_dir);
        return Err(TargetError::Unknown {
            name: name_or_path.to_owned(),
            known: if known.is_empty() {
                format!("none in {}", targets_dir.display())
            } else {
                known.join(", ")
            },
        });
    }
    let target = read(&path)?;
    if target.name != name_or_path {
        return Err(TargetError::Inconsistent {
            path,
            field: "name",
            reason: format!(
                "`{}` differs from the file name `{name_or_path}.toml`",
                target.name
            ),
        });
    }
    Ok(target)
}

fn read(path: &Path) -> Result<Target, TargetError> {
    let text = std::fs::read_to_string(path).map_err(|source| TargetError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    Target::from_toml(&text, path)
}
