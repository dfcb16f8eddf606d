\ The allocator's general path for ARMv6-M (the RP2040's Cortex-M0+), which
\ allocate.fs includes there: heap-core, the same entries, subroutines and
\ checks as the Thumb-2 heap-core in allocate.fs, in Thumb-1. What differs
\ is how it gets there without Thumb-2:
\
\ - Offsets of loads and stores are never negative, so inside heap-core r6
\   holds F = H + HEAP_SMAX, the lowest field heap-core reads: the fields
\   are at [r6, #F_...], and r2 is H for the list heads at H + size.
\ - There is no CLZ. The TLSF class of a size comes from class_tab, a byte
\   per multiple of 8 below 2048: entry i is E0 + 8fl + sl for the size 8i,
\   so that the class's list head is at H + 4 * entry (E0 = HEAP_TLSF_HEADS
\   / 4). An entry from 16 up takes its second level from the index's own
\   bits, so a larger size indexes the same table shifted down 4 or 8 bits
\   more, its entry 32 or 64 higher; from 512 KiB up the table gives the
\   first level and a shift the second. The lowest set bit of a bitmap is a
\   de Bruijn multiply, single-cycle on the M0+, and a 32-byte table; of an
\   eight-bit second-level bitmap, on the allocation path, one load from a
\   256-byte table.
\ - Each class computation is written out where it is needed, its part for
\   sizes from 2048 up out of line after the routine's return, so that the
\   common case costs five instructions and no call.
\ - Lists do not keep the first block's prev link (unlink compares the
\   block with its list's head instead), except the top's list of one,
\   whose block's prev link is the top's head cell: unlink and the
\   relinking that moves a block into a neighbour's place then treat the
\   top as any block, and the top's own paths are written out where its
\   neighbours are found (ab_none, fb_succ_top, fb_pred_out2).
\ - A block is held by its payload p, as on Thumb-2; its tag is reached as
\   p - 4 (subs takes 4 as an immediate, not 8), its header as the tag's
\   address - BLOCK_TAG. Successors' back links are stored with a register
\   offset from a header, which relies on BLOCK_BACK being 0.
\
\ Registers inside heap-core: r2 = H, r6 = F, r7 the data stack; r4 and r5
\ are saved on entry, and r0, r1, r3, r4, r5 are the working registers.
\ Subroutines: unlink and insert take a free block's payload in r0 and its
\ size in r1, keep both and clobber r3 and r4 only; alloc_block takes a
\ block size in r1 and returns a payload (or 0) in r0, clobbering r1, r3,
\ r4, r5; check takes a payload in r0, keeps it, and returns its in-use
\ block's size in r1, or 0, clobbering r3, r4, r5; free_block takes a
\ checked block's payload in r4 and size in r5 and clobbers r0, r1, r3, r4,
\ r5; copy moves r1 bytes from r3 to r4.
: raise-no-shared-heap ( -- ) ['] x-no-shared-heap ?raise ;
' raise-no-shared-heap equ raise_no_shared_heap
code heap-core ( -- )
    .equ F_SBITS, HEAP_SBITS - HEAP_SMAX
    .equ F_FLBITS, HEAP_FLBITS - HEAP_SMAX
    .equ F_REGIONS, HEAP_REGIONS - HEAP_SMAX
    .equ F_LO, HEAP_LO - HEAP_SMAX
    .equ F_LEN8, HEAP_LEN8 - HEAP_SMAX
    .equ E0, HEAP_TLSF_HEADS / 4
    .equ SLB_F, HEAP_SL_BITS - HEAP_SMAX - E0
    .equ DEBRUIJN, 0x077CB531
    b alloc_with
    b free_with
    b resize_with
    b shared_alloc
    b shared_free
    b shared_resize
    b alloc_small
    b free_merge
    b resize_first
    b free_large
    b resize_pred

@ The shared heap's words: with a heap in r2 they go on as the -with-heap
@ words do once the heap is checked.
shared_alloc:
    cmp r2, #0
    bne alloc_go
no_heap:
    ldr r0, =raise_no_shared_heap
    bx r0
shared_free:
    cmp r2, #0
    beq no_heap
    b free_go
shared_resize:
    cmp r2, #0
    beq no_heap
    b resize_go

@ alloc_go: allocate u = r6 bytes from the heap r2, ( u -- addr -1 | 0 0 ):
@ the block size for u (request_size, inline), a block of that size.
alloc_go:
    push {r4, r5, lr}
    ldr r3, =HEAP_MAX_REQUEST
    cmp r6, r3
    bhi alloc_fail
    movs r1, r6
    adds r1, #BLOCK_PAYLOAD + 7
    lsrs r1, r1, #3
    lsls r1, r1, #3
    cmp r1, #BLOCK_MIN
    bhs alloc_sized
    movs r1, #BLOCK_MIN
    b alloc_sized
@ alloc_small: from allocate, with r2 the heap, r6 = u and r3 = 8 (u+15)/8
@ below 8 * SMALL_CLASSES, whose list is empty. Below BLOCK_MIN, u was 0 or
@ so large that u+15 wrapped round: the general path sorts that out.
alloc_small:
    cmp r3, #BLOCK_MIN
    blo alloc_go
    push {r4, r5, lr}
    movs r1, r3
alloc_sized:
    movs r6, r2
    subs r6, #-HEAP_SMAX
    bl alloc_block
    cmp r0, #0
    beq alloc_fail
    subs r7, #4
    str r0, [r7]
    movs r6, #0
    mvns r6, r6
    pop {r4, r5, pc}
alloc_fail:
    movs r6, #0
    subs r7, #4
    str r6, [r7]
    pop {r4, r5, pc}

@ The words of allocate-wordlist check their heap (r6) first, as heap?
@ does: a handle that is not a heap fails without being followed. lr waits
@ in r3 meanwhile, which is_heap leaves alone.
alloc_with:
    mov r3, lr
    bl is_heap
    mov lr, r3
    bne 1f
    movs r2, r6
    ldmia r7!, {r6}
    b alloc_go
1:  movs r6, #0                 @ ( u heap -- 0 0 )
    str r6, [r7]
    bx lr
free_with:
    mov r3, lr
    bl is_heap
    mov lr, r3
    bne 1f
    movs r2, r6
    ldmia r7!, {r6}
    b free_go
1:  adds r7, #4                 @ ( addr heap -- 0 )
    movs r6, #0
    bx lr
resize_with:
    mov r3, lr
    bl is_heap
    mov lr, r3
    bne 1f
    movs r2, r6
    ldmia r7!, {r6}
    b resize_go
1:  adds r7, #4                 @ ( addr u heap -- addr 0 )
    movs r6, #0
    bx lr
@ is_heap: Z set when r6 is a heap: inside RAM with room for a header,
@ 8-aligned (the rotation moves the low bits to the top, so one unsigned
@ compare checks both), and its self field holding it inverted. Uses r0
@ and r1.
is_heap:
    ldr r0, =RAM_ORIGIN + HEAP_FIELDS_SIZE
    subs r0, r6, r0
    movs r1, #3
    rors r0, r1
    ldr r1, =(RAM_END - HEAP_HEADER_SIZE - RAM_ORIGIN - HEAP_FIELDS_SIZE) >> 3
    cmp r1, r0
    bls 1f
    movs r0, r6
    subs r0, #-HEAP_SELF
    ldr r0, [r0]
    mvns r0, r0
    cmp r0, r6
    bx lr
1:  movs r0, #1                 @ Z clear: not a heap
    bx lr

@ free_go: free r6 on the heap r2, ( addr -- -1|0 ): 0 frees nothing and
@ succeeds; anything else must be an in-use block of this heap.
free_go:
    cmp r6, #0
    beq 1f
    push {r4, r5, lr}
    movs r0, r6
    movs r6, r2
    subs r6, #-HEAP_SMAX
    bl check
    cmp r1, #0
    beq free_fail
    movs r4, r0
    movs r5, r1
    bl free_block
free_ok:
    movs r6, #0
    mvns r6, r6
    pop {r4, r5, pc}
1:  mvns r6, r6
    bx lr
free_fail:
    movs r6, #0
    pop {r4, r5, pc}

@ free_large: from free, with r6 a payload in the first region (8-aligned)
@ and r1 its tag, not yet checked: an in-use block's, its size a multiple
@ of 8, at least the smallest, and the block inside the first region
@ ((p - lo) + size at most len8 * 8); then as free_merge, from the
@ successor's back link on.
free_large:
    push {r4, r5, lr}
    movs r4, r6                 @ r4 the payload, r5 its size
    movs r6, r2
    subs r6, #-HEAP_SMAX
    subs r5, r1, #BLOCK_IN_USE
    lsls r3, r5, #29
    bne free_doubt
    cmp r5, #BLOCK_MIN
    blo free_doubt
    ldr r0, [r6, #F_LO]
    subs r0, r4, r0
    adds r0, r5
    ldr r3, [r6, #F_LEN8]
    lsls r3, r3, #3
    cmp r0, r3
    bhi free_doubt
    @ The successor must link back to the block, marked in use.
    adds r3, r4, r5
    subs r3, #BLOCK_PAYLOAD
    ldr r3, [r3, #BLOCK_BACK]
    adds r3, #BLOCK_PAYLOAD - BLOCK_IN_USE
    cmp r3, r4
    bne free_doubt
    b free_pred
@ free_merge: from free, with r6 a payload in the first region and r1 its
@ tag, checked to be a small in-use block's whose successor links back to
@ it and is free. Left to check: a free predecessor. Anything doubtful goes
@ to the general path, which checks everything again.
free_merge:
    push {r4, r5, lr}
    movs r4, r6
    movs r6, r2
    subs r6, #-HEAP_SMAX
    subs r5, r1, #BLOCK_IN_USE
free_pred:
    @ The back link r3 (the predecessor's header when it is free), r0 the
    @ block's header. In use (flags exactly BLOCK_IN_USE): sound. No flags:
    @ the predecessor must lie in the region below the block and end where
    @ the block starts.
    movs r0, r4
    subs r0, #BLOCK_PAYLOAD
    ldr r3, [r0, #BLOCK_BACK]
    lsls r1, r3, #29
    beq 2f
    lsrs r1, r1, #29
    cmp r1, #BLOCK_IN_USE
    bne free_doubt
    bl free_block
    b free_ok
2:  cmp r3, r0
    bhs free_doubt
    ldr r1, [r6, #F_LO]
    subs r1, #BLOCK_PAYLOAD
    cmp r3, r1
    blo free_doubt
    ldr r1, [r3, #BLOCK_TAG]
    adds r1, r3
    cmp r1, r0
    bne free_doubt
    bl free_block
    movs r6, #0
    mvns r6, r6
    pop {r4, r5, pc}
free_doubt:
    movs r6, r4
    pop {r4, r5}
    pop {r3}
    mov lr, r3
    b free_go

@ resize_go: resize on the heap r2, ( addr u -- addr' -1 | addr 0 ), u in
@ r6: addr 0 allocates, u = 0 frees (and answers 0 -1), else the block is
@ checked and resized: r0 its payload, r1 its size, r4 the size wanted.
resize_go:
    ldr r0, [r7]
    cmp r0, #0
    bne 1f
    adds r7, #4
    b alloc_go
1:  push {r4, r5, lr}
    movs r1, r6
    movs r6, r2
    subs r6, #-HEAP_SMAX
    cmp r1, #0
    bne 2f
    bl check
    cmp r1, #0
    beq 9f
    movs r4, r0
    movs r5, r1
    bl free_block
    movs r3, #0
    str r3, [r7]
    b resize_ok
2:  bl request_size
    cmp r1, #0
    beq 9f
    movs r4, r1
    b resize_check
9:  b resize_fail

@ resize_first: from resize, with r2 the heap, u = r6 not 0 and the payload
@ p at [r7] (0 allocates, in resize_go). A block in the first region is
@ checked here as free checks it, a free predecessor included, since a move
@ or a merge may absorb it; anything else goes to check.
resize_first:
    ldr r0, [r7]
    cmp r0, #0
    beq resize_go
    push {r4, r5, lr}
    @ u waits in r4 until the block is checked (see rf_fits and rf_check).
    movs r4, r6
    movs r6, r2
    subs r6, #-HEAP_SMAX
    @ Inside the first region and 8-aligned: (p - lo) ror 3 below len8;
    @ r3 then the room from the block to the region's end, in 8s.
    ldr r1, [r6, #F_LO]
    subs r1, r0, r1
    movs r3, #3
    rors r1, r3
    ldr r3, [r6, #F_LEN8]
    cmp r3, r1
    bls rf_check
    subs r3, r3, r1
    @ The tag: in use, no other flag, at least the smallest size, the
    @ block inside the region; r1 the size.
    subs r1, r0, #-PAYLOAD_TAG
    ldr r1, [r1]
    subs r1, #BLOCK_IN_USE
    lsls r5, r1, #29
    bne rf_check
    cmp r1, #BLOCK_MIN
    blo rf_check
    lsrs r5, r1, #3
    cmp r5, r3
    bhi rf_check
    @ The successor links back to the block, marked in use.
    adds r3, r0, r1
    subs r3, #BLOCK_PAYLOAD
    ldr r3, [r3, #BLOCK_BACK]
    adds r3, #BLOCK_PAYLOAD - BLOCK_IN_USE
    cmp r3, r0
    bne rf_check
    @ The back link r3: a predecessor in use is never touched; a free one
    @ must lie in the region below the block and end where the block starts.
    movs r5, r0
    subs r5, #BLOCK_PAYLOAD
    ldr r3, [r5, #BLOCK_BACK]
    lsls r5, r3, #29
    beq 2f
    lsrs r5, r5, #29
    cmp r5, #BLOCK_IN_USE
    beq rf_fits
    b rf_check
rf_pred:
2:  movs r5, r0
    subs r5, #BLOCK_PAYLOAD
    cmp r3, r5
    bhs rf_check
    ldr r5, [r6, #F_LO]
    subs r5, #BLOCK_PAYLOAD
    cmp r3, r5
    blo rf_check
    ldr r5, [r3, #BLOCK_TAG]
    adds r5, r3
    adds r5, #BLOCK_PAYLOAD
    cmp r5, r0
    beq rf_fits
    b rf_check
@ resize_pred: from resize, with r2 the heap, u = r6 not 0, the payload at
@ [r7] and r1 the size of a block checked as resize_first checks it, up to
@ a predecessor that is not in use: r3 its back link; resize_first goes on
@ from there.
resize_pred:
    ldr r0, [r7]
    push {r4, r5, lr}
    movs r4, r6
    movs r6, r2
    subs r6, #-HEAP_SMAX
    lsls r5, r3, #29
    beq rf_pred
    b rf_check
@ rf_fits: the block r0 (size r1) checked, u in r4. A block u fits stays
@ as it is (resize_known); else r4 becomes the size u needs.
rf_fits:
    movs r5, r1
    subs r5, #BLOCK_PAYLOAD
    cmp r4, r5
    bls resize_ok
    bl rf_size
    b resize_known
@ rf_check: the block not known to be sound: r4 the size u needs, then
@ check.
rf_check:
    bl rf_size
    b resize_check
@ rf_size: r4 = the block size u = r4 needs (request_size, inline); u too
@ large for any region fails the resize (resize_fail pops the frame
@ resize_first pushed). Uses r3.
rf_size:
    ldr r3, =HEAP_MAX_REQUEST
    cmp r4, r3
    bhi 1f
    adds r4, #BLOCK_PAYLOAD + 7
    lsrs r4, r4, #3
    lsls r4, r4, #3
    cmp r4, #BLOCK_MIN
    bhs 2f
    movs r4, #BLOCK_MIN
2:  bx lr
1:  b resize_fail
@ resize_check: r0 the payload, r4 the size wanted; check finds the block.
resize_check:
    push {r4}
    bl check
    pop {r4}
    cmp r1, #0
    beq resize_fail
resize_known:
    @ A block that already fits stays as it is, in place and whole (see
    @ resize_known in allocate.fs).
    cmp r1, r4
    bhs resize_ok
    @ Growing: a free successor r3 (its size r5) with room enough is taken
    @ off its list and absorbed; the block, in use, links its new successor
    @ back to itself. The rest is then split off as for shrinking. The
    @ successor's in-use bit goes to the carry and comes back as 0.
    adds r3, r0, r1
    subs r5, r3, #-PAYLOAD_TAG
    ldr r5, [r5]
    lsrs r5, r5, #1
    bcs 6f
    lsls r5, r5, #1
    adds r5, r1
    cmp r5, r4
    blo 5f
    @ The successor the top with room to spare (r5 the rest, at least the
    @ smallest block): the block grows to r4 bytes and the rest stays the
    @ top, on its list of one (r1 its head cell); else the successor is
    @ absorbed whole.
    push {r0, r1}
    movs r1, r6
    subs r1, #HEAP_SMAX - HEAP_TOP
    ldr r0, [r1]
    cmp r0, r3
    bne 7f
    subs r5, r5, r4
    cmp r5, #BLOCK_MIN
    blo 8f
    pop {r0}
    add sp, #4
    adds r3, r0, r4
    str r3, [r1]
    str r1, [r3, #LINK_PREV]
    movs r1, #0
    str r1, [r3, #LINK_NEXT]
    adds r1, r4, #BLOCK_IN_USE
    subs r2, r0, #-PAYLOAD_TAG
    str r1, [r2]
    subs r2, #BLOCK_TAG - BLOCK_IN_USE
    subs r3, #BLOCK_PAYLOAD
    str r2, [r3, #BLOCK_BACK]
    str r5, [r3, #BLOCK_TAG]
    str r3, [r3, r5]
    b resize_ok
8:  adds r5, r5, r4
7:  pop {r0, r1}
    push {r0, r4, r5}
    subs r1, r5, r1
    movs r0, r3
    bl unlink
    pop {r0, r4, r5}
    movs r1, r5
    adds r3, r1, #BLOCK_IN_USE
    subs r5, r0, #-PAYLOAD_TAG
    str r3, [r5]
    subs r5, #BLOCK_TAG
    adds r3, r5, #BLOCK_IN_USE
    str r3, [r5, r1]
resize_shrink:
    @ The block keeps r4 bytes when the rest r5 can be a block of its own:
    @ the block's tag shrinks, the rest (header r3) links back to it,
    @ merges with a free successor, and goes on its list. Else the block
    @ stays as it is.
    subs r5, r1, r4
    cmp r5, #BLOCK_MIN
    blo resize_ok
    adds r3, r4, #BLOCK_IN_USE
    subs r1, r0, #-PAYLOAD_TAG
    str r3, [r1]
    subs r1, #BLOCK_TAG - BLOCK_IN_USE
    adds r0, r4
    movs r3, r0
    subs r3, #BLOCK_PAYLOAD
    str r1, [r3, #BLOCK_BACK]
    adds r4, r3, r5
    ldr r1, [r4, #BLOCK_TAG]
    lsrs r4, r1, #1
    bcs 3f
    push {r0, r5}
    adds r0, r5
    bl unlink
    pop {r0, r5}
    adds r5, r1
    movs r3, r0
    subs r3, #BLOCK_PAYLOAD
3:  str r5, [r3, #BLOCK_TAG]
    str r3, [r3, r5]
    movs r1, r5
    bl insert
resize_ok:
    movs r6, #0
    mvns r6, r6
    pop {r4, r5, pc}
resize_fail:
    movs r6, #0
    pop {r4, r5, pc}
5:  subs r5, r5, r1             @ the free successor's size again
    b resize_back
6:  movs r5, #0                 @ no free successor
@ resize_back: a free predecessor (its header is the block's back link),
@ with the successor when it is free too (r5 its size, else 0), makes
@ room: the contents move down into the predecessor. The frame on the
@ stack, from sp up: the merged size, the size wanted, the old payload and
@ its block's size.
resize_back:
    movs r3, r0
    subs r3, #BLOCK_PAYLOAD
    ldr r3, [r3, #BLOCK_BACK]
    lsrs r3, r3, #1
    bcs resize_move
    lsls r3, r3, #1
    push {r0, r1}
    ldr r0, [r3, #BLOCK_TAG]
    adds r1, r0
    adds r1, r5
    cmp r1, r4
    blo 7f
    push {r1, r4}
    @ Both free neighbours leave their lists; the predecessor's payload is
    @ the new address.
    cmp r5, #0
    beq 1f
    push {r0, r3}
    ldr r0, [sp, #16]
    ldr r1, [sp, #20]
    adds r0, r1
    movs r1, r5
    bl unlink
    pop {r0, r3}
1:  movs r1, r0
    movs r0, r3
    adds r0, #BLOCK_PAYLOAD
    bl unlink
    str r0, [r7]
    movs r4, r0
    ldr r3, [sp, #8]
    ldr r1, [sp, #12]
    subs r1, #BLOCK_PAYLOAD
    bl copy
    @ The merged block is in use with its successor linking back, and is
    @ shrunk to the size wanted.
    pop {r1, r4}
    add sp, #8
    ldr r0, [r7]
    adds r3, r1, #BLOCK_IN_USE
    subs r5, r0, #-PAYLOAD_TAG
    str r3, [r5]
    subs r5, #BLOCK_TAG
    adds r3, r5, #BLOCK_IN_USE
    str r3, [r5, r1]
    b resize_shrink
7:  pop {r0, r1}
@ resize_move: a new block, the payload copied into it, the old one freed.
resize_move:
    push {r0, r1}
    movs r1, r4
    bl alloc_block
    cmp r0, #0
    beq 8f
    str r0, [r7]
    movs r4, r0
    ldr r3, [sp]
    ldr r1, [sp, #4]
    subs r1, #BLOCK_PAYLOAD
    bl copy
    pop {r4, r5}
    bl free_block
    b resize_ok
8:  add sp, #8
    b resize_fail
    .ltorg

@ copy: r1 bytes (a multiple of 8, not 0) from r3 to r4, forwards, 8 then
@ 16 at a time, so the destination may lie below the source but not
@ within 16 bytes above it. Uses r0, r5 and r6 as data registers, and r2
@ saved; r6 is F again at the end.
copy:
    push {r2}
    lsls r0, r1, #28
    bpl 1f
    ldmia r3!, {r0, r2}
    stmia r4!, {r0, r2}
    subs r1, #8
    beq 2f
1:  ldmia r3!, {r0, r2, r5, r6}
    stmia r4!, {r0, r2, r5, r6}
    subs r1, #16
    bne 1b
2:  pop {r2}
    movs r6, r2
    subs r6, #-HEAP_SMAX
    bx lr

@ request_size: a request of r1 bytes becomes a block size in r1 (a header
@ more, rounded up to 8, at least the smallest block), or 0 when it is too
@ large for any region. Uses r3.
request_size:
    ldr r3, =HEAP_MAX_REQUEST
    cmp r1, r3
    bhi 1f
    adds r1, #BLOCK_PAYLOAD + 7
    lsrs r1, r1, #3
    lsls r1, r1, #3
    cmp r1, #BLOCK_MIN
    bhs 2f
    movs r1, #BLOCK_MIN
2:  bx lr
1:  movs r1, #0
    bx lr

@ check: is r0 the payload of an in-use block of this heap? The region
@ holding it, the block's flags and size, its successor's back link to it,
@ and a free predecessor's.
check:
    movs r1, #0
    lsls r3, r0, #29
    bne 9f
    @ The regions, newest first: r4 one, r3 its sentinel; r5 the header,
    @ which must lie from the first block (r4 becomes its header) up to the
    @ sentinel.
    movs r5, r0
    subs r5, #BLOCK_PAYLOAD
    ldr r4, [r6, #F_REGIONS]
1:  cmp r4, #0
    beq 9f
    ldr r3, [r4, #REGION_SENTINEL]
    cmp r5, r3
    bhs 2f
    adds r4, #REGION_FIRST
    cmp r5, r4
    bhs 3f
    subs r4, #REGION_FIRST
2:  ldr r4, [r4, #REGION_NEXT]
    b 1b
    @ In use, no other flag, at least the smallest size, and ending at or
    @ before the sentinel; r1 the size.
3:  ldr r1, [r5, #BLOCK_TAG]
    subs r1, #BLOCK_IN_USE
    subs r3, r3, r5
    cmp r3, r1
    blo 8f
    lsls r3, r1, #29
    bne 8f
    cmp r1, #BLOCK_MIN
    blo 8f
    @ The successor links back to the block, marked in use.
    ldr r3, [r5, r1]
    subs r3, #BLOCK_IN_USE
    cmp r3, r5
    bne 8f
    @ A predecessor in use is never touched by freeing, so only a free
    @ one is checked: inside the region below the block, ending at it.
    ldr r3, [r5, #BLOCK_BACK]
    lsls r5, r3, #29
    beq 4f
    lsrs r5, r5, #29
    cmp r5, #BLOCK_IN_USE
    bne 8f
    bx lr
4:  cmp r3, r4
    blo 8f
    movs r5, r0
    subs r5, #BLOCK_PAYLOAD
    cmp r3, r5
    bhs 8f
    ldr r4, [r3, #BLOCK_TAG]
    adds r4, r3
    cmp r4, r5
    bne 8f
    bx lr
8:  movs r1, #0
9:  bx lr

@ free_block: r4 the payload of a checked in-use block, r5 its size. The
@ block's payload is the successor's less the block's size whenever it is
@ needed again after an unlink.
@ same_list, written out where it is needed: do the sizes a < b share a
@ TLSF list? They do when b ^ a is below 2^(fl(a) - 3), that is when
@ x = (b ^ a) << 3 has its top bit below a's top bit: when a & ~x is
@ above x. Seven instructions with the branch and no table, where two
@ classes and their compare cost twelve, and four to six more for each
@ size from 2048 bytes up.
free_block:
    push {lr}
    @ r0 the successor's payload, r1 its tag.
    adds r0, r4, r5
    subs r1, r0, #-PAYLOAD_TAG
    ldr r1, [r1]
    lsrs r3, r1, #1
    bcs fb_pred
    @ Only the successor free, large, and the merged block in its TLSF
    @ list (same_list, with r0 saved): the block takes the successor's
    @ place there, the list's class in r3. (The top, on a list of its own,
    @ is not its class's head: its prev link, the top's head cell, then
    @ names the block.)
    movs r3, r4
    subs r3, #BLOCK_PAYLOAD
    ldr r3, [r3, #BLOCK_BACK]
    lsrs r3, r3, #1
    bcc fb_succ_out
    ldr r3, [r6]
    cmp r1, r3
    bls fb_succ_out
    adds r5, r1
    push {r0}
    movs r3, r5
    eors r3, r1
    lsls r3, r3, #3
    movs r0, r1
    bics r0, r3
    cmp r0, r3
    bls 5f
    lsrs r3, r1, #11
    bne class_big_fb1
    lsrs r3, r1, #3
    ldr r0, =class_tab
    ldrb r3, [r0, r3]
class_ret_fb1:
    pop {r0}
    @ The list's head, or the previous block's next link, now the block.
    lsls r3, r3, #2
    ldr r1, [r2, r3]
    cmp r1, r0
    bne 1f
    str r4, [r2, r3]
    b 2f
1:  ldr r1, [r0, #LINK_PREV]
    str r4, [r1, #LINK_NEXT]
    str r1, [r4, #LINK_PREV]
    @ The successor's next link, and the next block's prev link, too.
2:  ldr r1, [r0, #LINK_NEXT]
    str r1, [r4, #LINK_NEXT]
    cmp r1, #0
    beq 3f
    str r4, [r1, #LINK_PREV]
    @ The merged block, free: its tag, and its successor's back link.
3:  subs r1, r4, #-PAYLOAD_TAG
    str r5, [r1]
    subs r1, #BLOCK_TAG
    str r1, [r1, r5]
    pop {pc}
    @ A free successor otherwise leaves its list and is absorbed (r5 the
    @ merged size).
5:  pop {r0}
    b 4f
fb_succ_out:
    adds r5, r1
4:  movs r3, r6
    subs r3, #HEAP_SMAX - HEAP_TOP
    ldr r3, [r3]
    cmp r3, r0
    beq fb_succ_top
    bl unlink
    adds r4, r0, r1
    subs r4, r4, r5
    @ A free predecessor (the back link r1, bit 0 clear) absorbs the block:
    @ r0 its payload, r1 its size.
fb_pred:
    movs r1, r4
    subs r1, #BLOCK_PAYLOAD
    ldr r1, [r1, #BLOCK_BACK]
    lsrs r3, r1, #1
    bcs fb_insert
    movs r0, r1
    adds r0, #BLOCK_PAYLOAD
    ldr r1, [r1, #BLOCK_TAG]
    @ A large free predecessor that stays in its TLSF list once it has
    @ absorbed the block (same_list, r4 free to use), or the top, keeps its
    @ place there and only grows.
    ldr r3, [r6]
    cmp r1, r3
    bls fb_pred_out
    adds r5, r1
    movs r3, r5
    eors r3, r1
    lsls r3, r3, #3
    movs r4, r1
    bics r4, r3
    cmp r4, r3
    bls fb_pred_out2
fb_grow:
    subs r1, r0, #-PAYLOAD_TAG
    str r5, [r1]
    subs r1, #BLOCK_TAG
    str r1, [r1, r5]
    pop {pc}
    @ Otherwise it leaves its list, and the merged block starts there.
fb_pred_out:
    adds r5, r1
fb_pred_out2:
    movs r3, r6
    subs r3, #HEAP_SMAX - HEAP_TOP
    ldr r3, [r3]
    cmp r3, r0
    beq fb_grow
    bl unlink
    movs r4, r0
    @ The block (merged or not), free: its tag, its successor's back link,
    @ and onto its list.
fb_insert:
    subs r1, r4, #-PAYLOAD_TAG
    str r5, [r1]
    subs r1, #BLOCK_TAG
    str r1, [r1, r5]
    movs r0, r4
    movs r1, r5
    bl insert
    pop {pc}
    @ fb_succ_top: the successor r0 is the top, r5 the size of the block
    @ and the top. A free predecessor leaves its list and absorbs them; the
    @ merged block (r4, r5 bytes) then is the top, on its list of one.
fb_succ_top:
    movs r1, r4
    subs r1, #BLOCK_PAYLOAD
    ldr r1, [r1, #BLOCK_BACK]
    lsrs r3, r1, #1
    bcs 1f
    movs r0, r1
    adds r0, #BLOCK_PAYLOAD
    ldr r1, [r1, #BLOCK_TAG]
    adds r5, r1
    bl unlink
    movs r4, r0
1:  subs r1, r4, #-PAYLOAD_TAG
    str r5, [r1]
    subs r1, #BLOCK_TAG
    str r1, [r1, r5]
    movs r3, r6
    subs r3, #HEAP_SMAX - HEAP_TOP
    str r4, [r3]
    movs r0, #0
    str r0, [r4, #LINK_NEXT]
    str r3, [r4, #LINK_PREV]
    pop {pc}
class_big_fb1:
    lsrs r3, r1, #15
    bne class_hi_fb1
    lsrs r3, r1, #7
    ldr r0, =class_tab
    ldrb r3, [r0, r3]
    adds r3, #8 * 4
    b class_ret_fb1
class_hi_fb1:
    lsrs r3, r1, #19
    bne class_top_fb1
    lsrs r3, r1, #11
    ldr r0, =class_tab
    ldrb r3, [r0, r3]
    adds r3, #8 * 8
    b class_ret_fb1
class_top_fb1:
    lsrs r3, r1, #16
    ldr r0, =class_tab
    ldrb r3, [r0, r3]
    lsrs r3, r3, #3
    adds r3, #10 - E0 / 8
    movs r0, r1
    lsrs r0, r3
    lsls r3, r3, #3
    adds r3, r0
    adds r3, #E0 + 16
    b class_ret_fb1
    .ltorg

@ alloc_block: the first block of the first non-empty small list that
@ fits, else the first block of the size's own TLSF class if it is large
@ enough (any of its first eight), else the first block of a TLSF class
@ whose every block fits; taken off its list, marked in use, the rest split
@ off when it can be a block.
alloc_block:
    push {lr}
    ldr r3, [r6]
    cmp r1, r3
    bhi ab_large
    @ A small size: the sbits of its class and above; the lowest set one's
    @ list, its block size r3 (the head's offset from H), its first block
    @ r0.
    lsrs r4, r1, #3
    ldr r3, [r6, #F_SBITS]
    lsrs r3, r4
    lsls r3, r4
    beq ab_any
    negs r4, r3
    ands r3, r4
    ldr r4, =DEBRUIJN
    muls r3, r4, r3
    lsrs r3, r3, #27
    ldr r4, =ctz_tab
    ldrb r3, [r4, r3]
    lsls r3, r3, #3
    ldr r0, [r2, r3]
    @ The head moves on to the next block; the list empty, its sbits bit is
    @ cleared.
    ldr r4, [r0, #LINK_NEXT]
    str r4, [r2, r3]
    cmp r4, #0
    bne ab_use_small
    lsrs r4, r3, #3
    movs r5, #1
    lsls r5, r4
    ldr r4, [r6, #F_SBITS]
    bics r4, r5
    str r4, [r6, #F_SBITS]
    @ ab_use_small: as ab_use, for a small block: its rest, when it can be
    @ a block, is small too and goes first on its list here, r5 its
    @ header, then its payload.
ab_use_small:
    subs r4, r3, r1
    cmp r4, #BLOCK_MIN
    blo ab_use
    adds r5, r1, #BLOCK_IN_USE
    subs r3, r0, #-PAYLOAD_TAG
    str r5, [r3]
    subs r3, #BLOCK_TAG - BLOCK_IN_USE
    adds r5, r0, r1
    subs r5, #BLOCK_PAYLOAD
    str r3, [r5, #BLOCK_BACK]
    str r4, [r5, #BLOCK_TAG]
    str r5, [r5, r4]
    adds r5, #BLOCK_PAYLOAD
    ldr r3, [r2, r4]
    str r3, [r5, #LINK_NEXT]
    str r5, [r2, r4]
    cmp r3, #0
    beq 1f
    str r5, [r3, #LINK_PREV]
    pop {pc}
1:  lsrs r4, r4, #3
    movs r5, #1
    lsls r5, r4
    ldr r4, [r6, #F_SBITS]
    orrs r4, r5
    str r4, [r6, #F_SBITS]
    pop {pc}
@ ab_use: r0 a block off its list, r3 its size, r1 the size wanted. A rest
@ too small for a block stays in it: the whole block in use, its successor
@ linking back to it so.
ab_use:
    subs r4, r3, r1
    cmp r4, #BLOCK_MIN
    bhs 1f
    adds r1, r3, #BLOCK_IN_USE
    subs r4, r0, #-PAYLOAD_TAG
    str r1, [r4]
    subs r4, #BLOCK_TAG
    adds r5, r4, #BLOCK_IN_USE
    str r5, [r4, r3]
    pop {pc}
    @ A rest r4 that can be a block: the block in use with r1 bytes, the
    @ rest (header r5) linking back to it, free, its successor linking
    @ back, and onto its list.
1:  adds r5, r1, #BLOCK_IN_USE
    subs r3, r0, #-PAYLOAD_TAG
    str r5, [r3]
    subs r3, #BLOCK_TAG - BLOCK_IN_USE
    push {r0}
    adds r0, r1
    movs r1, r4
    movs r5, r0
    subs r5, #BLOCK_PAYLOAD
    str r3, [r5, #BLOCK_BACK]
    str r1, [r5, #BLOCK_TAG]
    str r5, [r5, r1]
    bl insert
    pop {r0}
    pop {pc}
    @ No small list fits: the lowest non-empty first level.
ab_any:
    ldr r0, [r6, #F_FLBITS]
    cmp r0, #0
    bne ab_fl
    @ ab_none: no list has a block that fits: the top (r0; r5 its head
    @ cell, r3 its size, r4 the rest), when it is large enough.
ab_none:
    movs r5, r6
    subs r5, #HEAP_SMAX - HEAP_TOP
    ldr r0, [r5]
    cmp r0, #0
    beq 1f
    subs r3, r0, #-PAYLOAD_TAG
    ldr r3, [r3]
    subs r4, r3, r1
    bhs ab_top
    movs r0, #0
1:  pop {pc}
    @ A rest too small for a block: the whole top is used, and there is
    @ no top any more.
ab_top:
    cmp r4, #BLOCK_MIN
    bhs 2f
    movs r4, #0
    str r4, [r5]
    b ab_use
    @ The block in use with r1 bytes; the rest (header r3) links back to
    @ it, is free, its successor links back to it, and it is the top, on
    @ its list of one: no next block, the head cell r5 as its prev link
    @ and naming it.
2:  adds r3, r1, #BLOCK_IN_USE
    subs r0, #-PAYLOAD_TAG
    str r3, [r0]
    subs r0, #BLOCK_TAG - BLOCK_IN_USE
    adds r3, r0, r1
    subs r3, #BLOCK_IN_USE
    str r0, [r3, #BLOCK_BACK]
    str r4, [r3, #BLOCK_TAG]
    str r3, [r3, r4]
    movs r4, #0
    str r4, [r3, #BLOCK_PAYLOAD + LINK_NEXT]
    str r5, [r3, #BLOCK_PAYLOAD + LINK_PREV]
    adds r3, #BLOCK_PAYLOAD
    str r3, [r5]
    adds r0, #BLOCK_PAYLOAD - BLOCK_IN_USE
    pop {pc}
    @ A large size: the first block of its own class (E in r3) when it is
    @ big enough (a close fit keeps large free blocks whole); up to eight
    @ of the class's blocks are looked at, r4 each one's size.
ab_large:
    lsrs r3, r1, #11
    bne class_big_ab1
    lsrs r3, r1, #3
    ldr r4, =class_tab
    ldrb r3, [r4, r3]
class_ret_ab1:
    lsls r4, r3, #2
    ldr r0, [r2, r4]
    cmp r0, #0
    beq ab_up
    subs r4, r0, #-PAYLOAD_TAG
    ldr r4, [r4]
    cmp r4, r1
    bhs ab_first
    movs r5, #7
2:  ldr r0, [r0, #LINK_NEXT]
    cmp r0, #0
    beq ab_up
    subs r4, r0, #-PAYLOAD_TAG
    ldr r4, [r4]
    cmp r4, r1
    bhs ab_mid
    subs r5, #1
    bne 2b
    @ The class after r1 - 8's: every block of it and above fits. Its sl
    @ bits and above in r0, r3 = 8fl + E0; none, then the next first level
    @ up that has any.
ab_up:
    subs r1, #8
    lsrs r3, r1, #11
    bne class_big_ab2
    lsrs r3, r1, #3
    ldr r4, =class_tab
    ldrb r3, [r4, r3]
class_ret_ab2:
    adds r1, #8
    adds r3, #1
    lsls r4, r3, #29
    lsrs r4, r4, #29
    lsrs r3, r3, #3
    lsls r3, r3, #3
    adds r0, r6, r3
    ldr r0, [r0, #SLB_F]
    lsrs r0, r4
    lsls r0, r4
    bne ab_sl
    lsrs r3, r3, #3
    subs r3, #E0 / 8 - 1
    ldr r0, [r6, #F_FLBITS]
    lsrs r0, r3
    lsls r0, r3
    beq ab_none
    @ r0 first-level bits: the lowest one's fl, r3 = 8fl + E0, and its sl
    @ bitmap in r0.
ab_fl:
    negs r3, r0
    ands r0, r3
    ldr r3, =DEBRUIJN
    muls r0, r3, r0
    lsrs r0, r0, #27
    ldr r3, =ctz_tab
    ldrb r0, [r3, r0]
    lsls r3, r0, #3
    adds r3, #E0
    adds r0, r6, r3
    ldr r0, [r0, #SLB_F]
    @ The lowest sl set in r0: the class E = r3 + sl, its list's first
    @ block r0 and its size r4.
ab_sl:
    ldr r4, =low_bit_tab
    ldrb r0, [r4, r0]
    adds r3, r0
    lsls r4, r3, #2
    ldr r0, [r2, r4]
    subs r4, r0, #-PAYLOAD_TAG
    ldr r4, [r4]
    @ r0 the first block of its TLSF list E = r3, r4 its size. The rest,
    @ r5, when it is large and in the same TLSF list (same_list, with r0
    @ and r4 saved), stays there in the block's place.
ab_first:
    subs r5, r4, r1
    push {r0, r4}
    ldr r0, [r6]
    cmp r5, r0
    bls 9f
    eors r4, r5
    lsls r4, r4, #3
    movs r0, r5
    bics r0, r4
    cmp r0, r4
    bls 9f
    pop {r0, r4}
    lsls r3, r3, #2
    adds r4, r0, r1
    str r4, [r2, r3]
    ldr r3, [r0, #LINK_NEXT]
    str r3, [r4, #LINK_NEXT]
    cmp r3, #0
    beq 1f
    str r4, [r3, #LINK_PREV]
    @ The block in use with r1 bytes; the rest after it (header r4),
    @ linking back to it, free with r5 bytes, and its successor linking
    @ back to the rest.
1:  adds r1, #BLOCK_IN_USE
    subs r3, r0, #-PAYLOAD_TAG
    str r1, [r3]
    subs r3, #BLOCK_TAG - BLOCK_IN_USE
    subs r4, #BLOCK_PAYLOAD
    str r3, [r4, #BLOCK_BACK]
    str r5, [r4, #BLOCK_TAG]
    str r4, [r4, r5]
    pop {pc}
9:  pop {r0, r4}
    @ Otherwise the block r0 (size r4) leaves its list and is used.
ab_mid:
    push {r1}
    movs r1, r4
    bl unlink
    movs r3, r1
    pop {r1}
    b ab_use
@ class_big_ab1, class_big_ab2: alloc_block's sizes from 2048 up, whose
@ lr waits on the stack, so both call the same computation.
class_big_ab1:
    bl class_large
    b class_ret_ab1
class_big_ab2:
    bl class_large
    b class_ret_ab2
@ class_large: r3 = the TLSF class entry of a size r1 from 2048 up, as the
@ sites above compute it for smaller sizes. Uses r4.
class_large:
    lsrs r3, r1, #15
    bne 1f
    lsrs r3, r1, #7
    ldr r4, =class_tab
    ldrb r3, [r4, r3]
    adds r3, #8 * 4
    bx lr
1:  lsrs r3, r1, #19
    bne 2f
    lsrs r3, r1, #11
    ldr r4, =class_tab
    ldrb r3, [r4, r3]
    adds r3, #8 * 8
    bx lr
2:  lsrs r3, r1, #16
    ldr r4, =class_tab
    ldrb r3, [r4, r3]
    lsrs r3, r3, #3
    adds r3, #10 - E0 / 8
    movs r4, r1
    lsrs r4, r3
    lsls r3, r3, #3
    adds r3, r4
    adds r3, #E0 + 16
    bx lr
    .ltorg

@ unlink: the free block r0 of size r1 leaves its list; when the list
@ empties, its bitmap bits are cleared. r3 its next block.
unlink:
    ldr r3, [r0, #LINK_NEXT]
    ldr r4, [r6]
    cmp r1, r4
    bhi 3f
    @ A small block: first on its list (at H + size), the head moves on to
    @ the next block; the list empty, its sbits bit is cleared.
    ldr r4, [r2, r1]
    cmp r4, r0
    bne 2f
    str r3, [r2, r1]
    cmp r3, #0
    bne 1f
    lsrs r3, r1, #3
    movs r4, #1
    lsls r4, r3
    ldr r3, [r6, #F_SBITS]
    bics r3, r4
    str r3, [r6, #F_SBITS]
1:  bx lr
    @ Not first: the previous block's next link skips it, and the next
    @ block's prev link, if there is a next block.
2:  ldr r4, [r0, #LINK_PREV]
    str r3, [r4, #LINK_NEXT]
    cmp r3, #0
    beq 1b
    str r4, [r3, #LINK_PREV]
    bx lr
    @ A large block: its TLSF list's head at H + r4 (4 times its class),
    @ r5 saved for the table's address. First on its list, the head moves
    @ on; the list empty, its bit in fl's second-level bitmap is cleared,
    @ and that empty, fl's bit in flbits.
3:  push {r5}
    lsrs r4, r1, #11
    bne class_big_ul
    lsrs r4, r1, #3
    ldr r5, =class_tab
    ldrb r4, [r5, r4]
class_ret_ul:
    lsls r4, r4, #2
    ldr r5, [r2, r4]
    cmp r5, r0
    bne 6f
    str r3, [r2, r4]
    cmp r3, #0
    bne 5f
    lsls r3, r4, #27
    lsrs r3, r3, #29
    movs r5, #1
    lsls r5, r3
    lsrs r4, r4, #5
    lsls r4, r4, #3
    adds r4, r6
    ldr r3, [r4, #SLB_F]
    bics r3, r5
    str r3, [r4, #SLB_F]
    bne 5f
    subs r4, r4, r6
    lsrs r4, r4, #3
    subs r4, #E0 / 8
    movs r5, #1
    lsls r5, r4
    ldr r3, [r6, #F_FLBITS]
    bics r3, r5
    str r3, [r6, #F_FLBITS]
5:  pop {r5}
    bx lr
6:  pop {r5}
    b 2b
class_big_ul:
    lsrs r4, r1, #15
    bne class_hi_ul
    lsrs r4, r1, #7
    ldr r5, =class_tab
    ldrb r4, [r5, r4]
    adds r4, #8 * 4
    b class_ret_ul
class_hi_ul:
    lsrs r4, r1, #19
    bne class_top_ul
    lsrs r4, r1, #11
    ldr r5, =class_tab
    ldrb r4, [r5, r4]
    adds r4, #8 * 8
    b class_ret_ul
class_top_ul:
    lsrs r4, r1, #16
    ldr r5, =class_tab
    ldrb r4, [r5, r4]
    lsrs r4, r4, #3
    adds r4, #10 - E0 / 8
    movs r5, r1
    lsrs r5, r4
    lsls r4, r4, #3
    adds r4, r5
    adds r4, #E0 + 16
    b class_ret_ul

@ insert: the free block r0 of size r1 goes first on its list, setting its
@ bitmap bits when the list was empty.
insert:
    ldr r3, [r6]
    cmp r1, r3
    bhi 2f
    @ A small block: its next link the old head (at H + size), the head the
    @ block, the old first block's prev link the block; or, the list empty
    @ before, its sbits bit set.
    ldr r3, [r2, r1]
    str r3, [r0, #LINK_NEXT]
    str r0, [r2, r1]
    cmp r3, #0
    beq 1f
    str r0, [r3, #LINK_PREV]
    bx lr
1:  lsrs r3, r1, #3
    movs r4, #1
    lsls r4, r3
    ldr r3, [r6, #F_SBITS]
    orrs r3, r4
    str r3, [r6, #F_SBITS]
    bx lr
    @ A large block: the same on its TLSF list (head at H + r3, 4 times its
    @ class), and when the list was empty its bits in fl's second-level
    @ bitmap and in flbits, with r5 saved to help.
2:
    lsrs r3, r1, #11
    bne class_big_ins
    lsrs r3, r1, #3
    ldr r4, =class_tab
    ldrb r3, [r4, r3]
class_ret_ins:
    lsls r3, r3, #2
    ldr r4, [r2, r3]
    str r4, [r0, #LINK_NEXT]
    str r0, [r2, r3]
    cmp r4, #0
    beq 3f
    str r0, [r4, #LINK_PREV]
    bx lr
3:  push {r5}
    lsls r4, r3, #27
    lsrs r4, r4, #29
    movs r5, #1
    lsls r5, r4
    lsrs r3, r3, #5
    lsls r3, r3, #3
    adds r3, r6
    ldr r4, [r3, #SLB_F]
    orrs r4, r5
    str r4, [r3, #SLB_F]
    subs r3, r3, r6
    lsrs r3, r3, #3
    subs r3, #E0 / 8
    movs r5, #1
    lsls r5, r3
    ldr r4, [r6, #F_FLBITS]
    orrs r4, r5
    str r4, [r6, #F_FLBITS]
    pop {r5}
    bx lr
class_big_ins:
    lsrs r3, r1, #15
    bne class_hi_ins
    lsrs r3, r1, #7
    ldr r4, =class_tab
    ldrb r3, [r4, r3]
    adds r3, #8 * 4
    b class_ret_ins
class_hi_ins:
    lsrs r3, r1, #19
    bne class_top_ins
    lsrs r3, r1, #11
    ldr r4, =class_tab
    ldrb r3, [r4, r3]
    adds r3, #8 * 8
    b class_ret_ins
class_top_ins:
    lsrs r3, r1, #16
    ldr r4, =class_tab
    ldrb r3, [r4, r3]
    lsrs r3, r3, #3
    adds r3, #10 - E0 / 8
    movs r4, r1
    lsrs r4, r3
    lsls r3, r3, #3
    adds r3, r4
    adds r3, #E0 + 16
    b class_ret_ins
    .ltorg
    .align 2
@ low_bit_tab: the lowest set bit of each byte value (a second-level
@ bitmap has eight bits, so one load finds its lowest list).
low_bit_tab:
    .byte 0, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0
    .byte 4, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0
    .byte 5, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0
    .byte 4, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0
    .byte 6, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0
    .byte 4, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0
    .byte 5, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0
    .byte 4, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0
    .byte 7, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0
    .byte 4, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0
    .byte 5, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0
    .byte 4, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0
    .byte 6, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0
    .byte 4, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0
    .byte 5, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0
    .byte 4, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0
ctz_tab:
    .byte 0, 1, 28, 2, 29, 14, 24, 3, 30, 22, 20, 15, 25, 17, 4, 8
    .byte 31, 27, 13, 23, 21, 19, 16, 7, 26, 12, 18, 6, 11, 5, 10, 9
class_tab:
    .byte 0, E0 + 24, E0 + 32, E0 + 36, E0 + 40, E0 + 42, E0 + 44, E0 + 46
    .byte E0 + 48, E0 + 49, E0 + 50, E0 + 51, E0 + 52, E0 + 53, E0 + 54, E0 + 55
    .byte E0 + 56, E0 + 56, E0 + 57, E0 + 57, E0 + 58, E0 + 58, E0 + 59, E0 + 59
    .byte E0 + 60, E0 + 60, E0 + 61, E0 + 61, E0 + 62, E0 + 62, E0 + 63, E0 + 63
    .byte E0 + 64, E0 + 64, E0 + 64, E0 + 64, E0 + 65, E0 + 65, E0 + 65, E0 + 65
    .byte E0 + 66, E0 + 66, E0 + 66, E0 + 66, E0 + 67, E0 + 67, E0 + 67, E0 + 67
    .byte E0 + 68, E0 + 68, E0 + 68, E0 + 68, E0 + 69, E0 + 69, E0 + 69, E0 + 69
    .byte E0 + 70, E0 + 70, E0 + 70, E0 + 70, E0 + 71, E0 + 71, E0 + 71, E0 + 71
    .byte E0 + 72, E0 + 72, E0 + 72, E0 + 72, E0 + 72, E0 + 72, E0 + 72, E0 + 72
    .byte E0 + 73, E0 + 73, E0 + 73, E0 + 73, E0 + 73, E0 + 73, E0 + 73, E0 + 73
    .byte E0 + 74, E0 + 74, E0 + 74, E0 + 74, E0 + 74, E0 + 74, E0 + 74, E0 + 74
    .byte E0 + 75, E0 + 75, E0 + 75, E0 + 75, E0 + 75, E0 + 75, E0 + 75, E0 + 75
    .byte E0 + 76, E0 + 76, E0 + 76, E0 + 76, E0 + 76, E0 + 76, E0 + 76, E0 + 76
    .byte E0 + 77, E0 + 77, E0 + 77, E0 + 77, E0 + 77, E0 + 77, E0 + 77, E0 + 77
    .byte E0 + 78, E0 + 78, E0 + 78, E0 + 78, E0 + 78, E0 + 78, E0 + 78, E0 + 78
    .byte E0 + 79, E0 + 79, E0 + 79, E0 + 79, E0 + 79, E0 + 79, E0 + 79, E0 + 79
    .byte E0 + 80, E0 + 80, E0 + 80, E0 + 80, E0 + 80, E0 + 80, E0 + 80, E0 + 80
    .byte E0 + 80, E0 + 80, E0 + 80, E0 + 80, E0 + 80, E0 + 80, E0 + 80, E0 + 80
    .byte E0 + 81, E0 + 81, E0 + 81, E0 + 81, E0 + 81, E0 + 81, E0 + 81, E0 + 81
    .byte E0 + 81, E0 + 81, E0 + 81, E0 + 81, E0 + 81, E0 + 81, E0 + 81, E0 + 81
    .byte E0 + 82, E0 + 82, E0 + 82, E0 + 82, E0 + 82, E0 + 82, E0 + 82, E0 + 82
    .byte E0 + 82, E0 + 82, E0 + 82, E0 + 82, E0 + 82, E0 + 82, E0 + 82, E0 + 82
    .byte E0 + 83, E0 + 83, E0 + 83, E0 + 83, E0 + 83, E0 + 83, E0 + 83, E0 + 83
    .byte E0 + 83, E0 + 83, E0 + 83, E0 + 83, E0 + 83, E0 + 83, E0 + 83, E0 + 83
    .byte E0 + 84, E0 + 84, E0 + 84, E0 + 84, E0 + 84, E0 + 84, E0 + 84, E0 + 84
    .byte E0 + 84, E0 + 84, E0 + 84, E0 + 84, E0 + 84, E0 + 84, E0 + 84, E0 + 84
    .byte E0 + 85, E0 + 85, E0 + 85, E0 + 85, E0 + 85, E0 + 85, E0 + 85, E0 + 85
    .byte E0 + 85, E0 + 85, E0 + 85, E0 + 85, E0 + 85, E0 + 85, E0 + 85, E0 + 85
    .byte E0 + 86, E0 + 86, E0 + 86, E0 + 86, E0 + 86, E0 + 86, E0 + 86, E0 + 86
    .byte E0 + 86, E0 + 86, E0 + 86, E0 + 86, E0 + 86, E0 + 86, E0 + 86, E0 + 86
    .byte E0 + 87, E0 + 87, E0 + 87, E0 + 87, E0 + 87, E0 + 87, E0 + 87, E0 + 87
    .byte E0 + 87, E0 + 87, E0 + 87, E0 + 87, E0 + 87, E0 + 87, E0 + 87, E0 + 87
end-code
' heap-core      equ core_alloc_with
' heap-core 2 +  equ core_free_with
' heap-core 4 +  equ core_resize_with
' heap-core 6 +  equ core_shared_alloc
' heap-core 8 +  equ core_shared_free
' heap-core 10 + equ core_shared_resize
' heap-core 12 + equ core_alloc_small
' heap-core 14 + equ core_free_merge
' heap-core 16 + equ core_resize_first
' heap-core 18 + equ core_free_large
' heap-core 20 + equ core_resize_pred

