"""Chinese-aware repetition: doubled function characters (真的的), doubled words, and duplicated sentences."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from glossary.checks.base import Check, Context, Flag, Pair

# Characters whose doubling is almost never legitimate (unlike 看看, 常常, 人人, 谢谢).
DOUBLED_CHAR = re.compile(r"([的了是在和与就也都把被从])\1")
DOUBLED_WORD = re.compile(r"([\u4e00-\u9fff]{2,4})\1(?![\u4e00-\u9fff]*\1)")
LEGIT_WORDS = frozenset({"谢谢", "哈哈", "慢慢", "一点一点", "看看", "试试", "想想", "说说", "是不是"})
# 一步一步, 一点一点, 一个一个: the 一X一X pattern is grammatical.
REDUPLICATION = re.compile(r"(一[\u4e00-\u9fff]{1,2})\1")
MIN_DUPLICATE_CHARS = 12


def _prepare(pairs: list[Pair], ctx: Context) -> None:
    counts: Counter[tuple[str, str]] = Counter()
    for p in pairs:
        for s in p.zh_sentences:
            if len(s) >= MIN_DUPLICATE_CHARS:
                counts[(p.doc_id, s)] += 1
    ctx.data["duplicates"] = {k for k, n in counts.items() if n > 1}


def _repeat(pair: Pair, ctx: Context) -> Iterator[Flag]:
    for m in DOUBLED_CHAR.finditer(pair.zh):
        if pair.zh[m.start() : m.end() + 1] == "的的确":
            continue
        yield REPEAT.flag(
            pair, f"repeated character {m.group()}", zh_spans=[m.span()], suggestion=m.group(1), key=f"char:{m.start()}"
        )
    for m in DOUBLED_WORD.finditer(pair.zh):
        word = m.group(1)
        if m.group() in LEGIT_WORDS or word in LEGIT_WORDS or len(set(word)) == 1 or REDUPLICATION.fullmatch(m.group()):
            continue
        yield REPEAT.flag(
            pair, f"repeated word {word}{word}", zh_spans=[m.span()], suggestion=word, key=f"word:{m.start()}"
        )
    duplicates = ctx.data.get("duplicates", set())
    offset = 0
    for s in pair.zh_sentences:
        if (pair.doc_id, s) in duplicates:
            yield REPEAT.flag(
                pair,
                "this Chinese sentence appears more than once in the document",
                severity="info",
                zh_spans=[(offset, offset + len(s))],
                key=f"dup:{s}",
            )
        offset += len(s)


REPEAT = Check("repeat", "warning", "fluency/repetition", "repeated characters, words or sentences", _repeat, _prepare)
CHECKS = [REPEAT]
