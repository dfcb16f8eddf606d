@ Hello for a board whose console is an Arm PL011 (the RP2040 and the
@ RP2350): the board's bring-up (`console_init`, from forth/startup, the
@ same code the Forth image starts with) runs first, then the board's line
@ goes out on the UART, then the program ends through ARM semihosting with
@ status 0. Thumb-1 only, so one text serves ARMv6-M and ARMv8-M. The
@ build appends `done` (exit.s) and `message`, the line with the board's
@ name.
reset:
    bl console_init
    ldr r0, =UART_BASE
    adr r3, message
print:
    ldrb r1, [r3]
    adds r3, #1
    cmp r1, #0
    beq done
    movs r4, #0x20                          @ UARTFR.TXFF: wait while the FIFO is full
1:  ldr r2, [r0, #0x18]
    tst r2, r4
    bne 1b
    str r1, [r0]                            @ UARTDR
    b print
