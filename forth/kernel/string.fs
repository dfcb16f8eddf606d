\ The STRING word set: comparing, searching, trimming, and text
\ substitution with the names `replaces` defines.

\ --- comparing, searching, trimming -------------------------------------
\ Code words in the Thumb-1 subset: these are the inner loops of every
\ parser and table lookup written on top of them, and a byte loop in
\ assembly is a fraction of the Forth one's size and time.
code compare ( c-addr1 u1 c-addr2 u2 -- n ) \ -1, 0 or 1: by unsigned chars, then by length
    ldmia r7!, {r0, r1, r2}     @ r0 = c-addr2, r1 = u1, r2 = c-addr1, r6 = u2
    push {r4, r5}
    movs r3, r1                 @ r3 = the shorter length
    cmp r1, r6
    bls 1f
    movs r3, r6
1:  cmp r3, #0
    beq 3f
2:  ldrb r4, [r2]
    ldrb r5, [r0]
    cmp r4, r5
    bne 4f                      @ the first difference decides
    adds r2, #1
    adds r0, #1
    subs r3, #1
    bne 2b
3:  cmp r1, r6                  @ one is a prefix of the other: the shorter first
4:  beq 8f
    sbcs r6, r6                 @ -1 when below, 0 when above
    adds r6, r6, r6
    adds r6, #1                 @ -1 or 1
    b 9f
8:  movs r6, #0
9:  pop {r4, r5}
end-code
code search ( c-addr1 u1 c-addr2 u2 -- c-addr3 u3 flag ) \ u3 from the first match on, or the string and false
    ldr r0, [r7]                @ r0 = c-addr2, r6 = u2
    ldr r1, [r7, #4]            @ r1 = u1 left from r2 on
    ldr r2, [r7, #8]            @ r2 = where the needle is tried
    adds r7, #4
    push {r4, r5}
1:  cmp r1, r6                  @ no room left for the needle: not found
    bcc 8f
    movs r3, #0
2:  cmp r3, r6                  @ all of the needle matched (at once when it is empty)
    beq 7f
    ldrb r4, [r2, r3]
    ldrb r5, [r0, r3]
    adds r3, #1
    cmp r4, r5
    beq 2b
    adds r2, #1
    subs r1, #1
    b 1b
7:  str r1, [r7]
    str r2, [r7, #4]
    movs r6, #0
    mvns r6, r6
    b 9f
8:  movs r6, #0                 @ the string as it came
9:  pop {r4, r5}
end-code
code -trailing ( c-addr u1 -- c-addr u2 ) \ without the spaces at its end
    ldr r0, [r7]
1:  cmp r6, #0
    beq 9f
    subs r1, r6, #1
    ldrb r2, [r0, r1]
    cmp r2, #32
    bne 9f
    movs r6, r1
    b 1b
9:
end-code

\ --- substitution -------------------------------------------------------
\ The names `replaces` defines and their texts are records in one RAM
\ buffer of 512 bytes, so they work on a board alone and cost no flash
\ however often a name is redefined. A record is a halfword of name
\ length, a halfword of text length, the name, the text, padded to a cell;
\ redefining a name removes its record and appends a new one. Names match
\ in any case, as the dictionary's do. Boot clears RAM, so a board starts
\ with no substitutions. A name holding `%` is kept but can never match.
512 constant substitutions-size ( -- u ) \ bytes for every name and text together
substitutions-size buffer: substitutions
variable substitutions-used \ bytes of records in the buffer; 0 at boot
: x-substitutions-full ( -- ) ." no room for the substitution: names and texts share 512 bytes" ;
: (subst-end) ( -- addr ) \ just past the last record
  substitutions substitutions-used @ + ;
: (rec-name) ( rec -- addr u ) dup cell+ swap h@ ;
: (rec-text) ( rec -- addr u ) dup (rec-name) + swap 2 + h@ ;
: (rec-next) ( rec -- rec' ) (rec-text) + aligned ;
: (subst-find) ( addr u -- rec | 0 ) \ the record of a name, in any case
  (subst-end) >r substitutions
  begin dup r@ <> while
    >r 2dup r@ (rec-name) name= if 2drop r> rdrop exit then
    r> (rec-next)
  repeat rdrop drop 2drop 0 ;
: (subst-remove) ( rec -- ) \ moves the records after it down over it
  dup (rec-next) 2dup - substitutions-used +!
  swap (subst-end) over - cmove ;
: (subst-add) ( c-addr1 u1 c-addr2 u2 -- ) \ a record for name c-addr2 u2 at the end
  (subst-end) >r
  dup r@ h! 2 pick r@ 2 + h!
  r@ cell+ swap dup >r move
  r> r@ cell+ + swap move
  r> (rec-next) substitutions - substitutions-used ! ;
: replaces ( c-addr1 u1 c-addr2 u2 -- ) \ substitute puts text c-addr1 u1 for %name%
  2dup (subst-find) >r
  2over nip over + cell+ aligned                  \ the new record's size, against
  substitutions-size substitutions-used @ -       \ the room once the old one is gone
  r@ if r@ (rec-next) r@ - + then
  u> if rdrop ['] x-substitutions-full ?raise then
  r> ?dup if (subst-remove) then (subst-add) ;

\ substitute writes through these, so the scanning words need not carry
\ the result buffer; a negative count ends the scan.
variable subst-out   \ where the next byte of the result goes
variable subst-end   \ just past the result buffer
variable subst-count \ substitutions made, or -78 (the standard's SUBSTITUTE code) on an error
code (to-%) ( addr u -- n ) \ the characters before the first %, u when there is none
    ldmia r7!, {r0}
    movs r1, #0
1:  cmp r1, r6
    beq 9f
    ldrb r2, [r0, r1]
    cmp r2, #37
    beq 8f
    adds r1, #1
    b 1b
8:  movs r6, r1
9:
end-code
: (subst-type) ( addr u -- ) \ appends to the result; one that does not fit is the error
  subst-out @ over + subst-end @ u> if 2drop -78 subst-count ! exit then
  subst-out @ over subst-out +! swap move ;
: (subst-name) ( addr u -- addr' u' ) \ at a %: the text of %name%, one % for %%, or as it is
  over 1+ over 1- (to-%)          ( addr u n ) \ n: the characters up to the next %
  2dup 1+ = if drop (subst-type) 0 0 exit then    \ a % with none after it stays
  ?dup 0= if s" %" (subst-type) 2 /string exit then
  >r over 1+ r@ (subst-find) ?dup if
    1 subst-count +! (rec-text) (subst-type)
  else
    over r@ 2 + (subst-type)                      \ not a name: kept, % and all
  then r> 2 + /string ;
: substitute ( c-addr1 u1 c-addr2 u2 -- c-addr2 u3 n ) \ n substitutions made, or -78
  over + subst-end ! dup subst-out ! 0 subst-count !
  >r over r@ = if -78 subst-count ! then          \ the same buffer both ways is an error
  begin dup subst-count @ 0< 0= and while
    over c@ [char] % = if (subst-name) else
      2dup (to-%) >r over r@ (subst-type) r> /string
    then
  repeat 2drop
  r> subst-out @ over - subst-count @ ;
code unescape ( c-addr1 u1 c-addr2 -- c-addr2 u2 ) \ doubles every %, so substitute gives it back
    ldmia r7!, {r0, r1}         @ r0 = u1, r1 = c-addr1, r6 = c-addr2
    movs r2, r6                 @ r2 = where the next byte goes
    adds r0, r0, r1             @ r0 = the end of the input
1:  cmp r1, r0
    beq 9f
    ldrb r3, [r1]
    adds r1, #1
    strb r3, [r2]
    adds r2, #1
    cmp r3, #37
    bne 1b
    strb r3, [r2]
    adds r2, #1
    b 1b
9:  subs r7, #4
    str r6, [r7]
    subs r6, r2, r6
end-code
