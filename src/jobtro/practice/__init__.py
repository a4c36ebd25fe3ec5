"""Practice levers: the language coach, "spilleregler", referrals and the team language picture."""
