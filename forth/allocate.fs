\ The heap allocator: any number of heaps in RAM dictionary space, and a
\ shared heap used by allocate, free and resize. Every offset and limit
\ below is a fact of the build's layout (crates/meta/src/layout.rs): code
\ words name it as a symbol (BLOCK_TAG), and Forth, for those its words use,
\ as a constant (block-tag).
\
\ A block: an 8-byte header h, then the payload p, the address handed out.
\
\   h                            p = h + BLOCK_PAYLOAD, 8-aligned
\   +-------------+-------------+-------------------------------------+
\   | back link   | tag         | in use: the user's bytes            |
\   |             |             | free:   next     | prev     | ...   |
\   +-------------+-------------+-------------------------------------+
\   h+BLOCK_BACK  h+BLOCK_TAG   p+LINK_NEXT      p+LINK_PREV
\   p+PAYLOAD_BACK p+PAYLOAD_TAG
\
\   back link  the physical predecessor's header, BLOCK_IN_USE (bit 0) set
\              while the predecessor is in use
\   tag        the size in bytes (header included, a multiple of 8, at least
\              BLOCK_MIN), BLOCK_IN_USE set while the block is in use, bits 1
\              and 2 clear
\   next prev  a free block's neighbours on its list, as payloads; on
\              Thumb-2 the prev link of a list's first block is the list's
\              head cell, which stands for a block whose next link it is
\              (LINK_NEXT is 0), so a block leaves any list the same way
\
\ So the start of a block's successor points back at the block. Freeing a
\ pointer checks that the block's successor links back to it: user data
\ would have to hold its own address to pass for a header, which copied or
\ repeated data does not, so a pointer into a block's payload is refused
\ even where the payload looks like a header. Two free blocks are never
\ neighbours.
\
\ A region: expand-heap takes one from RAM dictionary space.
\
\   +------+----------+---------+-- ... --+---------+-------------+
\   | next | sentinel | block   |         | block   | header:     |
\   |      | address  |         |         |         | 0, in use   |
\   +------+----------+---------+-- ... --+---------+-------------+
\   +REGION_NEXT      +REGION_FIRST                 the sentinel
\          +REGION_SENTINEL
\
\ The first block's back link is the region's address with bit 0 set: the
\ region's own 8 bytes stand for a predecessor in use.
\
\ A heap: a handle is the address H of its list heads, with the scalar
\ fields below it (HEAP_SELF ..., which h-self ... add to H in Forth).
\
\   H-40 top      the top, or 0     H-16 sbits   small lists in use
\   H-36 self     H inverted        H-12 lo      } the first region: its first
\   H-32 smax     small maximum     H-8  len8    } payload, its length / 8
\   H-28 hbs      as given          H-4  slim8   (small maximum - 16) / 8
\   H-24 regions  the newest region
\   H-20 flbits   first levels in use
\   H + 8c                  the head of small list c, for blocks of 8c bytes
\   H + 8fl + HEAP_SL_BITS  the second-level bitmap of first level fl
\   H + HEAP_TLSF_HEADS + 4(8fl + sl)  the head of TLSF list (fl, sl)
\
\ Free lists. Block sizes up to the heap's small maximum (16..248 bytes, from
\ high-block-size) have an exact list per 8 bytes, indexed by size/8, with a
\ bitmap of the non-empty ones. Larger blocks live in a TLSF structure: the
\ first level is floor(log2 size) (4..23), the second the next 3 bits, with a
\ first-level bitmap and one second-level bitmap per first level.
\ Allocation pops the exact small list, else the next non-empty small list
\ found in the bitmap; a large request takes the first block of its own TLSF
\ class when that is big enough (any of the class's first eight), else the
\ first block of a class whose every block fits; and when no list has a
\ block that fits, the top. So no search walks more than a fixed number of
\ blocks. Regions are below 16 MiB, so every size fits the levels.
\
\ The top. The first region's block starts as the top: a free block kept on
\ no size list but on a list of its own, whose head cell is the heap's top
\ field, so that unlinking and relinking treat it as any block. Requests
\ split it when no list serves them, the rest staying the top, and a block
\ freed next to it joins it, in free's fast path too: a heap used as a
\ stack (freed in the reverse order) never touches a size list. A block
\ resized into the top takes what it needs and the rest stays the top. A
\ top used up whole (less than a block's worth left), or absorbed when a
\ resize moves a block down over its free neighbours, is gone until the
\ heap is made again; every path stays correct without it.
\
\ Resize keeps a block that already fits the new size, growing within its
\ slack or shrinking, in place and whole: the rest comes back when the block
\ is freed, and the common resize costs a check and a compare.
\
\ Cost. allocate, free and resize are code words: when the exact small list
\ is non-empty or the next small list above it has a block to split, when
\ both neighbours of a small freed block are in use or its successor is the
\ top, and when a resized block already fits, they finish without leaving
\ the code word (`cargo xtask bench alloc --explain TRACE:OP` lists the
\ paths instruction by instruction).
\ Otherwise they continue, on Thumb-2, in heap-core, which does every other
\ case in hand-written code too: splits that leave the rest in the same TLSF
\ list relink it in place, a free neighbour that stays in its list absorbs
\ the block in place, resize grows into a free successor or moves down into
\ a free predecessor before it copies. On ARMv6-M (no CLZ, no Thumb-2) the
\ fast paths have their own Thumb-1 versions, and heap-core its own in
\ allocate-armv6m.fs, with the same entries, checks and invariants. The
\ code words name the shared heap variable and heap-core's entries as
\ assembler symbols, made by equ once each is known.

[undefined] allocate-wordlist [if]

wordlist constant allocate-wordlist ( -- wid )
: x-memory-management-failure ( -- ) ." memory management failure" ;

get-order allocate-wordlist swap 1+ set-order
allocate-wordlist set-current
wordlist constant allocate-internal-wordlist ( -- wid ) \ the allocator's own words
: x-no-shared-heap ( -- ) \ says how to make one, as a user at the console needs
  ." no shared heap (make one with init-shared-heap, in allocate-wordlist)" ;
get-order allocate-internal-wordlist swap 1+ set-order
allocate-internal-wordlist set-current

\ --- the heap header ---------------------------------------------------
\ The fields below H have negative offsets, so that a size in bytes indexes
\ its small list's head directly and the free fast path loads lo, len8 and
\ slim8 with one instruction. heap-self makes a heap handle an address whose
\ cell there holds it inverted (see heap?), so a wild handle is refused, not
\ followed; lo and len8 are 0 while there is no region. These words, one
\ instruction each, give the fields' addresses.
code h-top ( heap -- addr )
    subs r6, #-HEAP_TOP
end-code inline
code h-self ( heap -- addr )
    subs r6, #-HEAP_SELF
end-code inline
code h-smax ( heap -- addr )
    subs r6, #-HEAP_SMAX
end-code inline
code h-hbs ( heap -- addr )
    subs r6, #-HEAP_HBS
end-code inline
code h-regions ( heap -- addr )
    subs r6, #-HEAP_REGIONS
end-code inline
code h-flbits ( heap -- addr )
    subs r6, #-HEAP_FLBITS
end-code inline
code h-sbits ( heap -- addr )
    subs r6, #-HEAP_SBITS
end-code inline
code h-lo ( heap -- addr )
    subs r6, #-HEAP_LO
end-code inline
code h-len8 ( heap -- addr )
    subs r6, #-HEAP_LEN8
end-code inline
code h-slim8 ( heap -- addr )
    subs r6, #-HEAP_SLIM8
end-code inline
code h-th0 ( heap -- addr ) \ TLSF head of (fl, sl) at fl 8 * sl + cells +
    adds r6, #HEAP_TLSF_HEADS
end-code inline
: sl-bits ( fl heap -- addr ) \ the second-level bitmap of first level fl
  swap 3 lshift + heap-sl-bits + ;

\ --- bit tools ---------------------------------------------------------
thumb-2? [if]
code log2 ( u -- n ) \ floor(log2 u), u > 0
    clz r6, r6
    rsb r6, r6, #31
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
[then]


\ --- heap handles ------------------------------------------------------
: heap? ( x -- f ) \ is x a heap made by init-heap-header? Only RAM is read
  dup [ ram-origin heap-fields-size + ] literal -
  [ ram-end heap-header-size - ram-origin heap-fields-size + - ] literal u<
  over 7 and 0= and if dup h-self @ invert = else drop false then ;

\ --- blocks ------------------------------------------------------------
: size-of ( h -- size ) block-tag + @ -8 and ;
: set-block ( h v -- ) \ v as the tag of h, and h's back link in its successor
  2dup swap block-tag + ! 2dup block-in-use and or -rot -8 and + ! ;
: tlsf-index ( size -- fl sl ) dup log2 tuck 3 - rshift 7 and ;
: find-region ( h heap -- region|0 ) \ the region whose blocks hold h
  h-regions @ begin dup while
    2dup region-first + 2 pick region-sentinel + @ within if nip exit then @
  repeat nip ;

\ --- free lists ----------------------------------------------------------
: push-list ( h head-addr -- was-empty? ) \ lists link payloads: link-next, link-prev
  swap block-payload + 2dup link-prev + ! swap dup @ >r 2dup ! drop r@ over ! r>
  ?dup if link-prev + ! false else drop true then ;
: unlink-from ( h head-addr -- now-empty? )
  swap block-payload + swap 2dup @ = if swap @ dup rot ! 0= exit then
  drop dup link-prev + @ swap @ 2dup swap ! ?dup if link-prev + ! else drop then false ;
: head>block ( head-addr -- h|0 ) \ the header of a list's first block
  @ dup if block-payload - then ;
: bits-set ( mask addr -- ) tuck @ or swap ! ;
: bits-clear ( mask addr -- ) tuck @ swap invert and swap ! ;

: insert-small ( h size heap -- )
  >r 3 rshift dup 3 lshift r@ + rot swap push-list
  if 1 swap lshift r@ h-sbits bits-set else drop then rdrop ;
: tlsf-head ( size heap -- head-addr ) \ the TLSF list for blocks of this size
  >r tlsf-index swap 3 lshift + cells r> h-th0 + ;
: insert-tlsf ( h size heap -- )
  >r dup r@ tlsf-head rot swap push-list
  if tlsf-index 1 swap lshift over r@ sl-bits bits-set 1 swap lshift r@ h-flbits bits-set
  else drop then rdrop ;
: insert-block ( h size heap -- ) \ files a free block in its list
  2dup h-smax @ u> if insert-tlsf else insert-small then ;

\ The general path: on Thumb-2 profiles the code word heap-core below; on
\ ARMv6-M the same in Thumb-1, in its own file.
thumb-2? 0= [if] include allocate-armv6m.fs [then]

thumb-2? [if]
\ heap-core: the whole general path for Thumb-2 profiles, one code word so
\ that its parts call each other with bl. It starts with a table of entries,
\ four bytes apart, which equ names after it for the words that jump in:
\   core_alloc_with     ( u heap -- addr -1 | 0 0 )          allocate-with-heap
\   core_free_with      ( addr heap -- -1|0 )                free-with-heap
\   core_resize_with    ( addr u heap -- addr' -1 | addr 0 ) resize-with-heap
\   core_shared_alloc, core_shared_free, core_shared_resize: the same three
\       on the shared heap, entered from allocate, free and resize with r2
\       holding the shared-heap cell's contents
\   core_alloc_small, core_free_merge, core_resize_first, core_free_large,
\   core_free_succ, core_alloc_large_only: allocate, free, resize, free
\       twice more and allocate again, entered where their fast paths stop
\       with part of the work done
\ Inside, r2 is the heap H. A block is mostly held by its payload p: its
\ header's fields are then at p + PAYLOAD_BACK and p + PAYLOAD_TAG, and
\ p + size is its successor's payload. Subroutines: unlink and insert take a
\ free block's payload in r0 and its size in r1 and clobber r3 and ip only;
\ alloc_block takes a block size in r1 and returns a payload (or 0) in r0
\ and the block's size in r1; check takes a payload in r0 and returns its
\ in-use block's size in r1, or 0; free_block takes what check gave.
\
\ A TLSF class in registers: from a size's clz the code takes t = fl - 3, so
\ that size >> t is 8 + sl (the size's top bit, then its three second-level
\ bits), and finds (layout.rs has the heap's diagram)
\   the second-level bitmap of fl  at H + 8t + SLBITS_T
\   the head of list (fl, sl)      at H + 4 (8t + (size >> t)) + HEAD_TOP
\                                  or H + 4 (8t + sl) + HEAD_SL
: raise-no-shared-heap ( -- ) ['] x-no-shared-heap ?raise ;
' raise-no-shared-heap equ raise_no_shared_heap
code heap-core ( -- )
    .equ SLBITS_T, HEAP_SL_BITS + 8 * 3
    .equ HEAD_TOP, HEAP_TLSF_HEADS + 4 * (8 * 3 - 8)
    .equ HEAD_SL, HEAP_TLSF_HEADS + 4 * 8 * 3
    b.w alloc_with
    b.w free_with
    b.w resize_with
    b.w shared_alloc
    b.w shared_free
    b.w shared_resize
    b.w alloc_small
    b.w free_merge
    b.w resize_first
    b.w free_large
    b.w free_succ
    b.w alloc_large_only

@ The shared heap's words: with a heap in r2 they go on as the -with-heap
@ words do once the heap is checked, with the heap pushed as TOS.
shared_resize:
    cbz r2, no_heap
    str r6, [r7, #-4]!
    mov r6, r2
    b resize_entry
shared_alloc:
    cbz r2, no_heap
    str r6, [r7, #-4]!
    mov r6, r2
    b alloc_entry
shared_free:
    cbz r2, no_heap
    str r6, [r7, #-4]!
    mov r6, r2
    b free_entry
no_heap:
    ldr r0, =raise_no_shared_heap
    bx r0

@ The words of allocate-wordlist check their heap (r6) first, as heap?
@ does: a handle that is not a heap fails without being followed.
alloc_with:
    push {lr}
    bl is_heap
    pop {lr}
    beq alloc_entry
    movs r6, #0                 @ ( u heap -- 0 0 )
    str r6, [r7]
    bx lr
free_with:
    push {lr}
    bl is_heap
    pop {lr}
    beq free_entry
    adds r7, #4                 @ ( addr heap -- 0 )
    movs r6, #0
    bx lr
resize_with:
    push {lr}
    bl is_heap
    pop {lr}
    beq resize_entry
    adds r7, #4                 @ ( addr u heap -- addr 0 )
    movs r6, #0
    bx lr
@ is_heap: Z set when r6 is a heap: inside RAM with room for a header,
@ 8-aligned (the ror moves the low bits to the top, so one unsigned compare
@ checks both), and its self field holding it inverted. Uses r0 and r1.
is_heap:
    ldr r0, =RAM_ORIGIN + HEAP_FIELDS_SIZE
    subs r0, r6, r0
    ldr r1, =(RAM_END - HEAP_HEADER_SIZE - RAM_ORIGIN - HEAP_FIELDS_SIZE) >> 3
    cmp r1, r0, ror #3
    bls 1f
    ldr r0, [r6, #HEAP_SELF]
    mvns r0, r0
    cmp r0, r6
    bx lr
1:  movs r0, #1                 @ Z clear: not a heap
    bx lr

@ alloc_small: from allocate, when the list of class r0 = (u+15)/8 is empty
@ or r0 is beyond the small lists. Classes 0 and 1 hold no block: u was 0
@ or so large that u+15 wrapped round, which the general path sorts out.
alloc_small:
    cmp r0, #BLOCK_MIN / 8
    blo shared_alloc
    push {r4, r5, lr}
    @ The block size is the class's, 8r0, when it is a small class; else
    @ the request is measured as the general path measures it.
    lsls r1, r0, #3
    cmp r0, #SMALL_CLASSES
    blo 2f
    mov r1, r6
    bl request_size
    cbz r1, 1f
2:  bl alloc_block
alloc_answer:
    cbz r0, 1f
    str r0, [r7, #-4]!          @ ( addr -1 )
    mov r6, #-1
    pop {r4, r5, pc}
1:  movs r6, #0                 @ ( 0 0 )
    str r6, [r7, #-4]!
    pop {r4, r5, pc}

@ alloc_large_only: from allocate, for the small class r0 (not 0 or 1)
@ when no small list of that class or above has a block: alloc_block
@ from its search of the TLSF lists on.
alloc_large_only:
    push {r4, r5, lr}
    lsls r1, r0, #3
    bl alloc_past_small
    b alloc_answer

@ free_merge: from free, with r6 a payload in the first region and r1 its
@ tag, checked to be a small in-use block's; a neighbour is free, or the
@ successor's back link is still to be checked. Anything doubtful goes to
@ the general path, which checks everything again.
free_merge:
    push {r4, r5, lr}
    mov r4, r6                  @ r4 the payload, r5 its size
    sub r5, r1, #BLOCK_IN_USE
free_known:
    @ The successor must link back to the block, marked in use.
    sub ip, r4, #BLOCK_PAYLOAD
    ldr r3, [ip, r5]
    sub r3, r3, #BLOCK_IN_USE
    cmp r3, ip
    bne 9f
    @ A free predecessor, its header r3, must lie in the region below the
    @ block and end where the block starts.
    ldr r3, [r4, #PAYLOAD_BACK]
    ands r0, r3, #7
    cmp r0, #BLOCK_IN_USE
    beq 1f
    cmp r0, #0
    bne 9f
    cmp r3, ip
    bhs 9f
    ldr r0, [r2, #HEAP_LO]
    sub r0, r0, #BLOCK_PAYLOAD
    cmp r3, r0
    blo 9f
    ldr r0, [r3, #BLOCK_TAG]
    add r0, r0, r3
    cmp r0, ip
    bne 9f
    @ Sound: free it, merging with whichever neighbours are free.
1:  mov r0, r4
    mov r1, r5
    bl free_block
    mov r6, #-1
    pop {r4, r5, pc}
free_doubt:
9:  pop {r4, r5, lr}
    b shared_free

@ free_succ: from free, with r6 a small block's payload and r1 its tag,
@ checked as free_merge checks them, its predecessor in use and its
@ successor free (and not the top): only the merging is left.
free_succ:
    push {r4, r5, lr}
    mov r4, r6
    sub r5, r1, #BLOCK_IN_USE
    bl free_block45
    mov r6, #-1
    pop {r4, r5, pc}

@ free_large: from free, with r6 a payload in the first region whose tag
@ r1 is not a small block's: checked here to be an in-use block's, its size
@ a multiple of 8, at least the smallest, and the block inside the first
@ region (lo and len8), then as free_merge.
free_large:
    push {r4, r5, lr}
    mov r4, r6
    sub r5, r1, #BLOCK_IN_USE
    tst r5, #7
    bne free_doubt
    cmp r5, #BLOCK_MIN
    blo free_doubt
    ldrd r0, r3, [r2, #HEAP_LO]  @ lo and len8
    sub r0, r4, r0
    add r0, r0, r5
    cmp r0, r3, lsl #3
    bhi free_doubt
    b free_known

@ resize_first: from resize, with r0 the payload (the data stack's second
@ cell) of a block in the first region whose size ip and successor's back
@ link have been checked, and u = r6 not 0. A free predecessor is checked
@ here, since a move or a merge may absorb it.
resize_first:
    push {r4, r5, lr}
    mov r1, ip
    @ r4 = the block size u needs (request_size, inline).
    ldr r3, =HEAP_MAX_REQUEST
    cmp r6, r3
    bhi resize_fail
    add r4, r6, #BLOCK_PAYLOAD + 7
    bic r4, r4, #7
    cmp r4, #BLOCK_MIN
    it lo
    movlo r4, #BLOCK_MIN
    @ The back link r3: a predecessor in use is never touched; a free one
    @ must lie in the region below the block and end where the block starts.
    ldr r3, [r0, #PAYLOAD_BACK]
    tst r3, #BLOCK_IN_USE
    bne resize_known
    tst r3, #6
    bne resize_fail
    sub r5, r0, #BLOCK_PAYLOAD
    cmp r3, r5
    bhs resize_fail
    ldr ip, [r2, #HEAP_LO]
    sub ip, ip, #BLOCK_PAYLOAD
    cmp r3, ip
    blo resize_fail
    ldr ip, [r3, #BLOCK_TAG]
    add ip, ip, r3
    cmp ip, r5
    bne resize_fail
    b resize_known

@ alloc_entry ( u heap -- addr -1 | 0 0 ): the block size for u, a block of
@ that size, its payload.
alloc_entry:
    mov r2, r6
    ldr r1, [r7], #4
    push {r4, r5, lr}
    bl request_size
    cbz r1, 1f
    bl alloc_block
    cbz r0, 1f
    str r0, [r7, #-4]!
    mov r6, #-1
    pop {r4, r5, pc}
1:  movs r6, #0
    str r6, [r7, #-4]!
    pop {r4, r5, pc}

@ free_entry ( addr heap -- -1|0 ): 0 frees nothing and succeeds; anything
@ else must be an in-use block of this heap.
free_entry:
    mov r2, r6
    ldr r0, [r7], #4
    cbz r0, 1f
    push {r4, r5, lr}
    bl check
    cbz r1, 2f
    bl free_block
    pop {r4, r5, lr}
1:  mov r6, #-1
    bx lr
2:  movs r6, #0
    pop {r4, r5, pc}

@ resize_entry ( addr u heap -- addr' -1 | addr 0 ): addr 0 allocates,
@ u = 0 frees (and answers 0 -1), else the block is checked and resized:
@ r0 its payload, r1 its size, r4 the size wanted.
resize_entry:
    mov r2, r6
    ldr r1, [r7], #4
    ldr r0, [r7]
    cbnz r0, 1f
    str r1, [r7]
    b alloc_entry
1:  push {r4, r5, lr}
    cbnz r1, 2f
    bl check
    cmp r1, #0
    beq resize_fail
    bl free_block
    movs r3, #0
    str r3, [r7]
    mov r6, #-1
    pop {r4, r5, pc}
2:  bl request_size
    cmp r1, #0
    beq resize_fail
    push {r1}
    bl check
    pop {r4}
resize_checked:
    cmp r1, #0
    beq resize_fail
resize_known:
    @ A block that already fits stays as it is, in place and whole: giving
    @ back its rest would cost a split, a merge and a list insertion on
    @ every shrink, and the rest comes back when the block is freed. (A
    @ block grown into its neighbours below splits off what it does not
    @ need.)
    cmp r1, r4
    bhs 4f
    @ Growing: a free successor r3 (its tag r5) with room enough is taken
    @ off its list and absorbed; the block, in use, links its new successor
    @ back to itself. The rest is then split off as for shrinking.
    add r3, r0, r1
    ldr r5, [r3, #PAYLOAD_TAG]
    tst r5, #BLOCK_IN_USE
    bne resize_back
    add ip, r1, r5
    cmp ip, r4
    blo resize_back
    @ The successor is the top with room to spare (ip the rest, at least
    @ the smallest block): the block grows to r4 bytes and the rest stays
    @ the top, taking over its links; else the successor is absorbed whole.
    ldr lr, [r2, #HEAP_TOP]
    cmp lr, r3
    bne 6f
    subs ip, ip, r4
    cmp ip, #BLOCK_MIN
    blo 6f
    @ (The top's links are read first: the new header may overlap them.)
    ldrd r5, lr, [lr, #LINK_NEXT]
    add r3, r0, r4
    strd r5, lr, [r3, #LINK_NEXT]
    str r3, [lr, #LINK_NEXT]
    adds r5, r4, #BLOCK_IN_USE
    str r5, [r0, #PAYLOAD_TAG]
    sub r5, r0, #BLOCK_PAYLOAD - BLOCK_IN_USE
    str r5, [r3, #PAYLOAD_BACK]
    str ip, [r3, #PAYLOAD_TAG]
    sub r5, r3, #BLOCK_PAYLOAD
    str r5, [r5, ip]
    b 4f
6:  push {r0, r1}
    mov r0, r3
    mov r1, r5
    bl unlink
    pop {r0, r1}
    add r1, r1, r5
    adds r3, r1, #BLOCK_IN_USE
    str r3, [r0, #PAYLOAD_TAG]
    sub ip, r0, #BLOCK_PAYLOAD
    add r3, ip, #BLOCK_IN_USE
    str r3, [ip, r1]
resize_shrink:
    @ The block keeps r4 bytes when the rest r5 can be a block of its own:
    @ the block's tag shrinks, the rest links back to it, merges with a free
    @ successor, and goes on its list. Else the block stays as it is.
    subs r5, r1, r4
    cmp r5, #BLOCK_MIN
    blo 4f
    adds r3, r4, #BLOCK_IN_USE
    str r3, [r0, #PAYLOAD_TAG]
    sub ip, r0, #BLOCK_PAYLOAD - BLOCK_IN_USE
    adds r0, r0, r4
    str ip, [r0, #PAYLOAD_BACK]
    add r3, r0, r5
    ldr r1, [r3, #PAYLOAD_TAG]
    tst r1, #BLOCK_IN_USE
    bne 3f
    push {r0}
    mov r0, r3
    bl unlink
    pop {r0}
    add r5, r5, r1
3:  mov r1, r5
    str r1, [r0, #PAYLOAD_TAG]
    sub ip, r0, #BLOCK_PAYLOAD
    str ip, [ip, r1]
    bl insert
4:  mov r6, #-1
    pop {r4, r5, pc}
@ resize_back: a free predecessor (its header is the block's back link),
@ with the successor when it is free too, makes room: the contents move
@ down into the predecessor. r5 is the successor's tag.
resize_back:
    ldr r3, [r0, #PAYLOAD_BACK]
    tst r3, #BLOCK_IN_USE
    bne resize_move
    @ ip = the predecessor's size + the block's + the successor's if free.
    tst r5, #BLOCK_IN_USE
    it ne
    movne r5, #0
    ldr ip, [r3, #BLOCK_TAG]
    add ip, ip, r1
    add ip, ip, r5
    cmp ip, r4
    blo resize_move
    @ Both free neighbours leave their lists; r0 becomes the predecessor's
    @ payload, the new address.
    push {r4, ip}
    push {r0, r1}
    cbz r5, 1f
    add r0, r0, r1
    mov r1, r5
    push {r3}
    bl unlink
    pop {r3}
    ldrd r0, r1, [sp]
1:  add r0, r3, #BLOCK_PAYLOAD
    ldr r1, [r3, #BLOCK_TAG]
    bl unlink
    pop {r4, r5}
    str r0, [r7]
    @ The payload's bytes copied down from r4 to r1, 8 then 16 at a time.
    push {r0}
    mov r1, r0
    sub r5, r5, #BLOCK_PAYLOAD
    tst r5, #8
    beq 3f
    ldrd r0, r3, [r4], #8
    strd r0, r3, [r1], #8
    subs r5, #8
    beq 4f
3:  ldmia r4!, {r0, r3, ip, lr}
    stmia r1!, {r0, r3, ip, lr}
    subs r5, #16
    bne 3b
    @ The merged block is in use with its successor linking back, and is
    @ shrunk to r4 bytes.
4:  pop {r0}
    pop {r4, r5}
    mov r1, r5
    adds r3, r1, #BLOCK_IN_USE
    str r3, [r0, #PAYLOAD_TAG]
    sub ip, r0, #BLOCK_PAYLOAD
    add r3, ip, #BLOCK_IN_USE
    str r3, [ip, r1]
    b resize_shrink

@ resize_move: a new block, the payload copied into it, the old one freed.
@ The 16-bytes-a-step copy here and in resize_back is written out twice on
@ purpose: a subroutine would need lr for its return, and the copy uses it
@ as a data register, within the bound on resize's cost.
resize_move:
    push {r0, r1}
    mov r1, r4
    bl alloc_block
    cbz r0, 7f
    str r0, [r7]
    ldrd r3, r1, [sp]
    sub r1, r1, #BLOCK_PAYLOAD
    tst r1, #8
    beq 5f
    ldrd ip, lr, [r3], #8
    strd ip, lr, [r0], #8
    subs r1, #8
    beq 6f
5:  ldmia r3!, {r4, r5, ip, lr}
    stmia r0!, {r4, r5, ip, lr}
    subs r1, #16
    bne 5b
6:  pop {r4, r5}
    bl free_block45
    mov r6, #-1
    pop {r4, r5, pc}
7:  add sp, #8
    b resize_fail
resize_fail:
    movs r6, #0
    pop {r4, r5, pc}

@ request_size: a request of r1 bytes becomes a block size in r1 (a header
@ more, rounded up to 8, at least the smallest block), or 0 when it is too
@ large for any region.
request_size:
    ldr r3, =HEAP_MAX_REQUEST
    cmp r1, r3
    bhi 1f
    adds r1, #BLOCK_PAYLOAD + 7
    bic r1, r1, #7
    cmp r1, #BLOCK_MIN
    it lo
    movlo r1, #BLOCK_MIN
    bx lr
1:  movs r1, #0
    bx lr

@ check: is r0 the payload of an in-use block of this heap? The region
@ holding it, the block's flags and size, its successor's back link to it,
@ and a free predecessor's.
check:
    movs r1, #0
    tst r0, #7
    bne 9f
    @ The regions, newest first: r4 one, r3 its sentinel, ip its first
    @ block; r5 the header, which must lie from the first block up to the
    @ sentinel.
    sub r5, r0, #BLOCK_PAYLOAD
    ldr r4, [r2, #HEAP_REGIONS]
1:  cbz r4, 9f
    ldr r3, [r4, #REGION_SENTINEL]
    add ip, r4, #REGION_FIRST
    cmp r5, ip
    blo 2f
    cmp r5, r3
    blo check_region
2:  ldr r4, [r4, #REGION_NEXT]
    b 1b
@ check_region: the same with r5 = the header, inside the region whose
@ first header is ip and sentinel r3.
check_region:
    @ In use, no other flag, at least the smallest size, and ending at or
    @ before the sentinel; r1 the size.
    ldr r4, [r5, #BLOCK_TAG]
    and r1, r4, #7
    cmp r1, #BLOCK_IN_USE
    bne 8f
    subs r1, r4, #BLOCK_IN_USE
    cmp r1, #BLOCK_MIN
    blo 8f
    subs r3, r3, r5
    cmp r3, r1
    blo 8f
    @ The successor links back to the block, marked in use.
    ldr r3, [r5, r1]
    sub r3, r3, #BLOCK_IN_USE
    cmp r3, r5
    bne 8f
    @ A predecessor in use is never touched by freeing, so only a free
    @ one is checked: inside the region below the block, ending at it.
    ldr r3, [r5, #BLOCK_BACK]
    tst r3, #BLOCK_IN_USE
    bne 9f
    tst r3, #6
    bne 8f
    cmp r3, r5
    bhs 8f
    cmp r3, ip
    blo 8f
    ldr ip, [r3, #BLOCK_TAG]
    add ip, ip, r3
    cmp ip, r5
    bne 8f
    bx lr
8:  movs r1, #0
9:  bx lr

@ free_block: r0 the payload of a checked in-use block, r1 its size.
free_block:
    mov r4, r0
    mov r5, r1
@ free_block45: the same with the block in r4 and r5.
free_block45:
    push {lr}
    @ r0 the successor's payload, r1 its tag.
    add r0, r4, r5
    ldr r1, [r0, #PAYLOAD_TAG]
    tst r1, #BLOCK_IN_USE
    bne 1f
    @ Only the successor free, large, and the merged block in its TLSF
    @ list (the size's top four bits, from t = ip, unchanged): the block
    @ takes the successor's place there.
    ldr r3, [r4, #PAYLOAD_BACK]
    tst r3, #BLOCK_IN_USE
    beq 5f
    ldr r3, [r2, #HEAP_SMAX]
    cmp r1, r3
    bls 5f
    add r3, r1, r5
    eor lr, r1, r3
    clz ip, r1
    rsb ip, ip, #28
    lsrs lr, lr, ip
    bne 5f
    @ The block takes over the successor's links, and the blocks (or the
    @ head cell) on either side link to it.
take_place:
    ldrd ip, lr, [r0, #LINK_NEXT]
    strd ip, lr, [r4, #LINK_NEXT]
    str r4, [lr, #LINK_NEXT]
    cmp ip, #0
    it ne
    strne r4, [ip, #LINK_PREV]
    @ The merged block, free: its tag, and its successor's back link.
    str r3, [r4, #PAYLOAD_TAG]
    sub ip, r4, #BLOCK_PAYLOAD
    str ip, [ip, r3]
    pop {pc}
    @ A free successor otherwise leaves its list and is absorbed, unless
    @ it is the top (whose list of one the relinking above serves too).
5:  ldr r3, [r2, #HEAP_TOP]
    cmp r3, r0
    beq succ_top
    bl unlink
    add r5, r5, r1
    @ A free predecessor (the back link r1, bit 0 clear) absorbs the block.
1:  ldr r1, [r4, #PAYLOAD_BACK]
    tst r1, #BLOCK_IN_USE
    bne 2f
    add r0, r1, #BLOCK_PAYLOAD
    ldr r1, [r1, #BLOCK_TAG]
    @ A large free predecessor that stays in its TLSF list once it has
    @ absorbed the block, or the top, keeps its place there and only grows.
    ldr r3, [r2, #HEAP_SMAX]
    cmp r1, r3
    bls 3f
    add r3, r1, r5
    eor lr, r1, r3
    clz ip, r1
    rsb ip, ip, #28
    lsrs lr, lr, ip
    bne 3f
grow_in_place:
    str r3, [r0, #PAYLOAD_TAG]
    sub ip, r0, #BLOCK_PAYLOAD
    str ip, [ip, r3]
    pop {pc}
    @ Otherwise it leaves its list, and the merged block starts there.
3:  ldr r3, [r2, #HEAP_TOP]
    cmp r3, r0
    add r3, r1, r5
    beq grow_in_place
    bl unlink
    mov r4, r0
    add r5, r5, r1
    @ The block (merged or not), free: its tag, its successor's back link,
    @ and onto its list.
2:  str r5, [r4, #PAYLOAD_TAG]
    sub ip, r4, #BLOCK_PAYLOAD
    str ip, [ip, r5]
    mov r0, r4
    mov r1, r5
    pop {lr}
    b insert
    @ succ_top: the successor r0 (tag r1) is the top. A free predecessor
    @ leaves its list and absorbs the block; the merged block then takes
    @ the top's place, r3 bytes.
succ_top:
    ldr r3, [r4, #PAYLOAD_BACK]
    tst r3, #BLOCK_IN_USE
    bne 1f
    push {r0, r1}
    add r0, r3, #BLOCK_PAYLOAD
    ldr r1, [r3, #BLOCK_TAG]
    bl unlink
    mov r4, r0
    add r5, r5, r1
    pop {r0, r1}
1:  add r3, r1, r5
    b take_place

@ alloc_past_small: alloc_block for a small size r1 when no small list of
@ its class or above has a block.
alloc_past_small:
    push {lr}
    b alloc_no_small

@ alloc_block: the first block of the first non-empty small list that
@ fits, else the first block of a TLSF class whose every block fits, else
@ the first block of the size's own class if it is large enough; taken off
@ its list, marked in use, the rest split off when it can be a block.
alloc_block:
    push {lr}
    ldr r3, [r2, #HEAP_SMAX]
    cmp r1, r3
    bhi 3f
    @ A small size: the sbits of its class and above, the lowest set one's
    @ list head (at H + its size) in r0.
    lsrs r4, r1, #3
    ldr r3, [r2, #HEAP_SBITS]
    lsrs r3, r3, r4
    lsls r3, r3, r4
    cbz r3, 2f
    rbit r3, r3
    clz r3, r3
    lsls r4, r3, #3
    ldr r0, [r2, r4]
    b 9f
    @ No small list fits: the lowest non-empty first level, t in r3, and
    @ its second-level bitmap in r0.
alloc_no_small:
2:  ldr r0, [r2, #HEAP_FLBITS]
    cmp r0, #0
    beq 6f
    rbit r0, r0
    clz r3, r0
    subs r3, #3
    add r0, r2, r3, lsl #3
    ldr r0, [r0, #SLBITS_T]
    b 4f
    @ A large block: the first block of the size's own class when it is
    @ big enough (a close fit keeps large free blocks whole), else the first
    @ of the next class whose every block fits. Up to eight of the class's
    @ blocks are looked at, r4 each one's size.
3:  clz r3, r1
    rsb r3, r3, #28
    lsr ip, r1, r3
    add ip, ip, r3, lsl #3
    add ip, r2, ip, lsl #2
    ldr r0, [ip, #HEAD_TOP]
    cbz r0, 1f
    ldr r4, [r0, #PAYLOAD_TAG]
    cmp r4, r1
    bhs 7f
    movs ip, #7
8:  ldr r0, [r0, #LINK_NEXT]
    cbz r0, 1f
    ldr r4, [r0, #PAYLOAD_TAG]
    cmp r4, r1
    bhs 9f
    subs ip, #1
    bne 8b
    @ The size rounded up to its class's next boundary, r4: every block of
    @ its class (t in r3, sl in ip) fits. That class's sl bits and above
    @ in r0; none, then the next first level up that has any.
1:  movs ip, #1
    lsl ip, ip, r3
    sub ip, ip, #1
    add r4, r1, ip
    clz r3, r4
    rsb r3, r3, #28
    lsr ip, r4, r3
    and ip, ip, #7
    add r0, r2, r3, lsl #3
    ldr r0, [r0, #SLBITS_T]
    lsr r0, r0, ip
    lsl r0, r0, ip
    cbnz r0, 4f
    adds r3, #4
    ldr r0, [r2, #HEAP_FLBITS]
    lsr r0, r0, r3
    lsl r0, r0, r3
    cbz r0, 6f
    rbit r0, r0
    clz r3, r0
    subs r3, #3
    add r0, r2, r3, lsl #3
    ldr r0, [r0, #SLBITS_T]
    @ The lowest sl set in r0, of first level t = r3: its list's first
    @ block r0 and its size r4.
4:  rbit r0, r0
    clz r0, r0
    add ip, r0, r3, lsl #3
    add ip, r2, ip, lsl #2
    ldr r0, [ip, #HEAD_SL]
    ldr r4, [r0, #PAYLOAD_TAG]
    b 7f
    @ No list has a block that fits: the top, when it is large enough.
6:  ldr r0, [r2, #HEAP_TOP]
    cbz r0, alloc_none
    ldr r4, [r0, #PAYLOAD_TAG]
    cmp r4, r1
    bhs from_top
alloc_none:
    movs r0, #0
    pop {pc}
    @ from_top: the block r0 (size r4) is the top. Its rest stays the
    @ top, taking the block's place on the top's list, when it can be a
    @ block; else the whole top is used (9, as any block).
from_top:
    subs r3, r4, r1
    cmp r3, #BLOCK_MIN
    blo 9f
    b rest_in_place
    @ r0 the first block of its TLSF list, r4 its size. The rest, r3, when
    @ it is large and in the same TLSF list, stays there in the block's
    @ place.
7:  subs r3, r4, r1
    cmp r3, #BLOCK_MIN
    blo 9f
    ldr ip, [r2, #HEAP_SMAX]
    cmp r3, ip
    bls 9f
    eor lr, r4, r3
    clz ip, r4
    rsb ip, ip, #28
    lsrs lr, lr, ip
    bne 9f
    @ The rest belongs to the same TLSF list: it takes over the block's
    @ links, and the blocks (or the head cell) on either side link to it.
rest_in_place:
    add r4, r0, r1
    ldrd ip, lr, [r0, #LINK_NEXT]
    strd ip, lr, [r4, #LINK_NEXT]
    str r4, [lr, #LINK_NEXT]
    cmp ip, #0
    it ne
    strne r4, [ip, #LINK_PREV]
    @ The block in use with r1 bytes; the rest after it, linking back to
    @ it, free with r3 bytes, and its successor linking back to the rest.
    adds r5, r1, #BLOCK_IN_USE
    str r5, [r0, #PAYLOAD_TAG]
    sub r5, r0, #BLOCK_PAYLOAD - BLOCK_IN_USE
    str r5, [r4, #PAYLOAD_BACK]
    str r3, [r4, #PAYLOAD_TAG]
    sub ip, r4, #BLOCK_PAYLOAD
    str ip, [ip, r3]
    pop {pc}
    @ Otherwise the block r0 (size r4) leaves its list. A rest too small
    @ for a block stays in it: the whole block in use, its successor
    @ linking back to it.
9:  mov r5, r1
    mov r1, r4
    bl unlink
    mov r1, r5
    subs r4, r4, r1
    cmp r4, #BLOCK_MIN
    bhs 8f
    add r1, r1, r4
    adds r3, r1, #BLOCK_IN_USE
    str r3, [r0, #PAYLOAD_TAG]
    sub ip, r0, #BLOCK_PAYLOAD
    add r3, ip, #BLOCK_IN_USE
    str r3, [ip, r1]
    pop {pc}
    @ A rest r4 that can be a block: the block in use with r1 bytes, the
    @ rest linking back to it, free, its successor linking back, and onto
    @ its list.
8:  adds r3, r1, #BLOCK_IN_USE
    str r3, [r0, #PAYLOAD_TAG]
    push {r0, r1}
    sub r3, r0, #BLOCK_PAYLOAD - BLOCK_IN_USE
    add r0, r0, r1
    str r3, [r0, #PAYLOAD_BACK]
    mov r1, r4
    str r1, [r0, #PAYLOAD_TAG]
    sub ip, r0, #BLOCK_PAYLOAD
    str ip, [ip, r1]
    bl insert
    pop {r0, r1}
    pop {pc}

@ unlink: the free block r0 leaves its list. A list's first block has its
@ head cell as its prev link (the cell stands for a block whose next link
@ it is, LINK_NEXT being 0), so unlinking is the same anywhere in any list
@ and no size class is computed. Only a block both first and last, its
@ list now empty, clears bitmap bits, found from its head cell's offset
@ from H. Uses r3 and ip.
unlink:
    ldrd r3, ip, [r0, #LINK_NEXT]
    str r3, [ip, #LINK_NEXT]
    cbz r3, 1f
    str ip, [r3, #LINK_PREV]
    bx lr
1:  subs ip, ip, r2
    cmp ip, #HEAP_HEADER_SIZE - HEAP_FIELDS_SIZE
    it hs
    bxhs lr
    cmp ip, #8 * SMALL_CLASSES
    bhs 2f
    @ A small list's head at H + 8c: sbits bit c.
    lsr ip, ip, #3
    movs r3, #1
    lsl r3, r3, ip
    ldr ip, [r2, #HEAP_SBITS]
    bic ip, ip, r3
    str ip, [r2, #HEAP_SBITS]
    bx lr
    @ A TLSF list's head at H + HEAP_TLSF_HEADS + 4 (8fl + sl): bit sl of
    @ fl's second-level bitmap, and that empty, fl's bit in flbits.
2:  push {r4, lr}
    sub ip, ip, #HEAP_TLSF_HEADS
    lsr ip, ip, #2
    and r3, ip, #7
    movs r4, #1
    lsl r4, r4, r3
    bic ip, ip, #7
    add lr, r2, ip
    ldr r3, [lr, #HEAP_SL_BITS]
    bics r3, r3, r4
    str r3, [lr, #HEAP_SL_BITS]
    bne 3f
    lsr ip, ip, #3
    movs r4, #1
    lsl r4, r4, ip
    ldr r3, [r2, #HEAP_FLBITS]
    bic r3, r3, r4
    str r3, [r2, #HEAP_FLBITS]
3:  pop {r4, pc}

@ insert: the free block r0 of size r1 goes first on its list, its prev
@ link the head cell, setting its bitmap bits when the list was empty.
@ Uses r3 and ip.
insert:
    ldr r3, [r2, #HEAP_SMAX]
    cmp r1, r3
    bhi 2f
    @ A small block: its list's head cell at H + size.
    add ip, r2, r1
    ldr r3, [ip]
    strd r3, ip, [r0, #LINK_NEXT]
    str r0, [ip]
    cbz r3, 1f
    str r0, [r3, #LINK_PREV]
    bx lr
1:  lsrs r3, r1, #3
    movs ip, #1
    lsl ip, ip, r3
    ldr r3, [r2, #HEAP_SBITS]
    orr r3, r3, ip
    str r3, [r2, #HEAP_SBITS]
    bx lr
    @ A large block: the same on its TLSF list, its head cell (from t = r3
    @ and 8 + sl) in ip.
2:  clz r3, r1
    rsb r3, r3, #28
    lsr ip, r1, r3
    add ip, ip, r3, lsl #3
    add ip, r2, ip, lsl #2
    add ip, ip, #HEAD_TOP
    ldr r3, [ip]
    strd r3, ip, [r0, #LINK_NEXT]
    str r0, [ip]
    cbz r3, 3f
    str r0, [r3, #LINK_PREV]
    bx lr
    @ The list was empty: its bit in fl's second-level bitmap (t in r3, sl
    @ in ip), and fl's in flbits.
3:  push {r4, lr}
    clz r3, r1
    rsb r3, r3, #28
    lsr ip, r1, r3
    and ip, ip, #7
    movs r4, #1
    lsl r4, r4, ip
    add lr, r2, r3, lsl #3
    ldr ip, [lr, #SLBITS_T]
    orr ip, ip, r4
    str ip, [lr, #SLBITS_T]
    adds r3, #3
    movs r4, #1
    lsl r4, r4, r3
    ldr ip, [r2, #HEAP_FLBITS]
    orr ip, ip, r4
    str ip, [r2, #HEAP_FLBITS]
    pop {r4, pc}
end-code
' heap-core      equ core_alloc_with
' heap-core 4 +  equ core_free_with
' heap-core 8 +  equ core_resize_with
' heap-core 12 + equ core_shared_alloc
' heap-core 16 + equ core_shared_free
' heap-core 20 + equ core_shared_resize
' heap-core 24 + equ core_alloc_small
' heap-core 28 + equ core_free_merge
' heap-core 32 + equ core_resize_first
' heap-core 36 + equ core_free_large
' heap-core 40 + equ core_free_succ
' heap-core 44 + equ core_alloc_large_only
[then]

\ The words of allocate-wordlist on a given heap: heap-core checks the heap.
allocate-wordlist set-current
code allocate-with-heap ( u heap -- addr -1 | 0 0 )
    ldr r0, =core_alloc_with
    bx r0
end-code
code free-with-heap ( addr heap -- -1|0 )
    ldr r0, =core_free_with
    bx r0
end-code
code resize-with-heap ( addr u heap -- addr' -1 | addr 0 )
    ldr r0, =core_resize_with
    bx r0
end-code
allocate-internal-wordlist set-current

\ --- making heaps ----------------------------------------------------------
\ Heaps take RAM dictionary space. Each word checks that all it takes fits
\ below ram-limit before it takes anything, so a heap too large for the RAM
\ left raises x-memory-management-failure and leaves RAM HERE, the dictionary
\ and the shared heap as they were.
: ram-align8 ( -- ) ram-here 7 + -8 and ram-here - ram-allot ;
: ram-left8 ( -- u ) \ the RAM dictionary bytes left once RAM HERE is 8-aligned
  ram-limit ram-here 7 + -8 and - 0 max ;
: heap-fits? ( block-size extra -- f ) \ does a region of block-size bytes, as
  \ expand-heap takes it, fit the RAM left with extra bytes before it?
  swap -8 and dup region-min u< over heap-max-region u> or if 2drop false exit then
  + ram-left8 u> 0= ;
allocate-wordlist set-current
: init-heap-header ( high-block-size -- heap )
  heap-header-size ram-left8 u> ['] x-memory-management-failure (triggers)
  ram-align8 ram-here heap-header-size ram-allot
  dup heap-header-size 0 do 0 over i + ! 4 +loop drop heap-fields-size +
  2dup h-hbs ! swap dup [ small-max-limit 8 - ] literal u> if drop small-max-limit else
    15 + -8 and block-min max
  then over h-smax ! dup h-smax @ block-min - 3 rshift over h-slim8 ! dup invert over h-self ! ;
allocate-internal-wordlist set-current
: file-region-block ( h size heap -- ) \ the first region's block is the top
  dup h-len8 @ if insert-block exit then nip h-top push-list drop ;
allocate-wordlist set-current
: expand-heap ( block-size heap -- )
  dup heap? ['] x-memory-management-failure (averts)
  >r dup 0 heap-fits? ['] x-memory-management-failure (averts) -8 and
  ram-align8 ram-here over ram-allot ( size region )
  tuck + block-payload - 2dup swap region-sentinel + !
  block-in-use over block-tag + ! ( region sentinel )
  over region-first + 2 pick block-in-use or over ! tuck - 2dup set-block r@ file-region-block ( region )
  r@ h-len8 @ 0= if
    dup [ region-first block-payload + ] literal + r@ h-lo !
    dup region-sentinel + @ over region-first + - 3 rshift r@ h-len8 !
  then r@ h-regions @ over ! r> h-regions ! ;
allocate-internal-wordlist set-current

\ --- checking and reporting --------------------------------------------------
variable chk-ok
variable chk-free     \ free blocks seen in the regions
variable chk-listed   \ blocks seen on the lists
variable chk-heap
: chk ( f -- ) 0= if 0 chk-ok ! then ;
: list-head ( size heap -- head-addr ) \ the list a free block of this size belongs on
  2dup h-smax @ u> 0= if + exit then tlsf-head ;
: on-list? ( h head-addr -- f ) \ walks at most 100000 links
  swap block-payload + swap @ 100000 0 do dup 0= if unloop 2drop false exit then
    2dup = if unloop 2drop true exit then @ loop 2drop false ;
: listed? ( h size -- f ) \ on its size's list, or the top
  over block-payload + chk-heap @ h-top @ = if 2drop true exit then
  chk-heap @ list-head on-list? ;
: chk-region ( region -- ) \ the blocks tile the region, back links agree, free ones are listed
  dup region-sentinel + @ over region-first + rot block-in-use or ( sentinel p back-link )
  begin 2 pick 2 pick u> chk-ok @ and while
    over @ = chk
    dup block-tag + @ dup 6 and 0= chk dup -8 and ( sentinel p v size )
    dup block-min u< if 2drop 2drop false chk exit then
    3 pick 3 pick - over u< if 2drop 2drop false chk exit then
    over block-in-use and 0= if
      1 chk-free +!
      2 pick @ block-in-use and chk \ no free predecessor
      2 pick over + block-tag + @ block-in-use and chk \ no free successor
      2 pick over listed? chk
    then
    drop block-in-use and over or swap dup size-of + swap ( sentinel p' back-link )
  repeat
  ( sentinel p back-link ) 2 pick @ = chk 2dup = chk drop block-tag + @ block-in-use = chk ;
\ The region list and the free lists are checked to stay inside RAM and the
\ regions before the block walks follow them, so a corrupted heap is
\ answered 0, never followed out of RAM.
: region-ok? ( region -- f ) \ its head and sentinel lie in RAM, the sentinel after a first block
  dup 7 and if drop false exit then
  dup ram-origin ram-end region-min - within 0= if drop false exit then
  dup region-sentinel + @ dup 7 and if 2drop false exit then
  swap [ region-first block-min + ] literal + ram-end 7 - within ;
: chk-regions ( -- ) \ every region of the list sane, and the list ends
  chk-heap @ h-regions @ 100000 0 do
    dup 0= if drop unloop exit then
    dup region-ok? 0= if drop false chk unloop exit then @
  loop drop false chk ;
variable chk-lo       \ size bounds of the list being checked
variable chk-hi
thumb-2? [if]
: list-first ( head-addr -- prev p ) \ the first block's prev link names its head cell
  dup @ ;
[else]
: list-first ( head-addr -- prev p ) \ the first block's prev link is not kept here
  0 swap @ ;
[then]
: chk-list ( head-addr lo hi -- ) \ a list: its blocks free, in range, linked both ways
  chk-hi ! chk-lo ! list-first begin dup chk-ok @ and while ( prev p )
    1 chk-listed +! chk-listed @ 100000 u< chk
    dup block-payload - chk-heap @ find-region 0= if false chk 2drop exit then
    dup payload-tag + @ dup 7 and 0= chk chk-lo @ chk-hi @ within chk
    over if dup link-prev + @ 2 pick = chk then
    nip dup @
  repeat 2drop ;
: tlsf-lo ( fl sl -- size ) \ the smallest size of a TLSF class
  over 3 - lshift 1 rot lshift + ;
: chk-lists ( -- ) \ every list and every bitmap bit
  small-classes 0 do
    i 3 lshift chk-heap @ + ( head-addr )
    dup @ 0<> chk-heap @ h-sbits @ 1 i lshift and 0<> = chk
    i 3 lshift chk-heap @ h-smax @ u> i 2 < or if @ 0= chk else i 3 lshift dup 1+ chk-list then
  loop
  tlsf-fl-max 1+ tlsf-fl-min do
    0 8 0 do ( bits )
      j 3 lshift i + cells chk-heap @ h-th0 + ( bits head-addr )
      dup @ if 1 i lshift rot or swap then
      j i tlsf-lo chk-heap @ h-smax @ 8 + max j i 1+ tlsf-lo chk-list
    loop
    dup i chk-heap @ sl-bits @ = chk
    0<> chk-heap @ h-flbits @ 1 i lshift and 0<> = chk
  loop
  chk-heap @ h-top dup block-min -1 chk-list @ ?dup if @ 0= chk then \ the top: one block
  chk-heap @ h-flbits @ tlsf-fl-max 1+ rshift 0= chk
  chk-heap @ h-flbits @ 1 tlsf-fl-min lshift 1- and 0= chk ;
: chk-fast-fields ( -- ) \ what the free fast path reads
  chk-heap @ >r
  r@ h-slim8 @ 3 lshift block-min + r@ h-smax @ = chk
  r@ h-lo @ ?dup if
    block-payload - r@ find-region ?dup if
      dup [ region-first block-payload + ] literal + r@ h-lo @ = chk
      region-sentinel + @ r@ h-lo @ block-payload - - 3 rshift r@ h-len8 @ = chk
    else false chk then
  else r@ h-len8 @ 0= chk r@ h-regions @ 0= chk then rdrop ;
allocate-wordlist set-current
: heap-check ( heap -- -1|0 ) \ verifies every invariant of the heap; 0 for a non-heap
  dup heap? 0= if drop false exit then
  chk-heap ! true chk-ok ! 0 chk-free ! 0 chk-listed !
  chk-regions chk-ok @ if chk-lists then
  chk-heap @ h-regions @ begin dup chk-ok @ and while dup chk-region @ repeat drop
  chk-free @ chk-listed @ = chk
  chk-fast-fields chk-ok @ ;
allocate-internal-wordlist set-current

variable stat-free
variable stat-used
variable stat-largest
variable stat-blocks
: stat-block ( h -- size )
  dup block-tag + @ dup -8 and swap block-in-use and if dup stat-used +! else
    dup stat-free +! dup stat-largest @ max stat-largest ! then 1 stat-blocks +! nip ;
allocate-wordlist set-current
: heap-stats ( heap -- free used largest-free blocks ) \ sizes of whole blocks, headers included
  dup heap? ['] x-memory-management-failure (averts)
  0 stat-free ! 0 stat-used ! 0 stat-largest ! 0 stat-blocks !
  h-regions @ begin ?dup while
    dup region-sentinel + @ over region-first + begin 2dup u> while
      dup stat-block dup block-min u< if 2drop dup else + then
    repeat 2drop @
  repeat stat-free @ stat-used @ stat-largest @ stat-blocks @ ;
allocate-internal-wordlist set-current
allocate-wordlist set-current
: .heap ( heap -- ) \ a summary: parameters, regions, block statistics
  dup heap? ['] x-memory-management-failure (averts)
  cr ." heap " dup h. ." high-block-size " dup h-hbs @ . ." small blocks up to " dup h-smax @ .
  dup h-regions @ begin ?dup while
    cr ."   region " dup h. ." blocks to " dup region-sentinel + @ h. @
  repeat
  dup heap-stats 2swap swap cr ."   free " . ." used " . swap ." largest free " . ." blocks " .
  cr ."   consistent " heap-check . ;
allocate-internal-wordlist set-current

\ --- the shared heap and the fast paths --------------------------------------
variable shared-heap ( -- addr ) \ the heap allocate, free and resize use, or 0
shared-heap equ shared_heap

forth-wordlist set-current
\ allocate pops the exact list of class (u+15)/8 when it is not empty:
\ r2 the heap, r0 the class, r1 the block's payload. Classes 0 and 1 are
\ always empty, so u = 0 and requests that wrap around take the general path.
\ free pushes a small block whose neighbours are both in use on its list,
\ after checking that the pointer lies in the first region, that the
\ block's flags and size are an in-use small block's and that its
\ successor links back to it: r1 the block's tag, ip its successor's
\ header - 8.
\ Every other case, and r2 = 0 (no shared heap), leaves for the general path
\ with r6 and r2 as they came.
thumb-2? [if]
code allocate ( u -- addr -1|0 )
    ldr r2, =shared_heap
    ldr r2, [r2]
    cbz r2, 8f
    @ The class (u + 15) / 8, a small one, and its list's first block r1.
    adds r0, r6, #BLOCK_PAYLOAD + 7
    lsrs r0, r0, #3
    cmp r0, #SMALL_CLASSES
    bhs 9f
    ldr r1, [r2, r0, lsl #3]
    cbz r1, 1f
    @ The head moves on to the next block, whose prev link becomes the
    @ head cell.
    ldr r3, [r1, #LINK_NEXT]
    str r3, [r2, r0, lsl #3]
    cbz r3, 7f
    add ip, r2, r0, lsl #3
    str ip, [r3, #LINK_PREV]
    @ The block in use, and its successor (r3) linking back to it so.
6:  lsls r6, r0, #3
    adds r3, r1, r6
    adds r6, #BLOCK_IN_USE
    str r6, [r1, #PAYLOAD_TAG]
    subs r6, r1, #BLOCK_PAYLOAD - BLOCK_IN_USE
    str r6, [r3, #PAYLOAD_BACK]
    str r1, [r7, #-4]!
    mov r6, #-1
    bx lr
    @ The list is empty now: its sbits bit is cleared, then as above.
7:  movs r3, #1
    lsls r3, r0
    ldr ip, [r2, #HEAP_SBITS]
    bic ip, ip, r3
    str ip, [r2, #HEAP_SBITS]
    b 6b
8:  ldr r0, =core_shared_alloc
    bx r0
9:  ldr r3, =core_alloc_small
    bx r3
    @ The exact list is empty: the first block r1 of the next non-empty
    @ small list above, of r3 bytes, is split. (Class 0 or 1, or a class
    @ above the heap's small maximum: the general path, with r0, r2 and r6
    @ as they came; no such list: the general path's TLSF search.)
1:  cmp r0, #BLOCK_MIN / 8
    blo 9b
    ldr r3, [r2, #HEAP_SMAX]
    cmp r3, r0, lsl #3
    blo 9b
    ldr r3, [r2, #HEAP_SBITS]
    lsrs r3, r3, r0
    beq 10f
    rbit r3, r3
    clz r3, r3
    add r3, r3, r0
    lsls r3, r3, #3
    ldr r1, [r2, r3]
    @ It leaves its list: the head moves on, the next block's prev link
    @ becomes the head cell, or the list empty, its sbits bit is cleared.
    ldr ip, [r1, #LINK_NEXT]
    str ip, [r2, r3]
    cmp ip, #0
    beq 5f
    add r6, r2, r3
    str r6, [ip, #LINK_PREV]
    @ The block in use with 8r0 bytes; the rest, r3 bytes, after it.
4:  lsls r0, r0, #3
    subs r3, r3, r0
    cmp r3, #BLOCK_MIN
    blo 3f
    adds r6, r0, #BLOCK_IN_USE
    str r6, [r1, #PAYLOAD_TAG]
    @ The rest, at ip: it links back to the block in use, is free, its
    @ successor links back to it, and it goes first on its list (head cell
    @ at H + r3), setting the list's sbits bit if the list was empty.
    add ip, r1, r0
    subs r6, r1, #BLOCK_PAYLOAD - BLOCK_IN_USE
    str r6, [ip, #PAYLOAD_BACK]
    str r3, [ip, #PAYLOAD_TAG]
    sub r6, ip, #BLOCK_PAYLOAD
    str r6, [r6, r3]
    add r6, r2, r3
    ldr r0, [r6]
    strd r0, r6, [ip, #LINK_NEXT]
    str ip, [r6]
    cbz r0, 2f
    str ip, [r0, #LINK_PREV]
7:  str r1, [r7, #-4]!
    mov r6, #-1
    bx lr
2:  lsrs r3, r3, #3
    movs r0, #1
    lsls r0, r3
    ldr r3, [r2, #HEAP_SBITS]
    orrs r3, r0
    str r3, [r2, #HEAP_SBITS]
    b 7b
    @ A rest too small for a block stays with it: the whole block in use,
    @ its successor linking back to it so.
3:  add r0, r0, r3
    adds r6, r0, #BLOCK_IN_USE
    str r6, [r1, #PAYLOAD_TAG]
    subs r6, r1, #BLOCK_PAYLOAD - BLOCK_IN_USE
    add ip, r1, r0
    str r6, [ip, #PAYLOAD_BACK]
    b 7b
    @ The list left empty: its sbits bit cleared.
5:  lsrs r6, r3, #3
    movs ip, #1
    lsl ip, ip, r6
    ldr r6, [r2, #HEAP_SBITS]
    bic r6, r6, ip
    str r6, [r2, #HEAP_SBITS]
    b 4b
    @ No small list has a block for class r0: the first block r1 of the
    @ lowest non-empty TLSF list (every block there is larger than any
    @ small size), t = fl - 3 in r3. When the rest after the block's 8r0
    @ bytes stays in that block's TLSF list, the rest takes the block's
    @ place there, as alloc_block does; anything else (no TLSF list, the
    @ top, a rest in another list) is heap-core's (core_alloc_large_only).
10: ldr r3, [r2, #HEAP_FLBITS]
    cmp r3, #0
    beq 12f
    rbit r3, r3
    clz r3, r3
    subs r3, #3
    add r1, r2, r3, lsl #3
    ldr r1, [r1, #HEAP_SL_BITS + 8 * 3]
    rbit r1, r1
    clz r1, r1
    add r1, r1, r3, lsl #3
    add r1, r2, r1, lsl #2
    ldr r1, [r1, #HEAP_TLSF_HEADS + 4 * 8 * 3]
    @ The block's size ip, the size wanted r3, the rest r6: large, and in
    @ the same list (the sizes agree above the block's top four bits).
    ldr ip, [r1, #PAYLOAD_TAG]
    lsls r3, r0, #3
    sub r6, ip, r3
    ldr r0, [r2, #HEAP_SMAX]
    cmp r6, r0
    bls 11f
    clz r0, ip
    rsb r0, r0, #28
    eor ip, ip, r6
    lsrs ip, ip, r0
    bne 11f
    @ The rest, at r0, takes over the block's links, and the blocks (or
    @ the head cell) on either side link to it.
    add r0, r1, r3
    ldrd ip, r2, [r1, #LINK_NEXT]
    strd ip, r2, [r0, #LINK_NEXT]
    str r0, [r2, #LINK_NEXT]
    cmp ip, #0
    it ne
    strne r0, [ip, #LINK_PREV]
    @ The block in use with r3 bytes; the rest links back to it, is free
    @ with r6 bytes, and its successor links back to it.
    adds ip, r3, #BLOCK_IN_USE
    str ip, [r1, #PAYLOAD_TAG]
    sub ip, r1, #BLOCK_PAYLOAD - BLOCK_IN_USE
    str ip, [r0, #PAYLOAD_BACK]
    str r6, [r0, #PAYLOAD_TAG]
    sub ip, r0, #BLOCK_PAYLOAD
    str ip, [ip, r6]
    str r1, [r7, #-4]!
    mov r6, #-1
    bx lr
11: lsrs r0, r3, #3
12: ldr r3, =core_alloc_large_only
    bx r3
end-code
code free ( addr -- -1|0 )
    ldr r2, =shared_heap
    ldr r2, [r2]
    cbz r2, 8f
    @ The pointer inside the first region and 8-aligned: (p - lo) ror 3
    @ below len8.
    ldmdb r2, {r0, r1, r3}      @ lo, len8 and slim8, the last fields below H
    subs r0, r6, r0
    cmp r1, r0, ror #3
    bls 8f
    @ The block's back link r0 and tag r1: in use, no other flag, and
    @ small: (tag - 17) ror 3 at most slim8, ip the size less 16.
    ldrd r0, r1, [r6, #PAYLOAD_BACK]
    subs ip, r1, #BLOCK_IN_USE + BLOCK_MIN
    cmp r3, ip, ror #3
    bcc 7f
    @ The predecessor in use, the successor (its header at ip + r6 + 8)
    @ linking back to the block and in use too.
    tst r0, #BLOCK_IN_USE
    beq 9f
    add ip, r6, ip
    ldrd r0, r3, [ip, #BLOCK_MIN - BLOCK_PAYLOAD]
    adds r0, #BLOCK_PAYLOAD - BLOCK_IN_USE
    cmp r0, r6
    bne 8f
    tst r3, #BLOCK_IN_USE
    beq 6f
    @ The block free: its tag and its successor's back link lose the bit.
    subs r1, #BLOCK_IN_USE
    str r1, [r6, #PAYLOAD_TAG]
    subs r0, #BLOCK_PAYLOAD
    str r0, [ip, #BLOCK_MIN - BLOCK_PAYLOAD]
    @ First on its list (head cell at H + size), its prev link the head
    @ cell, the old first block's prev link the block; or, the list empty
    @ before, its sbits bit set.
    add r3, r2, r1
    ldr r0, [r3]
    strd r0, r3, [r6, #LINK_NEXT]
    str r6, [r3]
    cbz r0, 5f
    str r6, [r0, #LINK_PREV]
4:  mov r6, #-1
    bx lr
5:  lsrs r0, r1, #3
    movs r3, #1
    lsls r3, r0
    ldr r0, [r2, #HEAP_SBITS]
    orrs r0, r3
    str r0, [r2, #HEAP_SBITS]
    b 4b
8:  ldr r0, =core_shared_free
    bx r0
7:  ldr r0, =core_free_large
    bx r0
9:  ldr r0, =core_free_merge
    bx r0
3:  ldr r0, =core_free_succ
    bx r0
    @ The successor (tag r3) is free: when it is the top, the block joins
    @ it, taking the top's place on its list of one; other free successors
    @ are merged by heap-core.
6:  add ip, ip, #BLOCK_MIN
    ldr r0, [r2, #HEAP_TOP]
    cmp r0, ip
    bne 3b
    add r1, r1, r3
    subs r1, #BLOCK_IN_USE
    str r1, [r6, #PAYLOAD_TAG]
    ldrd r0, r3, [r0, #LINK_NEXT]
    strd r0, r3, [r6, #LINK_NEXT]
    str r6, [r2, #HEAP_TOP]
    sub r0, r6, #BLOCK_PAYLOAD
    str r0, [r0, r1]
    mov r6, #-1
    bx lr
end-code
code resize ( addr u -- addr' -1 | addr 0 )
    ldr r2, =shared_heap
    ldr r2, [r2]
    cbz r2, 8f
    cbz r6, 8f
    @ The payload r0 inside the first region and 8-aligned, as in free.
    ldr r0, [r7]
    ldrd r1, r3, [r2, #HEAP_LO]  @ lo and len8
    subs r1, r0, r1
    cmp r3, r1, ror #3
    bls 8f
    @ Its tag: in use, no other flag, at least the smallest size, the
    @ block inside the region; ip the size.
    ldr ip, [r0, #PAYLOAD_TAG]
    sub ip, ip, #BLOCK_IN_USE
    tst ip, #7
    bne 8f
    cmp ip, #BLOCK_MIN
    blo 8f
    add r1, r1, ip
    cmp r1, r3, lsl #3
    bhi 8f
    @ The successor links back to the block, marked in use.
    add r3, r0, ip
    ldr r1, [r3, #PAYLOAD_BACK]
    adds r1, #BLOCK_PAYLOAD - BLOCK_IN_USE
    cmp r1, r0
    bne 8f
    @ u fits the block: it stays as it is (see resize_known), once its
    @ predecessor is known to be in use. (A free one is checked by
    @ resize_first: a block header left inside a merged free block may
    @ still have a successor linking back to it.)
    ldr r1, [r0, #PAYLOAD_BACK]
    tst r1, #BLOCK_IN_USE
    beq 9f
    sub r3, ip, #BLOCK_PAYLOAD
    cmp r6, r3
    bhi 9f
    mov r6, #-1
    bx lr
9:  ldr r3, =core_resize_first
    bx r3
8:  ldr r3, =core_shared_resize
    bx r3
end-code
[else]
\ The same fast paths in Thumb-1. allocate: r0 the class, r3 its size and
\ its list head's offset from H, r1 the first block's payload. free: r0 and
\ r1 the block's back link and tag, loaded together from its header, r3
\ first slim8, then the successor's header - 8. Thumb-1 has no negative
\ offsets, so the fields below H are loaded with one ldmia from H - 12, and
\ a payload's header fields with one ldmia from p - 8 that leaves p as it
\ was. Where an add that cannot carry sets the flags last, sbcs makes the
\ -1 of the result in one instruction. Every other case continues in
\ heap-core with r2 the heap and r6 as it came (the payload, for free).
code allocate ( u -- addr -1|0 )
    ldr r2, =shared_heap
    ldr r2, [r2]
    cmp r2, #0
    beq 8f
    movs r0, r6
    adds r0, #BLOCK_PAYLOAD + 7
    lsrs r0, r0, #3
    cmp r0, #SMALL_CLASSES
    bhs 8f
    lsls r3, r0, #3
    ldr r1, [r2, r3]
    cmp r1, #0
    beq 9f
    @ The head moves on to the next block.
    ldr r6, [r1, #LINK_NEXT]
    str r6, [r2, r3]
    cmp r6, #0
    beq 7f
    @ ( addr -1 ), the block (r1 now its header) in use, and its successor
    @ linking back to it so (BLOCK_BACK is 0).
6:  subs r7, #4
    str r1, [r7]
    subs r1, #BLOCK_PAYLOAD
    adds r6, r3, #BLOCK_IN_USE
    str r6, [r1, #BLOCK_TAG]
    adds r6, r1, #BLOCK_IN_USE
    str r6, [r1, r3]
    sbcs r6, r6
    bx lr
    @ The list is empty now: its sbits bit is cleared, then as above.
7:  movs r6, #1
    lsls r6, r0
    subs r2, #-HEAP_SBITS
    ldr r0, [r2]
    bics r0, r6
    str r0, [r2]
    b 6b
8:  ldr r0, =core_shared_alloc
    bx r0
9:  ldr r0, =core_alloc_small
    bx r0
end-code
code free ( addr -- -1|0 )
    ldr r2, =shared_heap
    ldr r2, [r2]
    cmp r2, #0
    beq 8f
    @ The pointer inside the first region and 8-aligned: p - lo below
    @ len8 * 8, and p's low bits clear. r2 is H again after the ldmia.
    subs r2, #-HEAP_LO
    ldmia r2!, {r0, r1, r3}     @ lo, len8 and slim8, the last fields below H
    subs r0, r6, r0
    lsls r1, r1, #3
    cmp r0, r1
    bhs 8f
    lsls r1, r6, #29
    bne 8f
    @ The back link r0 and tag r1; the predecessor in use (bit 0).
    subs r6, #BLOCK_PAYLOAD
    ldmia r6!, {r0, r1}
    lsrs r0, r0, #1
    bcc 7f
    @ The tag: in use, no other flag, small: (tag - 17) ror 3 at most
    @ slim8; r1 then the size less 16.
    movs r0, #3
    subs r1, #BLOCK_IN_USE + BLOCK_MIN
    rors r1, r0
    cmp r3, r1
    bcc 6f
    lsls r1, r1, #3
    @ The successor, its header at r3 + 8, links back to the block and is
    @ in use.
    adds r3, r1, r6
    ldr r0, [r3, #BLOCK_MIN - BLOCK_PAYLOAD + BLOCK_BACK]
    adds r0, #BLOCK_PAYLOAD - BLOCK_IN_USE
    cmp r0, r6
    bne 8f
    ldr r0, [r3, #BLOCK_MIN - BLOCK_PAYLOAD + BLOCK_TAG]
    lsrs r0, r0, #1
    bcc 9f
    @ The block free: its tag (r1 the size) and its successor's back link
    @ lose the bit.
    adds r1, #BLOCK_MIN
    subs r0, r6, #-PAYLOAD_TAG
    str r1, [r0]
    subs r0, #BLOCK_TAG
    str r0, [r3, #BLOCK_MIN - BLOCK_PAYLOAD + BLOCK_BACK]
    @ First on its list (at H + size), the old first block's prev link the
    @ block; or, the list empty before, its sbits bit set.
    ldr r0, [r2, r1]
    str r0, [r6, #LINK_NEXT]
    str r6, [r2, r1]
    adds r0, #0
    beq 5f
    str r6, [r0, #LINK_PREV]
    sbcs r6, r6
    bx lr
5:  lsrs r0, r1, #3
    movs r3, #1
    lsls r3, r0
    subs r2, #-HEAP_SBITS
    ldr r0, [r2]
    orrs r0, r3
    str r0, [r2]
    movs r6, #0
    mvns r6, r6
    bx lr
    @ Not for the fast path: a doubtful pointer goes to the general path;
    @ a large or odd tag, or a free predecessor, to free_large with the
    @ tag; a free successor to free_merge with the tag.
6:  subs r1, r6, #-PAYLOAD_TAG
    ldr r1, [r1]
7:  ldr r0, =core_free_large
    bx r0
8:  ldr r0, =core_shared_free
    bx r0
    @ The successor is free: when it is the top, the block joins it,
    @ taking the top's place on its list of one (the top's links: no next
    @ block, and the head cell, which then names the block); other free
    @ successors are merged by heap-core, with the tag.
9:  movs r0, r2
    subs r0, #-HEAP_TOP
    ldr r0, [r0]
    adds r3, #BLOCK_MIN
    cmp r0, r3
    bne 1f
    subs r3, #-PAYLOAD_TAG
    ldr r3, [r3]
    adds r1, r3
    adds r1, #BLOCK_MIN
    subs r3, r6, #-PAYLOAD_TAG
    str r1, [r3]
    subs r3, #BLOCK_TAG
    str r3, [r3, r1]
    ldmia r0, {r0, r3}
    str r0, [r6, #LINK_NEXT]
    str r3, [r6, #LINK_PREV]
    str r6, [r3]
    mvns r6, r0                 @ -1, the top's next link being 0
    bx lr
1:  adds r1, #BLOCK_MIN + BLOCK_IN_USE
    ldr r0, =core_free_merge
    bx r0
end-code
\ resize keeps a block that u already fits, as on Thumb-2, once it is
\ checked as free checks it; r2 is free for the checks, as the way on to
\ heap-core loads the heap again.
code resize ( addr u -- addr' -1 | addr 0 )
    ldr r2, =shared_heap
    ldr r2, [r2]
    cmp r2, #0
    beq 8f
    cmp r6, #0
    beq 8f
    @ The payload r0 inside the first region and 8-aligned; r2 then the
    @ bytes from it to the region's end.
    ldr r0, [r7]
    subs r2, #-HEAP_LO
    ldmia r2, {r1, r2}          @ lo and len8
    subs r1, r0, r1
    lsls r2, r2, #3
    cmp r1, r2
    bhs 9f
    lsls r3, r0, #29
    bne 9f
    subs r2, r2, r1
    @ Its tag: in use, no other flag, at least the smallest size, the block
    @ inside the region; r3 the size.
    subs r3, r0, #-PAYLOAD_TAG
    ldr r3, [r3]
    subs r3, #BLOCK_IN_USE
    lsls r1, r3, #29
    bne 9f
    cmp r3, #BLOCK_MIN
    blo 9f
    cmp r3, r2
    bhi 9f
    @ The successor links back to the block, marked in use; the
    @ predecessor is in use (a free one is checked by heap-core).
    adds r1, r0, r3
    subs r1, #BLOCK_PAYLOAD
    ldr r1, [r1, #BLOCK_BACK]
    adds r1, #BLOCK_PAYLOAD - BLOCK_IN_USE
    cmp r1, r0
    bne 9f
    movs r1, r0
    subs r1, #BLOCK_PAYLOAD
    ldr r1, [r1, #BLOCK_BACK]
    lsrs r2, r1, #1
    bcc 7f
    @ u fits the block: it stays as it is.
    subs r3, #BLOCK_PAYLOAD
    cmp r6, r3
    bhi 9f
    movs r6, #0
    mvns r6, r6
    bx lr
    @ A predecessor not in use: heap-core checks it, from the block (the
    @ payload still at the data stack's top) of size r1, r3 the back link.
7:  movs r2, r3
    movs r3, r1
    movs r1, r2
    ldr r2, =shared_heap
    ldr r2, [r2]
    ldr r0, =core_resize_pred
    bx r0
9:  ldr r2, =shared_heap
    ldr r2, [r2]
    ldr r0, =core_resize_first
    bx r0
8:  ldr r0, =core_shared_resize
    bx r0
end-code
[then]

: allocate! ( u -- addr ) allocate ['] x-memory-management-failure (averts) ;
: resize! ( addr u -- addr' ) resize ['] x-memory-management-failure (averts) ;
: free! ( addr -- ) free ['] x-memory-management-failure (averts) ;

allocate-wordlist set-current
: init-shared-heap ( heap-size high-block-size -- ) \ a new heap becomes the shared heap
  over heap-header-size heap-fits? ['] x-memory-management-failure (averts)
  init-heap-header tuck expand-heap shared-heap ! ;

forth-wordlist set-current
previous previous
[then]
