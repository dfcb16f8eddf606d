\ blink.fs on the emulator's GPIO model: after set-up and each toggle the
\ registers read back as the chip's would, and the pin's input follows the
\ output only because the pin really is an output.
include blink.fs

10 to blink-delay

testing set-up leaves the LED an output, dark
T{ led-init led-out? led-on? -> false false }T

rp2040? rp2350? or [if]
T{ led-ctrl @ $1f and -> func-sio }T
T{ led-pad @ pad-iso pad-od or pad-ie or and -> pad-ie }T
T{ sio-oe @ led-mask and -> led-mask }T
T{ resets 8 + @ gpio-resets and -> gpio-resets }T
[then]
stm32f4? [if]
T{ rcc-ahb1enr @ 1 led-port lshift and 0<> -> true }T
T{ gpio-moder @ led-pin 2* rshift 3 and -> 1 }T
[then]

testing each toggle changes the output and the pin reads it back
T{ 1 blink led-out? led-on? -> true true }T
T{ 1 blink led-out? led-on? -> false false }T
T{ 3 blink led-out? led-on? -> true true }T
T{ 1 blink led-out? led-on? -> false false }T

rp2040? rp2350? or [if]
T{ led-toggle sio-out @ led-mask and sio-in @ led-mask and -> led-mask led-mask }T
T{ led-status @ 1 9 lshift and 0<> -> true }T   \ STATUS.OUTTOPAD
T{ sio-out-xor @ -> 0 }T                        \ the XOR register is write-only
T{ led-toggle sio-in @ led-mask and -> 0 }T
\ Without the SIO function the pad is not driven, whatever SIO says.
T{ 0 led-ctrl ! led-toggle sio-out @ led-mask and sio-in @ led-mask and -> led-mask 0 }T
T{ func-sio led-ctrl ! led-on? -> true }T
T{ led-toggle led-on? -> false }T
[then]
stm32f4? [if]
T{ led-toggle gpio-odr @ led-mask and gpio-idr @ led-mask and -> led-mask led-mask }T
T{ gpio-bsrr @ -> 0 }T                          \ BSRR is write-only
T{ led-toggle gpio-idr @ led-mask and -> 0 }T
\ As an input without a pull the pin reads low, whatever ODR says.
T{ led-mask gpio-bsrr ! gpio-moder @ 3 led-pin 2* lshift invert and gpio-moder ! led-on? -> false }T
T{ led-out? -> true }T
T{ gpio-moder @ 1 led-pin 2* lshift or gpio-moder ! led-on? -> true }T
T{ led-mask 16 lshift gpio-bsrr ! led-on? -> false }T
[then]
