\ Division with the core's own divider. On ARMv7-M and ARMv8-M, sdiv and
\ mls give /mod, / and mod in a handful of instructions; sdiv truncates
\ toward zero, which is the symmetric division sm/rem defines, and the most
\ negative number divided by -1 gives itself with remainder 0 there as here.
\ A zero divisor takes the words of core.fs, so every board gives the same
\ answer for it. (um/mod's one-udiv case is in prims.fs.) Here, after
\ compiler.fs, because the fallbacks are named with equ.
thumb-2? [if]
' /mod equ soft_divmod
' / equ soft_div
' mod equ soft_mod
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
[then]
