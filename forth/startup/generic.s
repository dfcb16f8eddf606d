@ Console bring-up for a board thumbforth has no recipe for: the console
@ UART is assumed to be set up by the boot ROM or a debugger.
console_init:
    bx lr
