\ Data and return stack words: each case shows the stack picture the word
\ promises, including the deep words (pick, roll) and the return stack
\ words that only work inside definitions.

T{ 1 dup -> 1 1 }T
T{ 1 2 drop -> 1 }T
T{ 1 2 swap -> 2 1 }T
T{ 1 2 over -> 1 2 1 }T
T{ 1 2 3 rot -> 2 3 1 }T
T{ 1 2 3 -rot -> 3 1 2 }T
T{ 1 2 nip -> 2 }T
T{ 1 2 tuck -> 2 1 2 }T
T{ 1 2 2dup -> 1 2 1 2 }T
T{ 1 2 3 2drop -> 1 }T
T{ 1 2 3 4 2swap -> 3 4 1 2 }T
T{ 1 2 3 4 2over -> 1 2 3 4 1 2 }T
T{ 1 2 3 4 5 6 2rot -> 3 4 5 6 1 2 }T
T{ -1 ?dup -> -1 -1 }T
T{ 0 ?dup -> 0 }T
T{ 1 ?dup -> 1 1 }T
T{ 10 20 30 0 pick -> 10 20 30 30 }T
T{ 10 20 30 1 pick -> 10 20 30 20 }T
T{ 10 20 30 2 pick -> 10 20 30 10 }T
T{ 10 20 30 0 roll -> 10 20 30 }T
T{ 10 20 30 1 roll -> 10 30 20 }T
T{ 10 20 30 2 roll -> 20 30 10 }T
T{ 1 2 3 4 3 roll -> 2 3 4 1 }T
T{ depth -> 0 }T
T{ 0 depth -> 0 1 }T
T{ 0 1 depth -> 0 1 2 }T
T{ 1 2 sp@ @ -> 1 2 1 }T
T{ sp@ 1 sp@ nip - -> 8 }T

: gr1 >r r> ;
: gr2 >r r@ r> ;
: gr3 >r r@ rdrop ;
: gr4 2>r 2r> ;
: gr5 2>r 2r@ 2r> ;
: gr6 >r >r 2r> ;
: gr7 rp@ 5 >r rp@ r> drop - ;
: gr8 rp@ dup rp! rp@ = ;
T{ 123 gr1 -> 123 }T
T{ 123 gr2 -> 123 123 }T
T{ 123 gr3 -> 123 }T
T{ 1 2 gr4 -> 1 2 }T
T{ 1 2 gr5 -> 1 2 1 2 }T
T{ 1 2 gr6 -> 2 1 }T
T{ gr7 -> 4 }T
T{ -1 0 gr4 -> -1 0 }T
T{ gr8 -> -1 }T
