\ A singly linked list of numbers on the heap: nodes come from `allocate`
\ and go back with `free`, so the list grows and shrinks at run time.
\
\ A list is known by its head: a cell holding the first node's address, or
\ 0 while the list is empty. Words take the head, so they can change which
\ node comes first.

begin-structure node ( -- u ) \ bytes in a node
  field: node-next  ( node -- addr ) \ the next node, 0 at the end
  field: node-value ( node -- addr )
end-structure

get-order allocate-wordlist swap 1+ set-order
: list-heap ( -- ) \ a shared heap for the nodes, 4 KiB in RAM dictionary space
  4096 128 init-shared-heap ;
previous

: list-push ( x head -- ) \ a new node holding x becomes the first
  node allocate! ( x head node )
  over @ over node-next ! tuck swap ! node-value ! ;
: link-before ( x head -- link ) \ the link to the first node holding x or more
  begin dup @ dup if node-value @ 2 pick < else drop false then
  while @ node-next repeat nip ;
: list-insert ( x head -- ) \ keeps an ascending list ascending
  over swap link-before list-push ;
: list-length ( head -- n ) 0 swap @ begin ?dup while swap 1+ swap node-next @ repeat ;
: list-sum ( head -- n )
  0 swap @ begin ?dup while dup node-value @ rot + swap node-next @ repeat ;
: list-nth ( i head -- x ) \ the value of node i, counting from 0
  @ swap 0 ?do node-next @ loop node-value @ ;
: list-reverse ( head -- ) \ relinks the nodes in the opposite order
  dup @ 0 swap begin ?dup while dup node-next @ >r tuck node-next ! r> repeat swap ! ;
: list-free ( head -- ) \ every node back to the heap; the list is empty
  dup @ begin ?dup while dup node-next @ swap free! repeat 0 swap ! ;
: list. ( head -- ) @ begin ?dup while dup node-value @ . node-next @ repeat ;

variable numbers ( -- head )
: init ( -- ) init list-heap ;
: main ( -- )
  30 numbers list-insert 10 numbers list-insert 20 numbers list-insert
  5 numbers list-push
  ." list: " numbers list. ." sum: " numbers list-sum . cr
  numbers list-reverse ." reversed: " numbers list. cr
  numbers list-free ." freed, length " numbers list-length . cr ;
