@ The RP2040 (Pico), ARMv6-M: 16-bit Thumb only. Its addresses and bits,
@ its tick generator and its UART pins, between forth/startup/rp.s (the
@ facts both RP chips share) and rp-bringup.s (the code they share). The
@ chip starts on its ring oscillator with nearly every block held in
@ reset.
@
@ RP2040 datasheet: 2.1.2 atomic register aliases (+0x2000 set, +0x3000
@ clear), 2.14 resets, 2.15 clocks, 2.16 XOSC, 2.18 PLL (VCO 750..1600
@ MHz, FBDIV 16..320, POSTDIV 1..7), 2.19 GPIO, 4.2 UART (an Arm PL011),
@ 4.7 the watchdog's tick generator.

    .equ RESETS, 0x4000c000
    .equ RESET_IO_BANK0, 1 << 5
    .equ RESET_PADS_BANK0, 1 << 8
    .equ RESET_PLL_SYS, 1 << 12
    .equ RESET_PLL_USB, 1 << 13
    .equ RESET_TIMER, 1 << 21
    .equ RESET_UART0, 1 << 22
    .equ KERNEL_BLOCKS, RESET_IO_BANK0 | RESET_PADS_BANK0 | RESET_TIMER | RESET_UART0

    .equ CLOCKS, 0x40008000
    .equ CLK_SYS_RESUS_CTRL, 0x78
    .equ DIV_BY_1, 1 << 8                   @ DIV.INT = 1 (clk_ref 9:8, clk_sys 31:8)
    .equ XOSC, 0x40024000
    .equ PLL_SYS, 0x40028000
    .equ PLL_USB, 0x4002c000
    .equ SYS_POSTDIV1, 6                    @ 125 MHz from the 1500 MHz VCO
    .equ IO_BANK0, 0x40014000
    .equ PADS_BANK0, 0x4001c000

    .equ WATCHDOG, 0x40058000
    .equ WATCHDOG_TICK, 0x2c
    .equ TICK_ENABLE, 1 << 9

@ The watchdog's tick generator, which TIMER counts: one tick per
@ microsecond of clk_ref.
ticks_init:
    ldr r0, =WATCHDOG
    ldr r1, =TICK_ENABLE | TICK_CYCLES
    str r1, [r0, #WATCHDOG_TICK]
    bx lr

@ GPIO0 and GPIO1 to UART0: pads first, as the SDK's gpio_set_function.
uart_pins:
    ldr r0, =PADS_BANK0
    movs r1, #PAD_RESET_UART
    str r1, [r0, #PAD_GPIO0]
    str r1, [r0, #PAD_GPIO1]
    ldr r0, =IO_BANK0
    movs r1, #FUNC_UART
    str r1, [r0, #GPIO0_CTRL]
    str r1, [r0, #GPIO1_CTRL]
    bx lr
