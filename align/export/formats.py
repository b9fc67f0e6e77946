"""Dispatching an export: select units, hand them to the format's writer, write atomically.

Parallel-corpus formats (TMX, Moses, Hugging Face JSONL) skip units with an empty side: an omission or an
addition is review information, not a translation pair, and would teach a model to drop or invent text.
The review formats (lossless JSONL, XLIFF, the tables) keep them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from align.errors import InputError
from align.export import dpo, jsonl, moses, tmx, xliff
from align.export.records import Selection, Unit, selected_doc_ids, units
from align.paused_gc import paused_gc
from align.textio import atomic_write_bytes
from align.workspace import Workspace

FORMATS = ("tmx", "moses", "jsonl", "hf-jsonl", "xliff", "csv", "tsv", "parquet", "xlsx", "dpo")
PAIRS_ONLY = {"tmx", "moses", "hf-jsonl"}


@dataclass
class ExportResult:
    format: str
    files: list[Path]
    units: int
    skipped_one_sided: int = 0
    documents: list[str] = field(default_factory=list)


@dataclass
class _Counter:
    """Counts what a lazy unit stream dropped for lacking a side."""

    one_sided: int = 0

    def pairs(self, stream: Iterable[Unit]) -> Iterator[Unit]:
        for unit in stream:
            if unit.has_pair:
                yield unit
            else:
                self.one_sided += 1


def export(ws: Workspace, fmt: str, output: Path, selection: Selection) -> ExportResult:
    with paused_gc():
        return _export(ws, fmt, output, selection)


def _export(ws: Workspace, fmt: str, output: Path, selection: Selection) -> ExportResult:
    if fmt not in FORMATS:
        raise InputError(None, None, f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    doc_ids = selected_doc_ids(ws, selection.doc_ids)
    if not doc_ids:
        raise InputError(None, None, f"nothing to export: workspace {ws.path} has no documents")
    selection.doc_ids = doc_ids
    if fmt != "moses" and output.is_dir():
        raise InputError(output, None, f"is a directory; {fmt} writes one file, give its path")
    if fmt == "jsonl":
        if selection.unit != "sentence":
            raise InputError(None, None, "jsonl is lossless per bead; --unit turn applies to the other formats")
        count = 0
        data = bytearray()
        for line in jsonl.lossless_lines(ws, selection):
            data += line.encode("utf-8")
            count += line.startswith('{"type":"bead"')
        atomic_write_bytes(output, bytes(data))
        return ExportResult(fmt, [output], count, documents=doc_ids)
    counter = _Counter()
    stream: Iterable[Unit] = units(ws, selection)
    if fmt in PAIRS_ONLY:
        stream = counter.pairs(stream)
    files = [output]
    if fmt == "moses":
        default = doc_ids[0] if len(doc_ids) == 1 else "corpus"
        files, count = moses.write_moses(stream, moses.moses_target(output, default))
    elif fmt == "tmx":
        data, count = tmx.tmx_bytes(stream, "paragraph" if selection.unit == "turn" else "sentence")
        atomic_write_bytes(output, data)
    elif fmt == "xliff":
        data, count = xliff.xliff_bytes(stream)
        atomic_write_bytes(output, data)
    elif fmt in ("hf-jsonl", "dpo"):
        lines = list(jsonl.hf_lines(stream) if fmt == "hf-jsonl" else dpo.dpo_lines(stream))
        atomic_write_bytes(output, "".join(lines).encode("utf-8"))
        count = len(lines)
    else:
        from align.export import tabular  # pandas and openpyxl: half a second no other command should pay

        df = tabular.frame(stream)
        count = len(df)
        writers = {
            "csv": lambda: tabular.csv_bytes(df, ","),
            "tsv": lambda: tabular.csv_bytes(df, "\t"),
            "parquet": lambda: tabular.parquet_bytes(df),
            "xlsx": lambda: tabular.xlsx_bytes(df),
        }
        atomic_write_bytes(output, writers[fmt]())
    return ExportResult(fmt, files, count, counter.one_sided, doc_ids)
