@ The register facts the RP2040 and the RP2350 share: they have the same
@ clock blocks (XOSC, PLL, clock generators), the same reset controller
@ and an Arm PL011 UART, at different addresses. The start-up of either
@ chip is this file, then the chip's own (rp2040.s or rp2350.s: its
@ addresses, the bits that moved, its tick generators and UART pins), then
@ rp-bringup.s, the code they share. Offsets and bits from the SDK's
@ hardware/regs headers; the assembler wants every `.equ` defined before
@ it is used, hence the order.

    .equ ALIAS_SET, 0x2000                  @ atomic register aliases
    .equ ALIAS_CLR, 0x3000

    .equ RESET_DONE, 0x08

    .equ CLK_REF_CTRL, 0x30
    .equ CLK_REF_DIV, 0x34
    .equ CLK_REF_SELECTED, 0x38
    .equ CLK_SYS_CTRL, 0x3c
    .equ CLK_SYS_DIV, 0x40
    .equ CLK_SYS_SELECTED, 0x44
    .equ CLK_PERI_CTRL, 0x48
    .equ CLK_REF_SRC_XOSC, 2                @ CLK_REF_CTRL.SRC
    .equ CLK_SYS_SRC_AUX, 1                 @ CLK_SYS_CTRL.SRC; AUXSRC 0 is PLL_SYS
    .equ CLK_ENABLE, 1 << 11

    .equ XOSC_CTRL, 0x00
    .equ XOSC_STATUS, 0x04
    .equ XOSC_STARTUP, 0x0c
    .equ XOSC_RANGE_1_15MHZ, 0xaa0
    .equ XOSC_ENABLE, 0xfab << 12
    @ About 1 ms, in units of 256 crystal periods (the SDK's xosc_init).
    .equ XOSC_DELAY, (CRYSTAL_HZ / 1000 + 128) / 256

    .equ PLL_CS, 0x0
    .equ PLL_PWR, 0x4
    .equ PLL_FBDIV_INT, 0x8
    .equ PLL_PRIM, 0xc
    .equ PLL_PWR_PD, 1 << 0
    .equ PLL_PWR_POSTDIVPD, 1 << 3
    .equ PLL_PWR_VCOPD, 1 << 5
    .equ TICK_CYCLES, CRYSTAL_HZ / 1000000  @ clk_ref cycles per microsecond

    .equ GPIO0_CTRL, 0x04
    .equ GPIO1_CTRL, 0x0c
    .equ PAD_GPIO0, 0x04
    .equ PAD_GPIO1, 0x08
    .equ FUNC_UART, 2
    @ The pads' reset value with the input enabled and the output not
    @ disabled, as the SDK's gpio_set_function leaves them: IE, 4 mA,
    @ pull-down, Schmitt trigger.
    .equ PAD_RESET_UART, 0x56

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
