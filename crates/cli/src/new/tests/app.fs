\ `thumbforth test` runs each `T{ code -> results }T` line on an emulated
\ board and reports the cases that fail with their file and line. pin@
\ reads the LED's pin back through the emulated GPIO.
require ../app.fs

\ Emulated time costs real time: 2 ms toggles keep the tests quick.
2 to blink-ms

testing blink
T{ led-off board-led pin@ -> false }T
T{ 1 blink board-led pin@ -> true }T
T{ 1 blink board-led pin@ -> false }T
T{ 3 blink board-led pin@ -> true }T
T{ 2 blink board-led pin@ -> true }T
T{ led-off 0 blink board-led pin@ -> false }T

testing main leaves the LED dark
T{ blinks 2 mod -> 0 }T
T{ main board-led pin@ -> false }T

testing blink waits blink-ms after each toggle
\ `cycles` counts the core's clock, which `ms` counts too.
: blink-cycles ( n -- cycles ) cycles >r blink cycles r> - ;
: blink-expected ( n -- cycles ) blink-ms * core-hz 1000 / * ;
T{ 5 blink-cycles 5 blink-expected - 0 2000 within -> true }T
T{ led-off -> }T
