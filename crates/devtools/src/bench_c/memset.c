/*
 * The one C library function the benchmarks call: sieve.c fills its flags
 * with memset where sieve.fs uses `fill`. It works as the kernel's `fill`
 * does, so the two sides fill by the same method: bytes up to a word
 * boundary, whole words, then the bytes left.
 */

#include "bench.h"

void *
memset(void *dest, int c, size_t n)
{
	unsigned char *p = dest;
	unsigned char byte = (unsigned char)c;
	while (n > 0 && ((uintptr_t)p & 3) != 0) {
		*p++ = byte;
		n--;
	}
	uint32_t word = byte * 0x01010101u;
	uint32_t *w = (uint32_t *)p;
	for (; n >= 4; n -= 4)
		*w++ = word;
	p = (unsigned char *)w;
	while (n > 0) {
		*p++ = byte;
		n--;
	}
	return dest;
}
