compile-to-ram
-8 buffer: big
-1 buffer: big2
compile-to-flash
-8 buffer: big3
