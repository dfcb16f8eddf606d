\ Sieve of Eratosthenes over 8190 flags: byte loads, stores and loops.
8190 constant sieve-size
sieve-size buffer: flags
: primes ( -- n )
  flags sieve-size 1 fill
  0 sieve-size 0 do
    flags i + c@ if
      i 2* 3 + dup i + begin dup sieve-size < while 0 over flags + c! over + repeat 2drop
      1+
    then
  loop ;
: bench ( -- checksum ) primes ;
