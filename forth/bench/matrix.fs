\ Product of two 16x16 cell matrices filled by a formula: nested loops,
\ multiplies and strided loads.
16 constant n
n n * cells constant matrix-size
matrix-size buffer: ma
matrix-size buffer: mb
matrix-size buffer: mc
: element ( matrix row col -- addr ) swap n * + cells + ;
: fill-matrices ( -- )
  n 0 do
    n 0 do
      j i 2* + 1+ ma j i element !
      j 3 * i - mb j i element !
    loop
  loop ;
: dot ( row-addr col-addr -- n ) \ a row of ma by a column of mb
  0 n 0 do 2 pick i cells + @  2 pick i n * cells + @  * + loop nip nip ;
: multiply ( -- )
  n 0 do
    n 0 do ma j 0 element mb 0 i element dot mc j i element ! loop
  loop ;
: checksum ( -- u ) 0 n n * 0 do 31 * mc i cells + @ + loop ;
: bench ( -- checksum ) fill-matrices multiply checksum ;
