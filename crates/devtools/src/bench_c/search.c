/*
 * search.fs: naive string search with early exit. 8-byte needles taken
 * from a 1024-byte haystack of four letters are looked for from the start;
 * the checksum is over the positions found.
 */

#include "bench.h"

#define HAY 1024
#define NEEDLE 8

static uint8_t hay[HAY];
static uint32_t seed;

static uint32_t
next_random(void)
{
	seed = seed * 1664525u + 1013904223u;
	return seed;
}

/* Whether the NEEDLE bytes at `at` and `needle` agree. */
static int
match(const uint8_t *at, const uint8_t *needle)
{
	for (int i = 0; i < NEEDLE; i++)
		if (at[i] != needle[i])
			return 0;
	return 1;
}

/* The first position of `needle` in the haystack, or -1. */
static int32_t
find_needle(const uint8_t *needle)
{
	for (int32_t i = 0; i < HAY - NEEDLE + 1; i++)
		if (match(hay + i, needle))
			return i;
	return -1;
}

unsigned
bench_search(void)
{
	seed = 7;
	for (int i = 0; i < HAY; i++)
		hay[i] = (uint8_t)(((next_random() >> 24) & 3) + 'a');
	uint32_t sum = 0;
	for (int i = 0; i < HAY - NEEDLE; i += 150)
		sum = sum * 31 + (uint32_t)find_needle(hay + i);
	return sum;
}
