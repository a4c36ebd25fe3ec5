"""The report's figures, drawn with matplotlib and returned as inline SVG strings.

Matplotlib is imported only when figures are drawn, so the rest of the analysis
starts without it.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from jobtro.analysis.results import Results


def _label(x: float) -> str:
    """A tick label with a Danish decimal comma and no trailing zeros: 0,67 and 1."""
    return f"{x:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def _svg(fig: Any) -> str:
    buf = io.StringIO()
    # No metadata block: it carries a timestamp and links to matplotlib.org.
    meta = {"Creator": None, "Date": None, "Format": None, "Type": None}
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata=meta)
    import matplotlib.pyplot as plt

    plt.close(fig)
    text = buf.getvalue()
    return text[text.index("<svg") :]


def figures(a: Results) -> dict[str, str]:
    """The report's figures as inline SVG strings."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter, NullLocator

    comma = FuncFormatter(lambda v, _pos: f"{v:g}".replace(".", ","))
    plt.rcParams.update(
        {
            "font.size": 10,
            "svg.fonttype": "none",
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
    out = {}
    levels = list(range(1, 6))
    fig, ax = plt.subplots(figsize=(5, 3))
    ax.bar(levels, [100 * a.distribution[k] for k in levels], color="#3b6ea5")
    ax.set_xlabel("Sagsbehandlerens tro på job inden for et år (1 = lav, 5 = høj)")
    ax.set_ylabel("% af vurderinger")
    ax.yaxis.set_major_formatter(comma)
    ax.set_xticks(levels)
    out["distribution"] = _svg(fig)

    fig, ax = plt.subplots(figsize=(5, 3))
    rates = np.array([a.job12[k].rate for k in levels]) * 100
    lo = np.array([a.job12[k].ci_low for k in levels]) * 100
    hi = np.array([a.job12[k].ci_high for k in levels]) * 100
    ok = np.isfinite(rates)
    ax.errorbar(
        np.array(levels)[ok],
        rates[ok],
        yerr=[rates[ok] - lo[ok], hi[ok] - rates[ok]],
        fmt="o",
        color="#3b6ea5",
        capsize=4,
    )
    ax.set_xlabel("Tro ved vurderingen (1-5)")
    ax.set_ylabel("% i job/uddannelse inden for 12 mdr.")
    ax.yaxis.set_major_formatter(comma)
    ax.set_xticks(levels)
    out["job12"] = _svg(fig)

    h = a.hazards
    items = [("Tro, pr. trin", h.belief_per_step.hazard_ratio)]
    if h.caseworker_change is not None:
        items.append(
            (f"Skift af sagsbehandler ({h.window_days} dage)", h.caseworker_change.hazard_ratio)
        )
    if h.general_belief is not None:
        items.append(("Generel tro, pr. trin", h.general_belief.hazard_ratio))
    fig, ax = plt.subplots(figsize=(6, 0.6 * len(items) + 1))
    ys = np.arange(len(items))[::-1]
    for y, (_, hr) in zip(ys, items, strict=True):
        ax.plot([hr.ci_low, hr.ci_high], [y, y], color="#3b6ea5", lw=2)
        ax.plot(hr.estimate, y, "o", color="#1d3f66")
    ax.axvline(1.0, color="grey", ls="--", lw=1)
    ax.set_xscale("log")
    lowest = min(hr.ci_low for _, hr in items)
    highest = max(hr.ci_high for _, hr in items)
    ticks = [
        t
        for t in (0.25, 0.33, 0.5, 0.67, 0.8, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0)
        if lowest / 1.3 <= t <= highest * 1.3
    ]
    ax.xaxis.set_minor_locator(NullLocator())
    ax.set_xticks(ticks, [_label(t) for t in ticks])
    ax.set_yticks(ys, [label for label, _ in items])
    ax.set_xlabel("Hazard ratio (95 %-CI, logaritmisk akse)")
    out["forest"] = _svg(fig)

    r = a.data.belief_ratings()
    if len(r):
        q = r.groupby(r["rated_on"].dt.to_period("Q"))["value"].agg(["mean", "size"])
        q = q[q["size"] >= 10]
        if len(q) >= 2:
            fig, ax = plt.subplots(figsize=(6, 3))
            ax.plot([str(p) for p in q.index], q["mean"], marker="o", color="#3b6ea5")
            ax.set_ylabel("Gennemsnitlig tro (1-5)")
            ax.yaxis.set_major_formatter(comma)
            ax.tick_params(axis="x", rotation=60)
            out["trend"] = _svg(fig)
    return out
