"""Companies in the admin are not registered: every read of a company page goes through
core.access, and placements are citizen data (audit-logged on the pages)."""
