\ %NAME%: `thumbforth build` compiles this into an image for every target in
\ thumbforth.toml; at boot the image runs `main`.

\ The greatest common divisor of two non-negative numbers, by Euclid.
: gcd ( a b -- n ) begin ?dup while tuck mod repeat ;

: main ( -- )
  ." hello from %NAME%" cr
  ." gcd of 84 and 36: " 84 36 gcd . cr ;
