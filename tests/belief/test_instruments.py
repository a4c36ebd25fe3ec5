"""The instrument is data: the packaged default, strict loading, versions that map."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from jobtro.belief import services
from jobtro.belief.instruments import (
    INDICATORS,
    InstrumentError,
    load_instrument_file,
    packaged_instrument,
    parse_instrument,
)
from jobtro.belief.models import Instrument

DATA = Path(__file__).parent / "data"
BELIEF_TEXT = "Tror du, at borgeren er i job eller uddannelse inden for det næste år?"


def default_yaml() -> dict:
    return yaml.safe_load(
        (Path(services.__file__).parent / "data/instruments/jobtro-1.yaml").read_text()
    )


def test_default_instrument_has_the_belief_item_in_the_exact_wording():
    spec = packaged_instrument()
    item = spec.item("belief_job_1y")
    assert spec.id == "jobtro-2"
    assert item.text_da == BELIEF_TEXT
    assert [s.value for s in item.steps] == [1, 2, 3, 4, 5]
    assert all(s.label_da and s.label_en and s.anchor_da and s.anchor_en for s in item.steps)
    assert "caseworker" in item.raters


def test_default_instrument_covers_every_bip_indicator_for_caseworker_and_citizen():
    spec = packaged_instrument()
    indicators = set(INDICATORS) - {"belief_job", "general_belief"}
    for rater in ("caseworker", "citizen"):
        covered = {i.indicator for i in spec.items if rater in i.raters and not i.general}
        assert indicators <= covered, rater
    assert next(i.id for i in spec.items if i.general) == "gb_ten_citizens"


def test_a_missing_label_is_refused_with_a_danish_message():
    raw = default_yaml()
    del raw["items"][0]["scale"][2]["label"]
    with pytest.raises(InstrumentError) as exc:
        parse_instrument(yaml.safe_dump(raw, allow_unicode=True))
    assert "Spørgsmål «belief_job_1y», trin 3: etiketten" in str(exc.value)


def test_a_duplicate_item_id_is_refused():
    raw = default_yaml()
    raw["items"][1]["id"] = "belief_job_1y"
    with pytest.raises(InstrumentError) as exc:
        parse_instrument(yaml.safe_dump(raw, allow_unicode=True))
    assert "«belief_job_1y» findes to gange" in str(exc.value)


def test_a_key_given_twice_is_refused_not_silently_overwritten():
    text = "schema: jobtro-instrument/1\nid: a\nid: b\n"
    with pytest.raises(InstrumentError, match="står to gange"):
        parse_instrument(text)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r["items"][0]["scale"].pop(), "skalaen skal have trinnene 1, 2, 3, 4, 5"),
        (lambda r: r["items"][0].update(raters=["boss"]), "«raters» skal være en liste"),
        (lambda r: r["items"][0].update(indicator="mood"), "ukendt indikator «mood»"),
        (lambda r: r["items"][0]["text"].pop("en"), "teksten mangler på engelsk"),
        (lambda r: r["items"][0].update(colour="red"), "ukendt felt «colour»"),
        (lambda r: r.update(schema="x"), "«schema» skal være"),
    ],
)
def test_other_mistakes_are_refused(change, message):
    raw = default_yaml()
    change(raw)
    with pytest.raises(InstrumentError, match=message):
        parse_instrument(yaml.safe_dump(raw, allow_unicode=True))


def test_a_file_that_is_not_yaml_is_refused(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("items: [unclosed", encoding="utf-8")
    with pytest.raises(InstrumentError, match="ikke gyldig YAML"):
        load_instrument_file(bad)


def test_installing_the_same_version_twice_changes_nothing(db):
    first = services.default_instrument()
    again = services.install_instrument(actor=None, spec=packaged_instrument())
    assert first.pk == again.pk
    assert first.items.count() == len(packaged_instrument().items)


def test_a_new_wording_under_an_old_id_is_refused(db):
    services.default_instrument()
    raw = default_yaml()
    raw["items"][0]["text"]["da"] = "Ny ordlyd?"
    spec = parse_instrument(yaml.safe_dump(raw, allow_unicode=True))
    with pytest.raises(ValidationError, match="findes allerede med en anden ordlyd"):
        services.install_instrument(actor=None, spec=spec)


def test_a_second_version_maps_its_items_to_the_first(db):
    services.default_instrument()
    call_command("load_instrument", str(DATA / "jobtro-proeve.yaml"))
    v2 = Instrument.objects.get(code="jobtro-proeve")
    item = v2.items.get(code="belief_job_12m")
    assert v2.previous.code == "jobtro-1"
    assert item.maps_to.code == "belief_job_1y"
    assert item.root().code == "belief_job_1y"


def test_a_version_mapping_to_an_unknown_item_is_refused(db, tmp_path):
    services.default_instrument()
    text = (
        (DATA / "jobtro-proeve.yaml")
        .read_text(encoding="utf-8")
        .replace("maps_to: belief_job_1y", "maps_to: no_such_item")
    )
    path = tmp_path / "v2.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError, match="no_such_item"):
        call_command("load_instrument", str(path))
    assert not Instrument.objects.filter(code="jobtro-proeve").exists()
