"""Numbers in the English that the Chinese lost or changed, across scripts and scales."""

from __future__ import annotations

from collections.abc import Iterator

from glossary.checks.base import Check, Context, Flag, Pair
from glossary.numerals import chinese_values, english_quantities, matches


def _numbers(pair: Pair, ctx: Context) -> Iterator[Flag]:
    if not pair.en_sentences or not pair.zh_sentences:
        return
    quantities = english_quantities(pair.en)
    if not quantities:
        return  # most sentences: the Chinese need not be read at all
    values = chinese_values(pair.zh)
    for q in quantities:
        if matches(q.value, values):
            continue
        shown = f"{q.value:g}"
        yield NUMBERS.flag(
            pair,
            f"number {q.surface!r} ({shown}) not found in the Chinese",
            en_spans=[(q.start, q.end)],
            evidence={"value": q.value, "chinese_values": sorted(values)[:20]},
            key=f"{q.surface}@{q.start}",
        )


NUMBERS = Check("number.mismatch", "warning", "accuracy/number", "English number missing or changed", _numbers)
CHECKS = [NUMBERS]
