"""CSV, TSV, Parquet and XLSX from one DataFrame, so the four tables always have the same columns.

XLSX: openpyxl builds the workbook (styles, the frozen header row, column widths, every package part) and
the data rows are serialised here and put into its sheet. openpyxl's own cell writer costs about 7.5 us a
cell, over 10 s for the 1.7 million cells of a 100,000-pair export before any data is read; the rows
written here are the same cells (inline strings, numbers, booleans, the same style ids), about 1.5 us each.
Text columns wrap and the header row is frozen, since reviewers read these sheets rather than compute.
"""

from __future__ import annotations

import io
import math
import zipfile
from collections.abc import Iterable

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from align.export.records import Unit
from align.export.text import xml_escape, xml_safe

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
EXCEL_MAX_CHARS = 32767


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
    header = []
    for name in df.columns:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    wrapped = WriteOnlyCell(sheet)
    wrapped.alignment = Alignment(wrap_text=True, vertical="top")
    wrap_style = f' s="{wrapped.style_id}"'  # registers the style, so openpyxl writes it into styles.xml
    package = io.BytesIO()
    wb.save(package)
    columns = [
        _column_cells(df[name], dtype, get_column_letter(i), wrap_style if name in WRAPPED else "")
        for i, (name, (dtype, _)) in enumerate(COLUMNS.items(), 1)
    ]
    rows = "".join(f'<row r="{r}">{"".join(cells)}</row>' for r, cells in enumerate(zip(*columns, strict=True), 2))
    return _with_rows(package.getvalue(), sheet.path.lstrip("/"), rows.encode("utf-8"))


def _column_cells(series: pd.Series, dtype: str, letter: str, style: str) -> list[str]:
    """Every row's `<c>` of one column ('' where the value is missing), built column by column so the type
    is decided once per column rather than once per cell."""
    values = series.astype(object).where(series.notna(), None).tolist()
    if dtype == "string":
        return ["" if v is None else _string_cell(f'<c r="{letter}{r}"{style}', v) for r, v in enumerate(values, 2)]
    if dtype == "boolean":
        return [
            "" if v is None else f'<c r="{letter}{r}"{style} t="b"><v>{int(v)}</v></c>' for r, v in enumerate(values, 2)
        ]
    return [
        "" if v is None else f'<c r="{letter}{r}"{style} t="n"><v>{_number(v)}</v></c>' for r, v in enumerate(values, 2)
    ]


def _string_cell(start: str, value: str) -> str:
    """An inline string as openpyxl writes one (cut to Excel's limit, empty as an empty cell), never a formula
    or an error code whatever it starts with: text starting with '=' would otherwise run when opened."""
    value = xml_safe(value)[:EXCEL_MAX_CHARS]
    if not value:
        return f'{start} t="inlineStr"/>'
    space = ' xml:space="preserve"' if value != value.strip() else ""
    return f'{start} t="inlineStr"><is><t{space}>{xml_escape(value)}</t></is></c>'


def _number(value: float) -> str:
    return f"{value:.16g}" if math.isfinite(value) else ""  # openpyxl's format; it leaves NaN and inf empty


def _with_rows(package: bytes, sheet_part: str, rows: bytes) -> bytes:
    """openpyxl's package with the data rows added after the header row in the sheet's `<sheetData>`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == sheet_part:
                data = data.replace(b"</sheetData>", rows + b"</sheetData>", 1)
            dst.writestr(info, data, zipfile.ZIP_DEFLATED)
    return out.getvalue()
