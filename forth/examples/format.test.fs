\ format.fs: pictured numeric output into fixed shapes, and format's
\ placeholders taking their arguments in order.
include format.fs

: "42" s" 42" ;
T{ 42 (d) "42" str= -> true }T
T{ "42" s" 43" str= "42" s" 420" str= -> false false }T

testing zero-padded decimal
: "00042" s" 00042" ;  : "-007" s" -007" ;  : "123456" s" 123456" ;
T{ 42 5 padded "00042" str= -> true }T
T{ -7 3 padded "-007" str= -> true }T
T{ 123456 3 padded "123456" str= -> true }T
T{ 0 0 padded nip 0 1 padded nip -> 1 1 }T

testing fixed point
: "3.1416" s" 3.1416" ;  : "-0.05" s" -0.05" ;  : "12" s" 12" ;  : "0.0" s" 0.0" ;
T{ 31416 4 fixed "3.1416" str= -> true }T
T{ -5 2 fixed "-0.05" str= -> true }T
T{ 12 0 fixed "12" str= -> true }T
T{ 0 1 fixed "0.0" str= -> true }T

testing hex keeps the base
: "0000002A" s" 0000002A" ;  : "DEADBEEF" s" DEADBEEF" ;
T{ $2a hex8 "0000002A" str= base @ -> true 10 }T
T{ $deadbeef hex8 "DEADBEEF" str= -> true }T

testing format fills placeholders in order
: f1 s" x=%d y=%d" ;  : r1 s" x=1 y=-2" ;
T{ 1 -2 f1 format r1 str= -> true }T
: f2 s" [%s] %x%%" ;  : r2 s" [abc] FF%" ;  : abc s" abc" ;
T{ abc $ff f2 format r2 str= -> true }T
: f3 s" no placeholders" ;
T{ f3 format f3 str= -> true }T
: f4 s" %q stays, lone %" ;  : r4 s" %q stays, lone %" ;
T{ f4 format r4 str= -> true }T
T{ f1 arg-cells f2 arg-cells -> 2 3 }T
: long s" %s%s" ;
testing the buffer cuts what does not fit
T{ fmt-buf 60 abc long format nip -> 63 }T
T{ fmt-buf 60 2dup long format nip -> fmt-size }T
