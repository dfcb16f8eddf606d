/*
 * Where each measured call starts. The host sets r0-r1 and LR (its return
 * trap) and starts here, so the count includes one branch into the
 * function, as a call from Forth includes its `bl`; the function returns
 * straight to the trap.
 */
	.syntax unified
	.thumb

	.macro trampoline name, target
	.section .text.keep.\name, "ax", %progbits
	.global \name
	.type \name, %function
	.thumb_func
\name:
	b \target
	.size \name, . - \name
	.endm

	trampoline peer_call_malloc, malloc
	trampoline peer_call_free, free
	trampoline peer_call_realloc, realloc
