\ The STRING word set: -trailing, search and compare on the standard's
\ cases and on the edges (empty strings, a match at the very end, a
\ needle longer than the string, chars with the high bit set), and text
\ substitution: names `replaces` defines and redefines in any case, `%%`,
\ names left as they are, results that do not fit, the room for names
\ running out, and `unescape`'s text coming back through `substitute`.

: sx-alpha s" abcdefghijklmnopqrstuvwxyz" ;
: sx-abc s" abc" ;
: sx-jklmn s" jklmn" ;
: sx-z s" z" ;
: sx-mnoq s" mnoq" ;
: sx-digits s" 12345" ;
: sx-empty s" " ;
: sx-abc-blanks s" abc  " ;
: sx-blanks s"       " ;
: sx-inner s"    a   " ;
64 buffer: sx-buf
64 buffer: sx-out
300 buffer: sx-big

testing -trailing
T{ sx-alpha -trailing -> sx-alpha }T
T{ sx-abc-blanks -trailing -> sx-abc-blanks 2 - }T
T{ sx-empty -trailing -> sx-empty }T
T{ sx-blanks -trailing -> sx-blanks drop 0 }T
T{ sx-inner -trailing -> sx-inner 3 - }T
T{ sx-blanks drop 0 -trailing -> sx-blanks drop 0 }T
T{ sx-blanks drop 2 -trailing -> sx-blanks drop 0 }T
\ Only spaces go: a tab or a NUL at the end stays.
T{ s\" ab\t" -trailing nip -> 3 }T
T{ s\" ab\z" -trailing nip -> 3 }T
T{ s\"  \x80  " -trailing nip -> 2 }T

testing search
T{ sx-alpha sx-abc search -> sx-alpha true }T
T{ sx-alpha sx-jklmn search -> sx-alpha 9 /string true }T
T{ sx-alpha sx-z search -> sx-alpha 25 /string true }T
T{ sx-alpha sx-mnoq search -> sx-alpha false }T
T{ sx-alpha sx-digits search -> sx-alpha false }T
T{ sx-alpha sx-empty search -> sx-alpha true }T
T{ sx-empty sx-empty search -> sx-empty true }T
T{ sx-empty sx-abc search -> sx-empty false }T
T{ sx-abc sx-alpha search -> sx-abc false }T
T{ sx-abc sx-abc search -> sx-abc true }T
T{ sx-alpha 23 /string sx-alpha search -> sx-alpha 23 /string false }T
\ A partial match is given up and tried again one char on.
: sx-aab s" aab" ;
: sx-at ( c-addr1 u1 c-addr2 u2 -- n flag ) \ where search leaves c-addr1 u1, and its flag
  2over drop >r search nip swap r> - swap ;
T{ s" aaab" sx-aab search rot drop -> 3 true }T
T{ s" aaab" sx-aab sx-at -> 1 true }T
\ At the very end, and running past it.
: sx-abd s" abd" ;
T{ s" abcabd" sx-abd search rot drop -> 3 true }T
T{ s" xxab" sx-abd search rot drop -> 4 false }T
T{ s" xxab" sx-abd sx-at -> 0 false }T
T{ s" abcabd" sx-abd sx-at -> 3 true }T
\ Chars compare as they are: no case folding, the high bit counts.
T{ s" ABC" sx-abc search rot drop -> 3 false }T
: sx-hi s\" \x80a" ;
T{ s\" \xff\x80a" sx-hi search rot drop -> 2 true }T
T{ s\" \x00a" sx-hi search rot drop -> 2 false }T

testing compare
T{ sx-alpha sx-alpha compare -> 0 }T
T{ sx-alpha sx-buf swap cmove -> }T
T{ sx-alpha sx-buf over compare -> 0 }T
T{ sx-alpha sx-buf 6 compare -> 1 }T
T{ sx-buf 10 sx-alpha compare -> -1 }T
T{ sx-alpha sx-buf 0 compare -> 1 }T
T{ sx-buf 0 sx-alpha compare -> -1 }T
T{ sx-alpha sx-digits compare -> 1 }T
T{ sx-digits sx-alpha compare -> -1 }T
T{ sx-empty sx-empty compare -> 0 }T
T{ sx-buf 0 sx-alpha drop 0 compare -> 0 }T
: sx-abdde s" abdde" ;
: sx-abbde s" abbde" ;
: sx-abcdf s" abcdf" ;
: sx-abcdee s" abcdee" ;
T{ sx-alpha sx-abdde compare -> -1 }T
T{ sx-alpha sx-abbde compare -> 1 }T
T{ sx-alpha sx-abcdf compare -> -1 }T
T{ sx-alpha sx-abcdee compare -> 1 }T
T{ sx-abdde sx-alpha compare -> 1 }T
T{ sx-abbde sx-alpha compare -> -1 }T
\ A shorter prefix comes first; the first difference outweighs length.
T{ sx-abc sx-abcdee compare -> -1 }T
T{ sx-abcdee sx-abc compare -> 1 }T
T{ sx-abcdf sx-abcdee compare -> 1 }T
\ Nothing past the shorter string is read, whatever follows it.
T{ s" abcz" sx-buf swap cmove -> }T
T{ sx-buf 3 s" abcd" compare -> -1 }T
T{ s" abcd" sx-buf 3 compare -> 1 }T
T{ sx-buf 3 s" abca" compare -> -1 }T
\ Unsigned chars: the high bit sorts last; case is not folded.
\ (Interpreted, s\" has one buffer, and it is the second of the two s"
\ takes turns with: strings with escapes are made in definitions.)
: sx-80 s\" \x80" ;
: sx-7f s\" \x7f" ;
: sx-a01 s\" a\x01" ;
: sx-afe s\" a\xfe" ;
: sx-feff s\" \xfe\xff" ;
: sx-aff s\" a\xff" ;
T{ sx-80 sx-7f compare -> 1 }T
T{ sx-7f sx-80 compare -> -1 }T
T{ sx-aff s" a~" compare -> 1 }T
T{ sx-a01 sx-afe compare -> -1 }T
T{ sx-afe sx-a01 compare -> 1 }T
T{ sx-feff sx-feff 1- compare -> 1 }T
T{ sx-feff sx-buf swap cmove sx-feff sx-buf 2 compare -> 0 }T
T{ s" a" s" A" compare -> 1 }T

testing replaces substitute
: sx-subst ( addr u -- addr' u' n ) sx-out 64 substitute ;
: sx-is ( addr u n c-addr u' -- n f ) \ the count, and whether the result reads c-addr u'
  rot >r compare 0= r> swap ;
T{ s" ab" s" sx1" replaces -> }T
T{ s" cd" s" sx2" replaces -> }T
T{ s" %sx1%" sx-subst s" ab" sx-is -> 1 true }T
T{ s" x%sx1%y%sx2%z" sx-subst s" xabycdz" sx-is -> 2 true }T
T{ s" %sx2%%sx1%%sx2%" sx-subst s" cdabcd" sx-is -> 3 true }T
T{ s" %SX1%" sx-subst s" ab" sx-is -> 1 true }T
T{ s" sx1" sx-subst s" sx1" sx-is -> 0 true }T
T{ s" " sx-subst rot drop -> 0 0 }T
T{ s" " sx-subst 2drop -> sx-out }T
\ %% gives one % and is no substitution.
T{ s" 100%% sure" sx-subst s" 100% sure" sx-is -> 0 true }T
T{ s" %%%sx1%%%" sx-subst s" %ab%" sx-is -> 1 true }T
T{ s" %%%%" sx-subst s" %%" sx-is -> 0 true }T
\ A name nobody defined is kept, delimiters and all, and the scan goes
\ on after its closing %; a % with no partner stays as it is.
T{ s" %sx-undefined%" sx-subst s" %sx-undefined%" sx-is -> 0 true }T
T{ s" a%sx-undefined%sx1%" sx-subst s" a%sx-undefined%sx1%" sx-is -> 0 true }T
T{ s" 50%" sx-subst s" 50%" sx-is -> 0 true }T
T{ s" %sx1" sx-subst s" %sx1" sx-is -> 0 true }T
T{ s" %" sx-subst s" %" sx-is -> 0 true }T
T{ s" %sx1%%" sx-subst s" ab%" sx-is -> 1 true }T
\ The substituted text is not scanned again.
T{ s" %sx1%" s" sx3" replaces -> }T
T{ s" <%sx3%>" sx-subst s" <%sx1%>" sx-is -> 1 true }T
\ An empty text removes the name's place.
T{ s" " s" sx-nothing" replaces -> }T
T{ s" a%sx-nothing%b" sx-subst s" ab" sx-is -> 1 true }T
\ Redefining, in another case, changes the one name: its record is
\ replaced, not added to (12 bytes become 16, then 12 stay 12).
T{ substitutions-used @ s" new text" s" SX1" replaces substitutions-used @ - -> -4 }T
T{ s" %sx1%" sx-subst s" new text" sx-is -> 1 true }T
T{ s" %sx2%" sx-subst s" cd" sx-is -> 1 true }T
T{ substitutions-used @ s" ab" s" Sx2" replaces substitutions-used @ - -> 0 }T
T{ s" %sx1%-%sx2%-%sx3%" sx-subst s" new text-ab-%sx1%" sx-is -> 3 true }T
\ Both strings are copied: their buffers can be used again.
: sx-copied s" copied" ;
T{ sx-copied sx-buf swap cmove -> }T
T{ s" sx4" sx-buf 8 + swap cmove -> }T
T{ sx-buf 6 sx-buf 8 + 3 replaces -> }T
T{ s" zzzzzzzzzzz" sx-buf swap cmove -> }T
T{ s" %sx4%" sx-subst s" copied" sx-is -> 1 true }T

testing substitute results that do not fit
T{ s" abcdef" sx-out 4 substitute nip nip -> -78 }T
T{ s" abcd" sx-out 4 substitute s" abcd" sx-is -> 0 true }T
T{ s" %sx2%%sx2%" sx-out 4 substitute s" abab" sx-is -> 2 true }T
T{ s" %sx2%%sx2%" sx-out 3 substitute nip nip -> -78 }T
T{ s" %sx1%" sx-out 7 substitute nip nip -> -78 }T
T{ s" %%" sx-out 0 substitute nip nip -> -78 }T
T{ s" " sx-out 0 substitute rot drop -> 0 0 }T
T{ s" %sx-undefined%" sx-out 13 substitute nip nip -> -78 }T
\ Nothing is written past the buffer.
T{ 99 sx-out 4 + c! s" abcdefgh" sx-out 4 substitute nip nip sx-out 4 + c@ -> -78 99 }T
T{ 99 sx-out 4 + c! s" %sx1%" sx-out 4 substitute nip nip sx-out 4 + c@ -> -78 99 }T
\ The standard makes the same buffer for both an error.
T{ s" abc" sx-out swap cmove -> }T
T{ sx-out 3 sx-out 64 substitute nip -> sx-out -78 }T

testing unescape
T{ s" a%b%%c" sx-buf unescape s" a%%b%%%%c" compare -> 0 }T
T{ s" a%b%%c" sx-buf unescape drop -> sx-buf }T
T{ s" " sx-buf unescape nip -> 0 }T
T{ s" abc" sx-buf unescape s" abc" compare -> 0 }T
T{ s" %" sx-buf unescape s" %%" compare -> 0 }T
\ What unescape makes, substitute turns back into the text, defined
\ names and all.
: sx-tricky s" 100% %sx1% %% end%" ;
T{ sx-tricky sx-buf unescape sx-subst sx-tricky sx-is -> 0 true }T
T{ sx-tricky sx-buf unescape nip -> 24 }T
: sx-percents s" %%%" ;
T{ sx-percents sx-buf unescape sx-subst sx-percents sx-is -> 0 true }T

testing replaces when its room is full
\ Names sxfA, sxfB, ... with 26-char texts until one does not fit: the
\ names before it keep their texts, the one that failed is not defined.
variable sx-count
: sx-name ( i -- addr u ) \ sxfA, sxfB, ...
  [char] A + sx-buf 3 + c! s" sxf" sx-buf swap cmove sx-buf 4 ;
: sx-fill ( -- exc ) \ defines names until replaces raises
  0 sx-count ! begin
    sx-alpha sx-count @ sx-name ['] replaces try ?dup 0=
  while 1 sx-count +! repeat >r 2drop 2drop r> ;
T{ sx-fill -> ' x-substitutions-full }T
T{ sx-count @ 0> -> true }T
T{ substitutions-used @ substitutions-size > -> false }T
T{ s" <%sxfA%>" sx-subst s" <abcdefghijklmnopqrstuvwxyz>" sx-is -> 1 true }T
: sx-pct-name ( i -- addr u ) \ %sxfA%, %sxfB%, ... in sx-big
  sx-name sx-big 1+ swap move [char] % sx-big c! [char] % sx-big 5 + c! sx-big 6 ;
T{ sx-count @ 1- sx-pct-name sx-subst nip nip -> 1 }T
T{ sx-count @ sx-pct-name sx-subst sx-big 6 sx-is -> 0 true }T
\ Redefining a name reuses its own room; a text too long for the room
\ left raises and keeps the old text.
T{ sx-abc s" sxfA" replaces -> }T
T{ sx-alpha s" sxfA" replaces -> }T
: sx-replaces ( c-addr1 u1 c-addr2 u2 -- exc|0 ) \ what replaces raised, if anything
  ['] replaces try dup if >r 2drop 2drop r> then ;
T{ sx-big 300 s" sxfA" sx-replaces -> ' x-substitutions-full }T
T{ s" %sxfA%" sx-subst s" abcdefghijklmnopqrstuvwxyz" sx-is -> 1 true }T
T{ sx-big substitutions-size 1+ s" sx-long" sx-replaces -> ' x-substitutions-full }T
T{ s" %sx-long%" sx-subst s" %sx-long%" sx-is -> 0 true }T
\ The board is left with no substitutions, as it boots.
0 substitutions-used !
T{ s" %sx1%" sx-subst s" %sx1%" sx-is -> 0 true }T

testing the string words compiled to flash
compile-to-flash
: sx-fcompare ( -- n ) s" abc" s" abd" compare ;
: sx-fsearch ( -- u f ) s" flash words" s" words" search rot drop ;
: sx-ftrailing ( -- u ) s" hi   " -trailing nip ;
: sx-fsubstitute ( -- n )
  s" v1" s" sxflash" replaces s" [%sxflash%]" sx-big 64 substitute nip nip ;
compile-to-ram
T{ sx-fcompare sx-fsearch sx-ftrailing -> -1 5 true 2 }T
T{ sx-fsubstitute sx-big 4 s" [v1]" compare -> 1 0 }T
0 substitutions-used !
