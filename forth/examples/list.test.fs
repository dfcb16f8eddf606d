\ list.fs: nodes come from the shared heap and go back to it; the heap's
\ own check holds after every change, and once the list is freed the whole
\ heap is one free block again.
include list.fs

get-order allocate-wordlist swap 1+ set-order
get-order allocate-internal-wordlist swap 1+ set-order
: heap-ok? ( -- f ) shared-heap @ heap-check ;
: heap-empty? ( -- f ) \ nothing in use: every block came back and merged
  shared-heap @ heap-stats ( free used largest blocks ) 1 = nip swap 0= and nip ;
: heap-used ( -- u ) shared-heap @ heap-stats 2drop nip ;
previous previous

T{ list-heap heap-empty? -> true }T
variable l
T{ 0 l ! l list-length l list-sum -> 0 0 }T

testing push puts a node first
T{ 7 l list-push l list-length l list-sum 0 l list-nth -> 1 7 7 }T
T{ 9 l list-push 0 l list-nth 1 l list-nth -> 9 7 }T
T{ heap-ok? heap-empty? -> true false }T
T{ l list-free l @ heap-ok? heap-empty? -> 0 true true }T

testing insert keeps ascending order
T{ 30 l list-insert 10 l list-insert 20 l list-insert 10 l list-insert -> }T
T{ 0 l list-nth 1 l list-nth 2 l list-nth 3 l list-nth -> 10 10 20 30 }T
T{ -5 l list-insert 99 l list-insert 0 l list-nth 5 l list-nth -> -5 99 }T
T{ l list-length l list-sum heap-ok? -> 6 164 true }T

testing reverse relinks the same nodes
: last-node ( head -- node ) @ begin dup node-next @ ?dup while nip repeat ;
T{ l @ heap-used l list-reverse heap-used = swap l last-node = -> true true }T
T{ l list-length l list-sum -> 6 164 }T
T{ 0 l list-nth 1 l list-nth 5 l list-nth -> 99 30 -5 }T
T{ l list-reverse 0 l list-nth 4 l list-nth -> -5 30 }T
variable e  0 e !
T{ e list-reverse e @ -> 0 }T

testing freeing returns every node
T{ l list-free l @ l list-length heap-ok? heap-empty? -> 0 0 true true }T
T{ 4000 allocate nip -> true }T
