@ Reset for every board: console, zeroed RAM, the RAM contents the build
@ recorded (system variables, values, defers), the data stack, then the
@ Forth boot word (the init chain and the main word). Returning from it ends
@ the program through semihosting with status 0 when a debugger is attached
@ to take it (DHCSR.C_DEBUGEN); a board on its own stays where it is, since a
@ BKPT with no debugger is a HardFault.
reset:
    bl console_init
    ldr r0, =RAM_ORIGIN
    ldr r1, =DSTACK_BASE
    movs r2, #0
1:  str r2, [r0]
    adds r0, #4
    cmp r0, r1
    bcc 1b
    ldr r0, forth_ram_init                @ count, then (address, value) pairs
    ldr r1, [r0]
    adds r0, #4
2:  cmp r1, #0
    beq 3f
    ldr r2, [r0]
    ldr r3, [r0, #4]
    str r3, [r2]
    adds r0, #8
    subs r1, #1
    b 2b
3:  ldr r7, =DSTACK_BASE
    ldr r6, =0xe0e0e0e0
    ldr r0, forth_boot
    blx r0
    ldr r0, =0xe000edf0                   @ DHCSR
    ldr r0, [r0]
    lsls r0, r0, #31                      @ C_DEBUGEN
    beq 4f
    movs r0, #0x18                        @ SYS_EXIT
    ldr r1, =0x20026                      @ ADP_Stopped_ApplicationExit: status 0
    bkpt #0xab
4:  b 4b
default_handler:
    b default_handler
    .align 2
forth_boot:
    .word 0
forth_ram_init:
    .word 0
