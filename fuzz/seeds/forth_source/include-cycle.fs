include a.fs
%%
include b.fs
%%
include a.fs
