\ The board's own words: microsecond delays, the LED the board file names,
\ and GPIO pins as outputs and inputs.

\ --- microseconds ----------------------------------------------------------
\ `us` counts the core's clock on SysTick as `ms` does (facility.fs: SysTick
\ taken only while it is off and put back afterwards, one that runs already
\ only read), one microsecond of steps at a time, what a look overshoots
\ counting for the next, so the whole delay is right to one look (about
\ thirty steps) on every clock: 125 steps a microsecond on the RP2040, 150
\ on the RP2350, 168 on the STM32F407 (16 on its HSI).
: (us) ( u per -- ) \ u periods of per SysTick steps
  syst-cvr @ tick-last ! 0 rot 0 ?do ( per left )
    over + begin dup 0> while ticks-since - repeat
  loop 2drop ;
: us ( u -- ) \ waits u microseconds of the core's clock
  core-hz 1000000 / syst-csr @ dup 1 and if drop (us) exit then
  syst-rvr @ >r >r $ffffff syst-rvr ! 0 syst-cvr ! 5 syst-csr ! \ on, no interrupt
  (us) r> syst-csr ! r> syst-rvr ! ;

\ --- GPIO pins ---------------------------------------------------------------
\ A pin is a number. On the RP chips it is the GPIO number (GPIO25 is 25);
\ on the STM32F4 it is port * 16 + pin, port A being 0: PA0 is 0, PA9 is 9,
\ PD12 is 3 * 16 + 12 = 60, PI11 is 139 (the emulator's GPIO history numbers
\ them the same way). pin-output and pin-input set a pin up, each time from
\ whatever state it was in: on the RP the pin goes to the SIO (IO_BANK0
\ FUNCSEL 5) with its pad's input on, its output not disabled and, on the
\ RP2350, its isolation off; on the STM32F4 the port's clock goes on in
\ RCC_AHB1ENR and MODER makes the pin a push-pull output or an input (pulls
\ as they were). pin-high, pin-low, pin-toggle and pin@ then drive and read
\ it: on the STM32F4 the port must have been set up first, as its registers
\ ignore every access while its clock is off. An output keeps the level it
\ was last given (low after reset); pin@ reads the pin itself, so on an
\ output it reads back what the pin drives. A number past the chip's last
\ GPIO raises x-no-pin. The console's pins (GPIO0/1 on the RP, PA9/PA10 on
\ the STM32F4) are the UART's: setting one up takes the console away.

: x-no-pin ( -- ) ." no such GPIO pin" ;

rp2040? rp2350? or [if]

rp2040? [if]
30 constant pin-count             \ GPIO0..29
$40014000 constant io-bank0
$4001c000 constant pads-bank0
$14 constant sio-out-set  $18 constant sio-out-clr  $1c constant sio-out-xor
$24 constant sio-oe-set   $28 constant sio-oe-clr
: pin-sio ( pin -- mask sio ) \ the pin's bit and SIO's base
  dup pin-count u< averts x-no-pin 1 swap lshift $d0000000 ;
[else]
48 constant pin-count             \ GPIO0..47; the Pico 2's RP2350A bonds 0..29
$40028000 constant io-bank0
$40038000 constant pads-bank0
$18 constant sio-out-set  $20 constant sio-out-clr  $28 constant sio-out-xor
$38 constant sio-oe-set   $40 constant sio-oe-clr
: pin-sio ( pin -- mask sio ) \ the pin's bit, and SIO's base moved to its half:
  dup pin-count u< averts x-no-pin     \ each register has its GPIO_HI twin 4 bytes on
  dup 31 and 1 swap lshift swap 5 rshift 2 lshift $d0000000 + ;
[then]
$004 constant sio-in              \ GPIO_IN (GPIO_HI_IN 4 bytes on)
$2000 constant set-alias  $3000 constant clr-alias \ atomic register aliases

: pin-to-sio ( pin -- ) \ FUNCSEL SIO, the pad's input on and its output enabled
  dup 2 lshift pads-bank0 + 4 + >r \ PADS_BANK0.GPIOn
  $40 r@ set-alias + !          \ IE
  $80 r@ clr-alias + !          \ OD
  5 swap 3 lshift io-bank0 + 4 + ! \ GPIOn_CTRL: FUNCSEL SIO, no overrides
  $100 r> clr-alias + ! ;       \ ISO last (RP2350), so the pad takes it all at once
: pin-output ( pin -- ) \ the pin a push-pull output of the SIO
  dup pin-sio sio-oe-set + ! pin-to-sio ;
: pin-input ( pin -- ) \ the pin an input, its output off
  dup pin-sio sio-oe-clr + ! pin-to-sio ;
: pin-high ( pin -- ) pin-sio sio-out-set + ! ;
: pin-low ( pin -- ) pin-sio sio-out-clr + ! ;
: pin-toggle ( pin -- ) pin-sio sio-out-xor + ! ;
: pin@ ( pin -- f ) \ the pin's level, read through its pad
  pin-sio sio-in + @ and 0<> ;

[else] stm32f4? [if]

144 constant pin-count            \ ports A..I, 16 pins each
$40023830 constant rcc-ahb1enr    \ bit n clocks port n
: pin-port ( pin -- addr ) \ the pin's port's registers
  dup pin-count u< averts x-no-pin 4 rshift 10 lshift $40020000 + ;
: pin-bit ( pin -- mask ) 15 and 1 swap lshift ;
: pin-setup ( pin -- pin port ) \ the port's clock on, read back before the port is used
  dup pin-port over 4 rshift 1 swap lshift rcc-ahb1enr @ or rcc-ahb1enr !
  rcc-ahb1enr @ drop ;
: pin-mode ( mode pin port -- ) \ MODER's two bits of the pin: 0 input, 1 output
  >r 15 and 2* ( mode shift ) tuck lshift swap 3 swap lshift invert r@ @ and or r> ! ;
: pin-output ( pin -- ) \ the pin a push-pull output: OTYPER's bit clear, then MODER
  pin-setup over pin-bit invert over 4 + dup >r @ and r> ! 1 -rot pin-mode ;
: pin-input ( pin -- ) pin-setup 0 -rot pin-mode ;
: pin-high ( pin -- ) dup pin-bit swap pin-port $18 + ! ; \ BSRR's set half
: pin-low ( pin -- ) dup pin-bit 16 lshift swap pin-port $18 + ! ; \ its reset half
: pin-toggle ( pin -- ) \ by ODR, what the pin was last told
  dup pin-bit over pin-port $14 + @ and if pin-low else pin-high then ;
: pin@ ( pin -- f ) dup pin-bit swap pin-port $10 + @ and 0<> ; \ IDR

[then] [then]

\ --- the LED -----------------------------------------------------------------
\ The LED of the board file's `led` (GPIO25 on both Picos, PD12 on the
\ STM32F4-Discovery), lit by driving its pin high. Each word makes the pin
\ an output first, so none needs a start-up word and each works whatever
\ was done to the pin before.
[defined] led-pin [defined] pin-output and [if]
led-port 16 * led-pin + constant board-led ( -- pin ) \ the LED's pin number
: led-on ( -- ) board-led dup pin-output pin-high ;
: led-off ( -- ) board-led dup pin-output pin-low ;
: led-toggle ( -- ) board-led dup pin-output pin-toggle ;
[then]
