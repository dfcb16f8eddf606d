//! `cargo xtask golden`: the corpus that proves the thumb assembler emits
//! exactly the bytes GNU as emits.
//!
//! The case sources are generated here (one per topic, identical for every
//! profile) and assembled with GNU as once per profile; the profile decides
//! which lines GNU as rejects. The result lives in crates/thumb/tests/golden:
//! `cases/<topic>.s` and `<profile>/<topic>.golden`, which
//! crates/thumb/tests/golden.rs replays through `thumb::text::assemble`.

mod cases;
mod corpus;
mod gas;
mod profiles;

use std::path::{Path, PathBuf};
use std::thread;

use anyhow::{Context, Result};

use crate::GoldenArgs;
use corpus::{Outcome, Tree};
use gas::Toolchain;
use profiles::{GasProfile, PROFILES};

/// Records which GNU as made the corpus; a mismatch is reported, not fatal.
const VERSION_FILE: &str = "GAS_VERSION";

pub fn run(args: &GoldenArgs) -> Result<()> {
    let dir = args.dir.clone().unwrap_or_else(default_dir);
    let tools = Toolchain::new(&args.tool_prefix);
    let version = tools.version()?;
    let (tree, stats) = build(&tools, &version)?;
    for s in &stats {
        println!(
            "{:<12} {:>6} lines  {:>6} with bytes  {:>5} rejected",
            s.profile, s.lines, s.with_bytes, s.rejected
        );
    }
    if args.check {
        corpus::check(&dir, &tree)
    } else {
        corpus::write(&dir, &tree)?;
        println!("golden: wrote {} files to {}", tree.len(), dir.display());
        Ok(())
    }
}

fn default_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("crates/thumb/tests/golden")
}

/// Line counts for one profile, for the summary.
#[derive(Default)]
struct Stats {
    profile: &'static str,
    lines: usize,
    with_bytes: usize,
    rejected: usize,
}

/// Generates every case file and assembles it for every profile, one thread
/// per profile (GNU as is quick; the wait is process start-up).
fn build(tools: &Toolchain, version: &str) -> Result<(Tree, Vec<Stats>)> {
    let topics: Vec<(&str, Vec<String>)> = cases::TOPICS
        .iter()
        .map(|t| (t.name, cases::generate(t)))
        .collect();

    let mut tree = Tree::new();
    tree.insert(VERSION_FILE.into(), format!("{version}\n"));
    for (name, lines) in &topics {
        let mut text = lines.join("\n");
        text.push('\n');
        tree.insert(PathBuf::from("cases").join(format!("{name}.s")), text);
    }

    let results: Vec<Result<(Tree, Stats)>> = thread::scope(|s| {
        let handles: Vec<_> = PROFILES
            .iter()
            .map(|p| s.spawn(|| build_profile(tools, p, &topics)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("profile thread panicked"))
            .collect()
    });
    let mut stats = Vec::new();
    for result in results {
        let (files, s) = result?;
        tree.extend(files);
        stats.push(s);
    }
    Ok((tree, stats))
}

fn build_profile(
    tools: &Toolchain,
    profile: &GasProfile,
    topics: &[(&str, Vec<String>)],
) -> Result<(Tree, Stats)> {
    let scratch = tempfile::tempdir()?;
    let mut tree = Tree::new();
    let mut stats = Stats {
        profile: profile.name,
        ..Stats::default()
    };
    for (name, lines) in topics {
        let outcomes = gas::assemble(tools, lines, profile.cpu, scratch.path())
            .with_context(|| format!("{}/{name}", profile.name))?;
        stats.lines += lines.len();
        for o in &outcomes {
            match o {
                Outcome::Bytes(_) => stats.with_bytes += 1,
                Outcome::Rejected => stats.rejected += 1,
                Outcome::Nothing => {}
            }
        }
        let rel = PathBuf::from(profile.name).join(format!("{name}.golden"));
        tree.insert(rel, corpus::render(lines, &outcomes));
    }
    Ok((tree, stats))
}
