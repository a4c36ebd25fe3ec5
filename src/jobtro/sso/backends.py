"""The backend that SSO sessions are logged in with.

It never authenticates anything itself (the IdP's signed assertion or ID token did):
its `get_user` keeps the session, and refuses an inactive user, so a staff member whose
rights were taken away is logged out at their next request.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend


class SsoBackend(ModelBackend):
    def authenticate(self, request: Any, **credentials: Any) -> None:
        return None
