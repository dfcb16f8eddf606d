\ LOCALS: `{: ... :}`, zeptoforth's `{ ... }`, and `(local)`.
