\ Text output: strings, pictured numeric output, the number printers.
: type ( addr u -- ) 0 ?do dup c@ emit 1+ loop drop ;
: cr ( -- ) 10 emit ;
: space ( -- ) bl emit ;
: spaces ( n -- ) 0 max 0 ?do space loop ;
: decimal ( -- ) 10 base ! ;
: hex ( -- ) 16 base ! ;
: binary ( -- ) 2 base ! ;

: <# ( -- ) hold-end hld ! ;
: hold ( c -- ) -1 hld +! hld @ c! ;
: holds ( addr u -- ) begin dup while 1- 2dup + c@ hold repeat 2drop ;
: digit ( n -- c ) dup 9 > if 7 + then [char] 0 + ;
: # ( ud -- ud' ) \ one digit of ud, in base
  0 base @ um/mod >r base @ um/mod swap digit hold r> ;
: #s ( ud -- 0 0 ) begin # 2dup or 0= until ;
: #> ( ud -- addr u ) 2drop hld @ hold-end over - ;
: sign ( n -- ) 0< if [char] - hold then ;
: u. ( u -- ) 0 <# #s #> type space ;
: . ( n -- ) dup abs 0 <# #s rot sign #> type space ;
: d. ( d -- ) tuck dabs <# #s rot sign #> type space ;
: u.r ( u width -- ) >r 0 <# #s #> r> over - spaces type ;
: .r ( n width -- ) >r dup abs 0 <# #s rot sign #> r> over - spaces type ;
: h. ( u -- ) base @ >r hex 0 <# # # # # # # # # #> type space r> base ! ;
: .s ( -- ) \ the stack, deepest first, without changing it
  [char] < emit depth 0 u.r [char] > emit space
  depth 0 ?do depth i - 1- pick . loop ;
