\ Bubble sort of 300 cells filled by a linear congruential generator.
300 constant #items
#items cells buffer: items
variable seed
: random ( -- u ) seed @ 1664525 * 1013904223 + dup seed ! ;
: fill-items ( -- ) 12345 seed ! #items 0 do random 16 rshift items i cells + ! loop ;
: sort ( -- )
  #items 1 do
    #items i - 0 do
      items i cells + dup @ over cell+ @ 2dup > if rot tuck ! cell+ ! else 2drop drop then
    loop
  loop ;
: checksum ( -- u ) 0 #items 0 do 31 * items i cells + @ + loop ;
: bench ( -- checksum ) fill-items sort checksum ;
