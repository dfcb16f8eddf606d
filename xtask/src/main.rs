//! `cargo xtask <task>`: project automation. This crate depends on light
//! crates only, so it compiles in seconds on a machine that has nothing but
//! Rust; it installs the system packages a task needs (src/packages.rs, the
//! one list) and then runs the heavy work as a separate cargo command,
//! mostly the `devtools` binary of crates/devtools.

mod actionlint;
mod deps;
mod fuzz;
mod heavy;
mod packages;
mod soak;
mod structure;
mod test;

use std::path::{Path, PathBuf};
use std::process::ExitStatus;

use anyhow::{bail, Result};
use clap::{Parser, Subcommand};

use packages::Need;

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    bin_name = "cargo xtask",
    about = "thumbforth project automation"
)]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

/// Arguments handed on, unread, to the devtools task of the same name
/// (`cargo xtask golden --help` prints that task's own help).
#[derive(clap::Args)]
#[command(disable_help_flag = true)]
struct Forward {
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    args: Vec<String>,
}

#[derive(Subcommand)]
enum Task {
    /// Install every system package the project's tasks use (Debian, as
    /// root or with passwordless sudo); `--list` prints them instead.
    Setup {
        /// Print the packages, one per line with what each is for.
        #[arg(long)]
        list: bool,
    },

    /// Build the standard image and the examples for every board and boot
    /// each one in the emulator, printing what each says.
    Demo,

    /// Run the whole test suite; closes with `N passed, N failed`.
    Test,

    /// Install the `thumbforth` command into cargo's bin directory.
    Install,

    /// Check that xtask's own dependencies need no system package.
    CheckDeps,

    /// Check the code's shape: no module cycles, no long functions or files.
    CheckStructure,

    /// Regenerate (or `--check`) the GNU as golden corpus of the assembler.
    Golden(Forward),

    /// Differential random test of the assembler against GNU as.
    FuzzGas(Forward),

    /// Check the hello images with objdump, adafruit-uf2, QEMU and crc.
    CheckImages(Forward),

    /// Benchmarks: image build time, compile speed, the Forth benchmarks'
    /// instruction counts and the allocator beside the C allocators;
    /// `bench alloc --check` holds the allocator's counts to the committed
    /// baseline, `--update` rewrites it.
    Bench(Forward),

    /// Fuzz the metacompiler with arbitrary Forth source (cargo-fuzz).
    Fuzz(fuzz::FuzzArgs),

    /// The allocator's random traces against its model, at length.
    Soak(soak::SoakArgs),
}

/// The workspace this xtask belongs to.
pub fn workspace_root() -> PathBuf {
    let xtask = Path::new(env!("CARGO_MANIFEST_DIR"));
    xtask.parent().unwrap_or(xtask).to_path_buf()
}

/// Errors are the user's to read (what to install, which task failed), so
/// they are printed plainly, without the backtrace anyhow adds when
/// RUST_BACKTRACE is set, as it is in CI.
fn main() {
    if let Err(e) = run(Cli::parse().task) {
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}

fn run(task: Task) -> Result<()> {
    let status = match task {
        Task::Setup { list: true } => {
            for p in packages::PACKAGES {
                println!("{:<26} {}", p.name, p.why);
            }
            return Ok(());
        }
        Task::Setup { list: false } => return packages::ensure(packages::ALL),
        Task::Demo => heavy::devtools(&[Need::Emulator], &words(&["demo"], &[]))?,
        Task::Test => return exit_unless(test::run()?),
        Task::Install => install()?,
        Task::CheckDeps => return deps::run(),
        Task::CheckStructure => return structure::run(),
        Task::Golden(f) => heavy::devtools(
            &[Need::Emulator, Need::Binutils],
            &words(&["golden"], &f.args),
        )?,
        Task::FuzzGas(f) => heavy::devtools(
            &[Need::Emulator, Need::Binutils],
            &words(&["fuzz-gas"], &f.args),
        )?,
        Task::CheckImages(f) => heavy::devtools(
            &[Need::Emulator, Need::Binutils, Need::Qemu],
            &words(&["check-images"], &f.args),
        )?,
        Task::Bench(f) => {
            heavy::devtools(&[Need::Emulator, Need::CPeers], &words(&["bench"], &f.args))?
        }
        Task::Fuzz(args) => return fuzz::run(&args),
        Task::Soak(args) => return soak::run(&args),
    };
    exit_with(status)
}

fn words(task: &[&str], rest: &[String]) -> Vec<String> {
    task.iter()
        .map(|s| s.to_string())
        .chain(rest.iter().cloned())
        .collect()
}

/// `cargo xtask install`: `cargo install` of crates/cli, reusing the
/// workspace's release build (the demo's, if it ran) instead of a fresh one.
fn install() -> Result<ExitStatus> {
    packages::ensure(&[Need::Emulator])?;
    let target_dir = target_dir();
    let status = heavy::status(
        heavy::cargo()
            .args(["install", "--locked", "--force", "--path", "crates/cli"])
            .arg("--target-dir")
            .arg(&target_dir),
    )?;
    if status.success() && !on_path("thumbforth") {
        eprintln!(
            "thumbforth is installed in cargo's bin directory ($CARGO_HOME/bin, \
             usually ~/.cargo/bin), which is not on your PATH: add it, e.g.\n    \
             export PATH=\"$HOME/.cargo/bin:$PATH\""
        );
    }
    Ok(status)
}

/// Cargo's target directory for the workspace.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"))
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

fn exit_unless(ok: bool) -> Result<()> {
    if !ok {
        std::process::exit(1);
    }
    Ok(())
}

/// Ends xtask with a child's status, so scripts see the task's own.
fn exit_with(status: ExitStatus) -> Result<()> {
    if status.success() {
        return Ok(());
    }
    match status.code() {
        Some(code) => std::process::exit(code),
        None => bail!("the task was stopped by a signal ({status})"),
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    fn readme() -> String {
        std::fs::read_to_string(workspace_root().join("README.md")).unwrap()
    }

    #[test]
    fn every_cargo_xtask_command_the_docs_give_is_a_task() {
        let tasks: Vec<String> = Cli::command()
            .get_subcommands()
            .map(|c| c.get_name().to_owned())
            .collect();
        for doc in ["README.md", "ARCHITECTURE.md", ".ci/run"] {
            let text = std::fs::read_to_string(workspace_root().join(doc)).unwrap();
            let mut seen = 0;
            for (i, _) in text.match_indices("cargo xtask ") {
                let word: String = text[i + "cargo xtask ".len()..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect();
                assert!(tasks.contains(&word), "{doc} gives `cargo xtask {word}`");
                seen += 1;
            }
            assert!(seen > 0, "{doc} names no task");
        }
    }

    #[test]
    fn the_first_steps_name_every_package_the_demo_and_the_tests_install() {
        let text = readme();
        let start = text.find("## First steps").unwrap();
        let end = start + text[start..].find("\n## ").unwrap_or(text.len() - start);
        let first_steps = &text[start..end];
        for cmd in [
            "cargo xtask demo",
            "cargo xtask test",
            "cargo xtask install",
        ] {
            assert!(first_steps.contains(cmd), "First steps lack `{cmd}`");
        }
        for p in packages::for_needs(crate::test::NEEDS) {
            assert!(
                first_steps.contains(&format!("`{}`", p.name)),
                "First steps do not name {}",
                p.name
            );
        }
    }
}
