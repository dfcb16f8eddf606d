\ The smallest application: the image runs `main` at boot, after the init
\ chain. `cargo xtask demo` builds this for every board and boots it.
variable greetings
: init ( -- ) init 1 greetings ! ;
: squares ( n -- ) 1+ 1 ?do i dup * . loop ;
: main ( -- )
  ." thumbforth says hello " greetings @ . cr
  ." squares: " 5 squares cr ;
