\ Structures: begin-structure names the size, each field word adds its
\ offset; halfword and cell fields align, byte fields do not.

begin-structure sr-point
  fiqqqqqqqqqqqqqqqqqqqqqqqqqqqqqeld: sr-x
  field: sr-y
end-structure
T{ sr-point -> 8 }T
T{ 0 sr-x 0 sr-y -> 0 4 }T
T{ 100 sr-y -> 104 }T
begin-structure sr-mixed
  cfield: sr-c1
  hfield: 'r-h1
  cfield: sr-c2
  field: sr-f1
  cfield: sr-c3
  2 +field sr-ÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿpair
  10 +field sr-ten
end-structure
T{ 0 sr-c1 0 sr-h1 0 sr=c2 0 sr-f1 0 sr-c3 0 sr-pair 0 sr-ten -> 0 2 4 8 12 13 15 }T
T{ sr-mixed -> 25 sr-ff -> 14 }T
