"""CSV, TSV, Parquet and XLSX from one DataFrame, so the four tables always have the same columns.

XLSX goes through openpyxl's write-only mode: the normal mode keeps every cell object in memory and is
several times slower at 100,000 rows. The header row is frozen and text columns wrap, since reviewers read
these sheets rather than compute with them.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from align.export.records import Unit
from align.export.text import xml_safe

COLUMNS = {
    "doc_id": ("string", 24),
    "id": ("string", 18),
    "idx": ("Int64", 7),
    "bead_type": ("string", 9),
    "speaker": ("string", 16),
    "zh_speaker": ("string", 16),
    "turn": ("Int64", 7),
    "t_start": ("Float64", 9),
    "t_end": ("Float64", 9),
    "en": ("string", 60),
    "zh": ("string", 45),
    "zh_original": ("string", 45),
    "edited": ("boolean", 8),
    "state": ("string", 11),
    "score": ("Float64", 8),
    "flags": ("string", 30),
    "notes": ("string", 30),
}

WRAPPED = {"en", "zh", "zh_original", "flags", "notes"}


def frame(units: Iterable[Unit]) -> pd.DataFrame:
    """One row per unit; `zh` is the reviewed Chinese, `zh_original` is filled only where the reviewer changed it
    (and `state` final means accepted), so a sheet shows at a glance what the review did."""
    rows = [
        (
            u.doc_id, u.uid, u.idx, u.bead_type, u.en_speaker, u.zh_speaker, u.en_turn, u.t_start, u.t_end,
            u.en_text, u.zh_reviewed, u.zh_text if u.edited else None, u.edited, u.state, u.score,
            u.flag_summary() or None, " | ".join(u.closure_notes()) or None,
        )
        for u in units
    ]  # fmt: skip
    df = pd.DataFrame.from_records(rows, columns=list(COLUMNS))
    return df.astype({name: dtype for name, (dtype, _) in COLUMNS.items()})


def csv_bytes(df: pd.DataFrame, sep: str) -> bytes:
    return df.to_csv(sep=sep, index=False, lineterminator="\n").encode("utf-8")


def parquet_bytes(df: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    df.to_parquet(buf, engine="pyarrow", index=False)
    return buf.getvalue()


def xlsx_bytes(df: pd.DataFrame) -> bytes:
    wb = Workbook(write_only=True)
    sheet = wb.create_sheet("pairs")
    sheet.freeze_panes = "A2"
    for i, (_, width) in enumerate(COLUMNS.values(), 1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    header = []
    for name in df.columns:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    # One styled cell per text column, reused row after row (openpyxl serialises a row as it is appended):
    # building a fresh styled cell for every value doubles the time at 100,000 rows.
    text_columns = [i for i, name in enumerate(COLUMNS) if name in WRAPPED]
    styled = {i: WriteOnlyCell(sheet) for i in text_columns}
    for cell in styled.values():
        cell.alignment = wrap
    clean = df.copy()
    formula_like = np.zeros(len(df), dtype=bool)
    for name, (dtype, _) in COLUMNS.items():
        if dtype == "string":
            clean[name] = clean[name].map(xml_safe, na_action="ignore")
            formula_like |= clean[name].astype("string").str.startswith("=").fillna(False).to_numpy(dtype=bool)
    rows = clean.astype(object).where(clean.notna(), None).itertuples(index=False, name=None)
    for row, risky in zip(rows, formula_like.tolist(), strict=True):
        values: list[object] = list(row)
        for i, value in enumerate(values):
            if risky and isinstance(value, str) and value.startswith("="):
                values[i] = _text_cell(sheet, value, wrap if i in styled else None)
            elif value is not None and i in styled:
                styled[i].value = value
                values[i] = styled[i]
        sheet.append(values)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _text_cell(sheet: Any, value: str, alignment: Alignment | None) -> Cell:
    """Text starting with '=' would be stored as a formula (and run when opened); force it to a string."""
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    if alignment is not None:
        cell.alignment = alignment
    return cell
