@ Hello for the RP2040 (ARMv6-M: 16-bit Thumb only): bring up UART0 on
@ GPIO0/1, print the board's line, end through semihosting with status 0.
@ Register facts: RP2040 datasheet (RESETS 0x4000C000, UART0 0x40034000,
@ IO_BANK0 0x40014000); UART is a PL011.
    .equ RESETS_CLR, 0x4000c000 + 0x3000  @ atomic bit-clear alias of RESETS.RESET
    .equ RESET_DONE, 0x4000c000 + 0x8
    .equ UART0_BIT, 1 << 22
    .equ IO_BANK0, 0x40014000
    .equ UART0, 0x40034000

reset:
    ldr r0, =RESETS_CLR
    ldr r1, =UART0_BIT
    str r1, [r0]
    ldr r0, =RESET_DONE
1:  ldr r2, [r0]
    tst r2, r1
    beq 1b
    @ GPIO0 and GPIO1 to the UART (function 2).
    ldr r0, =IO_BANK0
    movs r1, #2
    str r1, [r0, #0x04]
    str r1, [r0, #0x0c]
    @ 115200 baud from a 12 MHz clk_peri.
    ldr r0, =UART0
    movs r1, #6
    str r1, [r0, #0x24]                   @ IBRD
    movs r1, #33
    str r1, [r0, #0x28]                   @ FBRD
    movs r1, #0x70                        @ LCR_H: 8 bits, FIFOs on
    str r1, [r0, #0x2c]
    ldr r1, =0x301                        @ CR: UARTEN, TXE, RXE
    str r1, [r0, #0x30]
    adr r3, message
print:
    ldrb r1, [r3]
    adds r3, #1
    cmp r1, #0
    beq done
    movs r4, #0x20                        @ FR.TXFF
2:  ldr r2, [r0, #0x18]
    tst r2, r4
    bne 2b
    str r1, [r0]                          @ DR
    b print
done:
    movs r0, #0x18                        @ SYS_EXIT
    ldr r1, =0x20026                      @ ADP_Stopped_ApplicationExit: status 0
    bkpt #0xab
default_handler:
    b default_handler

    .align 2
message:
    .asciz "thumbforth rp2040\n"
