\ Double-cell and mixed-precision arithmetic, with the edge cases of sign
\ and carry: MAX-INT, MIN-INT, all bits set.

0 invert constant db-1s
db-1s 1 rshift constant db-max
db-max invert constant db-min

T{ 1 0 2 0 d+ -> 3 0 }T
T{ -1 0 1 0 d+ -> 0 1 }T
T{ -1 -1 1 0 d+ -> 0 0 }T
T{ 0 1 -1 -1 d+ -> -1 0 }T
T{ db-max 0 db-max 0 d+ -> -2 0 }T
T{ 1 0 dnegate -> -1 -1 }T
T{ -1 -1 dnegate -> 1 0 }T
T{ 0 0 dnegate -> 0 0 }T
T{ 0 1 dnegate -> 0 -1 }T
T{ 5 0 3 0 d- -> 2 0 }T
T{ 0 1 1 0 d- -> -1 0 }T
T{ -5 -1 dabs -> 5 0 }T
T{ 5 0 dabs -> 5 0 }T
T{ 0 0 d0= 1 0 d0= 0 1 d0= -> -1 0 0 }T
T{ 0 -1 d0< 0 1 d0< -> -1 0 }T
T{ 1 2 1 2 d= 1 2 1 3 d= -> -1 0 }T
T{ 1 0 2 0 d< -1 -1 0 0 d< 0 0 -1 -1 d< -> -1 -1 0 }T
T{ -1 0 0 1 du< 0 1 -1 0 du< -1 -1 0 0 du< -> -1 0 0 }T
T{ 1 0 2 0 dmax -1 -1 0 0 dmin -> 2 0 -1 -1 }T
T{ 1 0 d2* -1 -1 d2* db-min 0 d2* -> 2 0 -2 -1 0 1 }T
T{ 2 0 d2/ -1 -1 d2/ 0 1 d2/ -> 1 0 -1 -1 db-min 0 }T
T{ 5 0 d>s -5 -1 d>s -> 5 -5 }T
T{ 1 0 5 m+ -1 -1 1 m+ 0 0 -1 m+ -> 6 0 0 0 -1 -1 }T

T{ 0 0 um* 2 3 um* -> 0 0 6 0 }T
T{ db-1s 2 um* -> -2 1 }T
T{ db-1s db-1s um* -> 1 -2 }T
T{ $10000 $10000 um* -> 0 1 }T
T{ 3 4 m* -3 4 m* 3 -4 m* -3 -4 m* -> 12 0 -12 -1 -12 -1 12 0 }T
T{ db-max db-max m* -> 1 $3fffffff }T
T{ db-min db-min m* -> 0 $40000000 }T
T{ db-min 1 m* -> db-min -1 }T

T{ 7 0 2 um/mod -> 1 3 }T
T{ 0 1 2 um/mod -> 0 db-min }T
T{ -1 0 db-1s um/mod -> 0 1 }T
T{ 1 -2 db-1s um/mod -> 0 -1 }T
T{ 0 0 7 um/mod -> 0 0 }T

T{ 7 s>d 2 fm/mod -> 1 3 }T
T{ -7 s>d 2 fm/mod -> 1 -4 }T
T{ 7 s>d -2 fm/mod -> -1 -4 }T
T{ -7 s>d -2 fm/mod -> -1 3 }T
T{ 6 s>d 2 fm/mod -6 s>d 2 fm/mod -> 0 3 0 -3 }T
T{ db-min s>d -1 fm/mod drop -> 0 }T
T{ 7 s>d 2 sm/rem -> 1 3 }T
T{ -7 s>d 2 sm/rem -> -1 -3 }T
T{ 7 s>d -2 sm/rem -> 1 -3 }T
T{ -7 s>d -2 sm/rem -> -1 3 }T
T{ db-max s>d 1 sm/rem -> 0 db-max }T
T{ db-min s>d 1 sm/rem -> 0 db-min }T
T{ db-1s 1 db-max sm/rem -> 3 4 }T
T{ 0 1 2 sm/rem -> 0 db-min }T

T{ 6 7 3 */ -> 14 }T
T{ db-max db-max db-max */ -> db-max }T
T{ db-min db-max db-max */ -> db-min }T
T{ 100000 100000 1000 */ -> 10000000 }T
T{ -7 3 2 */mod -> -1 -10 }T
T{ 7 3 -2 */mod -> 1 -10 }T

2variable db-2v
T{ 3 4 db-2v 2! db-2v 2@ -> 3 4 }T
T{ db-2v @ -> 4 }T
-1 -2 2constant db-2c
T{ db-2c -> -1 -2 }T
: db-2l [ 5 6 ] 2literal ;
T{ db-2l -> 5 6 }T
T{ 1. -> 1 0 }T
T{ -1. -> -1 -1 }T
