/*
 * The C side of `cargo xtask bench alloc`'s peers: a heap for sbrk to hand
 * out and entry points the host calls. The host sets registers by the AAPCS
 * and starts at a trampoline, so the C library's own malloc, free and
 * realloc run exactly as an application would call them.
 */

#include <errno.h>
#include <stddef.h>
#include <stdint.h>

extern char __heap_start[], __heap_end[];

/* The break, the end of what the host allows, and the highest break seen. */
static char *brk;
static char *limit;
char *peer_brk_max;

#ifdef __PICOLIBC__
extern char __tls_base[];
void _set_tls(void *tls);
#endif

/*
 * Called once by the host before any allocation, not measured: sets the
 * break to the heap start and allows `heap_size` bytes. Returns 0, or -1
 * when the heap does not fit the room the linker script left.
 */
__attribute__((section(".text.keep.peer_init"), used)) int
peer_init(uint32_t heap_size)
{
#ifdef __PICOLIBC__
	_set_tls(__tls_base);
#endif
	if (heap_size > (uint32_t)(__heap_end - __heap_start))
		return -1;
	brk = __heap_start;
	limit = __heap_start + heap_size;
	peer_brk_max = brk;
	return 0;
}

static void *
grow(ptrdiff_t incr)
{
	char *old = brk;
	if (incr > limit - brk || incr < __heap_start - brk) {
		errno = ENOMEM;
		return (void *)-1;
	}
	brk += incr;
	if (brk > peer_brk_max)
		peer_brk_max = brk;
	return old;
}

#ifdef __PICOLIBC__
void *
sbrk(ptrdiff_t incr)
{
	return grow(incr);
}
#else
void *
_sbrk(ptrdiff_t incr)
{
	return grow(incr);
}
#endif
