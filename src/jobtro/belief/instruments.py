"""Instruments as data: read and validate an instrument file strictly.

An instrument file (YAML or JSON, schema `jobtro-instrument/1`, see docs/belief.md)
is refused as a whole when anything is wrong, with one Danish message per mistake.
Nothing here touches the database; `services.install_instrument` stores a checked spec.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext as _

SCHEMA = "jobtro-instrument/1"
DATA = Path(__file__).resolve().parent / "data" / "instruments"
# Version 2 gives the citizen's items answer steps that fit each question (issue 19); it
# maps every item to jobtro-1, which is installed first (docs/belief.md).
DEFAULT_INSTRUMENT = "jobtro-2"
# The caseworker's belief in the citizen's job chance (docs/contracts.md, research schema).
BELIEF_ITEM = "belief_job_1y"
BELIEF_INDICATOR = "belief_job"
RATERS = ("caseworker", "citizen", "external")
INDICATORS = (
    "belief_job",
    "health_coping",
    "everyday_coping",
    "own_belief",
    "cooperation",
    "job_search",
    "labour_market_knowledge",
    "general_belief",
)
# Not BIP's: the citizen's sense of the caseworker's belief after a meeting.
MEETING_INDICATORS = ("perceived_belief", "meeting_self_belief")
AFTER_CONTACT_INSTRUMENT = "jobtro-samtale-1"
_TOP_KEYS = {"schema", "id", "name", "description", "previous", "scales", "items", "general_items"}
_ITEM_KEYS = {"id", "raters", "indicator", "text", "scale", "maps_to"}
_GENERAL_KEYS = {"id", "indicator", "text", "scale", "maps_to"}
_STEP_KEYS = {"value", "label", "anchor"}


class InstrumentError(ValueError):
    """The file is refused; `problems` holds one Danish message per mistake."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(
            _("Instrumentfilen er afvist:") + "\n" + "\n".join(f"- {p}" for p in problems)
        )


@dataclass(frozen=True)
class Step:
    value: int
    label_da: str
    label_en: str
    anchor_da: str = ""
    anchor_en: str = ""


@dataclass(frozen=True)
class ItemSpec:
    id: str
    raters: tuple[str, ...]
    indicator: str
    text_da: str
    text_en: str
    steps: tuple[Step, ...]
    maps_to: str = ""
    general: bool = False


@dataclass(frozen=True)
class InstrumentSpec:
    id: str
    name_da: str
    name_en: str
    description_da: str
    description_en: str
    previous: str
    items: tuple[ItemSpec, ...]
    source: dict[str, Any]

    def item(self, item_id: str) -> ItemSpec:
        return next(i for i in self.items if i.id == item_id)


class _StrictLoader(yaml.SafeLoader):
    """A SafeLoader that refuses a key given twice in one mapping (YAML would keep the last)."""


def _mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    loader.flatten_mapping(node)
    seen: set[Any] = set()
    for key_node, _value in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise InstrumentError(
                [
                    _("Nøglen «%(key)s» står to gange (linje %(line)s).")
                    % {"key": key, "line": key_node.start_mark.line + 1}
                ]
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def parse_instrument(text: str, *, name: str = "") -> InstrumentSpec:
    """Parse and validate an instrument from YAML (JSON is valid YAML)."""
    try:
        raw = yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = _(" (linje %(line)s)") % {"line": mark.line + 1} if mark else ""
        raise InstrumentError(
            [
                _("Filen %(name)s er ikke gyldig YAML eller JSON%(where)s.")
                % {"name": name, "where": where}
            ]
        ) from exc
    return _Checker().instrument(raw)


def load_instrument_file(path: Path | str) -> InstrumentSpec:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InstrumentError(
            [_("Filen %(name)s kan ikke læses som UTF-8-tekst.") % {"name": path.name}]
        ) from exc
    return parse_instrument(text, name=path.name)


@functools.cache
def packaged_instrument(instrument_id: str = DEFAULT_INSTRUMENT) -> InstrumentSpec:
    """An instrument shipped with Jobtro (loaded once, lazily)."""
    return load_instrument_file(DATA / f"{instrument_id}.yaml")


class _Checker:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def fail(self, message: str) -> None:
        self.problems.append(message)

    def text_pair(
        self, value: Any, where: str, what: str, *, required: bool = True
    ) -> tuple[str, str]:
        if value is None and not required:
            return "", ""
        if not isinstance(value, dict) or set(value) - {"da", "en"}:
            self.fail(
                _("%(where)s: %(what)s skal have en dansk (da) og en engelsk (en) tekst.")
                % {"where": where, "what": what}
            )
            return "", ""
        da, en = value.get("da"), value.get("en")
        for missing, text in ((_("dansk"), da), (_("engelsk"), en)):
            if not isinstance(text, str) or not text.strip():
                self.fail(
                    _("%(where)s: %(what)s mangler på %(lang)s.")
                    % {"where": where, "what": what, "lang": missing}
                )
        return (da or "").strip() if isinstance(da, str) else "", (en or "").strip() if isinstance(
            en, str
        ) else ""

    def unknown_keys(self, data: dict, allowed: set[str], where: str) -> None:
        for key in sorted(set(data) - allowed, key=str):
            self.fail(_("%(where)s: ukendt felt «%(key)s».") % {"where": where, "key": key})

    def instrument(self, raw: Any) -> InstrumentSpec:
        if not isinstance(raw, dict):
            raise InstrumentError([_("Filen skal indeholde et instrument (en YAML-mapping).")])
        if raw.get("schema") != SCHEMA:
            self.fail(_("Feltet «schema» skal være «%(schema)s».") % {"schema": SCHEMA})
        self.unknown_keys(raw, _TOP_KEYS, _("Instrumentet"))
        instrument_id = raw.get("id")
        if (
            not isinstance(instrument_id, str)
            or not instrument_id.strip()
            or len(instrument_id) > 50
        ):
            self.fail(_("Instrumentet mangler et id (højst 50 tegn)."))
            instrument_id = ""
        name = self.text_pair(raw.get("name"), _("Instrumentet"), _("navnet"))
        description = self.text_pair(
            raw.get("description"), _("Instrumentet"), _("beskrivelsen"), required=False
        )
        previous = raw.get("previous") or ""
        if not isinstance(previous, str):
            self.fail(_("Feltet «previous» skal være id'et på en tidligere version."))
            previous = ""
        items: list[ItemSpec] = []
        for key, general in (("items", False), ("general_items", True)):
            section = raw.get(key) or []
            if not isinstance(section, list):
                self.fail(_("Feltet «%(key)s» skal være en liste.") % {"key": key})
                continue
            for n, item in enumerate(section, start=1):
                spec = self.item(item, n=n, general=general)
                if spec is not None:
                    items.append(spec)
        if not any(not i.general for i in items):
            self.fail(_("Instrumentet har ingen spørgsmål."))
        seen: set[str] = set()
        for item in items:
            if item.id in seen:
                self.fail(
                    _("Spørgsmålet «%(id)s» findes to gange: hvert id skal være entydigt.")
                    % {"id": item.id}
                )
            seen.add(item.id)
        if any(i.maps_to for i in items) and not previous:
            self.fail(_("Spørgsmål med «maps_to» kræver, at instrumentet angiver «previous»."))
        if self.problems:
            raise InstrumentError(self.problems)
        return InstrumentSpec(
            id=instrument_id.strip(),
            name_da=name[0],
            name_en=name[1],
            description_da=description[0],
            description_en=description[1],
            previous=previous.strip(),
            items=tuple(items),
            source=raw,
        )

    def item(self, raw: Any, *, n: int, general: bool) -> ItemSpec | None:
        where = _("Spørgsmål %(n)s") % {"n": n}
        if not isinstance(raw, dict):
            self.fail(_("%(where)s skal være en mapping.") % {"where": where})
            return None
        item_id = raw.get("id")
        if not isinstance(item_id, str) or not item_id.strip() or len(item_id) > 50:
            self.fail(_("%(where)s mangler et id (højst 50 tegn).") % {"where": where})
            item_id = ""
        else:
            where = _("Spørgsmål «%(id)s»") % {"id": item_id}
        self.unknown_keys(raw, _GENERAL_KEYS if general else _ITEM_KEYS, where)
        text = self.text_pair(raw.get("text"), where, _("teksten"))
        indicator = raw.get("indicator")
        if indicator not in INDICATORS + MEETING_INDICATORS:
            valid = ", ".join(INDICATORS + MEETING_INDICATORS)
            self.fail(
                _("%(where)s: ukendt indikator «%(value)s». Gyldige: %(valid)s.")
                % {"where": where, "value": indicator, "valid": valid}
            )
        raters: tuple[str, ...] = ("caseworker",)
        if not general:
            raw_raters = raw.get("raters")
            if (
                not isinstance(raw_raters, list)
                or not raw_raters
                or any(r not in RATERS for r in raw_raters)
            ):
                self.fail(
                    _("%(where)s: «raters» skal være en liste med %(valid)s.")
                    % {"where": where, "valid": ", ".join(RATERS)}
                )
            else:
                raters = tuple(dict.fromkeys(raw_raters))
        steps = self.scale(raw.get("scale"), where, general=general)
        maps_to = raw.get("maps_to") or ""
        if not isinstance(maps_to, str):
            self.fail(_("%(where)s: «maps_to» skal være et spørgsmåls id.") % {"where": where})
            maps_to = ""
        return ItemSpec(
            id=item_id.strip() if item_id else "",
            raters=raters,
            indicator=indicator if isinstance(indicator, str) else "",
            text_da=text[0],
            text_en=text[1],
            steps=steps,
            maps_to=maps_to,
            general=general,
        )

    def scale(self, raw: Any, where: str, *, general: bool) -> tuple[Step, ...]:
        if not isinstance(raw, list) or not raw:
            self.fail(_("%(where)s: skalaen mangler.") % {"where": where})
            return ()
        steps: list[Step] = []
        for step in raw:
            if not isinstance(step, dict):
                self.fail(
                    _("%(where)s: hvert trin på skalaen skal være en mapping.") % {"where": where}
                )
                continue
            value = step.get("value")
            if not isinstance(value, int) or isinstance(value, bool):
                self.fail(_("%(where)s: et trin mangler en heltalsværdi.") % {"where": where})
                continue
            at = _("%(where)s, trin %(value)s") % {"where": where, "value": value}
            self.unknown_keys(step, _STEP_KEYS, at)
            label = self.text_pair(step.get("label"), at, _("etiketten"))
            # Shared anchors reduce the spread between raters: required on rating items.
            anchor = self.text_pair(step.get("anchor"), at, _("ankerteksten"), required=not general)
            steps.append(Step(value, label[0], label[1], anchor[0], anchor[1]))
        values = [s.value for s in steps]
        expected = (
            list(range(0, 11)) if general and values and values[0] == 0 else list(range(1, 6))
        )
        if values != expected:
            self.fail(
                _("%(where)s: skalaen skal have trinnene %(expected)s i rækkefølge, fik %(got)s.")
                % {
                    "where": where,
                    "expected": ", ".join(map(str, expected)),
                    "got": ", ".join(map(str, values)),
                }
            )
        return tuple(steps)
