\ CRC-32 (IEEE, reflected, bitwise) of 1024 bytes: shifts, masks, branches.
1024 constant #bytes
#bytes buffer: data
: fill-data ( -- ) #bytes 0 do i 7 * 3 + data i + c! loop ;
: crc-byte ( crc c -- crc' )
  xor 8 0 do dup 1 and if 1 rshift $EDB88320 xor else 1 rshift then loop ;
: crc32 ( addr u -- crc ) $FFFFFFFF -rot 0 do dup i + c@ rot swap crc-byte swap loop drop invert ;
: bench ( -- checksum ) fill-data data #bytes crc32 ;
