"""Referrals to the company consultant ("Henvisning til virksomhedskonsulent")."""
