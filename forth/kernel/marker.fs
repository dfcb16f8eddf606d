\ `marker`: a word that forgets every word defined after it, in RAM and
\ in flash.
\
\ A marker keeps, in its body, what the dictionary was just before it:
\ flash HERE (where what it forgets in flash starts), RAM HERE, LATEST and
\ the board's chain ends (flash-latest, ram-oldest, newest, latestxt), the
\ compilation wordlist, the wordlist counter, the search order, and what
\ each deferred word ran. Running it puts those back, so the words after
\ it and itself are forgotten wherever they are: a marker made in RAM also
\ forgets the words compiled to flash after it.
\
\ Flash is not given back. Programmed flash must be erased before it can be
\ programmed again, and an erase takes a whole sector: 16 to 128 KiB on the
\ STM32F4, where the sector holding the marker's HERE also holds the words
\ kept (and, low in flash, the image itself), more than RAM can hold while
\ it is rewritten; on the RP parts a 4 KiB sector, whose kept bytes a power
\ cut between erasing and reprogramming would lose. So flash HERE stays
\ where it is, the forgotten words' bytes stay behind unreachable, and
\ words made afterwards go on after them. On the board alone, a marker that
\ forgets words in flash adds a record of the flash dictionary
\ (kernel/flash.fs) with the older newest header: after a reset boot reads
\ that record back, so the forgotten words stay forgotten and the ones made
\ later link past them. The tethered build keeps the same rule, so a test
\ sees there what the board does.
\
\ RAM is given back: RAM HERE goes back to the marker's, except that the
\ buffer the board compiles to flash through stays while it is in use; the
\ RAM copy of the flash routine, if the forgotten RAM held it, is made again
\ when next needed. A deferred word that runs forgotten code runs again
\ what it ran when the marker was made.

: saved@ ( addr -- addr' x ) dup 4 + swap dict@ ; \ a marker's next saved cell
: defer-cell ( header -- addr|0 ) \ the RAM cell of a deferred word; 0 for other words
  header>xt 1- dup dict@ $68004802 = over 4 + dict@ $bf004700 = and \ templates.rs's shape
  if indirect-cell-offset + dict@ else drop 0 then ;
: defers, ( -- ) \ each deferred word's cell and the xt it runs, then a 0
  latest @ begin ?dup while dup defer-cell ?dup if dup , @ , then header-link + dict@ repeat
  0 , ;
create marker-vars \ the variables a marker's body saves, in its order
  dp , ram-dp , latestxt , newest , ram-oldest , flash-latest , latest , current , wid-counter ,

variable kept-ram   \ RAM HERE as the marker being run goes back to it
variable kept-flash \ flash HERE as that marker was made: code after it is forgotten
: forgotten? ( x -- f ) \ is x in what the marker being run forgets?
  dup kept-ram @ ram-dp @ within swap kept-flash @ dp @ within or ;
: restore-defers ( addr -- ) \ a deferred word running forgotten code runs its old xt
  begin saved@ ?dup while >r saved@ r> dup @ forgotten? if ! else 2drop then repeat drop ;
: keep-flash-ram ( -- ) \ what the board's flash programming holds in the forgotten RAM
  flash-buffer @ dup kept-ram @ u< 0= if
    flash-window @ if flash-buffer-size 272 + + kept-ram ! else drop 0 flash-buffer ! then
  else drop then
  [ stm32f4? 0= ] [if] \ the RP parts' RAM copy of their flash routine
    flash-op-ram @ kept-ram @ u< 0= if 0 flash-op-ram ! then
  [then] ;
: forget-to ( body -- ) \ what a marker does, from what its body saved
  flash-latest @ >r
  saved@ kept-flash ! saved@ kept-ram !
  dup 28 + dup dict@ 1+ cells + restore-defers keep-flash-ram
  9 2 do saved@ marker-vars i cells + @ ! loop
  saved@ dup #order ! 0 ?do saved@ i cells search-order + ! loop drop
  ram-oldest @ ?dup if flash-latest @ swap header-link + ! then \ the RAM words kept lead to flash
  kept-ram @ ram-dp !
  r> flash-latest @ <> tethered @ 0= and if buffer-ready record-flash then ;
: marker ( "name" -- ) \ name forgets itself and every word defined after it
  0 8 do marker-vars i cells + @ @ -1 +loop \ before the marker's own header
  create 9 0 do , loop
  #order @ dup , 0 ?do i cells search-order + @ , loop defers,
  does> forget-to ;
