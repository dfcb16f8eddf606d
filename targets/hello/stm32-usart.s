@ Hello for a board whose console is an STM32 USART: the board's bring-up
@ (`console_init`, from forth/startup, the same code the Forth image
@ starts with: clocks, GPIO and the USART) runs first, then the board's
@ line goes out on the USART, then the program ends through ARM
@ semihosting with status 0. The build appends `done` (exit.s) and
@ `message`, the line with the board's name.
reset:
    bl console_init
    ldr r0, =UART_BASE
    adr r3, message
print:
    ldrb r1, [r3], #1
    cbz r1, done
1:  ldr r2, [r0]                            @ SR
    tst r2, #0x80                           @ TXE
    beq 1b
    str r1, [r0, #0x04]                     @ DR
    b print
