\ Blink: toggles the board's LED with a busy delay between toggles.
\
\ The build names the chip (rp2040?, rp2350?, stm32f4?) and the LED from the
\ board file (led-port, led-pin), so one source picks each chip's registers
\ with [if]. On the RP chips the pin is handed to the SIO, whose GPIO
\ registers sit at different offsets on the two chips; on the STM32F4 the
\ port's clock comes first, then the pin becomes an output and BSRR drives it.
\ `main` blinks five times; on the emulator `thumbforth run` shows nothing,
\ and the emulator's GPIO history (Emulator::gpio_events) shows the toggles.

1 led-pin lshift constant led-mask ( -- mask ) \ the LED's bit in its port

rp2040? rp2350? or [if]

rp2040? [if]
$4000c000 constant resets      \ RESETS: RESET at +0, RESET_DONE at +8
1 5 lshift 1 8 lshift or constant gpio-resets  \ IO_BANK0 and PADS_BANK0
$40014000 constant io-bank0
$4001c000 constant pads-bank0
$d0000010 constant sio-out
$d0000014 constant sio-out-set
$d0000018 constant sio-out-clr
$d000001c constant sio-out-xor
$d0000020 constant sio-oe
$d0000024 constant sio-oe-set
[else]
$40020000 constant resets
1 6 lshift 1 9 lshift or constant gpio-resets
$40028000 constant io-bank0
$40038000 constant pads-bank0
$d0000010 constant sio-out
$d0000018 constant sio-out-set
$d0000020 constant sio-out-clr
$d0000028 constant sio-out-xor
$d0000030 constant sio-oe
$d0000038 constant sio-oe-set
[then]
$d0000004 constant sio-in
5 constant func-sio            \ GPIOn_CTRL.FUNCSEL: the pin follows SIO
$1000 constant xor-alias       \ register aliases of the RP peripherals
$2000 constant set-alias
$3000 constant clr-alias
$80 constant pad-od  $40 constant pad-ie  $100 constant pad-iso

: led-ctrl ( -- addr ) io-bank0 led-pin 8 * + 4 + ; \ GPIOn_CTRL
: led-status ( -- addr ) io-bank0 led-pin 8 * + ; \ GPIOn_STATUS
: led-pad ( -- addr ) pads-bank0 led-pin 4 * + 4 + ; \ PADS_BANK0.GPIOn
: led-init ( -- ) \ the pin out of reset, to SIO, its pad connected, dark
  gpio-resets resets clr-alias + !
  begin resets 8 + @ gpio-resets and gpio-resets = until
  led-mask sio-out-clr !
  func-sio led-ctrl !
  pad-od pad-iso or led-pad clr-alias + !  \ ISO: RP2350 pads start isolated
  pad-ie led-pad set-alias + !
  led-mask sio-oe-set ! ;
: led-toggle ( -- ) led-mask sio-out-xor ! ;
: led-out? ( -- f ) sio-out @ led-mask and 0<> ; \ what the program asks for
: led-on? ( -- f ) sio-in @ led-mask and 0<> ;   \ what the pin does

[else] stm32f4? [if]

$40023830 constant rcc-ahb1enr \ bit n clocks GPIO port n
$40020000 led-port $400 * + constant led-gpio
: gpio-moder ( -- addr ) led-gpio ;
: gpio-idr ( -- addr ) led-gpio $10 + ;
: gpio-odr ( -- addr ) led-gpio $14 + ;
: gpio-bsrr ( -- addr ) led-gpio $18 + ; \ write-only: low half sets, high half resets
: led-init ( -- ) \ the port clocked, the LED dark, the pin a push-pull output
  rcc-ahb1enr @ 1 led-port lshift or rcc-ahb1enr !
  led-mask 16 lshift gpio-bsrr !
  gpio-moder @ 3 led-pin 2* lshift invert and 1 led-pin 2* lshift or gpio-moder ! ;
: led-out? ( -- f ) gpio-odr @ led-mask and 0<> ;
: led-on? ( -- f ) gpio-idr @ led-mask and 0<> ;
: led-toggle ( -- ) led-out? if led-mask 16 lshift else led-mask then gpio-bsrr ! ;

[else]
.( blink.fs knows the RP2040, RP2350 and STM32F4 GPIO only )
[then] [then]

250000 value blink-delay ( -- n ) \ loop turns between toggles: 6 instructions each, ~10-20 ms at 125-168 MHz
: delay ( n -- ) 0 ?do loop ;
: blink ( n -- ) \ toggles the LED n times
  0 ?do led-toggle blink-delay delay loop ;
: main ( -- ) led-init 10 blink ;
