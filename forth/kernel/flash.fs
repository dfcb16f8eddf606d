\ Compiling to flash on the board. compile-to-flash keeps the dictionary's
\ newest bytes in a RAM buffer that mirrors a window of flash (>dict in
\ core.fs) and programs them through the chip's own interface: the boot
\ ROM's flash functions on the RP2040 and RP2350, called from a routine in
\ RAM since XIP is off meanwhile, and the FLASH controller's registers on
\ the STM32F4. Flash can only go from erased to programmed, so the buffer is
\ programmed when nothing in it can change any more: at the end of each
\ line, and before a word made on that line runs. Each time, a record of
\ the flash dictionary (newest header, HERE, RAM HERE) is added in the
\ sector at flash-end, where boot finds it again after a reset.

variable flash-written \ flash below this address is programmed and final
variable clash-at \ the address the last refused flash write was for
: x-flash-written ( -- ) \ names the address
  ." cannot change flash at " clash-at @ h. ." (programmed already, or past the 4 KiB buffer)" ;
: record-page ( -- addr ) flash-buffer @ flash-buffer-size + ; \ 256 bytes for one record's page

stm32f4? [if]
\ --- the STM32F4 FLASH interface -------------------------------------------
$40023C00 constant flash-if
: flash-cr ( -- addr ) flash-if $10 + ;
: flash-wait ( -- ) begin flash-if $0c + @ $10000 and 0= until ; \ while BSY
: flash-unlock ( -- ) \ the two keys, once after reset; LOCK is bit 31
  flash-cr @ 0< if $45670123 flash-if 4 + ! $CDEF89AB flash-if 4 + ! then
  $f3 flash-if $0c + ! ; \ clears old errors
: flash-lock ( -- ) $80000000 flash-cr ! ;
: program-flash ( src flash-addr u -- ) \ byte by byte: PG with PSIZE x8
  flash-unlock 1 flash-cr !
  0 ?do over i + c@ over i + c! flash-wait loop 2drop flash-lock ;
: erase-record-sector ( -- ) \ the sector at flash-end: SER, its number, STRT
  flash-unlock
  flash-end flash-origin - $20000 - $20000 / 5 + 3 lshift 2 or $10000 or flash-cr !
  flash-wait flash-lock ;
[else]
\ --- the RP2040 and RP2350 boot ROM --------------------------------------
code (rom-call) ( a0 a1 a2 a3 fn -- r0 ) \ calls a boot ROM function (AAPCS)
    mov r12, r6
    ldr r3, [r7]
    ldr r2, [r7, #4]
    ldr r1, [r7, #8]
    ldr r0, [r7, #12]
    adds r7, #16
    push {r4, lr}
    blx r12
    pop {r4}
    pop {r1}
    mov lr, r1
    movs r6, r0
end-code
: rom-func ( c1 c2 -- fn ) \ the boot ROM function with the two-character code
  8 lshift or
  rp2040? if $14 h@ swap 0 0 $18 h@ else 4 0 0 $16 h@ then (rom-call) ;
code flash-op-code ( -- ) \ copied to RAM, run there with r0 = an argument block
    push {r4, r5, lr}
    movs r4, r0
    ldr r5, [r4]
    blx r5
    ldr r5, [r4, #4]
    blx r5
    ldr r0, [r4, #20]
    ldr r1, [r4, #24]
    ldr r2, [r4, #28]
    ldr r3, [r4, #32]
    ldr r5, [r4, #8]
    blx r5
    ldr r5, [r4, #12]
    blx r5
    ldr r5, [r4, #16]
    blx r5
    pop {r4, r5, pc}
end-code
36 constant flash-op-size \ flash-op-code's bytes up to its pop, rounded to cells
variable flash-op-ram \ the RAM copy of flash-op-code; its argument block follows
: flash-op ( a0 a1 a2 a3 c1 c2 -- ) \ runs the flash function c1 c2 with XIP off
  flash-op-ram @ 0= if
    ram-here flash-op-ram ! ['] flash-op-code 1 invert and ram-here flash-op-size move
    flash-op-size 36 + ram-allot
  then
  flash-op-ram @ flash-op-size + >r
  rom-func r@ 8 + ! r@ 32 + ! r@ 28 + ! r@ 24 + ! r@ 20 + !
  [char] I [char] F rom-func r@ !  [char] E [char] X rom-func r@ 4 + !
  [char] F [char] C rom-func r@ 12 + !  [char] C [char] X rom-func r@ 16 + !
  r> 0 0 0 flash-op-ram @ 1 or (rom-call) drop ;
: program-page ( src flash-addr -- ) \ flash_range_program of one 256-byte page
  flash-origin - swap 256 0 [char] R [char] P flash-op ;
: program-flash ( src flash-addr u -- ) \ whole pages: flash-addr and u multiples of 256
  0 ?do over i + over i + program-page 256 +loop 2drop ;
: erase-record-sector ( -- ) \ flash_range_erase of the 4 KiB sector at flash-end
  flash-end flash-origin - 4096 4096 $20 [char] R [char] E flash-op ;
[then]

\ --- where the flash dictionary ends ---------------------------------------
\ Records of 16 bytes fill the first 4 KiB of the sector at flash-end: a
\ mark that ties them to this image, then the newest flash header, HERE and
\ RAM HERE. The last one written is the flash dictionary as it stands.
variable image-end \ HERE in flash as the image was built
: record-mark ( -- x ) image-end @ $F1A5D1C7 xor ;
: last-record ( -- addr|0 ) \ the newest record of this image
  0 flash-end begin dup flash-end 4096 + u< while dup @ record-mark = while
    nip dup 16 +
  repeat then drop ;
: free-slot ( -- addr|0 ) \ the first record slot still erased
  flash-end begin dup flash-end 4096 + u< while dup @ -1 <> while 16 + repeat exit then
  drop 0 ;
: record-flash ( -- ) \ adds a record of the flash dictionary as programmed
  free-slot ?dup 0= if erase-record-sector flash-end then >r
  record-page 256 + record-mark over ! flash-latest @ over 4 + !
  flash-written @ over 8 + ! ram-here over 12 + !
  stm32f4? if r> 16 program-flash exit then
  record-page 256 $ff fill ( src ) r@ $ff and record-page + 16 move
  record-page r> $ff invert and 256 program-flash ;
: restore-flash ( -- ) \ at boot: the words compiled to flash before the reset
  dp @ dup image-end ! flash-written ! latest @ flash-latest !
  last-record ?dup if
    dup 4 + @ dup latest ! flash-latest !
    dup 8 + @ dup dp ! flash-written !
    12 + @ ram-dp @ max ram-dp !
  then ;

\ --- programming the buffer --------------------------------------------------
: slide-window ( -- ) \ the buffer mirrors flash from the page flash-written is in
  flash-written @ $ff invert and dup flash-window !
  flash-buffer @ flash-buffer-size $ff fill
  dup flash-buffer @ flash-written @ rot - move ;
: flush-to ( addr -- ) \ programs the buffered bytes from flash-written up to addr
  flash-window @ 0= if drop exit then
  flash-clash @ ?dup if 0 flash-clash ! clash-at ! drop ['] x-flash-written ?raise then
  dup flash-written @ u> 0= if drop exit then
  flash-written @ stm32f4? 0= if $ff invert and then ( end start )
  2dup - stm32f4? 0= if 255 + $ff invert and then ( end start u )
  over flash-window @ - flash-buffer @ + -rot program-flash
  flash-written ! record-flash slide-window ;
: board-reserve ( n -- ) \ moves flash HERE by n while the buffer mirrors flash
  flash-window @ 0= if dp +! exit then
  \ a negative n gives back only what is not programmed yet: HERE below
  \ flash-written would lay new words over flash that stays as it is; the
  \ bytes given back are erased in the buffer, since the page they are in
  \ is programmed whole and what is laid there later must find them erased
  dp @ over + dup flash-written @ u< if clash-at ! drop ['] x-flash-written ?raise then
  over 0< if >dict! over negate $ff fill else drop then
  dp @ over + flash-window @ flash-buffer-size + u> 0= if dp +! exit then
  \ past the buffer's end: a few bytes just laid down (the buffer has room
  \ for them) are programmed with the rest; space allotted beyond stays
  \ erased, and the buffer goes on after it
  dup 16 u< if dp +! dp @ flush-to exit then
  dp @ flush-to dp +! dp @ flash-written ! record-flash slide-window ;
' board-reserve is flash-reserve
: ready-to-run ( xt -- xt ) \ flash words made on this line are programmed before one runs
  flash-window @ if dup flash-written @ flash-end within if
    state @ if newest @ else dp @ then flush-to
  then then ;
: flush-line ( -- ) \ at the end of a line, unless a definition is still open
  state @ 0= if dp @ flush-to then ;

: buffer-ready ( -- ) \ the RAM buffer and the record page after it, taken once
  flash-buffer @ 0= if ram-here flash-buffer ! flash-buffer-size 272 + ram-allot then ;
: compile-to-flash ( -- ) \ compiles to flash; on the board, through the RAM buffer
  tethered @ 0= flash-window @ 0= and if buffer-ready slide-window then -1 flash? ! ;
: compile-to-ram ( -- ) \ compiles to RAM; flash compiled so far is programmed first
  flash-window @ if dp @ flush-to 0 flash-window ! then 0 flash? ! ;
: reboot ( -- ) \ resets the chip, as its reset button does
  $05FA0004 $E000ED0C ! begin again ;
