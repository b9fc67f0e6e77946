"""The one shape every QA check has: an id, a severity, a category, and a function from an aligned pair
(plus its document and corpus context) to flags with character spans in both languages.

Checks that need a view of the whole document or corpus (inconsistent renderings, duplicated sentences,
length calibration) compute it once in ``prepare`` and keep it in the context; ``run`` stays per pair, so the
TUI can re-check one edited pair without re-running the corpus.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

from align.workspace import stable_id

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
Span = tuple[int, int]


@dataclass
class Pair:
    """A sentence bead: English sentences joined by spaces, Chinese joined directly."""

    bead_id: str
    doc_id: str
    idx: int
    en_sentences: list[str]
    zh_sentences: list[str]
    score: float | None = None
    en_speaker: str | None = None
    en_role: str | None = None
    zh_speaker: str | None = None
    zh_role: str | None = None
    en_turn: int | None = None
    zh_turn: int | None = None

    @cached_property
    def en(self) -> str:
        return " ".join(self.en_sentences)

    @cached_property
    def zh(self) -> str:
        return "".join(self.zh_sentences)

    @property
    def shape(self) -> str:
        return f"{len(self.en_sentences)}-{len(self.zh_sentences)}"


@dataclass
class Flag:
    check: str
    severity: Severity
    category: str
    message: str
    bead_id: str
    doc_id: str
    en_spans: list[Span] = field(default_factory=list)
    zh_spans: list[Span] = field(default_factory=list)
    suggestion: str | None = None
    evidence: dict[str, Any] = field(default_factory=dict)
    key: str = ""

    def fingerprint(self, pair: Pair) -> str:
        """Stable across re-ingest and re-check while the pair's text and the flagged thing are the same."""
        return stable_id(self.check, self.doc_id, pair.en, pair.zh, self.key)


@dataclass
class Context:
    """What checks may know beyond the pair: the glossary, the rules, and what prepare() computed."""

    index: Any = None
    rules: list[Any] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)


Run = Callable[[Pair, Context], Iterable[Flag]]


@dataclass(frozen=True)
class Check:
    """One check. ``batch``, when set, builds a single run for a group of checks that share it: a hundred
    rules cost a hundred calls per pair one by one, but one shared pass over the text when run together. The
    batched run must yield exactly the flags of the checks' own runs, in check order; ``run`` stays the way
    to check one pair with one check."""

    id: str
    severity: Severity
    category: str
    description: str
    run: Run
    prepare: Callable[[list[Pair], Context], None] | None = None
    batch: Callable[[Sequence[Check]], Run] | None = field(default=None, compare=False)
    tally: Callable[[list[Pair], Context], Any] | None = None
    combine: Callable[[list[Any], Context], None] | None = None

    def __post_init__(self) -> None:
        if (self.tally is None) != (self.combine is None):
            raise ValueError(f"check {self.id}: tally and combine come together")
        if self.tally and self.prepare:
            raise ValueError(f"check {self.id}: prepares either whole or in parts")

    def prepare_pairs(self, pairs: list[Pair], ctx: Context) -> None:
        """Whatever this check needs to know of all the pairs before it runs on any one of them.

        A ``prepare`` that is costly per pair (the glossary matching behind inconsistent renderings) comes
        split instead: ``tally`` over consecutive parts of the pairs, ``combine`` of the tallies in order,
        equal to one tally of them all. The runner then tallies the parts in its workers."""
        if self.prepare:
            self.prepare(pairs, ctx)
        if self.tally and self.combine:
            self.combine([self.tally(pairs, ctx)], ctx)

    def flag(self, pair: Pair, message: str, **kw: Any) -> Flag:
        """A flag of this check on this pair; severity and category default to the check's own."""
        kw.setdefault("severity", self.severity)
        kw.setdefault("category", self.category)
        return Flag(check=self.id, message=message, bead_id=pair.bead_id, doc_id=pair.doc_id, **kw)
