\ What the board needs to compile on its own: values and defers, the
\ compiler's parsing words, control structures, colon definitions. The
\ host compiles all of these itself when it reads them; these definitions
\ are what `'`, `postpone`, immediate words at build time and the resident
\ interpreter on the device use.

\ --- deferred words and values made on the target ----------------------
\ The shapes are those of crates/meta/src/templates.rs: the RAM cell that
\ holds the value or the xt sits in the word's code at xt + indirect-cell-offset.
: (indirect-cell) ( xt -- addr ) 1 invert and indirect-cell-offset + dict@ ;
: defer@ ( xt1 -- xt2 ) \ what the deferred word xt1 runs
  (indirect-cell) @ ;
: defer! ( xt2 xt1 -- ) \ makes the deferred word xt1 run xt2
  (indirect-cell) ! ;
: indirect-cell, ( x -- ) \ the word's RAM cell, holding x: allotted after its code,
  here 0 , ram-align ram-here 4 ram-allot tuck swap >dict! ! ! ; \ which RAM HERE may be laying down
: value ( x "name" -- ) \ a word pushing x until `to` changes it
  parse-name header, push-tos, $4e01 h, $6836 h, $4770 h, $bf00 h, indirect-cell, ;
: defer ( "name" -- ) \ a word running an xt set later with `is`
  parse-name header, $4802 h, $6800 h, $4700 h, $bf00 h, $bf00 h, $bf00 h,
  ['] abort indirect-cell, ;
: (indirect) ( "name" -- addr ) ' (indirect-cell) ;
: no-other ( xt -- xt false ) false ;
defer to-other ( xt -- xt false | true ) \ `to` of a local or a 2value: kernel/locals.fs
' no-other is to-other
: to ( x "name" -- ) \ stores into a value, now or when the definition runs
  ' to-other if exit then
  (indirect-cell) state @ if lit, postpone ! else ! then ; immediate
: is ( xt "name" -- ) \ sets what a deferred word runs
  (indirect) state @ if lit, postpone ! else ! then ; immediate
: action-of ( "name" -- xt ) \ what a deferred word runs
  (indirect) state @ if lit, postpone @ else @ then ; immediate

\ --- the compiler's parsing words, for `postpone` and the target -------
\ The host compiles these itself when it reads them; these definitions are
\ what `'`, `postpone` and a resident interpreter on the device see.
: \ ( -- ) \ the rest of the line is a comment
  source nip >in ! ; immediate
: ( ( "text<paren>" -- ) [char] ) parse 2drop ; immediate
: .( ( "text<paren>" -- ) \ prints the text at once
  [char] ) parse type ; immediate
: char ( "name" -- c ) parse-name drop c@ ;
: [char] ( "name" -- ) char lit, ; immediate compile-only
: ['] ( "name" -- ) ' lit, ; immediate compile-only
: [compile] ( "name" -- ) ' compile, ; immediate compile-only
: postpone ( "name" -- ) \ appends the compilation semantics of name
  parse-name find-header ?dup 0= if ['] x-undefined-word ?raise then
  dup header>xt swap header-flags + dict-h@ flag-immediate and if compile, else lit, ['] compile, compile, then
; immediate compile-only
: sliteral ( addr u -- ) \ compiles code that pushes a copy of the string
  14 >mark >r here >r dup >r here >dict! swap move r@ allot halign
  r> r> r> here resolve lit, lit, ; immediate compile-only
variable string-buffer \ which of the two transient buffers interpreted s" takes next
: transient ( -- addr ) \ the other transient string buffer than last time
  string-buffer @ 1 xor dup string-buffer ! 8 lshift string-buffers + ;
: s" ( "text<quote>" -- addr u ) \ a string; interpreted, in a transient buffer
  [char] " parse state @ if postpone sliteral exit then
  $100 min >r transient tuck r@ move r> ; immediate
: c" ( "text<quote>" -- ) \ compiles code that pushes a counted string
  [char] " parse 14 >mark >r here >r dup c, here >dict! swap dup allot move halign
  r> r> here resolve lit, ; immediate compile-only
: ." ( "text<quote>" -- ) [char] " parse postpone sliteral postpone type ; immediate compile-only
: abort" ( f "text<quote>" -- ) \ raises with the message when f is true
  postpone if [char] " parse postpone sliteral postpone (abort") postpone then
; immediate compile-only
: (next-char) ( -- c true | false ) \ the next character of the line, consumed
  source >in @ /string if c@ 1 >in +! true else drop false then ;
: (append) ( buf n c -- buf n' ) \ one more character, up to a transient buffer's 256
  over $100 < if >r 2dup + r> swap c! 1+ else drop then ;
: (hex-digit) ( -- n ) (next-char) if digit? 0= if 0 then else 0 then ;
: (hex2) ( -- n ) base @ >r hex (hex-digit) 4 lshift (hex-digit) or r> base ! ;
: (esc-char) ( c -- c' ) \ the character an escape letter stands for
  case [char] a of 7 endof [char] b of 8 endof [char] e of 27 endof
    [char] f of 12 endof [char] l of 10 endof [char] n of 10 endof
    [char] q of 34 endof [char] r of 13 endof [char] t of 9 endof
    [char] v of 11 endof [char] z of 0 endof [char] 0 of 0 endof dup endcase ;
: (parse-escaped) ( "text<quote>" -- addr u ) \ s\" text decoded into a buffer
  transient 0 begin (next-char) while
    dup [char] " = if drop exit then
    dup [char] \ = if drop (next-char) 0= if exit then
      dup [char] m = if drop 13 (append) 10 else
      dup [char] x = if drop (hex2) else (esc-char) then then
    then (append)
  repeat ;
: s\" ( "text<quote>" -- addr u ) \ a string with \-escapes
  (parse-escaped) state @ if postpone sliteral then ; immediate

\ --- control structures on the target ----------------------------------
\ The same code shapes as the host's (crates/meta/src/compiler/structures.rs),
\ so that a structure opened by one can be closed by the other. A do loop keeps
\ the index, the limit and the leave address on the return stack, index on top.
: (do,) ( -- lit ) \ ldr r3, =leave; pop r2; mov r1, r6; push {r1-r3}; pop TOS
  here 2 and if $bf00 h, then $4b00 h, $e001 h, here 0 ,
  $cf04 h, $4631 h, $b40e h, $cf40 h, ;
: (index-limit,) ( -- ) $9800 h, $9901 h, ; \ ldr r0, [sp]; ldr r1, [sp, #4]
: leave ( -- ) $b002 h, $bd00 h, ; immediate compile-only \ add sp, #8; pop {pc}
: do ( limit index -- ) ( C: -- do-sys ) (do,) here cs-do ; immediate compile-only
: ?do ( limit index -- ) ( C: -- do-sys ) \ skips the loop when they are equal
  (do,) (index-limit,) $4288 h, 1 >mark postpone leave here resolve here cs-?do
; immediate compile-only
: (loop-end,) ( lit -- ) $b003 h, here 1 or swap >dict! ! ; \ add sp, #12; leave lands here
: loop ( C: do-sys -- )
  $c0 c" loop" ?cs (index-limit,) $3001 h, $9000 h, $4288 h, 1 <resolve (loop-end,) ; immediate compile-only
: +loop ( n -- ) ( C: do-sys -- ) \ ends when index-limit crosses the sign boundary
  $c0 c" +loop" ?cs (index-limit,) $1a42 h, $2301 h, $07db h, $405a h, $1980 h, $9000 h, $1992 h,
  $cf40 h, 7 <resolve (loop-end,) ; immediate compile-only
: case ( C: -- case-sys ) 0 cs-case ; immediate compile-only
: of ( x1 x2 -- | x1 ) ( C: -- of-sys ) \ pop r0; cmp r0, r6; mov r6, r0; bne next; pop TOS
  dup $500 c" of" ?cs \ directly inside a `case`, after it or an `endof`
  $cf01 h, $42b0 h, $4606 h, 1 >mark $cf40 h, cs-of ; immediate compile-only
: endof ( C: of-sys -- endof-sys )
  $200 c" endof" ?cs 14 >mark swap here resolve cs-endof ; immediate compile-only
: endcase ( x -- ) ( C: case-sys endof-sys... -- )
  dup $500 c" endcase" ?cs $cf40 h,
  begin dup cs-case <> while $400 c" endcase" ?cs here resolve repeat 2drop
; immediate compile-only
: does> ( -- ) \ ends the defining part; the rest runs with the body address
  0 lit, here 4 - ['] (does>) compile, $bd00 h, align here 1 or swap >dict! ! $b500 h,
; immediate compile-only


\ --- colon definitions on the target -----------------------------------
: x-unbalanced ( -- ) ." unbalanced control structure" ;
: no-locals ( -- ) ;
defer end-locals ( -- ) \ the last definition's locals are found no more: kernel/locals.fs
' no-locals is end-locals
variable colon-depth \ the stack depth when the definition began
: :noname ( -- xt ) \ starts a definition without a name
  end-locals align here 1 or dup latestxt ! $b500 h, depth colon-depth ! -1 state ! ;
: : ( "name" -- ) \ starts a definition, found only once `;` ends it
  end-locals parse-name (header,) $b500 h, depth colon-depth ! -1 state ! ;
: ; ( -- ) \ ends a definition; a named one becomes findable
  depth colon-depth @ > if dup cs-found ! c" ;" cs-closer ! ['] x-control-mismatch ?raise then
  depth colon-depth @ <> if ['] x-unbalanced ?raise then
  end-locals $bd00 h, align \ aligned after, as the host leaves it
  0 state ! latestxt @ newest @ header>xt = if publish exit then
  board-flash? if dp @ flush-to then ; immediate compile-only \ a :noname may run at once

