"""Language use: the language coach, "spilleregler" and the team language picture —
the web side of the pure language core (jobtro.language)."""
