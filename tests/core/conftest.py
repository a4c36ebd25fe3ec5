"""The access matrix's fixtures, shared with the audit walk (test_audit_reads.py)."""

from tests.core.test_access_matrix import finished_run, referral, sparring  # noqa: F401
