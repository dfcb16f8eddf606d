//! `cargo xtask fuzz-gas`: a differential random test of the thumb assembler
//! against GNU as, for the operand combinations the golden corpus never lists.
//!
//! Units (one instruction, or one IT block) come from a seeded generator.
//! Each is assembled on its own, for every profile asked for, by GNU as and by
//! `thumb::text::assemble`. The two agree when both reject the unit or both
//! accept it with the same `.text` bytes, literal pool included: our section
//! ends with its pool just where GNU as puts its own, so the whole section can
//! be compared rather than only the instructions. The seed is printed first so
//! any run can be replayed exactly.

mod generator;

use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::thread;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{anyhow, Context, Result};
use thumb::Profile;

use crate::golden::gas::{self, Toolchain};
use crate::golden::profiles::PROFILES;
use crate::FuzzGasArgs;
use generator::Generator;

/// Runs the test and prints every mismatch; `Ok(false)` when any unit failed.
pub fn run(args: &FuzzGasArgs) -> Result<bool> {
    let seed = args.seed.unwrap_or_else(clock_seed);
    let profiles = parse_profiles(&args.profile)?;
    let tools = Toolchain::new(&args.tool_prefix);
    let version = tools.version()?;
    println!(
        "fuzz-gas: seed {seed}, {} units, {} ({version}); replay with --seed {seed}",
        args.units,
        profiles
            .iter()
            .map(|p| p.name())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let units = Generator::new(seed).units(args.units);
    let reports = check_profiles(&tools, &profiles, &units)?;
    let mut failed = 0;
    for i in 0..units.len() {
        let mut unit_failed = false;
        for mismatch in reports.iter().filter_map(|r| r[i].as_ref()) {
            println!("{mismatch}");
            unit_failed = true;
        }
        failed += usize::from(unit_failed);
    }
    println!("{} passed, {failed} failed", units.len() - failed);
    Ok(failed == 0)
}

/// A seed nobody chose, for runs that should explore; it is printed, so it
/// is as replayable as a given one.
fn clock_seed() -> u64 {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    now.as_nanos() as u64
}

/// `all` or one profile name as `thumb::Profile` parses it.
fn parse_profiles(arg: &str) -> Result<Vec<Profile>> {
    if arg.eq_ignore_ascii_case("all") {
        return Ok(Profile::ALL.to_vec());
    }
    let profile = arg.parse::<Profile>().map_err(|e| anyhow!(e))?;
    Ok(vec![profile])
}

/// The `-mcpu=` value golden uses for a profile, so both tasks ask GNU as
/// the same question.
fn gas_cpu(profile: Profile) -> Result<&'static str> {
    PROFILES
        .iter()
        .find(|g| g.name == profile.name())
        .map(|g| g.cpu)
        .with_context(|| format!("no GNU as CPU known for {}", profile.name()))
}

/// Checks every unit for every profile, one thread per profile as in golden
/// (the time goes on starting GNU as, not on either assembler). The result
/// holds, per profile in order, the mismatch line of each unit or `None`.
fn check_profiles(
    tools: &Toolchain,
    profiles: &[Profile],
    units: &[Vec<String>],
) -> Result<Vec<Vec<Option<String>>>> {
    thread::scope(|s| {
        let handles: Vec<_> = profiles
            .iter()
            .map(|&p| s.spawn(move || check_profile(tools, p, units)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("profile thread panicked"))
            .collect()
    })
}

/// Checks every unit under one profile, in a scratch directory of its own.
fn check_profile(
    tools: &Toolchain,
    profile: Profile,
    units: &[Vec<String>],
) -> Result<Vec<Option<String>>> {
    let cpu = gas_cpu(profile)?;
    let scratch = tempfile::tempdir()?;
    Ok(units
        .iter()
        .map(|unit| check_unit(tools, profile, cpu, scratch.path(), unit))
        .collect())
}

/// What an assembler made of a unit.
#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    /// The whole section.
    Bytes(Vec<u8>),
    /// Refused, with the message to show.
    Rejected(String),
    /// Went wrong in a way that is neither (GNU as crashing or erring
    /// without a line, our assembler panicking): never agrees, so it is seen.
    Broken(String),
}

/// Both assemblers on one unit; the mismatch line if they disagree.
fn check_unit(
    tools: &Toolchain,
    profile: Profile,
    cpu: &str,
    scratch: &Path,
    unit: &[String],
) -> Option<String> {
    let gas = run_gas(tools, cpu, scratch, unit);
    let ours = run_ours(profile, unit);
    if agree(&gas, &ours) {
        None
    } else {
        Some(mismatch_line(profile, unit, &gas, &ours))
    }
}

/// GNU as's verdict.
fn run_gas(tools: &Toolchain, cpu: &str, scratch: &Path, unit: &[String]) -> Outcome {
    match gas::assemble_section(tools, unit, cpu, scratch) {
        Ok(Some(bytes)) => Outcome::Bytes(bytes),
        Ok(None) => Outcome::Rejected("rejected".to_string()),
        Err(e) => Outcome::Broken(one_line(&format!("failed: {e:#}"))),
    }
}

/// Our verdict: the first error, or the section bytes (pool included). A
/// panic is caught and reported as such, since finding one is the point.
fn run_ours(profile: Profile, unit: &[String]) -> Outcome {
    let mut src = unit.join("\n");
    src.push('\n');
    let result = panic::catch_unwind(AssertUnwindSafe(|| thumb::text::assemble(&src, profile)));
    match result {
        Ok(assembly) => match assembly.errors.first() {
            Some(first) => Outcome::Rejected(first.to_string()),
            None => Outcome::Bytes(assembly.bytes),
        },
        Err(payload) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Outcome::Broken(one_line(&format!("panicked: {message}")))
        }
    }
}

/// Agreement: both reject (the messages differ between assemblers and are
/// not compared) or both produce the same bytes.
fn agree(gas: &Outcome, ours: &Outcome) -> bool {
    match (gas, ours) {
        (Outcome::Bytes(g), Outcome::Bytes(o)) => g == o,
        (Outcome::Rejected(_), Outcome::Rejected(_)) => true,
        _ => false,
    }
}

/// `profile | line | line | gas: <hex or rejected> | ours: <hex or error>`.
fn mismatch_line(profile: Profile, unit: &[String], gas: &Outcome, ours: &Outcome) -> String {
    format!(
        "{} | {} | gas: {} | ours: {}",
        profile.name(),
        unit.join(" | "),
        describe(gas),
        describe(ours)
    )
}

fn describe(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Bytes(bytes) if bytes.is_empty() => "(no bytes)".to_string(),
        Outcome::Bytes(bytes) => hex(bytes),
        Outcome::Rejected(message) | Outcome::Broken(message) => message.clone(),
    }
}

/// Bytes in memory order as lowercase hex, the way the golden files and
/// `thumbforth asm` print them.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Keeps every mismatch on one line, whatever a message contains.
fn one_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" / ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejections_agree_and_anomalies_do_not() {
        let gas_no = Outcome::Rejected("rejected".into());
        let ours_no = Outcome::Rejected("1:1: bad".into());
        assert!(agree(&gas_no, &ours_no));
        assert!(!agree(&gas_no, &Outcome::Broken("panicked: x".into())));
        assert!(!agree(&Outcome::Broken("failed: x".into()), &ours_no));
        assert!(!agree(&gas_no, &Outcome::Bytes(vec![0, 0xbf])));
        assert!(agree(
            &Outcome::Bytes(vec![0, 0xbf]),
            &Outcome::Bytes(vec![0, 0xbf])
        ));
    }

    #[test]
    fn mismatch_is_one_line() {
        let unit = vec!["it eq".to_string(), "moveq r0, r1".to_string()];
        let line = mismatch_line(
            Profile::V7M,
            &unit,
            &Outcome::Bytes(vec![0x08, 0xbf, 0x08, 0x46]),
            &Outcome::Rejected(one_line("1:1: no\nmore")),
        );
        assert_eq!(
            line,
            "armv7m | it eq | moveq r0, r1 | gas: 08bf0846 | ours: 1:1: no / more"
        );
    }

    #[test]
    fn profiles_parse() {
        assert_eq!(parse_profiles("all").unwrap(), Profile::ALL.to_vec());
        assert_eq!(parse_profiles("armv7em").unwrap(), vec![Profile::V7EM]);
        assert!(parse_profiles("armv9").is_err());
        for p in Profile::ALL {
            assert!(gas_cpu(p).is_ok());
        }
    }
}
