\ Structures: begin-structure names the size, each field word adds its
\ offset; halfword and cell fields align, byte fields do not.

begin-structure sr-point
  field: sr-x
  field: sr-y
end-structure
T{ sr-point -> 8 }T
T{ 0 sr-x 0 sr-y -> 0 4 }T
T{ 100 sr-y -> 104 }T
begin-structure sr-mixed
  cfield: sr-c1
  hfield: sr-h1
  cfield: sr-c2
  field: sr-f1
  cfield: sr-c3
  2 +field sr-pair
  10 +field sr-ten
end-structure
T{ 0 sr-c1 0 sr-h1 0 sr-c2 0 sr-f1 0 sr-c3 0 sr-pair 0 sr-ten -> 0 2 4 8 12 13 15 }T
T{ sr-mixed -> 25 }T
begin-structure sr-empty end-structure
T{ sr-empty -> 0 }T
create sr-p sr-point allot
T{ 3 sr-p sr-x ! 4 sr-p sr-y ! sr-p sr-x @ sr-p sr-y @ -> 3 4 }T
: sr-sum ( p -- n ) dup sr-x @ swap sr-y @ + ;
T{ sr-p sr-sum -> 7 }T
T{ 0 8 +field sr-eight -> 8 }T
T{ 5 sr-eight -> 5 }T
T{ 1 cfield: sr-cf -> 2 }T
T{ 1 hfield: sr-hf -> 4 }T
T{ 1 field: sr-ff -> 8 }T
T{ 10 sr-ff -> 14 }T
