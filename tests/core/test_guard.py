"""The CPR and name guard shared by sparring, experiments, stories and meetings."""

from __future__ import annotations

import doctest

import pytest
from django.core.exceptions import ValidationError

from jobtro.core import guard


def test_the_examples_in_the_guard_hold():
    result = doctest.testmod(guard)
    assert result.attempted >= 2 and result.failed == 0


@pytest.mark.parametrize(
    "text",
    ["Vi talte om Testborger Ærø.", "vi talte om testborger ærø", "Testborger Ærøs forløb"],
)
def test_a_citizens_full_name_is_caught_as_written_in_lower_case_and_as_genitive(text, citizen):
    with pytest.raises(ValidationError) as caught:
        guard.check_no_citizen_names(
            {"notes": text}, municipality_ids=[citizen.municipality_id], name_message="Ingen navne."
        )
    assert caught.value.message_dict == {"notes": ["Ingen navne."]}


def test_a_name_from_another_municipality_and_a_first_name_alone_pass(citizen, odder):
    guard.check_no_citizen_names(
        {"notes": "Testborger Ærø"}, municipality_ids=[odder.pk], name_message="Ingen navne."
    )
    guard.check_no_citizen_names(
        {"notes": "Testborger kom til mødet."},
        municipality_ids=[citizen.municipality_id],
        name_message="Ingen navne.",
    )


def test_a_cpr_number_is_caught_with_its_own_message(citizen):
    with pytest.raises(ValidationError) as caught:
        guard.check_no_citizen_names(
            {"notes": "cpr 010190-1234"},
            municipality_ids=[citizen.municipality_id],
            name_message="x",
        )
    assert "CPR-nummer" in caught.value.message_dict["notes"][0]


def test_the_refusal_never_tells_a_writer_about_a_citizen_they_cannot_see(personas, citizen):
    """Otherwise a researcher (or a colleague) could type a name and learn from the
    refusal whether that person is a citizen of the job centre."""
    texts = {"notes": "Vi talte om Testborger Ærø."}
    where = {"municipality_ids": [citizen.municipality_id], "name_message": "Ingen navne."}
    with pytest.raises(ValidationError):
        guard.check_no_citizen_names(texts, writer=personas.caseworker, **where)
    guard.check_no_citizen_names(texts, writer=personas.colleague, **where)
    guard.check_no_citizen_names(texts, writer=personas.researcher, **where)
    with pytest.raises(ValidationError) as caught:
        guard.check_no_citizen_names(
            {"notes": "cpr 010190-1234"}, writer=personas.researcher, **where
        )
    assert "CPR-nummer" in caught.value.message_dict["notes"][0]
