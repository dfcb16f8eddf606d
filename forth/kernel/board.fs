\ The board's own words: microsecond delays, the LED the board file names,
\ and GPIO pins as outputs and inputs.
