\ The kernel's own Forth versions of the compiling words, reached through
\ postpone, ' and execute: they run on the target and lay down the same code
\ shapes as the host compiler, so either can open a structure the other
\ closes.

: pp-if postpone if ; immediate
: pp-else postpone else ; immediate
: pp-then postpone then ; immediate
: pp-begin postpone begin ; immediate
: pp-until postpone until ; immediate
: pp-while postpone while ; immediate
: pp-repeat postpone repeat ; immediate
: pp-again postpone again ; immediate
: pp-do postpone do ; immediate
: pp-?do postpone ?do ; immediate
: pp-loop postpone loop ; immediate
: pp-+loop postpone +loop ; immediate
: pp-leave postpone leave ; immediate
: pp-case postpone case ; immediate
: pp-of postpone of ; immediate
: pp-endof postpone endof ; immediate
: pp-endcase postpone endcase ; immediate
: pp-exit postpone exit ; immediate
: pp-recurse postpone recurse ; immediate

: pp1 ( f -- n ) pp-if 1 pp-else 2 pp-then ;
: pp2 ( f -- n ) if 1 pp-else 2 then ;
: pp3 ( f -- n ) pp-if 1 else 2 pp-then ;
T{ -1 pp1 0 pp1 -> 1 2 }T
T{ -1 pp2 0 pp2 -> 1 2 }T
T{ -1 pp3 0 pp3 -> 1 2 }T
: pp4 ( n -- 0..n ) pp-begin dup 1- dup 0= pp-until ;
: pp5 ( n -- sum ) 0 swap pp-begin dup pp-while tuck + swap 1- pp-repeat drop ;
: pp6 ( n -- n' ) begin 1+ dup 10 > if exit then pp-again ;
: pp7 ( n -- sum ) 0 swap begin dup while tuck + swap 1- pp-repeat drop ;
T{ 3 pp4 -> 3 2 1 0 }T
T{ 4 pp5 -> 10 }T
T{ 0 pp6 -> 11 }T
T{ 4 pp7 -> 10 }T

: pp-d1 ( -- i... ) 4 1 pp-do i pp-loop ;
: pp-d2 ( -- i... ) 4 1 do i pp-loop ;
: pp-d3 ( -- i... ) 4 1 pp-do i loop ;
: pp-d4 ( limit start -- i... ) pp-?do i pp-loop ;
: pp-d5 ( -- i... ) 0 10 pp-do i -3 pp-+loop ;
: pp-d6 ( -- i... ) 10 0 pp-do i 3 +loop ;
: pp-d7 ( -- n ) 0 10 0 pp-do i 5 = pp-if pp-leave pp-then 1+ pp-loop ;
: pp-d8 ( -- ... ) 3 1 pp-do 12 10 pp-do i j pp-loop pp-loop ;
: pp-d9 ( -- n ) 0 10 0 ?do i 3 = if pp-leave then 1+ loop ;
T{ pp-d1 -> 1 2 3 }T
T{ pp-d2 -> 1 2 3 }T
T{ pp-d3 -> 1 2 3 }T
T{ 3 0 pp-d4 -> 0 1 2 }T
T{ 5 5 pp-d4 -> }T
T{ pp-d5 -> 10 7 4 1 }T
T{ pp-d6 -> 0 3 6 9 }T
T{ pp-d7 -> 5 }T
T{ pp-d8 -> 10 1 11 1 10 2 11 2 }T
T{ pp-d9 -> 3 }T

: pp-c1 ( n -- m ) pp-case 1 pp-of 10 pp-endof 2 pp-of 20 pp-endof 0 swap pp-endcase ;
: pp-c2 ( n -- m ) case 1 pp-of 10 endof 2 of 20 pp-endof 0 swap endcase ;
: pp-c3 ( n -- m ) pp-case 1 of 10 endof pp-endcase ;
T{ 1 pp-c1 2 pp-c1 3 pp-c1 -> 10 20 0 }T
T{ 1 pp-c2 2 pp-c2 3 pp-c2 -> 10 20 0 }T
T{ 1 pp-c3 -> 10 }T
: pp-e ( n -- m ) dup 0< pp-if pp-exit pp-then 2* ;
T{ -1 pp-e 4 pp-e -> -1 8 }T
: pp-fact ( n -- n! ) dup 2 < if drop 1 else dup 1- pp-recurse * then ;
T{ 5 pp-fact -> 120 }T

\ Literals and strings laid down by the target.
: pp-lit postpone literal ; immediate
: pp-l1 [ 42 ] pp-lit ;
T{ pp-l1 -> 42 }T
: pp-s postpone s" ; immediate
: pp-s1 pp-s abc" ;
T{ pp-s1 nip -> 3 }T
T{ pp-s1 drop c@ pp-s1 drop 2 + c@ -> char a char c }T
: pp-c postpone c" ; immediate
: pp-c1 pp-c hello" ;
T{ pp-c1 count nip -> 5 }T
T{ pp-c1 1+ c@ -> char h }T
: pp-sq postpone s\" ; immediate
: pp-sq1 pp-sq a\tb\x41\n\"" ;
T{ pp-sq1 nip -> 6 }T
T{ pp-sq1 drop dup c@ swap 1+ dup c@ swap 1+ dup c@ swap 1+ dup c@ swap 1+ dup c@ swap 1+ c@ -> 97 9 98 65 10 34 }T
: pp-ab postpone abort" ; immediate
: pp-ab1 ( f -- ) pp-ab boom" ;
T{ 0 pp-ab1 -> }T
T{ -1 ' pp-ab1 catch nip 0<> -> -1 }T
: pp-chr postpone [char] ; immediate
: pp-chr1 pp-chr x ;
T{ pp-chr1 -> char x }T
: pp-tk postpone ['] ; immediate
: pp-tk1 pp-tk dup ;
T{ pp-tk1 -> ' dup }T
: pp-bc postpone [compile] ; immediate
: pp-imm 77 ; immediate
: pp-bc1 pp-bc pp-imm ;
T{ pp-bc1 -> 77 }T
: pp-pp postpone postpone ; immediate
: pp-plus pp-pp + ; immediate
: pp-plus1 2 3 pp-plus ;
T{ pp-plus1 -> 5 }T

\ Defining words executed by their xt run the kernel's Forth versions.
T{ 5 ' value execute pp-val -> }T
T{ pp-val -> 5 }T
T{ 9 ' to execute pp-val pp-val -> 9 }T
: pp-set-val ( n -- ) [ ' to compile, ] pp-val ;
: pp-to postpone to ; immediate
: pp-set-val2 ( n -- ) pp-to pp-val ;
T{ 11 pp-set-val2 pp-val -> 11 }T
T{ ' defer execute pp-def -> }T
: pp-seven 7 ;
T{ ' pp-seven ' pp-def defer! pp-def -> 7 }T
T{ ' pp-def defer@ -> ' pp-seven }T
: pp-is postpone is ; immediate
: pp-set-def ( xt -- ) pp-is pp-def ;
: pp-eight 8 ;
T{ ' pp-eight pp-set-def pp-def -> 8 }T
: pp-ao postpone action-of ; immediate
: pp-get-def ( -- xt ) pp-ao pp-def ;
T{ pp-get-def -> ' pp-eight }T
T{ ' action-of execute pp-def -> ' pp-eight }T
: pp-does postpone does> ; immediate
: pp-const ( x "name" -- ) create , pp-does @ ;
3 pp-const pp-three
T{ pp-three -> 3 }T
T{ ' char execute z -> char z }T
T{ 1 ' \ execute 2 3 -> }T
  -> 1 }T
T{ ' ( execute 1 2 ) 3 -> 3 }T

\ `postpone ;` in an immediate word ends whatever definition uses it: one
\ the host compiles, a :noname, and one a word began with `:` at run time.
: pp-; postpone ; ; immediate
: pp-end-host 1 2 + pp-;
T{ pp-end-host -> 3 }T
: pp-end-if ( f -- n ) if 10 else 20 then pp-;
T{ -1 pp-end-if 0 pp-end-if -> 10 20 }T
T{ :noname 5 6 * pp-; execute -> 30 }T
: pp-maker ( "name" -- ) : 40 2 + postpone literal postpone ; ;
pp-maker pp-made
T{ pp-made -> 42 }T
: pp-evaluating ( "name" -- ) : s" 7 8 *" evaluate postpone ; ;
pp-evaluating pp-evaluated
T{ pp-evaluated -> 56 }T
