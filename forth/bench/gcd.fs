\ Sum of gcd(i, j) for i, j in 1..50 by Euclid's algorithm: division-heavy.
: gcd ( a b -- n ) begin dup while tuck mod repeat drop ;
: bench ( -- checksum ) 0 51 1 do 51 1 do j i gcd + loop loop ;
