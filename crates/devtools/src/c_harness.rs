//! C code beside ours on the same emulated board: what the allocator peers
//! (`alloc_peers`) and the C benchmarks (`bench_c`) share, so both build,
//! load and call their programs the same way and their counts mean the same.
//!
//! A program is compiled and linked with `arm-none-eabi-gcc` for the
//! board's own core (`compiler`) into an ELF without start-up code, so C
//! and Forth run on the same core. The host loads its PT_LOAD segments at their
//! virtual addresses into a fresh board (zero-filling what the file does not
//! hold, which is .bss) and calls functions by address with the AAPCS:
//! arguments in r0-r3, the result in r0, LR at the host's return trap. A
//! call counts every instruction from the function's first until it returns
//! to the trap; setting the argument registers and reading the result are
//! not counted.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{anyhow, bail, ensure, Context, Result};
use emu::Emulator;
use goblin::elf::program_header::PT_LOAD;
use goblin::elf::sym::STT_FUNC;
use target::Target;

pub(crate) const COMPILER: &str = "arm-none-eabi-gcc";

/// `arm-none-eabi-gcc` set up for `target`: code for its core (`-mcpu`,
/// Thumb, `-O2`), with software floating point so that the libraries of the
/// core's no-FPU multilib link (thumb/v6-m/nofp for the Cortex-M0+,
/// thumb/v7e-m/nofp for the Cortex-M4, thumb/v8-m.main/nofp for the
/// Cortex-M33), every function and object in a section of its own for
/// `--gc-sections`, and the linker `script` given the board's memory map as
/// `__flash`, `__flash_size`, `__ram` and `__ram_size`. The caller adds its
/// own options and its sources.
pub(crate) fn compiler(target: &Target, script: &Path) -> Command {
    let mut cmd = Command::new(COMPILER);
    cmd.arg(format!("-mcpu={}", target.cpu.name()))
        .args(["-mthumb", "-mfloat-abi=soft", "-O2"])
        .args(["-ffunction-sections", "-fdata-sections"])
        .arg("-T")
        .arg(script)
        .arg(format!(
            "-Wl,--defsym=__flash={:#x},--defsym=__flash_size={:#x},\
             --defsym=__ram={:#x},--defsym=__ram_size={:#x}",
            target.flash.origin, target.flash.size, target.ram.origin, target.ram.size
        ))
        .arg("-Wl,--gc-sections");
    cmd
}

/// A linked program, ready to load into any number of fresh boards.
pub(crate) struct Program {
    /// (address, bytes) per PT_LOAD segment, zero-filled to its memory size.
    segments: Vec<(u32, Vec<u8>)>,
    /// The functions, so a fault report names where it happened.
    functions: Vec<emu::Symbol>,
    /// Every named symbol's value (a function's with its Thumb bit).
    values: HashMap<String, u32>,
}

impl Program {
    /// Reads the ELF `bytes`; `what` names the program in errors.
    pub(crate) fn parse(bytes: &[u8], what: &str) -> Result<Program> {
        let elf =
            goblin::elf::Elf::parse(bytes).with_context(|| format!("reading the {what} ELF"))?;
        let mut segments = Vec::new();
        for ph in elf.program_headers.iter().filter(|ph| ph.p_type == PT_LOAD) {
            let mut data = bytes
                .get(ph.file_range())
                .context("a segment runs past the end of the ELF")?
                .to_vec();
            // What the file does not hold is .bss: zero.
            data.resize(ph.p_memsz as usize, 0);
            if !data.is_empty() {
                segments.push((ph.p_vaddr as u32, data));
            }
        }
        let mut values = HashMap::new();
        let mut functions = Vec::new();
        for sym in elf.syms.iter() {
            let Some(name) = elf.strtab.get_at(sym.st_name) else {
                continue;
            };
            if name.is_empty() {
                continue;
            }
            values.insert(name.to_owned(), sym.st_value as u32);
            if sym.st_type() == STT_FUNC {
                functions.push(emu::Symbol {
                    name: name.to_owned(),
                    addr: sym.st_value as u32 & !1,
                    size: sym.st_size as u32,
                });
            }
        }
        Ok(Program {
            segments,
            functions,
            values,
        })
    }

    /// The value of the symbol `name`; `what` names the program in errors.
    pub(crate) fn symbol(&self, name: &str, what: &str) -> Result<u32> {
        self.values
            .get(name)
            .copied()
            .with_context(|| format!("the {what} has no symbol `{name}`"))
    }

    /// A fresh `target` board with the program loaded and its functions
    /// known to fault reports.
    pub(crate) fn load(&self, target: &Target, what: &str) -> Result<Emulator> {
        let mut emu = Emulator::new(target)?;
        for (addr, bytes) in &self.segments {
            emu.load(*addr, bytes)
                .with_context(|| format!("loading the {what}"))?;
        }
        emu.set_symbols(self.functions.clone());
        Ok(emu)
    }
}

/// Calls the function at `entry` with `args` in r0.. and LR at the host's
/// trap, stopping a runaway call after `budget` instructions; returns r0
/// and the instructions executed.
pub(crate) fn call(
    emu: &mut Emulator,
    entry: u32,
    args: &[u32],
    budget: u64,
) -> Result<(u32, u64)> {
    ensure!(
        args.len() <= 4,
        "the AAPCS passes at most four arguments in registers"
    );
    for (n, &a) in args.iter().enumerate() {
        emu.set_reg(n as u8, a);
    }
    let before = emu.instructions();
    // The data stack is Forth's (r6/r7); empty here, and callee-saved
    // under the AAPCS, so it must come back empty.
    let stack = emu.call(entry, &[], budget).map_err(|f| anyhow!("{f}"))?;
    ensure!(stack.is_empty(), "the call did not preserve r6/r7");
    Ok((emu.reg(0), emu.instructions() - before))
}

/// Where the ELF files of `task` go (`alloc-peers`, `bench-c`): under the
/// cargo target directory, kept for `objdump`, rebuilt by every process.
pub(crate) fn out_dir(root: &Path, task: &str) -> PathBuf {
    let target_dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(|d| root.join(d))
        .unwrap_or_else(|| root.join("target"));
    target_dir.join(task)
}

/// What a build is, for its error messages.
pub(crate) struct Build<'a> {
    /// Whose build it is: "the allocator peers", "the C benchmarks".
    pub who: &'a str,
    /// The program: "newlib harness", "rp2040 C benchmarks".
    pub what: &'a str,
    /// The Debian packages it needs, with the noun: "package
    /// gcc-arm-none-eabi", "packages gcc-arm-none-eabi, ...".
    pub packages: &'a str,
}

/// Runs `cmd` (the compiler with every argument but the output) to link
/// `dir/<name>.elf`, and returns the ELF. Each build writes a file of its
/// own (named by process and by build) and renames it into place, so
/// concurrent builds, of processes or of tests, never share a file.
pub(crate) fn link(mut cmd: Command, dir: &Path, name: &str, b: &Build) -> Result<Vec<u8>> {
    static BUILDS: AtomicUsize = AtomicUsize::new(0);
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let n = BUILDS.fetch_add(1, Ordering::Relaxed);
    let tmp = dir.join(format!("{name}.{}-{n}.elf", std::process::id()));
    cmd.arg("-o").arg(&tmp);
    let out = match cmd.output() {
        Ok(out) => out,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            bail!(
                "`{COMPILER}` is not on PATH: {} need the Debian {}",
                b.who,
                b.packages
            )
        }
        Err(e) => return Err(e).with_context(|| format!("running {COMPILER}")),
    };
    if !out.status.success() {
        let _ = std::fs::remove_file(&tmp);
        bail!(
            "building the {} failed (it needs the Debian {}):\n{}",
            b.what,
            b.packages,
            String::from_utf8_lossy(&out.stderr).trim_end()
        );
    }
    let elf = std::fs::read(&tmp).with_context(|| format!("reading {}", tmp.display()))?;
    let kept = dir.join(format!("{name}.elf"));
    std::fs::rename(&tmp, &kept).with_context(|| format!("writing {}", kept.display()))?;
    Ok(elf)
}

/// True when the cross compiler runs: without it the tests of the C
/// programs have nothing to measure, and say so.
#[cfg(test)]
pub(crate) fn compiler_present() -> bool {
    Command::new(COMPILER)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}
