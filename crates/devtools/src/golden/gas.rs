//! Runs GNU as over one case file and finds out what every line produced.
//!
//! GNU as has no per-line listing of bytes that survives relaxation and literal
//! pools, so the mapping is recovered from symbols instead: each line gets a
//! label of its own on the same line (line numbers stay put), an end label
//! follows the last line, and a line's bytes are the `.text` bytes between its
//! label and the next one. Pools GNU as dumps at the end of the section lie
//! after the end label and belong to no line.
//!
//! Rejected lines are found by assembling, reading the `file:LINE: Error:`
//! messages, blanking those lines (keeping the numbering) and assembling again.
//! A line that only fails once others are blanked is a cascade: the generator
//! must not produce such cases, so it is an error here. Finally the same source
//! without the labels must assemble to identical bytes, which proves the labels
//! (in IT blocks too) did not change GNU as's choices.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, ensure, Context, Result};

use super::corpus::Outcome;

/// Lines put in front of every case file: the corpus assumes unified syntax
/// Thumb code, which the assembler under test takes without being told.
const HEADER: [&str; 2] = [".syntax unified", ".thumb"];

/// Label prefix for the per-line labels; case files never use it.
const LABEL: &str = "__gl";

/// How many times blanking may uncover errors before giving up.
const MAX_PASSES: usize = 4;

/// The binutils programs, named by their common prefix.
pub struct Toolchain {
    prefix: String,
}

impl Toolchain {
    pub fn new(prefix: &str) -> Toolchain {
        Toolchain {
            prefix: prefix.to_string(),
        }
    }

    fn tool(&self, name: &str) -> Command {
        Command::new(format!("{}{name}", self.prefix))
    }

    /// The first line of `as --version`, which also proves the tools exist.
    pub fn version(&self) -> Result<String> {
        let out = self.tool("as").arg("--version").output().with_context(|| {
            format!(
                "running {}as (is binutils-arm-none-eabi installed?)",
                self.prefix
            )
        })?;
        ensure!(out.status.success(), "{}as --version failed", self.prefix);
        let text = String::from_utf8_lossy(&out.stdout);
        Ok(text.lines().next().unwrap_or_default().to_string())
    }
}

/// Assembles `lines` for `cpu` and returns what each line produced. `scratch`
/// is an empty directory for the intermediate files.
pub fn assemble(
    tools: &Toolchain,
    lines: &[String],
    cpu: &str,
    scratch: &Path,
) -> Result<Vec<Outcome>> {
    let mut rejected = BTreeSet::new();
    for pass in 0..MAX_PASSES {
        let src = labelled_source(lines, &rejected);
        let run = run_as(tools, cpu, scratch, "labelled", &src)?;
        if run.errors.is_empty() {
            let outcomes = outcomes(tools, &run.object, lines.len(), &rejected)?;
            check_labels_are_neutral(tools, cpu, scratch, lines, &rejected, &run.object)?;
            return Ok(outcomes);
        }
        let new: BTreeMap<usize, String> = run
            .errors
            .into_iter()
            .filter(|(line, _)| !rejected.contains(line))
            .collect();
        if new.is_empty() {
            bail!(
                "GNU as keeps failing on lines already blanked:\n{}",
                run.stderr
            );
        }
        if pass > 0 {
            let list: Vec<String> = new
                .iter()
                .map(|(n, msg)| format!("  line {n}: `{}`: {msg}", lines[n - 1]))
                .collect();
            bail!(
                "lines that fail only after other lines were removed (cascade); \
                 change the generator so they don't:\n{}",
                list.join("\n")
            );
        }
        rejected.extend(new.into_keys());
    }
    bail!("GNU as still reports errors after {MAX_PASSES} passes")
}

/// Assembles `lines` as one source for `cpu` and returns the whole `.text`
/// section, or `None` when GNU as reports an error on any line. This is the
/// question the fuzzer asks of a unit; unlike [`assemble`] it does not try to
/// attribute bytes to lines, so literal pools are included.
pub fn assemble_section(
    tools: &Toolchain,
    lines: &[String],
    cpu: &str,
    scratch: &Path,
) -> Result<Option<Vec<u8>>> {
    let run = run_as(
        tools,
        cpu,
        scratch,
        "unit",
        &plain_source(lines, &BTreeSet::new()),
    )?;
    if !run.errors.is_empty() {
        return Ok(None);
    }
    text_bytes(tools, &run.object).map(Some)
}

/// The case text with a label on every line and rejected lines blanked.
fn labelled_source(lines: &[String], rejected: &BTreeSet<usize>) -> String {
    let mut src = header();
    for (i, line) in lines.iter().enumerate() {
        let n = i + 1;
        if rejected.contains(&n) {
            src.push_str(&format!("{LABEL}{n}:\n"));
        } else {
            src.push_str(&format!("{LABEL}{n}: {line}\n"));
        }
    }
    src.push_str(&format!("{LABEL}_end:\n"));
    src
}

/// The case text as written, with rejected lines blanked and no labels.
fn plain_source(lines: &[String], rejected: &BTreeSet<usize>) -> String {
    let mut src = header();
    for (i, line) in lines.iter().enumerate() {
        if !rejected.contains(&(i + 1)) {
            src.push_str(line);
        }
        src.push('\n');
    }
    src
}

fn header() -> String {
    HEADER.iter().map(|h| format!("{h}\n")).collect()
}

/// The result of one GNU as run.
struct AsRun {
    object: PathBuf,
    /// Case line number (1-based) to the first error message for it.
    errors: BTreeMap<usize, String>,
    stderr: String,
}

fn run_as(tools: &Toolchain, cpu: &str, scratch: &Path, stem: &str, src: &str) -> Result<AsRun> {
    let source = scratch.join(format!("{stem}.s"));
    let object = scratch.join(format!("{stem}.o"));
    fs::write(&source, src)?;
    let _ = fs::remove_file(&object);
    let out = tools
        .tool("as")
        .arg("-mthumb")
        .arg(format!("-mcpu={cpu}"))
        .arg("-o")
        .arg(&object)
        .arg(&source)
        .output()
        .context("running GNU as")?;
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let errors = parse_errors(&stderr, &source.to_string_lossy())?;
    if out.status.success() {
        ensure!(
            errors.is_empty(),
            "GNU as succeeded but reported errors:\n{stderr}"
        );
    } else {
        ensure!(
            !errors.is_empty(),
            "GNU as failed without a line error:\n{stderr}"
        );
    }
    Ok(AsRun {
        object,
        errors,
        stderr,
    })
}

/// Extracts `file:LINE: Error: message` lines, as case line numbers.
fn parse_errors(stderr: &str, file: &str) -> Result<BTreeMap<usize, String>> {
    let mut errors = BTreeMap::new();
    for line in stderr.lines() {
        let Some((place, message)) = line.split_once(": Error: ") else {
            continue;
        };
        let parsed = place
            .strip_prefix(file)
            .and_then(|rest| rest.strip_prefix(':'))
            .and_then(|n| n.parse::<usize>().ok());
        let Some(n) = parsed else {
            bail!("GNU as error outside the case text: {line}");
        };
        ensure!(n > HEADER.len(), "GNU as error in the header: {line}");
        errors
            .entry(n - HEADER.len())
            .or_insert_with(|| message.to_string());
    }
    Ok(errors)
}

/// Reads label addresses and `.text` bytes and cuts the bytes per line.
fn outcomes(
    tools: &Toolchain,
    object: &Path,
    count: usize,
    rejected: &BTreeSet<usize>,
) -> Result<Vec<Outcome>> {
    let addrs = label_addresses(tools, object)?;
    let text = text_bytes(tools, object)?;
    let addr = |key: &str| -> Result<usize> {
        addrs
            .get(key)
            .copied()
            .with_context(|| format!("label {key} missing from the symbol table"))
    };
    let mut result = Vec::with_capacity(count);
    for n in 1..=count {
        if rejected.contains(&n) {
            result.push(Outcome::Rejected);
            continue;
        }
        let start = addr(&format!("{LABEL}{n}"))?;
        let end = if n == count {
            addr(&format!("{LABEL}_end"))?
        } else {
            addr(&format!("{LABEL}{}", n + 1))?
        };
        ensure!(
            start <= end && end <= text.len(),
            "line {n}: bytes {start:#x}..{end:#x} out of order"
        );
        result.push(if start == end {
            Outcome::Nothing
        } else {
            Outcome::Bytes(text[start..end].to_vec())
        });
    }
    Ok(result)
}

/// Symbol name to address, for the per-line labels.
fn label_addresses(tools: &Toolchain, object: &Path) -> Result<BTreeMap<String, usize>> {
    let out = tools
        .tool("nm")
        .arg(object)
        .output()
        .context("running nm")?;
    ensure!(
        out.status.success(),
        "nm failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut addrs = BTreeMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let mut fields = line.split_whitespace();
        let (Some(value), Some(kind), Some(name)) = (fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        if name.starts_with(LABEL) {
            ensure!(
                kind.eq_ignore_ascii_case("t"),
                "{name} is not in .text ({kind})"
            );
            addrs.insert(name.to_string(), usize::from_str_radix(value, 16)?);
        }
    }
    Ok(addrs)
}

/// The raw contents of `.text`.
fn text_bytes(tools: &Toolchain, object: &Path) -> Result<Vec<u8>> {
    let bin = object.with_extension("bin");
    let status = tools
        .tool("objcopy")
        .args(["-O", "binary", "-j", ".text"])
        .arg(object)
        .arg(&bin)
        .status()
        .context("running objcopy")?;
    ensure!(status.success(), "objcopy failed");
    Ok(fs::read(&bin)?)
}

/// Assembles the unlabelled text and demands the same `.text` bytes.
fn check_labels_are_neutral(
    tools: &Toolchain,
    cpu: &str,
    scratch: &Path,
    lines: &[String],
    rejected: &BTreeSet<usize>,
    labelled: &Path,
) -> Result<()> {
    let run = run_as(tools, cpu, scratch, "plain", &plain_source(lines, rejected))?;
    ensure!(
        run.errors.is_empty(),
        "unlabelled source fails:\n{}",
        run.stderr
    );
    let with = text_bytes(tools, labelled)?;
    let without = text_bytes(tools, &run.object)?;
    if with != without {
        let at = with
            .iter()
            .zip(&without)
            .position(|(a, b)| a != b)
            .unwrap_or(with.len().min(without.len()));
        bail!("per-line labels change GNU as's output (first difference at .text+{at:#x})");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_numbered_like_the_case_file() {
        let stderr = "x.s: Assembler messages:\n\
                      x.s:5: Error: bad instruction `bogus'\n\
                      x.s:5: Error: again\n\
                      x.s:9: Warning: fine\n";
        let errors = parse_errors(stderr, "x.s").unwrap();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[&3], "bad instruction `bogus'");
    }

    #[test]
    fn labelled_source_keeps_line_numbers() {
        let lines = vec!["movs r0, #1".to_string(), "bogus".into()];
        let rejected = BTreeSet::from([2]);
        let src = labelled_source(&lines, &rejected);
        assert_eq!(
            src,
            ".syntax unified\n.thumb\n__gl1: movs r0, #1\n__gl2:\n__gl_end:\n"
        );
    }
}
