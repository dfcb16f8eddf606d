@ Hello for the RP2040 (Pico), ARMv6-M: 16-bit Thumb only. A complete
@ bare-metal program: the start-up the chip needs (forth/startup/rp2040.s
@ does the same for the Forth image), then the board's line on UART0
@ (GPIO0 TX, GPIO1 RX, CONSOLE_BAUD 8N1), then an end through ARM
@ semihosting with status 0.
@
@ The chip starts on its ring oscillator with nearly every block held in
@ reset: the crystal (XOSC) is started, PLL_SYS drives clk_sys and PLL_USB
@ runs at 48 MHz, clk_ref comes from XOSC and clk_peri from clk_sys, the
@ watchdog's tick makes TIMER count microseconds, and IO_BANK0, PADS_BANK0,
@ UART0 and TIMER are released from reset, in the order of the SDK's
@ runtime_init. RP2040 datasheet: 2.1.2 atomic register aliases (+0x2000
@ set, +0x3000 clear), 2.14 resets, 2.15 clocks, 2.16 XOSC, 2.18 PLL (VCO
@ 750..1600 MHz, FBDIV 16..320, POSTDIV 1..7), 2.19 GPIO, 4.2 UART (an
@ Arm PL011), 4.7 the watchdog's tick generator. The board file gives
@ CRYSTAL_HZ, SYS_CLOCK_HZ, PERI_CLOCK_HZ, UART_BASE and CONSOLE_BAUD.

    .equ ALIAS_SET, 0x2000
    .equ ALIAS_CLR, 0x3000

    .equ RESETS, 0x4000c000
    .equ RESET_DONE, 0x08
    .equ RESET_IO_BANK0, 1 << 5
    .equ RESET_PADS_BANK0, 1 << 8
    .equ RESET_PLL_SYS, 1 << 12
    .equ RESET_PLL_USB, 1 << 13
    .equ RESET_TIMER, 1 << 21
    .equ RESET_UART0, 1 << 22
    .equ KERNEL_BLOCKS, RESET_IO_BANK0 | RESET_PADS_BANK0 | RESET_TIMER | RESET_UART0

    .equ CLOCKS, 0x40008000
    .equ CLK_REF_CTRL, 0x30
    .equ CLK_REF_DIV, 0x34
    .equ CLK_REF_SELECTED, 0x38
    .equ CLK_SYS_CTRL, 0x3c
    .equ CLK_SYS_DIV, 0x40
    .equ CLK_SYS_SELECTED, 0x44
    .equ CLK_PERI_CTRL, 0x48
    .equ CLK_SYS_RESUS_CTRL, 0x78
    .equ CLK_REF_SRC_XOSC, 2                @ CLK_REF_CTRL.SRC
    .equ CLK_SYS_SRC_AUX, 1                 @ CLK_SYS_CTRL.SRC; AUXSRC 0 is PLL_SYS
    .equ CLK_ENABLE, 1 << 11
    .equ DIV_BY_1, 1 << 8                   @ DIV.INT = 1 (clk_ref 9:8, clk_sys 31:8)

    .equ XOSC, 0x40024000
    .equ XOSC_CTRL, 0x00
    .equ XOSC_STATUS, 0x04
    .equ XOSC_STARTUP, 0x0c
    .equ XOSC_RANGE_1_15MHZ, 0xaa0
    .equ XOSC_ENABLE, 0xfab << 12
    @ About 1 ms, in units of 256 crystal periods (the SDK's xosc_init).
    .equ XOSC_DELAY, (CRYSTAL_HZ / 1000 + 128) / 256

    .equ PLL_SYS, 0x40028000
    .equ PLL_USB, 0x4002c000
    .equ PLL_CS, 0x0
    .equ PLL_PWR, 0x4
    .equ PLL_FBDIV_INT, 0x8
    .equ PLL_PRIM, 0xc
    .equ PLL_PWR_PD, 1 << 0
    .equ PLL_PWR_POSTDIVPD, 1 << 3
    .equ PLL_PWR_VCOPD, 1 << 5
    @ clk_sys = crystal × FBDIV / (6 × 2): 125 MHz from a 1500 MHz VCO, as
    @ the SDK sets it; the emulator refuses to lock a VCO out of range.
    .equ SYS_POSTDIV1, 6
    .equ SYS_POSTDIV2, 2
    .equ SYS_FBDIV, SYS_CLOCK_HZ / 1000 * (SYS_POSTDIV1 * SYS_POSTDIV2) / (CRYSTAL_HZ / 1000)
    @ 48 MHz for USB from a 1200 MHz VCO / (5 × 5).
    .equ USB_CLOCK_HZ, 48000000
    .equ USB_POSTDIV1, 5
    .equ USB_POSTDIV2, 5
    .equ USB_FBDIV, USB_CLOCK_HZ / 1000 * (USB_POSTDIV1 * USB_POSTDIV2) / (CRYSTAL_HZ / 1000)

    .equ WATCHDOG, 0x40058000
    .equ WATCHDOG_TICK, 0x2c
    .equ TICK_ENABLE, 1 << 9
    .equ TICK_CYCLES, CRYSTAL_HZ / 1000000  @ clk_ref cycles per microsecond

    .equ IO_BANK0, 0x40014000
    .equ PADS_BANK0, 0x4001c000
    .equ GPIO0_CTRL, 0x04
    .equ GPIO1_CTRL, 0x0c
    .equ PAD_GPIO0, 0x04
    .equ PAD_GPIO1, 0x08
    .equ FUNC_UART, 2
    @ The pads' reset value with the input enabled and the output not
    @ disabled, as the SDK's gpio_set_function leaves them: IE, 4 mA,
    @ pull-down, Schmitt trigger.
    .equ PAD_UART, 0x56

    .equ UARTIBRD, 0x24
    .equ UARTFBRD, 0x28
    .equ UARTLCR_H, 0x2c
    .equ UARTCR, 0x30
    @ The divisor PERI_CLOCK_HZ / (16 × CONSOLE_BAUD) in 64ths, rounded as the
    @ SDK's uart_set_baudrate does: 128ths plus one, halved.
    .equ BAUD_DIV, 8 * PERI_CLOCK_HZ / CONSOLE_BAUD + 1
    .equ BAUD_IBRD, BAUD_DIV >> 7
    .equ BAUD_FBRD, (BAUD_DIV & 0x7f) >> 1
    .equ LCR_H_8N1_FIFO, 3 << 5 | 1 << 4    @ WLEN 8 bits, FEN
    .equ CR_ENABLE, 1 | 1 << 8 | 1 << 9     @ UARTEN, TXE, RXE

reset:
    bl clocks_init
    bl ticks_init
    bl release_blocks
    bl uart_init
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
done:
    movs r0, #0x18                          @ SYS_EXIT
    ldr r1, =0x20026                        @ ADP_Stopped_ApplicationExit: status 0
    bkpt #0xab
default_handler:
    b default_handler

@ The clock tree, as the SDK's runtime_init_clocks builds it.
clocks_init:
    push {lr}
    ldr r0, =CLOCKS
    movs r1, #0
    str r1, [r0, #CLK_SYS_RESUS_CTRL]
    @ XOSC: frequency range and start-up delay, then enable; wait for STABLE.
    ldr r0, =XOSC
    ldr r1, =XOSC_RANGE_1_15MHZ
    str r1, [r0, #XOSC_CTRL]
    ldr r1, =XOSC_DELAY
    str r1, [r0, #XOSC_STARTUP]
    ldr r2, =XOSC + ALIAS_SET
    ldr r1, =XOSC_ENABLE
    str r1, [r2, #XOSC_CTRL]
1:  ldr r1, [r0, #XOSC_STATUS]
    cmp r1, #0                              @ STABLE is bit 31
    bpl 1b
    @ Before the PLLs change, clk_sys to clk_ref and clk_ref to the ROSC,
    @ through their glitchless muxes (SELECTED is one-hot).
    ldr r0, =CLOCKS
    ldr r2, =CLOCKS + ALIAS_CLR
    movs r1, #1
    str r1, [r2, #CLK_SYS_CTRL]
2:  ldr r3, [r0, #CLK_SYS_SELECTED]
    cmp r3, #1
    bne 2b
    movs r1, #3
    str r1, [r2, #CLK_REF_CTRL]
3:  ldr r3, [r0, #CLK_REF_SELECTED]
    cmp r3, #1
    bne 3b
    ldr r0, =PLL_SYS
    ldr r1, =RESET_PLL_SYS
    ldr r2, =SYS_FBDIV
    ldr r3, =SYS_POSTDIV1 << 16 | SYS_POSTDIV2 << 12
    bl pll_start
    ldr r0, =PLL_USB
    ldr r1, =RESET_PLL_USB
    ldr r2, =USB_FBDIV
    ldr r3, =USB_POSTDIV1 << 16 | USB_POSTDIV2 << 12
    bl pll_start
    @ clk_ref from XOSC, undivided.
    ldr r0, =CLOCKS
    movs r1, #CLK_REF_SRC_XOSC
    str r1, [r0, #CLK_REF_CTRL]
4:  ldr r3, [r0, #CLK_REF_SELECTED]
    cmp r3, #1 << CLK_REF_SRC_XOSC
    bne 4b
    ldr r1, =DIV_BY_1
    str r1, [r0, #CLK_REF_DIV]
    @ clk_sys from PLL_SYS: the aux mux first (AUXSRC 0) while clk_sys is on
    @ clk_ref, then the glitchless mux to aux.
    movs r1, #0
    str r1, [r0, #CLK_SYS_CTRL]
    movs r1, #CLK_SYS_SRC_AUX
    str r1, [r0, #CLK_SYS_CTRL]
5:  ldr r3, [r0, #CLK_SYS_SELECTED]
    cmp r3, #1 << CLK_SYS_SRC_AUX
    bne 5b
    ldr r1, =DIV_BY_1
    str r1, [r0, #CLK_SYS_DIV]
    @ clk_peri from clk_sys (AUXSRC 0): the source set while it is stopped,
    @ then enabled.
    movs r1, #0
    str r1, [r0, #CLK_PERI_CTRL]
    ldr r2, =CLOCKS + ALIAS_SET
    ldr r1, =CLK_ENABLE
    str r1, [r2, #CLK_PERI_CTRL]
    pop {pc}

@ A PLL from reset to running, as the SDK's pll_init: r0 the PLL, r1 its
@ RESETS bit, r2 FBDIV, r3 PRIM (the post dividers).
pll_start:
    push {r4, r5, lr}
    ldr r4, =RESETS + ALIAS_SET
    str r1, [r4]
    ldr r4, =RESETS + ALIAS_CLR
    str r1, [r4]
    ldr r4, =RESETS
1:  ldr r5, [r4, #RESET_DONE]
    tst r5, r1
    beq 1b
    movs r5, #1                             @ REFDIV 1
    str r5, [r0, #PLL_CS]
    str r2, [r0, #PLL_FBDIV_INT]
    ldr r4, =ALIAS_CLR
    adds r4, r4, r0
    movs r5, #PLL_PWR_PD | PLL_PWR_VCOPD    @ power and VCO on
    str r5, [r4, #PLL_PWR]
2:  ldr r5, [r0, #PLL_CS]
    cmp r5, #0                              @ LOCK is bit 31
    bpl 2b
    str r3, [r0, #PLL_PRIM]
    movs r5, #PLL_PWR_POSTDIVPD             @ then the post dividers
    str r5, [r4, #PLL_PWR]
    pop {r4, r5, pc}

@ The watchdog's tick generator, which TIMER counts: one tick per
@ microsecond of clk_ref.
ticks_init:
    ldr r0, =WATCHDOG
    ldr r1, =TICK_ENABLE | TICK_CYCLES
    str r1, [r0, #WATCHDOG_TICK]
    bx lr

@ The blocks the kernel uses, reset afresh and released; RESET_DONE says
@ when they are ready.
release_blocks:
    ldr r0, =RESETS
    ldr r1, =KERNEL_BLOCKS
    ldr r2, =RESETS + ALIAS_SET
    str r1, [r2]
    ldr r2, =RESETS + ALIAS_CLR
    str r1, [r2]
1:  ldr r2, [r0, #RESET_DONE]
    ands r2, r2, r1
    cmp r2, r1
    bne 1b
    bx lr

@ GPIO0 and GPIO1 to UART0 (pads first, as the SDK's gpio_set_function),
@ then the PL011: divisors, which the LCR_H write latches, and enable.
uart_init:
    ldr r0, =PADS_BANK0
    movs r1, #PAD_UART
    str r1, [r0, #PAD_GPIO0]
    str r1, [r0, #PAD_GPIO1]
    ldr r0, =IO_BANK0
    movs r1, #FUNC_UART
    str r1, [r0, #GPIO0_CTRL]
    str r1, [r0, #GPIO1_CTRL]
    ldr r0, =UART_BASE
    ldr r1, =BAUD_IBRD
    str r1, [r0, #UARTIBRD]
    ldr r1, =BAUD_FBRD
    str r1, [r0, #UARTFBRD]
    movs r1, #LCR_H_8N1_FIFO
    str r1, [r0, #UARTLCR_H]
    ldr r1, =CR_ENABLE
    str r1, [r0, #UARTCR]
    bx lr

    .ltorg
    .align 2
message:
    .asciz "thumbforth rp2040\n"
