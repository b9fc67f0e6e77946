"""Reading and writing terms.csv (and its tab-separated twin), one concept per row.

The file is edited by hand and reviewed in git, so reading is strict (every malformed row is an InputError
naming the file and line, rather than a concept silently dropped) and writing is stable: columns in a fixed
order, rows in the order given, ``|`` between multiple values, so a one-field edit is a one-line diff.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from align.errors import InputError
from align.textio import atomic_write_bytes
from glossary.model import COLUMNS, MULTI_SEPARATOR, MULTI_VALUED, STATUSES, Concept, Status

REQUIRED_COLUMNS = ("id", "en")
_ID = re.compile(r"[^\s|]+")
_YES = {"yes": True, "no": False, "": False}


def default_glossary_path() -> Path:
    """The bundled glossary, unless BITEXT_GLOSSARY points at a team's own copy."""
    env = os.environ.get("BITEXT_GLOSSARY")
    return Path(env) if env else Path(__file__).with_name("terms.csv")


def default_rules_path() -> Path:
    """The bundled rules, unless BITEXT_RULES points elsewhere."""
    env = os.environ.get("BITEXT_RULES")
    return Path(env) if env else Path(__file__).with_name("rules.yaml")


def load_terms(path: str | Path, *, delimiter: str = ",") -> list[Concept]:
    """Read a glossary file; a missing or undecodable file is an InputError like any bad row."""
    return parse_terms(read_text(path), path, delimiter=delimiter)


def read_text(path: str | Path) -> str:
    """UTF-8 text of a file (a BOM from a spreadsheet export is dropped), with decode errors located."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(path, None, f"cannot read: {exc.strerror or exc}") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(path, line, "not UTF-8 text") from exc


def parse_terms(text: str, path: str | Path | None, *, delimiter: str = ",") -> list[Concept]:
    """Parse glossary text; ``path`` is only used to name the file in errors."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    concepts: list[Concept] = []
    first_line: dict[str, int] = {}
    line = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise InputError(path, line, f"malformed row: {exc}") from exc
        start, line = line, reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        if header is None:
            header = _check_header(row, path, start)
            continue
        if len(row) != len(header):
            raise InputError(path, start, f"expected {len(header)} columns, found {len(row)}")
        concept = concept_from_fields(dict(zip(header, row, strict=True)), path, start)
        if concept.id in first_line:
            raise InputError(path, start, f"duplicate id {concept.id!r} (first on line {first_line[concept.id]})")
        first_line[concept.id] = start
        concepts.append(concept)
    if header is None:
        raise InputError(path, 1, "empty glossary: expected a header row " + delimiter.join(COLUMNS))
    return concepts


def _check_header(row: list[str], path: str | Path | None, line: int) -> list[str]:
    header = [cell.strip().lower() for cell in row]
    unknown = [name for name in header if name not in COLUMNS]
    if unknown:
        raise InputError(path, line, f"unknown column {unknown[0]!r}; columns are {', '.join(COLUMNS)}")
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        raise InputError(path, line, f"column {repeated[0]!r} appears twice")
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise InputError(path, line, f"missing column {missing[0]!r}")
    return header


def concept_from_fields(fields: Mapping[str, str], path: str | Path | None, line: int | None) -> Concept:
    """Build a concept from raw text fields (a CSV row, CLI options), validating each one.

    Fields left out take the Concept defaults, so older files without the newer columns still load.
    """
    values: dict[str, object] = {}
    for name, raw in fields.items():
        values[name] = _parse_field(name, raw, path, line)
    concept = Concept(**values)  # type: ignore[arg-type]
    _check_required(concept, path, line)
    return concept


def _parse_field(name: str, raw: str, path: str | Path | None, line: int | None) -> object:
    """One field's text as the model stores it: a tuple, a bool, a status or a stripped string."""
    text = raw.strip()
    if name in MULTI_VALUED:
        return _split_multi(text)
    if name == "status":
        return _parse_status(text, path, line)
    if name == "case_sensitive":
        flag = _YES.get(text.lower())
        if flag is None:
            raise InputError(path, line, f"case_sensitive must be yes or no, not {text!r}")
        return flag
    if name == "id" and text and not _ID.fullmatch(text):
        raise InputError(path, line, f"id {text!r} must not contain spaces or '|'")
    return text


def _parse_status(text: str, path: str | Path | None, line: int | None) -> Status:
    status = text.strip().lower()
    if status not in STATUSES:
        raise InputError(path, line, f"bad status {text!r}; expected one of {', '.join(STATUSES)}")
    return status  # type: ignore[return-value]


def _check_required(concept: Concept, path: str | Path | None, line: int | None) -> None:
    if not concept.id:
        raise InputError(path, line, "empty id")
    if not concept.en:
        raise InputError(path, line, f"concept {concept.id!r} has an empty en")


def make_id(en: str) -> str:
    """An id from an English term, for rows added without one: ``Mixture of Experts`` -> ``mixture-of-experts``.

    Empty when the term has no letters or digits; the caller's required-field check refuses that.
    """
    return "-".join("".join(ch if ch.isalnum() else " " for ch in en.lower()).split())


def _split_multi(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(MULTI_SEPARATOR) if part.strip())


def format_terms(concepts: Iterable[Concept], *, delimiter: str = ",") -> str:
    """The file text for ``concepts``, in the order given and with every column always present."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(COLUMNS)
    for concept in concepts:
        writer.writerow([_format_value(getattr(concept, name)) for name in COLUMNS])
    return out.getvalue()


def _format_value(value: object) -> str:
    if isinstance(value, tuple):
        return MULTI_SEPARATOR.join(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def save_terms(path: str | Path, concepts: Iterable[Concept], *, delimiter: str = ",") -> None:
    """Replace the file atomically, so a crash mid-save leaves the previous glossary intact."""
    atomic_write_bytes(path, format_terms(concepts, delimiter=delimiter).encode("utf-8"))


def merge_concepts(
    existing: Sequence[Concept], incoming: Iterable[Concept]
) -> tuple[list[Concept], list[str], list[str]]:
    """Incoming concepts replace same-id ones where they stand and the rest are appended.

    Returns the merged list and the ids added and changed, so an import touches only the rows it must.
    """
    merged = list(existing)
    position = {concept.id: i for i, concept in enumerate(merged)}
    added: list[str] = []
    changed: list[str] = []
    for concept in incoming:
        i = position.get(concept.id)
        if i is None:
            position[concept.id] = len(merged)
            merged.append(concept)
            added.append(concept.id)
        elif merged[i] != concept:
            merged[i] = concept
            changed.append(concept.id)
    return merged, added, changed


def with_fields(concept: Concept, fields: Mapping[str, str], path: str | Path | None) -> Concept:
    """A copy of ``concept`` with some fields replaced from raw text, validated as a file row would be."""
    values = {name: _parse_field(name, raw, path, None) for name, raw in fields.items()}
    updated = replace(concept, **values)  # type: ignore[arg-type]
    _check_required(updated, path, None)
    return updated
