\ Conditional compilation: [if] [else] [then] nest, skip whole lines, and
\ [defined] / [undefined] test the search order.

T{ -1 [if] 1 [then] -> 1 }T
T{ 0 [if] 1 [then] -> }T
T{ -1 [if] 1 [else] 2 [then] -> 1 }T
T{ 0 [if] 1 [else] 2 [then] -> 2 }T
T{ 0 [if] 0 [if] 1 [else] 2 [then] [else] 3 [then] -> 3 }T
T{ -1 [if] 0 [if] 1 [else] 2 [then] [else] 3 [then] -> 2 }T
T{ 0 [if] -1 [if] 1 [then] 4 [else] 5 [then] -> 5 }T
T{ [defined] dup -> -1 }T
T{ [defined] no-such-word-here -> 0 }T
T{ [undefined] dup -> 0 }T
T{ [undefined] no-such-word-here -> -1 }T
T{ [defined] dup [if] 7 [else] 8 [then] -> 7 }T
0 [if]
  this line is never read: undefined words here are fine
  : cd-never 1 ;
[else]
  : cd-chosen 2 ;
[then]
T{ [defined] cd-never -> 0 }T
T{ cd-chosen -> 2 }T
-1 [if]
  : cd-multi 3 ;
[else]
  : cd-multi 4 ;
[then]
T{ cd-multi -> 3 }T
T{ 0 [if] ( [then] in a comment ) 1 [then] -> }T
T{ 0 [IF] 1 [ELSE] 2 [THEN] -> 2 }T
