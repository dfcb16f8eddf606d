\ Naive string search with early exit: 8-byte needles taken from a
\ 1024-byte haystack of four letters, each found at its first occurrence.
1024 constant #hay
8 constant #needle
#hay buffer: hay
variable seed
: random ( -- u ) seed @ 1664525 * 1013904223 + dup seed ! ;
: fill-hay ( -- ) 7 seed ! #hay 0 do random 24 rshift 3 and [char] a + hay i + c! loop ;
: match? ( addr needle -- flag ) \ do the #needle bytes at addr and needle agree?
  true #needle 0 do
    2 pick i + c@  2 pick i + c@  <> if drop false leave then
  loop nip nip ;
: find-needle ( needle -- pos ) \ the first position of the needle, or -1
  #hay #needle - 1+ 0 do hay i + over match? if drop i unloop exit then loop drop -1 ;
: bench ( -- checksum )
  fill-hay 0 #hay #needle - 0 do 31 * hay i + find-needle + 150 +loop ;
