\ TOOLS, SEARCH, DOUBLE and CORE-EXT words the console lacked: the
\ dictionary's names and wordlists, the control-flow stack, the return
\ stack in bulk, memory dumps, and the input source saved and restored.
