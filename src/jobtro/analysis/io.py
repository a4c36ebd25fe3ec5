"""Read and validate a research data folder (schema ``jobtro-research/1``).

Every table is read as text and checked column by column, so that a researcher gets
*all* the problems of a folder in one go, each naming the file, the row and the
column in Danish. Nothing is computed on a folder with a problem: :func:`load_folder`
raises :class:`ValidationFailed` (a :class:`~jobtro.errors.UserError`).

Row numbers are those a spreadsheet shows: for a CSV file the header is row 1, so
the first data row is "række 2"; for a Parquet file the first data row is "række 1".

Examples
--------
>>> import tempfile
>>> from jobtro.analysis.synth import SynthConfig, synthesize, write_folder
>>> folder = write_folder(synthesize(SynthConfig(n_citizens=60)), tempfile.mkdtemp())
>>> data = load_folder(folder)
>>> data.observed_until.isoformat(), len(data.citizens)
('2024-12-31', 60)
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pyarrow import csv as pa_csv

# BELIEF_ITEM, EVENT_KINDS and SCHEMA are also imported from here by the estimates and tests.
from jobtro.analysis.schema import BELIEF_ITEM as BELIEF_ITEM
from jobtro.analysis.schema import COLUMNS, OPTIONAL_COLUMNS, REQUIRED
from jobtro.analysis.schema import EVENT_KINDS as EVENT_KINDS
from jobtro.analysis.schema import SCHEMA as SCHEMA
from jobtro.errors import UserError

GENDERS = ("k", "m", "")
RATER_TYPES = ("caseworker", "citizen", "external")
OUTCOME_KINDS = ("job", "flexjob", "education", "other")
CONTACT_FORMS = ("fremmøde", "telefon", "video", "virksomhed", "hjem", "andet")
EXPERIMENT_ROLES = ("treatment", "comparison")
MAX_MESSAGES_PER_CHECK = 50


class ValidationFailed(UserError):
    """A research data folder with problems; ``problems`` lists every one of them."""

    def __init__(self, problems: list[str]):
        self.problems = tuple(problems)
        shown = "; ".join(problems[:3])
        more = f" (og {len(problems) - 3} flere)" if len(problems) > 3 else ""
        super().__init__(f"forskningsdata har {len(problems)} fejl: {shown}{more}")


@dataclass(frozen=True)
class ResearchData:
    """A validated research data folder: typed tables, dates as ``datetime64[ns]``.

    Optional tables that are absent are empty DataFrames with the right columns.
    """

    observed_until: dt.date
    citizens: pd.DataFrame
    staff: pd.DataFrame
    assignments: pd.DataFrame
    ratings: pd.DataFrame
    outcomes: pd.DataFrame
    general_belief: pd.DataFrame
    contacts: pd.DataFrame
    actions: pd.DataFrame
    experiments: pd.DataFrame
    sparring: pd.DataFrame
    source: str = ""
    present: tuple[str, ...] = field(default=())

    def belief_ratings(self) -> pd.DataFrame:
        """Caseworkers' ``belief_job_1y`` ratings, the measure the effects are about."""
        r = self.ratings
        return r[(r["item_id"] == BELIEF_ITEM) & (r["rater_type"] == "caseworker")]


# --- reading -----------------------------------------------------------------------


def _read_table(folder: Path, name: str) -> tuple[pd.DataFrame | None, str, int]:
    """Return (table as text, file name, row offset) or (None, '', 0) if absent."""
    parquet, csv = folder / f"{name}.parquet", folder / f"{name}.csv"
    if parquet.exists():
        frame = pd.read_parquet(parquet)
        for col in frame.columns:
            s = frame[col]
            if pd.api.types.is_datetime64_any_dtype(s):
                frame[col] = s.dt.strftime("%Y-%m-%d").fillna("")
            elif pd.api.types.is_float_dtype(s):
                # Parquet writers turn integer columns with gaps into floats.
                frame[col] = s.map(lambda v: "" if pd.isna(v) else (f"{v:g}"))
            else:
                frame[col] = s.map(lambda v: "" if v is None or v is pd.NA else str(v))
        return frame, parquet.name, 1
    if csv.exists():
        return _read_csv(csv), csv.name, 2
    return None, "", 0


def _read_csv(path: Path) -> pd.DataFrame:
    """Every column as text, read by Arrow's multithreaded CSV reader.

    Nothing is typed or turned into a missing value here: the checks decide what a
    cell means, so that "7" in the wrong place is reported, never silently coerced.
    """
    with path.open(encoding="utf-8", errors="replace", newline="") as f:
        header = next(csv.reader(f), None)
    if not header:
        raise ValidationFailed([f"{path.name}: filen er tom (ingen overskriftslinje)"])
    try:
        table = pa_csv.read_csv(
            path,
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(header, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid as exc:
        reason = "filen er ikke UTF-8" if "UTF8" in str(exc).upper() else "kan ikke læses som CSV"
        raise ValidationFailed([f"{path.name}: {reason} ({exc})"]) from exc
    return pd.DataFrame(
        {
            name: pd.arrays.ArrowStringArray(table.column(i))
            for i, name in enumerate(table.column_names)
        }
    )


def _read_meta(folder: Path, problems: list[str]) -> dt.date | None:
    path = folder / "meta.json"
    if not path.exists():
        problems.append("meta.json mangler")
        return None
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        problems.append(f"meta.json er ikke gyldig JSON ({exc})")
        return None
    if not isinstance(meta, dict):
        problems.append("meta.json skal være et JSON-objekt")
        return None
    if meta.get("schema") != SCHEMA:
        problems.append(f"meta.json: schema skal være '{SCHEMA}', fik '{meta.get('schema')}'")
    try:
        return dt.date.fromisoformat(str(meta.get("observed_until")))
    except ValueError:
        problems.append(
            f"meta.json: observed_until skal være en dato ÅÅÅÅ-MM-DD, fik '{meta.get('observed_until')}'"
        )
        return None


# --- checks --------------------------------------------------------------------------


@dataclass
class _Checker:
    """Collects problems for one table; every check is vectorised over the column."""

    name: str  # file name, e.g. "ratings.csv"
    frame: pd.DataFrame
    offset: int
    problems: list[str]

    def report(
        self, bad: np.ndarray | pd.Series, column: str, message: Callable[[str], str]
    ) -> None:
        mask = np.asarray(bad, dtype=bool)
        rows = np.flatnonzero(mask)
        values = self.frame[column].to_numpy() if column in self.frame else None
        for r in rows[:MAX_MESSAGES_PER_CHECK]:
            got = "" if values is None else str(values[r])
            self.problems.append(f"{self.name} række {r + self.offset}: {column} {message(got)}")
        if rows.size > MAX_MESSAGES_PER_CHECK:
            self.problems.append(
                f"{self.name}: {column} — {rows.size - MAX_MESSAGES_PER_CHECK} rækker mere med samme fejl"
            )

    def text(self, column: str, *, required: bool = True) -> pd.Series:
        s = self.frame[column]
        if required:
            self.report(s == "", column, lambda got: "mangler (tom)")
        return s

    def choice(self, column: str, allowed: tuple[str, ...]) -> pd.Series:
        s = self.frame[column]
        listed = ", ".join(f"'{a}'" for a in allowed if a) + (" eller tom" if "" in allowed else "")
        self.report(~s.isin(allowed), column, lambda got: f"skal være {listed}, fik '{got}'")
        return s

    def date(self, column: str, *, until: dt.date | None, required: bool = True) -> pd.Series:
        raw = self.frame[column]
        parsed = pd.to_datetime(raw, format="%Y-%m-%d", errors="coerce")
        empty = raw == ""
        self.report(
            (~empty | required) & parsed.isna(),
            column,
            lambda got: f"skal være en dato ÅÅÅÅ-MM-DD, fik '{got}'",
        )
        if until is not None:
            late = parsed > pd.Timestamp(until)
            self.report(
                late,
                column,
                lambda got: f"ligger efter observed_until {until.isoformat()}, fik '{got}'",
            )
        return parsed

    def integer(self, column: str, low: int, high: int, what: str = "et heltal") -> pd.Series:
        num = _to_number(self.frame[column])
        ok = num.notna() & (num == np.floor(num)) & (num >= low) & (num <= high)
        self.report(~ok, column, lambda got: f"skal være {what} {low}-{high}, fik '{got}'")
        return num.where(ok).astype("Int64")

    def known(self, column: str, ids: pd.Series, what: str, mask: pd.Series | None = None) -> None:
        s = self.frame[column]
        known = pc.is_in(pa.array(s), value_set=pa.array(ids, type=pa.string()))
        bad = ~known.to_numpy(zero_copy_only=False) & (s != "").to_numpy(dtype=bool)
        if mask is not None:
            bad &= mask
        self.report(bad, column, lambda got: f"henviser til ukendt {what} '{got}'")

    def unique(self, column: str) -> None:
        s = self.frame[column]
        dup = s.duplicated(keep="first") & (s != "")
        self.report(dup, column, lambda got: f"'{got}' forekommer mere end én gang")


_NUMBER = r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$"


def _to_number(text: pd.Series) -> pd.Series:
    """Text to float, NaN where it is not a plain decimal number (vectorised in Arrow)."""
    arr = pa.array(text, type=pa.string())
    ok = pc.match_substring_regex(arr, _NUMBER)
    values = pc.cast(pc.if_else(ok, arr, pa.scalar("nan")), pa.float64())
    return pd.Series(values.to_numpy(zero_copy_only=False), index=text.index)


def _stripped(frame: pd.DataFrame) -> pd.DataFrame:
    """Every column as Arrow-backed text without surrounding blanks, once.

    Arrow strings make the many comparisons, ``isin`` and parsing calls of the checks
    vectorised C++ instead of a Python call per cell (5x faster on a national folder).
    """
    out = frame.reset_index(drop=True).copy()
    for col in out.columns:
        out[col] = out[col].astype("string[pyarrow]").fillna("").str.strip()
    return out


def _empty(name: str) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS[name]})


def load_folder(folder: Path | str) -> ResearchData:
    """Read and validate a research data folder; raise :class:`ValidationFailed`.

    Parameters
    ----------
    folder
        A folder with ``meta.json`` and one CSV or Parquet file per table.

    Returns
    -------
    ResearchData
        Typed tables; ids stay strings, dates become ``datetime64[ns]``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> empty = pathlib.Path(tempfile.mkdtemp())
    >>> try:
    ...     load_folder(empty)
    ... except ValidationFailed as e:
    ...     e.problems[0]
    'meta.json mangler'
    """
    return validate_raw(read_raw(folder))


@dataclass(frozen=True)
class RawFolder:
    """A folder's tables as text, before validation (see :func:`read_raw`)."""

    frames: dict[str, tuple[pd.DataFrame, str, int]]  # name -> (text table, file, row offset)
    observed_until: dt.date | None
    problems: tuple[str, ...]
    source: str


def read_raw(folder: Path | str) -> RawFolder:
    """Read ``meta.json`` and every table as text; no checks beyond meta.json yet.

    Split from :func:`validate_raw` so that a benchmark can time reading and checking apart.
    """
    path = Path(folder)
    if not path.is_dir():
        raise UserError(f"forskningsdatamappen findes ikke: {path}")
    problems: list[str] = []
    observed = _read_meta(path, problems)
    frames: dict[str, tuple[pd.DataFrame, str, int]] = {}
    for name in COLUMNS:
        frame, fname, offset = _read_table(path, name)
        if frame is not None:
            frames[name] = (frame, fname, offset)
    return RawFolder(frames, observed, tuple(problems), str(path))


def validate_raw(raw: RawFolder) -> ResearchData:
    """Validate what :func:`read_raw` read; raise :class:`ValidationFailed` on any problem."""
    return _validate(dict(raw.frames), raw.observed_until, list(raw.problems), source=raw.source)


def from_tables(cohort: object, meta: dict[str, str] | None = None) -> ResearchData:
    """Validate in-memory tables (e.g. a synthetic :class:`~jobtro.analysis.synth.Cohort`).

    ``cohort`` is anything with ``tables`` (name -> DataFrame) and ``meta``, or a
    plain dict of tables together with ``meta``. Validation is the same as for a folder.

    Examples
    --------
    >>> from jobtro.analysis.synth import SynthConfig, synthesize
    >>> len(from_tables(synthesize(SynthConfig(n_citizens=40))).citizens)
    40
    """
    tables = cohort if isinstance(cohort, dict) else cohort.tables  # type: ignore[attr-defined]
    meta = meta if meta is not None else cohort.meta  # type: ignore[attr-defined]
    problems: list[str] = []
    observed: dt.date | None = None
    if meta.get("schema") != SCHEMA:
        problems.append(f"meta.json: schema skal være '{SCHEMA}', fik '{meta.get('schema')}'")
    try:
        observed = dt.date.fromisoformat(str(meta.get("observed_until")))
    except ValueError:
        problems.append("meta.json: observed_until skal være en dato ÅÅÅÅ-MM-DD")
    frames = {
        name: (_as_text(table), f"{name}.csv", 2)
        for name, table in tables.items()
        if name in COLUMNS
    }
    return _validate(frames, observed, problems, source="<memory>")


def _as_text(table: pd.DataFrame) -> pd.DataFrame:
    return table.astype(object).where(table.notna(), "").astype(str)


def _validate(
    frames: dict[str, tuple[pd.DataFrame, str, int]],
    observed: dt.date | None,
    problems: list[str],
    *,
    source: str,
) -> ResearchData:
    raw: dict[str, tuple[pd.DataFrame, str, int]] = {}
    for name in COLUMNS:
        if name not in frames:
            if name in REQUIRED:
                problems.append(f"tabellen {name} mangler ({name}.csv eller {name}.parquet)")
            continue
        frame, fname, offset = frames[name]
        optional = OPTIONAL_COLUMNS.get(name, ())
        missing = [c for c in COLUMNS[name] if c not in frame.columns and c not in optional]
        for col in missing:
            problems.append(f"{fname}: kolonnen {col} mangler")
        if not missing:
            # A folder from before an optional column existed: the column is empty.
            absent = {c: "" for c in optional if c not in frame.columns}
            raw[name] = (_stripped(frame.assign(**absent) if absent else frame), fname, offset)
    if problems and observed is None:
        raise ValidationFailed(problems)

    tables = {name: _validate_table(name, *raw[name], observed, raw, problems) for name in raw}
    if problems:
        raise ValidationFailed(problems)
    assert observed is not None
    for name in COLUMNS:
        tables.setdefault(name, _empty(name))
    return ResearchData(
        observed_until=observed, source=source, present=tuple(sorted(raw)), **tables
    )


def _validate_table(
    name: str,
    frame: pd.DataFrame,
    fname: str,
    offset: int,
    observed: dt.date | None,
    raw: dict[str, tuple[pd.DataFrame, str, int]],
    problems: list[str],
) -> pd.DataFrame:
    c = _Checker(fname, frame, offset, problems)
    out = pd.DataFrame(index=frame.index)
    citizen_ids = raw["citizens"][0]["citizen_id"] if "citizens" in raw else None
    staff_ids = raw["staff"][0]["staff_id"] if "staff" in raw else None
    year = (observed or dt.date.today()).year

    def ref(column: str, ids: pd.Series | None, what: str, mask: pd.Series | None = None) -> None:
        if ids is not None:
            c.known(column, ids, what, mask)

    if name == "citizens":
        out["citizen_id"] = c.text("citizen_id")
        c.unique("citizen_id")
        out["municipality_id"] = c.text("municipality_id")
        out["birth_year"] = c.integer("birth_year", 1900, year)
        out["gender"] = c.choice("gender", GENDERS)
        out["target_group"] = c.text("target_group", required=False)
        out["education"] = c.text("education", required=False)
        out["enrolled_on"] = c.date("enrolled_on", until=observed)
    elif name == "staff":
        out["staff_id"] = c.text("staff_id")
        c.unique("staff_id")
        out["team_id"] = c.text("team_id")
        out["municipality_id"] = c.text("municipality_id")
    elif name == "assignments":
        out["citizen_id"] = c.text("citizen_id")
        ref("citizen_id", citizen_ids, "borger")
        out["staff_id"] = c.text("staff_id")
        ref("staff_id", staff_ids, "medarbejder")
        out["start_date"] = c.date("start_date", until=observed)
        out["end_date"] = c.date("end_date", until=None, required=False)
        c.report(
            out["end_date"] < out["start_date"],
            "end_date",
            lambda got: "ligger før start_date",
        )
        _check_overlaps(c, out)
    elif name == "ratings":
        out["citizen_id"] = c.text("citizen_id")
        ref("citizen_id", citizen_ids, "borger")
        out["rater_id"] = c.text("rater_id")
        out["rater_type"] = c.choice("rater_type", RATER_TYPES)
        # Only caseworkers must be staff; citizens and external raters have own ids.
        ref("rater_id", staff_ids, "medarbejder", out["rater_type"] == "caseworker")
        out["item_id"] = c.text("item_id")
        belief = (out["item_id"] == BELIEF_ITEM).to_numpy()
        value = pd.Series(pd.NA, index=frame.index, dtype="Int64")
        if belief.any():
            sub = _Checker(fname, frame, offset, problems)
            sub.frame = frame.assign(value=frame["value"].where(belief, "1"))
            value = sub.integer("value", 1, 5)
        other = ~belief
        if other.any():
            num = _to_number(frame["value"])
            c.report(
                other & num.isna().to_numpy(), "value", lambda got: f"skal være et tal, fik '{got}'"
            )
            value = value.astype("Float64").where(belief, num)
        out["value"] = value
        out["rated_on"] = c.date("rated_on", until=observed)
        out["instrument"] = frame["instrument"]
    elif name == "outcomes":
        out["citizen_id"] = c.text("citizen_id")
        ref("citizen_id", citizen_ids, "borger")
        out["kind"] = c.choice("kind", OUTCOME_KINDS)
        out["start_date"] = c.date("start_date", until=observed)
    elif name == "general_belief":
        out["staff_id"] = c.text("staff_id")
        ref("staff_id", staff_ids, "medarbejder")
        out["item_id"] = c.text("item_id")
        out["value"] = c.integer("value", 1, 5)
        out["answered_on"] = c.date("answered_on", until=observed)
    elif name == "contacts":
        out["citizen_id"] = c.text("citizen_id")
        ref("citizen_id", citizen_ids, "borger")
        out["staff_id"] = c.text("staff_id")
        ref("staff_id", staff_ids, "medarbejder")
        out["date"] = c.date("date", until=observed)
        out["form"] = c.choice("form", CONTACT_FORMS)
    elif name == "actions":
        out["citizen_id"] = c.text("citizen_id")
        ref("citizen_id", citizen_ids, "borger")
        out["kind"] = c.text("kind")
        out["start_date"] = c.date("start_date", until=observed)
        out["end_date"] = c.date("end_date", until=None, required=False)
        c.report(
            out["end_date"] < out["start_date"], "end_date", lambda got: "ligger før start_date"
        )
    elif name == "experiments":
        out["experiment_id"] = c.text("experiment_id")
        out["team_id"] = c.text("team_id")
        if staff_ids is not None:
            c.known("team_id", raw["staff"][0]["team_id"], "team")
        out["role"] = c.choice("role", EXPERIMENT_ROLES)
        out["start_date"] = c.date("start_date", until=observed)
        out["end_date"] = c.date("end_date", until=None)
    elif name == "sparring":
        out["citizen_id"] = c.text("citizen_id")
        ref("citizen_id", citizen_ids, "borger")
        out["staff_id"] = c.text("staff_id")
        ref("staff_id", staff_ids, "medarbejder")
        out["date"] = c.date("date", until=observed)
        _check_sparring_pairs(c, out, observed)
    return out


def _check_sparring_pairs(c: _Checker, out: pd.DataFrame, observed: dt.date | None) -> None:
    """The owner's linked before/after belief: each value with its date, both optional
    (empty = not recorded; the analysis then falls back to the ratings table)."""
    for when in ("before", "after"):
        value, day = f"{when}_value", f"{when}_date"
        raw = c.frame[value]
        num = _to_number(raw)
        ok = num.notna() & (num == np.floor(num)) & (num >= 1) & (num <= 5)
        c.report(
            (raw != "") & ~ok, value, lambda got: f"skal være et heltal 1-5 eller tom, fik '{got}'"
        )
        out[value] = num.where(ok).astype("Int64")
        out[day] = c.date(day, until=observed, required=False)
        c.report(
            out[value].isna().to_numpy() != out[day].isna().to_numpy(),
            day,
            functools.partial(_both_or_neither, other=value),
        )
    c.report(
        out["after_date"] < out["before_date"], "after_date", lambda got: "ligger før before_date"
    )


def _both_or_neither(got: str, *, other: str) -> str:
    return f"og {other} skal begge være udfyldt eller begge tomme"


def _check_overlaps(c: _Checker, table: pd.DataFrame) -> None:
    """Two assignments of one citizen overlap when the later starts on or before the
    earlier one ends (end dates are inclusive; an empty end means still ongoing)."""
    order = np.lexsort((table["start_date"].to_numpy(), table["citizen_id"].to_numpy()))
    t = table.iloc[order]
    same = t["citizen_id"].to_numpy()[1:] == t["citizen_id"].to_numpy()[:-1]
    prev_end = t["end_date"].to_numpy()[:-1]
    start = t["start_date"].to_numpy()[1:]
    open_end = pd.isna(prev_end)
    overlap = same & (open_end | (start <= np.where(open_end, start, prev_end)))
    bad_rows = order[1:][overlap]
    prev_rows = order[:-1][overlap]
    if bad_rows.size == 0:
        return
    mask = np.zeros(len(table), dtype=bool)
    mask[bad_rows] = True
    partner = dict(zip(bad_rows.tolist(), prev_rows.tolist(), strict=True))
    for r in np.flatnonzero(mask)[:MAX_MESSAGES_PER_CHECK]:
        c.problems.append(
            f"{c.name} række {r + c.offset}: start_date overlapper borgerens tildeling i "
            f"række {partner[int(r)] + c.offset} (slutter ikke før denne starter)"
        )
    if bad_rows.size > MAX_MESSAGES_PER_CHECK:
        c.problems.append(
            f"{c.name}: start_date — {bad_rows.size - MAX_MESSAGES_PER_CHECK} overlap mere"
        )
