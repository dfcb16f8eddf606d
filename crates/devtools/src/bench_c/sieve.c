/*
 * sieve.fs: Sieve of Eratosthenes over 8190 flags, the flags set by memset
 * (`fill` in Forth) inside the measured call.
 */

#include "bench.h"

#define SIZE 8190

static unsigned char flags[SIZE];

unsigned
bench_sieve(void)
{
	unsigned count = 0;
	memset(flags, 1, SIZE);
	for (int i = 0; i < SIZE; i++) {
		if (flags[i]) {
			int prime = i + i + 3;
			for (int k = i + prime; k < SIZE; k += prime)
				flags[k] = 0;
			count++;
		}
	}
	return count;
}
