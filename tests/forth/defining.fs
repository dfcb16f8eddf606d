\ Defining words and the words that reach into the compiler: the words they
\ make must behave the same whether the host or the target built them.

123 constant df-c1
-7 constant df-c2
T{ df-c1 -> 123 }T
T{ df-c2 -> -7 }T
: df-usec df-c1 1+ ;
T{ df-usec -> 124 }T
\ equ makes a constant that code words after it may also name as a symbol.
456 equ df_e1
T{ df_e1 -> 456 }T
: df-usee df_e1 1+ ;
T{ df-usee -> 457 }T

variable df-v1
T{ 55 df-v1 ! df-v1 @ -> 55 }T
T{ 3 df-v1 +! df-v1 @ -> 58 }T
T{ df-v1 aligned df-v1 = -> -1 }T
variable df-v2
T{ df-v1 df-v2 = -> 0 }T
2variable df-2v
T{ 1 2 df-2v 2! df-2v 2@ -> 1 2 }T
T{ df-2v cell+ @ -> 1 }T
1 2 2constant df-2c
T{ df-2c -> 1 2 }T
: df-use2c df-2c + ;
T{ df-use2c -> 3 }T

10 value df-val
T{ df-val -> 10 }T
T{ 20 to df-val df-val -> 20 }T
: df-set-val ( n -- ) to df-val ;
: df-get-val ( -- n ) df-val ;
T{ 30 df-set-val df-get-val -> 30 }T

: df-one 1 ;
: df-two 2 ;
defer df-def
T{ ' df-one is df-def df-def -> 1 }T
: df-set-def ( xt -- ) is df-def ;
T{ ' df-two df-set-def df-def -> 2 }T
T{ action-of df-def -> ' df-two }T
: df-act ( -- xt ) action-of df-def ;
T{ df-act -> ' df-two }T
T{ ' df-one ' df-def defer! df-def -> 1 }T
T{ ' df-def defer@ -> ' df-one }T

T{ 16 buffer: df-buf -> }T
T{ df-buf aligned df-buf = -> -1 }T
T{ 1 df-buf ! 2 df-buf 12 + ! df-buf @ df-buf 12 + @ -> 1 2 }T

create df-cr 1 , 2 , 3 ,
T{ df-cr @ df-cr cell+ @ df-cr 2 cells + @ -> 1 2 3 }T
T{ df-cr here < -> -1 }T
create df-cr2
T{ df-cr2 here = -> -1 }T
create df-bytes 1 c, 2 c, align
T{ df-bytes c@ df-bytes 1+ c@ -> 1 2 }T
T{ ' df-cr >body -> df-cr }T

: df-array ( n "name" -- ) create cells allot does> ( i -- addr ) swap cells + ;
5 df-array df-arr
T{ 42 3 df-arr ! 3 df-arr @ -> 42 }T
T{ 1 df-arr 0 df-arr - -> 4 }T
T{ ' df-arr >body 0 df-arr = -> -1 }T
: df-konst ( x "name" -- ) create , does> @ ;
77 df-konst df-k77
T{ df-k77 -> 77 }T
: df-use-k df-k77 1+ ;
T{ df-use-k -> 78 }T
: df-counter create 0 , does> 1 over +! @ ;
df-counter df-cnt
T{ df-cnt df-cnt df-cnt -> 1 2 3 }T

:noname 5 6 ;
constant df-nn
T{ df-nn execute -> 5 6 }T
T{ :noname 7 ; execute -> 7 }T
T{ ' df-one execute -> 1 }T
: df-tick ['] df-two ;
T{ df-tick execute -> 2 }T
T{ df-tick ' df-two = -> -1 }T

: df-imm 99 ; immediate
: df-use-imm df-imm literal ;
T{ df-use-imm -> 99 }T
: df-compiling state @ ; immediate
: df-st df-compiling literal ;
T{ df-st -> -1 }T
T{ df-compiling -> 0 }T
T{ state @ -> 0 }T
: df-bracket [ 3 4 + ] literal ;
T{ df-bracket -> 7 }T
: df-brk2 [ df-c1 ] literal 1+ ;
T{ df-brk2 -> 124 }T

: df-post-if postpone if ; immediate
: df-post-then postpone then ; immediate
: df-use-post ( f -- n ) 1 swap df-post-if 2 df-post-then ;
T{ 0 df-use-post -> 1 }T
T{ -1 df-use-post -> 1 2 }T
: df-post-plus postpone + ; immediate
: df-use-plus 3 4 df-post-plus ;
T{ df-use-plus -> 7 }T
: df-post-one postpone df-one ; immediate
: df-use-one df-post-one df-post-one + ;
T{ df-use-one -> 2 }T
: df-comp-imm [compile] df-imm ;
T{ df-comp-imm -> 99 }T
: df-cc ['] df-two compile, ; immediate
: df-use-cc df-cc df-cc * ;
T{ df-use-cc -> 4 }T
: df-cc-dup ['] dup compile, ; immediate
: df-use-cc-dup 5 df-cc-dup ;
T{ df-use-cc-dup -> 5 5 }T
: df-lit 12345 postpone literal ; immediate
: df-use-lit df-lit ;
T{ df-use-lit -> 12345 }T
: df-2lit [ 1 2 ] 2literal ;
T{ df-2lit -> 1 2 }T

\ A defining word that makes a defining word.
: df-maker create , does> @ create + , does> @ ;
10 df-maker df-plus10
5 df-plus10 df-fifteen
T{ df-fifteen -> 15 }T

\ find: immediate words give 1, others -1, unknown 0.
: df-nm-dup c" dup" ;
: df-nm-imm c" df-imm" ;
: df-nm-none c" zzzq" ;
T{ df-nm-dup find -> ' dup -1 }T
T{ df-nm-imm find -> ' df-imm 1 }T
T{ df-nm-none find -> df-nm-none 0 }T
: df-nm-upper c" DUP" ;
T{ df-nm-upper find -> ' dup -1 }T

\ A word that begins a definition with the kernel's `:`: the body and the
\ `;` come after it in the source, and the word is found once `;` ends it.
: df-colon ( "name" -- ) : ;
df-colon df-five 5 ;
T{ df-five -> 5 }T
df-colon df-six 6 ; immediate
: df-use-six ( -- n ) df-six literal ;
T{ df-use-six -> 6 }T
: df-colon-dup ( "name" -- ) : postpone dup ;
df-colon-dup df-square * ;
T{ 7 df-square -> 49 }T
