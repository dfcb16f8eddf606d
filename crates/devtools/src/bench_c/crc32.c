/*
 * crc32.fs: CRC-32 (IEEE, reflected, bitwise) of 1024 bytes filled by a
 * formula inside the measured call.
 */

#include "bench.h"

#define BYTES 1024

static uint8_t data[BYTES];

static uint32_t
crc_byte(uint32_t crc, uint8_t c)
{
	crc ^= c;
	for (int k = 0; k < 8; k++)
		crc = crc & 1 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
	return crc;
}

unsigned
bench_crc32(void)
{
	for (int i = 0; i < BYTES; i++)
		data[i] = (uint8_t)(i * 7 + 3);
	uint32_t crc = 0xFFFFFFFFu;
	for (int i = 0; i < BYTES; i++)
		crc = crc_byte(crc, data[i]);
	return ~crc;
}
