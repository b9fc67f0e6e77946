"""Checks only an aligner can make: omissions, additions, wrong speakers, and statistical outliers."""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Iterator

from glossary.checks.base import Check, Context, Flag, Pair

LONG_OMISSION_WORDS = 8
LONG_ADDITION_CHARS = 15
Z_LIMIT = 2.5
STRONG_Z = 4.0
# Correct paraphrases reach bead scores of .2-.3; the misalignments and mistranslations seen were below .15.
SIMILARITY_FLOOR = 0.15
# Short sentences embed poorly (cosines of "Really, this was fascinating." vary widely): too noisy to judge.
MIN_SIMILARITY_WORDS = 10


def _words(text: str) -> int:
    return len(text.split())


def _prepare_turns(pairs: list[Pair], ctx: Context) -> None:
    """English turns none of whose sentences reached the Chinese: a whole missing turn is worth saying."""
    by_turn: dict[tuple[str, int | None], list[Pair]] = defaultdict(list)
    for p in pairs:
        if p.en_sentences:
            by_turn[(p.doc_id, p.en_turn)].append(p)
    ctx.data["missing_turns"] = {
        key for key, group in by_turn.items() if key[1] is not None and all(not p.zh_sentences for p in group)
    }


def _omission(pair: Pair, ctx: Context) -> Iterator[Flag]:
    if pair.zh_sentences or not pair.en_sentences:
        return
    whole = (pair.doc_id, pair.en_turn) in ctx.data.get("missing_turns", set())
    long = _words(pair.en) >= LONG_OMISSION_WORDS
    what = f"the whole turn of {pair.en_speaker or 'the speaker'} is missing" if whole else "not translated"
    yield OMISSION.flag(
        pair,
        f"English sentence with no Chinese counterpart: {what}",
        severity="error" if long or whole else "warning",
        en_spans=[(0, len(pair.en))],
        evidence={"words": _words(pair.en), "whole_turn": whole},
    )


def _addition(pair: Pair, ctx: Context) -> Iterator[Flag]:
    if pair.en_sentences or not pair.zh_sentences:
        return
    yield ADDITION.flag(
        pair,
        "Chinese with no English counterpart (an addition, or a translator's note)",
        severity="warning" if len(pair.zh) >= LONG_ADDITION_CHARS else "info",
        zh_spans=[(0, len(pair.zh))],
    )


def _speaker(pair: Pair, ctx: Context) -> Iterator[Flag]:
    if not (pair.en_sentences and pair.zh_sentences and pair.zh_speaker and pair.en_speaker):
        return
    if pair.zh_speaker == pair.en_speaker or pair.zh_role == pair.en_role == "audience":
        return
    yield SPEAKER.flag(
        pair,
        f"the Chinese gives this to {pair.zh_speaker}, but {pair.en_speaker} says it",
        suggestion=f"move this to a turn of {pair.en_speaker}",
        zh_spans=[(0, len(pair.zh))],
        en_spans=[(0, len(pair.en))],
        evidence={"zh_speaker": pair.zh_speaker, "en_speaker": pair.en_speaker},
        key=pair.zh_speaker,
    )


def _log_ratio(pair: Pair) -> float:
    zh, en = pair.zh, pair.en
    return math.log((len(zh) - zh.count(" ") + 1) / (len(en) - en.count(" ") + 1))


def _one_to_one(pairs: list[Pair]) -> dict[str, list[Pair]]:
    by_doc: dict[str, list[Pair]] = defaultdict(list)
    for p in pairs:
        if len(p.en_sentences) == 1 and len(p.zh_sentences) == 1:
            by_doc[p.doc_id].append(p)
    return by_doc


def _robust(values: list[float]) -> tuple[float, float]:
    med = statistics.median(values)
    mad = statistics.median(abs(v - med) for v in values) * 1.4826
    return med, max(mad, 1e-6)


def _prepare_length(pairs: list[Pair], ctx: Context) -> None:
    """Chinese/English character ratios differ by speaker and translator: calibrate per document."""
    stats = {}
    for doc, group in _one_to_one(pairs).items():
        if len(group) >= 10:
            stats[doc] = _robust([_log_ratio(p) for p in group])
    ctx.data["length"] = stats


def _length(pair: Pair, ctx: Context) -> Iterator[Flag]:
    stats = ctx.data.get("length", {}).get(pair.doc_id)
    if not stats or not pair.en_sentences or not pair.zh_sentences or _words(pair.en) < 6:
        return
    med, spread = stats
    z = (_log_ratio(pair) - med) / spread
    if abs(z) < 3.5:
        return
    ratio = math.exp(_log_ratio(pair))
    shorter = z < 0
    yield LENGTH.flag(
        pair,
        f"the Chinese is {'much shorter' if shorter else 'much longer'} than usual for this document "
        f"({ratio:.2f} characters per English character; typical {math.exp(med):.2f})",
        severity="warning" if shorter else "info",
        zh_spans=[(0, len(pair.zh))],
        evidence={"ratio": round(ratio, 3), "typical": round(math.exp(med), 3), "z": round(z, 2)},
    )


def _prepare_similarity(pairs: list[Pair], ctx: Context) -> None:
    stats = {}
    for doc, group in _one_to_one(pairs).items():
        scores = [p.score for p in group if p.score is not None]
        if len(scores) >= 10:
            stats[doc] = _robust(scores)
    ctx.data["similarity"] = stats


def _similarity(pair: Pair, ctx: Context) -> Iterator[Flag]:
    stats = ctx.data.get("similarity", {}).get(pair.doc_id)
    if not stats or pair.score is None or pair.shape != "1-1" or _words(pair.en) < MIN_SIMILARITY_WORDS:
        return
    med, spread = stats
    z = (pair.score - med) / spread
    if z > -Z_LIMIT:
        return
    yield SIMILARITY.flag(
        pair,
        "meaning looks far from the English for a 1-1 pair (cross-lingual similarity outlier)",
        severity="warning" if z <= -STRONG_Z and pair.score < SIMILARITY_FLOOR else "info",
        en_spans=[(0, len(pair.en))],
        zh_spans=[(0, len(pair.zh))],
        evidence={"score": round(pair.score, 3), "median": round(med, 3), "z": round(z, 2)},
    )


OMISSION = Check("align.omission", "error", "accuracy/omission", "English with no Chinese", _omission, _prepare_turns)
ADDITION = Check("align.addition", "warning", "accuracy/addition", "Chinese with no English", _addition)
SPEAKER = Check("speaker.mismatch", "error", "accuracy/speaker", "Chinese label disagrees with the English", _speaker)
LENGTH = Check(
    "length.ratio", "warning", "accuracy/length", "length outlier for the document", _length, _prepare_length
)
SIMILARITY = Check(
    "similarity.low",
    "warning",
    "accuracy/mistranslation",
    "similarity outlier among 1-1 pairs",
    _similarity,
    _prepare_similarity,
)
CHECKS = [OMISSION, ADDITION, SPEAKER, LENGTH, SIMILARITY]
