//! Encoding throughput: typed instructions to bytes, and UAL text to bytes.
//!
//! The mix is a fixed, reproducible set of about a thousand instructions in
//! the proportions a threaded-code kernel has: data-stack pushes and pops
//! through r7, arithmetic and logic on the top of stack in r6, loads and
//! stores, constants, and register saves. Branches are left out (they need
//! layout, which is not what is measured here).
//!
//! Run with `cargo bench -p thumb --bench encode`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use rng::Rng;
use thumb::{
    encode, Addr, BitsOp, CmpOp, DpOp, Env, ExtendOp, Insn, Instruction, MemOp, MovOp, Op2,
    Profile, Reg, RegList, ShiftBy, ShiftKind, ShiftOp, Shifted, Value,
};

const MIX_LEN: usize = 1000;

/// The mix's draws from the shared generator, so every run measures the same mix.
trait Draw {
    /// In `0..n`.
    fn under(&mut self, n: u32) -> u32;
    /// r0-r7.
    fn low(&mut self) -> Reg;
    /// r0-r12 or lr.
    fn any(&mut self) -> Reg;
}

impl Draw for Rng {
    fn under(&mut self, n: u32) -> u32 {
        self.below(u64::from(n)) as u32
    }

    fn low(&mut self) -> Reg {
        Reg::new(self.under(8) as u8).unwrap()
    }

    fn any(&mut self) -> Reg {
        let n = self.under(14) as u8;
        Reg::new(if n == 13 { 14 } else { n }).unwrap()
    }
}

const TOS: Reg = Reg::R6;
const DSP: Reg = Reg::R7;

/// One instruction of the mix, chosen by weight.
fn pick(rng: &mut Rng) -> Instruction {
    let dp = |op, s, rd, rn, op2| Insn::Dp { op, s, rd, rn, op2 };
    let insn = match rng.under(100) {
        // Data-stack traffic: pop into TOS / a scratch register, push TOS.
        0..=9 => Insn::Mem {
            op: MemOp::Ldr,
            // r0-r6: never the written-back base.
            rt: Reg::new(rng.under(7) as u8).unwrap(),
            addr: Addr::PostIndex { rn: DSP, imm: 4 },
        },
        10..=17 => Insn::Mem {
            op: MemOp::Str,
            rt: TOS,
            addr: Addr::PreIndex { rn: DSP, imm: -4 },
        },
        // Loads and stores with small offsets, byte and halfword accesses.
        18..=25 => {
            let ops = [
                MemOp::Ldr,
                MemOp::Str,
                MemOp::Ldrb,
                MemOp::Strb,
                MemOp::Ldrh,
            ];
            let op = ops[rng.under(ops.len() as u32) as usize];
            let scale = match op {
                MemOp::Ldr | MemOp::Str => 4,
                MemOp::Ldrh => 2,
                _ => 1,
            };
            Insn::Mem {
                op,
                rt: rng.low(),
                addr: Addr::Offset {
                    rn: rng.low(),
                    imm: rng.under(32) as i32 * scale,
                },
            }
        }
        26..=28 => Insn::Mem {
            op: MemOp::Ldr,
            rt: rng.any(),
            addr: Addr::Offset {
                rn: rng.any(),
                imm: rng.under(4096) as i32,
            },
        },
        29..=30 => Insn::Mem {
            op: MemOp::Ldr,
            rt: rng.any(),
            addr: Addr::Register {
                rn: rng.any(),
                rm: rng.any(),
                shift: 2,
            },
        },
        31 => Insn::Dual {
            load: true,
            rt: Reg::R0,
            rt2: Reg::R1,
            addr: Addr::Offset {
                rn: DSP,
                imm: rng.under(16) as i32 * 4,
            },
        },
        // Arithmetic and logic on TOS.
        32..=39 => {
            let op = [DpOp::Add, DpOp::Sub][rng.under(2) as usize];
            dp(op, true, TOS, TOS, Op2::Imm(rng.under(256)))
        }
        40..=45 => {
            let ops = [DpOp::And, DpOp::Orr, DpOp::Eor, DpOp::Add, DpOp::Sub];
            let op = ops[rng.under(ops.len() as u32) as usize];
            dp(op, true, TOS, TOS, Op2::Reg(Shifted::plain(rng.low())))
        }
        46..=49 => {
            // 32-bit forms: modified immediates, GNU-as-style negated constants.
            let ops = [DpOp::Add, DpOp::Sub, DpOp::And, DpOp::Orr, DpOp::Bic];
            let op = ops[rng.under(ops.len() as u32) as usize];
            let v = thumb::decode_modified_imm(rng.under(4096));
            let v = if rng.under(4) == 0 && op == DpOp::Add {
                v.wrapping_neg()
            } else {
                v
            };
            dp(op, false, rng.any(), rng.any(), Op2::Imm(v))
        }
        50..=52 => {
            let kinds = [ShiftKind::Lsl, ShiftKind::Lsr, ShiftKind::Asr];
            dp(
                DpOp::Add,
                false,
                rng.any(),
                rng.any(),
                Op2::Reg(Shifted {
                    rm: rng.any(),
                    kind: kinds[rng.under(3) as usize],
                    amount: 1 + rng.under(31) as u8,
                }),
            )
        }
        53..=56 => {
            let ops = [ShiftOp::Lsl, ShiftOp::Lsr, ShiftOp::Asr];
            Insn::Shift {
                op: ops[rng.under(3) as usize],
                s: true,
                rd: TOS,
                rm: TOS,
                by: ShiftBy::Imm(1 + rng.under(31) as u8),
            }
        }
        57..=60 => Insn::Cmp {
            op: CmpOp::Cmp,
            rn: TOS,
            op2: if rng.under(2) == 0 {
                Op2::Imm(rng.under(256))
            } else {
                Op2::Reg(Shifted::plain(rng.low()))
            },
        },
        61..=62 => Insn::Mul {
            s: false,
            rd: TOS,
            rn: TOS,
            rm: rng.any(),
        },
        63 => Insn::Div {
            signed: true,
            rd: TOS,
            rn: rng.any(),
            rm: TOS,
        },
        64..=65 => Insn::Bfx {
            signed: false,
            rd: TOS,
            rn: TOS,
            lsb: rng.under(16) as u8,
            width: 1 + rng.under(16) as u8,
        },
        66 => Insn::Bits {
            op: BitsOp::Clz,
            rd: TOS,
            rm: TOS,
        },
        67 => Insn::Extend {
            op: ExtendOp::Uxtb,
            rd: TOS,
            rm: TOS,
            rotate: 0,
        },
        // Moves: registers and constants of every size.
        68..=73 => Insn::Mov {
            op: MovOp::Mov,
            s: false,
            rd: rng.any(),
            op2: Op2::Reg(Shifted::plain(rng.any())),
        },
        74..=78 => Insn::Mov {
            op: MovOp::Mov,
            s: true,
            rd: rng.low(),
            op2: Op2::Imm(rng.under(256)),
        },
        79..=81 => Insn::Mov {
            op: MovOp::Mov,
            s: false,
            rd: rng.any(),
            op2: Op2::Imm(thumb::decode_modified_imm(rng.under(4096))),
        },
        82..=84 => Insn::MovW {
            top: rng.under(2) == 0,
            rd: rng.any(),
            imm: rng.next_u32() as u16,
        },
        85..=87 => Insn::LdrConst {
            rt: rng.any(),
            value: Value::Imm(if rng.under(2) == 0 {
                rng.under(0x10000)
            } else {
                !thumb::decode_modified_imm(rng.under(4096))
            }),
        },
        // Register saves.
        88..=92 => Insn::Push(RegList::of(&[Reg::R4, Reg::R5, Reg::LR])),
        93..=97 => Insn::Pop(RegList::of(&[Reg::R4, Reg::R5, Reg::PC])),
        // r4, lr and any of r0-r12.
        _ => Insn::Push(RegList(rng.under(0x2000) as u16 | 0x4010)),
    };
    Instruction::new(insn)
}

fn mix() -> Vec<Instruction> {
    let mut rng = Rng::new(0x5eed_1234_abcd_ef01);
    (0..MIX_LEN).map(|_| pick(&mut rng)).collect()
}

fn benches(c: &mut Criterion) {
    let profile = Profile::V8MMain;
    let env = Env::new(profile);
    let mix = mix();
    for inst in &mix {
        if let Err(e) = encode(inst, &env) {
            panic!("`{inst}` does not encode: {e}");
        }
    }

    // The same mix as source text, one instruction a line.
    let src: String = mix.iter().map(|i| format!("\t{i}\n")).collect();
    let lines = src.lines().count();
    let assembled = thumb::text::assemble(&src, profile);
    assert!(
        assembled.errors.is_empty(),
        "the source does not assemble: {:?}",
        &assembled.errors[..assembled.errors.len().min(5)]
    );

    let mut group = c.benchmark_group("encode");
    group.throughput(Throughput::Elements(mix.len() as u64));
    group.bench_function("typed", |b| {
        b.iter(|| {
            let mut bytes = 0;
            for inst in &mix {
                bytes += encode(black_box(inst), &env).map_or(0, |e| e.len());
            }
            bytes
        })
    });
    group.throughput(Throughput::Elements(lines as u64));
    group.bench_function("text", |b| {
        b.iter(|| thumb::text::assemble(black_box(&src), profile).bytes.len())
    });
    group.finish();
}

criterion_group!(encode_benches, benches);
criterion_main!(encode_benches);
