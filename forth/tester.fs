\ The Hayes tester, as `thumbforth test` runs it: `T{ code -> results }T`.
\ Each case ends in exactly one of three counters; the host reads them after
\ every line to report failures with the file and line of the case.
variable test-passed
variable test-incorrect     \ right number of results, a wrong value
variable test-wrong-count   \ a different number of results
variable actual-depth
variable start-depth
create actual-results 64 cells allot

: T{ ( -- ) depth start-depth ! ;
: -> ( ... -- ) \ saves the results so far
  depth dup actual-depth !
  start-depth @ > if depth start-depth @ - 0 do actual-results i cells + ! loop then ;
: }T ( ... -- ) \ compares the expected results with the saved ones
  depth actual-depth @ <> if
    1 test-wrong-count +! depth start-depth @ - 0 max 0 ?do drop loop exit
  then
  depth start-depth @ > if
    depth start-depth @ - 0 do
      actual-results i cells + @ <> if
        1 test-incorrect +! depth start-depth @ - 0 max 0 ?do drop loop unloop exit
      then
    loop
  then
  1 test-passed +! ;

: testing ( "text" -- ) \ names the cases that follow; the rest of the line is skipped
  0 parse 2drop ;
