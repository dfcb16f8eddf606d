\ The TOOLS, SEARCH, DOUBLE and CORE-EXT words of kernel/tools.fs: printing
\ (compared as the text the printing words type), the control-flow stack
\ under host- and target-compiled structures, the return stack in bulk,
\ names and wordlists, synonyms, m*/ and the input source saved and restored.

: tl-str= ( addr1 u1 addr2 u2 -- f ) rot over <> if 2drop drop 0 exit then 0 ?do over i + c@ over i + c@ <> if 2drop 0 unloop exit then loop 2drop -1 ;
0 invert 1 rshift constant tl-max
tl-max invert constant tl-min

testing ? d.r
variable tl-v
T{ 42 tl-v ! tl-v ? -> }T
T{ 7. 4 (d.r) s"    7" tl-str= -> -1 }T
T{ -7. 4 (d.r) s"   -7" tl-str= -> -1 }T
T{ 12345. 2 (d.r) s" 12345" tl-str= -> -1 }T
T{ -1. 0 (d.r) s" -1" tl-str= -> -1 }T
T{ -1 tl-max 21 (d.r) s"   9223372036854775807" tl-str= -> -1 }T
T{ 0 tl-min 20 (d.r) s" -9223372036854775808" tl-str= -> -1 }T
T{ 1. 200 (d.r) nip -> 128 }T
T{ 5. 3 d.r -5. 0 d.r 1. 130 d.r -> }T

testing dump
create tl-bytes $48 c, $69 c, $20 c, $74 c, $68 c, $65 c, $72 c, $65 c, $2c c, $20 c, $64 c, $75 c, $6d c, $70 c, $21 c, $00 c, $7f c, $41 c, $0a c, $42 c,
: tl-hex8 ( u -- addr u ) base @ >r hex 0 <# # # # # # # # # #> r> base ! ;
T{ tl-bytes 16 dump-line nip -> 78 }T
T{ tl-bytes 16 dump-line 8 /string s"   48 69 20 74 68 65 72 65  2C 20 64 75 6D 70 21 00  |Hi there, dump!.|" tl-str= -> -1 }T
T{ tl-bytes 16 dump-line drop 8 tl-bytes tl-hex8 tl-str= -> -1 }T
T{ tl-bytes 16 + 4 dump-line 8 /string s"   7F 41 0A 42                                       |.A.B|" tl-str= -> -1 }T
T{ tl-bytes 16 + 4 dump-line drop 8 tl-bytes 16 + tl-hex8 tl-str= -> -1 }T
T{ tl-bytes 0 dump-line 8 /string nip -> 54 }T
T{ tl-bytes 20 dump tl-bytes 0 dump -> }T

testing cs-pick cs-roll
T{ 1 2 3 4 0 cs-pick -> 1 2 3 4 3 4 }T
T{ 1 2 3 4 1 cs-pick -> 1 2 3 4 1 2 }T
T{ 1 2 0 cs-roll -> 1 2 }T
T{ 1 2 3 4 1 cs-roll -> 3 4 1 2 }T
T{ 9 1 2 3 4 5 6 2 cs-roll -> 9 3 4 5 6 1 2 }T
\ A `while` made of `if` and cs-roll, closed by the host's `repeat`.
: tl-while postpone if 1 cs-roll ; immediate
: tl-sum-to ( n -- sum ) 0 swap begin dup tl-while swap over + swap 1- repeat drop ;
T{ 4 tl-sum-to 0 tl-sum-to 1 tl-sum-to -> 10 0 1 }T
\ A conditional jump back to the `begin`, as many times as wanted.
: tl-?again 0 cs-pick postpone until ; immediate
: tl-evens ( n -- evens ) begin 1- dup 1 and 0= tl-?again dup dup 0= until drop ;
T{ 6 tl-evens -> 4 2 0 }T
: tl-threes ( n -- x* ) begin 1- dup 0< if drop exit then dup 3 mod 0= tl-?again dup 4 > tl-?again dup again ;
T{ 10 tl-threes -> 9 6 }T
\ An `ahead` under a `begin` and an `if`, brought up to be resolved first.
: tl-down ( n -- n .. 1 ) ahead begin dup if [ 2 cs-roll ] then dup 1- [ 1 cs-roll ] again then drop ;
T{ 3 tl-down 1 tl-down -> 3 2 1 1 }T
\ `else` made of `ahead`, cs-roll and `then`, inside the host's `if` ... `then`.
: tl-else postpone ahead 1 cs-roll postpone then ; immediate
: tl-sign ( n -- c ) dup 0< if drop [char] - tl-else 0> if [char] + tl-else [char] 0 then then ;
T{ -5 tl-sign 5 tl-sign 0 tl-sign -> char - char + char 0 }T

testing n>r nr>
: tl-nr1 ( -- ) 10 20 30 3 n>r nr> ;
T{ tl-nr1 -> 10 20 30 3 }T
: tl-nr2 ( i*x n -- 99 i*x n ) n>r 99 nr> ;
T{ 5 6 2 tl-nr2 -> 99 5 6 2 }T
T{ 0 tl-nr2 -> 99 0 }T
: tl-nr3 ( a b c d -- b a c d ) 2 n>r swap nr> drop ;
T{ 1 2 3 4 tl-nr3 -> 2 1 3 4 }T
: tl-nr4 ( -- sum ) 0 4 0 do i i 2 n>r nr> drop + + loop ;
T{ tl-nr4 -> 12 }T
: tl-nr5 ( x n -- x n ) n>r r> r> swap ;
T{ 7 1 tl-nr5 -> 7 1 }T
: tl-nr6 ( i*x n j*x m -- ) n>r n>r swap nr> nr> ;
T{ 1 2 10 20 2 30 1 tl-nr6 -> 2 1 10 20 2 30 1 }T

testing synonym
: tl-old 1234 ;
synonym tl-new tl-old
synonym tl-new2 tl-new
synonym tl-new3 tl-new2
T{ tl-new tl-new2 tl-new3 -> 1234 1234 1234 }T
: tl-use-new tl-new 1+ tl-new3 ;
T{ tl-use-new -> 1235 1234 }T
T{ ' tl-new3 (synonym-target) ' tl-old = -> -1 }T
T{ s" tl-new3" forth-wordlist search-wordlist nip -> -1 }T
: tl-lit7 7 postpone literal ; immediate
synonym tl-lit7b tl-lit7
synonym tl-lit7c tl-lit7b
: tl-use-lit tl-lit7b tl-lit7c + ;
T{ tl-use-lit -> 14 }T
T{ s" tl-lit7c" forth-wordlist search-wordlist nip -> 1 }T
synonym tl-dup dup
: tl-square tl-dup * ;
T{ 3 tl-dup 5 tl-square -> 3 3 25 }T
synonym tl->r >r
synonym tl-r> r>
: tl-use-r tl->r 1 tl-r> ;
T{ 9 tl-use-r -> 1 9 }T
T{ s" tl-r>" forth-wordlist wid-find header-flags + dict-h@ flag-compile-only and 0<> -> -1 }T
T{ s" tl-new" forth-wordlist wid-find header-flags + dict-h@ flag-compile-only and -> 0 }T
synonym tl-if if
synonym tl-then then
: tl-choose ( f -- x ) tl-if 1 else 2 tl-then ;
T{ -1 tl-choose 0 tl-choose -> 1 2 }T
: tl-same 5 ;
synonym tl-same tl-same
T{ tl-same -> 5 }T
synonym tl-constant constant
11 tl-constant tl-eleven
T{ tl-eleven -> 11 }T
T{ ' synonym try tl-q tl-no-such-word -> ' x-undefined-word }T
T{ s" tl-q" forth-wordlist search-wordlist -> 0 }T
synonym tl-v2 tl-v
T{ tl-v2 tl-v = -> -1 }T
\ Through a synonym of a value or a deferred word, `to`, `is` and
\ `action-of` reach the old word's cell.
3 value tl-val
synonym tl-val2 tl-val
T{ tl-val2 -> 3 }T
T{ 5 to tl-val2 tl-val tl-val2 -> 5 5 }T
: tl-set-val ( x -- ) to tl-val2 ;
T{ 6 tl-set-val tl-val tl-val2 -> 6 6 }T
defer tl-def
' tl-old is tl-def
synonym tl-def2 tl-def
T{ tl-def2 -> 1234 }T
: tl-99 99 ;
' tl-99 is tl-def2
T{ tl-def tl-def2 -> 99 99 }T
T{ action-of tl-def2 -> ' tl-99 }T
: tl-set-def ( xt -- ) is tl-def2 ;
T{ ' tl-old tl-set-def tl-def -> 1234 }T
T{ ' tl-val2 (reads-cell?) ' tl-def2 (reads-cell?) ' tl-old (reads-cell?) ' tl-v (reads-cell?) -> -1 -1 0 0 }T

testing traverse-wordlist search-wordlist name>string
wordlist constant tl-wl
tl-wl set-current
: tl-a 11 ;
: tl-bb 22 ; immediate
: tl-ccc 33 ;
forth-wordlist set-current
: tl-count ( n nt -- n+1 true ) drop 1+ true ;
T{ 0 ' tl-count tl-wl traverse-wordlist -> 3 }T
: tl-two ( n nt -- n+1 f ) drop 1+ dup 2 < ;
T{ 0 ' tl-two tl-wl traverse-wordlist -> 2 }T
: tl-len ( nt -- u true ) name>string nip true ;
T{ ' tl-len tl-wl traverse-wordlist -> 6 5 4 }T
T{ 7 ' tl-len wordlist traverse-wordlist -> 7 }T
: tl-name ( nt -- addr u false ) name>string false ;
T{ ' tl-name tl-wl traverse-wordlist s" tl-ccc" tl-str= -> -1 }T
T{ s" tl-a" tl-wl search-wordlist swap execute -> -1 11 }T
T{ s" TL-BB" tl-wl search-wordlist swap execute -> 1 22 }T
T{ s" tl-nope" tl-wl search-wordlist -> 0 }T
T{ s" tl-a" forth-wordlist search-wordlist -> 0 }T
T{ s" dup" tl-wl search-wordlist -> 0 }T
T{ s" DUP" forth-wordlist search-wordlist -> ' dup -1 }T
T{ s" tl-lit7" forth-wordlist search-wordlist -> ' tl-lit7 1 }T

testing name>interpret name>compile find-name
T{ s" tl-old" find-name s" tl-old" forth-wordlist wid-find = -> -1 }T
T{ s" tl-a" find-name s" tl-nope" find-name -> 0 0 }T
T{ s" TL-CCC" tl-wl find-name-in name>interpret execute -> 33 }T
T{ s" tl-ccc" forth-wordlist find-name-in -> 0 }T
: tl-dup-compiled [ s" dup" find-name name>compile execute ] ;
T{ 4 tl-dup-compiled -> 4 4 }T
T{ s" tl-old" forth-wordlist wid-find name>interpret -> ' tl-old }T
T{ s" tl-old" forth-wordlist wid-find name>compile -> ' tl-old ' compile, }T
T{ s" tl-r>" forth-wordlist wid-find name>interpret -> 0 }T
T{ s" if" forth-wordlist wid-find name>interpret -> 0 }T
T{ s" if" forth-wordlist wid-find name>compile nip -> ' execute }T
T{ s" tl-dup" forth-wordlist wid-find name>interpret 3 swap execute -> 3 3 }T
T{ s" tl-lit7" forth-wordlist wid-find name>compile -> ' tl-lit7 ' execute }T
T{ s" tl-bb" tl-wl wid-find name>string s" tl-bb" tl-str= -> -1 }T
: tl-compiled [ s" tl-old" forth-wordlist wid-find name>compile execute ] ;
T{ tl-compiled -> 1234 }T
: tl-compiled7 [ s" tl-lit7" forth-wordlist wid-find name>compile execute ] ;
T{ tl-compiled7 -> 7 }T

testing m*/
T{ 5. 7 11 m*/ -> 3. }T
T{ -5. 7 11 m*/ -> -3. }T
T{ 5. -7 11 m*/ -> -3. }T
T{ -5. -7 11 m*/ -> 3. }T
T{ 0. tl-max 3 m*/ -> 0. }T
T{ -1 tl-max 8 16 m*/ -> -1 $3fffffff }T
T{ -1 tl-max -8 16 m*/ -> 1 $c0000000 }T
T{ 0 tl-min 8 16 m*/ -> 0 $c0000000 }T
T{ 0 tl-min -8 16 m*/ -> 0 $40000000 }T
T{ -1 tl-max tl-max tl-max m*/ -> -1 tl-max }T
T{ 0 tl-min tl-max tl-max m*/ -> 0 tl-min }T
T{ -1 tl-max $40000000 tl-max m*/ -> tl-min $40000000 }T
T{ 1. tl-min tl-max m*/ -> -1. }T
T{ 123456789012345. -987654 1000003 m*/ -> 1895834919 -28390 }T
T{ -12345 $bfffffff 2147483647 2147483646 m*/ -> 2147471301 -1073741825 }T

testing save-input restore-input
variable tl-si
: tl-si-skip ( -- ) tl-si @ >in +! 15 tl-si ! ;
: tl-si-text ( -- addr u ) s" save-input tl-si-skip restore-input 12345" ;
T{ 0 tl-si ! tl-si-text evaluate tl-si @ -> 0 2345 15 }T
T{ 0 tl-si ! save-input tl-si-skip restore-input 12345 tl-si @ -> 0 2345 15 }T
create tl-saved 6 cells allot
: tl-stash ( x1 .. x5 5 -- ) 6 0 do tl-saved i cells + ! loop ;
: tl-unstash ( -- x1 .. x5 5 ) 6 0 do tl-saved 5 i - cells + @ loop ;
save-input tl-stash
T{ tl-unstash restore-input -> -1 }T
T{ save-input tl-stash s" tl-unstash restore-input" evaluate -> -1 }T
T{ 1 2 3 3 restore-input -> -1 }T
: tl-hash ( addr u -- x ) 0 -rot 0 ?do dup i + c@ rot 31 * + swap loop drop ;
T{ source-hash source tl-hash = -> -1 }T
T{ s" source-hash" evaluate s" source-hash" tl-hash = -> -1 }T
T{ save-input 5 = nip nip nip nip nip -> -1 }T

testing compiled to flash
\ On the board the newest flash bytes sit in a RAM buffer until the line
\ ends: a synonym made there, and a dump of bytes just laid down.
compile-to-flash
synonym tl-fnew tl-old
T{ tl-fnew -> 1234 }T
T{ create tl-fbytes 1 c, 2 c, 3 c, $41 c, tl-fbytes 4 dump-line 8 /string s"   01 02 03 41                                       |...A|" tl-str= -> -1 }T
compile-to-ram
T{ tl-fnew tl-fbytes c@ -> 1234 1 }T
