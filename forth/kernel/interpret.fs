\ The resident interpreter: what the board runs with no host, on the same
\ dictionary the host compiler wrote. Names are looked up in the search
\ order; a word runs, or is compiled when STATE is set unless it is
\ immediate; anything else must be a number: digits in BASE, a $ # or %
\ prefix for hex, decimal or binary, a - before or after it, a trailing .
\ for a double, or a character as 'c'.

: x-compile-only ( -- ) ." compile-only word" ;
2variable unknown-name \ the word x-unknown-word names
: x-unknown-word ( -- ) ." undefined word: " unknown-name 2@ type ;

: char-literal? ( addr u -- c true | false ) \ 'c'
  3 = if dup c@ [char] ' = over 2 + c@ [char] ' = and if 1+ c@ true exit then then
  drop false ;
: prefix-base ( c -- base|0 )
  dup [char] $ = if drop 16 exit then
  dup [char] # = if drop 10 exit then
  [char] % = if 2 else 0 then ;
variable number-negative
: (number) ( addr u -- n 1 | d 2 | 0 ) \ the string as a single or double number
  2dup char-literal? if nip nip 1 exit then
  base @ >r false number-negative !
  dup if over c@ [char] - = if true number-negative ! 1 /string then then
  dup if over c@ prefix-base ?dup if base ! 1 /string then then
  number-negative @ 0= if
    dup if over c@ [char] - = if true number-negative ! 1 /string then then
  then
  dup 0= if 2drop r> base ! 0 exit then
  0 0 2swap >number r> base !
  dup 0= if 2drop number-negative @ if dnegate then drop 1 exit then
  1 = if c@ [char] . = if number-negative @ if dnegate then 2 exit then else drop then
  2drop 0 ;

: interpret-name ( i*x addr u -- j*x ) \ runs or compiles one word or number
  2dup find-header ?dup if
    nip nip dup header>xt swap header-flags + dict-h@ ( xt flags )
    state @ if flag-immediate and if ready-to-run execute else compile, then exit then
    flag-compile-only and if drop ['] x-compile-only ?raise then ready-to-run execute exit
  then
  2dup 2>r (number) ?dup if
    rdrop rdrop state @ if 1 = if lit, else swap lit, lit, then else drop then exit
  then
  2r> unknown-name 2! ['] x-unknown-word ?raise ;
: interpret ( i*x -- j*x ) \ the rest of the input, word by word
  begin parse-name dup while interpret-name repeat 2drop ;

: resident-evaluate ( i*x addr u -- j*x ) \ interprets a string on the board itself
  source >r >r >in @ >r source-id-var @ >r
  #tib ! 'tib ! 0 >in ! -1 source-id-var !
  ['] interpret try
  r> source-id-var ! r> >in ! r> 'tib ! r> #tib !
  ?raise ;

: in-order? ( wid -- f ) \ is the wordlist in the search order?
  #order @ 0 ?do dup i cells search-order + @ = if drop true unloop exit then loop drop false ;
variable words-column
: words ( -- ) \ the names the search order finds, newest first, in lines of 64 columns
  0 words-column ! latest @ begin ?dup while
    dup header-flags + dict-h@ flag-visible and over header-wid + dict-h@ in-order? and if
      dup header-name + >dict count dup words-column @ + 63 > if cr 0 words-column ! then
      dup 1+ words-column +! type space
    then header-link + dict@
  repeat cr ;

\ Wordlists have no names, only ids: the two the kernel makes are named,
\ any other is shown by its id, as `wordlist` handed it out.
: .wid ( wid -- ) \ a wordlist as order shows it
  dup forth-wordlist = if drop ." forth" exit then
  dup internal-wordlist = if drop ." internal" exit then 0 <# #s #> type ;
: order ( -- ) \ the search order, first searched first, and where definitions go
  #order @ 0 ?do i cells search-order + @ .wid space loop
  ." (definitions: " get-current .wid ." ) " ;

: evaluate ( i*x addr u -- j*x ) \ interprets the string: the host does it while it is tethered
  tethered @ if (host-evaluate) else resident-evaluate then ;
: (;) ( -- ) \ `;` for `postpone ;`: ends the definition in progress, the host's too
  s" ;" evaluate ;

\ --- the console's outer loop --------------------------------------------
256 constant tib-size \ the input buffer's size (layout.rs: TIB_SIZE)
: x-line-too-long ( -- ) ." line too long (the line was not run)" ;
: refill ( -- f ) \ the next line from the console; false for an evaluated string
  source-id if false exit then
  false accept-overflow ! tib dup tib-size accept
  accept-overflow @ if drop 0 then \ a cut line is not run: console-line says why
  #tib ! 'tib ! 0 >in ! true ;
\ --- conditional compilation ---------------------------------------------
: [defined] ( "name" -- f ) parse-name find-header 0<> ; immediate
: [undefined] ( "name" -- f ) parse-name find-header 0= ; immediate
: [else] ( -- ) \ skips to the matching [then], across lines
  1 begin
    begin parse-name dup while
      2dup s" (" name= if 2drop [char] ) parse 2drop else
      2dup s" \" name= if 2drop source nip >in ! else
      2dup s" [if]" name= if 2drop 1+ else
        2dup s" [else]" name= if 2drop 1- dup if 1+ then else
          s" [then]" name= if 1- then
        then
      then then then
      ?dup 0= if exit then
    repeat 2drop
  refill 0= until drop ; immediate
: [if] ( f -- ) 0= if postpone [else] then ; immediate
: [then] ( -- ) ; immediate

code reset-data-stack ( i*x -- ) \ empties the data stack
    ldr r7, =DSTACK_BASE
end-code

variable console-errors \ the errors the console has reported since boot
: console-error ( exc -- ) \ reports an exception and gets the console ready to go on
  .exception cr 1 console-errors +! reset-data-stack 0 state ! ;
: prompt ( -- ) state @ if ." compiled" else ." ok" then cr ;
: x-stack-underflow ( -- ) ." stack underflow" ;
: interpret-line ( -- ) interpret flush-line ;
: console-line ( -- ) \ interprets one line of the console
  accept-overflow @ if ['] x-line-too-long console-error exit then
  ['] interpret-line try ?dup if console-error exit then
  depth 0< if ['] x-stack-underflow console-error exit then
  prompt ;
: quit ( -- ) \ the console's outer loop, reading lines until power is gone
  0 source-id-var ! 0 state !
  begin refill while console-line repeat ;
:noname ( -- ) \ an uncaught exception on a board alone: the console afresh
  cr reset-data-stack 0 handler ! ram-end rp! 0 state ! quit ;
is no-handler

\ --- catch and throw: the standard's codes ------------------------------
\ An exception here is the xt of a word printing its message, and `try`
\ hands it back as it is. The standard's catch gives numbers: the kernel's
\ own exceptions come back as their codes, and throw of -1 or -2 raises
\ abort's and abort"'s own exceptions, so a caught abort is -1 either way
\ and an uncaught -2 prints the message abort" left.
create exception-codes ( -- addr ) \ pairs: an exception, its code
  ' x-abort , -1 ,             ' x-abort" , -2 ,
  ' x-stack-underflow , -4 ,   ' x-ram-full , -8 ,
  ' x-flash-full , -8 ,        ' x-unknown-word , -13 ,
  ' x-undefined-word , -13 ,   ' x-compile-only , -14 ,
  ' x-control-mismatch , -22 ,
9 constant #exception-codes
: exception>code ( exc -- n ) \ a kernel exception's code; anything else as it is
  exception-codes #exception-codes 0 ?do
    2dup @ = if nip cell+ @ unloop exit then 2 cells +
  loop drop ;
: code>exception ( n -- exc ) \ abort's and abort"'s exceptions for -1 and -2
  dup -1 = if drop ['] x-abort exit then
  dup -2 = if drop ['] x-abort" then ;
: catch ( i*x xt -- j*x 0 | i*x n ) try exception>code ;
: throw ( k*x n -- k*x | i*x n ) code>exception ?raise ;
