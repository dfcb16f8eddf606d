\ FACILITY: time (`ms` on the core's SysTick), console keys and events,
\ and the cursor by ANSI escapes.
