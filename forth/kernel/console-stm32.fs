\ Console on an STM32F4 USART: polled.
code emit ( c -- ) \ waits until the transmit register is empty
    ldr r0, =UART_BASE
    movs r2, #0x80
1:  ldr r1, [r0]
    tst r1, r2
    beq 1b
    str r6, [r0, #4]
    ldmia r7!, {r6}
end-code
code key? ( -- f )
    ldr r0, =UART_BASE
    ldr r1, [r0]
    movs r2, #0x20
    subs r7, #4
    str r6, [r7]
    movs r6, #0
    tst r1, r2
    beq 1f
    mvns r6, r6
1:
end-code
code key ( -- c )
    ldr r0, =UART_BASE
    movs r2, #0x20
1:  ldr r1, [r0]
    tst r1, r2
    beq 1b
    subs r7, #4
    str r6, [r7]
    ldr r6, [r0, #4]
    uxtb r6, r6
end-code
