\ Primitives: code words in the Thumb-1 subset every profile has, so the same
\ text serves ARMv6-M and Thumb-2. r6 holds the top of the data stack (TOS),
\ r7 points at the second item; r0-r3 are scratch. Words marked `inline` are
\ copied into their callers instead of called.

\ --- stack ---------------------------------------------------------------
code dup ( x -- x x )
    subs r7, #4
    str r6, [r7]
end-code inline
code drop ( x -- )
    ldmia r7!, {r6}
end-code inline
code swap ( a b -- b a )
    ldr r0, [r7]
    str r6, [r7]
    movs r6, r0
end-code inline
code over ( a b -- a b a )
    ldr r0, [r7]
    subs r7, #4
    str r6, [r7]
    movs r6, r0
end-code inline
code rot ( a b c -- b c a )
    ldr r0, [r7]
    ldr r1, [r7, #4]
    str r6, [r7]
    str r0, [r7, #4]
    movs r6, r1
end-code inline
code -rot ( a b c -- c a b )
    ldr r0, [r7]
    ldr r1, [r7, #4]
    str r6, [r7, #4]
    str r1, [r7]
    movs r6, r0
end-code inline
code nip ( a b -- b )
    adds r7, #4
end-code inline
code tuck ( a b -- b a b )
    ldr r0, [r7]
    subs r7, #4
    str r6, [r7, #4]
    str r0, [r7]
end-code inline
code 2dup ( a b -- a b a b )
    ldr r0, [r7]
    subs r7, #8
    str r6, [r7, #4]
    str r0, [r7]
end-code inline
code 2drop ( a b -- )
    adds r7, #4
    ldmia r7!, {r6}
end-code inline
code 2swap ( a b c d -- c d a b )
    ldr r0, [r7]
    ldr r1, [r7, #4]
    ldr r2, [r7, #8]
    str r0, [r7, #8]
    str r6, [r7, #4]
    str r2, [r7]
    movs r6, r1
end-code inline
code 2over ( a b c d -- a b c d a b )
    ldr r0, [r7, #4]
    ldr r1, [r7, #8]
    subs r7, #8
    str r6, [r7, #4]
    str r1, [r7]
    movs r6, r0
end-code inline
code pick ( xu ... x0 u -- xu ... x0 xu )
    lsls r0, r6, #2
    ldr r6, [r7, r0]
end-code inline
code depth ( -- n ) \ items on the data stack before n
    ldr r0, =DSTACK_BASE
    subs r0, r0, r7
    asrs r0, r0, #2
    subs r7, #4
    str r6, [r7]
    movs r6, r0
end-code
code sp@ ( -- addr ) \ where the second item lives
    movs r0, r7
    subs r7, #4
    str r6, [r7]
    movs r6, r0
end-code inline
code sp! ( addr -- ) \ sets the data stack pointer; TOS becomes [addr-4]'s successor
    movs r7, r6
    ldmia r7!, {r6}
end-code
code rp@ ( -- addr )
    subs r7, #4
    str r6, [r7]
    mov r6, sp
end-code inline
code rp! ( addr -- )
    mov sp, r6
    ldmia r7!, {r6}
end-code inline compile-only

\ --- return stack ------------------------------------------------------
code >r ( x -- ) ( R: -- x )
    push {r6}
    ldmia r7!, {r6}
end-code inline compile-only
code r> ( -- x ) ( R: x -- )
    subs r7, #4
    str r6, [r7]
    pop {r6}
end-code inline compile-only
code r@ ( -- x ) ( R: x -- x )
    subs r7, #4
    str r6, [r7]
    ldr r6, [sp]
end-code inline compile-only
code rdrop ( R: x -- )
    add sp, #4
end-code inline compile-only
code 2>r ( a b -- ) ( R: -- a b )
    ldmia r7!, {r0}
    push {r0}
    push {r6}
    ldmia r7!, {r6}
end-code inline compile-only
code 2r> ( -- a b ) ( R: a b -- )
    subs r7, #8
    str r6, [r7, #4]
    pop {r0}
    pop {r1}
    str r1, [r7]
    movs r6, r0
end-code inline compile-only
code 2r@ ( -- a b ) ( R: a b -- a b )
    ldr r0, [sp]
    ldr r1, [sp, #4]
    subs r7, #8
    str r6, [r7, #4]
    str r1, [r7]
    movs r6, r0
end-code inline compile-only
code i ( -- n ) \ index of the innermost do loop
    subs r7, #4
    str r6, [r7]
    ldr r6, [sp]
end-code inline compile-only
code j ( -- n ) \ index of the next outer do loop
    subs r7, #4
    str r6, [r7]
    ldr r6, [sp, #12]
end-code inline compile-only
code unloop ( R: loop-sys -- )
    add sp, #12
end-code inline compile-only

\ --- arithmetic and logic ----------------------------------------------
code + ( a b -- a+b )
    ldmia r7!, {r0}
    adds r6, r0, r6
end-code inline
code - ( a b -- a-b )
    ldmia r7!, {r0}
    subs r6, r0, r6
end-code inline
code * ( a b -- a*b )
    ldmia r7!, {r0}
    muls r6, r0, r6
end-code inline
code and ( a b -- a&b )
    ldmia r7!, {r0}
    ands r6, r0
end-code inline
code or ( a b -- a|b )
    ldmia r7!, {r0}
    orrs r6, r0
end-code inline
code xor ( a b -- a^b )
    ldmia r7!, {r0}
    eors r6, r0
end-code inline
code invert ( x -- ~x )
    mvns r6, r6
end-code inline
code negate ( n -- -n )
    rsbs r6, r6, #0
end-code inline
code lshift ( x u -- x<<u )
    ldmia r7!, {r0}
    lsls r0, r6
    movs r6, r0
end-code inline
code rshift ( x u -- x>>u )
    ldmia r7!, {r0}
    lsrs r0, r6
    movs r6, r0
end-code inline
code arshift ( x u -- x>>u, sign-filled )
    ldmia r7!, {r0}
    asrs r0, r6
    movs r6, r0
end-code inline
code 1+ ( n -- n+1 )
    adds r6, #1
end-code inline
code 1- ( n -- n-1 )
    subs r6, #1
end-code inline
code 2* ( n -- 2n )
    lsls r6, r6, #1
end-code inline
code 2/ ( n -- n/2 ) \ arithmetic shift, rounds toward negative infinity
    asrs r6, r6, #1
end-code inline
code cells ( n -- 4n )
    lsls r6, r6, #2
end-code inline
code cell+ ( addr -- addr+4 )
    adds r6, #4
end-code inline
code char+ ( addr -- addr+1 )
    adds r6, #1
end-code inline

\ --- comparison: true is -1, false 0 ----------------------------------
code = ( a b -- flag )
    ldmia r7!, {r0}
    subs r6, r0, r6
    subs r0, r6, #1
    sbcs r6, r6
end-code inline
code <> ( a b -- flag )
    ldmia r7!, {r0}
    subs r6, r0, r6
    rsbs r0, r6, #0
    sbcs r6, r6
end-code inline
code 0= ( x -- flag )
    subs r0, r6, #1
    sbcs r6, r6
end-code inline
code 0<> ( x -- flag )
    rsbs r0, r6, #0
    sbcs r6, r6
end-code inline
code 0< ( n -- flag )
    asrs r6, r6, #31
end-code inline
code 0> ( n -- flag )
    movs r1, #0
    cmp r6, #0
    ble 1f
    mvns r1, r1
1:  movs r6, r1
end-code inline
code < ( a b -- flag )
    ldmia r7!, {r0}
    movs r1, #0
    cmp r0, r6
    bge 1f
    mvns r1, r1
1:  movs r6, r1
end-code inline
code > ( a b -- flag )
    ldmia r7!, {r0}
    movs r1, #0
    cmp r0, r6
    ble 1f
    mvns r1, r1
1:  movs r6, r1
end-code inline
code u< ( u1 u2 -- flag )
    ldmia r7!, {r0}
    cmp r0, r6
    sbcs r6, r6
end-code inline
code u> ( u1 u2 -- flag )
    ldmia r7!, {r0}
    cmp r6, r0
    sbcs r6, r6
end-code inline

\ --- memory ------------------------------------------------------------
code @ ( addr -- x )
    ldr r6, [r6]
end-code inline
code ! ( x addr -- )
    ldmia r7!, {r0}
    str r0, [r6]
    ldmia r7!, {r6}
end-code inline
code c@ ( addr -- c )
    ldrb r6, [r6]
end-code inline
code c! ( c addr -- )
    ldmia r7!, {r0}
    strb r0, [r6]
    ldmia r7!, {r6}
end-code inline
code h@ ( addr -- h )
    ldrh r6, [r6]
end-code inline
code h! ( h addr -- )
    ldmia r7!, {r0}
    strh r0, [r6]
    ldmia r7!, {r6}
end-code inline
code +! ( n addr -- )
    ldmia r7!, {r0}
    ldr r1, [r6]
    adds r1, r1, r0
    str r1, [r6]
    ldmia r7!, {r6}
end-code inline
code 2@ ( addr -- x1 x2 ) \ x2 at addr, x1 at addr+4
    ldr r0, [r6, #4]
    ldr r6, [r6]
    subs r7, #4
    str r0, [r7]
end-code inline
code 2! ( x1 x2 addr -- )
    ldmia r7!, {r0, r1}
    str r0, [r6]
    str r1, [r6, #4]
    ldmia r7!, {r6}
end-code inline

\ --- execution ---------------------------------------------------------
code execute ( i*x xt -- j*x )
    movs r0, r6
    ldmia r7!, {r6}
    bx r0
end-code

\ --- double-cell and mixed arithmetic ----------------------------------
code um/mod ( ud u -- rem quot ) \ unsigned 64/32, shift-and-subtract
    ldmia r7!, {r0}
    ldr r1, [r7]
    movs r2, #32
1:  adds r1, r1, r1
    adcs r0, r0, r0
    bcs 3f
    cmp r0, r6
    bcc 2f
3:  subs r0, r0, r6
    adds r1, #1
2:  subs r2, #1
    bne 1b
    str r0, [r7]
    movs r6, r1
end-code
code um* ( u1 u2 -- ud ) \ 32x32 -> 64 from 16-bit partial products
    push {r4, r5}
    ldr r0, [r7]
    uxth r1, r0
    lsrs r2, r0, #16
    uxth r3, r6
    lsrs r4, r6, #16
    movs r5, r1
    muls r5, r3, r5
    muls r1, r4, r1
    muls r4, r2, r4
    muls r2, r3, r2
    lsls r0, r2, #16
    lsrs r2, r2, #16
    adds r5, r5, r0
    adcs r4, r2
    lsls r0, r1, #16
    lsrs r1, r1, #16
    adds r5, r5, r0
    adcs r4, r1
    str r5, [r7]
    movs r6, r4
    pop {r4, r5}
end-code
code d+ ( d1 d2 -- d1+d2 )
    ldmia r7!, {r0, r1, r2}
    adds r2, r2, r0
    adcs r6, r1
    subs r7, #4
    str r2, [r7]
end-code
code dnegate ( d -- -d )
    ldr r0, [r7]
    movs r1, #0
    rsbs r0, r0, #0
    sbcs r1, r6
    movs r6, r1
    str r0, [r7]
end-code

\ --- system ------------------------------------------------------------
code debugger? ( -- f ) \ DHCSR.C_DEBUGEN: a debugger is attached to take semihosting
    subs r7, #4
    str r6, [r7]
    ldr r0, =0xe000edf0
    ldr r0, [r0]
    lsls r0, r0, #31
    asrs r6, r0, #31
end-code
code (semihost-exit) ( n -- ) \ ends the program with status n: needs a debugger
    ldr r1, =SYS_PAD
    ldr r0, =0x20026
    str r0, [r1]
    str r6, [r1, #4]
    movs r0, #0x20
    bkpt #0xab
end-code
code cycles ( -- u ) \ DWT CYCCNT: instructions run, on the emulator
    ldr r0, =0xe0001004
    subs r7, #4
    str r6, [r7]
    ldr r6, [r0]
end-code
