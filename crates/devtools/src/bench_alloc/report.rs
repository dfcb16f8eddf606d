//! What `bench alloc` prints for one trace: a table with a row per allocator
//! and board (thumbforth and each C library on every board, the board's rows
//! together), then how many times fewer instructions thumbforth executes than
//! each C library on the same board.
//!
//! The tables are laid out for the eye and for a script alike: every row
//! starts with the allocator and the board, two words, followed by the same
//! number of fields, `-` where an operation has no calls (a trace without
//! resizes).

use crate::trace::Counts;

/// The operations of a trace, as the tables and the baseline name them.
pub(super) const OPS: [&str; 3] = ["allocate", "free", "resize"];

/// Median, p99 and maximum of per-call counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Spread {
    pub median: u64,
    pub p99: u64,
    pub max: u64,
}

impl Spread {
    /// The spread of `v`, or None when there were no calls.
    fn of(v: &mut [u64]) -> Option<Spread> {
        if v.is_empty() {
            return None;
        }
        v.sort_unstable();
        let p = |q: f64| v[((v.len() - 1) as f64 * q).round() as usize];
        Some(Spread {
            median: p(0.5),
            p99: p(0.99),
            max: v[v.len() - 1],
        })
    }
}

/// One row of a table: an allocator on a board and what its replay measured.
pub(super) struct Row {
    pub allocator: String,
    pub board: String,
    /// Per operation of `OPS`.
    pub ops: [Option<Spread>; 3],
    footprint: f64,
    failures: usize,
}

impl Row {
    pub(super) fn new(allocator: &str, board: &str, mut c: Counts) -> Row {
        Row {
            allocator: allocator.to_string(),
            board: board.to_string(),
            ops: [
                Spread::of(&mut c.alloc),
                Spread::of(&mut c.free),
                Spread::of(&mut c.resize),
            ],
            footprint: c.footprint,
            failures: c.failures,
        }
    }

    fn name(&self) -> String {
        format!("{:<11} {:<9}", self.allocator, self.board)
    }
}

/// Width of the allocator and board columns together.
const NAME: usize = 21;
/// Width of one operation's median, p99 and max.
const CELL: usize = 21;
/// Width of one operation's two ratios.
const RATIO: usize = 16;

fn cell(s: Option<Spread>) -> String {
    match s {
        Some(s) => format!(" {:>6} {:>6} {:>6}", s.median, s.p99, s.max),
        None => format!(" {:>6} {:>6} {:>6}", "-", "-", "-"),
    }
}

/// `other / ours` at the median and at p99: the factor by which thumbforth
/// executes fewer instructions (below 1 when it executes more).
fn ratio(ours: Option<Spread>, other: Option<Spread>) -> String {
    // Two decimals below 1, so that 20 times more does not read as 0.0x.
    let factor = |ours: u64, other: u64| {
        let r = other as f64 / ours.max(1) as f64;
        if r < 1.0 {
            format!("{r:.2}x")
        } else {
            format!("{r:.1}x")
        }
    };
    match (ours, other) {
        (Some(o), Some(t)) => format!(
            " {:>7} {:>7}",
            factor(o.median, t.median),
            factor(o.p99, t.p99)
        ),
        _ => format!(" {:>7} {:>7}", "-", "-"),
    }
}

/// The line naming the operations above their columns of `width`.
fn op_header(width: usize) -> String {
    let mut line = format!("{:NAME$}", "");
    for op in OPS {
        line.push_str(&format!("{op:>width$}"));
    }
    line
}

/// Prints the tables of the trace `name` of `len` operations; `groups` holds
/// per board its rows, thumbforth's first.
pub(super) fn print_trace(name: &str, len: usize, groups: &[Vec<Row>]) {
    println!();
    println!("== trace {name} ({len} operations)");
    println!("{}", op_header(CELL));
    let stats = " median    p99    max".repeat(OPS.len());
    println!(
        "{:<11} {:<9}{stats} {:>9} {:>6}",
        "allocator", "board", "footprint", "failed"
    );
    for r in groups.iter().flatten() {
        let ops: String = r.ops.iter().map(|&s| cell(s)).collect();
        println!("{}{ops} {:>9.2} {:>6}", r.name(), r.footprint, r.failures);
    }
    println!("x fewer than thumbforth on the same board:");
    println!("{}", op_header(RATIO));
    let stats = "  median     p99".repeat(OPS.len());
    println!("{:<11} {:<9}{stats}", "allocator", "board");
    for rows in groups {
        let (ours, peers) = rows.split_first().expect("thumbforth's row first");
        for r in peers {
            let ratios: String = (0..OPS.len())
                .map(|i| ratio(ours.ops[i], r.ops[i]))
                .collect();
            println!("{}{ratios}", r.name());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spread_is_the_median_p99_and_max_of_the_calls() {
        let mut v: Vec<u64> = (1..=200).rev().collect();
        let s = Spread::of(&mut v).unwrap();
        assert_eq!((s.median, s.p99, s.max), (101, 198, 200));
        assert_eq!(Spread::of(&mut []), None);
    }

    #[test]
    fn every_row_of_a_table_has_the_same_fields_in_the_same_columns() {
        let s = Some(Spread {
            median: 19,
            p99: 111,
            max: 196_398,
        });
        let a = format!("{}{}{}", cell(s), cell(s), cell(None));
        let b = format!("{}{}{}", cell(None), cell(s), cell(s));
        assert_eq!(a.len(), b.len());
        assert_eq!(a.split_whitespace().count(), 9);
        assert_eq!(cell(s).len(), CELL);
        assert_eq!(ratio(s, s).len(), RATIO);
        assert_eq!(ratio(None, s).len(), RATIO);
        let more = Some(Spread {
            median: 675,
            p99: 2751,
            max: 5409,
        });
        let fewer = Some(Spread {
            median: 32,
            p99: 3599,
            max: 3647,
        });
        assert_eq!(ratio(more, fewer), "   0.05x    1.3x");
        let row = Row::new("newlib-nano", "stm32f407", Counts::default());
        assert_eq!(row.name().len(), NAME);
    }
}
