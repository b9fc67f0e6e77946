"""Finding glossary terms in English and Chinese text: the engine the checks, `usage` and the TUI share.

One Aho-Corasick automaton per language holds every form of every concept, lower-cased. A search walks the
normalised, lower-cased text once and then filters the raw hits in Python:

* boundaries: a term edge that is a letter or digit must not touch another letter or digit (English: any
  alphanumeric or ``_``, so ``agent`` is not found in ``agentic``; Chinese: ASCII only, so ``在GPQA上``
  matches ``GPQA`` and ``XGPQA`` does not, while Chinese characters need no boundary at all). A term ending
  in a digit does not match before a decimal part either: ``GPT-4`` is not in ``GPT-4.5``.
* case: a concept marked case-sensitive must match exactly as written (after normalisation); every other
  concept matches in any case.
* overlap: of the surviving hits the leftmost-longest non-overlapping ones are kept, so ``多智能体`` is
  one match, not also ``智能体``, when both are terms; when only ``智能体`` is, it is found inside.

Spans are in the caller's original string, whatever normalisation moved.

The Chinese automaton runs over UTF-16 code units spelt as Latin-1 characters, two per character.
pyahocorasick finds a node's child by scanning its children in turn, and the root of a thousand Chinese
terms has over a thousand children, scanned again at every character that does not continue a match;
split into bytes no node has more than 256, and a sentence takes ~4 µs instead of ~35 µs. English text,
whose root has a few dozen children, is searched as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, NamedTuple

import ahocorasick

from glossary.model import Concept
from glossary.normalise import fold_case, leftmost_longest, normalise

Kind = Literal["preferred", "admitted", "forbidden"]

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
# Match(...) goes through a Python-level __new__; tuple.__new__ builds the same object at half the cost,
# which shows when a corpus search creates millions of matches.
_new_match = tuple.__new__


class Match(NamedTuple):
    """One occurrence of a concept's term.

    ``kind`` says how the found form stands: for Chinese the column it came from (``zh`` is preferred,
    ``zh_admitted`` admitted, ``zh_forbidden`` forbidden); for English the headword is preferred and a
    listed variant admitted. ``term`` is the glossary form that matched, ``surface`` the text as written.

    A named tuple rather than a frozen dataclass: as immutable and hashable, and a search creates
    hundreds of thousands of them, at a third of the cost each.
    """

    concept_id: str
    start: int
    end: int
    surface: str
    kind: Kind
    term: str


@dataclass(frozen=True, slots=True)
class _Entry:
    concept_id: str
    kind: Kind
    term: str
    exact: str | None  # the normalised form a case-sensitive concept must match exactly; None: any case


@dataclass(frozen=True, slots=True)
class _Key:
    """Everything a raw hit needs to be judged, computed once per distinct lower-cased form."""

    length: int
    check_left: bool
    check_right: bool
    starts_with_digit: bool
    ends_with_digit: bool
    entries: tuple[_Entry, ...]
    any_exact: bool  # some entry is case-sensitive, so the hit's exact spelling must be compared


@dataclass(frozen=True)
class _Side:
    automaton: ahocorasick.Automaton | None
    ascii_boundaries: bool
    t2s: bool
    units: int  # automaton characters per text character: 1, or 2 when searching code units

    def find(self, text: str) -> list[Match]:
        """The hot path: one automaton pass, then boundary, decimal and case tests per raw hit."""
        if self.automaton is None or not text:
            return []
        norm = normalise(text, t2s=self.t2s)
        folded = fold_case(norm.text)
        size = len(folded)
        ascii_only = self.ascii_boundaries
        units = self.units
        hits: list[tuple[int, int, tuple[_Entry, ...]]] = []
        for last, key in self.automaton.iter(folded if units == 1 else _code_units(folded)):
            if (last + 1) % units:
                continue  # a match straddling two characters
            end = (last + 1) // units
            start = end - key.length
            if key.check_left and start > 0 and _joins(folded[start - 1], ascii_only):
                continue
            if key.check_right and end < size and _joins(folded[end], ascii_only):
                continue
            if key.ends_with_digit and _decimal_follows(folded, end):
                continue
            if key.starts_with_digit and _decimal_precedes(folded, start):
                continue
            entries = key.entries
            if key.any_exact:
                entries = tuple(e for e in entries if e.exact is None or norm.text[start:end] == e.exact)
            if entries:
                hits.append((start, -end, entries))
        matches: list[Match] = []
        for start, end, entries in leftmost_longest(hits):
            a, b = norm.span(start, end)
            surface = text[a:b]
            matches += [_new_match(Match, (e.concept_id, a, b, surface, e.kind, e.term)) for e in entries]
        return matches


class TermIndex:
    """Both automata for a set of concepts; build once, then search any number of sentences.

    Every concept given is indexed, deprecated ones included; callers that should not see some concepts
    (a check ignoring deprecated entries) filter the list before building, so that a longer term they do
    not want cannot hide a shorter one they do.
    """

    def __init__(self, concepts: dict[str, Concept], en: _Side, zh: _Side) -> None:
        self.concepts = concepts
        self._en = en
        self._zh = zh

    @classmethod
    def build(cls, concepts: Iterable[Concept], *, t2s: bool = False) -> TermIndex:
        """Index ``concepts``; with ``t2s`` traditional Chinese in terms and text is matched as simplified."""
        by_id = {concept.id: concept for concept in concepts}
        en_forms: list[tuple[str, _Entry]] = []
        zh_forms: list[tuple[str, _Entry]] = []
        for concept in by_id.values():
            en_terms = [(concept.en, "preferred"), *((v, "admitted") for v in concept.en_variants)]
            zh_terms = [
                (concept.zh, "preferred"),
                *((t, "admitted") for t in concept.zh_admitted),
                *((t, "forbidden") for t in concept.zh_forbidden),
            ]
            en_forms += _forms(concept, en_terms, t2s=False)
            zh_forms += _forms(concept, zh_terms, t2s=t2s)
        en = _side(en_forms, False, ascii_boundaries=False, units=1)
        zh = _side(zh_forms, t2s, ascii_boundaries=True, units=2)
        return cls(by_id, en, zh)

    def find_en(self, text: str) -> list[Match]:
        """Every concept found in an English sentence, leftmost-longest, in text order."""
        return self._en.find(text)

    def find_zh(self, text: str) -> list[Match]:
        """Every rendering found in a Chinese sentence, leftmost-longest, in text order.

        Two concepts that share a form at the same place both get a Match there.
        """
        return self._zh.find(text)


def _forms(concept: Concept, terms: list[tuple[str, Kind]], *, t2s: bool) -> list[tuple[str, _Entry]]:
    """(normalised form, entry) for each non-empty term of one concept.

    A form listed twice keeps its first kind, so a rendering both preferred and forbidden (which lint
    reports) is found as preferred; forms differing only in case are one form unless case matters.
    """
    out: list[tuple[str, _Entry]] = []
    seen: set[str] = set()
    for term, kind in terms:
        form = normalise(term.strip(), t2s=t2s).text
        identity = form if concept.case_sensitive else fold_case(form)
        if not form or identity in seen:
            continue
        seen.add(identity)
        out.append((form, _Entry(concept.id, kind, term, form if concept.case_sensitive else None)))
    return out


def _side(forms: list[tuple[str, _Entry]], t2s: bool, *, ascii_boundaries: bool, units: int) -> _Side:
    grouped: dict[str, list[_Entry]] = {}
    for form, entry in forms:
        grouped.setdefault(fold_case(form), []).append(entry)
    if not grouped:
        return _Side(None, ascii_boundaries, t2s, units)
    automaton = ahocorasick.Automaton()
    for key, entries in grouped.items():
        automaton.add_word(
            key if units == 1 else _code_units(key),
            _Key(
                length=len(key),
                check_left=_joins(key[0], ascii_boundaries),
                check_right=_joins(key[-1], ascii_boundaries),
                starts_with_digit=key[0].isdigit(),
                ends_with_digit=key[-1].isdigit(),
                entries=tuple(entries),
                any_exact=any(e.exact is not None for e in entries),
            ),
        )
    automaton.make_automaton()
    return _Side(automaton, ascii_boundaries, t2s, units)


def _code_units(text: str) -> str:
    """``text`` as UTF-16 code units, one Latin-1 character per byte: two characters per character.

    A character outside the BMP would take four, so it is replaced first; no term is spelt with one. A
    lone surrogate (from text decoded with ``surrogateescape``) passes through as its own two bytes.
    """
    wide = text.encode("utf-16-be", "surrogatepass")
    if len(wide) != 2 * len(text):
        wide = _ASTRAL.sub("\ufffd", text).encode("utf-16-be", "surrogatepass")
    return wide.decode("latin-1")


def _joins(char: str, ascii_only: bool) -> bool:
    """Whether ``char`` would continue a word across a term's edge (English: any letter, digit or _;
    Chinese text: only ASCII letters and digits, since Chinese characters are not word-separated)."""
    if ascii_only:
        return char.isascii() and char.isalnum()
    return char.isalnum() or char == "_"


def _decimal_follows(text: str, end: int) -> bool:
    return end + 1 < len(text) and text[end] == "." and text[end + 1].isdigit()


def _decimal_precedes(text: str, start: int) -> bool:
    return start >= 2 and text[start - 1] == "." and text[start - 2].isdigit()
