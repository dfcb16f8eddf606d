/* hash.fs: FNV-1a (32-bit) over 4096 bytes filled by a formula. */

#include "bench.h"

#define BYTES 4096

static uint8_t bytes[BYTES];

unsigned
bench_hash(void)
{
	for (uint32_t i = 0; i < BYTES; i++)
		bytes[i] = (uint8_t)((i * i + 17 * i) >> 3);
	uint32_t hash = 0x811C9DC5u;
	for (int i = 0; i < BYTES; i++)
		hash = (hash ^ bytes[i]) * 16777619u;
	return hash;
}
