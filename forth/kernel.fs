\ The standard kernel, in the order it is built. Each file relies only on
\ the ones before it; the host compiler defines the system constants
\ (dp, latest, state, base, >in, ...) before the first line.
include kernel/prims.fs
include kernel/core.fs
include kernel/compiler.fs
include kernel/divide.fs
include kernel/console.fs
include kernel/io.fs
include kernel/flash.fs
include kernel/ext.fs
include kernel/compiling.fs
include kernel/interpret.fs
include kernel/tools.fs
include kernel/string.fs
include kernel/facility.fs
include kernel/locals.fs
include kernel/marker.fs
include kernel/board.fs
