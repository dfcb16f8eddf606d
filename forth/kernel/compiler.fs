\ The compiler on the target: what `postpone`, `compile,` and immediate
\ words written in Forth use to lay down code at HERE. The host compiler
\ makes the same shapes, so host- and target-compiled halves of a control
\ structure meet: an orig is the address of a forward branch to patch, a
\ dest the address a backward branch jumps to.

: push-tos, ( -- ) \ str r6, [r7, #-4]! (or subs r7, #4; str r6, [r7])
  thumb-2? if $f847 h, $6d04 h, else $3f04 h, $603e h, then ;
: lit, ( x -- ) \ code that pushes x: an inline literal branched over
  push-tos, here 2 and if $bf00 h, then $4e00 h, $e001 h, , ;
: literal ( x -- ) lit, ; immediate compile-only

: bl-reaches? ( addr -- f ) here 4 + - $1000000 + $2000000 u< ;
: j-bits ( off s -- bits ) \ J1 and J2 of a 32-bit branch with sign s
  >r dup 23 rshift 1 and r@ xor 1 xor 13 lshift
  swap 22 rshift 1 and r> xor 1 xor 11 lshift or ;
: long-branch, ( addr hw2-base -- ) \ bl or b.w to addr
  >r here 4 + - dup 0< 1 and ( off s )
  2dup j-bits 2 pick 1 rshift $7ff and or r> or >r ( off s ) ( R: hw2 )
  10 lshift swap 12 rshift $3ff and or $f000 or h, r> h, ;
: (compile-call) ( xt -- )
  1 invert and dup bl-reaches? if $d000 long-branch, exit then
  here 2 and if $bf00 h, then $4800 h, $e001 h, 1 or , $4780 h, ;
: header>xt ( header -- xt ) \ past the counted name, aligned: where the code starts
  dup header-name + >dict c@ + header-name 1+ + aligned 1 or ;
: xt>header ( xt -- header|0 ) \ finds the header of a word by its xt
  1 or latest @ begin dup while
    2dup header>xt = if nip exit then header-link + dict@
  repeat nip ;
: inline-length ( xt -- halfwords ) \ 0 unless the word may be inlined
  xt>header ?dup if
    header-flags + dict-h@ dup flag-inline and if inline-length-shift rshift exit then drop
  then 0 ;
: compile, ( xt -- ) \ appends the execution semantics of xt
  dup inline-length ?dup if
    swap 1 invert and swap 0 do dup dict-h@ h, 2 + loop drop exit then
  (compile-call) ;

\ --- branches ----------------------------------------------------------
: test-drop, ( -- ) $0030 h, $cf40 h, ; \ movs r0, r6; ldmia r7!, {r6}
: >mark ( cond -- orig ) \ a 4-byte forward branch, cond 0 = eq, 14 = always
  thumb-2? if
    here swap dup 14 = if drop $f000 h, $9000 h, else 6 lshift $f000 or h, $8000 h, then
  else
    dup 14 = if drop $bf00 h, else 1 xor 8 lshift $d000 or h, then here $e000 h,
  then ;
: resolve ( orig dest -- ) \ aims the forward branch at orig at dest
  thumb-2? if
    over 2 + dict-h@ $1000 and if
      here >r over here! $9000 long-branch, r> here! drop
    else
      over 4 + - ( orig off ) dup 0< 1 and >r
      dup 18 rshift 1 and 13 lshift over 19 rshift 1 and 11 lshift or
      over 1 rshift $7ff and or $8000 or ( orig off hw2 )
      2 pick 2 + >dict! h!
      12 rshift $3f and over dict-h@ $3c0 and or r> 10 lshift or $f000 or swap >dict! h!
    then
  else
    over 4 + - 1 rshift $7ff and $e000 or swap >dict! h!
  then ;
: <resolve ( dest cond -- ) \ a backward branch to dest, cond as for >mark
  thumb-2? if
    dup 14 = if drop $f000 h, $9000 h, else 6 lshift $f000 or h, $8000 h, then
    here 4 - swap resolve
  else
    dup 14 = if drop else 1 xor 8 lshift $d000 or h, then \ b<!cond> over the b
    here swap over 4 + - 1 rshift $7ff and $e000 or swap >dict! h! 2 allot
  then ;

\ --- control-flow items -------------------------------------------------
\ An orig or dest is two cells, ( addr tag ): the tag (`cs-if` ... `cs-endof`,
\ constants the build defines, as the host's compiler uses them) names the
\ word that opened the structure, so that a word closing the wrong kind of
\ structure is refused instead of compiling a word that does something else.
\ A mask has bit n set for the tag cs-tag + n.
variable cs-found   \ what a closing word found where its structure should be
variable cs-closer  \ the closing word's name, a counted string
defer control-mismatch ( -- ) \ prints the message; set once `type` exists (ext.fs)
: x-control-mismatch ( -- ) control-mismatch ; \ names both words
: (cs-bit) ( x -- u ) \ the tag's mask bit, 0 for what is not a tag
  cs-tag - dup 1 11 within if 1 swap lshift else drop 0 then ;
: ?cs ( tag mask c-addr -- ) \ raises unless mask accepts the tag
  cs-closer ! over (cs-bit) and if drop exit then
  cs-found ! ['] x-control-mismatch ?raise ;
$1e constant cs-origs \ what `then` and `else` resolve: if ahead else while

: if ( -- orig ) test-drop, 0 >mark cs-if ; immediate compile-only
: ahead ( -- orig ) 14 >mark cs-ahead ; immediate compile-only
: then ( orig -- ) cs-origs c" then" ?cs here resolve ; immediate compile-only
: else ( orig1 -- orig2 )
  cs-origs c" else" ?cs 14 >mark swap here resolve cs-else ; immediate compile-only
: begin ( -- dest ) here cs-begin ; immediate compile-only
: again ( dest -- ) $20 c" again" ?cs 14 <resolve ; immediate compile-only
: until ( dest -- ) $20 c" until" ?cs test-drop, 0 <resolve ; immediate compile-only
: while ( dest -- orig dest )
  $20 c" while" ?cs >r test-drop, 0 >mark cs-while r> cs-begin ; immediate compile-only
: repeat ( orig dest -- )
  $20 c" repeat" ?cs 14 <resolve cs-origs c" repeat" ?cs here resolve ; immediate compile-only
: exit ( -- ) $bd00 h, ; immediate compile-only
: recurse ( -- ) latestxt @ compile, ; immediate compile-only
: [ ( -- ) 0 state ! ; immediate compile-only
: ] ( -- ) -1 state ! ;

\ --- parsing -----------------------------------------------------------
: source ( -- addr u ) 'tib @ #tib @ ;
: /string ( addr u n -- addr' u' ) tuck - >r + r> ;
: parse ( c "text<c>" -- addr u ) \ text up to c on the current line
  >r source >in @ /string over swap ( start start u )
  begin dup while over c@ r@ <> while 1 /string repeat then
  rdrop ( start end u ) >r over - ( start len )
  r> if 1 else 0 then over + >in @ + >in ! ;
: skip-blanks ( -- )
  source >in @ /string begin dup while over c@ bl > 0= while 1 /string 1 >in +! repeat then 2drop ;
: parse-name ( "name" -- addr u ) skip-blanks bl parse ;

\ --- headers and defining words on the target --------------------------
variable newest \ the header made last, whether the search finds it yet or not
variable flash-latest \ on the board compiling to flash: the newest header in flash
variable ram-oldest \ the first header the board made in RAM; its link leads to flash
: board-flash? ( -- f ) flash-window @ 0<> flash? @ and ; \ compiling to flash on the board
: chain-link ( -- header ) \ what a new header links to: headers in flash link only to flash
  board-flash? if flash-latest @ else latest @ then ;
: (header,) ( addr u -- ) \ a visible header in the current wordlist, not yet searched
  align here dup newest ! >r                    \ each field at its exported offset
  header-name over 1+ + aligned allot           \ room for all of it, the counted name last
  chain-link r@ header-link + >dict! !
  flag-visible r@ header-flags + >dict! h!
  current @ r@ header-wid + >dict! h!
  dup r@ header-name + >dict! c!
  r> header-name 1+ + >dict! swap move here 1 or latestxt ! ;
: publish ( -- ) \ the newest header becomes the first the search finds
  newest @ board-flash? if
    dup flash-latest !
    ram-oldest @ ?dup if header-link + ! exit then \ words the board made in RAM stay in front
  else
    tethered @ 0= flash? @ 0= and ram-oldest @ 0= and if dup ram-oldest ! then
  then latest ! ;
: header, ( addr u -- ) \ a visible header in the current wordlist
  (header,) publish ;
: create ( "name" -- ) \ a word that pushes its body
  parse-name header, here push-tos, $a602 h, $4801 h, $4700 h, $4770 h,
  create-return-offset + 1 or , ;
: constant ( x "name" -- )
  parse-name header, push-tos, $4e00 h, $4770 h, , ;
: variable ( "name" -- )
  flash? @ if ram-align ram-here 4 ram-allot constant else create 0 , then ;
: 2variable ( "name" -- )
  flash? @ if ram-align ram-here 8 ram-allot constant else create 0 , 0 , then ;
: buffer: ( u "name" -- ) \ u bytes of RAM, named; if either does not fit, nothing is taken
  ram-align dup ram-limit ram-here - u> if ram-full then
  ram-here swap aligned ram-allot dup ['] constant try
  ?dup if nip swap ram-dp ! ?raise then drop ;
: newest-header ( -- header ) \ the board's newest word; the host's at build time
  tethered @ if latest @ else newest @ then ;
: (latest-flags!) ( mask -- ) newest-header header-flags + >dict! dup h@ rot or swap h! ;
: immediate ( -- ) flag-immediate (latest-flags!) ;
: compile-only ( -- ) flag-compile-only (latest-flags!) ;
: inline ( -- ) flag-inline (latest-flags!) ;
: equ ( x "NAME" -- ) \ a constant the `code` words after it can name as a symbol
  constant flag-equ (latest-flags!) ;
