//! The system packages thumbforth's development needs beyond a Rust
//! toolchain, written down once. `cargo xtask setup` (which CI runs first)
//! installs them all; every other task installs just what it needs before it
//! starts a cargo build, so a newcomer's first command works on a fresh
//! Debian machine. Elsewhere the task stops with one message that names what
//! to install, before any compiler gets to fail.

use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};

/// What a package is needed for; each task asks for the needs it has.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Need {
    /// Building the workspace: the unicorn crate compiles the emulator's C
    /// core with cmake and generates its bindings with libclang (bindgen).
    Emulator,
    /// Running the test suite: xmllint checks JUnit reports against their
    /// schema, and shellcheck serves actionlint (src/actionlint.rs).
    TestTools,
    /// GNU binutils for Cortex-M: the reference the assembler is checked
    /// against (golden corpus, fuzz-gas) and an independent ELF reader.
    Binutils,
    /// The C allocators the allocator benchmark (and its tests) set beside ours.
    CPeers,
    /// QEMU, the second opinion on booting (`check-images`).
    Qemu,
}

/// One Debian package and the reason it is on the list.
pub struct Package {
    pub name: &'static str,
    pub need: Need,
    pub why: &'static str,
}

/// Every Debian package the project's tasks use. This is the only list:
/// `.ci/run` installs it through `cargo xtask setup`.
pub const PACKAGES: &[Package] = &[
    Package {
        name: "cmake",
        need: Need::Emulator,
        why: "builds Unicorn's C core (unicorn-engine-sys)",
    },
    Package {
        name: "libclang-dev",
        need: Need::Emulator,
        why: "libclang, with which bindgen writes Unicorn's Rust bindings",
    },
    Package {
        name: "libxml2-utils",
        need: Need::TestTools,
        why: "xmllint, which checks `thumbforth test --junit` against its schema",
    },
    Package {
        name: "shellcheck",
        need: Need::TestTools,
        why: "lets actionlint check the shell in the scaffolded workflow's run steps",
    },
    Package {
        name: "binutils-arm-none-eabi",
        need: Need::Binutils,
        why: "GNU as and objdump, the references for encodings and ELF files",
    },
    Package {
        name: "gcc-arm-none-eabi",
        need: Need::CPeers,
        why: "compiles the C allocator harness",
    },
    Package {
        name: "libnewlib-arm-none-eabi",
        need: Need::CPeers,
        why: "newlib and newlib-nano's malloc",
    },
    Package {
        name: "picolibc-arm-none-eabi",
        need: Need::CPeers,
        why: "picolibc's malloc",
    },
    Package {
        name: "qemu-system-arm",
        need: Need::Qemu,
        why: "boots the STM32F407 image as a second opinion",
    },
];

/// Every need, for `cargo xtask setup`.
pub const ALL: &[Need] = &[
    Need::Emulator,
    Need::TestTools,
    Need::Binutils,
    Need::CPeers,
    Need::Qemu,
];

/// The Debian packages that serve `needs`, in list order.
pub fn for_needs(needs: &[Need]) -> Vec<&'static Package> {
    PACKAGES
        .iter()
        .filter(|p| needs.contains(&p.need))
        .collect()
}

/// Makes sure the packages for `needs` are installed: on Debian it installs
/// the missing ones (as root, or through passwordless sudo); anywhere else,
/// or without the rights to install, it stops with a message naming what to
/// install and how.
pub fn ensure(needs: &[Need]) -> Result<()> {
    if !is_debian() {
        return check_elsewhere(needs);
    }
    let missing: Vec<&str> = for_needs(needs)
        .into_iter()
        .map(|p| p.name)
        .filter(|name| !installed(name))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let list = missing.join(" ");
    let sudo = if is_root() {
        false
    } else if passwordless_sudo() {
        true
    } else {
        bail!(
            "thumbforth needs these Debian packages, and installing them takes root:\n\
             \n    sudo apt-get install -y --no-install-recommends {list}\n\n\
             Run that, then run this task again."
        );
    };
    eprintln!("== installing {list} (apt-get; this takes a minute or two)");
    apt(sudo, &["update", "-qq"])?;
    let mut args = vec!["install", "-y", "-qq", "--no-install-recommends"];
    args.extend(missing.iter().copied());
    apt(sudo, &args)?;
    let still: Vec<&str> = missing.into_iter().filter(|p| !installed(p)).collect();
    if !still.is_empty() {
        bail!("apt-get finished but {} still missing", still.join(" "));
    }
    eprintln!("== installed {list}");
    Ok(())
}

fn apt(sudo: bool, args: &[&str]) -> Result<()> {
    let mut cmd = if sudo {
        let mut c = Command::new("sudo");
        c.args(["-n", "apt-get"]);
        c
    } else {
        Command::new("apt-get")
    };
    // apt's progress is noise on success; on failure all of it is shown.
    let out = cmd
        .args(args)
        .env("DEBIAN_FRONTEND", "noninteractive")
        .output()
        .context("starting apt-get")?;
    if !out.status.success() {
        bail!(
            "apt-get {} failed ({}):\n{}{}",
            args.join(" "),
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(())
}

fn is_debian() -> bool {
    succeeds(Command::new("dpkg-query").arg("--version"))
        && succeeds(Command::new("apt-get").arg("--version"))
}

fn installed(package: &str) -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", package])
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("install ok installed"))
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

fn passwordless_sudo() -> bool {
    succeeds(Command::new("sudo").args(["-n", "true"]))
}

fn succeeds(cmd: &mut Command) -> bool {
    cmd.output().is_ok_and(|o| o.status.success())
}

/// Off Debian nothing is installed for the user: each need is probed by the
/// tool it provides, and a missing one stops the task with the names of the
/// packages on the common systems. Binutils and the C peers only feed
/// comparisons that skip themselves when missing, so they are reported
/// without stopping the test run.
fn check_elsewhere(needs: &[Need]) -> Result<()> {
    let mut hard = Vec::new();
    for &need in needs {
        if present_elsewhere(need) {
            continue;
        }
        let advice = advice(need);
        if matches!(need, Need::Binutils | Need::CPeers) && needs.contains(&Need::TestTools) {
            eprintln!("note: {advice}\n      (the tests that use them will say they were skipped)");
        } else {
            hard.push(advice);
        }
    }
    if hard.is_empty() {
        return Ok(());
    }
    bail!(
        "this machine is not Debian, so cargo xtask cannot install what it lacks; install:\n{}\n\
         then run this task again.",
        hard.iter()
            .map(|a| format!("  - {a}"))
            .collect::<Vec<_>>()
            .join("\n")
    )
}

fn present_elsewhere(need: Need) -> bool {
    let tool = |name: &str| succeeds(Command::new(name).arg("--version"));
    match need {
        Need::Emulator => tool("cmake") && libclang_found(),
        Need::TestTools => tool("xmllint") && tool("shellcheck"),
        Need::Binutils => tool("arm-none-eabi-as"),
        Need::CPeers => tool("arm-none-eabi-gcc"),
        Need::Qemu => tool("qemu-system-arm"),
    }
}

/// What to install for `need` off Debian: the Debian names and their
/// equivalents on Fedora, Arch and macOS (Homebrew).
fn advice(need: Need) -> String {
    let debian: Vec<&str> = for_needs(&[need]).iter().map(|p| p.name).collect();
    let others = match need {
        Need::Emulator => {
            "dnf install cmake clang-devel | pacman -S cmake clang | brew install cmake llvm \
             (then export LIBCLANG_PATH=$(brew --prefix llvm)/lib)"
        }
        Need::TestTools => {
            "dnf install libxml2 ShellCheck | pacman -S libxml2 shellcheck \
             | brew install libxml2 shellcheck"
        }
        Need::Binutils => {
            "dnf install arm-none-eabi-binutils-cs | pacman -S arm-none-eabi-binutils \
             | brew install arm-none-eabi-binutils"
        }
        Need::CPeers => {
            "dnf install arm-none-eabi-gcc-cs arm-none-eabi-newlib | pacman -S \
             arm-none-eabi-gcc arm-none-eabi-newlib | brew install --cask gcc-arm-embedded"
        }
        Need::Qemu => "dnf install qemu-system-arm | pacman -S qemu-system-arm | brew install qemu",
    };
    format!(
        "{} (Debian: {}; elsewhere: {others})",
        describe(need),
        debian.join(" ")
    )
}

fn describe(need: Need) -> &'static str {
    match need {
        Need::Emulator => "cmake and libclang, to build the Unicorn emulator",
        Need::TestTools => "xmllint, to check JUnit reports, and shellcheck, for actionlint",
        Need::Binutils => "GNU binutils for arm-none-eabi",
        Need::CPeers => "arm-none-eabi-gcc with newlib and picolibc, the C allocator peers",
        Need::Qemu => "qemu-system-arm",
    }
}

/// Looks for libclang where clang-sys (bindgen's loader) looks: LIBCLANG_PATH,
/// `llvm-config --libdir`, and the usual library directories.
fn libclang_found() -> bool {
    let mut dirs: Vec<std::path::PathBuf> = Vec::new();
    if let Some(p) = std::env::var_os("LIBCLANG_PATH") {
        dirs.push(p.into());
    }
    if let Ok(o) = Command::new("llvm-config").arg("--libdir").output() {
        if o.status.success() {
            dirs.push(String::from_utf8_lossy(&o.stdout).trim().into());
        }
    }
    for d in [
        "/usr/lib",
        "/usr/lib64",
        "/usr/local/lib",
        "/usr/lib/x86_64-linux-gnu",
        "/usr/lib/aarch64-linux-gnu",
        "/opt/homebrew/opt/llvm/lib",
        "/usr/local/opt/llvm/lib",
        "/Library/Developer/CommandLineTools/usr/lib",
        "/Applications/Xcode.app/Contents/Developer/Toolchains/XcodeDefault.xctoolchain/usr/lib",
    ] {
        dirs.push(d.into());
    }
    // Versioned LLVM trees: /usr/lib/llvm-N/lib, /usr/lib64/llvm* ...
    for parent in ["/usr/lib", "/usr/lib64", "/usr/local"] {
        if let Ok(entries) = std::fs::read_dir(parent) {
            for e in entries.flatten() {
                if e.file_name().to_string_lossy().starts_with("llvm") {
                    dirs.push(e.path().join("lib"));
                }
            }
        }
    }
    dirs.iter().any(|d| has_libclang(d))
}

fn has_libclang(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries.flatten().any(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.starts_with("libclang")
                && (name.contains(".so") || name.ends_with(".dylib") || name.ends_with(".dll"))
                && !name.starts_with("libclang-cpp")
                && !name.starts_with("libclang_rt")
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_need_has_a_package_and_every_package_is_listed_once() {
        for &need in ALL {
            assert!(!for_needs(&[need]).is_empty(), "{need:?} has no package");
        }
        let mut names: Vec<&str> = PACKAGES.iter().map(|p| p.name).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len(), "a package is listed twice");
        assert_eq!(for_needs(ALL).len(), PACKAGES.len());
    }

    #[test]
    fn advice_off_debian_names_the_debian_packages_and_the_others() {
        let a = advice(Need::Emulator);
        assert!(a.contains("cmake libclang-dev"), "{a}");
        assert!(a.contains("brew install cmake llvm"), "{a}");
    }
}
