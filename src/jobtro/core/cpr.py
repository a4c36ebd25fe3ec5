"""CPR numbers: validation, keyed hashing, and a guard for free text.

A CPR number is never stored. When one is given to match register data, it is
validated and replaced by an HMAC-SHA256 under settings.CPR_HASH_KEY.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re

from django.conf import settings

_CPR_RE = re.compile(r"^\s*(\d{2})(\d{2})(\d{2})-?(\d{4})\s*$")
# In free text: six digits, optional dash or space, four digits, not inside a longer number.
_CPR_IN_TEXT = re.compile(r"(?<!\d)(\d{6})[-\s]?(\d{4})(?!\d)")


class InvalidCpr(ValueError):
    pass


def _century(year2: int, seventh: int) -> int:
    # The 7th digit and the two-digit year give the century (CPR-kontoret's table).
    if seventh in (0, 1, 2, 3):
        return 1900
    if seventh in (4, 9):
        return 2000 if year2 <= 36 else 1900
    if seventh in (5, 6, 7, 8):
        return 2000 if year2 <= 57 else 1800
    raise InvalidCpr("ugyldigt løbenummer")


def parse_cpr(raw: str) -> tuple[str, dt.date]:
    """Return the normalised ten digits and the birth date, or raise InvalidCpr.

    Modulus 11 is not checked: CPR numbers issued since 2007 need not satisfy it.
    """
    match = _CPR_RE.match(raw or "")
    if not match:
        raise InvalidCpr("CPR-nummeret skal have formen DDMMÅÅ-XXXX")
    day, month, year2, serial = match.groups()
    century = _century(int(year2), int(serial[0]))
    try:
        born = dt.date(century + int(year2), int(month), int(day))
    except ValueError as exc:
        raise InvalidCpr("CPR-nummeret indeholder ikke en gyldig dato") from exc
    return f"{day}{month}{year2}{serial}", born


def hash_cpr(raw: str) -> str:
    digits, _ = parse_cpr(raw)
    key = settings.CPR_HASH_KEY.encode()
    return hmac.new(key, digits.encode(), hashlib.sha256).hexdigest()


def find_cpr_numbers(text: str) -> list[str]:
    """CPR-like numbers with a valid date in free text (to stop them being saved)."""
    found = []
    for match in _CPR_IN_TEXT.finditer(text or ""):
        candidate = match.group(1) + match.group(2)
        try:
            parse_cpr(candidate)
        except InvalidCpr:
            continue
        found.append(match.group(0))
    return found
