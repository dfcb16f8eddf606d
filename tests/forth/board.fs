\ The board's own words of kernel/board.fs: `us` measured with `cycles`
\ (the instruction count SysTick and the emulator share), pins that read
\ back through their pads what they drive, and the board file's LED. The
\ pins are free on each board: GPIO15 on the Picos, PD13 (61, the
\ Discovery's orange LED) on the STM32F4; the console's are left alone.

testing us
: bd-per-us ( -- n ) core-hz 1000000 / ;
: bd-us-cycles ( u -- n ) cycles >r us cycles r> - ;
: bd-over ( u -- n ) \ the cycles u us took beyond u microseconds
  dup bd-us-cycles swap bd-per-us * - ;
T{ bd-per-us 1000000 * core-hz = -> true }T
T{ 1 bd-over 0 200 within -> true }T
T{ 10 bd-over 0 200 within -> true }T
T{ 250 bd-over 0 200 within -> true }T
T{ 3000 bd-over 0 200 within -> true }T
T{ 0 bd-us-cycles 0 200 within -> true }T
\ A thousand microseconds take as long as a millisecond.
: bd-1000us-1ms ( -- n ) cycles 1000 us cycles swap - cycles 1 ms cycles swap - - ;
T{ bd-1000us-1ms abs 200 < -> true }T
\ SysTick off before: us leaves it off, with its reload.
T{ 0 syst-csr ! 4321 syst-rvr ! 5 us syst-csr @ 7 and syst-rvr @ -> 0 4321 }T
\ SysTick running with a short reload: us counts across its wraps and
\ leaves it running as it was.
T{ 999 syst-rvr ! 0 syst-cvr ! 5 syst-csr ! -> }T
T{ 40 bd-over 0 200 within -> true }T
T{ syst-csr @ 7 and syst-rvr @ -> 5 999 }T
T{ 0 syst-csr ! 0 syst-rvr ! -> }T

testing pin-output pin-high pin-low pin-toggle pin@
stm32f4? [if] 61 [else] 15 [then] constant bd-pin
T{ bd-pin pin-output bd-pin pin-low bd-pin pin@ -> false }T
T{ bd-pin pin-high bd-pin pin@ -> true }T
T{ bd-pin pin-low bd-pin pin@ -> false }T
T{ bd-pin pin-toggle bd-pin pin@ -> true }T
T{ bd-pin pin-toggle bd-pin pin@ -> false }T
T{ bd-pin pin-high bd-pin pin-high bd-pin pin@ -> true }T

testing pin-input
\ No longer driven, the pin reads its pull: down on the RP pads, none
\ (low) on the STM32F4. Made an output again it drives what it last had.
T{ bd-pin pin-input bd-pin pin@ -> false }T
T{ bd-pin pin-high bd-pin pin@ -> false }T
T{ bd-pin pin-output bd-pin pin@ -> true }T
T{ bd-pin pin-low bd-pin pin-input bd-pin pin-output bd-pin pin@ -> false }T

testing the registers the pin words set
rp2040? rp2350? or [if]
rp2040? [if] $40014000 $4001c000 $d0000020 [else] $40028000 $40038000 $d0000030 [then]
constant bd-oe constant bd-pads constant bd-io
: bd-ctrl ( -- x ) bd-io bd-pin 8 * + 4 + @ ;
: bd-pad ( -- x ) bd-pads bd-pin 4 * + 4 + @ ;
T{ bd-pin pin-output bd-ctrl $1f and bd-oe @ bd-pin rshift 1 and -> 5 1 }T
\ The pad: input enabled, output not disabled, not isolated.
T{ bd-pad $1c0 and -> $40 }T
T{ bd-pin pin-input bd-ctrl $1f and bd-oe @ bd-pin rshift 1 and -> 5 0 }T
[then]
rp2350? [if]
\ The RP2350's GPIO32..47 are in SIO's GPIO_HI registers.
T{ 40 pin-output 40 pin-high 40 pin@ 40 pin-low 40 pin@ -> true false }T
T{ 40 pin-input -> }T
[then]
stm32f4? [if]
: bd-moder ( -- mode ) $40020c00 @ bd-pin 15 and 2* rshift 3 and ;
T{ bd-pin pin-output bd-moder $40020c04 @ bd-pin 15 and rshift 1 and -> 1 0 }T
T{ $40023830 @ 8 and -> 8 }T \ GPIODEN
T{ bd-pin pin-input bd-moder -> 0 }T
\ PA0 and PI11 are 0 and 139.
T{ 0 pin-input 0 pin@ -> false }T
T{ 139 pin-output 139 pin-high 139 pin@ 139 pin-low 139 pin@ -> true false }T
T{ 139 pin-input -> }T
[then]

testing pins past the chip's last
T{ pin-count ' pin@ try nip -> ' x-no-pin }T
T{ pin-count ' pin-output try nip -> ' x-no-pin }T
T{ -1 ' pin-high try nip -> ' x-no-pin }T

testing led-on led-off led-toggle
T{ led-off board-led pin@ -> false }T
T{ led-on board-led pin@ -> true }T
T{ led-on board-led pin@ -> true }T
T{ led-toggle board-led pin@ -> false }T
T{ led-toggle board-led pin@ -> true }T
T{ led-toggle board-led pin@ -> false }T
T{ led-off board-led pin@ -> false }T
\ The LED pin is set up again by each word, whatever was done to it.
T{ board-led pin-input led-toggle board-led pin@ -> true }T
T{ board-led pin-input led-on board-led pin@ -> true }T
T{ led-off -> }T
\ The board files' LEDs: PD12 is 3 * 16 + 12.
stm32f4? [if] T{ board-led -> 60 }T [else] T{ board-led -> 25 }T [then]
