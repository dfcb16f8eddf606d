\ The rest of the kernel: the search, exceptions that parse names,
\ structures, CORE-EXT and DOUBLE words, and the root of the init chain.

: x-undefined-word ( -- ) ." undefined word" ;
: x-abort ( -- ) ." aborted" ;
2variable abort-message
: x-abort" ( -- ) \ abort"'s message; -2 throw with none says what it is
  abort-message 2@ ?dup if type else drop ." exception -2 (abort" [char] " emit ." )" then ;
: (abort") ( addr u -- ) abort-message 2! ['] x-abort" ?raise ;
: abort ( -- ) ['] x-abort ?raise ;
: x-ram-full ( -- ) ." RAM dictionary space is full" ;
: raise-ram-full ( -- ) ['] x-ram-full ?raise ; \ what the allots of core.fs raise
' raise-ram-full is ram-full
: x-flash-full ( -- ) ." flash dictionary space is full" ;
: raise-flash-full ( -- ) ['] x-flash-full ?raise ;
' raise-flash-full is flash-full
: x-header-given-back ( -- ) ." a negative allot cannot give back a word's header" ;
: raise-header-given-back ( -- ) ['] x-header-given-back ?raise ;
' raise-header-given-back is header-given-back
: floor-of ( floor here header -- floor' here ) \ raised to the header's end if it is below here
  dup if 2dup u> if header>xt 1 invert and rot max swap exit then then drop ;
: (header-floor) ( here -- addr ) \ the newest headers: published, made last, newest in flash
  0 swap latest @ floor-of newest @ floor-of flash-latest @ floor-of drop ;
' (header-floor) is header-floor

\ A control structure closed by the wrong word (compiler.fs's ?cs).
: (cs-what) ( x -- c-addr u ) \ names a control-flow tag for messages
  case
    cs-if of s" an `if`" endof      cs-ahead of s" an `ahead`" endof
    cs-else of s" an `else`" endof  cs-while of s" a `while`" endof
    cs-begin of s" a `begin`" endof cs-do of s" a `do`" endof
    cs-?do of s" a `?do`" endof     cs-case of s" a `case`" endof
    cs-of of s" an `of`" endof      cs-endof of s" an `endof`" endof
    >r 0 0 r>
  endcase ;
:noname ( -- )
  ." `" cs-closer @ count type ." ` " cs-found @ (cs-what) ?dup if
    ." cannot close " type
  else
    drop ." has no structure to close"
  then ;
is control-mismatch

\ --- finding words -----------------------------------------------------
: lower ( c -- c' ) dup [char] A [char] Z 1+ within if 32 + then ;
: name= ( addr1 u1 addr2 u2 -- f ) \ case-insensitive
  rot over <> if 2drop drop false exit then
  0 ?do over i + c@ lower over i + c@ lower <> if 2drop false unloop exit then loop
  2drop true ;
: wid-find ( addr u wid -- header|0 )
  >r latest @ begin dup while
    dup header-flags + dict-h@ flag-visible and over header-wid + dict-h@ r@ = and if
      >r 2dup r@ header-name + >dict count name= if 2drop r> rdrop exit then r>
    then header-link + dict@
  repeat nip nip rdrop ;
: find-header ( addr u -- header|0 ) \ in the search order
  #order @ 0 ?do 2dup i cells search-order + @ wid-find ?dup if nip nip unloop exit then loop
  2drop 0 ;
: (find) ( addr u -- xt true | false )
  find-header ?dup if header>xt ready-to-run true else false then ;
: find ( c-addr -- c-addr 0 | xt 1 | xt -1 )
  dup count find-header ?dup if
    nip dup header>xt ready-to-run swap header-flags + dict-h@ flag-immediate and if 1 else -1 then
  else 0 then ;
: ' ( "name" -- xt ) parse-name (find) 0= if ['] x-undefined-word ?raise then ;
: averts ( f "name" -- ) ' postpone literal postpone (averts) ; immediate compile-only
: triggers ( f "name" -- ) ' postpone literal postpone (triggers) ; immediate compile-only
: suppress ( exc|0 "name" -- exc|0 ) ' postpone literal postpone (suppress) ; immediate compile-only
: >body ( xt -- addr ) 1 invert and create-body-offset + ;

\ --- structures --------------------------------------------------------
: begin-structure ( "name" -- addr 0 ) create here 0 0 , does> @ ;
: end-structure ( addr n -- ) swap ! ;
: +field ( n1 n2 "name" -- n3 ) create over , + does> @ + ;
: field: ( n1 "name" -- n2 ) aligned 4 +field ;
: hfield: ( n1 "name" -- n2 ) 1+ -2 and 2 +field ;
: cfield: ( n1 "name" -- n2 ) 1 +field ;
: cfield ( n1 "name" -- n2 ) cfield: ;

\ --- CORE-EXT and DOUBLE ----------------------------------------------
: 2constant ( x1 x2 "name" -- ) create , , does> 2@ ;
: 2literal ( x1 x2 -- ) swap postpone literal postpone literal ; immediate compile-only
: word ( c "text" -- c-addr ) \ counted copy in the pictured-output buffer
  dup bl = if skip-blanks then parse $7f min hold-end 128 - 2dup c! 1+ swap move hold-end 128 - ;
variable after-cr \ the last line ended with CR: an LF straight after it belongs to it
: line-key ( -- c ) \ the next key, CR LF read as one line end
  key after-cr @ if false after-cr ! dup 10 = if drop key then then ;
: backspace ( -- ) \ erases the character left of the cursor
  8 emit space 8 emit ;
variable accept-overflow \ set when `accept` had to drop characters past its buffer
: accept ( addr u -- u' ) \ reads a line from the console, echoing it
  over + over ( start end cur )
  begin line-key dup 13 = if true after-cr ! then
    dup 13 <> over 10 <> and while
    dup 8 = over 127 = or if \ backspace or delete
      drop >r over r@ u< if r> 1- backspace else r> then
    else
      dup 9 = if drop bl then \ a tab reads as a space
      dup bl < if drop else
        >r 2dup u> if r@ emit r> over c! 1+ else rdrop true accept-overflow ! then
      then
    then
  repeat drop space nip swap - ;

\ --- environment? --------------------------------------------------------
\ Each query the standard defines is a word in a wordlist of its own, which
\ environment? finds by the query's name and runs: an answer is one
\ definition. A word set's name answers whether all of it is here.
wordlist constant environment-wordlist ( -- wid )
get-current environment-wordlist set-current
255 constant /counted-string
128 constant /hold    \ the pictured-output buffer (layout.rs: HOLD_BUFFER to HOLD_END)
128 constant /pad     \ layout.rs: PAD_SIZE
8 constant address-unit-bits
false constant floored \ / and mod round towards zero, as sm/rem
255 constant max-char
: max-d ( -- d ) -1 $7fffffff ;
$7fffffff constant max-n
-1 constant max-u
: max-ud ( -- ud ) -1 -1 ;
ram-end dstack-base - 4 / constant return-stack-cells
dstack-base ram-limit - 4 / constant stack-cells
\ The word sets every word of which the kernel has, and those it lacks some
\ of: FACILITY EXT the k- key names, ekey>fkey and time&date, TOOLS see,
\ TOOLS EXT ;code, assembler, editor, forget and code on the board, and
\ the memory words, which live in allocate-wordlist.
true constant core            true constant core-ext
true constant double          true constant double-ext
true constant exception       true constant exception-ext
true constant facility        false constant facility-ext
true constant locals          true constant locals-ext
true constant search-order    true constant search-order-ext
true constant string          true constant string-ext
false constant tools          false constant tools-ext
false constant memory-alloc   false constant memory-alloc-ext
set-current
: environment? ( c-addr u -- false | i*x true ) \ the answer to a standard query
  environment-wordlist wid-find ?dup if header>xt ready-to-run execute true else false then ;

\ --- number conversion -------------------------------------------------
: digit? ( c -- n true | false ) \ the value of c as a digit in base
  lower dup [char] 0 [char] 9 1+ within if [char] 0 - else
    dup [char] a [char] z 1+ within if [char] a - 10 + else drop -1 then
  then dup 0 base @ within if true else drop false then ;
: ud* ( ud u -- ud' ) \ double times single, for accumulating digits
  tuck * >r um* r> + ;
: >number ( ud addr u -- ud' addr' u' ) \ adds digits of the string to ud until a non-digit
  begin dup while over c@ digit? while
    >r 2swap base @ ud* r> 0 d+ 2swap 1 /string
  repeat then ;
: source-id ( -- 0 | -1 ) \ 0 while reading a file or the console
  source-id-var @ ;

\ --- more DOUBLE -------------------------------------------------------
: d- ( d1 d2 -- d1-d2 ) dnegate d+ ;
: m+ ( d n -- d' ) s>d d+ ;
: d0= ( d -- f ) or 0= ;
: d0< ( d -- f ) nip 0< ;
: d= ( d1 d2 -- f ) d- d0= ;
: du< ( ud1 ud2 -- f ) \ high cells decide unless equal
  rot 2dup = if 2drop u< else u> nip nip then ;
: d< ( d1 d2 -- f ) rot 2dup = if 2drop u< else > nip nip then ;
: dmax ( d1 d2 -- d ) 2over 2over d< if 2swap then 2drop ;
: dmin ( d1 d2 -- d ) 2over 2over d< 0= if 2swap then 2drop ;
: d2* ( d -- d' ) 2dup d+ ;
: d2/ ( d -- d' ) \ arithmetic shift of the 64-bit value
  dup 1 and 31 lshift >r 1 arshift swap 1 rshift r> or swap ;
: d>s ( d -- n ) drop ;
: ud. ( ud -- ) <# #s #> type space ;

\ --- evaluate ------------------------------------------------------------
code (host-evaluate) ( i*x addr u -- j*x ) \ asks the host to interpret the string
    svc #1
end-code

\ --- boot --------------------------------------------------------------
: init ( -- ) \ the root of the init chain: each `: init init ... ;` adds to it
  10 base ! ;

\ --- reporting exceptions -------------------------------------------------
\ An exception is the xt of a word that prints its message; `throw` of a
\ plain number (the standard's codes) is reported by its code instead of
\ being run, which would jump to no code at all.
: xt? ( x -- f ) \ could x be a word's xt: odd, inside a dictionary
  dup 1 and 0= if drop false exit then
  dup flash-origin dp @ within swap ram-origin ram-dp @ within or ;
: throw-words ( -- addr u ) \ the standard's words for codes -1 to -28, in order
  s\" abort|abort\"|stack overflow|stack underflow|return stack overflow|return stack underflow|do-loops nested too deeply|dictionary overflow|invalid memory address|division by zero|result out of range|argument type mismatch|undefined word|interpreting a compile-only word|invalid forget|zero-length name|pictured numeric output string overflow|parsed string overflow|definition name too long|write to a read-only location|unsupported operation|control structure mismatch|address alignment exception|invalid numeric argument|return stack imbalance|loop parameters unavailable|invalid recursion|user interrupt" ;
: next-word ( addr u -- addr' u' ) \ past the next | of a word list
  begin dup 0= if exit then over c@ >r 1 /string r> [char] | = until ;
: word-len ( addr u -- addr n ) \ the word up to the next |
  over swap 0 ?do dup c@ [char] | = if leave then 1+ loop over - ;
: .throw-code ( n -- ) \ the code, and the standard's words for its meaning
  ." exception " dup . dup -28 0 within 0= if drop exit then
  negate 1- >r throw-words r> 0 ?do next-word loop word-len ." (" type ." )" ;
: .exception ( exc -- ) \ prints what went wrong, whatever was thrown
  dup xt? if execute else .throw-code then ;
: boot-step ( xt c-addr u -- ) \ runs an init or main word at boot; an uncaught
  2>r try ?dup if 2r> type ." : " .exception cr else 2r> 2drop then ; \ error still reaches the console
