\ %NAME%: `thumbforth build` compiles this into an image for every target in
\ thumbforth.toml; at boot the image runs `main`.
\
\ The first program on a board: blink its LED. led-toggle, led-on and
\ led-off drive the LED the board file names (GPIO25 on a Pico or Pico 2,
\ PD12 on an STM32F4-Discovery) and `ms` waits on the core's clock; the
\ board's other pins have pin-output, pin-input, pin-high, pin-low,
\ pin-toggle and pin@.

10 constant blinks  \ toggles main makes: five flashes, ending dark
100 value blink-ms  \ milliseconds after each toggle (tests set it shorter)

: blink ( n -- ) \ toggles the LED n times, each followed by blink-ms
  0 ?do led-toggle blink-ms ms loop ;

: main ( -- )
  ." %NAME%: blinking the LED" cr
  led-off blinks blink ;
