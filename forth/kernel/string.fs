\ The STRING word set: comparing, searching, trimming, and text
\ substitution with the names `replaces` defines.
