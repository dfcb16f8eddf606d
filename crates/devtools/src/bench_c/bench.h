/*
 * What every C benchmark shares. Each is `unsigned bench_<name>(void)`, the
 * counterpart of the Forth word `bench` in forth/bench/<name>.fs: the same
 * algorithm, the same set-up inside the call, the same checksum. Freestanding:
 * nothing of a C library but memset (memset.c), and libgcc's helpers where
 * the core lacks an instruction (division on ARMv6-M).
 */

#ifndef BENCH_H
#define BENCH_H

#include <stddef.h>
#include <stdint.h>

void *memset(void *dest, int c, size_t n);

unsigned bench_fib(void);
unsigned bench_sieve(void);
unsigned bench_bubble(void);
unsigned bench_crc32(void);
unsigned bench_matrix(void);
unsigned bench_hash(void);
unsigned bench_gcd(void);
unsigned bench_search(void);

#endif
