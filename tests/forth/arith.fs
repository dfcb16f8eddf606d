\ Single-cell arithmetic and logic, interpreted and compiled: the host folds
\ literals into immediate forms, so each operator is also checked with one
\ and with two literal operands inside a definition.

0 invert constant a-1s
a-1s 1 rshift constant a-max-int
a-max-int invert constant a-min-int

T{ 0 5 + -> 5 }T
T{ 5 -5 + -> 0 }T
T{ -1 -2 + -> -3 }T
T{ a-max-int 1 + -> a-min-int }T
T{ 5 3 - -> 2 }T
T{ 3 5 - -> -2 }T
T{ a-min-int 1 - -> a-max-int }T
T{ 3 4 * -> 12 }T
T{ -3 4 * -> -12 }T
T{ -3 -4 * -> 12 }T
T{ $10000 $10000 * -> 0 }T
T{ $f0 $3c and -> $30 }T
T{ $f0 $3c or -> $fc }T
T{ $f0 $3c xor -> $cc }T
T{ 0 invert -> -1 }T
T{ $0f0f invert -> -3856 }T
T{ 5 negate -> -5 }T
T{ 0 negate -> 0 }T
T{ a-min-int negate -> a-min-int }T
T{ 1 31 lshift -> a-min-int }T
T{ 1 0 lshift -> 1 }T
T{ a-min-int 31 rshift -> 1 }T
T{ -1 28 rshift -> 15 }T
T{ -16 2 arshift -> -4 }T
T{ a-min-int 31 arshift -> -1 }T
T{ 7 1+ -> 8 }T
T{ -1 1+ -> 0 }T
T{ 0 1- -> -1 }T
T{ 5 2* -> 10 }T
T{ a-min-int 2* -> 0 }T
T{ 10 2/ -> 5 }T
T{ -1 2/ -> -1 }T
T{ -7 2/ -> -4 }T
T{ a-min-int 2/ -> $c0000000 }T
T{ 3 cells -> 12 }T
T{ 100 cell+ -> 104 }T
T{ 100 char+ -> 101 }T
T{ 7 chars -> 7 }T
T{ cell -> 4 }T
T{ 5 abs -> 5 }T
T{ -5 abs -> 5 }T
T{ 0 abs -> 0 }T
T{ a-min-int abs -> a-min-int }T
T{ 3 7 min -> 3 }T
T{ -3 7 min -> -3 }T
T{ a-min-int a-max-int min -> a-min-int }T
T{ 3 7 max -> 7 }T
T{ -3 -7 max -> -3 }T
T{ a-min-int a-max-int max -> a-max-int }T
T{ 7 2 / -> 3 }T
T{ -7 2 / -> -3 }T
T{ 7 -2 / -> -3 }T
T{ 7 2 mod -> 1 }T
T{ -7 2 mod -> -1 }T
T{ 7 2 /mod -> 1 3 }T
T{ -7 2 /mod -> -1 -3 }T
T{ 0 3 /mod -> 0 0 }T
T{ -7 -2 / -> 3 }T
T{ 7 -2 mod -> 1 }T
T{ -7 -2 mod -> -1 }T
T{ a-min-int -1 / -> a-min-int }T
T{ a-min-int -1 mod -> 0 }T
T{ a-min-int -1 /mod -> 0 a-min-int }T
T{ a-max-int a-min-int /mod -> a-max-int 0 }T
\ A zero divisor gives the same answer on every board, hardware divider or not.
T{ 7 0 /mod -> 7 -1 }T
T{ 7 0 / -> -1 }T
T{ 7 0 mod -> 7 }T
T{ 7 0 0 um/mod -> 7 -1 }T
T{ -1 0 3 um/mod -> 0 $55555555 }T
T{ 1 -2 -1 um/mod -> 0 -1 }T
T{ 7 3 u/mod -> 1 2 }T
T{ -1 2 u/mod -> 1 a-max-int }T
T{ 10 3 4 */ -> 7 }T
T{ 10 3 4 */mod -> 2 7 }T
T{ a-max-int 2 a-max-int */ -> 2 }T
T{ a-min-int 2 a-min-int */mod -> 0 2 }T
\ sm/rem and fm/mod of a double wider than a cell take the software words;
\ of a single-cell double, the divider: both must agree with the standard.
T{ 1 1 3 sm/rem -> 2 $55555555 }T
T{ 1 1 3 fm/mod -> 2 $55555555 }T
T{ -1 -2 3 sm/rem -> -2 $55555555 negate }T
T{ -1 -2 3 fm/mod -> 1 $55555556 negate }T
T{ a-min-int s>d -1 sm/rem -> 0 a-min-int }T
T{ -7 s>d 2 fm/mod -7 s>d 2 sm/rem -> 1 -4 -1 -3 }T
T{ 7 s>d 0 sm/rem -> 7 -1 }T
T{ 7 0 0 sm/rem -> 7 -1 }T
T{ $10000 $10000 m* $10000 $10000 um* -> 0 1 0 1 }T
T{ -3 $7fffffff m* -> $80000003 -2 }T
T{ a-max-int 3 4 */mod -> 1 $5fffffff }T
T{ 5 s>d -> 5 0 }T
T{ -5 s>d -> -5 -1 }T

\ Where there is a divider, a division is a few instructions, not a 32-step
\ loop: the call and sdiv and mls on ARMv7-M and ARMv8-M, the call and the
\ SIO divider's registers and wait on the RP2040.
thumb-2? rp2040? or [if]
: cost-base ( -- u ) 7 2 cycles >r 2drop cycles r> - ;
: cost-mod ( -- u ) 7 2 cycles >r mod drop cycles r> - cost-base - ;
: cost-div ( -- u ) 7 2 cycles >r / drop cycles r> - cost-base - ;
: cost-divmod ( -- u ) 7 2 cycles >r /mod 2drop cycles r> - cost-base - ;
: budget ( -- u ) thumb-2? if 12 else 25 then ;
T{ cost-mod budget u< cost-div budget u< -> true true }T
: cost-smrem ( -- u ) 7 s>d 2 cycles >r sm/rem 2drop cycles r> - cost-base - 1+ ;
: cost-star-slash ( -- u ) 7 3 2 cycles >r */ drop cycles r> - cost-base - ;
\ (sm/rem is a call more than mod under the board's own compiler.)
T{ cost-smrem budget 2* u< -> true }T
\ */ is m* (smull; 16-bit partial products on the RP2040) and sm/rem.
: budget*/ ( -- u ) thumb-2? if 40 else 100 then ;
T{ cost-star-slash budget*/ u< -> true }T
T{ cost-divmod budget u< -> true }T
[then]

\ The same words with literals the compiler folds.
: af1 5 3 - ;  : af2 3 + ;  : af3 1000 + ;  : af4 -1000 + ;  : af5 $ff and ;
: af6 $f0f0 or ;  : af7 -1 xor ;  : af8 4 lshift ;  : af9 4 rshift ;  : af10 4 arshift ;
: af11 12 * ;  : af12 7 * ;  : af13 3 cells ;  : af14 -1 negate ;  : af15 0 invert ;
: af16 100000 - ;  : af17 $12345678 and ;  : af18 32 lshift ;  : af19 1 2 + 3 * ;
T{ af1 -> 2 }T
T{ 4 af2 -> 7 }T
T{ 4 af3 -> 1004 }T
T{ 4 af4 -> -996 }T
T{ $1234 af5 -> $34 }T
T{ $0f0f af6 -> $ffff }T
T{ 5 af7 -> -6 }T
T{ 3 af8 -> 48 }T
T{ -1 af9 -> $0fffffff }T
T{ -256 af10 -> -16 }T
T{ 5 af11 -> 60 }T
T{ -5 af12 -> -35 }T
T{ af13 -> 12 }T
T{ af14 -> 1 }T
T{ af15 -> -1 }T
T{ 0 af16 -> -100000 }T
T{ -1 af17 -> $12345678 }T
T{ 1 af18 -> 0 }T
T{ af19 -> 9 }T
