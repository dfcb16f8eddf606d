: e s" e" evaluate ; e
