//! The optimizing code generator against the plain one: random Forth
//! definitions (stack shuffles, arithmetic, comparisons, memory, the return
//! stack, branches and loops) compiled both ways on every board must leave
//! the same data stack and the same memory. The programs come from fixed
//! seeds, so a failure replays; `OPTIMIZER_PROGRAMS` runs more of them.

use meta::{Build, BuildOptions};
use rng::Rng;

const BOARDS: [&str; 3] = ["rp2350", "rp2040", "stm32f407"];
/// Bytes of the buffer the programs' memory words work on.
const BUF: u32 = 64;
/// Items on the stack when a program starts.
const START: usize = 6;

fn build(board: &str, unoptimized: bool) -> Build {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../targets");
    let t = target::Target::load(board, &root).unwrap();
    let options = BuildOptions {
        unoptimized,
        ..BuildOptions::default()
    };
    let mut b = Build::new(&t, options).unwrap();
    b.session.machine.call_budget = 5_000_000;
    let setup = format!(
        "{BUF} buffer: buf\n\
         : fill-buf ( -- ) buf {BUF} 0 do i 37 * 11 + over i + c! loop drop ;\n\
         : dbl ( n -- 2n ) 2* ;\n\
         : dbl-call ( n -- 2n ) 2* exit ;\n\
         : tri ( n -- n' ) dup 0< if negate then 3 0 do 1+ i xor loop ;\n\
         : my-then postpone then ; immediate\n\
         : my-else postpone else ; immediate\n\
         : my-loop postpone loop ; immediate"
    );
    b.load_text("setup.fs", &setup)
        .unwrap_or_else(|d| panic!("{}", d.render(&b.session.sources, false)));
    b
}

/// A random program: Forth text whose stack depth the generator tracks,
/// so that it never takes more than the stack holds.
struct Gen {
    rng: Rng,
    out: Vec<String>,
    depth: usize,
    /// Do-loops open around the current point.
    loops: u32,
}

impl Gen {
    fn word(&mut self, w: &str, takes: usize, gives: usize) {
        assert!(
            self.depth >= takes,
            "generator underflow at `{w}` after {:?}",
            self.out
        );
        self.depth = self.depth - takes + gives;
        self.out.push(w.to_owned());
    }

    fn literal(&mut self) {
        let n: i64 = match self.rng.below(6) {
            0 => self.rng.between(0, 9),
            1 => self.rng.between(-9, 0),
            2 => *self.rng.pick(&[31, 32, 33, 255, 256, 4095, 4096]),
            3 => self.rng.next_u32() as i64,
            4 => self.rng.between(-70000, 70000),
            _ => *self.rng.pick(&[1, 2, 4, 8, 0xff, 0x10000, -1]),
        };
        self.word(&n.to_string(), 0, 1);
    }

    /// An address inside the buffer, aligned for `width` bytes.
    fn address(&mut self, width: u32) {
        let off = self.rng.below((BUF / width) as u64) as u32 * width;
        self.out.push(format!("buf {off} +"));
        self.depth += 1;
    }

    fn step(&mut self, nest: u32) {
        let d = self.depth;
        let pick = self.rng.below(14);
        match pick {
            0 | 1 => self.literal(),
            2 if d >= 1 => {
                let w = *self.rng.pick(&[
                    "dup", "drop", "invert", "negate", "1+", "1-", "2*", "2/", "cells", "cell+",
                    "0=", "0<>", "0<", "0>", "dbl", "dbl-call", "tri",
                ]);
                match w {
                    "dup" => self.word(w, 1, 2),
                    "drop" => self.word(w, 1, 0),
                    _ => self.word(w, 1, 1),
                }
            }
            3 | 4 if d >= 2 => {
                let w = *self.rng.pick(&[
                    "+", "-", "*", "and", "or", "xor", "lshift", "rshift", "arshift", "=", "<>",
                    "<", ">", "u<", "u>",
                ]);
                self.word(w, 2, 1);
            }
            5 if d >= 3 => {
                let w = *self.rng.pick(&["rot", "-rot", "2 pick", "0 pick"]);
                if w.ends_with("pick") {
                    self.out.push(w.into());
                    self.depth += 1;
                } else {
                    self.word(w, 3, 3);
                }
            }
            6 if d >= 2 => match *self
                .rng
                .pick(&["swap", "over", "nip", "tuck", "2dup", "2drop"])
            {
                w @ "swap" => self.word(w, 2, 2),
                w @ "over" => self.word(w, 2, 3),
                w @ "nip" => self.word(w, 2, 1),
                w @ "tuck" => self.word(w, 2, 3),
                w @ "2dup" => self.word(w, 2, 4),
                w => self.word(w, 2, 0),
            },
            7 => {
                let (w, width) = *self.rng.pick(&[("@", 4), ("h@", 2), ("c@", 1)]);
                self.address(width);
                self.word(w, 1, 1);
            }
            8 if d >= 1 => {
                let (w, width) = *self.rng.pick(&[("!", 4), ("h!", 2), ("c!", 1), ("+!", 4)]);
                self.address(width);
                self.word(w, 2, 0);
            }
            9 if d >= 1 => {
                // The return stack, balanced inside the step.
                self.word(">r", 1, 0);
                let before = self.depth;
                for _ in 0..self.rng.below(3) {
                    self.step(nest + 1);
                }
                self.out.push("r@ drop".into());
                self.balance(before);
                if self.depth >= 1 && self.rng.chance(0.5) {
                    // A flag on top while `r>` takes a register.
                    self.word("dup", 1, 2);
                    let w = *self.rng.pick(&["<", "u>", "=", "and"]);
                    self.word(w, 2, 1);
                }
                self.word("r>", 0, 1);
            }
            10 | 11 if d >= 1 && nest < 2 => self.branch(nest),
            12 | 13 if d >= 1 && nest < 3 => self.counted_loop(nest),
            _ => self.literal(),
        }
    }

    /// Pads or trims the stack back to `depth` items.
    fn balance(&mut self, depth: usize) {
        while self.depth > depth {
            self.word("drop", 1, 0);
        }
        while self.depth < depth {
            self.literal();
        }
    }

    fn block(&mut self, nest: u32, depth: usize) {
        for _ in 0..self.rng.below(5) {
            self.step(nest + 1);
        }
        self.balance(depth);
    }

    /// `if ... else ... then` (or `if ... then`), both arms leaving the same
    /// depth.
    fn branch(&mut self, nest: u32) {
        self.word("if", 1, 0);
        let d = self.depth;
        let target = d + self.rng.below(2) as usize;
        self.block(nest, target);
        if self.rng.chance(0.6) {
            // An immediate word of the program's own closes some branches.
            let w = if self.rng.chance(0.2) {
                "my-else"
            } else {
                "else"
            };
            self.out.push(w.into());
            self.depth = d;
            self.block(nest, target);
        } else {
            self.balance(d);
        }
        let w = if self.rng.chance(0.2) {
            "my-then"
        } else {
            "then"
        };
        self.out.push(w.into());
    }

    /// A do loop of a few passes using `i`, or a begin loop counting down.
    fn counted_loop(&mut self, nest: u32) {
        let n = self.rng.below(4);
        if self.rng.chance(0.5) {
            self.out.push(format!("{n} 0 ?do"));
            self.loops += 1;
            let d = self.depth;
            self.word("i", 0, 1);
            if self.loops > 1 && self.rng.chance(0.5) {
                self.word("j", 0, 1);
                self.word("xor", 2, 1);
            }
            self.block(nest, d + 1);
            self.word("+", 2, 1);
            if self.rng.chance(0.3) {
                // Leave part way.
                let k = self.rng.below(3);
                self.out.push(format!("i {k} = if leave then"));
            }
            self.balance(d);
            if self.rng.chance(0.3) {
                self.out.push(format!("{} +loop", self.rng.range(1, 3)));
            } else if self.rng.chance(0.2) {
                // A loop the program's own immediate word closes.
                self.out.push("my-loop".into());
            } else {
                self.out.push("loop".into());
            }
            self.loops -= 1;
            self.depth = d;
        } else {
            // The counter on the return stack, out of the block's reach.
            self.out.push(format!("{n} >r begin r@ 0> while r> 1- >r"));
            let d = self.depth;
            self.block(nest, d);
            self.out.push("repeat rdrop".into());
        }
    }
}

fn program(seed: u64) -> String {
    let mut g = Gen {
        rng: Rng::new(seed),
        out: Vec::new(),
        depth: START,
        loops: 0,
    };
    for _ in 0..g.rng.range(1, 24) {
        g.step(0);
    }
    g.out.join(" ")
}

/// What a program leaves: the data stack and the buffer.
fn run(b: &mut Build, n: usize, body: &str, start: &[u32]) -> Result<(Vec<u32>, Vec<u8>), String> {
    let name = format!("p{n}");
    let src = format!(": {name} {body} ;");
    let render = |b: &Build, d: meta::Diagnostic| d.render(&b.session.sources, false);
    b.load_text("p.fs", &src).map_err(|d| render(b, d))?;
    b.load_text("fill.fs", "fill-buf")
        .map_err(|d| render(b, d))?;
    let s = &mut b.session;
    s.machine.stack = start.to_vec();
    let xt = s.machine.intrinsic_lookup(&name).expect("just defined");
    s.execute(xt, &name).map_err(|d| d.message.clone())?;
    let stack = std::mem::take(&mut s.machine.stack);
    let addr = {
        b.load_text("addr.fs", "buf").map_err(|d| render(b, d))?;
        b.session
            .machine
            .stack
            .pop()
            .expect("buf pushed its address")
    };
    let mem = b
        .session
        .machine
        .read(addr, BUF as usize)
        .map_err(|d| d.message)?;
    Ok((stack, mem))
}

#[test]
fn optimized_code_computes_what_the_plain_code_words_compute() {
    let programs: u64 = std::env::var("OPTIMIZER_PROGRAMS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(150);
    for board in BOARDS {
        let mut plain = build(board, true);
        let mut fast = build(board, false);
        for seed in 1..=programs {
            if seed % 400 == 0 {
                // A fresh pair before the dictionaries fill the flash.
                plain = build(board, true);
                fast = build(board, false);
            }
            // OPTIMIZER_BODY replays one program (when minimizing a failure).
            let body = std::env::var("OPTIMIZER_BODY")
                .unwrap_or_else(|_| program(seed * 7919 + board.len() as u64));
            let mut r = Rng::new(seed);
            let start: Vec<u32> = (0..START).map(|_| r.next_u32() % 1000).collect();
            let want = run(&mut plain, seed as usize, &body, &start);
            assert!(want.is_ok(), "{board}, seed {seed}: `{body}`: {want:?}");
            let got = run(&mut fast, seed as usize, &body, &start);
            assert_eq!(
                got, want,
                "{board}, seed {seed}: `{body}` on {start:?}\n(optimized first, plain second)"
            );
        }
    }
}

#[test]
fn the_programs_cover_every_construct_the_optimizer_handles() {
    let text: String = (1..=400).map(|s| program(s * 7919) + "\n").collect();
    for construct in [
        " if ",
        " else ",
        " then",
        "my-then",
        "my-else",
        "my-loop",
        "?do",
        " loop",
        "+loop",
        " leave ",
        " j ",
        " >r ",
        " r> ",
        " begin ",
        " dbl ",
        " dbl-call",
        " tri",
        " c! ",
        " +! ",
        " h@ ",
        " rot ",
        " 2dup ",
        "2 pick",
    ] {
        assert!(text.contains(construct), "no `{construct}` in 400 programs");
    }
}
