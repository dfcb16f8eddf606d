@ forth/startup/rp2350.s as it was before the emulator modelled resets and clocks
@ (commit e7e0bf1), kept for tests/cli_bringup.rs: the strict model stops it.
@ Console bring-up for the RP2350 (Pico 2): UART0 on GPIO0/1, 115200 8N1
@ from the 12 MHz clk_peri. RP2350 datasheet: RESETS 0x40020000 (UART0 is
@ bit 26), IO_BANK0 0x40028000, PADS_BANK0 0x40038000, UART0 (PL011)
@ 0x40070000; +0x3000 is a register's atomic bit-clear alias.
console_init:
    ldr r0, =0x40023000                   @ RESETS.RESET, clear alias
    ldr r1, =1 << 26
    str r1, [r0]
    ldr r0, =0x40020008                   @ RESETS.RESET_DONE
1:  ldr r2, [r0]
    tst r2, r1
    beq 1b
    ldr r0, =0x40028000                   @ GPIO0/1 function 2 (UART)
    movs r1, #2
    str r1, [r0, #0x04]
    str r1, [r0, #0x0c]
    ldr r0, =0x40038000                   @ pads: input enabled, isolation off
    movs r1, #0x56
    str r1, [r0, #0x04]
    str r1, [r0, #0x08]
    ldr r0, =UART_BASE
    movs r1, #6                           @ IBRD: 12e6 / (16 * 115200) = 6.51
    str r1, [r0, #0x24]
    movs r1, #33                          @ FBRD
    str r1, [r0, #0x28]
    movs r1, #0x70                        @ LCR_H: 8 bits, FIFOs on
    str r1, [r0, #0x2c]
    ldr r1, =0x301                        @ CR: UARTEN, TXE, RXE
    str r1, [r0, #0x30]
    bx lr
