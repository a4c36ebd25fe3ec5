"""Sparring routes added after the first sparring release (the rest are in
tests/core/test_access_matrix.py).

The matrix's sparring session is still open, so nobody can mark its follow-up done
yet: the owner gets the follow-up page only once the session is closed (tested in
tests/practice/test_sparring_follow_up.py); everyone else never.
"""

from tests.policies import row

POLICY = {
    "practice:sparring_follow_up": row(302, 404, 404, 404, 404, 404, 404, 404),
    # "Bed om sparring" from "Mine sparringer": without a chosen citizen, back to the list.
    "practice:sparring_choose": row(302, 302, 302, 404, 404, 404, 404, 302),
}
