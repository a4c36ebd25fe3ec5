"""The research folder in the formats researchers use: Parquet, Stata (.dta), SPSS (.sav).

The CSV files are the folder's canonical form (the contract, and what `jobtro analyse`
reads); the other formats are made from them, table by table, with the types and labels
of the codebook (:mod:`jobtro.analysis.codebook`):

- dates become dates, integers integers (missing stays missing), ids and text strings;
- in Stata and SPSS a category becomes an integer 1, 2, 3 … with value labels in the
  codebook's order (an empty cell is missing), and every variable gets its label;
- Parquet keeps the categories as text (its readers have no value labels).

pyreadstat (ReadStat) writes Stata 15 .dta and SPSS .sav; it is the maintained library
R's haven also builds on.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from jobtro.analysis import codebook

FORMATS = ("csv", "parquet", "dta", "sav")
FORMAT_LABELS = {
    "csv": "CSV",
    "parquet": "Parquet",
    "dta": "Stata (.dta)",
    "sav": "SPSS (.sav)",
}


def _typed(frame: pd.DataFrame, table: str, *, coded: bool) -> pd.DataFrame:
    """The table with the codebook's types; ``coded`` turns categories into 1..n."""
    out = pd.DataFrame(index=frame.index)
    for column in frame.columns:
        var = codebook.variable(table, column)
        raw = frame[column].replace("", pd.NA)
        if var.kind == "date":
            out[column] = pd.to_datetime(raw, format="%Y-%m-%d", errors="coerce")
        elif var.kind == "int":
            out[column] = pd.to_numeric(raw, errors="coerce").astype("Int64")
        elif var.kind == "number":
            out[column] = pd.to_numeric(raw, errors="coerce").astype("float64")
        elif var.kind == "category" and coded:
            codes = {code: number for number, code in enumerate(var.values, start=1)}
            out[column] = raw.map(codes).astype("float64")  # unknown or empty -> missing
        else:
            out[column] = frame[column].astype(str)
    return out


def _labels(table: str, columns: Iterable[str], lang: str) -> tuple[list[str], dict]:
    names, value_labels = [], {}
    for column in columns:
        var = codebook.variable(table, column)
        names.append(var.da if lang == "da" else var.en)
        if var.kind == "category":
            value_labels[column] = {
                float(number): (da if lang == "da" else en)
                for number, (da, en) in enumerate(var.values.values(), start=1)
            }
    return names, value_labels


def write_formats(
    folder: Path, tables: list[str], formats: Iterable[str], *, lang: str = "da"
) -> list[Path]:
    """Write each table of ``folder`` (as ``NAME.csv``) in the extra ``formats``."""
    import pyreadstat

    wanted = [f for f in formats if f != "csv"]
    unknown = set(wanted) - set(FORMATS)
    if unknown:
        raise ValueError(f"unknown export formats: {sorted(unknown)}")
    written: list[Path] = []
    for table in tables:
        frame = pd.read_csv(folder / f"{table}.csv", dtype=str, keep_default_na=False)
        if "parquet" in wanted:
            path = folder / f"{table}.parquet"
            _typed(frame, table, coded=False).to_parquet(path, index=False)
            written.append(path)
        if not {"dta", "sav"} & set(wanted):
            continue
        coded = _typed(frame, table, coded=True)
        names, value_labels = _labels(table, frame.columns, lang)
        title = getattr(codebook.TABLES[table], lang)
        if "dta" in wanted:
            path = folder / f"{table}.dta"
            pyreadstat.write_dta(
                coded,
                str(path),
                file_label=title[:80],
                column_labels=[name[:80] for name in names],
                variable_value_labels=value_labels,
                version=15,
            )
            written.append(path)
        if "sav" in wanted:
            path = folder / f"{table}.sav"
            pyreadstat.write_sav(
                coded,
                str(path),
                file_label=title,
                column_labels=names,
                variable_value_labels=value_labels,
            )
            written.append(path)
    return written
