//! `cargo xtask check-deps`: keeps `cargo xtask` able to start on a machine
//! that has only Rust. The automation crate must compile before it can
//! install anything, so nothing in its normal or build dependency tree may
//! need a system package: no native build tools and no crate that links a
//! native library. CI runs this check; adding such a crate to xtask fails it.

use std::collections::BTreeSet;
use std::process::Command;

use anyhow::{bail, Context, Result};

/// Crates that build native code or find system libraries, by name.
const NATIVE_BUILD_TOOLS: &[&str] = &["bindgen", "cc", "cmake", "pkg-config", "vcpkg"];

/// `*-sys` crates that are pure Rust (system-call and API declarations with no
/// build step that needs anything installed).
const PURE_RUST_SYS: &[&str] = &["linux-raw-sys", "windows-sys", "js-sys", "web-sys"];

/// One crate of the tree: name and version, and its `links` key if it has one.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Crate {
    pub name: String,
    pub version: String,
    pub links: Option<String>,
}

pub fn run() -> Result<()> {
    let tree = cargo(&[
        "tree",
        "-p",
        "xtask",
        "-e",
        "normal,build",
        "--prefix",
        "none",
        "--format",
        "{p}",
    ])?;
    let metadata = cargo(&["metadata", "--format-version", "1", "--locked"])?;
    let links = links_by_crate(&metadata)?;
    let crates: Vec<Crate> = parse_tree(&tree)
        .into_iter()
        .map(|(name, version)| {
            let links = links
                .iter()
                .find(|(n, v, _)| *n == name && *v == version)
                .map(|(_, _, l)| l.clone());
            Crate {
                name,
                version,
                links,
            }
        })
        .collect();
    let heavy = offenders(&crates);
    if !heavy.is_empty() {
        bail!(
            "xtask must compile on a machine with only Rust, but its dependency tree \
             (cargo tree -p xtask -e normal,build) has crates that need system packages:\n{}\n\
             Move the work that needs them into crates/devtools and run it from xtask \
             as a separate cargo command.",
            heavy
                .iter()
                .map(|h| format!("  {h}"))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
    println!(
        "xtask's dependency tree: {} crates, none needs a system package",
        crates.len()
    );
    Ok(())
}

fn cargo(args: &[&str]) -> Result<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(&cargo)
        .current_dir(crate::workspace_root())
        .args(args)
        .output()
        .with_context(|| format!("running cargo {}", args.join(" ")))?;
    if !out.status.success() {
        bail!(
            "cargo {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The distinct `name vX.Y.Z` lines of `cargo tree --prefix none --format {p}`.
pub fn parse_tree(text: &str) -> BTreeSet<(String, String)> {
    text.lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            let name = words.next()?;
            let version = words.next()?.strip_prefix('v')?;
            Some((name.to_owned(), version.to_owned()))
        })
        .collect()
}

/// (name, version, links) for every package of `cargo metadata` that has a
/// `links` key: the ones that link a native library.
fn links_by_crate(metadata: &str) -> Result<Vec<(String, String, String)>> {
    let json: serde_json::Value =
        serde_json::from_str(metadata).context("reading cargo metadata")?;
    let packages = json["packages"]
        .as_array()
        .context("cargo metadata has no packages")?;
    Ok(packages
        .iter()
        .filter_map(|p| {
            Some((
                p["name"].as_str()?.to_owned(),
                p["version"].as_str()?.to_owned(),
                p["links"].as_str()?.to_owned(),
            ))
        })
        .collect())
}

/// Each crate that cannot build from cargo alone, with the reason.
pub fn offenders(crates: &[Crate]) -> Vec<String> {
    crates
        .iter()
        .filter_map(|c| {
            let why = if let Some(lib) = &c.links {
                format!("links the native library `{lib}`")
            } else if NATIVE_BUILD_TOOLS.contains(&c.name.as_str()) {
                "builds or finds native code".to_owned()
            } else if c.name.ends_with("-sys") && !PURE_RUST_SYS.contains(&c.name.as_str()) {
                "is a -sys crate (a binding to a native library)".to_owned()
            } else {
                return None;
            };
            Some(format!("{} v{}: {why}", c.name, c.version))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn krate(name: &str, links: Option<&str>) -> Crate {
        Crate {
            name: name.into(),
            version: "1.0.0".into(),
            links: links.map(Into::into),
        }
    }

    #[test]
    fn the_tree_listing_gives_each_crate_once() {
        let text = "xtask v0.1.0 (/w/xtask)\nanyhow v1.0.98\nclap v4.5.40\nanyhow v1.0.98 (*)\n\n";
        let crates = parse_tree(text);
        assert_eq!(crates.len(), 3);
        assert!(crates.contains(&("clap".into(), "4.5.40".into())));
    }

    #[test]
    fn the_emulator_capstone_and_bindgen_are_refused_and_light_crates_pass() {
        let crates = [
            krate("clap", None),
            krate("anyhow", None),
            krate("linux-raw-sys", None),
            krate("unicorn-engine-sys", Some("unicorn")),
            krate("capstone-sys", Some("capstone")),
            krate("bindgen", None),
            krate("zstd-sys", None),
        ];
        let found = offenders(&crates);
        assert_eq!(found.len(), 4, "{found:?}");
        assert!(found[0].starts_with("unicorn-engine-sys"));
        assert!(found[0].contains("`unicorn`"));
        assert!(found.iter().any(|f| f.starts_with("bindgen")));
        assert!(found.iter().any(|f| f.starts_with("zstd-sys")));
    }
}
