\ The heap allocator (forth/allocate.fs): allocate, free and resize on the
\ shared heap and on heaps of their own, contents kept across resize, blocks
\ reused and coalesced, heap-check true after every step. The file makes its
\ own shared heap first, so it does not depend on what ran before it.
get-order allocate-wordlist swap 1+ set-order

: pat! ( addr u seed -- ) \ byte i of addr gets seed+i
  swap 0 ?do over i + over i + swap c! loop 2drop ;
: pat? ( addr u seed -- f ) \ does byte i of addr hold seed+i?
  swap 0 ?do over i + c@ over i + $ff and <> if 2drop unloop false exit then loop 2drop true ;
get-order allocate-internal-wordlist swap 1+ set-order
: sh ( -- heap ) shared-heap @ ; \ the shared heap, an internal of the allocator
previous
: shared-ok ( -- f ) sh heap-check ;

testing the words and their wordlists
T{ s" allocate" forth-wordlist wid-find 0<> -> -1 }T
T{ s" free" forth-wordlist wid-find 0<> -> -1 }T
T{ s" resize" forth-wordlist wid-find 0<> -> -1 }T
T{ s" allocate!" forth-wordlist wid-find 0<> -> -1 }T
T{ s" resize!" forth-wordlist wid-find 0<> -> -1 }T
T{ s" free!" forth-wordlist wid-find 0<> -> -1 }T
T{ s" x-memory-management-failure" forth-wordlist wid-find 0<> -> -1 }T
T{ s" init-heap-header" allocate-wordlist wid-find 0<> -> -1 }T
T{ s" expand-heap" allocate-wordlist wid-find 0<> -> -1 }T
T{ s" init-shared-heap" allocate-wordlist wid-find 0<> -> -1 }T
T{ s" x-no-shared-heap" allocate-wordlist wid-find 0<> -> -1 }T
T{ s" allocate-with-heap" allocate-wordlist wid-find 0<> -> -1 }T
T{ s" free-with-heap" allocate-wordlist wid-find 0<> -> -1 }T
T{ s" resize-with-heap" allocate-wordlist wid-find 0<> -> -1 }T
T{ s" heap-check" allocate-wordlist wid-find 0<> -> -1 }T
T{ s" heap-stats" allocate-wordlist wid-find 0<> -> -1 }T
T{ s" .heap" allocate-wordlist wid-find 0<> -> -1 }T
T{ s" init-heap-header" forth-wordlist wid-find -> 0 }T
T{ s" allocate-with-heap" forth-wordlist wid-find -> 0 }T
T{ s" allocate" allocate-wordlist wid-find -> 0 }T
T{ s" shared-heap" allocate-wordlist wid-find -> 0 }T
T{ s" shared-heap" forth-wordlist wid-find -> 0 }T
T{ s" allocate-internal-wordlist" allocate-wordlist wid-find 0<> -> -1 }T
: al-cname c" init-heap-header" ;
: al-find-only ( wid -- f ) \ finds init-heap-header with only wid in the search order
  >r get-order r> 1 set-order al-cname find nip >r set-order r> ;
T{ forth-wordlist al-find-only -> 0 }T
T{ allocate-wordlist al-find-only -> -1 }T
T{ get-order -> forth-wordlist allocate-wordlist 2 }T
\ A board has no files: only a tethered build can include one.
tethered @ [if]
T{ latest @ include allocate.fs require allocate.fs latest @ = get-order -> -1 forth-wordlist allocate-wordlist 2 }T
[then]

testing the shared heap: allocate and free
T{ 8192 128 init-shared-heap -> }T
T{ shared-ok -> -1 }T
T{ sh heap-stats -> 8176 0 8176 1 }T
variable a1
variable a2
variable a3
variable a4
T{ 24 allocate swap a1 ! -> -1 }T
T{ a1 @ 7 and -> 0 }T
T{ a1 @ 24 1 pat! a1 @ 24 1 pat? -> -1 }T
T{ 0 allocate swap a2 ! -> -1 }T
T{ a2 @ 7 and a2 @ a1 @ <> -> 0 -1 }T
T{ 1 allocate swap a3 ! -> -1 }T
T{ a3 @ a2 @ <> a3 @ a1 @ <> -> -1 -1 }T
T{ shared-ok -> -1 }T
T{ sh heap-stats -> 8112 64 8112 4 }T
T{ a2 @ free -> -1 }T
T{ a3 @ free -> -1 }T
T{ a1 @ 24 1 pat? -> -1 }T
T{ a1 @ free -> -1 }T
T{ 0 free -> -1 }T
T{ shared-ok -> -1 }T
T{ sh heap-stats -> 8176 0 8176 1 }T
T{ 24 allocate drop dup free swap a1 @ = -> -1 -1 }T
T{ 40 allocate! dup 7 and swap free! -> 0 }T
T{ 40 allocate! dup 40 3 pat! 100 resize! dup 40 3 pat? swap free! -> -1 }T
T{ shared-ok -> -1 }T

testing the fast paths reuse an exact-size block, both neighbours in use
T{ 32 allocate drop a1 ! 32 allocate drop a2 ! 32 allocate drop a3 ! -> }T
T{ a2 @ free 32 allocate -> -1 a2 @ -1 }T
T{ a2 @ free 25 allocate -> -1 a2 @ -1 }T
T{ a2 @ free a1 @ free a3 @ free shared-ok -> -1 -1 -1 -1 }T
T{ sh heap-stats -> 8176 0 8176 1 }T

testing resize keeps the contents
T{ 100 allocate swap a1 ! -> -1 }T
T{ a1 @ 100 7 pat! -> }T
T{ a1 @ 300 resize swap a1 ! -> -1 }T
T{ a1 @ 100 7 pat? shared-ok -> -1 -1 }T
T{ a1 @ 300 9 pat! a1 @ 40 resize swap a1 ! -> -1 }T
T{ a1 @ 40 9 pat? shared-ok -> -1 -1 }T
T{ a1 @ 2000 resize swap a1 ! a1 @ 40 9 pat? -> -1 -1 }T
T{ a1 @ 2000 11 pat! a1 @ 1000 resize swap a1 @ = -> -1 -1 }T
T{ a1 @ 1000 11 pat? shared-ok -> -1 -1 }T
T{ a1 @ 0 resize -> 0 -1 }T
T{ shared-ok -> -1 }T
T{ 0 48 resize swap a1 ! -> -1 }T
T{ a1 @ 48 13 pat! a1 @ 48 resize -> a1 @ -1 }T
T{ a1 @ 48 13 pat? a1 @ free -> -1 -1 }T
T{ sh heap-stats -> 8176 0 8176 1 }T

testing in-place growth over a free successor and in-place shrinking
T{ 64 allocate drop a1 ! 64 allocate drop a2 ! 64 allocate drop a3 ! -> }T
T{ a1 @ 64 21 pat! a2 @ free -> -1 }T
T{ a1 @ 120 resize -> a1 @ -1 }T
T{ a1 @ 64 21 pat? shared-ok -> -1 -1 }T
T{ a1 @ 136 resize -> a1 @ -1 }T
T{ a1 @ 144 resize swap a1 ! a1 @ 64 21 pat? -> -1 -1 }T
T{ a1 @ 16 resize -> a1 @ -1 }T
T{ a1 @ 16 21 pat? shared-ok -> -1 -1 }T
T{ a3 @ 8 resize -> a3 @ -1 }T
T{ a3 @ 64 resize -> a3 @ -1 }T
T{ shared-ok -> -1 }T
T{ a1 @ free a3 @ free shared-ok -> -1 -1 -1 }T
T{ sh heap-stats -> 8176 0 8176 1 }T

testing several heaps at once
variable h1
variable h2
T{ 64 init-heap-header h1 ! 1024 h1 @ expand-heap -> }T
T{ 256 init-heap-header h2 ! 2048 h2 @ expand-heap -> }T
T{ h1 @ heap-check h2 @ heap-check -> -1 -1 }T
T{ h1 @ heap-stats h2 @ heap-stats -> 1008 0 1008 1 2032 0 2032 1 }T
T{ 100 h1 @ allocate-with-heap swap a1 ! -> -1 }T
T{ 100 h2 @ allocate-with-heap swap a2 ! -> -1 }T
T{ a1 @ 100 1 pat! a2 @ 100 2 pat! -> }T
T{ a1 @ h2 @ free-with-heap a2 @ h1 @ free-with-heap -> 0 0 }T
T{ a1 @ 50 h2 @ resize-with-heap -> a1 @ 0 }T
T{ a1 @ 300 h1 @ resize-with-heap swap a1 ! -> -1 }T
T{ a1 @ 100 1 pat? a2 @ 100 2 pat? -> -1 -1 }T
T{ h1 @ heap-check h2 @ heap-check shared-ok -> -1 -1 -1 }T
T{ a1 @ h1 @ free-with-heap a2 @ h2 @ free-with-heap -> -1 -1 }T
T{ 0 h1 @ free-with-heap 0 0 h2 @ resize-with-heap nip -> -1 -1 }T
T{ h1 @ heap-stats nip nip nip h2 @ heap-stats nip nip nip -> 1 2 }T

testing exhausting a heap, then freeing and allocating again
variable h3
64 cells buffer: slots \ RAM: the test stores into it
: fill-heap ( heap -- n ) \ allocates 64-byte blocks until one fails
  0 begin dup 64 < while
    64 2 pick allocate-with-heap 0= if drop nip exit then
    over cells slots + ! 1+
  repeat nip ;
: empty-heap ( n heap -- ) swap 0 ?do i cells slots + @ over free-with-heap drop loop drop ;
T{ 64 init-heap-header h3 ! 1024 h3 @ expand-heap -> }T
T{ h3 @ fill-heap -> 14 }T
T{ 64 h3 @ allocate-with-heap -> 0 0 }T
T{ 1 h3 @ allocate-with-heap -> 0 0 }T
T{ h3 @ heap-check h3 @ heap-stats -> -1 0 1008 0 14 }T
T{ 14 h3 @ empty-heap h3 @ heap-check -> -1 }T
T{ h3 @ heap-stats -> 1008 0 1008 1 }T
T{ h3 @ fill-heap 14 h3 @ empty-heap -> 14 }T
T{ 1000 h3 @ allocate-with-heap swap a1 ! -> -1 }T
T{ 1001 h3 @ allocate-with-heap -> 0 0 }T
T{ a1 @ h3 @ free-with-heap h3 @ heap-check -> -1 -1 }T

testing expand-heap keeps the blocks already there
T{ h3 @ fill-heap -> 14 }T
T{ slots @ 64 7 pat! 13 cells slots + @ 64 8 pat! -> }T
T{ 1024 h3 @ expand-heap h3 @ heap-check -> -1 }T
T{ 64 h3 @ allocate-with-heap nip -> -1 }T
T{ slots @ 64 7 pat? 13 cells slots + @ 64 8 pat? -> -1 -1 }T
T{ h3 @ heap-stats -> 936 1080 936 16 }T

testing coalescing: three neighbours freed in every order make one block
variable hc
variable ca
variable cb
variable cc
variable cd
: abc ( -- ) \ three neighbouring 72-byte blocks
  64 hc @ allocate-with-heap drop ca ! 64 hc @ allocate-with-heap drop cb !
  64 hc @ allocate-with-heap drop cc ! ;
: fr ( var -- f ) @ hc @ free-with-heap ;
: merged? ( -- f ) \ one 216-byte block where the three were
  208 hc @ allocate-with-heap if dup ca @ = swap hc @ free-with-heap and else drop false then
  hc @ heap-check and ;
T{ 64 init-heap-header hc ! 304 hc @ expand-heap -> }T
T{ abc 64 hc @ allocate-with-heap drop cd ! hc @ heap-stats -> 0 288 0 4 }T
T{ cb @ ca @ - cc @ cb @ - cd @ cc @ - -> 72 72 72 }T
T{ ca fr cb fr cc fr merged? -> -1 -1 -1 -1 }T
T{ abc ca fr cc fr cb fr merged? -> -1 -1 -1 -1 }T
T{ abc cb fr ca fr cc fr merged? -> -1 -1 -1 -1 }T
T{ abc cb fr cc fr ca fr merged? -> -1 -1 -1 -1 }T
T{ abc cc fr ca fr cb fr merged? -> -1 -1 -1 -1 }T
T{ abc cc fr cb fr ca fr merged? -> -1 -1 -1 -1 }T
T{ hc @ heap-stats -> 216 72 216 2 }T
T{ abc cb fr cb fr hc @ heap-check -> -1 0 -1 }T
T{ ca fr cc fr ca fr cc fr merged? -> -1 -1 0 0 -1 }T

testing a random mix of allocate, resize and free, checking contents
variable seed
: rnd ( -- u ) seed @ 1664525 * 1013904223 + dup seed ! 8 rshift ;
create st-addr 16 cells allot
create st-size 16 cells allot
variable st-bad
0 value st-heap \ 0: the shared heap
: st-a ( i -- addr ) cells st-addr + ;
: st-s ( i -- addr ) cells st-size + ;
: st-seed ( i -- c ) 37 * 5 + ;
: st-check ( i -- ) dup st-a @ over st-s @ rot st-seed pat? 0= if 1 st-bad +! then ;
: st-alloc ( u -- addr f ) st-heap ?dup if allocate-with-heap else allocate then ;
: st-free ( addr -- f ) st-heap ?dup if free-with-heap else free then ;
: st-resize ( addr u -- addr' f ) st-heap ?dup if resize-with-heap else resize then ;
: st-heap-ok ( -- f ) st-heap ?dup 0= if sh then heap-check ;
: st-op ( -- ) \ one random step on a random slot
  rnd 15 and >r
  r@ st-a @ 0= if
    rnd 300 mod dup st-alloc if r@ st-a ! dup r@ st-s ! r@ st-a @ swap r@ st-seed pat! else 2drop then
  else
    r@ st-check rnd 3 mod 0= if
      r@ st-a @ rnd 400 mod tuck st-resize if
        r@ st-a ! r@ st-a @ over r@ st-s @ min r@ st-seed pat? 0= if 1 st-bad +! then
        dup r@ st-s ! r@ st-a @ swap r@ st-seed pat!
      else 2drop then
    else r@ st-a @ st-free 0= if 1 st-bad +! then 0 r@ st-a ! then
  then rdrop ;
: stress ( n -- bad ) \ n steps, heap-check every 64; then frees every slot
  0 st-bad ! 16 0 do 0 i st-a ! 0 i st-s ! loop
  0 ?do st-op i 63 and 0= if st-heap-ok 0= if 1 st-bad +! then then loop
  16 0 do i st-a @ ?dup if i st-check st-free 0= if 1 st-bad +! then then loop
  st-heap-ok 0= if 1 st-bad +! then st-bad @ ;
T{ 12345 seed ! 2000 stress -> 0 }T
T{ sh heap-stats -> 8176 0 8176 1 }T
variable h4
T{ 32 init-heap-header h4 ! 3000 h4 @ expand-heap 3000 h4 @ expand-heap -> }T
T{ h4 @ to st-heap 777 seed ! 2000 stress 0 to st-heap -> 0 }T
T{ h4 @ heap-stats nip nip nip -> 2 }T

previous
T{ get-order -> forth-wordlist 1 }T
