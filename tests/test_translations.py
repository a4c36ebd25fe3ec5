"""English is maintained beside Danish: every message in the catalogue is translated
and the compiled catalogue matches it."""

import gettext
import re
from pathlib import Path

PO = (
    Path(__file__).resolve().parents[1]
    / "src"
    / "jobtro"
    / "locale"
    / "en"
    / "LC_MESSAGES"
    / "django.po"
)


def entries():
    text = PO.read_text(encoding="utf-8")
    for block in text.split("\n\n")[1:]:  # the first block is the header
        if "msgid" not in block:
            continue
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in block.splitlines())
        msgstrs = re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', block + "\n", flags=re.M)
        values = ["".join(re.findall(r'"(.*)"', m)) for m in msgstrs]
        msgid = "".join(
            re.findall(
                r'"(.*)"',
                block.split("msgid ", 1)[1].split("\nmsgstr")[0].split("\nmsgid_plural")[0],
            )
        )
        yield msgid, values, fuzzy


def test_every_message_has_an_english_translation():
    missing = [msgid for msgid, values, fuzzy in entries() if fuzzy or not all(values)]
    assert not missing, missing[:20]


def test_the_compiled_catalogue_matches():
    with PO.with_suffix(".mo").open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    assert catalogue.gettext("Borgere") == "Citizens"
    # Recompile with `make messages` after editing the .po: every entry must be in the .mo.
    compiled = {key[0] if isinstance(key, tuple) else key for key in catalogue._catalog}
    in_po = {msgid.replace('\\"', '"').replace("\\n", "\n") for msgid, _, _ in entries()}
    assert not in_po - compiled
