/*
 * bubble.fs: bubble sort of 300 cells filled by a linear congruential
 * generator, signed comparisons as Forth's `>`, then a checksum.
 */

#include "bench.h"

#define ITEMS 300

static int32_t items[ITEMS];
static uint32_t seed;

static uint32_t
next_random(void)
{
	seed = seed * 1664525u + 1013904223u;
	return seed;
}

unsigned
bench_bubble(void)
{
	seed = 12345;
	for (int i = 0; i < ITEMS; i++)
		items[i] = (int32_t)(next_random() >> 16);
	for (int pass = 1; pass < ITEMS; pass++) {
		for (int i = 0; i < ITEMS - pass; i++) {
			int32_t a = items[i], b = items[i + 1];
			if (a > b) {
				items[i] = b;
				items[i + 1] = a;
			}
		}
	}
	uint32_t sum = 0;
	for (int i = 0; i < ITEMS; i++)
		sum = sum * 31 + (uint32_t)items[i];
	return sum;
}
