\ CORE cases the host must cooperate on: WORD and >IN from target code,
\ rewinding >IN, [ ] LITERAL with POSTPONE \, multi-line definitions in a
\ case, :NONAME with RECURSE, DOES> replaced and stacked, redefinition.
: gs3 word count swap c@ ;
T{ bl gs3 hello -> 5 char h }T
T{ char " gs3 goodbye" -> 7 char g }T
: gs4 source >in ! drop ;
T{ gs4 123 456
 -> }T
T{ 123456 depth over 9 < 34 and + 3 + >in ! -> 123456 23456 3456 456 56 6 }T
: iffloored [ -3 2 / -2 = invert ] literal if postpone \ then ;
: ifsym [ -3 2 / -1 = invert ] literal if postpone \ then ;
ifsym T{ -7 2 / -> -3 }T
iffloored T{ -7 2 / -> -4 }T
T{ : gi5 begin dup 2 >
     while dup 5 < while dup 1+ repeat 123 else 345 then ; -> }T
T{ 1 gi5 -> 1 345 }T
T{ 5 gi5 -> 5 123 }T
variable nn1
T{ :noname 1234 ; nn1 ! -> }T
T{ nn1 @ execute -> 1234 }T
T{ :noname ( n -- 0,1,..n ) dup if dup >r 1- recurse r> then ; constant rn1 -> }T
T{ 3 rn1 execute -> 0 1 2 3 }T
: does1 does> @ 1 + ;
: does2 does> @ 2 + ;
create cr1
T{ cr1 -> here }T
T{ 1 , -> }T
T{ cr1 @ -> 1 }T
T{ does1 -> }T
T{ cr1 -> 2 }T
T{ does2 -> }T
T{ cr1 -> 3 }T
: weird: create does> 1 + does> 2 + ;
T{ weird: w1 -> }T
T{ ' w1 >body -> here }T
T{ w1 -> here 1 + }T
T{ w1 -> here 2 + }T
T{ s" abc" s" def" 2swap drop c@ -rot drop c@ -> char a char d }T
T{ 1 2 2constant tc tc -> 1 2 }T
T{ : gt1 123 ; ' gt1 execute -> 123 }T
: gt2 ['] gt1 ; immediate
T{ gt2 execute -> 123 }T
T{ : gdx 123 ; : gdx gdx 234 ; -> }T
T{ gdx -> 123 234 }T
T{ 0 s>d 1 sm/rem -> 0 0 }T
T{ -1 0 2 um/mod -> 1 $7fffffff }T
T{ base @ hex base @ decimal base @ rot base ! -> 16 10 }T
