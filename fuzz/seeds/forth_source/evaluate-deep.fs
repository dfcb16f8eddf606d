variable n : e n @ 30 < if 1 n +! s" e" evaluate then ; e
