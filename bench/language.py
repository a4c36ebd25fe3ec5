"""Benchmark of jobtro.language: quality on the evaluation sets, and speed.

Run: .venv/bin/python bench/language.py [--quick]

Quality is reported for the held-out set (never tuned on) and, for reference, the other
sets in data/eval (see docs/language.md for how each was made).
Speed is measured on one core (the process pins itself to CPU 0 where it can) in CPU
time of this process, so that other work on a shared machine does not distort it.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time

from jobtro.language import analyse, default_lexicon
from jobtro.language.evaluation import EVAL_DIR, evaluate, format_report, load_examples
from jobtro.language.text import WORD_RE, prepare, tokenise

# CPU time of this process: the figure "on one core", unaffected by other work on the
# machine (a shared build box is rarely idle).
clock = time.process_time


SETS = {
    "held_out": "written before the lexicon, never tuned on",
    "fresh": "written after the lexicon was frozen, never tuned on",
    "stress": "free prose written mid-way; the lexicon grew after it was first measured",
    "dev": "tuned on",
}


def quality() -> None:
    for name, note in SETS.items():
        path = EVAL_DIR / f"{name}.jsonl"
        print(format_report(f"{name} ({note})", evaluate(load_examples(path))))
        print()


def speed(quick: bool) -> None:
    sentences = [
        ex.text for name in ("dev", "held_out") for ex in load_examples(EVAL_DIR / f"{name}.jsonl")
    ]
    rng = random.Random(5)
    n = 20_000 if quick else 100_000
    corpus = [rng.choice(sentences) for _ in range(n)]
    # Unseen word forms, so the per-word caches do not flatter the figure.
    corpus = [f"{s} Sag {i}." if i % 4 == 0 else s for i, s in enumerate(corpus)]

    # A fresh process: import, load the lexicon and the lemmatiser's dictionary.
    code = (
        "import time; t = time.process_time(); from jobtro.language import analyse; "
        "analyse('Borgeren er motiveret.'); print(time.process_time() - t)"
    )
    cold = float(
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
    )
    print(f"cold start in a fresh process (import, lexicon, lemmatiser): {cold:.2f} s")
    default_lexicon().compiled()

    def rate(fn) -> float:
        started = clock()
        for text in corpus:
            fn(text)
        return len(corpus) / (clock() - started)

    regex_rate = rate(lambda t: [m.group().lower() for m in WORD_RE.finditer(t)])
    tokenise_rate = rate(lambda t: tokenise(prepare(t)))
    analyse_rate = rate(analyse)
    print(f"sentences per second, one core ({len(corpus):,} sentences):")
    print(f"  tokenise only (word regex, ceiling)      {regex_rate:>10,.0f}")
    print(f"  prepare + tokenise (offsets, clauses)    {tokenise_rate:>10,.0f}")
    print(f"  full analysis                             {analyse_rate:>10,.0f}")

    # An inline check: a 2,000-character text, as a caseworker's draft would be.
    texts = []
    for _ in range(300 if quick else 1000):
        parts: list[str] = []
        while sum(len(p) + 1 for p in parts) < 2000:
            parts.append(rng.choice(sentences))
        texts.append(" ".join(parts)[:2000])
    timings = []
    for text in texts:
        started = clock()
        analyse(text)
        timings.append(1000 * (clock() - started))
    p95 = statistics.quantiles(timings, n=20)[18]
    print(
        f"2,000-character text: median {statistics.median(timings):.2f} ms, "
        f"p95 {p95:.2f} ms, max {max(timings):.2f} ms ({len(texts)} texts)"
    )

    megabyte = 1_000_000
    cases = {
        "job-centre text": _fill(lambda: rng.choice(sentences) + " ", megabyte),
        "one sentence, no punctuation": _fill(lambda: "borgeren kan ikke og er svag ", megabyte),
        "one word, no spaces": "a" * megabyte,
        "markup and stray <": _fill(lambda: "<b>Borgeren</b> < er & umotiveret <i ", megabyte),
        "combining marks and zero-width": _fill(lambda: "bo\u0301rger\u200ben er svag. ", megabyte),
    }
    for name, text in cases.items():
        started = clock()
        result = analyse(text)
        elapsed = clock() - started
        print(f"1 MB, {name}: {elapsed:.2f} s, {len(result.findings):,} findings")


def _fill(piece, size: int) -> str:
    parts: list[str] = []
    total = 0
    while total < size:
        part = piece()
        parts.append(part)
        total += len(part)
    return "".join(parts)[:size]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller speed runs")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})
    quality()
    speed(args.quick)


if __name__ == "__main__":
    main()
