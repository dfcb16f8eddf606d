@ Hello for the STM32F407: clock USART1 and GPIOA, route PA9/PA10 to
@ USART1 (AF7), print the board's line, end through semihosting with 0.
@ Register facts: CMSIS stm32f407xx.h / RM0090 (RCC 0x40023800, GPIOA
@ 0x40020000, USART1 0x40011000); 115200 baud from the 16 MHz HSI is BRR 0x8B.
    .equ RCC_AHB1ENR, 0x40023830
    .equ RCC_APB2ENR, 0x40023844
    .equ GPIOA_MODER, 0x40020000
    .equ GPIOA_AFRH, 0x40020024
    .equ USART1, 0x40011000

reset:
    ldr r0, =RCC_AHB1ENR
    ldr r1, [r0]
    orr r1, r1, #1                        @ GPIOAEN
    str r1, [r0]
    ldr r0, =RCC_APB2ENR
    ldr r1, [r0]
    orr r1, r1, #0x10                     @ USART1EN
    str r1, [r0]
    ldr r0, =GPIOA_MODER
    ldr r1, [r0]
    bic r1, r1, #0xf << 18
    orr r1, r1, #0xa << 18                @ PA9, PA10: alternate function
    str r1, [r0]
    ldr r0, =GPIOA_AFRH
    ldr r1, [r0]
    bic r1, r1, #0xff0
    orr r1, r1, #0x770                    @ AF7 = USART1
    str r1, [r0]
    ldr r0, =USART1
    movs r1, #0x8b
    str r1, [r0, #0x08]                   @ BRR
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
