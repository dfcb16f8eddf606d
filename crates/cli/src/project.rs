//! `thumbforth.toml`: what a user's repository says once so that
//! `thumbforth build` and `thumbforth test` need no arguments there.
//!
//! ```toml
//! [project]
//! name = "blinky"
//! targets = ["rp2350", "rp2040"]
//! sources = ["app.fs"]
//! tests = ["tests/**/*.fs", "**/*.test.fs"]
//! include = ["lib"]
//! main = "main"
//! outputs = ["build/{name}-{target}.elf", "build/{name}-{target}.uf2"]
//! ```
//!
//! Paths in the file are relative to the file's directory, so the commands
//! behave the same from any directory of the project.

use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result};
use image::Format;
use serde::Deserialize;
use target::Target;
use toml::Spanned;

use crate::failure::Located;

/// The project file's name, looked for in the current directory and its parents.
pub const FILE_NAME: &str = "thumbforth.toml";

/// Test files by convention: a `tests/` folder, or a `.test.fs` beside the code.
pub const DEFAULT_TESTS: &[&str] = &["tests/**/*.fs", "**/*.test.fs"];

/// One image per board and format, named so several targets never collide.
pub const DEFAULT_OUTPUTS: &[&str] = &["build/{name}-{target}.elf", "build/{name}-{target}.uf2"];

/// A project as the commands use it: every path already resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Project {
    /// The directory holding `thumbforth.toml`, absolute.
    pub root: PathBuf,
    pub name: String,
    /// Board names as `--target` takes them; paths to a board's `.toml` are
    /// resolved against the root so they work from any directory.
    pub targets: Vec<String>,
    pub sources: Vec<PathBuf>,
    /// The `tests` patterns expanded, sorted and deduplicated.
    pub tests: Vec<PathBuf>,
    pub include: Vec<PathBuf>,
    pub main: Option<String>,
    /// Output templates with `{name}` and `{target}` unexpanded: the target
    /// is only known per build. Relative to the root, see [`Project::path`].
    pub outputs: Vec<String>,
}

/// The file's shape. Unknown keys are refused so that a misspelt `sorces`
/// is an error rather than a build that silently leaves the code out.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    project: RawProject,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProject {
    /// Names the output files; the directory's name when left out.
    name: Option<Spanned<String>>,
    /// Boards to build for, each a built-in name or a path to a board's
    /// `.toml`; `["rp2350"]` when left out.
    targets: Option<Spanned<Vec<Spanned<String>>>>,
    /// Forth files loaded in order after the standard image.
    #[serde(default)]
    sources: Vec<Spanned<String>>,
    /// Globs (`**`, `*`, `?`) naming the test files; [`DEFAULT_TESTS`] when
    /// left out. A pattern without wildcards names one file as written.
    tests: Option<Vec<String>>,
    /// Extra directories where `include` and `require` look for files.
    #[serde(default)]
    include: Vec<Spanned<String>>,
    /// The word run at boot after the init chain; `main` if defined when left out.
    main: Option<String>,
    /// Output files, their extension picking the format; `{name}` and
    /// `{target}` are replaced. [`DEFAULT_OUTPUTS`] when left out.
    outputs: Option<Spanned<Vec<Spanned<String>>>>,
}

/// The placeholders an output file name may hold.
const PLACEHOLDERS: &[&str] = &["{name}", "{target}"];

/// thumbforth.toml in `dir` or the nearest parent, parsed; Ok(None) when there is none.
pub fn find(dir: &Path) -> Result<Option<Project>> {
    let start = real_path(dir)?;
    for candidate in start.ancestors() {
        let file = candidate.join(FILE_NAME);
        if file.is_file() {
            return load(&file).map(Some);
        }
    }
    Ok(None)
}

/// Reads and resolves one project file.
pub fn load(file: &Path) -> Result<Project> {
    let text = std::fs::read_to_string(file)
        .with_context(|| format!("cannot read `{}`", file.display()))?;
    let absolute = real_path(file)?;
    let root = absolute.parent().map(Path::to_path_buf).unwrap_or_default();
    Ok(parse(&text, &from_cwd(&absolute), root)?)
}

/// The absolute path without `..` or symbolic links: the parents searched
/// are then the real ones, and the path compares equal to the current
/// directory, which the system reports in the same form.
fn real_path(path: &Path) -> Result<PathBuf> {
    path.canonicalize()
        .or_else(|_| std::path::absolute(path))
        .with_context(|| format!("cannot resolve `{}`", path.display()))
}

/// An absolute path as the user would type it from the current directory:
/// relative when it is at or below it, so messages and reports name
/// `app.fs` rather than a long absolute path. Empty for the directory itself.
fn from_cwd(path: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
}

/// Errors at a place in the project file.
struct Places<'a> {
    text: &'a str,
    file: &'a Path,
}

impl Places<'_> {
    fn error(&self, span: Option<Range<usize>>, message: impl Into<String>) -> Located {
        let place = match span {
            Some(span) => {
                let (line, col) = line_col(self.text, span.start);
                format!("{}:{line}:{col}", self.file.display())
            }
            None => self.file.display().to_string(),
        };
        Located {
            place,
            message: message.into(),
        }
    }
}

/// Parses and checks a project file. Everything the file names is checked
/// here, before any build, so that a mistake is reported at its line in
/// the file rather than as a puzzling failure later: a name that would put
/// outputs outside their directory, a board that does not exist, a missing
/// source or include directory, an output list that writes nothing or a
/// file name that keeps a misspelt placeholder.
fn parse(text: &str, file: &Path, root: PathBuf) -> Result<Project, Located> {
    let at = Places { text, file };
    let raw: RawFile = toml::from_str(text).map_err(|e| at.error(e.span(), e.message().trim()))?;
    let p = raw.project;
    let name = match p.name {
        Some(n) => {
            if !is_file_name(n.get_ref()) {
                return Err(at.error(
                    Some(n.span()),
                    format!(
                        "`name` must be a plain file name (no `/`, `\\`, `.` or `..`): it names the output files, and `{}` is not one",
                        n.get_ref()
                    ),
                ));
            }
            n.into_inner()
        }
        None => root
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| at.error(None, "`name` is needed here"))?,
    };
    let outputs = match p.outputs {
        Some(list) => {
            if list.get_ref().is_empty() {
                return Err(at.error(
                    Some(list.span()),
                    "`outputs` names no file; leave it out for the default, or name at least one",
                ));
            }
            for template in list.get_ref() {
                check_output(template.get_ref()).map_err(|m| at.error(Some(template.span()), m))?;
            }
            list.into_inner()
                .into_iter()
                .map(Spanned::into_inner)
                .collect()
        }
        None => DEFAULT_OUTPUTS.iter().map(|s| s.to_string()).collect(),
    };
    let mut project = Project {
        name,
        targets: Vec::new(),
        sources: Vec::new(),
        tests: Vec::new(),
        include: Vec::new(),
        main: p.main,
        outputs,
        root,
    };
    project.targets = match p.targets {
        Some(list) if list.get_ref().is_empty() => {
            return Err(at.error(
                Some(list.span()),
                "`targets` names no board; leave it out for rp2350, or name at least one",
            ));
        }
        Some(list) => list
            .into_inner()
            .into_iter()
            .map(|t| {
                project
                    .target(t.get_ref())
                    .map_err(|m| at.error(Some(t.span()), m))
            })
            .collect::<Result<_, _>>()?,
        None => vec![crate::boards::DEFAULT.to_string()],
    };
    for source in &p.sources {
        let path = project.path(source.get_ref());
        if !path.is_file() {
            let what = if path.exists() {
                "is not a file"
            } else {
                "not found"
            };
            return Err(at.error(
                Some(source.span()),
                format!("source file `{}` {what}", source.get_ref()),
            ));
        }
        project.sources.push(path);
    }
    for dir in &p.include {
        let path = project.path(dir.get_ref());
        if !path.is_dir() {
            let what = if path.exists() {
                "is not a directory"
            } else {
                "not found"
            };
            return Err(at.error(
                Some(dir.span()),
                format!("include directory `{}` {what}", dir.get_ref()),
            ));
        }
        project.include.push(path);
    }
    let patterns: Vec<String> = p
        .tests
        .unwrap_or_else(|| DEFAULT_TESTS.iter().map(|s| s.to_string()).collect());
    project.tests = expand(&project.root, &patterns)
        .into_iter()
        .map(|rel| project.path(&rel))
        .collect();
    project.tests.sort();
    project.tests.dedup();
    Ok(project)
}

/// Whether `name` is one plain component of a path: no separator, not `.`
/// or `..`, so `{name}` keeps outputs in the directory their template names.
fn is_file_name(name: &str) -> bool {
    !name.is_empty() && name != "." && name != ".." && !name.contains(['/', '\\', '\0'])
}

/// Refuses an output template with a placeholder other than
/// [`PLACEHOLDERS`], an unclosed `{`, or no format its extension names.
pub fn check_output(template: &str) -> Result<(), String> {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(len) = rest[open..].find('}') else {
            return Err(format!(
                "unclosed `{{` in output name `{template}`; the placeholders are {}",
                PLACEHOLDERS.join(" and ")
            ));
        };
        let placeholder = &rest[open..open + len + 1];
        if !PLACEHOLDERS.contains(&placeholder) {
            return Err(format!(
                "unknown placeholder `{placeholder}` in output name `{template}`; the known ones are {}",
                PLACEHOLDERS.join(" and ")
            ));
        }
        rest = &rest[open + len + 1..];
    }
    let example = expand_output(template, "name", "target");
    if Format::from_path(Path::new(&example)).is_none() {
        return Err(format!(
            "output `{template}` has no known format; end it in .elf, .bin, .uf2, .hex or .map"
        ));
    }
    Ok(())
}

impl Project {
    /// A board the file names: a built-in name as it is, a path to a board's
    /// `.toml` resolved against the root so it works from any directory.
    fn target(&self, name: &str) -> Result<String, String> {
        if !crate::boards::is_path(name) {
            if crate::boards::is_builtin(name) {
                return Ok(name.to_owned());
            }
            return Err(crate::boards::unknown(name));
        }
        let path = self.path(name);
        if !path.is_file() {
            return Err(format!("board file `{name}` not found"));
        }
        Ok(path.display().to_string())
    }

    /// A path written in the project file, resolved against the root and
    /// then shown from the current directory (see `from_cwd`).
    pub fn path(&self, relative: &str) -> PathBuf {
        from_cwd(&self.root.join(relative))
    }

    /// An output template for one board.
    pub fn output(&self, template: &str, target: &str) -> PathBuf {
        self.path(&expand_output(template, &self.name, target))
    }

    /// The output `run` boots on `target`: the first `.elf`, whose symbols
    /// let a fault report name the word, else the first other image a board
    /// boots. A `.uf2` counts only on a board with a UF2 family, as `build`
    /// writes one only there; None when no output is an image at all.
    pub fn image(&self, target: &Target) -> Option<PathBuf> {
        let bootable: Vec<(PathBuf, Format)> = self
            .outputs
            .iter()
            .map(|t| self.output(t, &target.name))
            .filter_map(|p| Format::from_path(&p).map(|f| (p, f)))
            .filter(|(_, f)| match f {
                Format::Map => false,
                Format::Uf2 => target.uf2_family.is_some(),
                _ => true,
            })
            .collect();
        let chosen = bootable
            .iter()
            .position(|(_, f)| *f == Format::Elf)
            .unwrap_or(0);
        bootable.into_iter().nth(chosen).map(|(p, _)| p)
    }

    /// The files an image of the project may be built from, so that `run`
    /// can tell whether the image it finds is out of date: the project file,
    /// the sources, and every `.fs` below the root and the include
    /// directories, where `include` and `require` find the files the sources
    /// load. Which files a build reads is only known by building, so this
    /// errs towards too many: a change to a test file rebuilds too.
    pub fn inputs(&self) -> Vec<PathBuf> {
        let mut files = vec![self.root.join(FILE_NAME)];
        files.extend(self.sources.iter().cloned());
        let every_fs = ["**/*.fs".to_owned()];
        for dir in std::iter::once(&self.root).chain(&self.include) {
            files.extend(expand(dir, &every_fs).into_iter().map(|rel| dir.join(rel)));
        }
        files.sort();
        files.dedup();
        files
    }
}

/// `{name}` and `{target}` replaced in an output file name.
pub fn expand_output(template: &str, name: &str, target: &str) -> String {
    template.replace("{name}", name).replace("{target}", target)
}

/// Test files below `dir` when no project names them: every `tests/**/*.fs` and `*.test.fs`, sorted, skipping `target/` and hidden dirs.
pub fn discover_tests(dir: &Path) -> Vec<PathBuf> {
    let patterns: Vec<String> = DEFAULT_TESTS.iter().map(|s| s.to_string()).collect();
    let mut files: Vec<PathBuf> = expand(dir, &patterns)
        .into_iter()
        .map(|rel| {
            if dir == Path::new(".") || dir.as_os_str().is_empty() {
                PathBuf::from(rel)
            } else {
                dir.join(rel)
            }
        })
        .collect();
    files.sort();
    files.dedup();
    files
}

/// The files below `root` matching any pattern, as `/`-separated paths
/// relative to it. Cargo's `target/` and hidden directories (`.git`) are
/// never entered: they hold copies and build products, not the user's tests.
/// A pattern without wildcards is taken as written, so a file outside the
/// usual places (or outside the root) can still be named.
fn expand(root: &Path, patterns: &[String]) -> Vec<String> {
    let (literal, globs): (Vec<&String>, Vec<&String>) = patterns
        .iter()
        .partition(|p| !p.contains(['*', '?', '[', '{']));
    let mut out: Vec<String> = literal.into_iter().cloned().collect();
    let Some(set) = glob_set(globs.iter().map(|g| g.as_str())) else {
        return out;
    };
    let walker = ignore::WalkBuilder::new(root)
        .standard_filters(false)
        .hidden(true)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(|e| {
            !(e.depth() > 0
                && e.file_type().is_some_and(|t| t.is_dir())
                && e.file_name() == "target")
        })
        .build();
    for entry in walker.flatten() {
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(root) else {
            continue;
        };
        let parts: Vec<String> = rel
            .components()
            .filter_map(|c| match c {
                Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect();
        let rel = parts.join("/");
        if set.is_match(&rel) {
            out.push(rel);
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The patterns as one matcher: `**` any number of whole directories (none
/// included), `*` any run of characters within one name, `?` one character.
fn glob_set<'a>(patterns: impl Iterator<Item = &'a str>) -> Option<globset::GlobSet> {
    let mut builder = globset::GlobSetBuilder::new();
    let mut any = false;
    // A pattern that is no glob matches nothing, as a path that names no file.
    for glob in patterns.filter_map(|p| {
        globset::GlobBuilder::new(p)
            .literal_separator(true)
            .build()
            .ok()
    }) {
        builder.add(glob);
        any = true;
    }
    any.then(|| builder.build().ok()).flatten()
}

/// Whether a `/`-separated relative path matches a glob (see [`glob_set`]).
#[cfg(test)]
fn glob_match(pattern: &str, path: &str) -> bool {
    glob_set(std::iter::once(pattern)).is_some_and(|s| s.is_match(path))
}

/// 1-based line and column of a byte offset, the way editors count them.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_whole_names_and_any_depth() {
        assert!(glob_match("tests/**/*.fs", "tests/app.fs"));
        assert!(glob_match("tests/**/*.fs", "tests/a/b/c.fs"));
        assert!(!glob_match("tests/**/*.fs", "app.fs"));
        assert!(!glob_match("tests/**/*.fs", "lib/tests/app.fs"));
        assert!(!glob_match("tests/**/*.fs", "tests/app.fsx"));
        assert!(glob_match("**/*.test.fs", "gcd.test.fs"));
        assert!(glob_match("**/*.test.fs", "lib/deep/gcd.test.fs"));
        assert!(!glob_match("**/*.test.fs", "lib/gcd.fs"));
        assert!(glob_match("t?st/*.fs", "test/x.fs"));
        assert!(!glob_match("t?st/*.fs", "tst/x.fs"));
        assert!(!glob_match("*.fs", "sub/x.fs"), "`*` stays within one name");
        assert!(glob_match("a*b*c", "abc"));
        assert!(glob_match("a*b*c", "axxbyyc"));
        assert!(!glob_match("a*b*c", "axxbyy"));
        assert!(glob_match("**", "any/where.fs"));
        assert!(glob_match("exact.fs", "exact.fs"));
    }

    fn touch(root: &Path, rel: &str) {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, "").unwrap();
    }

    #[test]
    fn discovery_finds_both_conventions_sorted_and_skips_build_products() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for f in [
            "tests/b.fs",
            "tests/a.fs",
            "tests/sub/c.fs",
            "tests/notes.txt",
            "lib/gcd.test.fs",
            "lib/gcd.fs",
            "top.test.fs",
            "app.fs",
            "target/tests/copy.fs",
            "target/x.test.fs",
            ".git/tests/x.fs",
            "lib/.hidden/y.test.fs",
        ] {
            touch(root, f);
        }
        let found: Vec<PathBuf> = discover_tests(root)
            .into_iter()
            .map(|p| p.strip_prefix(root).unwrap().to_path_buf())
            .collect();
        let expected: Vec<PathBuf> = [
            "lib/gcd.test.fs",
            "tests/a.fs",
            "tests/b.fs",
            "tests/sub/c.fs",
            "top.test.fs",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn discovery_in_an_empty_directory_finds_nothing() {
        let dir = tempfile::tempdir().unwrap();
        assert!(discover_tests(dir.path()).is_empty());
    }

    #[test]
    fn a_project_file_resolves_paths_against_its_directory() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        for f in [
            "tests/t.fs",
            "x.test.fs",
            "a.fs",
            "src/b.fs",
            "lib/.keep",
            "boards/mine.toml",
        ] {
            touch(&root, f);
        }
        let text = "[project]\nname = \"p\"\nsources = [\"a.fs\", \"src/b.fs\"]\n\
                    include = [\"lib\"]\ntargets = [\"rp2040\", \"boards/mine.toml\"]\n";
        let p = parse(text, Path::new("thumbforth.toml"), root.clone()).unwrap();
        assert_eq!(p.name, "p");
        assert_eq!(p.sources, [root.join("a.fs"), root.join("src/b.fs")]);
        assert_eq!(p.include, [root.join("lib")]);
        assert_eq!(p.targets[0], "rp2040");
        assert_eq!(
            p.targets[1],
            root.join("boards/mine.toml").display().to_string()
        );
        assert_eq!(p.tests, [root.join("tests/t.fs"), root.join("x.test.fs")]);
        assert_eq!(p.outputs, DEFAULT_OUTPUTS);
        assert_eq!(p.main, None);
        assert_eq!(
            p.output("build/{name}-{target}.uf2", "rp2040"),
            root.join("build/p-rp2040.uf2")
        );
    }

    #[test]
    fn defaults_fill_what_the_file_leaves_out() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("blinky");
        let p = parse("[project]\n", Path::new("thumbforth.toml"), root).unwrap();
        assert_eq!(p.name, "blinky");
        assert_eq!(p.targets, ["rp2350"]);
        assert!(p.sources.is_empty() && p.tests.is_empty());
    }

    #[test]
    fn output_names_keep_to_the_known_placeholders_and_formats() {
        assert_eq!(check_output("build/{name}-{target}.uf2"), Ok(()));
        assert_eq!(check_output("out.map"), Ok(()));
        for (bad, why) in [
            ("build/{nam}.elf", "unknown placeholder `{nam}`"),
            ("build/{Name}.elf", "unknown placeholder `{Name}`"),
            ("build/{}.elf", "unknown placeholder `{}`"),
            ("build/{name.elf", "unclosed `{`"),
            ("build/{name}.txt", "no known format"),
        ] {
            let err = check_output(bad).unwrap_err();
            assert!(err.contains(why), "{bad}: {err}");
        }
    }

    #[test]
    fn names_that_are_not_one_plain_path_component_are_refused() {
        for ok in ["blinky", "my app", "v1.0", ".x"] {
            assert!(is_file_name(ok), "{ok}");
        }
        for bad in ["", ".", "..", "../../escape", "a/b", "a\\b", "nul\0"] {
            assert!(!is_file_name(bad), "{bad}");
        }
    }

    #[test]
    fn unknown_keys_and_wrong_types_name_the_file_line_and_column() {
        let root = PathBuf::from("/nowhere");
        let file = Path::new("p/thumbforth.toml");
        let err = parse(
            "[project]\nname = \"x\"\nsorces = [\"a.fs\"]\n",
            file,
            root.clone(),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.starts_with("p/thumbforth.toml:3:1: error: unknown field `sorces`"),
            "{err}"
        );
        let err = parse("[project]\ntargets = \"rp2040\"\n", file, root.clone())
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("p/thumbforth.toml:2:11: error: invalid type"),
            "{err}"
        );
        let err = parse("[projekt]\n", file, root).unwrap_err().to_string();
        assert!(err.contains("unknown field `projekt`"), "{err}");
    }
}
