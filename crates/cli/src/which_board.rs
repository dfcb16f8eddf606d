//! Which board a file is for: `image::fit` judges one board; this module
//! asks it of the board `--target` names or of every built-in board, makes
//! the choice `run` makes, and words the refusals `run` and `flash` print,
//! each naming the board that does fit when there is one.

use std::path::Path;

use anyhow::{bail, Context, Result};
use image::{Format, Loaded, Uf2File, Verdict};
use target::Target;

/// The board to run a file on, and the file as read for it: the board
/// `--target` names, if the image fits it, else the one built-in board it
/// fits. Anything else is refused with the reasons.
pub fn for_run(
    path: &Path,
    bytes: &[u8],
    format: Format,
    named: Option<Target>,
) -> Result<(Target, Loaded)> {
    let judge = |t: &Target| {
        image::fit(bytes, format, t)
            .with_context(|| format!("{}: not a usable image", path.display()))
    };
    if let Some(target) = named {
        return match judge(&target)? {
            Verdict::Fits { loaded, .. } => Ok((target, loaded)),
            Verdict::Misfit(reason) => bail!(
                "{}: not an image for {}: {reason}{}",
                path.display(),
                target.name,
                suggestion(&target.name, |t| fits(judge(t)))
            ),
        };
    }
    let mut fitting = Vec::new();
    let mut reasons = Vec::new();
    for board in builtins()? {
        match judge(&board)? {
            Verdict::Fits { loaded, .. } => fitting.push((board, loaded)),
            Verdict::Misfit(reason) => reasons.push(format!("{}: {reason}", board.name)),
        }
    }
    if fitting.len() > 1 {
        let names: Vec<&str> = fitting.iter().map(|(t, _)| t.name.as_str()).collect();
        bail!(
            "{}: the image fits several boards ({}); say which with --target",
            path.display(),
            names.join(", ")
        );
    }
    match fitting.pop() {
        Some(pick) => Ok(pick),
        None => bail!(
            "{}: the image fits none of the built-in boards ({}); give --target with a board file that describes its board",
            path.display(),
            reasons.join("; ")
        ),
    }
}

/// Refuses a UF2 a boot drive of `target` should not be given (its family
/// or addresses are another board's), naming the board it is for.
pub fn check_uf2(path: &Path, file: &Uf2File, target: &Target) -> Result<()> {
    if let Err(reason) = image::uf2_fit(file, target) {
        bail!(
            "{}: not an image for {}: {reason}{}; nothing copied",
            path.display(),
            target.name,
            suggestion(&target.name, |t| image::uf2_fit(file, t).ok())
        );
    }
    Ok(())
}

/// `; this image is for B (why); use --target B` for the first built-in
/// board other than `except` that `evidence` accepts, or nothing.
fn suggestion(except: &str, evidence: impl Fn(&Target) -> Option<String>) -> String {
    let Ok(boards) = builtins() else {
        return String::new();
    };
    boards
        .iter()
        .filter(|t| t.name != except)
        .find_map(|t| {
            evidence(t).map(|why| {
                format!(
                    "; this image is for {} ({why}); use --target {}",
                    t.name, t.name
                )
            })
        })
        .unwrap_or_default()
}

/// The evidence of a fit, if it is one.
fn fits(verdict: Result<Verdict>) -> Option<String> {
    match verdict {
        Ok(Verdict::Fits { evidence, .. }) => Some(evidence),
        _ => None,
    }
}

fn builtins() -> Result<Vec<Target>> {
    crate::boards::names().map(crate::boards::load).collect()
}
