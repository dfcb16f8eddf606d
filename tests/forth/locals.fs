\ Locals: Forth-2012's `{: args | uninitialised -- outputs :}`, zeptoforth's
\ `{ ... }` and `(local)`; then DOUBLE's `2value`. A local is found before
\ any word of its name while its definition is compiled, and not after.

testing {: :} arguments
T{ : lc0 {: :} 5 ; lc0 -> 5 }T
T{ : lc1 {: a :} a ; 7 lc1 -> 7 }T
T{ : lc2 {: a b :} a b ; 1 2 lc2 -> 1 2 }T
T{ : lc2r {: a b :} b a ; 1 2 lc2r -> 2 1 }T
T{ : lc3 {: a b c :} c b a ; 1 2 3 lc3 -> 3 2 1 }T
T{ : lc5 {: a b c d e :} e d c b a ; 1 2 3 4 5 lc5 -> 5 4 3 2 1 }T
T{ : lc6 {: a b c d e f :} a f + b e + c d + ; 1 2 3 4 5 6 lc6 -> 7 7 7 }T
T{ : lc-under {: a :} a ; 1 2 lc-under -> 1 2 }T
T{ : lc-twice {: a :} a a * a + ; 6 lc-twice -> 42 }T
T{ : lc-mixed {: a b :} dup a + swap b - ; 10 3 4 lc-mixed -> 13 6 }T

testing {: | :} and -- outputs
T{ : lu1 {: | x :} 9 to x x ; lu1 -> 9 }T
T{ : lu2 {: a | x y :} a 1+ to x a 2 + to y y x a ; 10 lu2 -> 12 11 10 }T
T{ : lu3 {: a b | c -- d :} a b + to c c c * ; 3 4 lu3 -> 49 }T
T{ : lu4 {: a -- b c :} a a ; 5 lu4 -> 5 5 }T
T{ : lu5 {: -- :} 3 ; lu5 -> 3 }T
T{ : lu6 {: | a b c d :} 1 to a 2 to b 3 to c 4 to d d c b a ; lu6 -> 4 3 2 1 }T

testing to on locals
T{ : lt1 {: a :} a 1+ to a a ; 4 lt1 -> 5 }T
T{ : lt2 {: a b :} b to a a b ; 1 2 lt2 -> 2 2 }T
T{ : lt3 {: a :} 0 to a 5 0 do a i + to a loop a ; 99 lt3 -> 10 }T

testing locals found first, only inside their definition
: lx ( -- n ) 111 ;
T{ : ls1 {: lx :} lx ; 5 ls1 -> 5 }T
T{ lx -> 111 }T
T{ : ls2 lx ; ls2 -> 111 }T
T{ : ls3 {: dup :} dup dup ; 8 ls3 -> 8 8 }T
T{ 3 dup -> 3 3 }T
T{ : LS4 {: Alpha :} alpha ALPHA ; 2 ls4 -> 2 2 }T
T{ : ls5 {: a :} a ; : ls6 {: b :} b ; 1 ls5 2 ls6 -> 1 2 }T
T{ : ls7 {: a b :} a b ; : ls8 {: b a :} a b ; 1 2 ls7 1 2 ls8 -> 1 2 2 1 }T
T{ : ls9 {: x :} x 2* ; : ls10 {: y :} y 3 * ; : ls11 {: x y :} x ls9 y ls10 + ; 1 2 ls11 -> 8 }T

testing locals in do loops
T{ : ld1 {: a :} 5 0 do a i + loop ; 10 ld1 -> 10 11 12 13 14 }T
T{ : ld2 {: a b :} 3 0 do 2 0 do a i j b loop loop ; 7 8 ld2 -> 7 0 0 8 7 1 0 8 7 0 1 8 7 1 1 8 7 0 2 8 7 1 2 8 }T
T{ : ld3 {: n :} 0 n 0 ?do i + loop ; 5 ld3 0 ld3 -> 10 0 }T
T{ : ld4 {: step :} 0 10 0 do i + step +loop ; 3 ld4 -> 18 }T
T{ : ld5 {: a :} 10 0 do i 3 = if leave then a loop a ; 4 ld5 -> 4 4 4 4 }T
T{ : ld6 {: a | s :} 0 to s a 0 do i to s loop s ; 6 ld6 -> 5 }T
T{ : ld7 {: a :} 3 0 do a i + to a loop a ; 10 ld7 -> 13 }T
T{ : ld8 {: a :} begin a while a 1- to a repeat a ; 5 ld8 -> 0 }T
T{ : ld9 {: a :} a 0 do 2 0 do i j a loop loop ; 1 ld9 -> 0 0 1 1 0 1 }T

testing locals with case, does> and strings
T{ : lk1 {: a :} a case 1 of a 10 * endof 2 of a 20 * endof 0 swap endcase ; 1 lk1 2 lk1 3 lk1 -> 10 40 0 }T
T{ : lk2 {: n :} create n , does> @ ; 5 lk2 lk2x lk2x -> 5 }T
T{ : lk3 {: a :} s" abc" a /string ; 1 lk3 nip -> 2 }T
T{ : lk4 {: a b :} a if b else a then ; 0 4 lk4 3 4 lk4 -> 0 4 }T

testing exit from a word with locals
T{ : le1 {: a b :} a 0 > if a exit then b ; 5 6 le1 -3 6 le1 -> 5 6 }T
T{ : le2 {: a :} 10 0 do i a = if unloop a exit then loop -1 ; 4 le2 20 le2 -> 4 -1 }T
T{ : le3 {: a :} 10 0 do i a = if unloop a 2* exit then a drop loop a ; 3 le3 30 le3 -> 6 30 }T
T{ : le4 {: a | b :} a to b b exit ; 7 le4 -> 7 }T
T{ : le5 {: a :} a if 1 exit then 2 ; : le6 le5 swap le5 ; 0 1 le6 -> 1 2 }T
: le-frames ( -- f ) rp@ 3 le4 drop 0 9 le1 drop 2 le2 drop rp@ = ;
T{ le-frames -> -1 }T

testing recurse with locals
T{ : lfact {: n :} n 2 < if 1 else n 1- recurse n * then ; 5 lfact 1 lfact -> 120 1 }T
T{ : lfib {: n :} n 2 < if n exit then n 1- recurse n 2 - recurse + ; 10 lfib -> 55 }T
T{ : lsum {: n acc :} n 0= if acc exit then n 1- acc n + recurse ; 4 0 lsum -> 10 }T

testing >r and r> above the frame
T{ : lr1 {: a :} 1 >r a r> ; 5 lr1 -> 5 1 }T
T{ : lr2 {: a b :} a >r b r@ r> + ; 2 3 lr2 -> 3 4 }T
T{ : lr3 {: a :} 2 0 do 9 >r a r> drop loop ; 6 lr3 -> 6 6 }T

testing catch and throw through words with locals
: x-lc ( -- ) ;
: lth1 {: a :} a 0= if ['] x-lc throw then a ;
: lth2 {: a b :} a lth1 b + ;
T{ 3 ' lth1 catch -> 3 0 }T
T{ 0 ' lth1 catch nip -> ' x-lc }T
T{ 1 2 ' lth2 catch -> 3 0 }T
T{ 0 2 ' lth2 catch nip nip -> ' x-lc }T
: lth3 {: n :} n ['] lth1 catch nip n ;
T{ 0 lth3 -> ' x-lc 0 }T
T{ 4 lth3 -> 0 4 }T
: lth4 {: a b :} a ['] lth1 catch if drop b exit then a + b + ;
T{ 0 9 lth4 2 9 lth4 -> 9 13 }T
: lth-frames ( -- f ) rp@ 0 ['] lth1 catch 2drop 1 2 ['] lth2 catch 2drop rp@ = ;
T{ lth-frames -> -1 }T
: lth5 {: a :} 3 0 do a i = if ['] x-lc throw then loop a ;
T{ 1 ' lth5 catch nip -> ' x-lc }T
T{ 7 lth5 -> 7 }T
T{ 5 6 lc2r -> 6 5 }T

testing zeptoforth { }
T{ : lz1 { a b } a b - ; 10 3 lz1 -> 7 }T
T{ : lz2 { a b -- c } b a ; 1 2 lz2 -> 2 1 }T
T{ : lz3 { a | b } a 2* to b b ; 21 lz3 -> 42 }T
T{ : lz4 { x } 3 0 do x i * loop ; 2 lz4 -> 0 2 4 }T

testing (local)
: lp-name ( "name" -- ) parse-name (local) ; immediate
: lp-end ( -- ) 0 0 (local) ; immediate
T{ : lp1 lp-name x lp-end x ; 5 lp1 -> 5 }T
T{ : lp2 lp-name a lp-name b lp-end a b ; 1 2 lp2 -> 2 1 }T
T{ : lp3 lp-name a lp-name b lp-end a to b b a ; 1 2 lp3 -> 2 2 }T
T{ : lp4 lp-name n lp-end 3 0 do n i + loop ; 10 lp4 -> 10 11 12 }T
T{ : lp5 [ s" q" (local) 0 0 (local) ] q q * ; 8 lp5 -> 64 }T

testing locals in :noname
T{ 1 2 :noname {: a b :} b a ; execute -> 2 1 }T
T{ 3 :noname {: n :} n 0 ?do i loop ; execute -> 0 1 2 }T

testing locals compiled to flash
compile-to-flash
: lf1 {: a b | c :} a b + to c 4 0 do c i + loop ;
: lf2 {: x :} x 0> if x exit then x negate ;
: lf3 { a b } b a ;
compile-to-ram
T{ 1 2 lf1 -> 3 4 5 6 }T
T{ 5 lf2 -3 lf2 -> 5 3 }T
T{ 1 2 lf3 -> 2 1 }T

testing 2value
T{ 1 2 2value lv2 -> }T
T{ lv2 -> 1 2 }T
T{ 3 4 to lv2 lv2 -> 3 4 }T
T{ : lv2! to lv2 ; 7 8 lv2! lv2 -> 7 8 }T
T{ : lv2@ lv2 ; lv2@ -> 7 8 }T
T{ -1 0 to lv2 lv2 -> -1 0 }T
T{ : lv2+ {: a b :} a b to lv2 lv2 ; 5 6 lv2+ -> 5 6 }T
: l2v-maker ( x1 x2 "name" -- ) 2value ;
T{ 1 2 l2v-maker lmv lmv -> 1 2 }T
T{ 3 4 to lmv lmv -> 3 4 }T
T{ : lmv! to lmv ; 5 6 lmv! lmv -> 5 6 }T
compile-to-flash
9 10 2value lvf
: lvf! to lvf ;
compile-to-ram
T{ lvf -> 9 10 }T
T{ 11 12 lvf! lvf -> 11 12 }T
T{ 13 14 to lvf lvf -> 13 14 }T

testing locals compiled by the board's own compiler
: lre ( addr u -- exc ) ['] resident-evaluate try 0 state ! ; \ an error leaves no definition open
T{ s" : lr-a {: a b | c :} a b * to c 3 0 do c i + loop ; 2 3 lr-a" lre -> 6 7 8 0 }T
T{ s" : lr-b { x } 5 0 do i x = if unloop x 10 * exit then loop -1 ; 3 lr-b 9 lr-b" lre -> 30 -1 0 }T
T{ s" : lr-c {: a :} 1 >r a r> + ; 4 lr-c" lre -> 5 0 }T
T{ s" : lr-d {: n :} n 2 < if 1 else n 1- recurse n * then ; 6 lr-d" lre -> 720 0 }T
T{ s" : lr-e lp-name p lp-name q lp-end p q ; 1 2 lr-e" lre -> 2 1 0 }T
T{ s" : lr-f {: lx :} lx ; 3 lr-f lx" lre -> 3 111 0 }T
T{ s" : lr-g {: a :} a ; a" lre nip nip -> ' x-unknown-word }T
T{ s" 5 lr-g" lre -> 5 0 }T
T{ s" : lr-h {: a b" lre nip nip -> ' x-no-close }T
T{ s" : lr-i {: a :} {: b :} ;" lre nip nip -> ' x-locals }T
T{ s" : lr-j 1 if {: a :} then ;" lre nip nip -> ' x-locals }T
T{ s" : lr-k {: a :} a nosuchword ;" lre nip nip -> ' x-unknown-word }T
T{ s" : lr-l {: a :} a 1+ ; 1 lr-l a" lre nip nip -> ' x-unknown-word }T
T{ s" 1 2 lr-a" lre -> 2 3 4 0 }T
T{ s" : lr-m {: a :} nosuchword" lre nip nip -> ' x-unknown-word }T
T{ : lp6 lp-name z lp-end z 1+ ; 4 lp6 -> 5 }T
T{ 1 :noname lp-name z lp-end z 2* ; execute -> 2 }T
T{ s" 4 5 2value lr-v : lr-w {: a :} a a to lr-v ; 6 lr-w lr-v" lre -> 6 6 0 }T

testing locals| declares the first name from the top of the stack
: lbar ( a b -- b-a ) locals| x y | x y - ;
T{ 2 7 lbar -> 5 }T
: lbar2 ( a -- a*2 ) locals| n | n n + ;
T{ 21 lbar2 -> 42 }T
: lbar-loop ( n -- sum ) locals| n | 0 n 0 do i + loop ;
T{ 4 lbar-loop -> 6 }T
T{ s" #locals" environment? swap 16 < -> -1 0 }T
T{ s" locals-ext" environment? -> -1 -1 }T
