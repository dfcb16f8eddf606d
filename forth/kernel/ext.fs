\ The rest of the kernel: the search, exceptions that parse names,
\ structures, CORE-EXT and DOUBLE words, and the root of the init chain.

: x-undefined-word ( -- ) ." undefined word" ;
: x-abort ( -- ) ." aborted" ;
2variable abort-message
: x-abort" ( -- ) abort-message 2@ type ;
: (abort") ( addr u -- ) abort-message 2! ['] x-abort" ?raise ;
: abort ( -- ) ['] x-abort ?raise ;

\ --- finding words -----------------------------------------------------
: lower ( c -- c' ) dup [char] A [char] Z 1+ within if 32 + then ;
: name= ( addr1 u1 addr2 u2 -- f ) \ case-insensitive
  rot over <> if 2drop drop false exit then
  0 ?do over i + c@ lower over i + c@ lower <> if 2drop false unloop exit then loop
  2drop true ;
: header>xt ( header -- xt ) 8 + count + aligned 1 or ;
: wid-find ( addr u wid -- header|0 )
  >r latest @ begin dup while
    dup 4 + h@ 1 and over 6 + h@ r@ = and if
      >r 2dup r@ 8 + count name= if 2drop r> rdrop exit then r>
    then @
  repeat nip nip rdrop ;
: find-header ( addr u -- header|0 ) \ in the search order
  #order @ 0 ?do 2dup i cells order + @ wid-find ?dup if nip nip unloop exit then loop
  2drop 0 ;
: (find) ( addr u -- xt true | false )
  find-header ?dup if header>xt true else false then ;
: find ( c-addr -- c-addr 0 | xt 1 | xt -1 )
  dup count find-header ?dup if
    nip dup header>xt swap 4 + h@ 2 and if 1 else -1 then
  else 0 then ;
: ' ( "name" -- xt ) parse-name (find) 0= if ['] x-undefined-word ?raise then ;
: averts ( f "name" -- ) ' postpone literal postpone (averts) ; immediate compile-only
: triggers ( f "name" -- ) ' postpone literal postpone (triggers) ; immediate compile-only
: suppress ( exc|0 "name" -- exc|0 ) ' postpone literal postpone (suppress) ; immediate compile-only
: >body ( xt -- addr ) 1 invert and 16 + ;

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
: accept ( addr u -- u' ) \ reads a line from the console
  over + over ( start end cur )
  begin key dup 10 <> over 13 <> and while
    >r 2dup > if r> over c! 1+ else rdrop then
  repeat drop nip swap - ;
: environment? ( addr u -- false ) 2drop false ;

\ --- boot --------------------------------------------------------------
: init ( -- ) \ the root of the init chain: each `: init init ... ;` adds to it
  10 base ! ;
