//! Finding a board: the built-in descriptions travel inside the binary, so
//! `--target rp2040` works wherever `thumbforth` is installed; anything that
//! looks like a path is a user's own `.toml`.

use std::path::Path;

use anyhow::{bail, Result};
use target::Target;

/// The boards thumbforth ships, as (name, description text).
const BUILTIN: &[(&str, &str)] = &[
    ("rp2350", include_str!("../../../targets/rp2350.toml")),
    ("rp2040", include_str!("../../../targets/rp2040.toml")),
    ("stm32f407", include_str!("../../../targets/stm32f407.toml")),
];

/// The names of the built-in boards, for `--target all`.
pub fn names() -> impl Iterator<Item = &'static str> {
    target::BUILT_IN_TARGETS.iter().copied()
}

/// The default board when none is named.
pub const DEFAULT: &str = target::DEFAULT_TARGET;

/// Whether `--target` names a file rather than a built-in board, so that a
/// project file can resolve it against its own directory.
pub fn is_path(name_or_path: &str) -> bool {
    name_or_path.ends_with(".toml") || name_or_path.contains(['/', '\\'])
}

/// Resolves `--target`: a built-in name, or a path to a `.toml` file.
pub fn load(name_or_path: &str) -> Result<Target> {
    if is_path(name_or_path) {
        return Ok(Target::load(name_or_path, Path::new("."))?);
    }
    match BUILTIN.iter().find(|(name, _)| *name == name_or_path) {
        Some((name, text)) => {
            let source = Path::new("targets").join(format!("{name}.toml"));
            Ok(Target::from_toml(text, &source)?)
        }
        None => bail!("{}", unknown(name_or_path)),
    }
}

/// Whether `name` is one of the built-in boards.
pub fn is_builtin(name: &str) -> bool {
    names().any(|n| n == name)
}

/// The refusal of a board name that is neither built in nor a path, naming
/// the ones that would do.
pub fn unknown(name: &str) -> String {
    format!(
        "unknown target `{name}` (built in: {}; or give a path to a .toml file)",
        names().collect::<Vec<_>>().join(", ")
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_binary_carries_every_built_in_board() {
        let carried: Vec<&str> = super::BUILTIN.iter().map(|(n, _)| *n).collect();
        assert_eq!(carried, target::BUILT_IN_TARGETS);
    }
}
