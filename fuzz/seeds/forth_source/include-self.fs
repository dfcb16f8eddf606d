include a.fs
%%
: x 1 ;
include a.fs
