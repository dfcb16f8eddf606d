\ The heap allocator: any number of heaps in RAM dictionary space, and a
\ shared heap used by allocate, free and resize.
\
\ Blocks. Every block starts with an 8-byte header and its payload, the
\ address handed out, follows at header+8, 8-byte aligned:
\   +0  prev word: the physical predecessor's size+flags word (boundary tag)
\   +4  size+flags: size in bytes (header included, a multiple of 8, >= 16);
\       bit 0 set while the block is in use, bits 1 and 2 clear
\ so a block's own word is repeated at the start of its successor, and bit 0
\ of a block's prev word says whether the predecessor is in use. A free block
\ keeps its list links in its payload: +8 next, +12 prev (the prev link of a
\ list's first block is not kept). Two free blocks are never neighbours.
\
\ Regions. expand-heap takes a region from RAM dictionary space:
\   +0 next region   +4 address of the sentinel   +8 first block ...
\ and the region ends in an 8-byte sentinel header of size 0, in use. The
\ first block's prev word is 1 (an in-use predecessor of size 0).
\
\ Free lists. Block sizes up to the heap's small maximum (16..248 bytes, from
\ high-block-size) have an exact list per 8 bytes, indexed by size/8, with a
\ bitmap of the non-empty ones. Larger blocks live in a TLSF structure: the
\ first level is floor(log2 size) (4..23), the second the next 3 bits, with a
\ first-level bitmap and one second-level bitmap per first level. No search
\ walks a list: allocation pops the exact small list, else the next non-empty
\ small list found in the bitmap, else the first block of a TLSF class whose
\ every block fits. Regions are below 16 MiB, so every size fits the levels.
\
\ allocate and free are code words: when the exact small list is non-empty,
\ or when both neighbours of a small freed block are in use, they finish
\ without leaving the code word; otherwise they jump to the Forth general
\ path. The code words find the shared heap variable and the general path's
\ xt through literal-pool cells that are patched right after the words are
\ compiled (see patch-literal).

[undefined] allocate-wordlist [if]

wordlist constant allocate-wordlist ( -- wid )
: x-memory-management-failure ( -- ) ." memory management failure" ;

get-order allocate-wordlist swap 1+ set-order
allocate-wordlist set-current
wordlist constant allocate-internal-wordlist ( -- wid ) \ the allocator's own words
: x-no-shared-heap ( -- ) ." no shared heap" ;
get-order allocate-internal-wordlist swap 1+ set-order
allocate-internal-wordlist set-current

\ --- the heap header ---------------------------------------------------
\ 0 lo, 4 len8: the first region's first block and (sentinel-lo)/8, which the
\   free fast path checks a pointer against (0 0 while there is no region)
\ 8 slim8: (small maximum - 16)/8   12 small bitmap   16 first-level bitmap
\ 20 region list   24 high-block-size as given   28 small maximum
\ 32 small list heads, 32 cells, by size/8 (0 and 1 stay empty)
\ 160 second-level bitmaps, a cell per first level 4..23
\ 240 TLSF list heads, 8 cells per first level 4..23
code h-len8 ( heap -- addr )
    adds r6, #4
end-code inline
code h-slim8 ( heap -- addr )
    adds r6, #8
end-code inline
code h-sbits ( heap -- addr )
    adds r6, #12
end-code inline
code h-flbits ( heap -- addr )
    adds r6, #16
end-code inline
code h-regions ( heap -- addr )
    adds r6, #20
end-code inline
code h-hbs ( heap -- addr )
    adds r6, #24
end-code inline
code h-smax ( heap -- addr )
    adds r6, #28
end-code inline
code h-heads ( heap -- addr )
    adds r6, #32
end-code inline
code h-sl0 ( heap -- addr ) \ second-level bitmap of level fl at fl cells +
    adds r6, #144
end-code inline
code h-th0 ( heap -- addr ) \ TLSF head of (fl, sl) at fl 8 * sl + cells +
    adds r6, #112
end-code inline
880 constant heap-header-size ( -- u )
4 constant fl-min ( -- n )
23 constant fl-max ( -- n )
$FFFFE0 constant max-request ( -- u ) \ larger requests fail at once
$FFFFF8 constant max-region ( -- u )  \ expand-heap takes at most this

\ --- bit tools ---------------------------------------------------------
thumb-2? [if]
code log2 ( u -- n ) \ floor(log2 u), u > 0
    clz r6, r6
    rsb r6, r6, #31
end-code inline
code ctz ( u -- n ) \ index of the lowest set bit, u > 0
    rbit r6, r6
    clz r6, r6
end-code inline
[else]
code log2 ( u -- n ) \ floor(log2 u), u > 0: a binary search, no CLZ here
    movs r0, #0
    lsrs r1, r6, #16
    beq 1f
    movs r6, r1
    adds r0, #16
1:  lsrs r1, r6, #8
    beq 2f
    movs r6, r1
    adds r0, #8
2:  lsrs r1, r6, #4
    beq 3f
    movs r6, r1
    adds r0, #4
3:  lsrs r1, r6, #2
    beq 4f
    movs r6, r1
    adds r0, #2
4:  lsrs r1, r6, #1
    beq 5f
    adds r0, #1
5:  movs r6, r0
end-code
: ctz ( u -- n ) \ index of the lowest set bit, u > 0
  dup negate and log2 ;
[then]

code move-cells ( src dst u -- ) \ copies u bytes, u a multiple of 8, forwards
    ldmia r7!, {r0, r1}
    cmp r6, #0
    beq 2f
1:  ldr r2, [r1]
    ldr r3, [r1, #4]
    adds r1, #8
    str r2, [r0]
    str r3, [r0, #4]
    adds r0, #8
    subs r6, #8
    bne 1b
2:  ldmia r7!, {r6}
end-code

\ --- blocks ------------------------------------------------------------
: size-of ( h -- size ) cell+ @ -8 and ;
: set-block ( h v -- ) \ v as the size+flags of h and the prev word of its successor
  2dup swap cell+ ! tuck -8 and + ! ;
: tlsf-index ( size -- fl sl ) dup log2 tuck 3 - rshift 7 and ;

\ --- free lists ----------------------------------------------------------
: push-list ( h head-addr -- was-empty? )
  dup @ >r over swap ! r@ over 8 + ! r> ?dup if 12 + ! false else drop true then ;
: unlink-from ( h head-addr -- now-empty? )
  2dup @ = if swap 8 + @ dup rot ! 0= exit then
  drop dup 12 + @ swap 8 + @ 2dup swap 8 + ! ?dup if 12 + ! else drop then false ;
: bits-set ( mask addr -- ) tuck @ or swap ! ;
: bits-clear ( mask addr -- ) tuck @ swap invert and swap ! ;

: insert-small ( h size heap -- )
  >r 3 rshift dup cells r@ h-heads + rot swap push-list
  if 1 swap lshift r@ h-sbits bits-set else drop then rdrop ;
: tlsf-head ( size heap -- head-addr ) \ the TLSF list for blocks of this size
  >r tlsf-index swap 3 lshift + cells r> h-th0 + ;
: insert-tlsf ( h size heap -- )
  >r dup r@ tlsf-head rot swap push-list
  if tlsf-index 1 swap lshift over cells r@ h-sl0 + bits-set 1 swap lshift r@ h-flbits bits-set
  else drop then rdrop ;
: insert-block ( h size heap -- ) \ files a free block in its list
  2dup h-smax @ u> if insert-tlsf else insert-small then ;

: unlink-small ( h size heap -- )
  >r 3 rshift dup cells r@ h-heads + rot swap unlink-from
  if 1 swap lshift r@ h-sbits bits-clear else drop then rdrop ;
: unlink-tlsf ( h size heap -- )
  >r dup r@ tlsf-head rot swap unlink-from
  if tlsf-index 1 swap lshift over cells r@ h-sl0 + tuck bits-clear @
    0= if 1 swap lshift r@ h-flbits bits-clear else drop then
  else drop then rdrop ;
: unlink-block ( h heap -- ) \ takes a free block off its list
  over size-of swap 2dup h-smax @ u> if unlink-tlsf else unlink-small then ;

\ --- finding a block -----------------------------------------------------
: request>size ( u -- size|0 ) \ block size for u payload bytes; 0 if too big
  dup max-request u> if drop 0 exit then 15 + -8 and 16 max ;
: find-small ( size heap -- h|0 ) \ first block of the first non-empty small list that fits
  >r 3 rshift -1 swap lshift r@ h-sbits @ and dup if ctz cells r@ h-heads + @ then rdrop ;
: exact-head ( size heap -- h|0 ) \ the first block of size's own TLSF class, if it fits
  >r dup tlsf-index swap 3 lshift + cells r> h-th0 + @
  dup if tuck size-of u> if drop 0 then else nip then ;
: find-tlsf ( size heap -- h|0 ) \ first block of a TLSF class whose blocks all fit,
  \ else the first block of size's own class when it is big enough
  >r dup dup log2 3 - 1 swap lshift 1- + dup max-region u> if 2drop rdrop 0 exit then
  tlsf-index -1 swap lshift over cells r@ h-sl0 + @ and
  ?dup if ctz swap 3 lshift + cells r> h-th0 + @ nip exit then
  1+ -1 swap lshift r@ h-flbits @ and ?dup 0= if r> exact-head exit then
  ctz dup cells r@ h-sl0 + @ ctz swap 3 lshift + cells r> h-th0 + @ nip ;
: find-block ( size heap -- h|0 )
  2dup h-smax @ u> 0= if 2dup find-small ?dup if nip nip exit then then find-tlsf ;
: use-block ( h size heap -- ) \ h free and unlinked: in use, the rest split off and filed
  >r over size-of over - dup 16 u< if 2drop dup size-of 1 or set-block rdrop exit then
  >r 2dup 1 or set-block + dup r@ set-block r> r> insert-block ;
: alloc-block ( size heap -- h|0 )
  2dup find-block ?dup 0= if 2drop 0 exit then
  dup 2 pick unlink-block dup >r -rot use-block r> ;

\ --- validating a pointer ------------------------------------------------
: find-region ( h heap -- region|0 ) \ the region whose blocks hold h
  h-regions @ begin dup while
    2dup 8 + 2 pick cell+ @ within if nip exit then @
  repeat nip ;
: prev-ok? ( h region -- f ) \ the predecessor's word agrees with its size
  8 + 2dup = if drop @ 1 = exit then
  ( h first ) over @ -8 and ( h first ps ) dup 16 u< if 2drop drop false exit then
  >r over swap - r@ u< if drop rdrop false exit then
  dup r> - cell+ @ swap @ = ;
: check-block ( addr heap -- h|0 ) \ the header of an in-use block, 0 if addr is none
  over 7 and if 2drop 0 exit then
  >r 8 - dup r> find-region ?dup 0= if drop 0 exit then ( h region )
  over cell+ @ dup 7 and 1 <> if 2drop drop 0 exit then ( h region v )
  -8 and dup 16 u< if 2drop drop 0 exit then
  over cell+ @ 3 pick - over u< if 2drop drop 0 exit then ( h region size )
  2 pick + @ 2 pick cell+ @ <> if 2drop 0 exit then
  over swap prev-ok? 0= if drop 0 then ;

\ --- freeing -------------------------------------------------------------
: merge-next ( h size heap -- h size' ) \ absorbs a free successor
  >r 2dup + dup cell+ @ dup 1 and if 2drop rdrop exit then
  swap dup r> unlink-block 0 swap cell+ ! + ;
: merge-prev ( h size heap -- h' size' ) \ is absorbed by a free predecessor
  >r over @ dup 1 and if drop rdrop exit then
  -8 and rot 0 over cell+ ! over - dup r> unlink-block -rot + ;
: free-block ( h heap -- ) \ h a checked in-use block
  >r dup size-of r@ merge-next r@ merge-prev 2dup set-block r> insert-block ;

\ --- resizing ------------------------------------------------------------
: shrink-block ( h size heap -- ) \ h in use keeps size bytes; the rest is freed
  >r over size-of over - dup 16 u< if 2drop drop rdrop exit then
  >r 2dup 1 or set-block + r> r@ merge-next 2dup set-block r> insert-block ;
: grow-block ( h size heap -- f ) \ extends h in place over a free successor
  >r over size-of 2 pick over + dup cell+ @ dup 1 and if 2drop 2drop drop rdrop false exit then
  rot + 2 pick over u> if 2drop 2drop rdrop false exit then
  swap dup r@ unlink-block 0 swap cell+ !
  rot dup rot 1 or set-block swap r> shrink-block true ;

\ --- the words on a given heap ---------------------------------------------
allocate-wordlist set-current
: allocate-with-heap ( u heap -- addr -1 | 0 0 )
  swap request>size ?dup 0= if drop 0 0 exit then
  swap alloc-block ?dup if 8 + true else 0 0 then ;
allocate-internal-wordlist set-current
allocate-wordlist set-current
: free-with-heap ( addr heap -- -1|0 )
  over 0= if 2drop true exit then
  tuck check-block ?dup 0= if drop false exit then swap free-block true ;
allocate-internal-wordlist set-current
allocate-wordlist set-current
: resize-with-heap ( addr u heap -- addr' -1 | addr 0 )
  >r over 0= if nip r> allocate-with-heap exit then
  dup 0= if drop dup r> free-with-heap if drop 0 true else false then exit then
  over r@ check-block ?dup 0= if drop false rdrop exit then
  swap request>size ?dup 0= if drop false rdrop exit then ( addr h size )
  over size-of over u< 0= if r> shrink-block true exit then
  2dup r@ grow-block if 2drop rdrop true exit then
  r@ alloc-block ?dup 0= if drop false rdrop exit then ( addr h h' )
  over 8 + over 8 + 3 pick size-of 8 - move-cells
  swap r> free-block 8 + nip true ;
allocate-internal-wordlist set-current

\ --- making heaps ----------------------------------------------------------
: ram-align8 ( -- ) ram-here 7 + -8 and ram-here - ram-allot ;
allocate-wordlist set-current
: init-heap-header ( high-block-size -- heap )
  ram-align8 ram-here heap-header-size ram-allot
  dup heap-header-size 0 do 0 over i + ! 4 +loop drop
  2dup h-hbs ! swap dup 240 u> if drop 248 else 15 + -8 and 16 max then
  over h-smax ! dup h-smax @ 16 - 3 rshift over h-slim8 ! ;
allocate-internal-wordlist set-current
allocate-wordlist set-current
: expand-heap ( block-size heap -- )
  >r -8 and dup 32 u< over max-region u> or triggers x-memory-management-failure
  ram-align8 ram-here over ram-allot ( size region )
  tuck + 8 - 2dup swap cell+ ! 1 over cell+ ! ( region sentinel )
  over 8 + 1 over ! tuck - 2dup set-block r@ insert-block ( region )
  r@ h-len8 @ 0= if
    dup 8 + r@ ! dup cell+ @ over 8 + - 3 rshift r@ h-len8 !
  then r@ h-regions @ over ! r> h-regions ! ;
allocate-internal-wordlist set-current

\ --- checking and reporting --------------------------------------------------
variable chk-ok
variable chk-free     \ free blocks seen in the regions
variable chk-listed   \ blocks seen on the lists
variable chk-heap
: chk ( f -- ) 0= if 0 chk-ok ! then ;
: list-head ( size heap -- head-addr ) \ the list a free block of this size belongs on
  2dup h-smax @ u> 0= if swap 1 rshift + h-heads exit then tlsf-head ;
: on-list? ( h head-addr -- f ) \ walks at most 100000 links
  @ 100000 0 do dup 0= if unloop 2drop false exit then
    2dup = if unloop 2drop true exit then 8 + @ loop 2drop false ;
: chk-region ( region -- ) \ the blocks tile the region, tags agree, free ones are listed
  dup cell+ @ swap 8 + 1 ( sentinel p prev-word )
  begin 2 pick 2 pick u> chk-ok @ and while
    over @ = chk
    dup cell+ @ dup 6 and 0= chk dup -8 and ( sentinel p v size )
    dup 16 u< if 2drop 2drop false chk exit then
    3 pick 3 pick - over u< if 2drop 2drop false chk exit then
    over 1 and 0= if
      1 chk-free +!
      2 pick @ 1 and chk \ no free predecessor
      2 pick over + cell+ @ 1 and chk \ no free successor
      2 pick over chk-heap @ list-head on-list? chk
    then
    drop swap dup size-of + swap ( sentinel p' v )
  repeat
  ( sentinel p v ) 2 pick @ = chk 2dup = chk drop cell+ @ 1 = chk ;
variable chk-lo       \ size bounds of the list being checked
variable chk-hi
: chk-list ( head-addr lo hi -- ) \ a list: its blocks free, in range, linked both ways
  chk-hi ! chk-lo ! @ 0 swap begin dup chk-ok @ and while ( prev h )
    1 chk-listed +! chk-listed @ 100000 u< chk
    dup chk-heap @ find-region 0= if false chk 2drop exit then
    dup cell+ @ dup 7 and 0= chk chk-lo @ chk-hi @ within chk
    over if dup 12 + @ 2 pick = chk then
    nip dup 8 + @
  repeat 2drop ;
: tlsf-lo ( fl sl -- size ) \ the smallest size of a TLSF class
  over 3 - lshift 1 rot lshift + ;
: chk-lists ( -- ) \ every list and every bitmap bit
  32 0 do
    i cells chk-heap @ h-heads + ( head-addr )
    dup @ 0<> chk-heap @ h-sbits @ 1 i lshift and 0<> = chk
    i 3 lshift chk-heap @ h-smax @ u> i 2 < or if @ 0= chk else i 3 lshift dup 1+ chk-list then
  loop
  fl-max 1+ fl-min do
    0 8 0 do ( bits )
      j 3 lshift i + cells chk-heap @ h-th0 + ( bits head-addr )
      dup @ if 1 i lshift rot or swap then
      j i tlsf-lo chk-heap @ h-smax @ 8 + max j i 1+ tlsf-lo chk-list
    loop
    dup i cells chk-heap @ h-sl0 + @ = chk
    0<> chk-heap @ h-flbits @ 1 i lshift and 0<> = chk
  loop
  chk-heap @ h-flbits @ fl-max 1+ rshift 0= chk
  chk-heap @ h-flbits @ 1 fl-min lshift 1- and 0= chk ;
: chk-fast-fields ( -- ) \ what the free fast path reads
  chk-heap @ >r
  r@ h-slim8 @ 3 lshift 16 + r@ h-smax @ = chk
  r@ @ ?dup if
    r@ find-region ?dup if
      dup 8 + r@ @ = chk cell+ @ r@ @ - 3 rshift r@ h-len8 @ = chk
    else false chk then
  else r@ h-len8 @ 0= chk r@ h-regions @ 0= chk then rdrop ;
allocate-wordlist set-current
: heap-check ( heap -- -1|0 ) \ verifies every invariant of the heap
  chk-heap ! true chk-ok ! 0 chk-free ! 0 chk-listed !
  chk-heap @ h-regions @ begin dup chk-ok @ and while dup chk-region @ repeat drop
  chk-ok @ if chk-lists then
  chk-free @ chk-listed @ = chk
  chk-fast-fields chk-ok @ ;
allocate-internal-wordlist set-current

variable stat-free
variable stat-used
variable stat-largest
variable stat-blocks
: stat-block ( h -- size )
  dup cell+ @ dup -8 and swap 1 and if dup stat-used +! else
    dup stat-free +! dup stat-largest @ max stat-largest ! then 1 stat-blocks +! nip ;
allocate-wordlist set-current
: heap-stats ( heap -- free used largest-free blocks ) \ sizes of whole blocks, headers included
  0 stat-free ! 0 stat-used ! 0 stat-largest ! 0 stat-blocks !
  h-regions @ begin ?dup while
    dup cell+ @ over 8 + begin 2dup u> while
      dup stat-block dup 16 u< if 2drop dup else + then
    repeat 2drop @
  repeat stat-free @ stat-used @ stat-largest @ stat-blocks @ ;
allocate-internal-wordlist set-current
allocate-wordlist set-current
: .heap ( heap -- ) \ a summary: parameters, regions, block statistics
  cr ." heap " dup h. ." high-block-size " dup h-hbs @ . ." small blocks up to " dup h-smax @ .
  dup h-regions @ begin ?dup while
    cr ."   region " dup h. ." blocks to " dup cell+ @ h. @
  repeat
  dup heap-stats 2swap swap cr ."   free " . ." used " . swap ." largest free " . ." blocks " .
  cr ."   consistent " heap-check . ;
allocate-internal-wordlist set-current

\ --- the shared heap and the fast paths --------------------------------------
variable shared-heap ( -- addr ) \ the heap allocate, free and resize use, or 0
: (shared) ( -- heap ) shared-heap @ dup 0= triggers x-no-shared-heap ;
: allocate-slow ( u -- addr -1|0 ) (shared) allocate-with-heap ;
: free-slow ( addr -- -1|0 ) (shared) free-with-heap ;
: patch-literal ( x magic xt -- ) \ build time: the literal cell holding magic gets x
  1 invert and 3 + -4 and 256 over + swap do
    dup i @ = if drop i ! unloop exit then 4 +loop
  ." patch-literal: no cell " h. drop abort ;

forth-wordlist set-current
\ allocate: r2 the heap, r0 the class (block size / 8), r1 the block. The
\ class of a request u is (u+15)/8; classes 0 and 1 are always empty, so
\ u = 0 and requests that wrap around take the general path.
\ free: r3 the block's header, r1 its successor's header - 16.
thumb-2? [if]
code allocate ( u -- addr -1|0 )
    ldr r2, =0x5A11C0A1
    ldr r2, [r2]
    cbz r2, 8f
    adds r0, r6, #15
    lsrs r0, r0, #3
    cmp r0, #32
    bhs 8f
    add r3, r2, r0, lsl #2
    ldr r1, [r3, #32]
    cbz r1, 8f
    ldr r6, [r1, #8]
    str r6, [r3, #32]
    cbz r6, 7f
6:  ldr r6, [r1, #4]
    adds r6, #1
    str r6, [r1, #4]
    add r3, r1, r0, lsl #3
    str r6, [r3]
    adds r1, #8
    str r1, [r7, #-4]!
    mov r6, #-1
    bx lr
7:  movs r6, #1
    lsls r6, r0
    ldr r3, [r2, #12]
    bics r3, r6
    str r3, [r2, #12]
    b 6b
8:  ldr r0, =0x5A11C0A2
    bx r0
end-code
code free ( addr -- -1|0 )
    ldr r2, =0x5A11C0A3
    ldr r2, [r2]
    cbz r2, 8f
    subs r3, r6, #8
    ldrd r0, r1, [r2]
    subs r0, r3, r0
    cmp r1, r0, ror #3
    bls 8f
    ldrd ip, r0, [r3]
    tst ip, #1
    beq 8f
    subs r1, r0, #17
    ldr ip, [r2, #8]
    cmp ip, r1, ror #3
    bcc 8f
    adds r1, r3, r1
    ldrd ip, r6, [r1, #16]
    cmp ip, r0
    bne 7f
    tst r6, #1
    beq 7f
    subs r0, #1
    str r0, [r3, #4]
    str r0, [r1, #16]
    add r1, r2, r0, lsr #1
    ldr r6, [r1, #32]
    str r6, [r3, #8]
    cbz r6, 5f
    str r3, [r6, #12]
4:  str r3, [r1, #32]
    mov r6, #-1
    bx lr
5:  lsrs r0, r0, #3
    movs r6, #1
    lsls r6, r0
    ldr r0, [r2, #12]
    orrs r0, r6
    str r0, [r2, #12]
    b 4b
7:  adds r6, r3, #8
8:  ldr r0, =0x5A11C0A4
    bx r0
end-code
[else]
code allocate ( u -- addr -1|0 )
    ldr r2, =0x5A11C0A1
    ldr r2, [r2]
    cmp r2, #0
    beq 8f
    movs r0, r6
    adds r0, #15
    lsrs r0, r0, #3
    cmp r0, #32
    bhs 8f
    lsls r3, r0, #2
    adds r3, r2
    ldr r1, [r3, #32]
    cmp r1, #0
    beq 8f
    ldr r6, [r1, #8]
    str r6, [r3, #32]
    cmp r6, #0
    beq 7f
6:  ldr r6, [r1, #4]
    adds r6, #1
    str r6, [r1, #4]
    lsls r3, r0, #3
    adds r3, r1
    str r6, [r3]
    adds r1, #8
    subs r7, #4
    str r1, [r7]
    movs r6, #0
    mvns r6, r6
    bx lr
7:  movs r6, #1
    lsls r6, r0
    ldr r3, [r2, #12]
    bics r3, r6
    str r3, [r2, #12]
    b 6b
8:  ldr r0, =0x5A11C0A2
    bx r0
end-code
code free ( addr -- -1|0 )
    ldr r2, =0x5A11C0A3
    ldr r2, [r2]
    cmp r2, #0
    beq 8f
    movs r3, r6
    subs r3, #8
    ldr r0, [r2]
    subs r0, r3, r0
    movs r1, #3
    rors r0, r1
    ldr r1, [r2, #4]
    cmp r1, r0
    bls 8f
    ldr r0, [r3]
    lsrs r0, r0, #1
    bcc 8f
    ldr r0, [r3, #4]
    movs r1, r0
    subs r1, #17
    movs r6, #3
    rors r1, r6
    ldr r6, [r2, #8]
    cmp r6, r1
    bcc 7f
    lsls r1, r1, #3
    adds r1, r3
    ldr r6, [r1, #16]
    cmp r6, r0
    bne 7f
    ldr r6, [r1, #20]
    lsrs r6, r6, #1
    bcc 7f
    subs r0, #1
    str r0, [r3, #4]
    str r0, [r1, #16]
    lsrs r1, r0, #1
    adds r1, r2
    ldr r6, [r1, #32]
    str r6, [r3, #8]
    cmp r6, #0
    beq 5f
    str r3, [r6, #12]
4:  str r3, [r1, #32]
    movs r6, #0
    mvns r6, r6
    bx lr
5:  lsrs r0, r0, #3
    movs r6, #1
    lsls r6, r0
    ldr r0, [r2, #12]
    orrs r0, r6
    str r0, [r2, #12]
    b 4b
7:  movs r6, r3
    adds r6, #8
8:  ldr r0, =0x5A11C0A4
    bx r0
end-code
[then]
shared-heap $5A11C0A1 ' allocate patch-literal
' allocate-slow $5A11C0A2 ' allocate patch-literal
shared-heap $5A11C0A3 ' free patch-literal
' free-slow $5A11C0A4 ' free patch-literal

: resize ( addr u -- addr' -1 | addr 0 ) (shared) resize-with-heap ;
: allocate! ( u -- addr ) allocate averts x-memory-management-failure ;
: resize! ( addr u -- addr' ) resize averts x-memory-management-failure ;
: free! ( addr -- ) free averts x-memory-management-failure ;

allocate-wordlist set-current
: init-shared-heap ( heap-size high-block-size -- ) \ a new heap becomes the shared heap
  init-heap-header tuck expand-heap shared-heap ! ;

forth-wordlist set-current
previous previous
[then]
