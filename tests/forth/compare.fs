\ Comparisons give well-formed flags: true is all bits set, false is zero,
\ signed and unsigned orders differ at the sign bit, and within wraps.

0 invert constant c-1s
c-1s 1 rshift constant c-max-int
c-max-int invert constant c-min-int

T{ 0 0 = -> -1 }T
T{ 1 1 = -> -1 }T
T{ -1 1 = -> 0 }T
T{ 1 -1 = -> 0 }T
T{ 0 0 <> -> 0 }T
T{ 1 2 <> -> -1 }T
T{ c-min-int c-max-int <> -> -1 }T
T{ 0 0= -> -1 }T
T{ 1 0= -> 0 }T
T{ c-min-int 0= -> 0 }T
T{ 0 0<> -> 0 }T
T{ 1 0<> -> -1 }T
T{ -1 0<> -> -1 }T
T{ c-min-int 0<> -> -1 }T
T{ 0 0< -> 0 }T
T{ -1 0< -> -1 }T
T{ c-min-int 0< -> -1 }T
T{ c-max-int 0< -> 0 }T
T{ 0 0> -> 0 }T
T{ 1 0> -> -1 }T
T{ -1 0> -> 0 }T
T{ c-max-int 0> -> -1 }T
T{ c-min-int 0> -> 0 }T
T{ 1 2 < -> -1 }T
T{ 2 1 < -> 0 }T
T{ -1 0 < -> -1 }T
T{ c-min-int c-max-int < -> -1 }T
T{ c-max-int c-min-int < -> 0 }T
T{ 0 0 < -> 0 }T
T{ 2 1 > -> -1 }T
T{ 1 2 > -> 0 }T
T{ 0 -1 > -> -1 }T
T{ c-max-int c-min-int > -> -1 }T
T{ 0 0 > -> 0 }T
T{ 1 2 u< -> -1 }T
T{ 2 1 u< -> 0 }T
T{ 0 -1 u< -> -1 }T
T{ -1 0 u< -> 0 }T
T{ c-max-int c-min-int u< -> -1 }T
T{ 1 1 u< -> 0 }T
T{ 2 1 u> -> -1 }T
T{ 1 2 u> -> 0 }T
T{ -1 0 u> -> -1 }T
T{ 0 -1 u> -> 0 }T
T{ 1 1 u> -> 0 }T
T{ 1 0 2 within -> -1 }T
T{ 0 0 2 within -> -1 }T
T{ 2 0 2 within -> 0 }T
T{ -1 0 2 within -> 0 }T
T{ 5 10 0 within -> 0 }T
T{ -1 10 0 within -> -1 }T
T{ 10 10 0 within -> -1 }T
T{ c-min-int c-max-int c-min-int within -> 0 }T
T{ c-max-int c-min-int c-max-int within -> 0 }T
T{ 0 c-min-int c-max-int within -> -1 }T
T{ true -> -1 }T
T{ false -> 0 }T

\ Compiled, with and without literals, and used by if.
: cp1 0= if 1 else 2 then ;  : cp2 5 < ;  : cp3 5 u< ;  : cp4 0 > ;  : cp5 = ;
T{ 0 cp1 -> 1 }T
T{ 7 cp1 -> 2 }T
T{ 4 cp2 -> -1 }T
T{ 5 cp2 -> 0 }T
T{ -1 cp3 -> 0 }T
T{ 4 cp3 -> -1 }T
T{ 3 cp4 -> -1 }T
T{ -3 cp4 -> 0 }T
T{ 3 3 cp5 -> -1 }T
T{ 3 4 cp5 -> 0 }T
