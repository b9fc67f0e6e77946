"""Punctuation in Chinese: half-width marks between Chinese characters, and unpaired brackets and quotes."""

from __future__ import annotations

import re
from collections.abc import Iterator

from glossary.checks.base import Check, Context, Flag, Pair

HAN = r"\u3400-\u9fff"
HALFWIDTH = re.compile(rf"(?<=[{HAN}])[,?!:;]|[,?!:;](?=[{HAN}])|(?<=[{HAN}])\((?=[^)]*[{HAN}])|(?<=[{HAN}])\)")
# HALFWIDTH looks around every character; most Chinese has none of its marks, which one scan tells.
ASCII_MARK = re.compile(r"[,?!:;()]")
FULLWIDTH = {",": "，", "?": "？", "!": "！", ":": "：", ";": "；", "(": "（", ")": "）"}
PAIRS = [("“", "”"), ("‘", "’"), ("（", "）"), ("《", "》"), ("「", "」"), ("『", "』"), ("【", "】")]


def _halfwidth(pair: Pair, ctx: Context) -> Iterator[Flag]:
    if not ASCII_MARK.search(pair.zh):
        return
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


def _unbalanced(text: str, opening: str, closing: str) -> list[int]:
    """Positions of the marks that have no partner (a closer before any opener, or openers left open)."""
    stack: list[int] = []
    for i, ch in enumerate(text):
        if ch == opening:
            stack.append(i)
        elif ch == closing:
            if not stack:
                return [i]
            stack.pop()
    return stack


def _prepare_unpaired(pairs: list[Pair], ctx: Context) -> None:
    """Quotes often run over several sentences, so balance is judged over the whole Chinese turn."""
    turns: dict[tuple[str, int], list[str]] = {}
    for p in pairs:
        if p.zh_turn is not None:
            turns.setdefault((p.doc_id, p.zh_turn), []).append(p.zh)
    ctx.data["unbalanced_turns"] = {
        (doc, turn, opening)
        for (doc, turn), texts in turns.items()
        for opening, closing in PAIRS
        if _unbalanced("".join(texts), opening, closing)
    }


def _unpaired(pair: Pair, ctx: Context) -> Iterator[Flag]:
    text = pair.zh
    unbalanced_turns = ctx.data.get("unbalanced_turns", set())
    for opening, closing in PAIRS:
        if opening not in text and closing not in text:
            continue
        bad = _unbalanced(text, opening, closing)
        if not bad:
            continue
        if pair.zh_turn is not None and (pair.doc_id, pair.zh_turn, opening) not in unbalanced_turns:
            continue
        yield UNPAIRED.flag(
            pair,
            f"unpaired {opening}{closing} in the Chinese",
            zh_spans=[(i, i + 1) for i in bad],
            key=opening,
        )


HALFWIDTH_CHECK = Check("punct.halfwidth", "info", "fluency/punctuation", "ASCII punctuation in Chinese", _halfwidth)
UNPAIRED = Check(
    "punct.unpaired", "warning", "fluency/punctuation", "unpaired quotes or brackets", _unpaired, _prepare_unpaired
)
CHECKS = [HALFWIDTH_CHECK, UNPAIRED]
