@ The RP2350 (Pico 2), Arm cores. Its addresses and bits, its tick
@ generators and its UART pins, between forth/startup/rp.s (the facts both
@ RP chips share) and rp-bringup.s (the code they share). The chip starts
@ on its ring oscillator with nearly every block held in reset and its
@ pads isolated.
@
@ RP2350 datasheet: chapter 2 atomic register aliases (+0x2000 set,
@ +0x3000 clear), chapter 7 resets, 8.1 clocks, 8.2 XOSC, 8.5 tick
@ generators, 8.6 PLL (VCO 750..1600 MHz, FBDIV 16..320, POSTDIV 1..7),
@ chapter 9 GPIO and pads (ISO), 12.1 UART (an Arm PL011).

    .equ RESETS, 0x40020000
    .equ RESET_IO_BANK0, 1 << 6
    .equ RESET_PADS_BANK0, 1 << 9
    .equ RESET_PLL_SYS, 1 << 14
    .equ RESET_PLL_USB, 1 << 15
    .equ RESET_TIMER0, 1 << 23
    .equ RESET_TIMER1, 1 << 24
    .equ RESET_UART0, 1 << 26
    .equ KERNEL_BLOCKS, RESET_IO_BANK0 | RESET_PADS_BANK0 | RESET_TIMER0 | RESET_TIMER1 | RESET_UART0

    .equ CLOCKS, 0x40010000
    .equ CLK_SYS_RESUS_CTRL, 0x84
    .equ DIV_BY_1, 1 << 16                  @ DIV.INT = 1 (clk_ref 23:16, clk_sys 31:16)
    .equ XOSC, 0x40048000
    .equ PLL_SYS, 0x40050000
    .equ PLL_USB, 0x40058000
    .equ SYS_POSTDIV1, 5                    @ 150 MHz from the 1500 MHz VCO
    .equ IO_BANK0, 0x40028000
    .equ PADS_BANK0, 0x40038000
    .equ PAD_ISO, 1 << 8

    .equ TICKS, 0x40108000
    .equ TICKS_TIMER0_CTRL, 0x18
    .equ TICKS_TIMER0_CYCLES, 0x1c
    .equ TICKS_TIMER1_CTRL, 0x24
    .equ TICKS_TIMER1_CYCLES, 0x28
    .equ TICK_ENABLE, 1

@ The tick generators TIMER0 and TIMER1 count: one tick per microsecond of
@ clk_ref (the SDK's tick_start: CYCLES, then ENABLE).
ticks_init:
    ldr r0, =TICKS
    movs r1, #TICK_CYCLES
    movs r2, #TICK_ENABLE
    str r1, [r0, #TICKS_TIMER0_CYCLES]
    str r2, [r0, #TICKS_TIMER0_CTRL]
    str r1, [r0, #TICKS_TIMER1_CYCLES]
    str r2, [r0, #TICKS_TIMER1_CTRL]
    bx lr

@ GPIO0 and GPIO1 to UART0 as the SDK's gpio_set_function does it: the pad
@ (still isolated), the function, then the pad's isolation cleared, which
@ lets the pad follow its controls.
uart_pins:
    ldr r0, =PADS_BANK0
    ldr r1, =PAD_ISO | PAD_RESET_UART
    str r1, [r0, #PAD_GPIO0]
    str r1, [r0, #PAD_GPIO1]
    ldr r2, =IO_BANK0
    movs r1, #FUNC_UART
    str r1, [r2, #GPIO0_CTRL]
    str r1, [r2, #GPIO1_CTRL]
    ldr r2, =PADS_BANK0 + ALIAS_CLR
    ldr r1, =PAD_ISO
    str r1, [r2, #PAD_GPIO0]
    str r1, [r2, #PAD_GPIO1]
    bx lr
