\ Console on an Arm PL011 UART (RP2040, RP2350): polled, as zeptoforth does.
code emit ( c -- ) \ waits while the transmit FIFO is full
    ldr r0, =UART_BASE
    movs r2, #0x20
1:  ldr r1, [r0, #0x18]
    tst r1, r2
    bne 1b
    str r6, [r0]
    ldmia r7!, {r6}
end-code
code key? ( -- f ) \ a received character is waiting
    ldr r0, =UART_BASE
    ldr r1, [r0, #0x18]
    movs r2, #0x10
    subs r7, #4
    str r6, [r7]
    movs r6, #0
    tst r1, r2
    bne 1f
    mvns r6, r6
1:
end-code
code key ( -- c ) \ waits for a character
    ldr r0, =UART_BASE
    movs r2, #0x10
1:  ldr r1, [r0, #0x18]
    tst r1, r2
    bne 1b
    subs r7, #4
    str r6, [r7]
    ldr r6, [r0]
    uxtb r6, r6
end-code
