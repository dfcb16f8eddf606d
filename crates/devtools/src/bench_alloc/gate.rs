//! The regression gate of `bench alloc`: thumbforth's median, p99 and max
//! per trace, board and operation, held against the committed baseline
//! (`baseline.toml` beside this file). Counts are exact, so a figure moves
//! only when the code does: `--check` fails when any grows by more than
//! `LIMIT_PERCENT`, naming it, and `--update` rewrites the baseline when a
//! change is meant. Only thumbforth's figures are held; the C libraries'
//! are there to compare with and do not change with our code.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};
use serde::Deserialize;

use super::report::Spread;

/// How much a figure may grow over the baseline before the gate fails.
const LIMIT_PERCENT: u64 = 5;

/// Where the baseline lives, from the workspace root.
pub(super) const BASELINE: &str = "crates/devtools/src/bench_alloc/baseline.toml";

/// One of thumbforth's figures: a trace, a board and an operation.
pub(super) struct Figure {
    pub trace: String,
    pub board: String,
    pub op: String,
    pub spread: Spread,
}

impl Figure {
    fn key(&self) -> Key {
        (self.trace.clone(), self.board.clone(), self.op.clone())
    }
}

/// Trace, board, operation.
type Key = (String, String, String);

/// One operation's figures in the file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Stats {
    median: u64,
    p99: u64,
    max: u64,
}

/// The file's shape: `[trace.board]` tables of `op = { median, p99, max }`.
type File = BTreeMap<String, BTreeMap<String, BTreeMap<String, Stats>>>;

/// Reads a baseline's text.
pub(super) fn parse(text: &str) -> Result<BTreeMap<Key, Spread>> {
    let file: File = toml::from_str(text)?;
    let mut out = BTreeMap::new();
    for (trace, boards) in file {
        for (board, ops) in boards {
            for (op, s) in ops {
                let spread = Spread {
                    median: s.median,
                    p99: s.p99,
                    max: s.max,
                };
                out.insert((trace.clone(), board.clone(), op), spread);
            }
        }
    }
    Ok(out)
}

/// The baseline's text for `figures`, in their order.
fn render(figures: &[Figure]) -> String {
    let mut s = String::from(
        "# thumbforth's instructions per call in `cargo xtask bench alloc` (median,\n\
         # p99 and max per trace, board and operation), which\n\
         # `cargo xtask bench alloc --check` holds every run to: a figure more than\n\
         # 5% above its value here fails. Counts are exact, so they move only when\n\
         # the code does; rewrite this file with `cargo xtask bench alloc --update`\n\
         # when a change is meant.\n",
    );
    let mut table = None;
    for f in figures {
        let this = (&f.trace, &f.board);
        if table != Some(this) {
            s.push_str(&format!("\n[{}.{}]\n", f.trace, f.board));
            table = Some(this);
        }
        s.push_str(&format!(
            "{:<8} = {{ median = {}, p99 = {}, max = {} }}\n",
            f.op, f.spread.median, f.spread.p99, f.spread.max
        ));
    }
    s
}

/// What a comparison found, one line per figure that is not as it was.
#[derive(Default)]
struct Verdict {
    /// Grown beyond the limit, missing from the baseline, or gone from the
    /// run: each fails the gate.
    failed: Vec<String>,
    /// Shrunk beyond the limit: worth an update, so the gain is kept.
    improved: Vec<String>,
}

/// `now` against `was`, in percent, signed.
fn change(was: u64, now: u64) -> f64 {
    (now as f64 - was as f64) * 100.0 / was.max(1) as f64
}

fn compare(baseline: &BTreeMap<Key, Spread>, figures: &[Figure]) -> Verdict {
    let mut v = Verdict::default();
    let mut seen = std::collections::BTreeSet::new();
    for f in figures {
        let key = f.key();
        let name = format!("{} trace on {}, {}", f.trace, f.board, f.op);
        let Some(was) = baseline.get(&key) else {
            v.failed.push(format!(
                "{name}: not in the baseline (a new trace, board or operation)"
            ));
            continue;
        };
        seen.insert(key);
        let stats = [
            ("median", was.median, f.spread.median),
            ("p99", was.p99, f.spread.p99),
            ("max", was.max, f.spread.max),
        ];
        for (stat, was, now) in stats {
            let line = format!("{name} {stat}: {was} -> {now} ({:+.1}%)", change(was, now));
            if now * 100 > was * (100 + LIMIT_PERCENT) {
                v.failed.push(line);
            } else if now * 100 < was * (100 - LIMIT_PERCENT) {
                v.improved.push(line);
            }
        }
    }
    for (trace, board, op) in baseline.keys().filter(|k| !seen.contains(*k)) {
        v.failed.push(format!(
            "{trace} trace on {board}, {op}: in the baseline but not measured \
             (a trace, board or operation gone)"
        ));
    }
    v
}

/// `--check`: prints each figure that grew more than the limit over the
/// baseline at `root`, or that only one of the two has, and a last line
/// saying whether the gate passed; returns whether it did.
pub(super) fn check(root: &Path, figures: &[Figure]) -> Result<bool> {
    let path = root.join(BASELINE);
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("reading the baseline {}", path.display()))?;
    let baseline = parse(&text).with_context(|| format!("reading {BASELINE}"))?;
    let v = compare(&baseline, figures);
    println!();
    println!("== gate: thumbforth's median, p99 and max against {BASELINE}");
    for line in &v.improved {
        println!("improved {line}");
    }
    for line in &v.failed {
        println!("FAILED   {line}");
    }
    if !v.failed.is_empty() {
        println!(
            "failed: {} of the figures above grew more than {LIMIT_PERCENT}% or are on one side \
             only; if that is meant, rewrite the baseline with `cargo xtask bench alloc --update`",
            v.failed.len()
        );
        return Ok(false);
    }
    println!(
        "passed: {} figures ({} operations x median, p99, max), none more than {LIMIT_PERCENT}% \
         above the baseline{}",
        figures.len() * 3,
        figures.len(),
        if v.improved.is_empty() {
            ""
        } else {
            "; `cargo xtask bench alloc --update` keeps the improvements"
        }
    );
    Ok(true)
}

/// `--update`: writes `figures` as the baseline at `root`.
pub(super) fn update(root: &Path, figures: &[Figure]) -> Result<()> {
    let path = root.join(BASELINE);
    let text = render(figures);
    // What is written must read back as the same figures.
    let back = parse(&text).context("the baseline written does not read back")?;
    debug_assert_eq!(back.len(), figures.len());
    std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
    println!();
    println!(
        "== gate: wrote {} operations' median, p99 and max to {BASELINE}",
        figures.len()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figure(trace: &str, board: &str, op: &str, median: u64, p99: u64, max: u64) -> Figure {
        Figure {
            trace: trace.into(),
            board: board.into(),
            op: op.into(),
            spread: Spread { median, p99, max },
        }
    }

    fn baseline() -> Vec<Figure> {
        vec![
            figure("small", "rp2350", "allocate", 20, 112, 137),
            figure("small", "rp2350", "free", 32, 131, 172),
            figure("small", "rp2040", "allocate", 35, 865, 874),
            figure("fifo", "rp2040", "free", 664, 668, 850),
        ]
    }

    #[test]
    fn the_baseline_reads_back_as_written() {
        let figures = baseline();
        let back = parse(&render(&figures)).unwrap();
        assert_eq!(back.len(), figures.len());
        for f in &figures {
            assert_eq!(back[&f.key()], f.spread);
        }
    }

    #[test]
    fn a_figure_grown_more_than_five_percent_fails_naming_trace_board_op_and_statistic() {
        let was = parse(&render(&baseline())).unwrap();
        let mut now = baseline();
        // 131 * 1.05 = 137.55: 137 passes, 138 fails.
        now[1].spread.p99 = 138;
        // 5% exactly (20 -> 21) passes.
        now[0].spread.median = 21;
        let v = compare(&was, &now);
        assert_eq!(
            v.failed,
            ["small trace on rp2350, free p99: 131 -> 138 (+5.3%)"]
        );
        now[1].spread.p99 = 137;
        assert!(compare(&was, &now).failed.is_empty());
    }

    #[test]
    fn a_figure_that_shrank_passes_and_is_named_as_an_improvement() {
        let was = parse(&render(&baseline())).unwrap();
        let mut now = baseline();
        now[2].spread.p99 = 400;
        let v = compare(&was, &now);
        assert!(v.failed.is_empty());
        assert_eq!(
            v.improved,
            ["small trace on rp2040, allocate p99: 865 -> 400 (-53.8%)"]
        );
    }

    #[test]
    fn figures_missing_on_either_side_fail() {
        let was = parse(&render(&baseline())).unwrap();
        let mut now = baseline();
        now.pop();
        now.push(figure("mixed", "rp2350", "resize", 1, 1, 1));
        let v = compare(&was, &now);
        assert_eq!(v.failed.len(), 2, "{:?}", v.failed);
        assert!(v.failed[0].starts_with("mixed trace on rp2350, resize: not in the baseline"));
        assert!(
            v.failed[1].starts_with("fifo trace on rp2040, free: in the baseline but not measured")
        );
    }

    #[test]
    fn a_baseline_with_an_unknown_statistic_is_refused() {
        let text = "[small.rp2350]\nallocate = { median = 1, p99 = 2, max = 3, mean = 4 }\n";
        assert!(parse(text).is_err());
    }
}
