"""The analyser finds deficit and resource phrases, and leaves facts alone."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import time

import pytest

from jobtro.language import Analysis, Finding, analyse, language_picture, segments

# Generous limits: they catch quadratic behaviour (minutes at these sizes), not a
# slow or busy machine. bench/language.py measures the real speed.
LIMIT_SECONDS = 10


def kinds(text: str) -> list[tuple[str, str, str]]:
    return [(f.text, f.kind, f.category) for f in analyse(text).findings]


# --- each category -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "phrase", "category"),
    [
        ("Han er misbruger.", "misbruger", "label"),
        ("Hun har været alkoholmisbruger i mange år.", "alkoholmisbruger", "label"),
        ("De er stofmisbrugere begge to.", "stofmisbrugere", "label"),
        ("Han er en typisk problemborger.", "problemborger", "label"),
        (
            "Borgeren kan ikke arbejde mere end to timer.",
            "kan ikke arbejde mere end to timer",
            "negated_ability",
        ),
        ("Hun magter ikke at stå op om morgenen.", "magter ikke at stå", "negated_ability"),
        ("Han orker ikke at søge job.", "orker ikke at søge", "negated_ability"),
        ("Borgeren er umotiveret.", "umotiveret", "global_verdict"),
        ("De umotiverede borgere fylder meget.", "umotiverede", "global_verdict"),
        ("Borgeren er svag.", "svag", "global_verdict"),
        ("Hun har ingen arbejdsevne.", "ingen arbejdsevne", "global_verdict"),
        ("Han er ressourcesvag.", "ressourcesvag", "global_verdict"),
        ("De ressourcesvage borgere har brug for tid.", "ressourcesvage", "global_verdict"),
        ("Borgeren udebliver igen.", "udebliver igen", "blame_frame"),
        ("Trods gentagne tilbud er intet sket.", "Trods gentagne", "blame_frame"),
        ("Borgerens skånebehov er beskrevet.", "skånebehov", "deficit_jargon"),
        ("Der er en misbrugsproblematik.", "misbrugsproblematik", "deficit_jargon"),
        ("Der er mange barrierer.", "barrierer", "deficit_jargon"),
    ],
)
def test_each_deficit_category_is_found(text: str, phrase: str, category: str) -> None:
    assert (phrase, "deficit", category) in kinds(text)
    assert analyse(text).label == "deficit"


@pytest.mark.parametrize(
    ("text", "phrase", "category"),
    [
        ("Hun har erfaring med lager.", "har erfaring med", "experience"),
        ("Han har vist, at han kan møde stabilt.", "har vist, at", "shown_ability"),
        ("Hun kan med støtte klare opgaverne.", "kan med støtte", "support_ability"),
        ("Han trives bedst med faste rammer.", "trives bedst med", "thriving"),
        ("Hun er motiveret for at tage en uddannelse.", "er motiveret for", "motivation"),
        ("Han er god til at samarbejde.", "er god til", "strength"),
    ],
)
def test_each_resource_category_is_found(text: str, phrase: str, category: str) -> None:
    assert (phrase, "resource", category) in kinds(text)
    assert analyse(text).label == "resource"


# --- what must not be flagged --------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # schemes, places, trades and legal categories that contain trigger words
        "Borgeren er visiteret til et ressourceforløb.",
        "Han kommer på misbrugscentret hver uge.",
        "Hun har et skånejob på 15 timer.",
        "Borgeren er uddannet svagstrømstekniker.",
        "Han er vurderet aktivitetsparat.",
        "Hun modtager ressourceforløbsydelse.",
        "Borgeren har varigt og væsentligt nedsat arbejdsevne.",
        # administrative negations
        "Mødet kan ikke flyttes.",
        "Ydelsen kan ikke udbetales endnu.",
        "Det kan ikke lade sig gøre.",
        "Borgeren kan ikke nås på telefon.",
        "Virksomheden kan ikke tilbyde flere timer.",
        # dated single events
        "Borgeren udeblev den 3. marts.",
        "Han kan ikke komme på tirsdag, fordi han skal til tandlæge.",
        "Hun kunne ikke deltage den 10. maj.",
        # diagnoses stated as facts
        "Borgeren har diagnosen depression og er i behandling.",
        "Han er diagnosticeret med ADHD.",
        # negated deficits
        "Borgeren er ikke umotiveret.",
        "Han er ikke længere misbruger.",
        "Hun er på ingen måde ressourcesvag.",
        # words that are deficit words only about a person
        "Virksomheden har en svag økonomi.",
        "Det er svagt lys i lokalet.",
        "Han misbruger ikke noget.",
        "Han har svært ved at læse lange tekster.",
        # other languages, empty and markup
        "The citizen was unmotivated and weak.",
        "",
        "   \n\t ",
        "<script>alert('kan ikke')</script>",
    ],
)
def test_facts_and_names_are_not_flagged(text: str) -> None:
    result = analyse(text)
    assert [f.text for f in result.deficits] == []
    assert result.label != "deficit"


def test_a_negated_resource_is_not_a_resource() -> None:
    assert analyse("Han har ikke erfaring med lager.").findings == ()


def test_a_hedged_verdict_still_counts_but_weighs_less() -> None:
    plain = analyse("Borgeren er umotiveret.").findings[0]
    hedged = analyse("Borgeren virker lidt umotiveret.").findings[0]
    assert hedged.hedged and not plain.hedged
    assert hedged.weight < plain.weight
    assert hedged.kind == "deficit"


def test_the_verb_misbruger_is_not_a_label() -> None:
    assert kinds("Han misbruger alkohol i weekenden.") == []


def test_a_habit_is_generalising_but_one_dated_absence_is_a_fact() -> None:
    assert analyse("Borgeren udebliver fra aftalerne.").label == "deficit"
    assert analyse("Borgeren udeblev fra samtalen.").label == "neutral"
    assert analyse("Borgeren udeblev igen fra samtalen.").label == "deficit"


# --- findings, suggestions and scores -------------------------------------------------


def test_suggestions_keep_the_professional_fact() -> None:
    [finding] = analyse("Borgeren kan ikke arbejde mere end to timer.").findings
    assert "kan arbejde op til to timer ad gangen" in finding.suggestions
    [finding] = analyse("Borgerens skånebehov er beskrevet.").findings
    assert finding.suggestions[0] == "det skal der til, for at borgeren lykkes"


def test_suggestions_start_with_a_capital_when_the_phrase_does() -> None:
    [finding] = analyse("Skånebehov: pauser hver time.").findings
    assert finding.suggestions[0].startswith("Det skal der til")


def test_every_deficit_finding_has_one_to_three_suggestions_and_a_prompt() -> None:
    from jobtro.language.evaluation import EVAL_DIR, load_examples

    for example in load_examples(EVAL_DIR / "dev.jsonl"):
        for finding in analyse(example.text).deficits:
            assert 1 <= len(finding.suggestions) <= 3, finding
            assert finding.explanation
            assert finding.prompt.startswith("Vil du beskrive det som")


def test_label_and_score_weigh_deficit_against_resource() -> None:
    mixed = analyse("Hun har erfaring med børn, men er umotiveret.")
    assert mixed.label == "deficit" and mixed.score == 0.0
    assert analyse("Hun er motiveret og har erfaring med salg.").score == 1.0
    assert analyse("Han er umotiveret.").score == -1.0
    assert analyse("Han bor i Aarhus.") == Analysis(label="neutral", score=0.0, findings=())


def test_results_are_frozen() -> None:
    result = analyse("Han er misbruger.")
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.label = "neutral"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.findings[0].text = "x"  # type: ignore[misc]


def test_to_dict_has_the_contract_fields() -> None:
    data = analyse("Han er misbruger.").to_dict(id="x1")
    assert list(data) == ["id", "label", "score", "findings"]
    assert list(data["findings"][0]) == [
        "start", "end", "text", "kind", "category", "explanation", "suggestions"
    ]  # fmt: skip


# --- offsets into the original text ---------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Borgeren er umotiveret.",
        "Borgeren er u\u200bmotiveret.",  # zero-width space inside the word
        "Borgeren er umotiveret\u00ad.",  # soft hyphen
        "Han er tidligere sto\u0301fmisbruger.",  # a combining accent before the match
        "Bo\u0301rgeren i Ska\u030aneby er umotiveret, og hun har erfaring med lager.",
        "<p>Borgeren er <b>umotiveret</b> &amp; har <i>erfaring med</i> lager.</p>",
        "\ufeffHan er misbruger.",  # byte-order mark
        "Hun er 👩‍🔧 og umotiveret.",  # emoji with a zero-width joiner
    ],
)
def test_offsets_point_into_the_original_text(text: str) -> None:
    result = analyse(text)
    assert result.findings, text
    for finding in result.findings:
        assert text[finding.start : finding.end] == finding.text
        assert 0 <= finding.start < finding.end <= len(text)


def test_a_word_split_by_an_invisible_character_is_still_found() -> None:
    [finding] = analyse("Han er mis\u200bbruger.").findings
    assert finding.text == "mis\u200bbruger"


def test_decomposed_letters_match_like_composed_ones() -> None:
    decomposed = "Borgeren har ska\u030anebehov."  # å as a + combining ring
    [finding] = analyse(decomposed).findings
    assert finding.category == "deficit_jargon"
    assert decomposed[finding.start : finding.end] == "ska\u030anebehov"


def test_words_inside_markup_are_not_findings() -> None:
    assert analyse('<a title="umotiveret misbruger">link</a>').findings == ()
    assert analyse("<style>.svag { }</style><script>x = 'kan ikke'</script>").findings == ()


def test_a_block_tag_ends_a_sentence_and_an_inline_tag_does_not() -> None:
    from jobtro.language.text import prepare, tokenise

    assert tokenise(prepare("Borgeren<br>kan")).sentence == [0, 1]
    assert tokenise(prepare("Borgeren</p><p>kan")).sentence == [0, 1]
    assert tokenise(prepare("Borgeren <b>kan</b>")).sentence == [0, 0]
    [finding] = analyse("Borgeren <b>kan ikke</b> arbejde").findings
    assert finding.text == "kan ikke</b> arbejde"


@pytest.mark.parametrize(
    "text",
    ["<script>x " * 50_000, "<" * 500_000, "<a" * 250_000, "&amp" * 100_000, "\u0301" * 300_000],
)
def test_hostile_markup_and_unicode_stay_linear(text: str) -> None:
    started = time.perf_counter()
    analyse(text)
    assert time.perf_counter() - started < LIMIT_SECONDS


# --- bad input -----------------------------------------------------------------------


def test_a_long_text_finishes_in_bounded_time() -> None:
    text = "Borgeren er umotiveret, men har erfaring med lager. Mødet kan ikke flyttes. " * 2500
    started = time.perf_counter()
    result = analyse(text)
    assert time.perf_counter() - started < LIMIT_SECONDS
    assert len(result.findings) == 5000


def test_a_run_of_letters_without_spaces_is_quick() -> None:
    started = time.perf_counter()
    assert analyse("a" * 200_000).findings == ()
    assert time.perf_counter() - started < LIMIT_SECONDS


def test_non_text_is_refused() -> None:
    with pytest.raises(TypeError):
        analyse(None)  # type: ignore[arg-type]


# --- a team's language picture --------------------------------------------------------


def test_language_picture_counts_phrases_without_keeping_text() -> None:
    picture = language_picture(
        ["Borgeren er umotiveret.", "Hun har erfaring med lager og er motiveret for job.", ""]
    )
    assert (picture.n_texts, picture.n_deficit, picture.n_resource) == (3, 1, 2)
    assert picture.texts_with_deficit == 1 and picture.texts_with_resource == 1
    assert picture.deficit_share == pytest.approx(1 / 3)
    assert picture.by_category["global_verdict"] == 1
    assert not any(isinstance(v, str) for v in dataclasses.asdict(picture).values())


def test_finding_is_importable_from_the_package() -> None:
    assert Finding.__module__ == "jobtro.language.analyser"


# --- purity ---------------------------------------------------------------------------


def test_the_language_core_never_imports_django_and_loads_lazily() -> None:
    code = (
        "import sys\n"
        "import jobtro.language as L\n"
        "from jobtro.language.lexicon import default_lexicon\n"
        "assert default_lexicon.cache_info().currsize == 0, 'loaded at import'\n"
        "L.analyse('Borgeren er umotiveret.')\n"
        "import jobtro.language.cli, jobtro.language.evaluation\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('django', 'ninja')]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_segments_cut_the_text_for_display_and_join_back() -> None:
    text = "<b>Hun</b> er umotiveret, men har erfaring med lager."
    pieces = segments(text, analyse(text))
    assert "".join(piece.text for piece in pieces) == text
    assert [(p.text, p.finding.kind) for p in pieces if p.finding] == [
        ("umotiveret", "deficit"),
        ("har erfaring med", "resource"),
    ]
    assert segments("", analyse("")) == []


def test_the_docstring_examples_run() -> None:
    import doctest

    from jobtro.language import analyser, lexicon

    for module in (analyser, lexicon):
        assert doctest.testmod(module).failed == 0, module.__name__


def test_random_mixtures_of_words_markup_and_odd_unicode_keep_every_invariant() -> None:
    import random

    rng = random.Random(5)
    pieces = [
        "Borgeren", "er", "umotiveret", "kan", "ikke", "arbejde", "mere", "end", "to",
        "timer", "har", "erfaring", "med", "misbruger", "skånebehov", "ressourceforløb",
        "den", "3.", "marts", ",", ".", "\n", "<b>", "</b>", "<script>", "&amp;", "\u200b",
        "\u0301", "\u00ad", "\ufeff", "İ", "ß", "👩\u200d🔧", "a\u030a", " ", "  ", "\t", "<",
    ]  # fmt: skip
    for _ in range(300):
        text = "".join(
            rng.choice(pieces) + rng.choice(["", " "]) for _ in range(rng.randint(0, 40))
        )
        result = analyse(text)
        position = 0
        for finding in result.findings:
            assert 0 <= position <= finding.start < finding.end <= len(text), text
            assert text[finding.start : finding.end] == finding.text
            position = finding.end
        assert -1.0 <= result.score <= 1.0
        assert (result.label == "neutral") == (not result.findings)
