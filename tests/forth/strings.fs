\ Strings and parsing: the string literals, counted strings, the parsing
\ words reading the rest of the line, and pictured numeric output.

: st-s s" hello" ;
T{ st-s nip -> 5 }T
T{ st-s drop c@ -> char h }T
T{ st-s drop 4 + c@ -> char o }T
T{ s" abc" nip -> 3 }T
T{ s" abc" drop 1+ c@ -> char b }T
T{ s" " nip -> 0 }T
: st-e s" " ;
T{ st-e nip -> 0 }T
: st-c c" xyz" ;
T{ st-c c@ -> 3 }T
T{ st-c count nip -> 3 }T
T{ st-c count drop c@ -> char x }T
T{ st-c count + 1- c@ -> char z }T
: st-esc s\" a\nb\tc\\d\"e\x41\z" ;
T{ st-esc nip -> 11 }T
T{ st-esc drop dup 1+ c@ swap 3 + c@ -> 10 9 }T
T{ st-esc drop dup 5 + c@ swap 7 + c@ -> char \ char " }T
T{ st-esc drop dup 9 + c@ swap 10 + c@ -> char A 0 }T
T{ s\" \m" nip -> 2 }T
T{ s\" \a\b\e\f\l\q\r\v" drop dup c@ swap 7 + c@ -> 7 11 }T
T{ char a char A char 1 -> 97 65 49 }T
T{ char hello -> char h }T
: st-bc [char] ( [char] ) ;
T{ st-bc -> 40 41 }T
T{ bl -> 32 }T

\ parse and parse-name read the line after themselves.
T{ char ) parse abc) nip -> 3 }T
T{ char ) parse abc) drop c@ -> char a }T
T{ parse-name   word2 nip -> 5 }T
T{ parse-name xyz drop c@ -> char x }T
: st-parse ( "text" -- addr u ) [char] | parse ;
T{ st-parse 12345| nip -> 5 }T
T{ st-parse | nip -> 0 }T
: st-pn parse-name ;
T{ st-pn   spaced nip -> 6 }T
T{ bl word abcd count nip -> 4 }T
T{ bl word   lead c@ -> 4 }T
T{ char , word x, count nip -> 1 }T
T{ >in @ 0> -> -1 }T
T{ source nip 0> -> -1 }T
T{ source drop c@ -> char T }T
: st-source-len source nip ;
T{ st-source-len -> 25 }T

\ counted strings and string helpers
T{ st-s 2 /string nip -> 3 }T
T{ st-s 2 /string drop c@ -> char l }T
T{ st-s 0 /string nip -> 5 }T

\ pictured numeric output
: st-pic ( ud -- addr u ) <# #s #> ;
: st-pic= ( addr1 u1 addr2 u2 -- f ) rot over <> if 2drop drop 0 exit then 0 ?do over i + c@ over i + c@ <> if 2drop 0 unloop exit then loop 2drop -1 ;
T{ 0 0 st-pic s" 0" st-pic= -> -1 }T
T{ 123 0 st-pic s" 123" st-pic= -> -1 }T
T{ -1 0 st-pic s" 4294967295" st-pic= -> -1 }T
T{ -1 -1 st-pic s" 18446744073709551615" st-pic= -> -1 }T
T{ 255 0 hex st-pic decimal s" FF" st-pic= -> -1 }T
T{ 5 0 2 base ! st-pic decimal s" 101" st-pic= -> -1 }T
T{ 34 0 35 base ! st-pic decimal s" Y" st-pic= -> -1 }T
: st-signed ( n -- addr u ) dup abs 0 <# #s rot sign #> ;
T{ -42 st-signed s" -42" st-pic= -> -1 }T
T{ 42 st-signed s" 42" st-pic= -> -1 }T
: st-hold ( -- addr u ) 7 0 <# # [char] . hold # # #> ;
T{ st-hold s" 00.7" st-pic= -> -1 }T
: st-holds ( -- addr u ) 12 0 <# #s s" ab" holds #> ;
T{ st-holds s" ab12" st-pic= -> -1 }T
T{ 1 0 <# # #> nip -> 1 }T
T{ 12345 0 <# # # #> nip -> 2 }T
T{ 0 0 <# #> nip -> 0 }T
T{ 9 0 <# # -> 0 0 }T
: st-sign-pos <# 1 sign 0 0 #> ;
T{ st-sign-pos nip -> 0 }T
T{ 10 digit 0 digit -> char A char 0 }T

\ >number converts digits and stops at the first non-digit.
T{ 0 0 s" 123" >number nip -> 123 0 0 }T
T{ 0 0 s" 12x4" >number nip -> 12 0 2 }T
T{ 0 0 s" 12x4" >number drop c@ -> 12 0 char x }T
T{ 0 0 s" " >number nip -> 0 0 0 }T
T{ 5 0 s" 7" >number nip -> 57 0 0 }T
T{ hex 0 0 s" fF" >number nip decimal -> 255 0 0 }T
T{ 0 0 s" 4294967296" >number nip -> 0 1 0 }T
T{ 2 base ! 0 0 s" 1012" >number nip decimal -> 5 0 1 }T
T{ char 7 digit? char z digit? -> 7 -1 0 }T
T{ 0 0 s" 18446744073709551615" >number nip -> -1 -1 0 }T

T{ base @ -> 10 }T
T{ hex base @ decimal -> 16 }T
T{ binary base @ decimal -> 2 }T
T{ $10 #10 %10 -> 16 10 2 }T
T{ 'a' -> 97 }T
T{ $-10 #-10 %-10 -> -16 -10 -2 }T

testing interpreted s\" and s" on one line keep their own text
T{ s\" ab\tc" s" xyz" 2swap drop c@ -rot drop c@ -> char a char x }T
T{ s\" one" s\" two" drop c@ nip swap c@ -> char t char o }T
