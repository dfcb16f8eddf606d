@ Hello for the RP2350: bring up UART0 on GPIO0/1 and print the board's
@ line, then end through ARM semihosting with status 0.
@ Register facts: RP2350 datasheet (RESETS 0x40020000, UART0 0x40070000,
@ IO_BANK0 0x40028000, PADS_BANK0 0x40038000); UART is a PL011.
    .equ RESETS, 0x40020000
    .equ RESETS_CLR, RESETS + 0x3000      @ atomic bit-clear alias
    .equ RESET_DONE, RESETS + 0x8
    .equ UART0_BIT, 1 << 26
    .equ IO_BANK0, 0x40028000
    .equ PADS_BANK0, 0x40038000
    .equ UART0, 0x40070000
    .equ UART_DR, 0x000
    .equ UART_FR, 0x018
    .equ UART_IBRD, 0x024
    .equ UART_FBRD, 0x028
    .equ UART_LCR_H, 0x02c
    .equ UART_CR, 0x030

reset:
    @ Take UART0 out of reset and wait until the chip says it is.
    ldr r0, =RESETS_CLR
    ldr r1, =UART0_BIT
    str r1, [r0]
    ldr r0, =RESET_DONE
1:  ldr r2, [r0]
    tst r2, r1
    beq 1b
    @ GPIO0 and GPIO1 to the UART (function 2); clear the pads' isolation.
    ldr r0, =IO_BANK0
    movs r1, #2
    str r1, [r0, #0x04]
    str r1, [r0, #0x0c]
    ldr r0, =PADS_BANK0
    movs r1, #0x56                        @ pad default with IE set and ISO clear
    str r1, [r0, #0x04]
    str r1, [r0, #0x08]
    @ 115200 baud from a 12 MHz clk_peri: 12e6 / (16 * 115200) = 6.51.
    ldr r0, =UART0
    movs r1, #6
    str r1, [r0, #UART_IBRD]
    movs r1, #33
    str r1, [r0, #UART_FBRD]
    movs r1, #0x70                        @ 8 bits, FIFOs on
    str r1, [r0, #UART_LCR_H]
    ldr r1, =0x301                        @ UARTEN, TXE, RXE
    str r1, [r0, #UART_CR]
    adr r3, message
print:
    ldrb r1, [r3], #1
    cbz r1, done
2:  ldr r2, [r0, #UART_FR]
    tst r2, #0x20                         @ TXFF: wait while the FIFO is full
    bne 2b
    str r1, [r0, #UART_DR]
    b print
done:
    movs r0, #0x18                        @ SYS_EXIT
    ldr r1, =0x20026                      @ ADP_Stopped_ApplicationExit: status 0
    bkpt #0xab
default_handler:
    b default_handler

    .align 2
message:
    .asciz "thumbforth rp2350\n"
