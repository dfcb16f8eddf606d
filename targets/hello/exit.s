@ The end of every hello program: ARM semihosting SYS_EXIT with status 0,
@ which the emulator and QEMU take as the program's exit status, and the
@ handler every unused vector points at.
done:
    movs r0, #0x18                          @ SYS_EXIT
    ldr r1, =0x20026                        @ ADP_Stopped_ApplicationExit: status 0
    bkpt #0xab
default_handler:
    b default_handler
    .ltorg
