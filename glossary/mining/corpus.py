"""The aligned corpus cut into candidates once, for both the suggestion list and the variant report.

Pairs arrive as anything with ``bead_id``, ``doc_id``, ``en`` and ``zh`` (the workspace's PairRow, or a
hand-made pair in a test), so the TUI can pass the rows it already holds without another database read.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from glossary.matcher import TermIndex
from glossary.mining.association import Cooccurrence, count_cooccurrence
from glossary.mining.candidates import ChineseSegmenter, chinese_form_key, english_candidates, english_form_key
from glossary.model import Concept


class BeadLike(Protocol):
    bead_id: str
    doc_id: str
    en: list[str]
    zh: list[str]


@dataclass(frozen=True)
class Example:
    """One sentence pair shown as evidence, with the bead id the TUI jumps to."""

    bead_id: str
    doc_id: str
    en: str
    zh: str

    def to_dict(self) -> dict[str, str]:
        return {"bead_id": self.bead_id, "doc_id": self.doc_id, "en": self.en, "zh": self.zh}


@dataclass
class MinedBead:
    """A bead's texts, its candidates as key → first surface (a set with a display form), and where each
    candidate first starts as a share of its sentence's length."""

    example: Example
    en: dict[str, str]
    zh: dict[str, str]
    en_at: dict[str, float]
    zh_at: dict[str, float]


@dataclass
class MinedCorpus:
    """Every bead's candidates and their counts, plus the glossary they were mined against.

    ``glossary_en`` and ``glossary_zh`` are the candidate keys of every glossary form, so "already in the
    glossary" is a set lookup and covers the plural of an English term without listing it as a variant.
    """

    beads: list[MinedBead]
    counts: Cooccurrence
    en_surfaces: dict[str, Counter[str]]
    zh_surfaces: dict[str, Counter[str]]
    index: TermIndex
    glossary_en: frozenset[str]
    glossary_zh: frozenset[str]

    def en_surface(self, key: str) -> str:
        return self.en_surfaces[key].most_common(1)[0][0]

    def zh_surface(self, key: str) -> str:
        return self.zh_surfaces[key].most_common(1)[0][0]


def mine(pairs: Iterable[BeadLike], concepts: Sequence[Concept], min_count: int = 2) -> MinedCorpus:
    """Candidates of every bead with both sides, their bead counts and their co-occurrence counts."""
    segmenter = segmenter_for(glossary_words(concepts))
    en_surfaces: dict[str, Counter[str]] = {}
    zh_surfaces: dict[str, Counter[str]] = {}
    beads: list[MinedBead] = []
    for pair in pairs:
        if not pair.en or not pair.zh:
            continue
        en_text = " ".join(pair.en)
        zh_text = "".join(pair.zh)
        bead = MinedBead(Example(pair.bead_id, pair.doc_id, en_text, zh_text), {}, {}, {}, {})
        for cand in english_candidates(en_text):
            bead.en.setdefault(cand.key, cand.surface)
            bead.en_at.setdefault(cand.key, cand.at)
            en_surfaces.setdefault(cand.key, Counter())[cand.surface] += 1
        for cand in segmenter.candidates(zh_text):
            bead.zh.setdefault(cand.key, cand.surface)
            bead.zh_at.setdefault(cand.key, cand.at)
            zh_surfaces.setdefault(cand.key, Counter())[cand.surface] += 1
        beads.append(bead)
    counts = count_cooccurrence(((b.en, b.zh) for b in beads), min_count)
    en_forms = frozenset(english_form_key(f) for c in concepts for f in (c.en, *c.en_variants))
    zh_forms = frozenset(chinese_form_key(f) for f in glossary_words(concepts))
    return MinedCorpus(beads, counts, en_surfaces, zh_surfaces, TermIndex.build(concepts), en_forms, zh_forms)


def glossary_words(concepts: Iterable[Concept]) -> tuple[str, ...]:
    """Every Chinese form in the glossary, forbidden ones too: a forbidden rendering must be seen whole."""
    words = {form for c in concepts for form in (c.zh, *c.zh_admitted, *c.zh_forbidden) if form.strip()}
    return tuple(sorted(words))


@lru_cache(maxsize=4)
def segmenter_for(words: tuple[str, ...]) -> ChineseSegmenter:
    """One segmenter per glossary version: the TUI asks again after every accepted suggestion."""
    return ChineseSegmenter(words)
