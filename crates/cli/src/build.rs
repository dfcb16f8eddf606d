//! `thumbforth build`: the standard image plus the given files, written in
//! the format each output's extension names. With no arguments at all it
//! builds the project (`thumbforth.toml` here or in a parent directory): its
//! sources for each of its targets, into its outputs; without a project it
//! writes build/thumbforth-<target>.{elf,uf2,map}. `run` comes here too for
//! a project's image that is missing or out of date, so both write the same.
//!
//! Exit status: 0 when every output was written, 1 on any error (and then no
//! output is written or replaced, for any target: see `outputs`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{anyhow, bail, Result};
use image::Format;
use image::Image;
use meta::BuildOptions;
use target::Target;

use crate::forth::{standard_with, target_on_command_line, Common};
use crate::outputs::{self, Batch};
use crate::project::{self, Project};

#[derive(clap::Args)]
pub struct Args {
    /// Forth source files, loaded in order after the standard image. Without
    /// any, the project's sources.
    #[arg(value_name = "FILES")]
    files: Vec<PathBuf>,

    /// Output files; the extension picks the format (.elf .bin .uf2 .hex .map).
    /// In a project `{name}` and `{target}` are replaced.
    #[arg(short, long = "output", value_name = "OUT")]
    output: Vec<PathBuf>,

    /// The word to run at boot after the init chain (default: `main` if defined).
    #[arg(long, value_name = "WORD")]
    main: Option<String>,

    #[command(flatten)]
    common: Common,
}

/// One image to compile and where it goes.
struct Job {
    target: Target,
    common: Common,
    outputs: Vec<(PathBuf, Format)>,
}

pub fn run(args: &Args) -> Result<ExitCode> {
    if args.files.is_empty() {
        if let Some(project) = project::find(Path::new("."))? {
            return run_project(args, &project);
        }
    }
    let target = crate::boards::load(&args.common.target)?;
    let outputs = if args.output.is_empty() {
        ["elf", "uf2", "map"]
            .iter()
            .map(|ext| PathBuf::from(format!("build/thumbforth-{}.{ext}", target.name)))
            .collect()
    } else {
        args.output.clone()
    };
    let outputs = formats(outputs)?;
    let job = Job {
        target,
        common: args.common.clone(),
        outputs,
    };
    build_and_write(&[job], &args.files, args.main.clone(), false)
}

/// The project's sources for each of its targets. Whatever the command line
/// names (`--target`, `-o`, `--main`) replaces the project's choice; `-I`
/// adds to its include directories.
fn run_project(args: &Args, project: &Project) -> Result<ExitCode> {
    let targets = if target_on_command_line() {
        vec![args.common.target.clone()]
    } else {
        project.targets.clone()
    };
    let chosen = Choices {
        output: &args.output,
        main: args.main.clone(),
        include: &args.common.include,
    };
    build_project(project, &targets, &chosen)
}

/// What the command line chose over a project's file.
struct Choices<'a> {
    /// `-o`: replaces the project's outputs when not empty.
    output: &'a [PathBuf],
    /// `--main`: replaces the project's main word.
    main: Option<String>,
    /// `-I`: added after the project's include directories.
    include: &'a [PathBuf],
}

/// The project built for one board into its own outputs, as `thumbforth
/// build --target TARGET` builds it: `run` builds the image it is about to
/// boot this way, so the file is the one `build` would have written.
pub fn project_for(project: &Project, target: &str) -> Result<ExitCode> {
    let chosen = Choices {
        output: &[],
        main: None,
        include: &[],
    };
    build_project(project, &[target.to_owned()], &chosen)
}

/// The project's sources for each of `targets` into the outputs of each.
fn build_project(project: &Project, targets: &[String], chosen: &Choices) -> Result<ExitCode> {
    if targets.is_empty() {
        bail!(
            "`{}` lists no targets",
            project.root.join(project::FILE_NAME).display()
        );
    }
    let templates: Vec<(String, bool)> = if chosen.output.is_empty() {
        project.outputs.iter().map(|t| (t.clone(), true)).collect()
    } else {
        chosen
            .output
            .iter()
            .map(|o| (o.display().to_string(), false))
            .collect()
    };
    for (template, _) in &templates {
        project::check_output(template).map_err(|m| anyhow!("-o: {m}"))?;
    }
    let mut include = project.include.clone();
    include.extend(chosen.include.iter().cloned());
    let mut jobs: Vec<Job> = Vec::new();
    for spec in targets {
        let target = crate::boards::load(spec)?;
        let mut outputs = Vec::new();
        for (template, from_project) in &templates {
            let path = if *from_project {
                project.output(template, &target.name)
            } else {
                PathBuf::from(project::expand_output(
                    template,
                    &project.name,
                    &target.name,
                ))
            };
            // The project's templates serve every board; a board without a
            // UF2 family simply has no .uf2 rather than failing the build.
            if *from_project
                && Format::from_path(&path) == Some(Format::Uf2)
                && target.uf2_family.is_none()
            {
                eprintln!(
                    "note: no `{}`: target `{}` has no UF2 family",
                    path.display(),
                    target.name
                );
                continue;
            }
            if let Some(other) = jobs
                .iter()
                .find(|j| j.outputs.iter().any(|(p, _)| *p == path))
            {
                bail!(
                    "`{}` would be written for both `{}` and `{}`; put `{{target}}` in its name",
                    path.display(),
                    other.target.name,
                    target.name
                );
            }
            outputs.push(path);
        }
        let outputs = formats(outputs)?;
        let common = Common {
            target: spec.clone(),
            include: include.clone(),
        };
        jobs.push(Job {
            target,
            common,
            outputs,
        });
    }
    let main = chosen.main.clone().or_else(|| project.main.clone());
    build_and_write(&jobs, &project.sources, main, true)
}

/// The image `run` boots when it is given none: the project's, for `target`
/// or else the project's first board, built first when it is missing or out
/// of date, as `cargo run` builds first. Returns the image and the board;
/// None when the build failed, its errors printed.
pub fn project_image(target: Option<&str>) -> Result<Option<(PathBuf, String)>> {
    let Some(project) = project::find(Path::new("."))? else {
        bail!(
            "no IMAGE given, and no `{}` here or in a parent directory: give an image to run \
             (.elf, .bin, .uf2 or .hex), or run inside a project",
            project::FILE_NAME
        );
    };
    let file = project.path(project::FILE_NAME);
    let spec = match target {
        Some(t) => t.to_owned(),
        None => project
            .targets
            .first()
            .cloned()
            .ok_or_else(|| anyhow!("`{}` lists no targets", file.display()))?,
    };
    let board = crate::boards::load(&spec)?;
    let Some(image) = project.image(&board) else {
        bail!(
            "`{}`: no file in `outputs` is an image to run on {}; add an .elf, .bin, .uf2 or .hex",
            file.display(),
            board.name
        );
    };
    let mut inputs = project.inputs();
    if crate::boards::is_path(&spec) {
        inputs.push(PathBuf::from(&spec));
    }
    if out_of_date(&image, &inputs) && project_for(&project, &spec)? != ExitCode::SUCCESS {
        return Ok(None);
    }
    Ok(Some((image, spec)))
}

/// Whether `image` needs building: it is missing, or one of `inputs`
/// changed after it was written. thumbforth itself counts as an input, since
/// the kernel it carries is in every image: a new version rebuilds. A time
/// that cannot be read counts as a change, and the build then says why.
fn out_of_date(image: &Path, inputs: &[PathBuf]) -> bool {
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let Some(built) = modified(image) else {
        return true;
    };
    let thumbforth = std::env::current_exe().ok();
    inputs
        .iter()
        .chain(thumbforth.as_ref())
        .any(|input| modified(input).is_none_or(|changed| changed > built))
}

/// Each output with its format, refusing before anything is compiled an
/// output without one or one that can never be written.
fn formats(outputs: Vec<PathBuf>) -> Result<Vec<(PathBuf, Format)>> {
    let mut with_formats = Vec::new();
    for out in outputs {
        let Some(format) = Format::from_path(&out) else {
            bail!(
                "`{}`: unknown output format; use .elf, .bin, .uf2, .hex or .map",
                out.display()
            );
        };
        outputs::check(&out)?;
        with_formats.push((out, format));
    }
    Ok(with_formats)
}

/// Compiles every job, and only when all succeeded writes their outputs, all
/// or none (see [`outputs`]), so a failure never leaves a partial image or
/// one board's images newer than another's.
fn build_and_write(
    jobs: &[Job],
    files: &[PathBuf],
    main: Option<String>,
    name_target: bool,
) -> Result<ExitCode> {
    let mut written = Vec::new();
    let mut sizes = Vec::new();
    for job in jobs {
        if name_target {
            eprintln!("building for {}", job.target.name);
        }
        let options = BuildOptions {
            main: main.clone(),
            echo: true,
            ..BuildOptions::default()
        };
        let Some(mut build) = standard_with(&job.common, options, files)? else {
            return Ok(ExitCode::FAILURE);
        };
        if let Some(warning) = build.ram_left_by_top_level() {
            eprintln!("thumbforth: warning: {}: {warning}", job.target.name);
        }
        let ram_end = job.target.ram.end().min(u32::MAX as u64) as u32;
        let stacks = ram_end.saturating_sub(build.session.machine.ram_limit());
        let sources_for_errors = std::mem::take(&mut build.session.sources);
        let image = match build.finish() {
            Ok(i) => i,
            Err(d) => {
                eprint!("{}", d.render(&sources_for_errors, crate::colour::stderr()));
                return Ok(ExitCode::FAILURE);
            }
        };
        for (out, format) in &job.outputs {
            let Some(bytes) = encode(&image, *format, &job.target) else {
                eprintln!(
                    "thumbforth: error: `{}`: target `{}` has no UF2 family; write .elf, .bin or .hex",
                    out.display(),
                    job.target.name
                );
                return Ok(ExitCode::FAILURE);
            };
            written.push((out, bytes));
        }
        sizes.push(crate::size_line::size_line(&job.target, &image, stacks));
    }
    let mut batch = Batch::new();
    for (out, bytes) in &written {
        batch.add(out, bytes)?;
    }
    batch.commit()?;
    for (out, _) in &written {
        eprintln!("wrote {}", out.display());
    }
    for line in &sizes {
        eprintln!("{line}");
    }
    Ok(ExitCode::SUCCESS)
}

/// The bytes of `image` in `format`; None for UF2 on a board without a family.
pub fn encode(image: &Image, format: Format, target: &Target) -> Option<Vec<u8>> {
    Some(match format {
        Format::Elf => image::write_elf(image),
        Format::Bin => image::write_bin(image),
        Format::Hex => image::write_hex(image).into_bytes(),
        Format::Map => image::write_map(image).into_bytes(),
        Format::Uf2 => image::write_uf2(image, target.uf2_family?, false),
    })
}
