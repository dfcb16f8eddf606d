\ LOCALS: `{: ... :}`, zeptoforth's `{ ... }`, and `(local)`, for the board
\ compiling on its own (the host compiles locals itself, the same way), and
\ DOUBLE's `2value`.
\
\ A definition's locals are a frame on the return stack, made where they are
\ declared: one `ldr` from SP reads a local, and `catch` already puts SP back
\ when an exception leaves a word, frame and all, so no other word needs to
\ know about locals. The arguments are pushed from the top of the stack down,
\ so the first is lowest; the undefined ones go below them. Above the frame
\ the board's words keep two more cells: the frame's size and the address of
\ (locals-exit), which the `pop {pc}` of `exit` and `;` returns through, so
\ those words need no change. A local's offset from SP counts the do-loop
\ frames open where it is used (the do-sys items on the control-flow stack)
\ and the cells `>r`, `unloop` and the like moved: while a definition has
\ locals, those words are shadowed by headers that follow them, as the
\ host's compiler follows them in the code it compiles.
\
\ The names are headers in locals-space, linked in front of LATEST in the
\ first wordlist of the search order, so find-header finds them first; `;`
\ (and the next `:` after an error) puts LATEST back and they are gone.

\ --- the frame at run time ------------------------------------------------
code (locals-exit) ( R: x*n n -- ) \ where `exit` returns in a word with locals: drops them
    pop {r0}
    lsls r0, r0, #2
    add sp, r0
    pop {pc}
end-code

\ --- the names while a definition is compiled -----------------------------
16 constant max-locals \ the standard's minimum; each name costs a header in locals-space
768 constant locals-room
locals-room buffer: locals-space \ the headers of the locals of the definition compiled now
variable locals-ptr    \ the next free byte of locals-space
variable locals-n      \ locals declared so far in this definition
variable locals-args   \ how many of them take their values from the stack
variable locals-latest \ LATEST before the first local's header; 0 when no local is found
variable locals-done   \ the frame is made: no second list in the same definition
variable paren-locals  \ declared by `(local)`: the first takes the top of the stack
variable list-part     \ in a list: 0 names from the stack, 1 after |, 2 after -- (a comment)
variable board-colon   \ nonzero from the board's `:` or `:noname` to its `;`: a :noname's xt
variable locals-above  \ cells `>r` and the like left above the frame, do-loop frames apart
create rstack-words ( -- addr ) \ each shadowed word's xt and its effect on the return stack
  ' >r , 1 , ' r> , -1 , ' 2>r , 2 , ' 2r> , -2 , ' rdrop , -1 , ' unloop , -3 ,
32 constant first-shadow \ a header's number from here up is a shadow, 38 `exit`; below, a local

: x-locals ( -- ) ." locals: one list per definition, outside control structures, of at most 16 names" ;
: x-locals-room ( -- ) ." locals: the names do not fit locals-space" ;
: x-no-close ( -- ) ." locals: the list does not end on its line" ;
: x-locals-host ( -- ) ." locals: in a definition the host compiles, the host reads the list" ;

: in-space? ( addr -- f ) locals-space dup locals-room + within ;
: (unlink-locals) ( -- ) \ the headers in locals-space leave the chain
  latest @ in-space? if locals-latest @ latest ! exit then
  \ after an error in the definition, words made since link to them: past them
  latest @ begin dup locals-latest @ <> over 0<> and while
    dup header-link + dict@ in-space? if locals-latest @ swap header-link + ! exit then
    header-link + dict@
  repeat drop ;
: (end-locals) ( -- ) \ the locals of the definition are found no more
  locals-latest @ if (unlink-locals) then
  0 locals-latest ! 0 locals-n ! 0 locals-args ! 0 locals-done ! 0 paren-locals !
  0 locals-above ! \ run by `:` and `:noname` (interpreting), and by `;`
  state @ if 0 else here aligned 1 or then board-colon ! ;
' (end-locals) is end-locals
: board-def? ( -- f ) \ is the definition in progress the board's, not one the host compiles?
  board-colon @ 0= if false exit then \ (after an error the flag stays: the xt tells)
  latestxt @ dup board-colon @ = swap newest @ header>xt = or ;

: local? ( xt -- f ) \ is xt the code of a local's header?
  dup in-space? if 1- 4 + c@ first-shadow < exit then drop false ;
: do-frames ( x -- x n ) \ do-loop frames open here: the do-sys on the control-flow stack below x
  0 depth colon-depth @ - 2 - 0 max 0 ?do
    i 2 + pick dup cs-do = swap cs-?do = or if 1+ then
  loop ;
: (local-offset) ( slot -- offset ) \ the local's address above SP, past (locals-exit) and the size
  do-frames 3 * + locals-above @ + 2 + cells ;
: (local,) ( n -- ) \ a local's value (push TOS; ldr r6, [sp, #offset]), or a shadowed word
  dup first-shadow < if (local-offset) push-tos, 2 rshift $9e00 or h, exit then
  first-shadow - dup 6 = if drop 0 locals-above ! $bd00 h, exit then \ exit: unreachable after
  2* cells rstack-words + dup cell+ @ locals-above +! @ compile, ;
: (local-store,) ( slot -- ) \ compiles `to`: str r6, [sp, #offset]; pop TOS
  (local-offset) 2 rshift $9600 or h, $cf40 h, ;

: (local-code) ( d addr -- ) \ push TOS; movs r6, #d; ldr r0, [pc, #4]; bx r0; nop; (local,)
  thumb-2? if $f847 over h! $6d04 else $3f04 over h! $603e then over 2 + h!
  swap $2600 or over 4 + h! $4801 over 6 + h! $4700 over 8 + h! $bf00 over 10 + h!
  ['] (local,) swap 12 + ! ;
: first-wid ( -- wid ) \ the wordlist the search order searches first
  get-order ?dup if 1- 0 ?do nip loop else forth-wordlist then ;
: (in-space) ( addr u n -- ) \ a header in locals-space, found first until `;`
  >r dup locals-ptr @ + header-name + 20 + locals-space locals-room + u>
  if ['] x-locals-room ?raise then
  locals-ptr @ >r
  latest @ r@ header-link + !
  [ flag-visible flag-immediate or flag-compile-only or ] literal r@ header-flags + h!
  first-wid r@ header-wid + h!
  dup r@ header-name + c! r@ header-name + 1+ swap move
  r> r> over header>xt 1- tuck (local-code) 16 + locals-ptr ! latest ! ;
: (shadows) ( -- ) \ the words that move the return stack, followed while there are locals
  s" >r" 32 (in-space) s" r>" 33 (in-space) s" 2>r" 34 (in-space) s" 2r>" 35 (in-space)
  s" rdrop" 36 (in-space) s" unloop" 37 (in-space) s" exit" 38 (in-space) ;
: (declare) ( addr u -- ) \ a header for the next local
  locals-done @ locals-n @ max-locals = or if ['] x-locals ?raise then
  locals-n @ 0= if
    depth colon-depth @ 2 + <> if ['] x-locals ?raise then
    latest @ locals-latest ! locals-space locals-ptr ! 0 locals-above ! (shadows)
  then
  locals-n @ (in-space) 1 locals-n +! ;

: slot-of ( d -- slot ) \ the frame cell of the local declared d-th
  paren-locals @ if locals-args @ 1- swap - exit then
  dup locals-args @ < if locals-n @ locals-args @ - + else locals-args @ - then ;
: (make-frame) ( -- ) \ args from the stack, the top first; room for the rest; the way out
  locals-args @ 0 ?do $b440 h, $cf40 h, loop \ push {r6}; ldmia r7!, {r6}
  locals-n @ locals-args @ - ?dup if $b080 or h, then \ sub sp, #4*n
  ['] (locals-exit) lit, locals-n @ $2000 or h, $b401 h, $b440 h, $cf40 h, ;
: (finish-locals) ( -- ) \ each name's frame cell known, the frame made
  locals-n @ 0= if exit then
  latest @ begin dup locals-latest @ <> while
    dup header>xt 1- 4 + dup c@ dup first-shadow < if slot-of then swap c! header-link + @
  repeat drop
  (make-frame) true locals-done ! ;

: (list-word) ( addr u -- ) \ one word of a locals list
  list-part @ 2 = if 2drop exit then
  2dup s" --" name= if 2drop 2 list-part ! exit then
  2dup s" |" name= if 2drop 1 list-part ! exit then
  list-part @ 0= if 1 locals-args +! then (declare) ;
: (locals-list) ( close-addr close-u -- ) \ the names up to the closing word, on this line
  board-def? 0= if ['] x-locals-host ?raise then
  0 list-part ! 2>r
  begin parse-name dup 0= if 2drop 2r> 2drop ['] x-no-close ?raise then
    2dup 2r@ name= 0= while (list-word)
  repeat 2drop 2r> 2drop (finish-locals) ;
: {: ( "names :}" -- ) \ locals: `{: a b | c -- d :}` takes b from the top, a below; c starts undefined
  s" :}" (locals-list) ; immediate compile-only
: { ( "names }" -- ) \ zeptoforth's spelling of `{:`
  s" }" (locals-list) ; immediate compile-only
: (local) ( c-addr u -- ) \ one more local, the first declared taking the top; `0 0 (local)` ends them
  board-def? 0= tethered @ and if \ the host compiles: its own `(local)` takes it
    state @ >r 0 state ! s" (local)" evaluate r> state ! exit
  then
  ?dup if true paren-locals ! 1 locals-args +! (declare) exit then
  drop (finish-locals) ;
: locals| ( "name ... |" -- ) \ LOCALS EXT's older list: the first name takes the top
  begin parse-name dup 0= if 2drop ['] x-no-close ?raise then
    2dup s" |" name= 0= while (local)
  repeat 2drop 0 0 (local) ; immediate compile-only

\ --- 2value ---------------------------------------------------------------
\ The shape of crates/meta/src/templates.rs: push TOS; ldr r0, =cells;
\ ldr r6, [r0, #4]; push TOS; ldr r6, [r0]; bx lr; then the cells' address,
\ x2 at it and x1 after, as `2!` leaves them.
16 constant two-value-cell-offset
: 2value ( x1 x2 "name" -- ) \ a word pushing x1 x2 until `to` changes them
  parse-name header, push-tos, $4802 h, $6846 h, push-tos, $6806 h, $4770 h,
  here 0 , ram-align ram-here 8 ram-allot tuck swap >dict! ! 2! ;
: 2value? ( xt -- f ) \ was xt made by 2value?
  1- dup 4 + dict@ $68464802 = swap 12 + dict@ $47706806 = and ;

: x-local-interpreted ( -- ) ." a local is only known inside its definition" ;
: (to-other) ( xt -- xt false | true ) \ `to` of a local or of a 2value
  dup local? if
    state @ 0= if ['] x-local-interpreted ?raise then
    1- 4 + c@ (local-store,) true exit
  then
  dup 2value? if
    1- two-value-cell-offset + dict@ state @ if lit, postpone 2! else 2! then true exit
  then false ;
' (to-other) is to-other

get-current environment-wordlist set-current
max-locals constant #locals \ the board's limit; the host takes more
set-current
