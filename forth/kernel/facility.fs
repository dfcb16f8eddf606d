\ FACILITY: time (`ms` on the core's SysTick), console keys and events,
\ and the cursor by ANSI escapes.

\ --- time ------------------------------------------------------------------
\ SysTick counts the core's clock down from its reload value to 0 and
\ wraps, so a delay that counts its steps is right for whatever code runs
\ meanwhile and on every core (the emulator counts one step per instruction,
\ its one cycle). Nothing else in the kernel uses SysTick. `ms` takes it only
\ while SysTick is off, and puts it back off, reload included, afterwards;
\ one that is on already (code of the user's, perhaps with its interrupt)
\ is only read, never set: ms counts its steps across its wraps, which needs
\ a reload of at least a hundred steps (one look at it costs about thirty)
\ and CLKSOURCE on the core's clock. Reading SYST_CSR clears COUNTFLAG, so
\ code that polls COUNTFLAG while ms runs misses that wrap.
$E000E010 constant syst-csr \ ENABLE (bit 0), CLKSOURCE = the core's clock (bit 2)
: syst-rvr ( -- addr ) syst-csr 4 + ; \ the reload value, 24 bits
: syst-cvr ( -- addr ) syst-csr 8 + ; \ the current value, counting down

\ On the STM32F4 start-up code stays on the 16 MHz HSI when the crystal or
\ the PLL does not come up (forth/startup/stm32f407.s), and RCC_CFGR.SWS
\ says which one drives the core; the RP start-up code waits for its
\ crystal, so there the PLL always gives clk_sys its clock-hz.
: core-hz ( -- hz ) \ the core's clock as start-up code left it
  stm32f4? if $40023808 @ $c and 8 <> if 16000000 exit then then clock-hz ;

variable tick-last \ SysTick's value when ms last looked at it
: ticks-since ( -- n ) \ SysTick steps since tick-last, which moves on to now
  syst-cvr @ dup tick-last @ swap - swap tick-last !
  dup 0< if syst-rvr @ 1+ + then ; \ it wrapped: the steps past the reload too
: (ms) ( u -- ) \ counts u milliseconds of steps, one at a time so none overflows
  syst-cvr @ tick-last ! core-hz 1000 / 0 rot 0 ?do ( per left )
    over + begin dup 0> while ticks-since - repeat \ what it overshoots counts for the next
  loop 2drop ;
: ms ( u -- ) \ waits u milliseconds of the core's clock
  syst-csr @ dup 1 and if drop (ms) exit then
  syst-rvr @ >r >r $ffffff syst-rvr ! 0 syst-cvr ! 5 syst-csr ! \ on, no interrupt
  (ms) r> syst-csr ! r> syst-rvr ! ;

\ --- console events ------------------------------------------------------
\ The console's keys are its characters: ekey gives each byte it reads, so
\ an escape sequence (a cursor key sends ESC [ A) arrives as the separate
\ characters it is made of, each of which ekey>char passes on as one.
stm32f4? [if]
: emit? ( -- f ) uart-base @ $80 and 0<> ; \ USART_SR.TXE: the data register is free
[else]
: emit? ( -- f ) uart-base $18 + @ $20 and 0= ; \ UARTFR.TXFF clear: room in the FIFO
[then]
: ekey? ( -- f ) key? ; \ a key is waiting
: ekey ( -- x ) key ; \ the next key: one character
: ekey>char ( x -- x false | c true ) \ every key ekey gives is a character
  dup 256 u< ;

\ --- the cursor -----------------------------------------------------------
\ ANSI (ECMA-48) control sequences, which every terminal a console is read
\ on understands: CSI 2 J clears the screen, CSI row ; col H moves the
\ cursor, counting from 1 where Forth counts from 0. The sequences are made
\ as strings first, so that what page and at-xy send can be checked.
: ansi-page ( -- addr u ) s\" \e[2J\e[H" ;
: ansi-at-xy ( col row -- addr u ) \ ESC [ row+1 ; col+1 H, in decimal whatever BASE is
  base @ >r decimal
  swap <# [char] H hold 1+ 0 #s 2drop [char] ; hold 1+ 0 #s 2drop
  [char] [ hold 27 hold 0 0 #> r> base ! ;
: page ( -- ) ansi-page type ; \ clears the screen, the cursor at the top left
: at-xy ( col row -- ) ansi-at-xy type ; \ the cursor to column col of row row
