"""The meeting-form and partner results in ``results.json`` and ``report.html``.

Added beside the contract's keys (``meeting_forms``, ``external_partners``,
``belief_by_rater_type``) and as one section of the report; :mod:`jobtro.analysis.report`
calls :func:`results_part`, :func:`sentences_part` and :func:`html_part`.

Examples
--------
>>> results_part(None)
{}
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from typing import Any

from jobtro.analysis.estimates import Proportion
from jobtro.analysis.io import ResearchData
from jobtro.analysis.meeting_forms import (
    Cell,
    Difference,
    MeetingFormResult,
    PartnerComparison,
    belief_by_rater_type,
    meeting_forms,
    partner_comparison,
)

# Below this many partners the sentence warns that one partner can carry the difference.
FEW_PARTNERS = 20
FORM_LABELS = {
    "fremmøde": "Fremmøde",
    "telefon": "Telefon",
    "video": "Video",
    "virksomhed": "Virksomhedsbesøg",
    "hjem": "Hjemmebesøg",
    "andet": "Andet",
    "physical": "Fysisk (fremmøde, virksomhed, hjem)",
    "remote": "Virtuel (telefon, video)",
}


@dataclass(frozen=True)
class MeetingAnalysis:
    meetings: MeetingFormResult | None
    partners: PartnerComparison | None
    rater_types: dict[str, dict[str, Any]]


def analyse_meetings(data: ResearchData) -> MeetingAnalysis:
    """Everything of this part of the analysis on one validated folder."""
    return MeetingAnalysis(
        meeting_forms(data), partner_comparison(data), belief_by_rater_type(data)
    )


def _f(x: float) -> float | None:
    return None if x is None or not math.isfinite(x) else float(x)


def _cell(c: Cell) -> dict[str, Any]:
    # A suppressed cell publishes neither its mean nor its counts (Cell holds None).
    return {
        "mean": None if c.suppressed else _f(c.mean),
        "n_ratings": c.n_ratings,
        "n_citizens": c.n_citizens,
        "n_raters": c.n_raters,
        "suppressed": c.suppressed,
    }


def _diff(d: Difference | None) -> dict[str, Any] | None:
    if d is None:
        return None
    return {
        "estimate": _f(d.estimate),
        "ci_low": _f(d.ci_low),
        "ci_high": _f(d.ci_high),
        "p_value": _f(d.p_value),
        "n_ratings": d.n_ratings,
        "n_citizens": d.n_citizens,
        "n_clusters": d.n_clusters,
        "suppressed": d.suppressed,
        "method": d.method,
    }


def _prop(p: Proportion) -> dict[str, Any]:
    # The agreement shares carry no interval (pairs of one citizen are not independent).
    return {"rate": _f(p.rate), "ci_low": _f(p.ci_low), "ci_high": _f(p.ci_high), "n": p.n}


def results_part(m: MeetingAnalysis | None) -> dict[str, Any]:
    """The keys this part adds to ``results.json`` (none when nothing could be computed)."""
    if m is None:
        return {}
    out: dict[str, Any] = {}
    r = m.meetings
    if r is not None:
        out["meeting_forms"] = {
            "caseworker_belief_by_form": {k: _cell(v) for k, v in r.caseworker_by_form.items()},
            "perceived_belief_by_form": {k: _cell(v) for k, v in r.perceived_by_form.items()},
            "caseworker_belief_by_group": {k: _cell(v) for k, v in r.caseworker_by_group.items()},
            "perceived_belief_by_group": {k: _cell(v) for k, v in r.perceived_by_group.items()},
            "physical_minus_remote": {
                "caseworker_belief": _diff(r.caseworker_difference),
                "caseworker_belief_within_citizen": _diff(r.caseworker_within_citizen),
                "perceived_belief": _diff(r.perceived_difference),
            },
            "warning": r.warning,
        }
    p = m.partners
    if p is not None:
        hide = p.suppressed  # no counts for a suppressed comparison either
        out["external_partners"] = {
            "n_pairs": None if hide else p.n_pairs,
            "n_citizens": None if hide else p.n_citizens,
            "n_partners": None if hide else p.n_partners,
            "n_caseworkers": None if hide else p.n_caseworkers,
            "suppressed": p.suppressed,
            "mean_external": _f(p.mean_external),
            "mean_caseworker": _f(p.mean_caseworker),
            "external_minus_caseworker": _diff(p.difference),
            "exact_agreement": None if p.suppressed else _prop(p.exact_agreement),
            "within_one_step": None if p.suppressed else _prop(p.within_one_step),
            "weighted_kappa": _f(p.weighted_kappa),
            "window_days": p.window_days,
            "method": p.method,
        }
    if m.rater_types:
        out["belief_by_rater_type"] = {
            k: {**_cell(v["cell"]), "distribution": v["distribution"]}
            for k, v in m.rater_types.items()
        }
    return out


def _n(x: float, digits: int = 2) -> str:
    return f"{x:.{digits}f}".replace(".", ",")


def sentences_part(m: MeetingAnalysis | None) -> tuple[dict[str, str], dict[str, str]]:
    """Danish and English sentences for the keys that could be shown."""
    da: dict[str, str] = {}
    en: dict[str, str] = {}
    if m is None:
        return da, en
    r = m.meetings
    d = r.caseworker_within_citizen if r is not None else None
    if d is not None and not d.suppressed:
        da["meeting_forms"] = (
            f"Efter fysiske samtaler var sagsbehandlerens tro på borgerens jobchance i gennemsnit "
            f"{_n(abs(d.estimate))} trin {'højere' if d.estimate >= 0 else 'lavere'} end efter "
            f"telefon- og videosamtaler med samme borger (95 %-CI {_n(d.ci_low)} til "
            f"{_n(d.ci_high)}; {d.n_citizens} borgere, {d.n_clusters} sagsbehandlere). "
            "Observationelle data: mødeformen er valgt, ikke lodtrukket."
        )
        en["meeting_forms"] = (
            f"After physical meetings the caseworker's belief was on average {abs(d.estimate):.2f} "
            f"steps {'higher' if d.estimate >= 0 else 'lower'} than after phone and video "
            f"meetings with the same citizen (95 % CI {d.ci_low:.2f} to {d.ci_high:.2f}; "
            f"{d.n_citizens} citizens, {d.n_clusters} caseworkers). Observational data: the "
            "form of the meeting is chosen, not drawn by lot."
        )
    pd_ = r.perceived_difference if r is not None else None
    if pd_ is not None and not pd_.suppressed:
        da["perceived_belief"] = (
            f"Borgernes oplevelse af, at sagsbehandleren tror på dem, var {_n(abs(pd_.estimate))} trin "
            f"{'højere' if pd_.estimate >= 0 else 'lavere'} efter fysiske end efter virtuelle "
            f"samtaler (95 %-CI {_n(pd_.ci_low)} til {_n(pd_.ci_high)}; {pd_.n_ratings} svar)."
        )
        en["perceived_belief"] = (
            f"Citizens' sense that the caseworker believes in them was {abs(pd_.estimate):.2f} steps "
            f"{'higher' if pd_.estimate >= 0 else 'lower'} after physical than after remote "
            f"meetings (95 % CI {pd_.ci_low:.2f} to {pd_.ci_high:.2f}; {pd_.n_ratings} answers)."
        )
    p = m.partners
    if p is not None and not p.suppressed:
        dd = p.difference
        # The interval is clustered on the citizen: it holds within these partners only,
        # and with few partners one partner's own way of rating can carry the difference.
        if p.n_partners < FEW_PARTNERS:
            few_da = (
                "Med så få partnere kan forskellen være én partners egen måde at vurdere på; "
                "den siger ikke noget om eksterne partnere i almindelighed. "
            )
            few_en = (
                "With so few partners the difference may be one partner's own way of rating; "
                "it says nothing about external partners in general. "
            )
        else:
            few_da = (
                "Intervallet regner ikke med, at hver partner kan have sin egen måde at "
                "vurdere på. "
            )
            few_en = "The interval does not allow for each partner's own way of rating. "
        da["external_partners"] = (
            f"Disse {p.n_partners} eksterne samarbejdspartnere vurderede i gennemsnit troen på "
            f"de samme borgeres jobchance {_n(abs(dd.estimate))} trin "
            f"{'højere' if dd.estimate >= 0 else 'lavere'} end sagsbehandlerne (95 %-CI "
            f"{_n(dd.ci_low)} til {_n(dd.ci_high)} inden for disse partnere; {p.n_pairs} par, "
            f"{p.n_citizens} borgere). {few_da}"
            f"De var helt enige i {_n(100 * p.exact_agreement.rate, 0)} % af parrene og højst "
            f"ét trin fra hinanden i {_n(100 * p.within_one_step.rate, 0)} %."
        )
        en["external_partners"] = (
            f"These {p.n_partners} external partners rated their belief in the same citizens' "
            f"job chance on average {abs(dd.estimate):.2f} steps "
            f"{'higher' if dd.estimate >= 0 else 'lower'} than the caseworkers (95 % CI "
            f"{dd.ci_low:.2f} to {dd.ci_high:.2f} within these partners; {p.n_pairs} pairs, "
            f"{p.n_citizens} citizens). {few_en}"
            f"They agreed exactly in {100 * p.exact_agreement.rate:.0f} % of pairs and were at "
            f"most one step apart in {100 * p.within_one_step.rate:.0f} %."
        )
    return da, en


def _cell_row(label: str, c: Cell) -> str:
    e = html.escape
    if c.suppressed:  # neither mean nor counts
        return f"<tr><td>{e(label)}</td><td colspan='3'>for få til at vise</td></tr>"
    return (
        f"<tr><td>{e(label)}</td><td>{_n(c.mean)}</td><td>{c.n_citizens}</td>"
        f"<td>{c.n_ratings}</td></tr>"
    )


def html_part(m: MeetingAnalysis | None, da: dict[str, str]) -> str:
    """The report's section on meeting forms and external partners ('' when empty)."""
    if m is None or (m.meetings is None and m.partners is None and not m.rater_types):
        return ""
    e = html.escape
    parts = ["<h2>Forventninger på tværs af mødeformer og samarbejdspartnere</h2>"]
    r = m.meetings
    if r is not None:
        parts.append(
            "<p>Er overførslen af forventninger bundet til det fysiske møde? Sagsbehandlerens "
            "vurdering hører til sagsbehandlerens seneste samtale med borgeren (højst 14 dage "
            "før); borgerens svar via link til samtalen lige før (højst 7 dage).</p>"
        )
        for key in ("meeting_forms", "perceived_belief"):
            if key in da:
                parts.append(f"<p class='lead'>{e(da[key])}</p>")
        head = "<tr><th>Mødeform</th><th>Gennemsnit (1-5)</th><th>Borgere</th><th>Svar</th></tr>"
        for title, cells, groups in (
            ("Sagsbehandlerens tro", r.caseworker_by_form, r.caseworker_by_group),
            ("Borgerens oplevede tro efter samtalen", r.perceived_by_form, r.perceived_by_group),
        ):
            rows = [_cell_row(FORM_LABELS[k], v) for k, v in {**groups, **cells}.items()]
            parts.append(f"<table><caption>{e(title)}</caption>{head}{''.join(rows)}</table>")
        parts.append(f"<p class='note'>{e(r.warning)}</p>")
    if m.rater_types:
        rows = []
        for k, v in m.rater_types.items():
            label = {"caseworker": "Sagsbehandlere", "external": "Eksterne partnere"}[k]
            rows.append(_cell_row(label, v["cell"]))
        parts.append(
            "<table><caption>Tro på jobchancen efter hvem der vurderer</caption>"
            "<tr><th>Vurderet af</th><th>Gennemsnit (1-5)</th><th>Borgere</th><th>Vurderinger</th>"
            "</tr>" + "".join(rows) + "</table>"
        )
    p = m.partners
    if p is not None:
        parts.append("<h3>Forventninger på spil i samarbejdet med eksterne parter</h3>")
        if p.suppressed:
            parts.append(
                "<p>For få eksterne partnere, sagsbehandlere eller borgere til at vise "
                "sammenligningen (mindst 5 af hver slags vurderer og 10 borgere).</p>"
            )
        else:
            parts.append(
                f"<p><strong>{p.n_partners} eksterne partnere</strong> (og {p.n_caseworkers} "
                "sagsbehandlere) står bag sammenligningen; den gælder for dem, ikke for eksterne "
                "partnere i almindelighed.</p>"
            )
            parts.append(f"<p class='lead'>{e(da.get('external_partners', ''))}</p>")
            parts.append(
                f"<p>Vægtet kappa (kvadratisk): {_n(p.weighted_kappa)}. <small>{e(p.method)}</small></p>"
            )
    return "\n".join(parts)
