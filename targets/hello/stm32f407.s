@ Hello for the STM32F407: bring the clocks up as the board file states
@ (HSE and the PLL to SYS_CLOCK_HZ, APB2 = PERI_CLOCK_HZ; see
@ forth/startup/stm32f407.s, which does the same), clock USART1 and GPIOA,
@ route PA9/PA10 to USART1 (AF7), print the board's line, end through
@ semihosting with 0. The waits for HSE, the PLL and the switch are bounded:
@ without them (no crystal, or QEMU's stub RCC) the board stays on the
@ 16 MHz HSI with the divider for it. Facts: RM0090 and the CMSIS header
@ stm32f407xx.h (RCC 0x40023800, FLASH 0x40023C00, GPIOA 0x40020000).
    .equ RCC, 0x40023800
    .equ RCC_CR, 0x00
    .equ RCC_PLLCFGR, 0x04
    .equ RCC_CFGR, 0x08
    .equ RCC_AHB1ENR, 0x30
    .equ RCC_APB2ENR, 0x44
    .equ FLASH_ACR, 0x40023c00
    .equ GPIOA, 0x40020000
    .equ HSI_HZ, 16000000
    .equ PLL_IN_HZ, 2000000                       @ the VCO input RM0090 recommends
    .equ PLL_M, CRYSTAL_HZ / PLL_IN_HZ
    .equ PLL_N, (2 * SYS_CLOCK_HZ) / PLL_IN_HZ    @ the VCO at twice SYSCLK, PLLP 2
    .equ PLL_Q, (2 * SYS_CLOCK_HZ) / 48000000     @ 48 MHz for USB
    .equ PLLCFGR_FIELDS, 0x0f437fff               @ PLLM, PLLN, PLLP, PLLSRC, PLLQ
    .equ PLLCFGR_SET, PLL_M | (PLL_N << 6) | (1 << 22) | (PLL_Q << 24)
    .equ ACR_SET, ((SYS_CLOCK_HZ - 1) / 30000000) | (7 << 8)  @ wait states, caches
    .equ CFGR_FIELDS, 0xfcf3                      @ SW, HPRE, PPRE1, PPRE2
    .equ CFGR_SET, (5 << 10) | (4 << 13) | 2      @ APB1 /4, APB2 /2, the PLL
    .equ READY_POLLS, 0x40000
    .equ BRR_PLL, (PERI_CLOCK_HZ + CONSOLE_BAUD / 2) / CONSOLE_BAUD
    .equ BRR_HSI, (HSI_HZ + CONSOLE_BAUD / 2) / CONSOLE_BAUD

reset:
    ldr r0, =RCC
    ldr r3, =BRR_HSI
    ldr r1, [r0, #RCC_CR]
    orr r1, r1, #1 << 16                  @ HSEON
    str r1, [r0, #RCC_CR]
    ldr r2, =READY_POLLS
1:  ldr r1, [r0, #RCC_CR]
    tst r1, #1 << 17                      @ HSERDY
    bne 2f
    subs r2, #1
    bne 1b
    b console
2:  ldr r1, [r0, #RCC_PLLCFGR]
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
    b console
4:  ldr r2, =FLASH_ACR
    ldr r1, =ACR_SET
    str r1, [r2]
    ldr r1, [r2]
    ldr r1, [r0, #RCC_CFGR]
    ldr r2, =CFGR_FIELDS
    bic r1, r1, r2
    ldr r2, =CFGR_SET
    orr r1, r1, r2
    str r1, [r0, #RCC_CFGR]
    ldr r2, =READY_POLLS
5:  ldr r1, [r0, #RCC_CFGR]
    and r1, r1, #0xc                      @ SWS
    cmp r1, #0x8
    beq 6f
    subs r2, #1
    bne 5b
6:  ldr r3, =BRR_PLL
console:
    ldr r1, [r0, #RCC_AHB1ENR]
    orr r1, r1, #1                        @ GPIOAEN
    str r1, [r0, #RCC_AHB1ENR]
    ldr r1, [r0, #RCC_APB2ENR]
    orr r1, r1, #0x10                     @ USART1EN
    str r1, [r0, #RCC_APB2ENR]
    ldr r0, =GPIOA
    ldr r1, [r0]
    bic r1, r1, #0xf << 18
    orr r1, r1, #0xa << 18                @ MODER: PA9, PA10 alternate
    str r1, [r0]
    ldr r1, [r0, #0x24]
    bic r1, r1, #0xff0
    orr r1, r1, #0x770                    @ AFRH: AF7 = USART1
    str r1, [r0, #0x24]
    ldr r0, =UART_BASE
    str r3, [r0, #0x08]                   @ BRR
    movw r1, #0x200c                      @ CR1: UE, TE, RE
    str r1, [r0, #0x0c]
    adr r3, message
print:
    ldrb r1, [r3], #1
    cbz r1, done
1:  ldr r2, [r0]                          @ SR
    tst r2, #0x80                         @ TXE
    beq 1b
    str r1, [r0, #0x04]                   @ DR
    b print
done:
    movs r0, #0x18                        @ SYS_EXIT
    ldr r1, =0x20026                      @ ADP_Stopped_ApplicationExit: status 0
    bkpt #0xab
default_handler:
    b default_handler

    .align 2
message:
    .asciz "thumbforth stm32f407\n"
