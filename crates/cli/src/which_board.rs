//! Which board a file is for: `image::uf2_fit` judges one board; this
//! module words the refusal `flash` prints, naming the built-in board that
//! does fit when there is one.

use std::path::Path;

use anyhow::{bail, Result};
use image::Uf2File;
use target::Target;

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

fn builtins() -> Result<Vec<Target>> {
    crate::boards::names().map(crate::boards::load).collect()
}
