from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from jobtro.core import access


def jobtro(request: HttpRequest) -> dict[str, object]:
    staff = access.staff_of(getattr(request, "user", None))
    return {
        "staff": staff,
        "role": staff.role if staff else None,
        "is_demo": settings.DEMO,
    }
