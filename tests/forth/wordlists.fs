\ Wordlists and the search order: new words go to the current wordlist,
\ the search order decides which definition a name finds.

T{ forth-wordlist -> 0 }T
T{ get-current -> forth-wordlist }T
T{ get-order -> forth-wordlist 1 }T
wordlist constant wl-a
wordlist constant wl-b
T{ wl-a wl-b <> -> -1 }T
T{ wl-a 1+ wl-b = -> -1 }T
: wl-word 1 ;
wl-a set-current
: wl-word 2 ;
: wl-only-a 3 ;
forth-wordlist set-current
T{ wl-word -> 1 }T
T{ get-order wl-a swap 1+ set-order -> }T
T{ get-order -> forth-wordlist wl-a 2 }T
T{ wl-word wl-only-a -> 2 3 }T
T{ previous get-order -> forth-wordlist 1 }T
T{ wl-word -> 1 }T
T{ [defined] wl-only-a -> 0 }T
T{ also get-order -> forth-wordlist forth-wordlist 2 }T
T{ only get-order -> forth-wordlist 1 }T
T{ -1 set-order get-order -> forth-wordlist 1 }T
T{ forth-wordlist wl-a 2 set-order wl-word -> 2 }T
T{ definitions get-current -> wl-a }T
: wl-in-a 4 ;
T{ forth-wordlist set-current only -> }T
T{ [defined] wl-in-a -> 0 }T
T{ forth-wordlist wl-a 2 set-order wl-in-a -> 4 }T
T{ only forth get-order -> forth-wordlist 1 }T
T{ forth-wordlist wl-b 2 set-order get-order -> forth-wordlist wl-b 2 }T
T{ wl-word -> 1 }T
T{ only -> }T
T{ forth-wordlist wl-a 2 set-order wl-only-a only -> 3 }T
T{ s" wl-only-a" wl-a wid-find 0<> -> -1 }T
T{ s" wl-only-a" forth-wordlist wid-find -> 0 }T
T{ s" dup" find-header 0<> -> -1 }T
: wl-cname c" wl-word" ;
T{ wl-cname find nip -> -1 }T
T{ forth-wordlist wl-a 2 set-order wl-cname find only drop execute -> 2 }T

\ A header laid down after an odd number of bytes must still be aligned:
\ ARMv6-M faults on the unaligned link load when the dictionary is searched.
create wl-odd 1 c,
create wl-after-odd
T{ latest @ 3 and -> 0 }T

testing environment? answers the standard's queries
T{ s" max-n" environment? -> $7fffffff -1 }T
T{ s" MAX-U" environment? -> -1 -1 }T
T{ s" max-d" environment? -> -1 $7fffffff -1 }T
T{ s" max-ud" environment? -> -1 -1 -1 }T
T{ s" /counted-string" environment? -> 255 -1 }T
T{ s" address-unit-bits" environment? -> 8 -1 }T
T{ s" floored" environment? -> 0 -1 }T
T{ s" max-char" environment? -> 255 -1 }T
T{ s" stack-cells" environment? swap 256 > -> -1 -1 }T
T{ s" return-stack-cells" environment? swap 256 > -> -1 -1 }T
T{ s" /pad" environment? swap 84 < -> -1 0 }T
T{ s" no-such-query" environment? -> 0 }T
T{ s" " environment? -> 0 }T

testing order prints the search order and leaves the stack alone
T{ depth order depth swap - -> 1 }T

testing environment? says which word sets are whole
T{ s" core" environment? -> -1 -1 }T
T{ s" CORE-EXT" environment? -> -1 -1 }T
T{ s" string-ext" environment? -> -1 -1 }T
T{ s" tools" environment? -> 0 -1 }T
