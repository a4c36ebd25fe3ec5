"""Practice: the Praksis hub holds no records of its own. Referrals live in
jobtro.referrals, "spilleregler" in jobtro.language_use, sparring in jobtro.sparring."""
