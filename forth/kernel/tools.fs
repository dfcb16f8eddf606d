\ TOOLS, SEARCH, DOUBLE and CORE-EXT words the console lacked: the
\ dictionary's names and wordlists, the control-flow stack, the return
\ stack in bulk, memory dumps, and the input source saved and restored.

\ --- printing ------------------------------------------------------------
: ? ( addr -- ) @ . ;

\ The printing words below build their text first and type it after, so
\ a test can compare the text itself; both use the pictured-output buffer,
\ 128 bytes below hold-end, as `word` does.
: (d.r) ( d n -- c-addr u ) \ d right-aligned in n columns (at most 128)
  128 min >r tuck dabs <# #s rot sign
  begin hold-end hld @ - r@ < while bl hold repeat rdrop #> ;
: d.r ( d n -- ) \ the columns the buffer cannot hold are spaces typed first
  dup 128 - spaces (d.r) type ;

: (hex!) ( x addr digits -- ) \ the low digits of x in hex, stored from addr on
  begin ?dup while 1- >r over $f and digit over r@ + c! swap 4 rshift swap r> repeat 2drop ;
: dump-line ( addr n -- c-addr u ) \ one line of `dump`: n bytes (at most 16) from addr,
  hold-end 128 - 78 blank \ where hexdump -C puts them: the address, the bytes in
  over hold-end 128 - 8 (hex!) \ columns 10 on, a space more after the eighth,
  [char] | hold-end 68 - c! \ then from column 61 on the bytes as text between bars
  tuck 0 ?do ( n addr )
    dup i + >dict c@ dup hold-end 118 - i 3 * + i 7 > - 2 (hex!)
    dup bl 127 within 0= if drop [char] . then hold-end 67 - i + c!
  loop drop [char] | over hold-end 67 - + c! hold-end 128 - swap 62 + ;
: dump ( addr u -- ) \ bytes as the dictionary holds them, 16 a line
  begin dup while 2dup 16 min tuck cr dump-line type /string repeat 2drop ;

\ --- the control-flow stack ----------------------------------------------
\ A control-flow item is two cells, an address under its tag (compiler.fs),
\ whoever compiled it, so these move both cells of an item at once.
: cs-pick ( C: item-u .. item-0 -- item-u .. item-0 item-u ) ( u -- )
  2* 1+ dup >r pick r> pick ;
code cs-roll ( C: item-u item-u-1 .. item-0 -- item-u-1 .. item-0 item-u ) ( u -- )
    lsls r0, r6, #3             @ the item's tag is 2u cells in, its address after it
    adds r0, r0, r7
    ldr r1, [r0]
    ldr r2, [r0, #4]
1:  cmp r0, r7                  @ the items above it move down two cells
    beq 2f
    subs r0, #4
    ldr r3, [r0]
    str r3, [r0, #8]
    b 1b
2:  str r2, [r7, #4]
    adds r7, #4
    movs r6, r1
end-code

\ --- the return stack in bulk ------------------------------------------
\ Inline, so that no call's return address sits between the items and the
\ code that takes them back, and a definition ending in `nr>` is no tail call.
code n>r ( i*x n -- ) ( R: -- i*x n )
    movs r0, r6
1:  subs r0, #1
    bmi 2f
    ldmia r7!, {r1}
    push {r1}
    b 1b
2:  push {r6}
    ldmia r7!, {r6}
end-code inline compile-only
code nr> ( -- i*x n ) ( R: i*x n -- )
    subs r7, #4
    str r6, [r7]
    pop {r6}
    movs r0, r6
1:  subs r0, #1
    bmi 2f
    pop {r1}
    subs r7, #4
    str r1, [r7]
    b 1b
2:
end-code inline compile-only

\ --- names and wordlists -------------------------------------------------
\ A name token is the address of a word's header.
: name>string ( nt -- c-addr u ) header-name + >dict count ;
: (nt-kind) ( nt -- xt 1 | xt -1 ) \ as `find` answers
  dup header>xt ready-to-run swap header-flags + dict-h@ flag-immediate and if 1 else -1 then ;
: name>interpret ( nt -- xt|0 ) \ 0 for a compile-only word, which the console refuses
  dup header-flags + dict-h@ flag-compile-only and if drop 0 exit then header>xt ready-to-run ;
: name>compile ( nt -- x xt ) \ x xt execute performs the word's compilation semantics
  (nt-kind) 0< if ['] compile, else ['] execute then ;
: search-wordlist ( c-addr u wid -- 0 | xt 1 | xt -1 )
  wid-find dup if (nt-kind) then ;
: (visible-in?) ( header wid -- f ) \ a visible word of wordlist wid
  over header-wid + dict-h@ = swap header-flags + dict-h@ flag-visible and and ;
: traverse-wordlist ( i*x xt wid -- j*x ) \ its visible words, newest first,
  swap 2>r latest @ begin ?dup while   \ until xt ( i*x nt -- j*x f ) gives false
    dup header-link + dict@ >r         ( R: wid xt next )
    dup rp@ 8 + @ (visible-in?) if rp@ cell+ @ execute 0= if rdrop 0 >r then else drop then
    r>
  repeat 2r> 2drop ;

\ A synonym jumps to the old word's code (ldr r0, [pc]; bx r0; the address)
\ and copies its immediate and compile-only flags, so it runs, compiles and
\ refuses to be interpreted as the old word does; the host's compiler calls
\ it like any word. A synonym of an inline word is a copy of its code, inline
\ too. A synonym of a value or a deferred word is a copy of its code, which
\ names the same RAM cell, so `to`, `is` and `action-of` reach the old word's
\ cell through it. A synonym of a synonym jumps straight to the word at the end.
$47004800 constant (synonym-jump) \ the first two halfwords of a synonym's code
: (synonym-target) ( xt -- xt' ) \ the word a synonym's code jumps to, or xt itself
  dup 1- dict@ (synonym-jump) = if 3 + dict@ then ;
: (code-cells) ( xt -- c0 c1 c2 ) \ the first three cells of a word's code
  1- dup dict@ over 4 + dict@ rot 8 + dict@ ;
: (reads-cell?) ( xt -- f ) \ a value or a deferred word (the shapes of compiling.fs)
  (code-cells) 2dup $bf004700 $bf00bf00 d= >r $68364e01 $bf004770 d= if
    thumb-2? if $6d04f847 else $603e3f04 then =
  else $68004802 = r@ and then rdrop ;
: synonym ( "newname" "oldname" -- )
  parse-name parse-name find-header dup 0= if ['] x-undefined-word ?raise then
  >r header, r@ header>xt r> header-flags + dict-h@ ( xt flags )
  dup flag-inline and if over compile, $4770 h, else
    over (reads-cell?) if
      over 1- indirect-cell-offset cell+ over + swap do i dict@ , 4 +loop
    else
      over (synonym-target) (synonym-jump) , ,
    then
  then nip [ flag-immediate flag-compile-only or flag-inline or $ff00 or ] literal and
  (latest-flags!) ;

\ Forth-2019's ways to a name token, the search the console does.
synonym find-name find-header ( c-addr u -- nt|0 ) \ in the search order
synonym find-name-in wid-find ( c-addr u wid -- nt|0 )

\ --- DOUBLE ------------------------------------------------------------
: ut* ( ud u -- ut ) \ the product in three cells, the low cell deepest
  tuck um* 2swap um* swap >r 0 d+ r> -rot ;
: ut/ ( ut u -- ud ) \ the quotient, when it fits two cells
  >r 0 r@ um/mod drop r@ um/mod -rot r> um/mod nip swap ;
: m*/ ( d1 n1 +n2 -- d2 ) \ d1*n1/n2, the product kept whole, truncated toward zero
  >r 2dup xor >r abs >r dabs r> ut* r> r> swap >r ut/ r> 0< if dnegate then ;

\ --- the input source ------------------------------------------------------
\ On the board an included file arrives as console lines, so for a file, the
\ console and an evaluated string alike the input can be restored only while
\ the line saved from is still the one being read: the same buffer, length,
\ source and text (the console reads every line into one buffer).
code source-hash ( -- x ) \ the text of the input line folded into a cell
    subs r7, #4
    str r6, [r7]
    ldr r0, =SYS_PTIB
    ldr r1, [r0]                @ the line
    ldr r0, =SYS_NTIB
    ldr r2, [r0]                @ its length
    movs r6, #0
1:  cmp r2, #0                  @ x = 31x + c for each character c
    beq 2f
    ldrb r3, [r1]
    lsls r0, r6, #5
    subs r6, r0, r6
    adds r6, r6, r3
    adds r1, #1
    subs r2, #1
    b 1b
2:
end-code
: save-input ( -- x1 .. x5 5 )
  source-id-var @ source source-hash >in @ 5 ;
: restore-input ( x1 .. xn n -- f ) \ false when the input is back where it was saved
  dup 5 <> if 0 ?do drop loop true exit then drop
  >r source-hash = >r source d= >r source-id-var @ = r> and r> and
  dup if r@ >in ! then rdrop 0= ;
