@ Console bring-up for the STM32F407: USART1 on PA9/PA10 (AF7), 115200 8N1
@ from the 16 MHz HSI (BRR 0x8B). RM0090: RCC 0x40023800, GPIOA 0x40020000.
console_init:
    ldr r0, =0x40023830                   @ RCC_AHB1ENR: GPIOAEN
    ldr r1, [r0]
    orr r1, r1, #1
    str r1, [r0]
    ldr r0, =0x40023844                   @ RCC_APB2ENR: USART1EN
    ldr r1, [r0]
    orr r1, r1, #0x10
    str r1, [r0]
    ldr r0, =0x40020000                   @ GPIOA_MODER: PA9, PA10 alternate
    ldr r1, [r0]
    bic r1, r1, #0xf << 18
    orr r1, r1, #0xa << 18
    str r1, [r0]
    ldr r0, =0x40020024                   @ GPIOA_AFRH: AF7 = USART1
    ldr r1, [r0]
    bic r1, r1, #0xff0
    orr r1, r1, #0x770
    str r1, [r0]
    ldr r0, =UART_BASE
    movs r1, #0x8b                        @ BRR
    str r1, [r0, #0x08]
    movw r1, #0x200c                      @ CR1: UE, TE, RE
    str r1, [r0, #0x0c]
    bx lr
