\ FNV-1a (32-bit) over 4096 bytes filled by a formula: byte loads, xor and
\ multiplies.
4096 constant #bytes
#bytes buffer: bytes
: fill-bytes ( -- ) #bytes 0 do i dup * i 17 * + 3 rshift bytes i + c! loop ;
: fnv-1a ( addr u -- hash ) $811C9DC5 -rot over + swap do i c@ xor 16777619 * loop ;
: bench ( -- checksum ) fill-bytes bytes #bytes fnv-1a ;
