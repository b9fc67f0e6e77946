"""The glossary's data model: one concept per row of terms.csv, one rule per entry of rules.yaml.

Both are frozen so an index or a compiled rule can hold them without worrying that a caller edits them
behind its back; edits go through ``dataclasses.replace`` and produce a new value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Status = Literal["preferred", "admitted", "deprecated", "forbidden"]
STATUSES: tuple[Status, ...] = ("preferred", "admitted", "deprecated", "forbidden")

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")

# Column order of terms.csv; also the field order of Concept, so one list drives reading and writing.
COLUMNS: tuple[str, ...] = (
    "id",
    "en",
    "en_variants",
    "zh",
    "zh_admitted",
    "zh_forbidden",
    "status",
    "case_sensitive",
    "note",
    "domain",
    "related",
)
MULTI_VALUED: frozenset[str] = frozenset({"en_variants", "zh_admitted", "zh_forbidden", "domain", "related"})
MULTI_SEPARATOR = "|"


@dataclass(frozen=True)
class Concept:
    """One concept: its English term and variants, its Chinese renderings and how each may be used.

    ``status`` is the status of the entry as a whole (a deprecated concept stays in the file so old
    decisions still resolve); the Chinese renderings carry their own standing through the column they are in.
    """

    id: str
    en: str
    en_variants: tuple[str, ...] = ()
    zh: str = ""
    zh_admitted: tuple[str, ...] = ()
    zh_forbidden: tuple[str, ...] = ()
    status: Status = "preferred"
    case_sensitive: bool = False
    note: str = ""
    domain: tuple[str, ...] = ()
    related: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready form with lists for the multi-valued fields, used by every --json output."""
        out: dict[str, object] = {}
        for name in COLUMNS:
            value = getattr(self, name)
            out[name] = list(value) if isinstance(value, tuple) else value
        return out


@dataclass(frozen=True)
class Example:
    """A sentence pair a rule must flag (positive) or must leave alone (negative)."""

    en: str
    zh: str
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Rule:
    """A mistranslation pattern; regexes are kept as written so lint can report the bad ones by line.

    Either ``zh`` (a wrong Chinese pattern, cancelled by ``zh_ok``) or ``zh_required`` (a Chinese pattern
    that must be present whenever ``en`` matches) is set, never both.
    """

    id: str
    severity: Severity
    category: str
    message: str
    en: str | None = None
    zh: str | None = None
    zh_ok: str | None = None
    zh_required: str | None = None
    case_sensitive: bool = False
    suggestion: str = ""
    note: str = ""
    positive: tuple[Example, ...] = ()
    negative: tuple[Example, ...] = ()
    line: int | None = field(default=None, compare=False)
