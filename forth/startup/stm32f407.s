@ Clocks and console bring-up for the STM32F407 (RM0090; addresses from the
@ CMSIS header stm32f407xx.h).
@
@ The clock tree the board file states ([clocks]): the crystal (HSE,
@ CRYSTAL_HZ, 8 MHz on the Discovery) through the main PLL to SYS_CLOCK_HZ
@ (168 MHz: PLLM 4 gives the VCO the 2 MHz RM0090 recommends, PLLN 168 runs
@ it at 336 MHz, PLLP 2, PLLQ 7 for the 48 MHz USB clock), AHB undivided,
@ APB1 /4 (42 MHz, its limit) and APB2 /2 (84 MHz, its limit, which is
@ PERI_CLOCK_HZ: USART1's clock). 168 MHz needs 5 flash wait states at
@ 2.7-3.6 V (RM0090 3.5.1, Table 10): they are set, with the prefetch
@ buffer and both caches, before SYSCLK switches. The regulator needs no
@ setting: PWR_CR.VOS resets to scale 1 on the STM32F405/407.
@
@ Every wait for a ready bit is bounded (about 100 ms at 16 MHz). If HSE
@ or the PLL never becomes ready (no crystal fitted; QEMU, whose RCC is a
@ stub that reads 0) the board stays on the 16 MHz HSI and the console's
@ divider follows it, so the console still answers at CONSOLE_BAUD; only
@ clock-hz then overstates the clock.
    .equ RCC, 0x40023800
    .equ RCC_CR, 0x00
    .equ RCC_PLLCFGR, 0x04
    .equ RCC_CFGR, 0x08
    .equ RCC_AHB1ENR, 0x30
    .equ RCC_APB2ENR, 0x44
    .equ FLASH_ACR, 0x40023c00
    .equ GPIOA, 0x40020000
    .equ HSI_HZ, 16000000
    .equ PLL_IN_HZ, 2000000
    .equ PLL_M, CRYSTAL_HZ / PLL_IN_HZ
    .equ PLL_N, (2 * SYS_CLOCK_HZ) / PLL_IN_HZ    @ the VCO at twice SYSCLK
    .equ PLL_Q, (2 * SYS_CLOCK_HZ) / 48000000
    .equ PLLCFGR_FIELDS, 0x0f437fff               @ PLLM, PLLN, PLLP, PLLSRC, PLLQ
    .equ PLLCFGR_SET, PLL_M | (PLL_N << 6) | (1 << 22) | (PLL_Q << 24)  @ PLLP 2, from HSE
    .equ FLASH_WS, (SYS_CLOCK_HZ - 1) / 30000000
    .equ ACR_SET, FLASH_WS | (7 << 8)             @ LATENCY, PRFTEN, ICEN, DCEN
    .equ CFGR_FIELDS, 0xfcf3                      @ SW, HPRE, PPRE1, PPRE2
    .equ CFGR_SET, (5 << 10) | (4 << 13) | 2      @ APB1 /4, APB2 /2, SYSCLK from the PLL
    .equ READY_POLLS, 0x40000
    .equ BRR_PLL, (PERI_CLOCK_HZ + CONSOLE_BAUD / 2) / CONSOLE_BAUD
    .equ BRR_HSI, (HSI_HZ + CONSOLE_BAUD / 2) / CONSOLE_BAUD

console_init:
    ldr r0, =RCC
    ldr r3, =BRR_HSI                      @ the console's divider, unless the PLL runs
    ldr r1, [r0, #RCC_CR]
    orr r1, r1, #1 << 16                  @ HSEON
    str r1, [r0, #RCC_CR]
    ldr r2, =READY_POLLS
1:  ldr r1, [r0, #RCC_CR]
    tst r1, #1 << 17                      @ HSERDY
    bne 2f
    subs r2, #1
    bne 1b
    b 6f
2:  ldr r1, [r0, #RCC_PLLCFGR]            @ the PLL is set up while it is off
    ldr r2, =PLLCFGR_FIELDS
    bic r1, r1, r2
    ldr r2, =PLLCFGR_SET
    orr r1, r1, r2
    str r1, [r0, #RCC_PLLCFGR]
    ldr r1, [r0, #RCC_CR]
    orr r1, r1, #1 << 24                  @ PLLON
    str r1, [r0, #RCC_CR]
    ldr r2, =READY_POLLS
3:  ldr r1, [r0, #RCC_CR]
    tst r1, #1 << 25                      @ PLLRDY
    bne 4f
    subs r2, #1
    bne 3b
    b 6f
4:  ldr r2, =FLASH_ACR                    @ wait states first, then the faster clock
    ldr r1, =ACR_SET
    str r1, [r2]
    ldr r1, [r2]                          @ read back: in effect (RM0090 3.5.1)
    ldr r1, [r0, #RCC_CFGR]
    ldr r2, =CFGR_FIELDS
    bic r1, r1, r2
    ldr r2, =CFGR_SET
    orr r1, r1, r2
    str r1, [r0, #RCC_CFGR]
    ldr r2, =READY_POLLS
5:  ldr r1, [r0, #RCC_CFGR]
    and r1, r1, #0xc                      @ SWS
    cmp r1, #0x8                          @ the PLL drives SYSCLK
    beq 55f
    subs r2, #1
    bne 5b
55: ldr r3, =BRR_PLL
6:  ldr r1, [r0, #RCC_AHB1ENR]
    orr r1, r1, #1                        @ GPIOAEN
    str r1, [r0, #RCC_AHB1ENR]
    ldr r1, [r0, #RCC_APB2ENR]
    orr r1, r1, #0x10                     @ USART1EN
    str r1, [r0, #RCC_APB2ENR]
    ldr r0, =GPIOA
    ldr r1, [r0]                          @ MODER: PA9, PA10 alternate
    bic r1, r1, #0xf << 18
    orr r1, r1, #0xa << 18
    str r1, [r0]
    ldr r1, [r0, #0x24]                   @ AFRH: AF7 = USART1
    bic r1, r1, #0xff0
    orr r1, r1, #0x770
    str r1, [r0, #0x24]
    ldr r0, =UART_BASE
    str r3, [r0, #0x08]                   @ BRR for OVER8 = 0: clock / baud, rounded
    movw r1, #0x200c                      @ CR1: UE, TE, RE
    str r1, [r0, #0x0c]
    bx lr
