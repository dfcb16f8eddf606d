/*
 * gcd.fs: the sum of gcd(i, j) for i, j in 1..50 by Euclid's algorithm.
 * Signed, as Forth's `mod`: the core's sdiv where it has one, libgcc's
 * __aeabi_idivmod on ARMv6-M.
 */

#include "bench.h"

static int32_t
gcd(int32_t a, int32_t b)
{
	while (b != 0) {
		int32_t t = a % b;
		a = b;
		b = t;
	}
	return a;
}

unsigned
bench_gcd(void)
{
	int32_t sum = 0;
	for (int32_t i = 1; i < 51; i++)
		for (int32_t j = 1; j < 51; j++)
			sum += gcd(i, j);
	return (unsigned)sum;
}
