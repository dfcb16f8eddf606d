\ `marker`: a word that forgets every word defined after it, in RAM and
\ in flash.
