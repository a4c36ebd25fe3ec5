"""The team language picture: the monthly share of deficit and resource phrases in the
team's texts — aggregate only, never per person, small months suppressed.

Texts come from *text sources*: functions that yield `TextRow(written_on, team_id,
author_id, text)` for some teams since a day. Referrals are the first source; rating
reasons, sparring cases and success stories join with `register_text_source(fn)`.
The author id is only used to count distinct authors for suppression; it never leaves
this module.

Counting phrases is the slow part (a team's year of texts takes about a second), and a
text's counts depend only on the text and the lexicon. So each text's counts are kept
in memory, per process, keyed by the lexicon and a digest of the text: an edited text
or another lexicon is another key, so a kept count is never stale (see `TextCounts`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import weakref
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from jobtro.language import LanguagePicture, Lexicon, default_lexicon, language_picture
from jobtro.organisations.models import Team
from jobtro.referrals.models import ReferralVersion

from .lexicons import lexicon_in_force

# Texts whose counts are kept per process: about 0.5 kB each, so at most some 50 MB —
# several municipalities' year of referrals and rating reasons.
TEXT_COUNTS_MAX = 100_000


def _start_of(day: dt.date) -> dt.datetime:
    """Midnight at the start of a day, local time: `created_at >= _start_of(day)` is
    `created_at__date >= day` as a range on the column (a `__date` lookup calls a
    function on every row of the table)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@dataclass(frozen=True, slots=True)
class TextRow:
    written_on: dt.date
    team_id: int
    author_id: int
    text: str


TextSource = Callable[..., Iterable[TextRow]]  # (*, team_ids: list[int], since: date)
TEXT_SOURCES: list[TextSource] = []


def register_text_source(source: TextSource) -> TextSource:
    """Add a source of team texts (usable as a decorator)."""
    if source not in TEXT_SOURCES:
        TEXT_SOURCES.append(source)
    return source


@register_text_source
def referral_texts(*, team_ids: list[int], since: dt.date) -> Iterator[TextRow]:
    """Referrals: per referral and month, the text as it stood at the month's end (an
    edit the same month is the same text, not a second one)."""
    versions = (
        ReferralVersion.objects.filter(team_id__in=team_ids, created_at__gte=_start_of(since))
        .order_by("referral_id", "number")
        .values_list(
            "referral_id", "team_id", "author_id", "created_at",
            "resources", "success_conditions", "wishes",
        )
    )  # fmt: skip
    newest: dict[tuple[int, dt.date], TextRow] = {}
    for referral_id, team_id, author_id, created_at, *sections in versions.iterator():
        day = timezone.localdate(created_at)
        newest[(referral_id, day.replace(day=1))] = TextRow(
            written_on=day, team_id=team_id, author_id=author_id, text="\n\n".join(sections)
        )
    yield from newest.values()


@register_text_source
def rating_reason_texts(*, team_ids: list[int], since: dt.date) -> Iterator[TextRow]:
    """What caseworkers write with a rating: what the belief rests on, and what it would
    take for it to rise. Each belongs to the team the rater was in on that day."""
    from jobtro.belief.models import Rating
    from jobtro.organisations.models import TeamMembership

    spans: dict[int, list[tuple[int, dt.date, dt.date | None]]] = {}
    for staff_id, team_id, start, end in TeamMembership.objects.filter(
        team_id__in=team_ids
    ).values_list("staff_id", "team_id", "start_date", "end_date"):
        spans.setdefault(staff_id, []).append((team_id, start, end))
    ratings = (
        Rating.objects.filter(rater_id__in=list(spans), rated_at__gte=_start_of(since))
        .exclude(reason="", raise_belief="")
        .values_list("rater_id", "rated_at", "reason", "raise_belief")
    )
    for rater_id, rated_at, reason, raise_belief in ratings.iterator(chunk_size=2000):
        day = timezone.localdate(rated_at)
        for team_id, start, end in spans[rater_id]:
            if start <= day and (end is None or day <= end):
                text = "\n\n".join(t for t in (reason, raise_belief) if t)
                yield TextRow(written_on=day, team_id=team_id, author_id=rater_id, text=text)
                break


@dataclass(frozen=True, slots=True)
class MonthPoint:
    """One month of a team's texts. Shares are None when the month is suppressed or
    has no phrases at all; counts are None when suppressed."""

    month: dt.date
    suppressed: bool
    n_texts: int | None
    n_phrases: int | None
    deficit_share: float | None
    resource_share: float | None
    texts_with_deficit_share: float | None


@dataclass(frozen=True, slots=True)
class LanguageTrend:
    months: tuple[MonthPoint, ...]
    min_authors: int
    min_texts: int

    @property
    def shown(self) -> tuple[MonthPoint, ...]:
        return tuple(m for m in self.months if not m.suppressed)


class TextCounts:
    """A bounded, thread-safe memory of each text's `LanguagePicture` under a lexicon.

    The key is the lexicon object's id and a 128-bit digest of the text; the entry
    holds a weak reference to the lexicon, and a hit must be that very object, so an
    id reused after a lexicon is gone never answers for another (and the memory keeps
    no old lexicon alive). The lexicon in force is built once per pair of rules
    versions and kept (practice.lexicons), so a page finds its texts again until a new
    version is saved. The least recently used entries go first.
    """

    def __init__(self, maxsize: int = TEXT_COUNTS_MAX) -> None:
        self.maxsize = maxsize
        self._entries: OrderedDict[
            tuple[int, bytes], tuple[weakref.ref[Lexicon], LanguagePicture]
        ] = OrderedDict()
        self._lock = threading.Lock()

    def picture(self, texts: list[str], *, lexicon: Lexicon) -> LanguagePicture:
        """The same as `language_picture(texts, lexicon=lexicon)`: the sum of each
        text's counts, counting only texts not seen before with this lexicon."""
        keys = [
            (
                id(lexicon),
                hashlib.blake2b(t.encode("utf-8", "surrogatepass"), digest_size=16).digest(),
            )
            for t in texts
        ]
        found: list[LanguagePicture | None] = []
        with self._lock:
            for key in keys:
                entry = self._entries.get(key)
                if entry is not None and entry[0]() is lexicon:
                    self._entries.move_to_end(key)
                    found.append(entry[1])
                else:
                    found.append(None)
        counted: dict[tuple[int, bytes], LanguagePicture] = {}
        for i, (text, key) in enumerate(zip(texts, keys, strict=True)):
            if found[i] is None:
                if key not in counted:
                    counted[key] = language_picture([text], lexicon=lexicon)
                found[i] = counted[key]
        if counted:
            same = weakref.ref(lexicon)
            with self._lock:
                for key, one in counted.items():
                    self._entries[key] = (same, one)
                    self._entries.move_to_end(key)
                while len(self._entries) > self.maxsize:
                    self._entries.popitem(last=False)
        return _summed([p for p in found if p is not None])

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


def _summed(pictures: list[LanguagePicture]) -> LanguagePicture:
    """One picture of many texts from each text's own (all counts add up)."""
    categories: Counter[str] = Counter()
    for one in pictures:
        categories.update(one.by_category)
    return LanguagePicture(
        n_texts=sum(p.n_texts for p in pictures),
        n_words=sum(p.n_words for p in pictures),
        n_deficit=sum(p.n_deficit for p in pictures),
        n_resource=sum(p.n_resource for p in pictures),
        texts_with_deficit=sum(p.texts_with_deficit for p in pictures),
        texts_with_resource=sum(p.texts_with_resource for p in pictures),
        by_category=dict(categories),
    )


TEXT_COUNTS = TextCounts()


def month_starts(*, until: dt.date, count: int) -> list[dt.date]:
    """The first days of the `count` months up to and including `until`'s month."""
    year, month = until.year, until.month
    starts = []
    for _ in range(count):
        starts.append(dt.date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return starts[::-1]


def monthly_trend(
    rows: Iterable[TextRow], *, months: list[dt.date], lexicon: Lexicon | None = None,
    min_authors: int, min_texts: int,
) -> LanguageTrend:  # fmt: skip
    """Group rows by month and count phrases; a month with fewer than `min_authors`
    distinct authors or fewer than `min_texts` texts is suppressed (no figures)."""
    texts: dict[dt.date, list[str]] = {m: [] for m in months}
    authors: dict[dt.date, set[int]] = {m: set() for m in months}
    for row in rows:
        key = row.written_on.replace(day=1)
        if key in texts:
            texts[key].append(row.text)
            authors[key].add(row.author_id)
    points = []
    for month in months:
        if len(authors[month]) < min_authors or len(texts[month]) < min_texts:
            points.append(MonthPoint(month, True, None, None, None, None, None))
            continue
        picture = TEXT_COUNTS.picture(texts[month], lexicon=lexicon or default_lexicon())
        phrases = picture.n_deficit + picture.n_resource
        points.append(
            MonthPoint(
                month=month,
                suppressed=False,
                n_texts=picture.n_texts,
                n_phrases=phrases,
                deficit_share=picture.deficit_share if phrases else None,
                resource_share=picture.resource_share if phrases else None,
                texts_with_deficit_share=picture.texts_with_deficit / picture.n_texts,
            )
        )
    return LanguageTrend(tuple(points), min_authors=min_authors, min_texts=min_texts)


def team_language_trend(
    *, team: Team, months: int = 12, today: dt.date | None = None
) -> LanguageTrend:
    """The team's monthly language picture for the last `months` months, counted with
    the team's lexicon in force."""
    starts = month_starts(until=today or timezone.localdate(), count=months)
    rows: list[TextRow] = []
    for source in TEXT_SOURCES:
        rows.extend(source(team_ids=[team.pk], since=starts[0]))
    return monthly_trend(
        rows,
        months=starts,
        lexicon=lexicon_in_force(municipality_id=team.municipality_id, team_id=team.pk),
        min_authors=settings.SUPPRESS_MIN_STAFF,
        min_texts=settings.SUPPRESS_MIN_CITIZENS,
    )


# --- the chart, drawn on the server as SVG coordinates --------------------------------


@dataclass(frozen=True, slots=True)
class ChartSeries:
    key: str
    label: str
    css: str
    lines: tuple[str, ...]  # "x,y x,y …" per unbroken run (a suppressed month breaks it)
    dots: tuple[tuple[float, float, str], ...]  # x, y, value text


@dataclass(frozen=True, slots=True)
class Chart:
    width: int
    height: int
    left: int
    top: int
    plot_width: int
    plot_height: int
    y_ticks: tuple[tuple[float, str], ...]
    x_labels: tuple[tuple[float, str], ...]
    series: tuple[ChartSeries, ...]


def trend_chart(
    trend: LanguageTrend, *, series: Iterable[tuple[str, str, str]], width: int = 720,
    height: int = 300,
) -> Chart:  # fmt: skip
    """Coordinates for a line chart of shares (0–100 %) by month; suppressed months and
    months without phrases leave a gap."""
    left, right, top, bottom = 48, 16, 16, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    n = len(trend.months)
    step = plot_w / max(n - 1, 1)

    def x(i: int) -> float:
        return round(left + i * step, 1)

    def y(share: float) -> float:
        return round(top + plot_h * (1 - share), 1)

    drawn = []
    for key, label, css in series:
        runs: list[list[str]] = [[]]
        dots = []
        for i, point in enumerate(trend.months):
            value = getattr(point, key)
            if value is None:
                runs.append([])
                continue
            runs[-1].append(f"{x(i)},{y(value)}")
            dots.append((x(i), y(value), f"{round(100 * value)} %"))
        lines = tuple(" ".join(r) for r in runs if r)
        drawn.append(ChartSeries(key, label, css, lines, tuple(dots)))
    return Chart(
        width=width,
        height=height,
        left=left,
        top=top,
        plot_width=plot_w,
        plot_height=plot_h,
        y_ticks=tuple((y(v / 100), f"{v} %") for v in (0, 25, 50, 75, 100)),
        x_labels=tuple((x(i), p.month.strftime("%m.%y")) for i, p in enumerate(trend.months)),
        series=tuple(drawn),
    )
