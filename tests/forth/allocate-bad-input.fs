\ The allocator refuses bad input cleanly: sizes that would wrap, pointers
\ that are not blocks of the heap (also where a block's data looks like a
\ header), double frees, heap handles that are not heaps, heaps larger than
\ the RAM left. The plain words return failure, the words without a flag
\ (the `!` words, expand-heap, heap-stats, the words making heaps) raise
\ x-memory-management-failure, and the heap stays consistent (heap-check
\ true) after each. Before a shared heap exists every shared word raises
\ x-no-shared-heap.
get-order allocate-wordlist swap 1+ set-order
get-order allocate-internal-wordlist swap 1+ set-order
: sh ( -- heap ) shared-heap @ ;
: no-shared-heap ( -- ) 0 shared-heap ! ;
previous
: ok? ( -- f ) sh heap-check ;
variable b1
variable b2
variable b3
: bytes-are ( addr u c -- f ) \ every byte of addr u is c
  swap 0 ?do over i + c@ over <> if 2drop unloop false exit then loop 2drop true ;

testing every shared word raises x-no-shared-heap before init-shared-heap
T{ no-shared-heap -> }T
T{ 16 ' allocate try nip -> ' x-no-shared-heap }T
T{ 16 ' allocate! try nip -> ' x-no-shared-heap }T
T{ 0 ' free try nip -> ' x-no-shared-heap }T
T{ 64 ' free try nip -> ' x-no-shared-heap }T
T{ 0 ' free! try nip -> ' x-no-shared-heap }T
T{ 0 16 ' resize try nip nip -> ' x-no-shared-heap }T
T{ 0 16 ' resize! try nip nip -> ' x-no-shared-heap }T
T{ 4096 128 init-shared-heap ok? -> -1 }T
T{ 100 allocate swap b1 ! -> -1 }T
T{ b1 @ 100 $5A fill 40 allocate swap b2 ! -> -1 }T

testing sizes near the top of the address space fail without wrapping
T{ $FFFFFFFF allocate -> 0 0 }T
T{ $FFFFFFF8 allocate -> 0 0 }T
T{ $FFFFFFF9 allocate -> 0 0 }T
T{ $FFFFFFF1 allocate -> 0 0 }T
T{ $FFFFFFF0 allocate -> 0 0 }T
T{ $FFFFFFE9 allocate -> 0 0 }T
T{ $80000000 allocate -> 0 0 }T
T{ $7FFFFFFF allocate -> 0 0 }T
T{ $01000000 allocate -> 0 0 }T
T{ 4096 allocate -> 0 0 }T
T{ ok? -> -1 }T
T{ $FFFFFFFF sh allocate-with-heap -> 0 0 }T
T{ $FFFFFFF8 sh allocate-with-heap -> 0 0 }T
T{ $FFFFFFFF ' allocate! try nip -> ' x-memory-management-failure }T
T{ $FFFFFFF8 ' allocate! try nip -> ' x-memory-management-failure }T
T{ b1 @ $FFFFFFFF resize -> b1 @ 0 }T
T{ b1 @ $FFFFFFF8 resize -> b1 @ 0 }T
T{ b1 @ $FFFFFFF1 resize -> b1 @ 0 }T
T{ b1 @ 5000 resize -> b1 @ 0 }T
T{ b1 @ $FFFFFFF8 sh resize-with-heap -> b1 @ 0 }T
T{ 0 $FFFFFFFF resize -> 0 0 }T
T{ b1 @ $FFFFFFFF ' resize! try nip nip -> ' x-memory-management-failure }T
T{ b1 @ 100 $5A bytes-are ok? -> -1 -1 }T

testing pointers that are not blocks of the heap
T{ 8 free -> 0 }T
T{ $FFFFFFF8 free -> 0 }T
T{ $FFFFFFFC free -> 0 }T
T{ $20000000 free -> 0 }T
T{ here aligned 7 + -8 and free -> 0 }T
T{ sh free -> 0 }T
T{ sh 8 + free -> 0 }T
T{ ram-here 7 + -8 and free -> 0 }T
T{ b1 @ 8 - free -> 0 }T
T{ b1 @ 16 - free -> 0 }T
T{ ok? -> -1 }T
T{ b1 @ 1+ free -> 0 }T
T{ b1 @ 4 + free -> 0 }T
T{ b1 @ 2 + free -> 0 }T
T{ b1 @ 7 + free -> 0 }T
T{ b1 @ 8 + free -> 0 }T
T{ b1 @ 16 + free -> 0 }T
T{ b1 @ 64 + free -> 0 }T
T{ b2 @ 8 + free -> 0 }T
T{ ok? -> -1 }T
T{ b2 @ 40 0 fill b2 @ 8 + free b2 @ 16 + free b2 @ 24 + free -> 0 0 0 }T
T{ b1 @ 1+ sh free-with-heap -> 0 }T
T{ b1 @ 4 + ' free! try nip -> ' x-memory-management-failure }T
T{ b1 @ 8 + ' free! try nip -> ' x-memory-management-failure }T
T{ b1 @ 1+ 40 resize -> b1 @ 1+ 0 }T
T{ b1 @ 8 + 40 resize -> b1 @ 8 + 0 }T
T{ b1 @ 8 + 0 resize -> b1 @ 8 + 0 }T
T{ $FFFFFFF8 40 resize -> $FFFFFFF8 0 }T
T{ 8 40 resize -> 8 0 }T
T{ b1 @ 4 + 40 ' resize! try nip nip -> ' x-memory-management-failure }T
T{ b1 @ 100 $5A bytes-are ok? -> -1 -1 }T

testing a forged header inside a block is refused by free and resize
\ forge lays down at h what the boundary tags of an in-use block of size
\ bytes looked like before back links: its tag and its copy at h+size,
\ between neighbours that look in use (tag 17, size 16).
: forge ( h size -- ) >r 17 over ! r@ 1 or over cell+ ! r@ 1 or over r@ + ! 17 swap r> + cell+ ! ;
: cells-of ( addr u x -- ) \ every cell of addr u holds x
  -rot 0 ?do 2dup i + ! 4 +loop 2drop ;
: interior-refused ( addr u -- f ) \ free refuses every 8-aligned pointer inside addr u
  true swap 8 ?do over i + free 0= and 8 +loop nip ;
variable fb
T{ 400 allocate swap fb ! -> -1 }T
T{ fb @ 400 0 fill fb @ 16 + 16 forge fb @ 24 + free -> 0 }T
T{ fb @ 24 + sh free-with-heap -> 0 }T
T{ fb @ 24 + 8 resize -> fb @ 24 + 0 }T
T{ fb @ 24 + 40 resize -> fb @ 24 + 0 }T
T{ ok? -> -1 }T
T{ fb @ 16 + 192 forge fb @ 24 + free fb @ 24 + sh free-with-heap -> 0 0 }T
T{ fb @ 24 + 400 resize -> fb @ 24 + 0 }T
T{ ok? -> -1 }T
\ A forged free predecessor: its tag where the old checks looked for it.
T{ fb @ 64 + 16 forge 16 fb @ 64 + ! 16 fb @ 52 + ! fb @ 72 + free -> 0 }T
T{ fb @ 72 + sh free-with-heap fb @ 72 + 8 resize -> 0 fb @ 72 + 0 }T
T{ ok? -> -1 }T
\ A block of one repeated cell looks like headers everywhere.
T{ fb @ 400 17 cells-of fb @ 400 interior-refused ok? -> -1 -1 }T
T{ fb @ 400 25 cells-of fb @ 400 interior-refused ok? -> -1 -1 }T
T{ fb @ free ok? -> -1 -1 }T

testing a block of one heap is not a block of another
variable other
T{ 64 init-heap-header other ! 1024 other @ expand-heap -> }T
T{ b1 @ other @ free-with-heap -> 0 }T
T{ b1 @ 40 other @ resize-with-heap -> b1 @ 0 }T
T{ 40 other @ allocate-with-heap drop b3 ! b3 @ free -> 0 }T
T{ b3 @ 80 resize -> b3 @ 0 }T
T{ b3 @ other @ free-with-heap other @ heap-check ok? -> -1 -1 -1 }T

testing a handle that is not a heap is answered, never followed
T{ 0 heap-check -> 0 }T
T{ -8 heap-check -> 0 }T
T{ $FFFFFFF8 heap-check -> 0 }T
T{ 12345 heap-check -> 0 }T
T{ ram-origin heap-check -> 0 }T
T{ b1 @ heap-check sh 8 + heap-check sh 1+ heap-check -> 0 0 0 }T
T{ 16 0 allocate-with-heap -> 0 0 }T
T{ 16 -8 allocate-with-heap -> 0 0 }T
T{ 16 b1 @ allocate-with-heap -> 0 0 }T
T{ b1 @ 0 free-with-heap -> 0 }T
T{ 0 12345 free-with-heap -> 0 }T
T{ b1 @ $FFFFFFF8 free-with-heap -> 0 }T
T{ b1 @ 40 0 resize-with-heap -> b1 @ 0 }T
T{ 0 40 b1 @ resize-with-heap -> 0 0 }T
T{ 0 ' heap-stats try nip -> ' x-memory-management-failure }T
T{ 12345 ' .heap try nip -> ' x-memory-management-failure }T
T{ 1024 0 ' expand-heap try nip nip -> ' x-memory-management-failure }T
T{ ram-here 1024 b1 @ ' expand-heap try nip nip swap ram-here = -> ' x-memory-management-failure -1 }T
T{ ok? b1 @ 100 $5A bytes-are -> -1 -1 }T

testing double free, also after the block was merged with a neighbour
T{ b2 @ free b2 @ free -> -1 0 }T
T{ b2 @ ' free! try nip -> ' x-memory-management-failure }T
T{ b2 @ 40 resize -> b2 @ 0 }T
T{ ok? -> -1 }T
T{ 32 allocate drop b2 ! 32 allocate drop b3 ! -> }T
T{ b2 @ free b3 @ free -> -1 -1 }T
T{ b3 @ free b2 @ free b3 @ 8 resize -> 0 0 b3 @ 0 }T
T{ ok? b1 @ 100 $5A bytes-are -> -1 -1 }T

testing expand-heap refuses regions too small or too large
T{ 0 sh ' expand-heap try nip nip -> ' x-memory-management-failure }T
T{ 31 sh ' expand-heap try nip nip -> ' x-memory-management-failure }T
T{ $FFFFFFFF sh ' expand-heap try nip nip -> ' x-memory-management-failure }T
T{ ram-here 16 sh ' expand-heap try drop 2drop ram-here = -> -1 }T
T{ ok? b1 @ free ok? -> -1 -1 -1 }T
T{ sh heap-stats -> 4080 0 4080 1 }T

testing a heap larger than the RAM left is refused and takes nothing
: ram-left ( -- u ) ram-limit ram-here - ;
variable rh
variable sh-was
: kept? ( -- f ) \ RAM HERE and the shared heap as they were, the heap consistent
  ram-here rh @ = sh sh-was @ = and ok? and ;
: before ( -- ) ram-here rh ! sh sh-was ! ;
T{ before ram-left 128 ' init-shared-heap try nip nip kept? -> ' x-memory-management-failure -1 }T
T{ before ram-left 900 - 128 ' init-shared-heap try nip nip kept? -> ' x-memory-management-failure -1 }T
T{ before $FFFFF8 128 ' init-shared-heap try nip nip kept? -> ' x-memory-management-failure -1 }T
T{ before $7FFFFFF8 128 ' init-shared-heap try nip nip kept? -> ' x-memory-management-failure -1 }T
T{ before -64 128 ' init-shared-heap try nip nip kept? -> ' x-memory-management-failure -1 }T
T{ before ram-left 8 + sh ' expand-heap try nip nip kept? -> ' x-memory-management-failure -1 }T
: leaving-900 ( xt -- i*x ) \ runs xt with 900 bytes of RAM dictionary space left
  ram-left 900 - dup ram-allot >r execute r> negate ram-allot ;
: header-refused ( -- exc f ) before 64 ['] init-heap-header try nip kept? ;
T{ ' header-refused leaving-900 -> ' x-memory-management-failure -1 }T

previous
T{ get-order -> forth-wordlist 1 }T
