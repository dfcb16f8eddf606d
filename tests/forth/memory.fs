\ Memory and the dictionary pointers: cell, halfword and byte access,
\ alignment, the two dictionary spaces, and the block words.

flash? @ constant mm-start-mode \ the files after this one start as this one did
: mm-mode! ( flash? -- ) if compile-to-flash else compile-to-ram then ;
variable mm-v
T{ $12345678 mm-v ! mm-v @ -> $12345678 }T
T{ mm-v c@ -> $78 }T
T{ mm-v 3 + c@ -> $12 }T
T{ mm-v h@ -> $5678 }T
T{ mm-v 2 + h@ -> $1234 }T
T{ $ab mm-v c! mm-v @ -> $123456ab }T
T{ $beef mm-v 2 + h! mm-v @ -> $beef56ab }T
T{ $1ff mm-v c! mm-v c@ -> $ff }T
T{ $12345 mm-v h! mm-v h@ -> $2345 }T
T{ 0 mm-v ! 5 mm-v +! -3 mm-v +! mm-v @ -> 2 }T
T{ 1 2 mm-v 2! mm-v 2@ -> 1 2 }T
T{ 1 2 mm-v 2! mm-v @ mm-v cell+ @ -> 2 1 }T

T{ 0 aligned 1 aligned 2 aligned 3 aligned 4 aligned 5 aligned -> 0 4 4 4 4 8 }T
T{ 1 cells 1 cell+ 1 char+ 1 chars -> 4 5 2 1 }T

: mm-here-moves ( n -- delta ) here swap allot here swap - ;
T{ 8 mm-here-moves -> 8 }T
T{ 0 mm-here-moves -> 0 }T
T{ here 1 , here swap - -> 4 }T
T{ here 1 c, here swap - -> 1 }T
T{ align here 3 and -> 0 }T
T{ here 7 h, here swap - -> 2 }T
T{ align here 1 c, align here swap - -> 4 }T
T{ here 5 , @ -> 5 }T
T{ here 6 c, c@ -> 6 }T
T{ align here $1234 h, h@ -> $1234 }T
align
T{ here -1 , 2 , dup @ swap cell+ @ -> -1 2 }T

\ RAM space: ram-allot moves ram-here and nothing else.
T{ ram-here 12 ram-allot ram-here swap - -> 12 }T
T{ flash? @ compile-to-flash here ram-here 4 ram-allot drop here = swap mm-mode! -> -1 }T
T{ ram-here 3 and -> 0 }T
T{ unused 0> -> -1 }T
T{ unused here 4 allot drop unused - -> 4 }T

\ RAM dictionary space ends at ram-limit, below the stacks: an allot past
\ it, below ram-dict-start, or whose size would wrap raises x-ram-full and
\ moves nothing; one that fits exactly is taken.
testing RAM allots that do not fit raise x-ram-full and move nothing
: mm-refused ( n xt -- f ) \ does xt raise x-ram-full on n and leave RAM HERE?
  ram-here >r try ['] x-ram-full = if drop ram-here r> = else rdrop false then ;
: mm-ram-left ( -- n ) ram-limit ram-here - ;
T{ mm-ram-left 1+ ' ram-allot mm-refused -> -1 }T
T{ mm-ram-left 4 + ' ram-allot mm-refused -> -1 }T
T{ $7FFFFFFF ' ram-allot mm-refused -> -1 }T
T{ $80000000 ' ram-allot mm-refused -> -1 }T
T{ $FFFFFFFC ram-here - ' ram-allot mm-refused -> -1 }T
T{ ram-dict-start ram-here - 1- ' ram-allot mm-refused -> -1 }T
T{ flash? @ compile-to-ram mm-ram-left 1+ ' allot mm-refused swap mm-mode! -> -1 }T
T{ flash? @ compile-to-ram $7FFFFFF0 ' allot mm-refused swap mm-mode! -> -1 }T
T{ flash? @ compile-to-ram mm-ram-left unused = swap mm-mode! -> -1 }T
T{ mm-ram-left dup ram-allot mm-ram-left swap negate ram-allot -> 0 }T

\ compile-to-ram puts new words in RAM; compile-to-flash returns.
compile-to-ram
: mm-ram-word 41 1+ ;
variable mm-ram-var
create mm-ram-create 3 ,
T{ here ram-here = -> -1 }T
compile-to-flash
T{ mm-ram-word -> 42 }T
T{ ' mm-ram-word ram-here u< -> -1 }T
T{ ' mm-ram-word $20000000 u< -> 0 }T
T{ 7 mm-ram-var ! mm-ram-var @ -> 7 }T
T{ mm-ram-create @ -> 3 }T
T{ here ram-here = -> 0 }T
\ Flash is read-only to stores on a real chip: writable buffers go in RAM.
compile-to-ram

create mm-buf 16 allot
T{ mm-buf 16 $55 fill mm-buf c@ mm-buf 15 + c@ -> $55 $55 }T
T{ mm-buf 16 erase mm-buf c@ mm-buf 15 + c@ -> 0 0 }T
T{ mm-buf 4 blank mm-buf 3 + c@ mm-buf 4 + c@ -> bl 0 }T
T{ mm-buf 0 $aa fill mm-buf c@ -> bl }T
: mm-fill-seq ( -- ) 16 0 do i mm-buf i + c! loop ;
: mm-sum ( addr u -- n ) 0 -rot over + swap ?do i c@ + loop ;
T{ mm-fill-seq mm-buf 16 mm-sum -> 120 }T
T{ mm-fill-seq mm-buf mm-buf 4 + 4 move mm-buf 4 + c@ mm-buf 7 + c@ -> 0 3 }T
T{ mm-fill-seq mm-buf 2 + mm-buf 8 move mm-buf c@ mm-buf 7 + c@ -> 2 9 }T
T{ mm-fill-seq mm-buf mm-buf 2 + 8 move mm-buf 2 + c@ mm-buf 9 + c@ -> 0 7 }T
T{ mm-fill-seq mm-buf 1+ mm-buf 4 cmove mm-buf c@ mm-buf 3 + c@ -> 1 4 }T
T{ mm-fill-seq mm-buf mm-buf 1+ 4 cmove mm-buf 4 + c@ -> 0 }T
T{ mm-fill-seq mm-buf mm-buf 1+ 4 cmove> mm-buf 4 + c@ mm-buf 1 + c@ -> 3 0 }T
T{ mm-fill-seq mm-buf mm-buf 8 + 0 move mm-buf 8 + c@ -> 8 }T

\ fill, cmove and cmove> work by words where alignment allows; at every
\ alignment, length and overlap they leave what a byte loop leaves.
create mm-a 64 allot
create mm-b 64 allot
: mm-seq ( addr -- ) 64 0 do i 7 * 3 + over i + c! loop drop ;
: mm-fresh ( -- ) mm-a mm-seq mm-b mm-seq ;
: mm-same? ( -- f ) true 64 0 do mm-a i + c@ mm-b i + c@ <> if drop false then loop ;
: mm-ref-fill ( addr u c -- ) -rot 0 ?do 2dup c! 1+ loop 2drop ;
: mm-ref-cmove ( src dst u -- ) 0 ?do over c@ over c! 1+ swap 1+ swap loop 2drop ;
: mm-ref-cmove> ( src dst u -- )
  dup >r + 1- swap r@ + 1- swap r> 0 ?do over c@ over c! 1- swap 1- swap loop 2drop ;
variable mm-len
: mm-fill-case ( off -- f )
  mm-fresh dup mm-a + mm-len @ $a5 fill mm-b + mm-len @ $a5 mm-ref-fill mm-same? ;
: mm-cmove-case ( soff doff -- f )
  mm-fresh over mm-a + over mm-a + mm-len @ cmove
  swap mm-b + swap mm-b + mm-len @ mm-ref-cmove mm-same? ;
: mm-cmove>-case ( soff doff -- f )
  mm-fresh over mm-a + over mm-a + mm-len @ cmove>
  swap mm-b + swap mm-b + mm-len @ mm-ref-cmove> mm-same? ;
: mm-fills-agree ( -- f )
  true 20 0 do i mm-len ! 8 0 do i mm-fill-case and loop loop ;
: mm-cmoves-agree ( -- f )
  true 20 0 do i mm-len ! 12 0 do 12 0 do i 20 + j 20 + mm-cmove-case and loop loop loop ;
: mm-cmove>s-agree ( -- f )
  true 20 0 do i mm-len ! 12 0 do 12 0 do i 20 + j 20 + mm-cmove>-case and loop loop loop ;
T{ mm-fills-agree -> true }T
T{ mm-cmoves-agree -> true }T
T{ mm-cmove>s-agree -> true }T
T{ pad 0<> -> -1 }T
T{ 77 pad c! pad c@ -> 77 }T

mm-start-mode mm-mode!
