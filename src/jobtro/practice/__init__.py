"""Practice: the Praksis hub, the language coach, "spilleregler", referrals to the company
consultant and the team language picture. Sparring has its own app (jobtro.sparring)."""
