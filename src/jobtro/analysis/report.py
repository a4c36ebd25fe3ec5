"""``results.json`` (schema ``jobtro-results/1``) and a self-contained ``report.html``.

The JSON keys of the contract are written exactly; everything else is *added*
beside them (``descriptive``, ``experiments``, ``sparring``, ``expectations``,
``absolute``, ``model``). The HTML embeds its figures as inline SVG, so it opens
offline and can be mailed to a municipality as one file.

Examples
--------
>>> fmt_pct(0.0612)
'6,1 %'
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping

import numpy as np

from jobtro.analysis.estimates import Effect, Proportion
from jobtro.analysis.figures import figures
from jobtro.analysis.meeting_report import html_part, results_part, sentences_part
from jobtro.analysis.results import JSONObject, JSONValue, Results

RESULTS_SCHEMA = "jobtro-results/1"


# The former name of the results bundle, kept for notebooks and bench/analysis.py.
Analysis = Results


def fmt_pct(x: float, digits: int = 1) -> str:
    """Danish percentage: decimal comma, a space before the sign."""
    return f"{100 * x:.{digits}f} %".replace(".", ",")


def _num(x: float, digits: int = 2) -> str:
    return f"{x:.{digits}f}".replace(".", ",")


def _int(n: int) -> str:
    """Danish thousands separator: 100.000."""
    return f"{n:,}".replace(",", ".")


def count(n: int, one: str, many: str) -> str:
    """A count with the noun in the right number (the core has no gettext).

    >>> count(1, "forsøgsteam", "forsøgsteams"), count(2, "team", "teams")
    ('1 forsøgsteam', '2 teams')
    """
    return f"{n} {one if n == 1 else many}"


def _p(p: float) -> str:
    if not math.isfinite(p):
        return "–"
    return "< 0,001" if p < 0.001 else _num(p, 3)


def _clean(x: float) -> float | None:
    return None if x is None or not math.isfinite(x) else float(x)


def _effect_json(effect: Effect, **extra: int) -> JSONObject:
    hr = effect.hazard_ratio
    return {
        "hazard_ratio": hr.estimate,
        "ci_low": hr.ci_low,
        "ci_high": hr.ci_high,
        "p_value": hr.p_value,
        **extra,
        "method": hr.method,
        "se_log_hr": hr.se_log,
        "n_events": hr.n_events,
        "absolute_per_100_within_1y": {
            "reference": effect.per100_reference,
            "comparison": effect.per100_comparison,
            "reference_label": effect.reference_label,
            "comparison_label": effect.comparison_label,
        },
    }


def _not_estimated(reason: str, **extra: int) -> JSONObject:
    """The contract's keys with nulls, and why, for an effect the data cannot carry."""
    return {
        "hazard_ratio": None,
        "ci_low": None,
        "ci_high": None,
        "p_value": None,
        **extra,
        "method": f"ikke estimeret: {reason}",
    }


def _relative_da(hr: float) -> str:
    pct = abs(hr - 1) * 100
    return f"{pct:.0f} % {'højere' if hr >= 1 else 'lavere'}"


def _relative_en(hr: float) -> str:
    pct = abs(hr - 1) * 100
    return f"{pct:.0f} % {'higher' if hr >= 1 else 'lower'}"


def _change_sentences(ch: Effect, window_days: int, da: dict[str, str], en: dict[str, str]) -> None:
    """The caseworker-change sentences, with the absolute picture."""
    hr = ch.hazard_ratio
    da["caseworker_change"] = (
        f"I de første {window_days} dage efter et skift af sagsbehandler er chancen for job eller "
        f"uddannelse {_relative_da(hr.estimate)} (HR {_num(hr.estimate)}, 95 %-CI "
        f"{_num(hr.ci_low)}-{_num(hr.ci_high)}, p {_p(hr.p_value)}): ca. "
        f"{_num(ch.per100_comparison, 1)} i stedet for {_num(ch.per100_reference, 1)} af 100 borgere "
        "inden for et år, hvis skiftet sker ved starten."
    )
    en["caseworker_change"] = (
        f"In the first {window_days} days after a change of caseworker the chance of job or "
        f"education is {_relative_en(hr.estimate)} (HR {hr.estimate:.2f}, 95 % CI "
        f"{hr.ci_low:.2f}-{hr.ci_high:.2f}): about {ch.per100_comparison:.1f} instead of "
        f"{ch.per100_reference:.1f} of 100 citizens within a year if the change happens at the start."
    )


def sentences(a: Results) -> tuple[dict[str, str], dict[str, str]]:
    """Plain Danish and English sentences, relative effects always with absolute ones."""
    da: dict[str, str] = {}
    en: dict[str, str] = {}
    dist = a.distribution
    low = dist.get(1, 0) + dist.get(2, 0)
    da["belief_distribution"] = (
        f"I {fmt_pct(low, 0)} af vurderingerne tror sagsbehandleren ikke eller tvivler på "
        "(niveau 1-2), at borgeren kommer i job inden for et år."
    )
    en["belief_distribution"] = (
        f"In {100 * low:.0f} % of ratings the caseworker does not believe or doubts "
        "(level 1-2) that the citizen gets a job within a year."
    )
    j1, j5 = a.job12.get(1), a.job12.get(5)
    if j1 and j5 and j1.n and j5.n:
        da["job_within_12m_by_belief"] = (
            f"Af de borgere, sagsbehandleren ikke tror på (niveau 1), var {fmt_pct(j1.rate)} i job "
            f"eller uddannelse et år senere, mod {fmt_pct(j5.rate)} af dem, sagsbehandleren tror "
            "stærkt på (niveau 5). Det er en sammenhæng, ikke i sig selv en effekt."
        )
        en["job_within_12m_by_belief"] = (
            f"Of citizens the caseworker does not believe in (level 1), {100 * j1.rate:.1f} % were "
            f"in job or education a year later, against {100 * j5.rate:.1f} % of those the "
            "caseworker strongly believes in (level 5). This is an association, not by itself an effect."
        )
    c = a.change_share
    da["caseworker_change_share"] = (
        f"{fmt_pct(c.rate, 0)} af borgerne (95 %-CI {fmt_pct(c.ci_low, 0)}-{fmt_pct(c.ci_high, 0)}) "
        "har skiftet sagsbehandler mindst én gang i perioden."
    )
    en["caseworker_change_share"] = (
        f"{100 * c.rate:.0f} % of citizens (95 % CI {100 * c.ci_low:.0f}-{100 * c.ci_high:.0f} %) "
        "changed caseworker at least once during the period."
    )
    h = a.hazards
    b = h.belief_per_step
    hr = b.hazard_ratio
    da["belief_per_step"] = (
        f"Ét trin højere tro hos sagsbehandleren hænger sammen med en {_relative_da(hr.estimate)} "
        f"chance for job eller uddannelse (HR {_num(hr.estimate)}, 95 %-CI {_num(hr.ci_low)}-"
        f"{_num(hr.ci_high)}, p {_p(hr.p_value)}): ca. {b.per100_comparison:.0f} i stedet for "
        f"{b.per100_reference:.0f} af 100 borgere i job eller uddannelse inden for et år "
        f"({b.comparison_label} mod {b.reference_label})."
    )
    en["belief_per_step"] = (
        f"One step higher caseworker belief goes with a {_relative_en(hr.estimate)} chance of job "
        f"or education (HR {hr.estimate:.2f}, 95 % CI {hr.ci_low:.2f}-{hr.ci_high:.2f}, "
        f"p {_p(hr.p_value).replace(',', '.')}): about {b.per100_comparison:.0f} instead of "
        f"{b.per100_reference:.0f} of 100 citizens in job or education within a year "
        "(belief 4 against 3)."
    )
    ch = h.caseworker_change
    if ch is None:
        da["caseworker_change"] = (
            "Der er ingen skift af sagsbehandler i data, så effekten af et skift er ikke estimeret."
        )
        en["caseworker_change"] = (
            "The data hold no change of caseworker, so its effect is not estimated."
        )
    else:
        _change_sentences(ch, h.window_days, da, en)
    g = h.general_belief
    if g is not None:
        hr = g.hazard_ratio
        da["general_belief"] = (
            f"Borgere, hvis sagsbehandler generelt tror ét trin mere på borgernes jobchance, har "
            f"en {_relative_da(hr.estimate)} chance (HR {_num(hr.estimate)}, 95 %-CI "
            f"{_num(hr.ci_low)}-{_num(hr.ci_high)}, p {_p(hr.p_value)}): ca. "
            f"{g.per100_comparison:.0f} i stedet for {g.per100_reference:.0f} af 100 inden for et år."
        )
        en["general_belief"] = (
            f"Citizens whose caseworker generally believes one step more in citizens' job chances "
            f"have a {_relative_en(hr.estimate)} chance (HR {hr.estimate:.2f}, 95 % CI "
            f"{hr.ci_low:.2f}-{hr.ci_high:.2f}): about {g.per100_comparison:.0f} instead of "
            f"{g.per100_reference:.0f} of 100 within a year."
        )
    for e in a.experiments:
        da[f"experiment_{e.experiment_id}"] = (
            f"Forsøg {e.experiment_id}: troen i forsøgsteamene ændrede sig {_num(e.estimate)} point "
            f"mere end i sammenligningsteamene (95 %-CI {_num(e.ci_low)} til {_num(e.ci_high)}, "
            f"p {_p(e.p_value)}; {count(e.n_treated_teams, 'forsøgsteam', 'forsøgsteams')}, "
            f"{count(e.n_comparison_teams, 'sammenligningsteam', 'sammenligningsteams')})."
        )
        en[f"experiment_{e.experiment_id}"] = (
            f"Experiment {e.experiment_id}: belief in the trial teams changed {e.estimate:.2f} points "
            f"more than in the comparison teams (95 % CI {e.ci_low:.2f} to {e.ci_high:.2f}, "
            f"p {_p(e.p_value).replace(',', '.')}; {count(e.n_treated_teams, 'trial team', 'trial teams')}, "
            f"{count(e.n_comparison_teams, 'comparison team', 'comparison teams')})."
        )
        if e.clustered_on == "caseworker":  # too few teams: the interval ignores team shocks
            da[f"experiment_{e.experiment_id}"] += (
                " Usikkerheden er beregnet med sagsbehandlerne som klynger: intervallet "
                "afspejler variationen mellem medarbejdere, ikke en hændelse, der rammer et "
                "helt team (fx en ny leder), og som kan give samme billede."
            )
            en[f"experiment_{e.experiment_id}"] += (
                " The uncertainty is clustered on caseworkers: the interval reflects variation "
                "between staff, not an event that hits a whole team (such as a new leader), "
                "which can give the same picture."
            )
    s = a.sparring
    if s is not None:
        da["sparring"] = (
            f"Efter sparring steg troen hos {fmt_pct(s.up.rate, 0)}, faldt hos "
            f"{fmt_pct(s.down.rate, 0)} og var uændret hos {fmt_pct(s.unchanged.rate, 0)} "
            f"({s.n_pairs} forløb; gennemsnitlig ændring {_num(s.mean_change)} point, 95 %-CI "
            f"{_num(s.ci_low)}-{_num(s.ci_high)}). {s.warning}"
        )
        en["sparring"] = (
            f"After sparring, belief rose for {100 * s.up.rate:.0f} %, fell for "
            f"{100 * s.down.rate:.0f} % and was unchanged for {100 * s.unchanged.rate:.0f} % "
            f"({s.n_pairs} sessions; mean change {s.mean_change:.2f} points, 95 % CI "
            f"{s.ci_low:.2f}-{s.ci_high:.2f}). Beware regression to the mean: low ratings tend "
            "to rise at the next measurement anyway."
        )
    x = a.expectations
    if x is not None:
        lo, hi = x.job_action_within_90d[1], x.job_action_within_90d[5]
        da["expectations_action"] = (
            f"Efter en vurdering på niveau 1 startede en jobrettet indsats inden for 90 dage i "
            f"{fmt_pct(lo.rate, 0)} af tilfældene, mod {fmt_pct(hi.rate, 0)} efter niveau 5."
        )
        en["expectations_action"] = (
            f"After a level-1 rating a job-oriented action started within 90 days in "
            f"{100 * lo.rate:.0f} % of cases, against {100 * hi.rate:.0f} % after level 5."
        )
    meeting_da, meeting_en = sentences_part(a.meetings)
    da.update(meeting_da)
    en.update(meeting_en)
    return da, en


def _prop_json(p: Proportion) -> JSONObject:
    return {
        "rate": _clean(p.rate),
        "ci_low": _clean(p.ci_low),
        "ci_high": _clean(p.ci_high),
        "n": p.n,
    }


def results_json(a: Results) -> JSONObject:
    """The ``jobtro-results/1`` document (contract keys first, additions after)."""
    da, en = sentences(a)
    h = a.hazards
    effects: JSONObject = {
        "belief_per_step": _effect_json(h.belief_per_step),
        "caseworker_change": (
            _effect_json(h.caseworker_change, window_days=h.window_days)
            if h.caseworker_change is not None
            else _not_estimated("ingen skift af sagsbehandler i data", window_days=h.window_days)
        ),
        "general_belief": (
            _effect_json(h.general_belief)
            if h.general_belief is not None
            else _not_estimated("for få sagsbehandlere med vurderinger af andre borgere")
        ),
    }
    out: JSONObject = {
        "schema": RESULTS_SCHEMA,
        "n_citizens": len(a.data.citizens),
        "n_staff": len(a.data.staff),
        "n_events": h.main.n_events,
        "belief_distribution": {str(k): v for k, v in a.distribution.items()},
        "job_within_12m_by_belief": {
            str(k): {
                **_prop_json(v),
                "method": "Wilson 95 %-CI; første vurdering pr. borger med et års opfølgning",
            }
            for k, v in a.job12.items()
        },
        "effects": effects,
        "text": {"da": _text(da), "en": _text(en)},
        # --- additions beyond the contract ---
        "generated_at": a.generated_at.isoformat(timespec="seconds"),
        "observed_until": a.data.observed_until.isoformat(),
        "caseworker_change_share": {**_prop_json(a.change_share), "method": "Wilson 95 %-CI"},
        "model": {
            "period_days": a.panel.period_days,
            "exact_timing": a.panel.exact_timing,
            "n_person_periods": h.main.n_obs,
            "n_cells": h.main.n_cells,
            "n_clusters": h.main.n_clusters,
            "terms": {
                name: {"coef": float(c), "se": float(s)}
                for name, c, s in zip(h.main.names, h.main.params, h.main.se, strict=True)
            },
        },
        "experiments": [
            {
                "experiment_id": e.experiment_id,
                "estimate": e.estimate,
                "ci_low": e.ci_low,
                "ci_high": e.ci_high,
                "p_value": e.p_value,
                "n_ratings": e.n_ratings,
                "n_treated_teams": e.n_treated_teams,
                "n_comparison_teams": e.n_comparison_teams,
                "method": e.method,
                "clustered_on": e.clustered_on,
            }
            for e in a.experiments
        ],
    }
    s = a.sparring
    if s is not None:
        out["sparring"] = {
            "n_pairs": s.n_pairs,
            "mean_change": s.mean_change,
            "ci_low": s.ci_low,
            "ci_high": s.ci_high,
            "p_value": s.p_value,
            "share_up": _prop_json(s.up),
            "share_down": _prop_json(s.down),
            "share_unchanged": _prop_json(s.unchanged),
            "expected_change_without_sparring": _clean(s.expected_change_without_sparring),
            "adjusted_change": _clean(s.adjusted_change),
            "method": s.method,
            "warning": s.warning,
        }
    x = a.expectations
    if x is not None:
        out["expectations"] = {
            "job_action_within_90d_by_belief": {
                str(k): _prop_json(v) for k, v in x.job_action_within_90d.items()
            },
            "no_active_action_share_by_belief": {
                str(k): _prop_json(v) for k, v in x.no_active_action_share.items()
            },
            "trend_p_value": _clean(x.trend_p_value),
            "method": x.method,
        }
    out.update(results_part(a.meetings))
    return _finite_object(out)


def _text(sentences: dict[str, str]) -> JSONObject:
    text: JSONObject = {}
    text.update(sentences)
    return text


def _finite_object(value: Mapping[str, object]) -> JSONObject:
    return {str(k): _finite(v) for k, v in value.items()}


def _finite(value: object) -> JSONValue:
    """NaN and infinity become null: JSON has no NaN, and a reader should see "unknown"."""
    if isinstance(value, dict):
        return _finite_object(value)
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    if isinstance(value, float | np.floating):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, np.integer):
        return int(value)
    if value is None or isinstance(value, bool | int | str):
        return value
    raise TypeError(f"no JSON form for {type(value).__name__}")


# --- html ------------------------------------------------------------------------------------

_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:56rem;margin:2rem auto;
padding:0 1rem;color:#1f2933;line-height:1.5}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #d9e2ec}
table{border-collapse:collapse;margin:1rem 0}td,th{padding:.3rem .7rem;border-bottom:1px solid #e4e7eb;
text-align:right}th:first-child,td:first-child{text-align:left}.note{background:#fff8e1;padding:.6rem 1rem;
border-left:4px solid #f0b429}.lead{font-size:1.05rem}figure{margin:1rem 0}svg{max-width:100%;height:auto}
"""


def report_html(a: Results, results: JSONObject | None = None) -> str:
    """A self-contained Danish report: sentences, tables, figures, method and limits.

    ``results`` is not read (the sentences are made again from ``a``); it is accepted
    for callers of the former ``report_html(analysis, results)``.
    """
    e = html.escape
    figs = figures(a)
    da, _en = sentences(a)
    h = a.hazards
    parts = [
        "<!doctype html><html lang='da'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width,initial-scale=1'>",
        f"<title>Tro på borgernes jobchance — analyse</title><style>{_CSS}</style></head><body>",
        "<h1>Tro på borgernes jobchance — analyse</h1>",
        f"<p>{_int(len(a.data.citizens))} borgere, {_int(len(a.data.staff))} medarbejdere, "
        f"{_int(h.main.n_events)} overgange til job, fleksjob eller uddannelse i analysen; data "
        f"til og med {a.data.observed_until.isoformat()}.</p>",
        "<h2>Hovedresultater</h2>",
    ]
    for key in (
        "belief_per_step",
        "caseworker_change",
        "general_belief",
        "job_within_12m_by_belief",
    ):
        if key in da:
            parts.append(f"<p class='lead'>{e(da[key])}</p>")
    parts.append(
        f"<figure>{figs['forest']}<figcaption>Hazard ratios med 95 %-konfidensintervaller. "
        "Til højre for den stiplede linje: højere chance for job eller uddannelse.</figcaption></figure>"
    )
    rows = []
    for label, eff in (
        ("Tro, pr. trin", h.belief_per_step),
        (f"Skift af sagsbehandler (første {h.window_days} dage)", h.caseworker_change),
        ("Generel tro, pr. trin", h.general_belief),
    ):
        if eff is None:
            continue
        hr = eff.hazard_ratio
        rows.append(
            f"<tr><td>{e(label)}</td><td>{_num(hr.estimate)}</td><td>{_num(hr.ci_low)}-{_num(hr.ci_high)}</td>"
            f"<td>{e(_p(hr.p_value))}</td><td>{_num(eff.per100_reference, 1)} → {_num(eff.per100_comparison, 1)}</td></tr>"
        )
    parts.append(
        "<table><tr><th>Effekt</th><th>HR</th><th>95 %-CI</th><th>p</th>"
        "<th>Af 100 i job/udd. inden for et år</th></tr>" + "".join(rows) + "</table>"
    )
    parts.append("<h2>Tro på jobchancen</h2>")
    parts.append(f"<p>{e(da['belief_distribution'])}</p><figure>{figs['distribution']}</figure>")
    if "trend" in figs:
        parts.append(
            f"<figure>{figs['trend']}<figcaption>Gennemsnitlig tro pr. kvartal.</figcaption></figure>"
        )
    parts.append("<h2>Job eller uddannelse inden for 12 måneder efter vurderingen</h2>")
    parts.append(f"<figure>{figs['job12']}</figure>")
    hidden = a.suppression.cells if a.suppression is not None else ()
    trs = "".join(
        f"<tr><td>{k}</td><td colspan='3'>færre end {a.suppression.min_citizens} borgere</td></tr>"
        if a.suppression is not None and k in hidden
        else f"<tr><td>{k}</td><td>{v.n}</td><td>{fmt_pct(v.rate) if v.n else '–'}</td>"
        f"<td>{(fmt_pct(v.ci_low) + '-' + fmt_pct(v.ci_high)) if v.n else '–'}</td></tr>"
        for k, v in a.job12.items()
    )
    parts.append(
        "<table><tr><th>Tro</th><th>Borgere</th><th>I job/udd.</th><th>95 %-CI</th></tr>"
        + trs
        + "</table>"
    )
    parts.append(
        f"<h2>Skift af sagsbehandler</h2><p>{e(da['caseworker_change_share'])}</p><p>{e(da['caseworker_change'])}</p>"
    )
    if a.experiments:
        parts.append("<h2>Forsøg i teams</h2>")
        for trial in a.experiments:
            parts.append(
                f"<p>{e(da['experiment_' + trial.experiment_id])}</p>"
                f"<p><small>{e(trial.method)}</small></p>"
            )
    if a.sparring is not None:
        s = a.sparring
        # The warning gets its own box below, not a second time inside the sentence.
        parts.append(f"<h2>Sparring</h2><p>{e(da['sparring'].replace(s.warning, '').strip())}</p>")
        if s.has_comparison:
            parts.append(
                f"<p>Borgere uden sparring med samme udgangsniveau ændrede sig i gennemsnit "
                f"{_num(s.expected_change_without_sparring)} point; forskellen er "
                f"{_num(s.adjusted_change)} point.</p>"
            )
        parts.append(f"<p class='note'>{e(s.warning)}</p>")
    if a.expectations is not None:
        x = a.expectations
        parts.append(f"<h2>Forventninger og handling</h2><p>{e(da['expectations_action'])}</p>")
        trs = "".join(
            f"<tr><td>{k}</td><td>{fmt_pct(x.job_action_within_90d[k].rate)}</td>"
            f"<td>{fmt_pct(x.no_active_action_share[k].rate)}</td></tr>"
            for k in range(1, 6)
            if x.job_action_within_90d[k].n
        )
        parts.append(
            "<table><tr><th>Tro</th><th>Jobrettet indsats inden for 90 dage</th>"
            "<th>Tid uden aktiv indsats</th></tr>"
            + trs
            + f"</table><p>Trendtest (Cochran-Armitage): p {e(_p(x.trend_p_value))}.</p>"
        )
    parts.append(html_part(a.meetings, da))
    parts.append(
        "<h2>Metode</h2><p>" + e(h.belief_per_step.hazard_ratio.method) + ". "
        f"Hver borger følges fra tilmelding i perioder på {a.panel.period_days} dage, til første overgang "
        "til job, fleksjob eller uddannelse, anden afgang eller observationsperiodens slut. Troen er "
        "sagsbehandlerens seneste vurdering ved periodens start; tid før første vurdering tæller ikke med. "
        "Relative effekter omregnes til absolutte med modellen: den gennemsnitlige risiko for job eller "
        "uddannelse inden for et år for borgerne, som de træder ind i analysen.</p>"
    )
    parts.append(
        "<h2>Begrænsninger</h2><ul>"
        "<li>Sammenhænge i registerdata er ikke bevis for årsag: sagsbehandleren kan se noget i borgeren, "
        "som ingen variabel fanger, og som både giver høj tro og job.</li>"
        + (
            "<li>Perioderne er delt, hvor vurderinger og skift sker, så hver tidsperiode har én tilstand.</li>"
            if a.panel.exact_timing
            else "<li>Troen måles ca. hver 3. måned og bruges fra næste periodes start; det dæmper "
            "effekten lidt (se docs/analysis.md om præcis timing).</li>"
        )
        + "<li>Konfidensintervallerne for job inden for 12 måneder bygger på én vurdering pr. borger.</li>"
        "<li>Sparring sammenlignes før og efter uden lodtrækning; se advarslen om regression mod middelværdien.</li>"
        "<li>Tro er et refleksionsredskab, aldrig en etiket på den enkelte borger, og resultaterne må "
        "ikke bruges til at rangordne medarbejdere.</li></ul>"
    )
    parts.append("</body></html>")
    return "\n".join(parts)
