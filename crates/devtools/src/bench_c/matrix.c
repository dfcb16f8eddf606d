/*
 * matrix.fs: product of two 16x16 cell matrices filled by a formula, then
 * a checksum over the result. Cells are 32-bit and wrap as Forth's do.
 */

#include "bench.h"

#define N 16

static int32_t ma[N][N], mb[N][N], mc[N][N];

unsigned
bench_matrix(void)
{
	for (int r = 0; r < N; r++) {
		for (int c = 0; c < N; c++) {
			ma[r][c] = r + 2 * c + 1;
			mb[r][c] = 3 * r - c;
		}
	}
	for (int r = 0; r < N; r++) {
		for (int c = 0; c < N; c++) {
			int32_t sum = 0;
			for (int k = 0; k < N; k++)
				sum += ma[r][k] * mb[k][c];
			mc[r][c] = sum;
		}
	}
	uint32_t sum = 0;
	for (int r = 0; r < N; r++)
		for (int c = 0; c < N; c++)
			sum = sum * 31 + (uint32_t)mc[r][c];
	return sum;
}
