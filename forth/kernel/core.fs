\ The core in Forth: dictionary pointers, memory, arithmetic built on the
\ primitives, exceptions, wordlists. Everything here runs on the target, at
\ build time and on the device alike.

-1 constant true  ( -- -1 )
0 constant false  ( -- 0 )
32 constant bl    ( -- c ) \ the space character
4 constant cell   ( -- n )

\ --- the dictionary pointers -------------------------------------------
\ RAM dictionary space runs from ram-dict-start to ram-limit, below the
\ stacks' room at the top of RAM. Every RAM allot checks that it stays
\ inside, so a size too large, negative past the start, or one whose sum
\ would wrap, raises x-ram-full and moves nothing.
defer ram-full ( -- ) \ raises x-ram-full: set in ext.fs, once messages can print
\ A negative allot gives space back, but never a word's header: the search
\ walks every header, and one given back and laid over would send it into
\ arbitrary memory (in flash, for good).
defer header-floor ( here -- addr ) \ the end of the newest header below here: ext.fs
defer header-given-back ( -- ) \ raises x-header-given-back: set in ext.fs
: give-back? ( n here -- n f ) \ whether n takes HERE below the newest header's end
  over 0< if dup header-floor >r over + r> u< else drop false then ;
: here ( -- addr ) \ the next free byte of the space being compiled to
  flash? @ if dp @ else ram-dp @ then ;
: ram-here ( -- addr ) ram-dp @ ;
: ram-allot ( n -- ) \ moves RAM HERE by n, within RAM dictionary space
  dup ram-limit ram-here - > over ram-dict-start ram-here - < or
  if drop ram-full exit then
  ram-here give-back? if drop header-given-back exit then ram-dp +! ;
\ Flash dictionary space runs from the image's start to flash-end, where the
\ records of the flash dictionary begin (kernel/flash.fs): an allot that
\ would leave it raises x-flash-full and moves nothing, so the records are
\ never overwritten. How HERE moves on the board, where the newest flash is
\ a RAM buffer, is flash.fs's business.
defer flash-full ( -- ) \ raises x-flash-full: set in ext.fs
defer flash-reserve ( n -- ) \ moves flash HERE by n: set again in flash.fs
: (dp+!) ( n -- ) dp +! ;
' (dp+!) is flash-reserve
: flash-allot ( n -- ) \ moves flash HERE by n, within flash dictionary space
  dup flash-end dp @ - > over flash-origin dp @ - < or
  if drop flash-full exit then
  dp @ give-back? if drop header-given-back exit then flash-reserve ;
: allot ( n -- ) flash? @ if flash-allot else ram-allot then ;
: here! ( addr -- ) \ moves HERE, so a patch can be laid down in place
  flash? @ if dp ! else ram-dp ! then ;
: ram-align ( -- ) ram-dp @ 3 + -4 and ram-dp ! ; \ RAM HERE to a cell boundary

: aligned ( addr -- addr' ) 3 + -4 and ;
: align ( -- ) here aligned here - allot ;
: halign ( -- ) here 1 and allot ;
: compile-to-flash ( -- ) -1 flash? ! ;
: compile-to-ram ( -- ) 0 flash? ! ;
: unused ( -- u ) \ bytes left in the space being compiled to
  flash? @ if flash-end dp @ - else ram-limit ram-dp @ - then ;

\ --- arithmetic --------------------------------------------------------
: ?dup ( x -- 0 | x x ) dup if dup then ;
: abs ( n -- u ) dup 0< if negate then ;
: min ( a b -- min ) 2dup > if swap then drop ;
: max ( a b -- max ) 2dup < if swap then drop ;
: within ( x lo hi -- f ) over - >r - r> u< ;
: s>d ( n -- d ) dup 0< ;
: dabs ( d -- ud ) dup 0< if dnegate then ;
: m* ( n1 n2 -- d ) 2dup xor >r abs swap abs um* r> 0< if dnegate then ;
: sm/rem ( d n -- rem quot ) \ symmetric division
  2dup xor >r over >r abs >r dabs r> um/mod
  swap r> 0< if negate then swap r> 0< if negate then ;
: fm/mod ( d n -- rem quot ) \ floored division
  dup >r sm/rem over 0<> if over r@ xor 0< if 1- swap r@ + swap then then rdrop ;
: /mod ( n1 n2 -- rem quot ) >r s>d r> sm/rem ;
: / ( n1 n2 -- quot ) /mod nip ;
: mod ( n1 n2 -- rem ) /mod drop ;
: */mod ( n1 n2 n3 -- rem quot ) >r m* r> sm/rem ;
: */ ( n1 n2 n3 -- quot ) */mod nip ;
: u/mod ( u1 u2 -- rem quot ) 0 swap um/mod ;
: roll ( xu xu-1 ... x0 u -- xu-1 ... x0 xu )
  dup if swap >r 1- recurse r> swap exit then drop ;
: 2rot ( d1 d2 d3 -- d2 d3 d1 ) 2>r 2swap 2r> 2swap ;

\ --- writing the dictionary ----------------------------------------
\ Flash cannot be stored to on the board: while the board compiles to flash,
\ the newest part of the dictionary is kept in a RAM buffer that mirrors a
\ window of flash, and kernel/flash.fs programs it into flash. >dict gives
\ where the byte at a dictionary address is kept: in the buffer inside the
\ window, else at the address itself (always, at build time and for RAM).
variable flash-window \ the flash address the buffer's first byte mirrors; 0 when none
variable flash-buffer \ the buffer, in RAM
variable flash-clash  \ a flash address outside the window that was to change, or 0
4352 constant flash-buffer-size
: in-window? ( addr -- offset true | false )
  flash-window @ ?dup if - dup flash-buffer-size u< if true exit then then drop false ;
: >dict ( addr -- addr' ) \ where the dictionary byte at addr is read
  dup in-window? if nip flash-buffer @ + then ;
: >dict! ( addr -- addr' ) \ where the dictionary byte at addr is written
  dup in-window? if nip flash-buffer @ + exit then
  flash-window @ if dup flash-origin flash-end within if flash-clash ! pad then then ;
: dict@ ( addr -- x ) >dict @ ;
: dict-h@ ( addr -- h ) >dict h@ ;
: , ( x -- ) here >dict! ! 4 allot ;
: c, ( c -- ) here >dict! c! 1 allot ;
: h, ( h -- ) here >dict! h! 2 allot ;
: (does>) ( does-xt -- ) \ makes the newest created word run does-xt
  latestxt @ 1- create-does-offset + >dict! ! ;

\ --- memory ------------------------------------------------------------
\ fill, cmove and cmove> go a word at a time where alignment allows: bytes up
\ to a word boundary, whole words, then the bytes left. cmove and cmove>
\ copy by words only when source and destination share their alignment,
\ so an overlap is at least a word apart and the result is the byte
\ loop's, overlap included.
code fill ( addr u c -- )
    ldmia r7!, {r0, r1}         @ r0 = u, r1 = addr
    lsls r6, r6, #24
    lsrs r6, r6, #24            @ the byte
1:  cmp r0, #0                  @ bytes up to a word boundary
    beq 9f
    lsls r2, r1, #30
    beq 2f
    strb r6, [r1]
    adds r1, #1
    subs r0, #1
    b 1b
2:  ldr r2, =0x01010101         @ the byte in every lane of a word
    muls r2, r6
3:  cmp r0, #4                  @ whole words
    bcc 4f
    str r2, [r1]
    adds r1, #4
    subs r0, #4
    b 3b
4:  cmp r0, #0                  @ the bytes left
    beq 9f
    strb r6, [r1]
    adds r1, #1
    subs r0, #1
    b 4b
9:  ldmia r7!, {r6}
end-code
: erase ( addr u -- ) 0 fill ;
: blank ( addr u -- ) bl fill ;
code cmove ( src dst u -- ) \ low addresses first
    ldmia r7!, {r0, r1}         @ r0 = dst, r1 = src, r6 = u
    movs r2, r0
    eors r2, r1
    lsls r2, r2, #30
    bne 5f                      @ alignments differ: bytes throughout
1:  cmp r6, #0                  @ bytes up to a word boundary
    beq 9f
    lsls r2, r0, #30
    beq 3f
    ldrb r2, [r1]
    strb r2, [r0]
    adds r1, #1
    adds r0, #1
    subs r6, #1
    b 1b
3:  cmp r6, #4                  @ whole words
    bcc 5f
    ldr r2, [r1]
    str r2, [r0]
    adds r1, #4
    adds r0, #4
    subs r6, #4
    b 3b
5:  cmp r6, #0                  @ bytes
    beq 9f
    ldrb r2, [r1]
    strb r2, [r0]
    adds r1, #1
    adds r0, #1
    subs r6, #1
    b 5b
9:  ldmia r7!, {r6}
end-code
code cmove> ( src dst u -- ) \ high addresses first
    ldmia r7!, {r0, r1}         @ r0 = dst, r1 = src, r6 = u
    adds r0, r0, r6             @ both just past their ends
    adds r1, r1, r6
    movs r2, r0
    eors r2, r1
    lsls r2, r2, #30
    bne 5f
1:  cmp r6, #0
    beq 9f
    lsls r2, r0, #30
    beq 3f
    subs r1, #1
    subs r0, #1
    ldrb r2, [r1]
    strb r2, [r0]
    subs r6, #1
    b 1b
3:  cmp r6, #4
    bcc 5f
    subs r1, #4
    subs r0, #4
    ldr r2, [r1]
    str r2, [r0]
    subs r6, #4
    b 3b
5:  cmp r6, #0
    beq 9f
    subs r1, #1
    subs r0, #1
    ldrb r2, [r1]
    strb r2, [r0]
    subs r6, #1
    b 5b
9:  ldmia r7!, {r6}
end-code
: move ( src dst u -- ) >r 2dup u< if r> cmove> else r> cmove then ;
: count ( c-addr -- addr u ) dup 1+ swap c@ ;
: chars ( n -- n ) ; immediate

\ --- ending the program ------------------------------------------------
\ Semihosting's `bkpt` reaches a host only while a debugger is attached
\ (thumbforth run is one); on a board on its own a `bkpt` is a HardFault, so
\ the board goes on instead.
: (exit-status) ( n -- ) \ ends the program with status n when a debugger takes it
  debugger? if (semihost-exit) then drop ;
: bye ( -- ) 0 (exit-status) ; \ ends the program under a debugger; else goes on
defer no-handler ( -- ) \ where an exception nobody catches leaves a board alone (interpret.fs)

\ --- exceptions: an exception is the xt of a word printing its message --
: try ( i*x xt -- j*x 0 | i*x exc ) \ runs xt; returns the exception it raised, or 0
  sp@ >r handler @ >r rp@ handler ! execute r> handler ! rdrop 0 ;
: (uncaught) ( exc -- ) \ no handler: report and end the program, or start afresh
  execute 1 (exit-status) no-handler ;
: ?raise ( exc|0 -- | 0 ) \ raises a non-zero exception
  ?dup if handler @ ?dup 0= if (uncaught) then
    rp! r> handler ! r> swap >r sp! r> then ;
: raise ( exc -- ) ?raise ;
: tethered ( -- addr ) \ set while a host runs words; boot clears RAM, so 0 on the board alone
  [ ram-here 4 ram-allot ] literal ;
: (host-execute) ( i*x xt -- j*x exc|0 ) \ how the build runs words
  true tethered ! try ;
: (averts) ( f exc -- ) swap if drop else ?raise then ;
: (triggers) ( f exc -- ) swap if ?raise else drop then ;
: (suppress) ( exc|0 exc2 -- exc|0 ) over = if drop 0 then ;

\ --- wordlists and the search order ------------------------------------
0 constant forth-wordlist ( -- wid )
1 constant internal-wordlist ( -- wid )
: wordlist ( -- wid ) wid-counter @ 1 wid-counter +! ;
: get-current ( -- wid ) current @ ;
: set-current ( wid -- ) current ! ;
: get-order ( -- widn ... wid1 n )
  #order @ 0 ?do #order @ 1- i - cells search-order + @ loop #order @ ;
: set-order ( widn ... wid1 n -- )
  dup -1 = if drop forth-wordlist 1 then
  dup #order ! 0 ?do i cells search-order + ! loop ;
: only ( -- ) -1 set-order ;
: also ( -- ) get-order over swap 1+ set-order ;
: previous ( -- ) get-order nip 1- set-order ;
: >order ( wid -- ) \ searches wid first
  >r get-order r> swap 1+ set-order ;
: definitions ( -- ) get-order over set-current 0 ?do drop loop ;
: forth ( -- ) get-order nip forth-wordlist swap set-order ;
