"""Sentence segmentation for Chinese and English with character offsets.

Hand-written rather than pysbd or NLTK: we need exact offsets into the cleaned turn text, Chinese-specific
rules (ASCII ``?!;`` used as Chinese punctuation, as in seed 001, but not inside URLs), and a few microseconds
per sentence so that re-segmenting a whole corpus on every ingest stays cheap.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from align.document import Sentence, Turn

CLOSERS = "”’」』）)】》]\"'"
_ZH_TERMINATORS = re.compile(
    r"(?:[。！？；]+|[!?;]+(?=$|[\s\u3000-\u303f\u4e00-\u9fff\uff00-\uffef" + re.escape(CLOSERS) + r"])"
    r"|…+|\.{3,}(?=$|[\s\u4e00-\u9fff]))"
    r"[" + re.escape(CLOSERS) + r"]*"
)

ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "jr",
        "sr",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "a.m",
        "p.m",
        "inc",
        "ltd",
        "co",
        "no",
        "approx",
        "fig",
        "cf",
        "mt",
        "gen",
        "sen",
        "rep",
        "gov",
        "lt",
        "col",
        "capt",
        "sgt",
        "dept",
        "est",
        "vol",
        "ch",
        "u.s",
        "u.k",
        "u.n",
        "e.u",
        "ph.d",
        "b.a",
        "m.a",
    ]
)
_EN_CANDIDATE = re.compile(r"(?:[.!?]+|…+)[" + re.escape(CLOSERS) + r"“‘]*(?=\s+|$)")
_EN_NEXT_OK = re.compile(r"\s+[\"'“‘(\[]*[A-Z0-9]")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")


def zh_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans of one Chinese paragraph."""
    cuts = [m.end() for m in _ZH_TERMINATORS.finditer(text)]
    return _spans_from_cuts(text, cuts)


def en_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans of one English paragraph."""
    cuts = []
    for m in _EN_CANDIDATE.finditer(text):
        end = m.end()
        if end >= len(text.rstrip()):
            continue
        if not _EN_NEXT_OK.match(text, end):
            continue
        if m.group().startswith(".") and not m.group().startswith("..") and _is_abbreviation(text, m.start()):
            continue
        cuts.append(end)
    return _spans_from_cuts(text, cuts)


def _is_abbreviation(text: str, dot: int) -> bool:
    m = _WORD_BEFORE.search(text, max(0, dot - 12), dot + 1)
    if not m:
        return False
    word = m.group(1).lower()
    if word in ABBREVIATIONS:
        return True
    # Initials ("J. K. Rowling") and dotted acronyms ("U.S.") never end a sentence in interview speech.
    return (len(word) == 1 and word.isalpha() and text[m.start(1)].isupper()) or bool(
        re.fullmatch(r"(?:[a-z]\.)+[a-z]", word)
    )


def _spans_from_cuts(text: str, cuts: list[int]) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for cut in [*cuts, len(text)]:
        s, e = trim_span(text, start, cut)
        if e > s:
            spans.append((s, e))
        start = cut
    return spans


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def spans(text: str, language: str) -> list[tuple[int, int]]:
    return zh_spans(text) if language.startswith("zh") else en_spans(text)


def paragraph_offsets(paragraphs: list[str]) -> Iterator[tuple[int, int, str]]:
    """(paragraph index, offset in the turn text, paragraph) for paragraphs joined by newlines."""
    offset = 0
    for i, para in enumerate(paragraphs):
        yield i, offset, para
        offset += len(para) + 1


def segment_turn(turn: Turn, language: str, line_of: list[list[int]] | None = None) -> list[Sentence]:
    """Split a turn into sentences; ``line_of[p][c]`` gives the source line of character c of paragraph p."""
    sentences = []
    for pi, base, para in paragraph_offsets(turn.paragraphs):
        lines = line_of[pi] if line_of and pi < len(line_of) else None
        for s, e in spans(para, language):
            sentences.append(
                Sentence(
                    text=para[s:e],
                    start=base + s,
                    end=base + e,
                    paragraph=pi,
                    line_start=lines[s] if lines else turn.line_start,
                    line_end=lines[e - 1] if lines else turn.line_end,
                )
            )
    return sentences
