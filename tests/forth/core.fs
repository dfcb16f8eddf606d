\ Forth-2012 CORE in the test-suite style: bit patterns 0S and 1S, the
\ most significant bit MSB, MAX-INT, MIN-INT, MAX-UINT, and the words that
\ are easy to get wrong at those edges. Written for thumbforth.

0 constant 0s
0 invert constant 1s
1s 1 rshift invert constant msb
1s 1 rshift constant max-int
msb constant min-int
1s constant max-uint
0s constant <false>
1s constant <true>

T{ <true> <false> -> -1 0 }T
T{ 0s 0s and 0s 1s and 1s 0s and 1s 1s and -> 0s 0s 0s 1s }T
T{ 0s 0s or 0s 1s or 1s 0s or 1s 1s or -> 0s 1s 1s 1s }T
T{ 0s 0s xor 0s 1s xor 1s 0s xor 1s 1s xor -> 0s 1s 1s 0s }T
T{ 0s invert 1s invert -> 1s 0s }T
T{ 0s 2* 1 2* 1s 2* msb 2* -> 0s 2 1s 1 xor 0s }T
T{ 0s 2/ 1 2/ 1s 2/ msb 2/ msb and -> 0s 0 1s msb }T
T{ 1 0 lshift 1 1 lshift 1 2 lshift 1s 1 lshift 1 xor msb 1 lshift -> 1 2 4 1s 0 }T
T{ 1 0 rshift 1 1 rshift 2 1 rshift msb 1 rshift msb and -> 1 0 1 0 }T
T{ 0 0= 1 0= 2 0= -1 0= max-uint 0= min-int 0= max-int 0= -> <true> <false> <false> <false> <false> <false> <false> }T
T{ 0 0 = 1 1 = -1 -1 = 1 0 = -1 0 = 0 1 = 0 -1 = -> <true> <true> <true> <false> <false> <false> <false> }T
T{ 0 0< -1 0< min-int 0< 1 0< max-int 0< -> <false> <true> <true> <false> <false> }T
T{ 0 1 < 1 2 < -1 0 < -1 1 < min-int 0 < min-int max-int < 0 max-int < -> <true> <true> <true> <true> <true> <true> <true> }T
T{ 0 0 < 1 1 < 1 0 < 2 1 < 0 -1 < 1 -1 < 0 min-int < max-int min-int < max-int 0 < -> <false> <false> <false> <false> <false> <false> <false> <false> <false> }T
T{ 0 1 > 1 2 > -1 0 > min-int 0 > min-int max-int > -> <false> <false> <false> <false> <false> }T
T{ 1 0 > 2 1 > 0 -1 > max-int min-int > max-int 0 > -> <true> <true> <true> <true> <true> }T
T{ 0 1 u< 1 2 u< 0 max-uint u< 1 max-uint u< -> <true> <true> <true> <true> }T
T{ 0 0 u< 1 1 u< 1 0 u< max-uint 0 u< max-uint 1 u< -> <false> <false> <false> <false> <false> }T
T{ 0 1 min 1 0 min -1 0 min min-int max-int min max-int min-int min -> 0 0 -1 min-int min-int }T
T{ 0 1 max 1 0 max -1 0 max min-int max-int max max-int min-int max -> 1 1 0 max-int max-int }T

T{ 1 2 2drop -> }T
T{ 1 2 2dup -> 1 2 1 2 }T
T{ 1 2 3 4 2over -> 1 2 3 4 1 2 }T
T{ 1 2 3 4 2swap -> 3 4 1 2 }T
T{ 0 ?dup 1 ?dup -1 ?dup -> 0 1 1 -1 -1 }T
T{ depth 0 depth 0 1 depth -> 0 0 2 0 1 5 }T

: cr1 >r r@ r> ;
T{ 1s cr1 max-int cr1 -> 1s 1s max-int max-int }T

T{ 0 5 + 5 0 + 0 -5 + -5 0 + 1 2 + 1 -2 + -1 2 + -1 -2 + -1 1 + max-int 1 + -> 5 5 -5 -5 3 -1 1 -3 0 min-int }T
T{ 0 5 - 5 0 - 0 -5 - -5 0 - 1 2 - 1 -2 - -1 2 - -1 -2 - 0 1 - min-int 1 - -> -5 5 5 -5 -1 3 -3 1 -1 max-int }T
T{ 0 1+ -1 1+ 1 1+ max-int 1+ -> 1 0 2 min-int }T
T{ 2 1- 1 1- 0 1- min-int 1- -> 1 0 -1 max-int }T
T{ 0 negate 1 negate -1 negate 2 negate -2 negate -> 0 -1 1 -2 2 }T
T{ 0 abs 1 abs -1 abs min-int abs -> 0 1 1 msb }T
T{ 0 s>d 1 s>d 2 s>d -1 s>d -2 s>d min-int s>d max-int s>d -> 0 0 1 0 2 0 -1 -1 -2 -1 min-int -1 max-int 0 }T
T{ 0 0 m* 0 1 m* 1 0 m* 1 2 m* 2 1 m* 3 3 m* -3 3 m* 3 -3 m* -3 -3 m* -> 0 s>d 0 s>d 0 s>d 2 s>d 2 s>d 9 s>d -9 s>d -9 s>d 9 s>d }T
T{ 0 min-int m* 1 min-int m* 2 min-int m* -> 0 s>d min-int s>d 0 1s }T
T{ 1 max-int m* 2 max-int m* -> max-int 0 1s 1 xor 0 }T
T{ min-int min-int m* max-int max-int m* -> 0 msb 1 rshift 1 msb 1 rshift 1- }T
T{ max-int min-int m* -> msb msb 2/ }T
T{ 0 0 * 0 1 * 1 0 * 1 2 * 2 1 * 3 3 * -3 3 * 3 -3 * -3 -3 * msb 1 rshift 2 * msb 2 rshift 4 * -> 0 0 0 2 2 9 -9 -9 9 msb msb }T
T{ 0 0 um* 0 1 um* 1 0 um* 1 2 um* 2 1 um* 3 3 um* -> 0 0 0 0 0 0 2 0 2 0 9 0 }T
T{ msb 1 rshift 2 um* msb 2 um* msb 4 um* 1s 2 um* 1s 1s um* -> msb 0 0 1 0 2 1s 1 xor 1 1 1s 1 xor }T

\ Division: floored and symmetric, against the edges.
T{ 0 s>d 1 fm/mod 1 s>d 1 fm/mod 2 s>d 1 fm/mod -1 s>d 1 fm/mod -2 s>d 1 fm/mod -> 0 0 0 1 0 2 0 -1 0 -2 }T
T{ 0 s>d -1 fm/mod 1 s>d -1 fm/mod 2 s>d -1 fm/mod -1 s>d -1 fm/mod -2 s>d -1 fm/mod -> 0 0 0 -1 0 -2 0 1 0 2 }T
T{ 2 s>d 2 fm/mod -1 s>d -1 fm/mod -2 s>d -2 fm/mod 7 s>d 3 fm/mod 7 s>d -3 fm/mod -7 s>d 3 fm/mod -7 s>d -3 fm/mod -> 0 1 0 1 0 1 1 2 -2 -3 2 -3 -1 2 }T
T{ max-int s>d 1 fm/mod max-int s>d max-int fm/mod min-int s>d min-int fm/mod min-int s>d 1 fm/mod -> 0 max-int 0 1 0 1 0 min-int }T
T{ 1s 1 4 fm/mod 1s 1 4 sm/rem -> 3 max-int 3 max-int }T
T{ msb 1 rshift 2 um* msb um/mod -> 0 1 }T
T{ msb 1 rshift 2 um* msb fm/mod -> 0 -1 }T
T{ 0 s>d 1 sm/rem 1 s>d 1 sm/rem -1 s>d 1 sm/rem 0 s>d -1 sm/rem 1 s>d -1 sm/rem -> 0 0 0 1 0 -1 0 0 0 -1 }T
T{ 7 s>d 3 sm/rem 7 s>d -3 sm/rem -7 s>d 3 sm/rem -7 s>d -3 sm/rem -> 1 2 1 -2 -1 -2 -1 2 }T
T{ max-int s>d 1 sm/rem max-int s>d max-int sm/rem min-int s>d min-int sm/rem min-int s>d 1 sm/rem -> 0 max-int 0 1 0 1 0 min-int }T
T{ 0 0 1 um/mod 1 0 1 um/mod 1 0 2 um/mod 3 0 2 um/mod max-uint 2 um* 2 um/mod max-uint max-uint um* max-uint um/mod -> 0 0 0 1 1 0 1 1 0 max-uint 0 max-uint }T
T{ 0 1 /mod 1 1 /mod 2 1 /mod -1 1 /mod -2 1 /mod 7 3 /mod -7 3 /mod 7 -3 /mod -7 -3 /mod -> 0 0 0 1 0 2 0 -1 0 -2 1 2 -1 -2 1 -2 -1 2 }T
T{ 0 1 / 1 1 / 7 3 / -7 3 / 7 -3 / -7 -3 / max-int 1 / min-int 1 / min-int min-int / -> 0 1 2 -2 -2 2 max-int min-int 1 }T
T{ 0 1 mod 1 1 mod 7 3 mod -7 3 mod 7 -3 mod -7 -3 mod max-int max-int mod -> 0 0 1 -1 1 -1 0 }T
T{ 0 2 1 */ 1 2 1 */ 2 2 1 */ -1 2 1 */ -2 2 -1 */ max-int 2 max-int */ min-int 2 min-int */ -> 0 2 4 -2 4 2 2 }T
T{ 0 2 1 */mod 1 2 1 */mod -1 2 1 */mod max-int 2 max-int */mod min-int 2 min-int */mod 7 2 3 */mod -7 2 3 */mod -> 0 0 0 2 0 -2 0 2 0 2 2 4 -2 -4 }T

\ Memory, the dictionary, characters.
here 1 allot align here swap - constant core-align-step
T{ core-align-step 4 = -> <true> }T
here 1 ,
here 2 ,
constant 2nd
constant 1st
T{ 1st 2nd u< -> <true> }T
T{ 1st cell+ -> 2nd }T
T{ 1st 1 cells + -> 2nd }T
T{ 1st @ 2nd @ -> 1 2 }T
T{ 5 1st ! 1st @ 2nd @ -> 5 2 }T
T{ 0 1st ! 1 1st +! 1st @ -1 1st +! 1st @ -> 1 0 }T
here 1 c,
here 2 c,
constant 2ndc
constant 1stc
T{ 1stc 2ndc u< 1stc char+ 2ndc = -> <true> <true> }T
T{ 1stc c@ 2ndc c@ -> 1 2 }T
T{ 3 1stc c! 1stc c@ 2ndc c@ -> 3 2 }T
align
T{ 1 chars 1 < 1 chars 1 cells > -> <false> <false> }T
T{ 1 cells 1 < 1 cells 1 chars mod -> <false> 0 }T
T{ 1s here ! here @ -> 1s }T
T{ char X char hello -> 88 104 }T
: gc1 [char] X ;
: gc2 [char] hello ;
T{ gc1 gc2 -> 88 104 }T
: gc4 s" xy" ;
T{ gc4 swap drop -> 2 }T
T{ gc4 drop dup c@ swap char+ c@ -> 120 121 }T

\ Tick, execute, immediate words, literal, state.
: gt1 123 ;
T{ ' gt1 execute -> 123 }T
: gt2 ['] gt1 ; immediate
T{ gt2 execute -> 123 }T
: gt3 gt2 literal ;
T{ gt3 -> ' gt1 }T
: gt4 postpone gt1 ; immediate
: gt5 gt4 ;
T{ gt5 -> 123 }T
: gt6 345 ; immediate
: gt7 postpone gt6 ;
T{ gt7 -> 345 }T
: gt8 state @ ; immediate
T{ gt8 -> 0 }T
: gt9 gt8 literal ;
T{ gt9 0= -> <false> }T

\ if/else/then, begin loops, do loops, recursion in the suite's style.
: gi1 if 123 then ;
: gi2 if 123 else 234 then ;
T{ 0 gi1 1 gi1 -1 gi1 -> 123 123 }T
T{ 0 gi2 1 gi2 -1 gi2 -> 234 123 123 }T
: gi3 begin dup 5 < while dup 1+ repeat ;
T{ 0 gi3 4 gi3 5 gi3 6 gi3 -> 0 1 2 3 4 5 4 5 5 6 }T
: gi4 begin dup 1+ dup 5 > until ;
T{ 3 gi4 5 gi4 6 gi4 -> 3 4 5 6 5 6 6 7 }T
: gi5 begin dup 2 > while dup 5 < while dup 1+ repeat 123 else 345 then ;
T{ 1 gi5 2 gi5 3 gi5 4 gi5 5 gi5 6 gi5 -> 1 345 2 345 3 4 5 123 4 5 123 5 123 6 123 }T
: gi6 ( n -- 0,1,..n ) dup if dup >r 1- recurse r> then ;
T{ 0 gi6 4 gi6 -> 0 0 1 2 3 4 }T
: gd1 do i loop ;
T{ 4 1 gd1 2 -1 gd1 -> 1 2 3 -1 0 1 }T
: gd2 do i -1 +loop ;
T{ 1 4 gd2 -1 2 gd2 -> 4 3 2 1 2 1 0 -1 }T
: gd3 do 1 0 do j loop loop ;
T{ 4 1 gd3 2 -1 gd3 -> 1 2 3 -1 0 1 }T
: gd4 do 1 0 do j loop -1 +loop ;
T{ 1 4 gd4 -1 2 gd4 -> 4 3 2 1 2 1 0 -1 }T
: gd5 123 swap 0 do i 4 > if drop 234 leave then loop ;
T{ 1 gd5 5 gd5 6 gd5 -> 123 123 234 }T
: gd6 0 swap 0 do i 1+ 0 do i j + 3 = if i unloop i unloop exit then 1+ loop loop ;
T{ 1 gd6 2 gd6 3 gd6 -> 1 3 4 1 2 }T
: gd7 max-int 1- dup 1+ swap ?do i loop ;
T{ gd7 -> max-int 1- }T
: gd8 min-int min-int 1+ do i -1 +loop ;
T{ gd8 -> min-int 1+ min-int }T

\ create, does>, variable, constant as the suite uses them.
T{ 123 constant x123 x123 -> 123 }T
: equ constant ;
T{ x123 equ y123 y123 -> 123 }T
T{ variable v1 -> }T
T{ 123 v1 ! v1 @ -> 123 }T
: nop : postpone ; ;
T{ nop nop1 nop nop2 -> }T
T{ nop1 nop2 -> }T
: does1 does> @ 1 + ;
: does2 does> @ 2 + ;
create cr1-data
T{ cr1-data here = -> <true> }T
T{ ' cr1-data >body -> here }T
T{ 1 , cr1-data @ -> 1 }T
: weird: create does> 1 + does> 2 + ;
weird: w1
T{ ' w1 >body -> here }T
T{ w1 -> here 1 + }T
T{ w1 -> here 2 + }T

\ Number output does not change the stack; base, hex and decimal.
T{ 1 2 3 swap drop drop -> 1 }T
T{ base @ hex base @ decimal base @ - swap 10 = -> 6 <true> }T
T{ 5 0 <# #s #> nip -> 1 }T
T{ max-uint 0 <# #s #> nip -> 10 }T
T{ min-int dup abs 0 <# #s rot sign #> nip -> 11 }T
T{ s" 4294967295" nip -> 10 }T
T{ -1 u. 1 . -> }T
T{ 1 2 3 .s 2drop drop -> }T
T{ 3 spaces 0 spaces -5 spaces -> }T
T{ 42 5 u.r -42 5 .r 1 0 .r -> }T
T{ 1 0 d. -1 -1 d. -1 0 ud. -> }T
T{ s" text" type -> }T
T{ s" /COUNTED-STRING" environment? -> 255 <true> }T
