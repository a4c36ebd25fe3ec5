"""Measure the analyser against hand-labelled sentences (data/eval/*.jsonl).

Each line: ``{"id", "text", "label", "spans": [{"start", "end", "kind", "text"}]}``.
`dev.jsonl` is for tuning; `held_out.jsonl` was written before any tuning and is
only ever measured, never tuned on (docs/language.md tells how each set was made).

The sets are written by hand as ``<name>.txt``, one sentence a line, with deficit
spans as ``[-…]`` and resource spans as ``[+…]``; ``python -m
jobtro.language.evaluation`` turns them into the JSONL files with offsets. A
sentence's label follows from its spans by the analyser's own rule: deficit when it
has at least as many deficit spans as resource spans (and one or more), resource when
it has more resource spans, else neutral.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from jobtro.language.analyser import Analysis, analyse
from jobtro.language.lexicon import DATA, Lexicon

EVAL_DIR = DATA / "eval"
LABELS = ("deficit", "resource", "neutral")


@dataclass(frozen=True, slots=True)
class GoldSpan:
    start: int
    end: int
    kind: str


@dataclass(frozen=True, slots=True)
class Example:
    id: str
    text: str
    label: str
    spans: tuple[GoldSpan, ...]


@dataclass(frozen=True, slots=True)
class ClassScore:
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True, slots=True)
class Report:
    n: int
    per_class: dict[str, ClassScore]
    macro_f1: float
    accuracy: float
    span_precision: float  # predicted findings that overlap a gold span of the same kind
    span_recall: float  # gold spans overlapped by a finding of the same kind
    span_f1: float
    span_iou: float  # mean character overlap (intersection over union) of matched pairs
    neutral_flagged_deficit: float  # share of neutral sentences with any deficit finding
    errors: tuple[tuple[Example, Analysis], ...]


SET_PREFIXES = {"dev": "D", "held_out": "H", "fresh": "F", "stress": "S"}
_SPAN_RE = re.compile(r"\[([-+])(.*?)\]")


def parse_markup(line: str, example_id: str) -> Example:
    """One marked-up sentence: ``Borgeren er [-umotiveret].``"""
    text, spans, position = "", [], 0
    for match in _SPAN_RE.finditer(line):
        text += line[position : match.start()]
        start = len(text)
        text += match.group(2)
        kind = "deficit" if match.group(1) == "-" else "resource"
        spans.append(GoldSpan(start, len(text), kind))
        position = match.end()
    text += line[position:]
    deficit = sum(span.kind == "deficit" for span in spans)
    resource = len(spans) - deficit
    label = "deficit" if deficit and deficit >= resource else "resource" if resource else "neutral"
    return Example(example_id, text, label, tuple(spans))


def build_set(name: str) -> list[Example]:
    """Read ``data/eval/<name>.txt`` (comments start with #)."""
    examples: list[Example] = []
    source = EVAL_DIR / f"{name}.txt"
    for line in source.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            example_id = f"{SET_PREFIXES[name]}-{len(examples) + 1:03d}"
            examples.append(parse_markup(line, example_id))
    return examples


def write_set(name: str, examples: list[Example]) -> None:
    with open(EVAL_DIR / f"{name}.jsonl", "w", encoding="utf-8") as handle:
        for ex in examples:
            spans = [
                {"start": s.start, "end": s.end, "kind": s.kind, "text": ex.text[s.start : s.end]}
                for s in ex.spans
            ]
            row = {"id": ex.id, "text": ex.text, "label": ex.label, "spans": spans}
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def load_examples(path: str | Path) -> list[Example]:
    examples = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            row = json.loads(line)
            spans = tuple(GoldSpan(s["start"], s["end"], s["kind"]) for s in row["spans"])
            examples.append(Example(row["id"], row["text"], row["label"], spans))
    return examples


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def evaluate(examples: Iterable[Example], *, lexicon: Lexicon | None = None) -> Report:
    """Sentence labels, span overlap and the false deficit rate over `examples`."""
    pairs = [(ex, analyse(ex.text, lexicon=lexicon)) for ex in examples]
    per_class = {}
    for label in LABELS:
        tp = sum(1 for ex, a in pairs if ex.label == label and a.label == label)
        predicted = sum(1 for _, a in pairs if a.label == label)
        support = sum(1 for ex, _ in pairs if ex.label == label)
        p = tp / predicted if predicted else 0.0
        r = tp / support if support else 0.0
        per_class[label] = ClassScore(p, r, _f1(p, r), support)
    macro = sum(c.f1 for c in per_class.values()) / len(LABELS)
    accuracy = sum(ex.label == a.label for ex, a in pairs) / len(pairs) if pairs else 0.0

    n_pred = n_pred_hit = n_gold = n_gold_hit = 0
    ious: list[float] = []
    for ex, a in pairs:
        n_gold += len(ex.spans)
        n_pred += len(a.findings)
        for f in a.findings:
            if any(_overlap(f.start, f.end, g.start, g.end) and g.kind == f.kind for g in ex.spans):
                n_pred_hit += 1
        for g in ex.spans:
            best = max(
                (_iou(f.start, f.end, g.start, g.end) for f in a.findings if f.kind == g.kind),
                default=0.0,
            )
            if best > 0:
                n_gold_hit += 1
                ious.append(best)
    span_p = n_pred_hit / n_pred if n_pred else 0.0
    span_r = n_gold_hit / n_gold if n_gold else 0.0
    neutral = [(ex, a) for ex, a in pairs if ex.label == "neutral"]
    flagged = sum(1 for _, a in neutral if any(f.kind == "deficit" for f in a.findings))
    errors = tuple(
        (ex, a) for ex, a in pairs if ex.label != a.label or len(ex.spans) != len(a.findings)
    )
    return Report(
        n=len(pairs),
        per_class=per_class,
        macro_f1=macro,
        accuracy=accuracy,
        span_precision=span_p,
        span_recall=span_r,
        span_f1=_f1(span_p, span_r),
        span_iou=sum(ious) / len(ious) if ious else 0.0,
        neutral_flagged_deficit=flagged / len(neutral) if neutral else 0.0,
        errors=errors,
    )


def _overlap(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def _iou(a0: int, a1: int, b0: int, b1: int) -> float:
    inter = min(a1, b1) - max(a0, b0)
    if inter <= 0:
        return 0.0
    return inter / (max(a1, b1) - min(a0, b0))


def format_report(name: str, report: Report) -> str:
    lines = [f"{name}: {report.n} sentences"]
    lines.append(f"  {'class':<10}{'precision':>10}{'recall':>8}{'F1':>8}{'n':>6}")
    for label, c in report.per_class.items():
        lines.append(f"  {label:<10}{c.precision:>10.3f}{c.recall:>8.3f}{c.f1:>8.3f}{c.support:>6}")
    lines.append(f"  macro-F1 {report.macro_f1:.3f}   accuracy {report.accuracy:.3f}")
    lines.append(
        f"  spans (overlap, same kind): precision {report.span_precision:.3f}  "
        f"recall {report.span_recall:.3f}  F1 {report.span_f1:.3f}  mean IoU {report.span_iou:.3f}"
    )
    lines.append(
        f"  neutral sentences with a deficit finding: {report.neutral_flagged_deficit:.1%}"
    )
    return "\n".join(lines)


if __name__ == "__main__":
    for set_name in SET_PREFIXES:
        built = build_set(set_name)
        write_set(set_name, built)
        print(f"{set_name}: {len(built)} sentences")
