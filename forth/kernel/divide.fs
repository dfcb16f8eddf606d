\ Division with the core's own divider. A zero divisor takes the words of
\ core.fs (named here with equ), so every board gives the same answer for
\ it; every other division gives the symmetric results of sm/rem, the most
\ negative number divided by -1 included (itself, remainder 0).
\
\ ARMv7-M and ARMv8-M: sdiv truncates toward zero, as sm/rem does, and mls
\ gives the remainder; um/mod takes one udiv when its high cell is 0.
\
\ RP2040 (ARMv6-M, no divide instruction): the SIO divider (datasheet
\ 2.3.1.5). Writing the operands starts a division; the results can be
\ read eight cycles later, which four taken branches wait, as the SDK's
\ divider code does; the remainder is read before the quotient.
' /mod equ soft_divmod
' / equ soft_div
' mod equ soft_mod
' um/mod equ soft_umdivmod
' sm/rem equ soft_smrem
thumb-2? [if]
code /mod ( n1 n2 -- rem quot )
    cbz r6, 1f
    ldr r0, [r7]
    sdiv r1, r0, r6
    mls r0, r1, r6, r0
    str r0, [r7]
    movs r6, r1
    bx lr
1:  ldr r2, =soft_divmod
    bx r2
end-code
code / ( n1 n2 -- quot )
    cbz r6, 1f
    ldmia r7!, {r0}
    sdiv r6, r0, r6
    bx lr
1:  ldr r2, =soft_div
    bx r2
end-code
code mod ( n1 n2 -- rem )
    cbz r6, 1f
    ldmia r7!, {r0}
    sdiv r1, r0, r6
    mls r6, r1, r6, r0
    bx lr
1:  ldr r2, =soft_mod
    bx r2
end-code
code um/mod ( ud u -- rem quot )
    ldr r0, [r7]
    cbnz r0, 1f
    cbz r6, 1f
    adds r7, #4
    ldr r1, [r7]
    udiv r0, r1, r6
    mls r1, r0, r6, r1
    str r1, [r7]
    movs r6, r0
    bx lr
1:  ldr r2, =soft_umdivmod
    bx r2
end-code
\ A double that is one sign-extended cell divides with sdiv; others take
\ the software words.
code sm/rem ( d n -- rem quot )
    ldr r1, [r7]
    ldr r0, [r7, #4]
    cbz r6, 1f
    cmp r1, r0, asr #31
    bne 1f
    sdiv r2, r0, r6
    mls r0, r2, r6, r0
    adds r7, #4
    str r0, [r7]
    movs r6, r2
    bx lr
1:  ldr r2, =soft_smrem
    bx r2
end-code
\ 32 x 32 -> 64 bits in one instruction.
code um* ( u1 u2 -- ud )
    ldr r0, [r7]
    umull r0, r6, r0, r6
    str r0, [r7]
    bx lr
end-code
code m* ( n1 n2 -- d )
    ldr r0, [r7]
    smull r0, r6, r0, r6
    str r0, [r7]
    bx lr
end-code
[then]
rp2040? [if]
$d0000000 equ SIO_BASE
$60 equ DIV_UDIVIDEND
$64 equ DIV_UDIVISOR
$68 equ DIV_SDIVIDEND
$6c equ DIV_SDIVISOR
$70 equ DIV_QUOTIENT
$74 equ DIV_REMAINDER
code /mod ( n1 n2 -- rem quot )
    cmp r6, #0
    beq 1f
    ldr r2, =SIO_BASE
    ldr r0, [r7]
    str r0, [r2, #DIV_SDIVIDEND]
    str r6, [r2, #DIV_SDIVISOR]
    b 2f
2:  b 3f
3:  b 4f
4:  b 5f
5:  ldr r0, [r2, #DIV_REMAINDER]
    ldr r6, [r2, #DIV_QUOTIENT]
    str r0, [r7]
    bx lr
1:  ldr r2, =soft_divmod
    bx r2
end-code
\ The divider gives both results at once: / and mod keep the half they want.
: / ( n1 n2 -- quot ) /mod nip ;
: mod ( n1 n2 -- rem ) /mod drop ;
code um/mod ( ud u -- rem quot ) \ the divider when the high cell is 0
    ldr r0, [r7]
    cmp r0, #0
    bne 1f
    cmp r6, #0
    beq 1f
    adds r7, #4
    ldr r2, =SIO_BASE
    ldr r0, [r7]
    str r0, [r2, #DIV_UDIVIDEND]
    str r6, [r2, #DIV_UDIVISOR]
    b 2f
2:  b 3f
3:  b 4f
4:  b 5f
5:  ldr r0, [r2, #DIV_REMAINDER]
    ldr r6, [r2, #DIV_QUOTIENT]
    str r0, [r7]
    bx lr
1:  ldr r2, =soft_umdivmod
    bx r2
end-code
\ A double that is one sign-extended cell goes to the divider.
code sm/rem ( d n -- rem quot )
    ldr r1, [r7]
    ldr r0, [r7, #4]
    asrs r2, r0, #31
    cmp r1, r2
    bne 1f
    cmp r6, #0
    beq 1f
    adds r7, #4
    ldr r2, =SIO_BASE
    str r0, [r2, #DIV_SDIVIDEND]
    str r6, [r2, #DIV_SDIVISOR]
    b 2f
2:  b 3f
3:  b 4f
4:  b 5f
5:  ldr r0, [r2, #DIV_REMAINDER]
    ldr r6, [r2, #DIV_QUOTIENT]
    str r0, [r7]
    bx lr
1:  ldr r2, =soft_smrem
    bx r2
end-code
[then]
\ The words built on sm/rem and m*, again, so that they use the ones above.
: fm/mod ( d n -- rem quot ) \ floored division
  dup >r sm/rem over 0<> if over r@ xor 0< if 1- swap r@ + swap then then rdrop ;
: */mod ( n1 n2 n3 -- rem quot ) >r m* r> sm/rem ;
: */ ( n1 n2 n3 -- quot ) */mod nip ;
