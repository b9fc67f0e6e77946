"""English left in the Chinese beyond names, terms and the translator's glosses."""

from __future__ import annotations

import re
from collections.abc import Iterator

from glossary.checks.base import Check, Context, Flag, Pair
from glossary.checks.terms import term_matches

LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z'’]*(?:[ \-][A-Za-z][A-Za-z'’]*)*")
GLOSS = re.compile(r"[（(][^（）()]*[）)]")


def _untranslated(pair: Pair, ctx: Context) -> Iterator[Flag]:
    if not pair.zh_sentences:
        return
    if pair.en and pair.zh.strip() == pair.en.strip():
        yield UNTRANSLATED.flag(pair, "the Chinese is the English source, untranslated", zh_spans=[(0, len(pair.zh))])
        return
    if not LATIN_RUN.search(pair.zh):
        return
    glosses = [m.span() for m in GLOSS.finditer(pair.zh)]
    allowed = set()
    if ctx.index is not None:
        allowed = {(m.start, m.end) for ms in term_matches(pair, ctx)[1].values() for m in ms}
    for m in LATIN_RUN.finditer(pair.zh):
        words = m.group().replace("-", " ").split()
        lower = [w for w in words if w.islower() and len(w) > 1]
        if len(lower) < 2 or any(s <= m.start() < e for s, e in glosses):
            continue
        if any(s <= m.start() and m.end() <= e for s, e in allowed):
            continue
        yield UNTRANSLATED.flag(
            pair, f"English words left in the Chinese: {m.group()!r}", zh_spans=[m.span()], key=m.group()
        )


UNTRANSLATED = Check("untranslated", "warning", "accuracy/untranslated", "English left in the Chinese", _untranslated)
CHECKS = [UNTRANSLATED]
