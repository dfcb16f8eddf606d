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
pub(crate) mod gas;
pub(crate) mod profiles;

use std::path::PathBuf;
use std::thread;

use anyhow::{bail, Result};

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
    let topics = generate_cases();
    if !args.check {
        // The sources first, so a generator change can be inspected (and
        // assembled by hand) even when GNU as then turns it down.
        corpus::write_files(&dir, &case_tree(&topics))?;
    }
    let (tree, stats) = build(&tools, &version, &topics)?;
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
    crate::workspace_root().join("crates/thumb/tests/golden")
}

/// Line counts for one profile, for the summary.
#[derive(Default)]
struct Stats {
    profile: &'static str,
    lines: usize,
    with_bytes: usize,
    rejected: usize,
}

/// The case lines of every topic, in registry order.
fn generate_cases() -> Vec<(&'static str, Vec<String>)> {
    cases::TOPICS
        .iter()
        .map(|t| (t.name, cases::generate(t)))
        .collect()
}

/// The `cases/<topic>.s` files.
fn case_tree(topics: &[(&str, Vec<String>)]) -> Tree {
    topics
        .iter()
        .map(|(name, lines)| {
            let mut text = lines.join("\n");
            text.push('\n');
            (PathBuf::from("cases").join(format!("{name}.s")), text)
        })
        .collect()
}

/// Assembles every case file for every profile, one thread per profile (GNU
/// as is quick; the wait is process start-up). Failures are collected from
/// all profiles and topics so one run shows everything to fix.
fn build(
    tools: &Toolchain,
    version: &str,
    topics: &[(&str, Vec<String>)],
) -> Result<(Tree, Vec<Stats>)> {
    let mut tree = case_tree(topics);
    tree.insert(VERSION_FILE.into(), format!("{version}\n"));

    let results: Vec<(Tree, Stats, Vec<anyhow::Error>)> = thread::scope(|s| {
        let handles: Vec<_> = PROFILES
            .iter()
            .map(|p| s.spawn(|| build_profile(tools, p, topics)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("profile thread panicked"))
            .collect()
    });
    let mut stats = Vec::new();
    let mut failures = Vec::new();
    for (files, s, errors) in results {
        tree.extend(files);
        stats.push(s);
        failures.extend(errors);
    }
    if !failures.is_empty() {
        for f in &failures {
            eprintln!("error: {f:#}\n");
        }
        bail!("{} case file(s) could not be recorded", failures.len());
    }
    Ok((tree, stats))
}

fn build_profile(
    tools: &Toolchain,
    profile: &GasProfile,
    topics: &[(&str, Vec<String>)],
) -> (Tree, Stats, Vec<anyhow::Error>) {
    let mut tree = Tree::new();
    let mut stats = Stats {
        profile: profile.name,
        ..Stats::default()
    };
    let mut errors = Vec::new();
    let scratch = match tempfile::tempdir() {
        Ok(dir) => dir,
        Err(e) => return (tree, stats, vec![e.into()]),
    };
    for (name, lines) in topics {
        let outcomes = match gas::assemble(tools, lines, profile.cpu, scratch.path()) {
            Ok(outcomes) => outcomes,
            Err(e) => {
                errors.push(e.context(format!("{}/{name}", profile.name)));
                continue;
            }
        };
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
    (tree, stats, errors)
}
