\ FACILITY: `ms` counts the core's clock on SysTick and leaves SysTick as
\ it found it, the console's keys are characters, and page and at-xy send
\ ANSI escapes. `cycles` reads the instruction count the emulator runs the
\ core's clock by, so a delay is measured in the same steps SysTick counts.

testing core-hz
\ On the board start-up code set the clock the board file gives; the
\ tethered STM32F4 runs without start-up code, on its reset clock, the HSI.
: fac-clock ( -- hz ) stm32f4? tethered @ and if 16000000 else clock-hz then ;
T{ core-hz fac-clock = -> true }T

testing ms
: fac-per-ms ( -- n ) core-hz 1000 / ;
: fac-ms-cycles ( u -- n ) cycles >r ms cycles r> - ;
: fac-over ( u -- n ) \ the cycles u ms took beyond u milliseconds
  dup fac-ms-cycles swap fac-per-ms * - ;
T{ 1 fac-over 0 200 within -> true }T
T{ 3 fac-over 0 200 within -> true }T
T{ 0 fac-ms-cycles 0 200 within -> true }T
\ SysTick was off: ms puts it back off, with the reload it had.
T{ 0 syst-csr ! 1234 syst-rvr ! 1 ms syst-csr @ 7 and syst-rvr @ -> 0 1234 }T
\ SysTick running for someone else (a short reload, so it wraps many times):
\ ms counts across the wraps and leaves its reload and control as they were.
T{ 4999 syst-rvr ! 0 syst-cvr ! 5 syst-csr ! -> }T
T{ 2 fac-over 0 200 within -> true }T
T{ syst-csr @ 7 and syst-rvr @ -> 5 4999 }T
T{ 0 syst-csr ! 0 syst-rvr ! -> }T

testing emit? ekey? ekey>char
T{ emit? -> true }T
T{ ekey? key? = -> true }T
T{ 65 ekey>char -> 65 true }T
T{ 27 ekey>char -> 27 true }T
T{ 255 ekey>char -> 255 true }T
T{ 256 ekey>char -> 256 false }T

testing page at-xy
: fac-same? ( addr1 u1 addr2 u2 -- f ) \ the same bytes, case included
  rot over <> if 2drop drop false exit then
  0 ?do over i + c@ over i + c@ <> if 2drop false unloop exit then loop 2drop true ;
T{ ansi-page s\" \e[2J\e[H" fac-same? -> true }T
T{ 0 0 ansi-at-xy s\" \e[1;1H" fac-same? -> true }T
T{ 9 23 ansi-at-xy s\" \e[24;10H" fac-same? -> true }T
T{ 119 0 ansi-at-xy s\" \e[1;120H" fac-same? -> true }T
\ Decimal whatever BASE is, and BASE is left alone.
T{ hex 15 20 ansi-at-xy decimal s\" \e[33;22H" fac-same? -> true }T
T{ hex 1 2 ansi-at-xy 2drop base @ decimal -> 16 }T
T{ page 3 4 at-xy -> }T

testing ms and at-xy compiled to flash
compile-to-flash
: fac-f2ms ( -- n ) cycles 2 ms cycles swap - ;
: fac-fxy ( -- addr u ) 9 23 ansi-at-xy ;
compile-to-ram
T{ fac-f2ms 2 fac-per-ms * - 0 200 within -> true }T
T{ fac-fxy s\" \e[24;10H" fac-same? -> true }T
