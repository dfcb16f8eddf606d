\ Formatting numbers and strings into a buffer with pictured numeric output,
\ and `format`, which fills %d, %x and %s placeholders from the stack.
\
\ The number words return strings in the pictured-output buffer, which the
\ next <# reuses: copy (or type) them before converting another number.
\ `format` builds its result in fmt-buf, which the next `format` reuses.

: zeros ( ud width -- ud' ) \ at least width digits, leading zeros included
  1- 0 max 0 ?do # loop #s ;
: padded ( n width -- addr u ) \ decimal, zero-padded to width digits, signed
  swap dup >r abs 0 <# rot zeros r> sign #> ;
: fixed ( n places -- addr u ) \ n / 10^places with exactly places decimals
  swap dup >r abs 0 <# rot dup if 0 do # loop [char] . hold else drop then
  #s r> sign #> ;
: hex8 ( u -- addr u ) \ eight hex digits, as addresses are shown
  base @ >r hex 0 <# 8 zeros #> r> base ! ;
: (d) ( n -- addr u ) dup abs 0 <# #s rot sign #> ;
: (x) ( u -- addr u ) base @ >r hex 0 <# #s #> r> base ! ;
: str= ( addr1 u1 addr2 u2 -- f ) \ same characters, case and all
  rot over <> if drop 2drop false exit then
  0 ?do over i + c@ over i + c@ <> if 2drop unloop false exit then loop 2drop true ;

80 constant fmt-size
fmt-size buffer: fmt-buf
variable fmt-len
: >fmt ( addr u -- ) \ appends, cutting what does not fit
  fmt-size fmt-len @ - min fmt-buf fmt-len @ + swap dup fmt-len +! move ;
: c>fmt ( c -- ) fmt-len @ fmt-size < if fmt-buf fmt-len @ + c! 1 fmt-len +! else drop then ;

16 constant max-args
max-args cells buffer: fmt-args \ the arguments, deepest first
variable fmt-argc
variable fmt-next
: arg-cells ( addr u -- n ) \ cells the placeholders take: %s two, %d and %x one
  0 -rot begin dup 1 > while
    over c@ [char] % = if
      over 1+ c@ case
        [char] s of rot 2 + -rot 2 /string endof
        [char] d of rot 1+ -rot 2 /string endof
        [char] x of rot 1+ -rot 2 /string endof
        >r 2 /string r>
      endcase
    else 1 /string then
  repeat 2drop ;
: stash-args ( x1 .. xn n -- ) \ into fmt-args, x1 first
  dup max-args > abort" too many format arguments"
  dup fmt-argc ! 0 fmt-next !
  0 ?do fmt-args fmt-argc @ 1- i - cells + ! loop ;
: next-arg ( -- x ) fmt-args fmt-next @ cells + @ 1 fmt-next +! ;
: placeholder ( c -- ) \ the conversion for the letter after a %
  case
    [char] d of next-arg (d) >fmt endof
    [char] x of next-arg (x) >fmt endof
    [char] s of next-arg next-arg >fmt endof
    [char] % of [char] % c>fmt endof
    [char] % c>fmt dup c>fmt
  endcase ;
: format ( x1 .. xn addr u -- addr' u' ) \ "x=%d y=%d" with x1 for the first %
  2dup arg-cells -rot 2>r stash-args 2r>
  0 fmt-len !
  begin dup while
    over c@ [char] % = over 1 > and if
      over 1+ c@ placeholder 2 /string
    else over c@ c>fmt 1 /string then
  repeat 2drop fmt-buf fmt-len @ ;

: main ( -- )
  ." padded: " 42 5 padded type cr
  ." fixed: " 31416 4 fixed type cr
  ." hex8: " $2a hex8 type cr
  -7 $ff s" world" s" %d %x %s!" format type cr ;
