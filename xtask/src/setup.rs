//! System packages the build needs beyond Cargo: the unicorn crate compiles
//! QEMU's core with cmake and generates bindings with libclang. A newcomer's
//! first command must work on a fresh Debian machine, so the tasks that build
//! the emulator install what is missing (as root) or say exactly what to run.

use std::process::Command;

use anyhow::{bail, Context, Result};

/// Debian packages the emulator crate needs to build, and xmllint, which the
/// tests use to check JUnit reports against their schema.
pub const BUILD_PACKAGES: &[&str] = &[
    "cmake",
    "libclang-dev",
    "clang",
    "pkg-config",
    "libxml2-utils",
];

/// Debian packages of the C allocators the allocator benchmark (and its
/// tests) compare against: the compiler, newlib and picolibc for Cortex-M.
pub const PEER_PACKAGES: &[&str] = &[
    "gcc-arm-none-eabi",
    "libnewlib-arm-none-eabi",
    "picolibc-arm-none-eabi",
];

fn installed(package: &str) -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", package])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains("install ok installed"))
        .unwrap_or(false)
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// Installs whichever of `packages` are missing, when this is a Debian machine.
pub fn ensure_packages(packages: &[&str]) -> Result<()> {
    if Command::new("dpkg-query")
        .arg("--version")
        .output()
        .is_err()
    {
        // Not Debian: leave it to the user, the build will say what it lacks.
        return Ok(());
    }
    let missing: Vec<&str> = packages.iter().copied().filter(|p| !installed(p)).collect();
    if missing.is_empty() {
        return Ok(());
    }
    let list = missing.join(" ");
    if !is_root() {
        bail!("missing Debian packages; run: sudo apt-get install -y {list}");
    }
    eprintln!("installing {list}");
    let apt = |args: &[&str]| -> Result<()> {
        let status = Command::new("apt-get")
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status()
            .context("starting apt-get")?;
        if !status.success() {
            bail!("apt-get {} failed", args.join(" "));
        }
        Ok(())
    };
    apt(&["update", "-qq"])?;
    let mut args = vec!["install", "-y", "-qq", "--no-install-recommends"];
    args.extend(missing.iter().copied());
    apt(&args)
}

/// `cargo xtask test`: the whole test suite after making sure it can build,
/// closing with one line that totals every test binary.
pub fn test() -> Result<bool> {
    ensure_packages(BUILD_PACKAGES)?;
    ensure_packages(PEER_PACKAGES)?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(["test", "--workspace"])
        .stderr(std::process::Stdio::inherit())
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
