"""Punctuation in Chinese: half-width marks between Chinese characters, and unpaired brackets and quotes."""

from __future__ import annotations

import re
from collections.abc import Iterator

from glossary.checks.base import Check, Context, Flag, Pair

HAN = r"\u3400-\u9fff"
HALFWIDTH = re.compile(rf"(?<=[{HAN}])[,?!:;]|[,?!:;](?=[{HAN}])|(?<=[{HAN}])\((?=[^)]*[{HAN}])|(?<=[{HAN}])\)")
FULLWIDTH = {",": "，", "?": "？", "!": "！", ":": "：", ";": "；", "(": "（", ")": "）"}
PAIRS = [("“", "”"), ("‘", "’"), ("（", "）"), ("《", "》"), ("「", "」"), ("『", "』"), ("【", "】")]


def _halfwidth(pair: Pair, ctx: Context) -> Iterator[Flag]:
    spans = [(m.start(), m.end()) for m in HALFWIDTH.finditer(pair.zh)]
    if not spans:
        return
    marks = "".join(sorted({pair.zh[s:e] for s, e in spans}))
    yield HALFWIDTH_CHECK.flag(
        pair,
        f"half-width punctuation {marks} in Chinese text ({len(spans)}×)",
        suggestion=" ".join(f"{m}→{FULLWIDTH[m]}" for m in marks),
        zh_spans=spans,
        key=marks,
    )


def _unpaired(pair: Pair, ctx: Context) -> Iterator[Flag]:
    text = pair.zh
    for opening, closing in PAIRS:
        if opening not in text and closing not in text:
            continue
        depth = 0
        bad = []
        for i, ch in enumerate(text):
            if ch == opening:
                depth += 1
                bad.append(i)
            elif ch == closing:
                if depth:
                    depth -= 1
                    bad.pop()
                else:
                    bad.append(i)
                    break
        if bad and (depth or text.count(opening) != text.count(closing)):
            yield UNPAIRED.flag(
                pair,
                f"unpaired {opening}{closing} in the Chinese",
                zh_spans=[(i, i + 1) for i in bad],
                key=opening,
            )


HALFWIDTH_CHECK = Check("punct.halfwidth", "info", "fluency/punctuation", "ASCII punctuation in Chinese", _halfwidth)
UNPAIRED = Check("punct.unpaired", "warning", "fluency/punctuation", "unpaired quotes or brackets", _unpaired)
CHECKS = [HALFWIDTH_CHECK, UNPAIRED]
