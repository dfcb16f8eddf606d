\ The Hayes tester, as `thumbforth test` runs it: `T{ code -> results }T`.
\ Each case ends in exactly one of three counters; the host reads them after
\ every line to report failures with the file and line of the case (and
\ reads `test-state` and `test-unclosed` to catch a `T{` that never reaches
\ its `}T`, and `->` or `}T` outside a case, which raise); on a
\ failure reads the case's results and expected results (top of stack first,
\ at most 64 of each) to show them side by side.
variable test-passed
variable test-incorrect     \ right number of results, a wrong value
variable test-wrong-count   \ a different number of results
variable start-depth
variable actual-count
variable expected-count
64 cells buffer: actual-results
64 cells buffer: expected-results

variable test-state         \ 0: no case open, 1: after `T{`, 2: after `->`
variable test-unclosed      \ cases a new `T{` found still open (no `}T`)

: x-arrow-outside ( -- ) ." `->` outside a case: no `T{` before it" ;
: x-close-outside ( -- ) ." `}T` without `T{ ... ->` before it" ;

: T{ ( -- ) \ opens a case; one left open before it is counted as unclosed
  test-state @ if 1 test-unclosed +! then
  1 test-state ! depth start-depth ! ;
: -> ( ... -- ) \ saves the results so far
  test-state @ 1 <> if 0 test-state ! ['] x-arrow-outside ?raise then
  2 test-state !
  depth start-depth @ - 0 max 64 min dup actual-count !
  0 ?do actual-results i cells + ! loop ;
: }T ( ... -- ) \ saves the expected results and compares them with the saved ones
  test-state @ 2 <> if 0 test-state ! ['] x-close-outside ?raise then
  0 test-state !
  depth start-depth @ - 0 max 64 min dup expected-count !
  0 ?do expected-results i cells + ! loop
  actual-count @ expected-count @ <> if 1 test-wrong-count +! exit then
  actual-count @ 0 ?do
    actual-results i cells + @ expected-results i cells + @ <> if
      1 test-incorrect +! unloop exit
    then
  loop
  1 test-passed +! ;

: testing ( "text" -- ) \ names the cases that follow; the rest of the line is skipped
  0 parse 2drop ;
