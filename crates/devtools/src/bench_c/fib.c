/* fib.fs: recursive Fibonacci, calls and returns. */

#include "bench.h"

static int
fib(int n)
{
	if (n < 2)
		return n;
	return fib(n - 1) + fib(n - 2);
}

unsigned
bench_fib(void)
{
	return fib(20);
}
