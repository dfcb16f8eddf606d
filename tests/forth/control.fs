\ Control structures compiled by the host: conditionals, the three kinds of
\ indefinite loop, counted loops with the Forth-2012 +loop boundary rule
\ (the loop ends when the index crosses the boundary between limit-1 and
\ limit, in either direction), leave, unloop, exit, recurse and case.

: ct-if if 1 then ;
: ct-else if 1 else 2 then ;
: ct-nest if if 1 else 2 then else if 3 else 4 then then ;
T{ 0 ct-if -> }T
T{ 5 ct-if -> 1 }T
T{ 0 ct-else -> 2 }T
T{ -1 ct-else -> 1 }T
T{ -1 -1 ct-nest -> 1 }T
T{ 0 -1 ct-nest -> 2 }T
T{ -1 0 ct-nest -> 3 }T
T{ 0 0 ct-nest -> 4 }T

: ct-until ( n -- 0..n ) begin dup 1- dup 0= until ;
: ct-while ( n -- sum ) 0 swap begin dup while tuck + swap 1- repeat drop ;
: ct-again ( n -- n' ) begin 1+ dup 10 > if exit then again ;
: ct-2while ( n -- x ) begin dup 5 < while dup 2 mod while 1+ repeat 100 + exit then 200 + ;
T{ 3 ct-until -> 3 2 1 0 }T
T{ 4 ct-while -> 10 }T
T{ 0 ct-while -> 0 }T
T{ 0 ct-again -> 11 }T
T{ 1 ct-2while -> 102 }T
T{ 7 ct-2while -> 207 }T

: ct-do ( limit start -- i... ) do i loop ;
: ct-qdo ( limit start -- i... ) ?do i loop ;
variable ct-inc
: ct-step ( limit start step -- i... ) ct-inc ! ?do i ct-inc @ +loop ;
: ct-count ( limit start step -- n ) ct-inc ! 0 -rot ?do 1+ ct-inc @ +loop ;
T{ 4 1 ct-do -> 1 2 3 }T
T{ 2 1 ct-do -> 1 }T
T{ 4 1 ct-qdo -> 1 2 3 }T
T{ 1 1 ct-qdo -> }T
T{ -1 -3 ct-qdo -> -3 -2 }T
T{ 10 0 3 ct-step -> 0 3 6 9 }T
T{ 9 0 3 ct-step -> 0 3 6 }T
T{ 0 10 -3 ct-step -> 10 7 4 1 }T
T{ 0 9 -3 ct-step -> 9 6 3 0 }T
T{ -1 2 -1 ct-step -> 2 1 0 -1 }T
T{ 1 4 -1 ct-step -> 4 3 2 1 }T
T{ 4 1 1 ct-step -> 1 2 3 }T
T{ 1 1 1 ct-count -> 0 }T
T{ 1 2 -1 ct-count -> 2 }T
T{ 0 0 -1 ct-count -> 0 }T

\ +loop boundary: the step that crosses limit-1/limit ends the loop, also
\ across the signed wrap between MAX-INT and MIN-INT.
0 invert 1 rshift constant ct-max-int
ct-max-int invert constant ct-min-int
T{ ct-min-int ct-max-int 1 ct-count -> 1 }T
T{ ct-max-int ct-min-int -1 ct-count -> 2 }T
T{ ct-max-int 1- ct-max-int 1- 1 ct-count -> 0 }T
T{ ct-max-int ct-max-int 2 - 1 ct-count -> 2 }T
: ct-big ( -- n ) 0 ct-max-int 0 do 1+ ct-max-int 4 / +loop ;
T{ ct-big -> 5 }T

: ct-leave ( -- n ) 0 10 0 do i 5 = if leave then 1+ loop ;
: ct-leave2 ( -- n ) 100 10 0 ?do i 3 = if drop i leave then loop ;
: ct-ij ( -- ... ) 3 1 do 12 10 do i j loop loop ;
: ct-nested-leave ( -- n ) 0 3 0 do 3 0 do i 1 = if leave then 1+ loop loop ;
: ct-unloop ( -- n ) 10 0 do i 4 = if i unloop exit then loop -1 ;
: ct-unloop2 ( -- n ) 3 0 do 10 0 do i j + 5 = if i j unloop unloop exit then loop loop -1 ;
: ct-exit ( n -- m ) dup 0< if exit then 2* ;
T{ ct-leave -> 5 }T
T{ ct-leave2 -> 3 }T
T{ ct-ij -> 10 1 11 1 10 2 11 2 }T
T{ ct-nested-leave -> 3 }T
T{ ct-unloop -> 4 }T
T{ ct-unloop2 -> 5 0 }T
T{ -3 ct-exit -> -3 }T
T{ 3 ct-exit -> 6 }T
: ct-leave-step ( -- n ) 0 0 20 do 1+ dup 4 = if leave then -2 +loop ;
T{ ct-leave-step -> 4 }T
: ct-i-after ( -- i ) 0 5 0 do drop i loop ;
T{ ct-i-after -> 4 }T

: ct-fact ( n -- n! ) dup 2 < if drop 1 else dup 1- recurse * then ;
: ct-fib ( n -- f ) dup 2 < if exit then dup 1- recurse swap 2 - recurse + ;
T{ 0 ct-fact -> 1 }T
T{ 5 ct-fact -> 120 }T
T{ 10 ct-fib -> 55 }T

: ct-case ( n -- m ) case 1 of 10 endof 2 of 20 endof -1 of 30 endof dup 100 + swap endcase ;
: ct-case2 ( n -- m ) case 1 of 10 endof endcase ;
: ct-case3 ( n -- m ) case endcase ;
T{ 1 ct-case -> 10 }T
T{ 2 ct-case -> 20 }T
T{ -1 ct-case -> 30 }T
T{ 5 ct-case -> 105 }T
T{ 1 ct-case2 -> 10 }T
T{ 3 ct-case2 -> }T
T{ 3 ct-case3 -> }T
: ct-case-loop ( -- sum ) 0 5 0 do i case 1 of 1 endof 3 of 3 endof 0 swap endcase + loop ;
T{ ct-case-loop -> 4 }T

\ ahead jumps forward unconditionally.
: ct-ahead ( -- n ) 1 ahead 2 then 3 ;
T{ ct-ahead -> 1 3 }T
