//! Emulator speed with exact instruction counting on (it always is).
//!
//! `cargo bench -p emu --bench speed`; the throughput lines are instructions
//! per second ("elem/s").

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use emu::Emulator;
use target::{BootBlock, Console, Cpu, Profile, Region, Target, UartKind};

/// The RP2350 board (Cortex-M33), as in targets/rp2350.toml.
fn board() -> Target {
    Target {
        name: "rp2350".into(),
        cpu: Cpu::CortexM33,
        profile: Profile::Armv8mMain,
        flash: Region {
            origin: 0x1000_0000,
            size: 4 << 20,
        },
        ram: Region {
            origin: 0x2000_0000,
            size: 0x8_2000,
        },
        vector_table: 0x1000_0000,
        irqs: 52,
        boot_block: BootBlock::Rp2350ImageDef,
        console: Console {
            kind: UartKind::Pl011,
            base: 0x4007_0000,
            baud: 115_200,
        },
        uf2_family: Some(0xe48b_ff59),
        clocks: target::Clocks {
            crystal_hz: None,
            sys_hz: 12_000_000,
            peri_hz: 12_000_000,
        },
        uf2_board_id: None,
        led: None,
        source: PathBuf::from("benches/speed.rs"),
    }
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
