\ `thumbforth test` runs each `T{ code -> results }T` line on an emulated
\ board and reports the cases that fail with their file and line.
require ../app.fs

testing gcd
T{ 84 36 gcd -> 12 }T
T{ 36 84 gcd -> 12 }T
T{ 17 5 gcd -> 1 }T
T{ 7 0 gcd -> 7 }T
T{ 0 7 gcd -> 7 }T
T{ 9 9 gcd -> 9 }T
