//! `cargo xtask test`: the whole test suite, after installing what it needs,
//! closing with one line that totals every test binary: `N passed, N failed`.

use std::process::Stdio;

use anyhow::{Context, Result};

use crate::actionlint;
use crate::heavy::cargo;
use crate::packages::{self, Need};

/// What the suite uses: the emulator's build, xmllint and shellcheck, and
/// the references it compares with (binutils, the C allocators). actionlint
/// comes from PyPI instead (src/actionlint.rs).
pub const NEEDS: &[Need] = &[
    Need::Emulator,
    Need::TestTools,
    Need::Binutils,
    Need::CPeers,
];

/// Runs the suite; returns whether every test passed.
pub fn run() -> Result<bool> {
    packages::ensure(NEEDS)?;
    let mut cmd = cargo();
    if let Some(path) = actionlint::ensure(&crate::target_dir())? {
        cmd.env(actionlint::ENV, path);
    }
    let output = cmd
        .args(["test", "--workspace"])
        .stderr(Stdio::inherit())
        .output()
        .context("running cargo test")?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    print!("{stdout}");
    let (passed, failed) = totals(&stdout);
    println!("{passed} passed, {failed} failed");
    Ok(output.status.success())
}

/// Sums the `test result:` lines of cargo test's output.
fn totals(out: &str) -> (u64, u64) {
    let mut passed = 0;
    let mut failed = 0;
    for line in out.lines().filter(|l| l.starts_with("test result:")) {
        let words: Vec<&str> = line.split_whitespace().collect();
        for pair in words.windows(2) {
            let n: u64 = pair[0].parse().unwrap_or(0);
            if pair[1].starts_with("passed") {
                passed += n;
            } else if pair[1].starts_with("failed") {
                failed += n;
            }
        }
    }
    (passed, failed)
}

#[cfg(test)]
mod tests {
    use super::totals;

    #[test]
    fn totals_add_up_every_test_binary() {
        let out = "test result: ok. 4 passed; 0 failed; 1 ignored\nnoise\ntest result: FAILED. 2 passed; 3 failed; 0 ignored\n";
        assert_eq!(totals(out), (6, 3));
    }
}
