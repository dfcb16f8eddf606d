//! `cargo xtask bench`: the metacompiler's numbers. Compile speed in source
//! lines per second on a large generated file (build-time execution excluded,
//! and included), the time to build the standard image, the instructions a
//! fixed set of Forth benchmarks executes on each board beside the same
//! algorithms compiled by gcc (`bench_forth`), and the allocator's costs
//! (`bench_alloc`).

use std::time::{Duration, Instant};

use anyhow::{bail, Result};
use meta::{Build, BuildOptions};

use crate::bench_alloc::Gate;
use crate::bench_forth::diag;
use crate::workspace_root;

const BOARDS: &[&str] = target::BUILT_IN_TARGETS;
const RUNS: usize = 5;

#[derive(clap::Args)]
pub struct BenchArgs {
    /// Which benchmark: `image`, `compile`, `forth`, `alloc`, or all when absent.
    pub which: Option<String>,

    /// With `alloc`: fail when any of thumbforth's median, p99 or max per
    /// trace, board and operation grows more than 5% over the committed
    /// baseline (crates/devtools/src/bench_alloc/baseline.toml).
    #[arg(long, conflicts_with = "update")]
    pub check: bool,

    /// With `alloc`: rewrite that baseline with this run's figures.
    #[arg(long)]
    pub update: bool,

    /// With `alloc`: after the tables, list instruction by instruction the
    /// path of the median and the p99 call of one operation of one trace on
    /// every board, for example `--explain mixed:free`.
    #[arg(long, value_name = "TRACE:OP")]
    pub explain: Option<String>,
}

pub fn run(args: &BenchArgs) -> Result<()> {
    let root = workspace_root();
    let target = |b: &str| target::Target::load(b, &root.join("targets"));
    let wanted = |name: &str| args.which.as_deref().is_none_or(|w| w == name);
    if let Some(w) = &args.which {
        if !["image", "compile", "forth", "alloc"].contains(&w.as_str()) {
            bail!("unknown benchmark `{w}`: image, compile, forth or alloc");
        }
    }
    let gate = match (args.check, args.update) {
        (false, false) => Gate::None,
        (true, _) => Gate::Check,
        (false, true) => Gate::Update,
    };
    let explain = args
        .explain
        .as_deref()
        .map(crate::bench_alloc::Explain::parse)
        .transpose()?;
    if explain.is_some() && args.which.as_deref() != Some("alloc") {
        bail!(
            "--explain applies to the allocator's figures only: `bench alloc --explain mixed:free`"
        );
    }
    if gate != Gate::None && args.which.as_deref() != Some("alloc") {
        bail!("--check and --update apply to the allocator's figures only: `bench alloc --check`");
    }
    if wanted("image") {
        image_build_time(&target)?;
    }
    if wanted("compile") {
        compile_speed(&target)?;
    }
    if wanted("forth") {
        crate::bench_forth::run()?;
    }
    // The gate's verdict is the last line printed: no error message after it.
    if wanted("alloc") && !crate::bench_alloc::run(BOARDS, gate, explain.as_ref())? {
        std::process::exit(1);
    }
    Ok(())
}

type TargetFor<'a> = dyn Fn(&str) -> Result<target::Target, target::TargetError> + 'a;

fn image_build_time(target: &TargetFor) -> Result<()> {
    println!("== standard image build time ({RUNS} runs, median)");
    for board in BOARDS {
        let t = target(board)?;
        let mut times = Vec::new();
        let mut size = 0;
        for _ in 0..RUNS {
            let start = Instant::now();
            let b = Build::new(&t, BuildOptions::default()).map_err(diag)?;
            let image = b.finish().map_err(diag)?;
            times.push(start.elapsed());
            size = image.flash.len();
        }
        println!(
            "{board:>10}: {:>8.1} ms, image {size} bytes",
            ms(median(&mut times))
        );
    }
    Ok(())
}

fn compile_speed(target: &TargetFor) -> Result<()> {
    println!("== compile speed (rp2350, generated source)");
    // About 40 bytes of code per line: 40k lines fill 1.6 MiB of the 4 MiB.
    let lines = 40_000;
    let src = generated_source(lines);
    let t = target("rp2350")?;
    let mut best = (f64::MAX, f64::MAX);
    for _ in 0..3 {
        let mut b = Build::new(&t, BuildOptions::default()).map_err(diag)?;
        let start = Instant::now();
        b.load_text("generated.fs", &src).map_err(diag)?;
        let total = start.elapsed().as_secs_f64();
        let exec = b.session.machine.execution_time.as_secs_f64();
        best.0 = best.0.min(total - exec);
        best.1 = best.1.min(total);
    }
    println!(
        "  {lines} lines: {:.0} lines/s without build-time execution, {:.0} lines/s with it",
        lines as f64 / best.0,
        lines as f64 / best.1
    );
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(v: &mut [Duration]) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// Definitions of the kind an application has: arithmetic, memory, control
/// flow and calls, one line each, a variable now and then, and one line in
/// six interpreted (run on the target at build time).
pub fn generated_source(lines: usize) -> String {
    let mut s = String::with_capacity(lines * 48);
    for i in 0..lines {
        let line = match i % 6 {
            0 => format!("variable v{i}\n"),
            1 => format!(": w{i} ( n -- n' ) dup 3 + swap 2* xor v{} @ + ;\n", i - 1),
            2 => format!(
                ": w{i} ( n -- n' ) dup 0< if negate else 1+ then w{} ;\n",
                i - 1
            ),
            3 => format!(": w{i} ( n -- ) 0 ?do i v{} +! loop ;\n", i - 3),
            4 => {
                format!(": w{i} ( a b -- c ) begin 2dup > while 1+ repeat $FF and 4 lshift nip ;\n")
            }
            // Interpreted: runs on the target at build time.
            _ => format!("{} w{} v{} !\n", i % 100, i - 3, i - 5),
        };
        s.push_str(&line);
    }
    s
}
