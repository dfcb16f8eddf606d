\ marker: running the word forgets it and every word defined after it, and
\ puts back RAM HERE, the search order, the compilation wordlist, the
\ wordlist counter and what deferred words ran. `[defined]` asks the host's
\ index when tethered and the board's dictionary when resident.

testing marker forgets later words
: mk-old 1 ;
marker mk-a
: mk-old 2 ;
: mk-new 3 ;
T{ mk-old mk-new -> 2 3 }T
mk-a
T{ mk-old -> 1 }T
T{ [defined] mk-new [defined] mk-a -> 0 0 }T
T{ s" mk-new" find-header s" mk-a" find-header -> 0 0 }T
: mk-uses-old mk-old ;
T{ mk-uses-old -> 1 }T
\ The same names again, at the same addresses, are new words.
marker mk-a
: mk-new 4 ;
T{ mk-new -> 4 }T
mk-a
T{ [defined] mk-new -> 0 }T

testing marker restores RAM HERE
variable mk-here
ram-here mk-here ! marker mk-b
create mk-buf 100 allot
variable mk-var 7 mk-var !
T{ ram-here mk-here @ - 100 > -> true }T
mk-b
T{ ram-here mk-here @ = -> true }T
T{ [defined] mk-buf [defined] mk-var -> 0 0 }T

testing marker restores the search order, current and the wordlist counter
variable mk-wids
wid-counter @ mk-wids ! marker mk-c
wordlist constant mk-wl
mk-wl >order mk-wl set-current : mk-in-wl 5 ;
T{ get-current -> mk-wl }T
T{ mk-in-wl -> 5 }T
mk-c
T{ get-order -> forth-wordlist 1 }T
T{ get-current -> forth-wordlist }T
T{ wid-counter @ mk-wids @ = -> true }T
T{ [defined] mk-in-wl -> 0 }T

testing marker and deferred words
defer mk-d
: mk-one 1 ;
: mk-seven 7 ;
' mk-one is mk-d
marker mk-e
: mk-two 2 ;
' mk-two is mk-d
T{ mk-d -> 2 }T
mk-e
T{ mk-d -> 1 }T
\ A deferred word set to a word the marker keeps keeps it.
marker mk-f
: mk-three 3 ;
' mk-seven is mk-d
mk-f
T{ mk-d -> 7 }T

testing marker and words in flash
compile-to-flash
: mk-f1 11 ;
marker mk-g
: mk-f2 12 ;
compile-to-ram
T{ mk-f1 mk-f2 -> 11 12 }T
mk-g
T{ [defined] mk-f2 [defined] mk-g -> 0 0 }T
compile-to-flash : mk-f3 13 ; compile-to-ram
T{ mk-f1 mk-f3 -> 11 13 }T
\ A marker in RAM forgets the flash words after it too.
marker mk-h
compile-to-flash : mk-f4 14 ; compile-to-ram
T{ mk-f4 -> 14 }T
mk-h
T{ [defined] mk-f4 -> 0 }T
compile-to-flash : mk-f5 15 ; compile-to-ram
T{ mk-f5 -> 15 }T
\ RAM words made before a flash marker stay, those after it go.
: mk-r1 21 ;
compile-to-flash marker mk-i : mk-f6 16 ; compile-to-ram
: mk-r2 22 ;
T{ mk-r1 mk-f6 mk-r2 -> 21 16 22 }T
mk-i
T{ mk-r1 -> 21 }T
T{ [defined] mk-f6 [defined] mk-r2 [defined] mk-i -> 0 0 0 }T
compile-to-flash : mk-f7 17 ; compile-to-ram
: mk-r3 mk-f7 1+ ;
T{ mk-r1 mk-f7 mk-r3 -> 21 17 18 }T
