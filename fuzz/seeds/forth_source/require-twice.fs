require a.fs require a.fs x x
%%
: x 1 ;
