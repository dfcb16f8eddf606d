\ The resident interpreter (forth/kernel/interpret.fs): strings interpreted
\ and compiled by the board itself with resident-evaluate, numbers in every
\ notation, errors that name the word, and the host finding what the board
\ defined.
testing numbers
T{ s" 42" (number) -> 42 1 }T
T{ s" -42" (number) -> -42 1 }T
T{ s" $ff" (number) -> 255 1 }T
T{ s" #99" (number) -> 99 1 }T
T{ s" %101" (number) -> 5 1 }T
T{ s" -$10" (number) -> -16 1 }T
T{ s" $-10" (number) -> -16 1 }T
T{ s" --1" (number) -> 0 }T
T{ s" 'a'" (number) -> 97 1 }T
T{ s" 12." (number) -> 12 0 2 }T
T{ s" -1." (number) -> -1 -1 2 }T
T{ s" 12x" (number) -> 0 }T
T{ s" -" (number) -> 0 }T
T{ s" $" (number) -> 0 }T
T{ s" " (number) -> 0 }T
T{ hex s" ff" (number) decimal -> 255 1 }T
T{ base @ -> 10 }T

testing interpreting on the board
T{ s" 1 2 +" resident-evaluate -> 3 }T
T{ s" 7 dup *   3 -" resident-evaluate -> 46 }T
T{ s" $10 #10 %10 +  +" resident-evaluate -> 28 }T
T{ 5 s" 1+" resident-evaluate -> 6 }T
T{ s" " resident-evaluate -> }T

testing compiling on the board
T{ s" : rsq ( n -- n*n ) dup * ; 7 rsq" resident-evaluate -> 49 }T
T{ 9 rsq -> 81 }T
T{ s" : rsum ( n -- sum ) 0 swap 1+ 1 ?do i + loop ; 10 rsum" resident-evaluate -> 55 }T
T{ s" : rabs dup 0< if negate then ; -3 rabs 4 rabs" resident-evaluate -> 3 4 }T
T{ s" : rlit 100000 -7 ; rlit" resident-evaluate -> 100000 -7 }T
T{ s" : rd 5. ; rd" resident-evaluate -> 5 0 }T
T{ s" : rdot ( n -- ) 1+ . ; 41 rdot" resident-evaluate -> }T
T{ s" : rimm 11 ; immediate : ruse rimm literal ; ruse" resident-evaluate -> 11 }T

testing errors name the word and leave the input as it was
: try-eval ( addr u -- exc ) ['] resident-evaluate try nip nip ;
T{ s" 1 2 nosuchword 3" try-eval -> ' x-unknown-word }T
T{ unknown-name 2@ s" nosuchword" name= -> -1 }T
T{ s" if" try-eval -> ' x-compile-only }T
T{ source-id -> 0 }T

testing words sees what the search order finds
T{ forth-wordlist in-order? -> -1 }T
T{ 12345 in-order? -> 0 }T
T{ words words-column @ 65 < -> -1 }T
