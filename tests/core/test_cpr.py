import pytest

from jobtro.core.cpr import InvalidCpr, find_cpr_numbers, hash_cpr, parse_cpr

# Invented numbers: valid dates, not anyone's CPR number as far as we can make them.


def test_a_valid_cpr_gives_the_birth_date_with_the_right_century():
    digits, born = parse_cpr("010190-1234")
    assert digits == "0101901234"
    assert born.year == 1990
    assert parse_cpr("0101054321")[1].year == 2005  # 7th digit 4, year ≤ 36
    assert parse_cpr("010158-5000")[1].year == 1858  # 7th digit 5–8, year > 57


@pytest.mark.parametrize(
    "raw", ["", "12345", "320190-1234", "011390-1234", "abcdef-ghij", "290201-1234"]
)
def test_an_invalid_cpr_is_refused(raw):
    with pytest.raises(InvalidCpr):
        parse_cpr(raw)


def test_the_hash_is_keyed_and_stable(settings):
    settings.CPR_HASH_KEY = "one"
    first = hash_cpr("010190-1234")
    assert first == hash_cpr("0101901234")
    assert "0101901234" not in first
    settings.CPR_HASH_KEY = "two"
    assert hash_cpr("010190-1234") != first


def test_cpr_numbers_are_found_in_free_text_but_not_other_numbers():
    text = "Borgeren (010190-1234) ringede. Sagsnr. 12345678901 og tlf. 12 34 56 78."
    assert find_cpr_numbers(text) == ["010190-1234"]
    assert find_cpr_numbers("Mødet 2025-03-01 kl. 10") == []
