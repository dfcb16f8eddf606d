//! Writing the files a command produces whole or not at all.
//!
//! A half-written image is worse than none: `flash` would copy it to a board.
//! So each file goes first to a temporary file in its destination's
//! directory, and only when every file of the command has been written and
//! synced to disk are they renamed into place, a rename within one directory
//! being the step the file system does atomically. If anything fails before
//! that, the temporary files are removed, directories made for them are
//! removed again, and what was there before is untouched.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use tempfile::NamedTempFile;

/// Refuses, before any work is done, an output path that can never be
/// written: an existing directory, or a path below a regular file.
pub fn check(path: &Path) -> Result<()> {
    if path.is_dir() {
        bail!("`{}` is a directory; give a file name", path.display());
    }
    for ancestor in path.ancestors().skip(1) {
        if ancestor.as_os_str().is_empty() {
            break;
        }
        match fs::metadata(ancestor) {
            Ok(meta) if meta.is_dir() => break,
            Ok(_) => bail!(
                "cannot write `{}`: `{}` is a file, not a directory",
                path.display(),
                ancestor.display()
            ),
            Err(_) => continue,
        }
    }
    Ok(())
}

/// Files written together: nothing appears at any destination until
/// [`Batch::commit`], and dropping an uncommitted batch leaves no trace.
#[derive(Default)]
pub struct Batch {
    staged: Vec<(NamedTempFile, PathBuf)>,
    /// Directories made for the staged files, outermost first.
    made: Vec<PathBuf>,
}

impl Batch {
    pub fn new() -> Batch {
        Batch::default()
    }

    /// Writes `bytes` to a temporary file beside `path`, making its
    /// directory when needed; every error names `path`.
    pub fn add(&mut self, path: &Path, bytes: &[u8]) -> Result<()> {
        check(path)?;
        let dest = destination(path);
        let dir = match dest.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        self.make_dir(&dir)
            .with_context(|| format!("cannot create `{}`", dir.display()))?;
        let write = || -> std::io::Result<NamedTempFile> {
            let name = dest.file_name().unwrap_or_default().to_string_lossy();
            let mut file = tempfile::Builder::new()
                .prefix(&format!(".{name}."))
                .suffix(".tmp")
                .tempfile_in(&dir)?;
            file.write_all(bytes)?;
            // A full disk may only show when the data reaches it.
            file.as_file().sync_all()?;
            // Replacing a file keeps the permissions the user gave it.
            if let Ok(meta) = fs::metadata(&dest) {
                file.as_file().set_permissions(meta.permissions())?;
            }
            Ok(file)
        };
        let file = write().with_context(|| format!("cannot write `{}`", path.display()))?;
        self.staged.push((file, dest));
        Ok(())
    }

    /// Renames every staged file into place.
    pub fn commit(mut self) -> Result<()> {
        for (file, dest) in std::mem::take(&mut self.staged) {
            file.persist(&dest)
                .map_err(|e| e.error)
                .with_context(|| format!("cannot write `{}`", dest.display()))?;
        }
        self.made.clear();
        Ok(())
    }

    /// `create_dir_all`, remembering the directories it made.
    fn make_dir(&mut self, dir: &Path) -> std::io::Result<()> {
        let missing: Vec<PathBuf> = dir
            .ancestors()
            .take_while(|a| !a.as_os_str().is_empty() && !a.exists())
            .map(Path::to_path_buf)
            .collect();
        fs::create_dir_all(dir)?;
        self.made.extend(missing.into_iter().rev());
        Ok(())
    }
}

impl Drop for Batch {
    fn drop(&mut self) {
        // The temporary files go first, so the directories are empty again.
        self.staged.clear();
        for dir in self.made.iter().rev() {
            let _ = fs::remove_dir(dir);
        }
    }
}

/// Where the bytes for `path` really go: through a symbolic link to the
/// file it names, as a plain write would, so the link itself stays.
fn destination(path: &Path) -> PathBuf {
    let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if is_link {
        if let Ok(real) = fs::canonicalize(path) {
            return real;
        }
    }
    path.to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = walk(dir)
            .into_iter()
            .map(|p| p.strip_prefix(dir).unwrap().display().to_string())
            .collect();
        v.sort();
        v
    }

    fn walk(dir: &Path) -> Vec<PathBuf> {
        let mut out = Vec::new();
        for e in fs::read_dir(dir).unwrap().flatten() {
            out.push(e.path());
            if e.path().is_dir() {
                out.extend(walk(&e.path()));
            }
        }
        out
    }

    #[test]
    fn a_failed_file_leaves_no_file_and_no_directory_of_the_batch() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::write(d.join("old.bin"), b"old").unwrap();
        fs::write(d.join("blocker"), b"a file").unwrap();
        let mut batch = Batch::new();
        batch.add(&d.join("old.bin"), b"new").unwrap();
        batch.add(&d.join("new/deep/a.elf"), b"elf").unwrap();
        let err = batch.add(&d.join("blocker/c.uf2"), b"uf2").unwrap_err();
        assert!(format!("{err:#}").contains("blocker/c.uf2"), "{err:#}");
        drop(batch);
        assert_eq!(fs::read(d.join("old.bin")).unwrap(), b"old");
        assert_eq!(names(d), ["blocker", "old.bin"]);
    }

    #[test]
    fn a_committed_batch_replaces_and_creates_every_file() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::write(d.join("old.bin"), b"old").unwrap();
        let mut batch = Batch::new();
        batch.add(&d.join("old.bin"), b"new").unwrap();
        batch.add(&d.join("build/a.elf"), b"elf").unwrap();
        batch.commit().unwrap();
        assert_eq!(fs::read(d.join("old.bin")).unwrap(), b"new");
        assert_eq!(fs::read(d.join("build/a.elf")).unwrap(), b"elf");
        assert_eq!(names(d), ["build", "build/a.elf", "old.bin"]);
    }

    #[test]
    fn a_directory_or_a_path_below_a_file_is_refused_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::write(d.join("f"), b"").unwrap();
        let err = check(d).unwrap_err().to_string();
        assert!(err.contains("is a directory"), "{err}");
        let err = check(&d.join("f/x/y.xml")).unwrap_err().to_string();
        assert!(
            err.contains("f/x/y.xml") && err.contains("is a file"),
            "{err}"
        );
        check(&d.join("new/dir/x.xml")).unwrap();
    }
}
