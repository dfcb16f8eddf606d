@ The start-up code the RP2040 and the RP2350 share, after rp.s and the
@ chip's own file (its addresses, the bits that moved, SYS_POSTDIV1,
@ `ticks_init`, since the chips' tick generators differ, and `uart_pins`,
@ since the RP2350's pads also need their isolation cleared). This does
@ what the SDK's runtime_init does for what the kernel uses, in the same
@ order: the crystal (XOSC), PLL_SYS for clk_sys and PLL_USB at 48 MHz,
@ clk_ref from XOSC, clk_peri from clk_sys, the microsecond ticks, the
@ blocks out of reset, then the console on UART0, GPIO0 (TX) and GPIO1
@ (RX), at CONSOLE_BAUD 8N1.
@
@ The board file gives CRYSTAL_HZ, SYS_CLOCK_HZ, PERI_CLOCK_HZ (clk_peri is
@ clk_sys here), UART_BASE and CONSOLE_BAUD; without a crystal_hz
@ ([clocks]) the PLL and tick settings cannot be computed.

    @ clk_sys = crystal × FBDIV / (SYS_POSTDIV1 × 2) from a 1500 MHz VCO, as
    @ the SDK sets it; the emulator refuses to lock a VCO out of range.
    .equ SYS_POSTDIV2, 2
    .equ SYS_FBDIV, SYS_CLOCK_HZ / 1000 * (SYS_POSTDIV1 * SYS_POSTDIV2) / (CRYSTAL_HZ / 1000)
    @ 48 MHz for USB from a 1200 MHz VCO / (5 × 5).
    .equ USB_CLOCK_HZ, 48000000
    .equ USB_POSTDIV1, 5
    .equ USB_POSTDIV2, 5
    .equ USB_FBDIV, USB_CLOCK_HZ / 1000 * (USB_POSTDIV1 * USB_POSTDIV2) / (CRYSTAL_HZ / 1000)

console_init:
    push {lr}
    bl clocks_init
    bl ticks_init
    bl release_blocks
    bl uart_pins
    bl uart_init
    pop {pc}

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

@ The PL011: divisors, which the LCR_H write latches, and enable.
uart_init:
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
