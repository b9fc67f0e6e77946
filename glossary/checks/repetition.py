"""Chinese-aware repetition: doubled function characters (真的的), doubled words, and duplicated sentences."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterator

from glossary.checks.base import Check, Context, Flag, Pair
from glossary.checks.segment import tokens as jieba_tokens

# Characters whose doubling is almost never legitimate (unlike 看看, 常常, 人人, 谢谢).
DOUBLED_CHAR = re.compile(r"([的了是在和与就也都把被从])\1")
DOUBLED_WORD = re.compile(r"([\u4e00-\u9fff]{2,4})\1")
HAN = re.compile(r"[\u4e00-\u9fff]+")
# At each place, the longest run of Chinese characters that is repeated right after itself.
DOUBLING = re.compile(r"(?=([\u4e00-\u9fff]{2,})\1)")
# Doubling that Chinese speech uses on purpose: intensifiers (非常非常 = "really, really") and reduplication.
LEGIT_WORDS = frozenset(
    {"谢谢", "哈哈", "慢慢", "看看", "试试", "想想", "说说", "非常", "真的", "很多", "很快", "越来"}
)
# Words whose final character is often wrongly doubled in speech transcripts (真的的).
SPURIOUS_ENDINGS = frozenset({"真的", "是的"})
MIN_DUPLICATE_CHARS = 12


def _prepare(pairs: list[Pair], ctx: Context) -> None:
    counts: Counter[tuple[str, str]] = Counter()
    for p in pairs:
        for s in p.zh_sentences:
            if len(s) >= MIN_DUPLICATE_CHARS:
                counts[(p.doc_id, s)] += 1
    ctx.data["duplicates"] = {k for k, n in counts.items() if n > 1}


def _word_repeat_possible(text: str) -> bool:
    """Whether segmenting could show a repeated word worth a flag: some doubled run neither starts with 一 nor
    is an intensifier (the longest doubling at a place is seen, and only a two-character one can be in
    LEGIT_WORDS). 非常非常 and 一步一步 are most doublings in speech, and segmenting is the costly part."""
    for m in DOUBLING.finditer(text):
        unit = m.group(1)
        if not unit.startswith("一") and (len(unit) > 2 or unit not in LEGIT_WORDS):
            return True
    return False


def _needs_words(text: str, candidates: list[re.Match[str]]) -> bool:
    """Segment only when a flag can come of it: a doubled character other than 的的确, or a repeated word
    (looked for only where a doubled character or a DOUBLED_WORD opens the door, as before)."""
    if any(text[m.start() : m.end() + 1] != "的的确" for m in candidates):
        return True
    return bool(candidates or DOUBLED_WORD.search(text)) and _word_repeat_possible(text)


def _repeat(pair: Pair, ctx: Context) -> Iterator[Flag]:
    text = pair.zh
    candidates = list(DOUBLED_CHAR.finditer(text))
    tokens = jieba_tokens(text) if _needs_words(text, candidates) else []
    word_ends = {start + len(w) for w, start in tokens if len(w) > 1 and w not in SPURIOUS_ENDINGS}
    for m in candidates:
        if text[m.start() : m.end() + 1] == "的的确" or m.start() + 1 in word_ends:
            continue  # 目的 + 的: the first character closes a word
        yield REPEAT.flag(
            pair, f"repeated character {m.group()}", zh_spans=[m.span()], suggestion=m.group(1), key=f"char:{m.start()}"
        )
    words = [(w, start) for w, start in tokens if HAN.fullmatch(w)]
    for (a, start), (b, _) in itertools.pairwise(words):
        if (
            a == b
            and len(a) > 1
            and a not in LEGIT_WORDS
            and not a.startswith("一")
            and text[start + len(a) : start + 2 * len(a)] == b
        ):
            yield REPEAT.flag(
                pair, f"repeated word {a}{a}", zh_spans=[(start, start + 2 * len(a))], suggestion=a, key=f"word:{start}"
            )
    duplicates = ctx.data.get("duplicates", set())
    offset = 0
    for sentence in pair.zh_sentences:
        if (pair.doc_id, sentence) in duplicates:
            yield REPEAT.flag(
                pair,
                "this Chinese sentence appears more than once in the document",
                severity="info",
                zh_spans=[(offset, offset + len(sentence))],
                key=f"dup:{sentence}",
            )
        offset += len(sentence)


REPEAT = Check("repeat", "warning", "fluency/repetition", "repeated characters, words or sentences", _repeat, _prepare)
CHECKS = [REPEAT]
