"""Text normalisation for term matching, with a map back to the caller's character offsets.

Chinese articles write Latin names in full width (ＧＰＱＡ), in ligatures or as circled digits, and some are
in traditional characters; a glossary lists each term once. Both the text and every glossary term go
through the same normaliser, so a mapping only has to be applied consistently, not completely:

* NFKC is applied to characters whose NFKC form is plain ASCII (full-width letters, digits and symbols,
  ligatures, ①, ², ㎏), because those are what Latin tokens are spelt with. Left alone: the full-width
  punctuation Chinese prose uses as its own (，：；！？（） and the ideographic space) and characters that
  expand to punctuation only (… to ...). No term is spelt with them, and leaving them means an ordinary
  sentence needs no rewriting at all, which is what keeps matching fast.
* Traditional to simplified uses OpenCC's t2s dictionaries (phrases first, then characters, longest match
  from the left, as OpenCC does). Every entry maps to a string of the same length, so it never moves an
  offset; it is done here rather than through ``OpenCC.convert``, which takes ~100 µs a sentence.

Spans found in the normalised text are mapped back with :meth:`Normalised.span`, so callers always see
offsets into the string they passed in.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import NamedTuple, TypeVar

import ahocorasick
import opencc

# (start, end, payload), or (start, -end, payload) going into leftmost_longest: an automaton hit as a span.
Span = TypeVar("Span", bound=tuple[int, int, object])

_PROSE_PUNCTUATION = frozenset("！（），：；？\u3000")
_LAST_CODEPOINT = 0x30000  # nothing above this has an NFKC form in ASCII


# Characters that an IGNORECASE pattern matches to an ASCII letter but that str.lower() leaves elsewhere (or,
# for İ, spells with two characters): folded first, so a lower-cased literal is found wherever re would match it.
_RE_FOLD_FIXES = {0x130: "i", 0x131: "i", 0x17F: "s"}
_NEEDS_RE_FIX = re.compile("[\u0130\u0131\u017f]")


def re_fold(text: str) -> str:
    """Lower case as IGNORECASE sees it: a lower-case literal is in ``re_fold(text)`` wherever an IGNORECASE
    pattern of it matches ``text``, so gates can search the fold without IGNORECASE's cost."""
    if not text.isascii() and _NEEDS_RE_FIX.search(text):
        text = text.translate(_RE_FOLD_FIXES)
    return text.lower()


class Normalised(NamedTuple):
    """A normalised string; ``offsets[i]`` is the original index of character ``i`` (None: the same).

    A named tuple because one is made per sentence searched, and a frozen dataclass costs three times
    as much to create.
    """

    text: str
    offsets: tuple[int, ...] | None = None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of normalised ``[start, end)``; an expanded character maps back whole."""
        if self.offsets is None:
            return start, end
        return self.offsets[start], self.offsets[end - 1] + 1


@cache
def _nfkc_ascii() -> tuple[dict[int, str], re.Pattern[str]]:
    """The character table and a pattern that finds any character in it (built once, ~50 ms)."""
    table: dict[int, str] = {}
    for code in range(0x80, _LAST_CODEPOINT):
        char = chr(code)
        if char in _PROSE_PUNCTUATION or unicodedata.is_normalized("NFKC", char):
            continue
        form = unicodedata.normalize("NFKC", char)
        if form.isascii() and (len(form) == 1 or any(c.isalnum() for c in form)):
            table[code] = form
    # Any astral character (an emoji, usually) takes the translate path: one range keeps the class a
    # bitmap that sre tests in constant time, where the exact astral ranges would make every test slow.
    bmp_class = _char_class(code for code in table if code <= 0xFFFF)
    return table, re.compile(bmp_class[:-1] + "\U00010000-\U0010ffff]")


def _char_class(codes: Iterable[int]) -> str:
    """A regex character class of ``codes`` written as ranges, which sre tests far faster than a list."""
    ranges: list[list[int]] = []
    for code in sorted(codes):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    parts = [re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges]
    return "[" + "".join(parts) + "]"


@cache
def _t2s_tables() -> tuple[dict[int, str], dict[str, str], ahocorasick.Automaton]:
    """OpenCC's t2s character table, its phrase table and an automaton over the phrases."""
    folder = Path(opencc.__file__).parent / "dictionary"
    chars = {ord(key): value for key, value in _read_opencc(folder / "TSCharacters.txt") if len(key) == 1}
    phrases = dict(_read_opencc(folder / "TSPhrases.txt"))
    automaton = ahocorasick.Automaton()
    for key in phrases:
        automaton.add_word(key, key)
    automaton.make_automaton()
    return chars, phrases, automaton


def _read_opencc(path: Path) -> list[tuple[str, str]]:
    """Entries whose first candidate keeps the length (all of them in the shipped dictionaries)."""
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        key, _, values = line.partition("\t")
        first = values.split(" ")[0]
        if key and len(first) == len(key):
            entries.append((key, first))
    return entries


def to_simplified(text: str) -> str:
    """Traditional to simplified with OpenCC's t2s dictionaries; the result always has the same length."""
    chars, phrases, automaton = _t2s_tables()
    converted = text.translate(chars)
    hits = [(end - len(key) + 1, -(end + 1), key) for end, key in automaton.iter(text)]
    if not hits:
        return converted
    out = list(converted)
    for start, end, key in leftmost_longest(hits):
        out[start:end] = phrases[key]
    return "".join(out)


def leftmost_longest(candidates: list[Span]) -> list[Span]:
    """Non-overlapping spans, each the longest starting at the leftmost free position.

    This is how a reader segments ``多智能体``: the longer term wins and the shorter one inside it is not
    counted again; a shorter term elsewhere still is. Candidates come as ``(start, -end, payload)`` and
    leave as ``(start, end, payload)``: with the end negated a plain sort puts them leftmost first and,
    among equal starts, longest first, with no key function (this runs once per sentence searched).
    """
    chosen: list[Span] = []
    last_end = -1
    for start, negative_end, payload in sorted(candidates):
        if start >= last_end:
            last_end = -negative_end
            chosen.append((start, last_end, payload))  # type: ignore[arg-type]
    return chosen


def normalise(text: str, *, t2s: bool = False) -> Normalised:
    """Normalise ``text`` for matching; see the module docstring for what changes and why."""
    table, pattern = _nfkc_ascii()
    result = Normalised(text)
    if not text.isascii() and pattern.search(text):
        converted = text.translate(table)
        result = Normalised(converted) if len(converted) == len(text) else _expanded(text, table)
    if t2s:
        result = Normalised(to_simplified(result.text), result.offsets)
    return result


def _expanded(text: str, table: dict[int, str]) -> Normalised:
    """The slow path for the rare text with a character that expands (ﬁ → fi, ㎏ → kg)."""
    parts: list[str] = []
    offsets: list[int] = []
    for i, char in enumerate(text):
        form = table.get(ord(char), char)
        parts.append(form)
        offsets.extend([i] * len(form))
    return Normalised("".join(parts), tuple(offsets))


def fold_case(text: str) -> str:
    """Lower case that never changes the length, so spans in the folded text are spans in ``text``.

    ``str.lower`` turns a few characters (İ) into two; those few are left as they are.
    """
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(low if len(low := char.lower()) == 1 else char for char in text)
