//! Emulator speed with exact instruction counting on (it always is).
//!
//! `cargo bench -p emu --bench speed`; the throughput lines are instructions
//! per second ("elem/s").

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use emu::Emulator;
use target::Target;

/// The RP2350 board (Cortex-M33) as `targets/rp2350.toml` describes it.
fn board() -> Target {
    Target::load("rp2350", &target::builtin_dir()).expect("built-in board")
}

fn load(src: &str) -> (Emulator, u32) {
    let t = board();
    let a = thumb::text::assemble_at(src, thumb::Profile::V8MMain, t.ram.origin);
    assert!(a.errors.is_empty(), "{:?}", a.errors);
    let mut e = Emulator::new(&t).unwrap();
    e.load(t.ram.origin, &a.bytes).unwrap();
    (e, t.ram.origin)
}

/// Iterations of a 3-instruction loop: about 50 million instructions.
const TIGHT_ITERS: u32 = 16_666_667;
/// Iterations of a 7-instruction loop that pushes, updates and pops a cell
/// on the data stack, as Forth code does.
const MEMORY_ITERS: u32 = 3_000_000;

fn speed(c: &mut Criterion) {
    let mut g = c.benchmark_group("emulator");
    g.sample_size(10);

    let (mut e, at) = load(
        "
    movs r0, #0
loop:
    adds r0, #1
    cmp r0, r6
    bne loop
    bx lr
",
    );
    let n = 3 * TIGHT_ITERS as u64 + 2;
    g.throughput(Throughput::Elements(n));
    g.bench_function("tight_loop_50M", |b| {
        b.iter(|| black_box(e.call(at, &[TIGHT_ITERS], 2 * n).unwrap()))
    });

    let (mut e, at) = load(
        "
    mov r5, r6
    movs r0, #0
loop:
    str r0, [r7, #-4]!
    ldr r1, [r7]
    adds r1, #1
    str r1, [r7]
    ldmia r7!, {r0}
    cmp r0, r5
    bne loop
    bx lr
",
    );
    let n = 7 * MEMORY_ITERS as u64 + 3;
    g.throughput(Throughput::Elements(n));
    g.bench_function("stack_loop_21M", |b| {
        b.iter(|| black_box(e.call(at, &[MEMORY_ITERS], 2 * n).unwrap()))
    });

    let (mut e, at) = load("adds r6, #1\nbx lr");
    g.throughput(Throughput::Elements(1));
    g.bench_function("call_round_trip", |b| {
        b.iter(|| black_box(e.call(at, &[1, 2, 3], 100).unwrap()))
    });
    g.finish();
}

criterion_group!(benches, speed);
criterion_main!(benches);
