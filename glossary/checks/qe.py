"""Quality estimation by back-translation: a pair whose Chinese, translated back, reads far less like its
English than the document's other pairs do is probably a mistranslation or a misalignment.

Absolute chrF says little on its own (it depends on the MT model, the translator's freedom and the speaker's
style), so a pair is judged against its own document: a robust z-score (median and MAD, which a handful of
bad pairs cannot drag) below -Z_LIMIT, and an absolute floor so a uniformly excellent document flags nothing.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from align.mt.backtranslate import BackTranslator, chrf
from align.mt.translator import Translate
from glossary.checks.base import Check, Context, Flag, Pair

Z_LIMIT = 2.0
CHRF_FLOOR = 30.0
MIN_EN_WORDS = 4
MIN_PAIRS = 8
MAD_FLOOR = 2.0
MAD_TO_SIGMA = 1.4826
DESCRIPTION = "back-translation far from the English (a low chrF outlier in its document)"


@dataclass(frozen=True)
class Distribution:
    median: float
    mad: float
    pairs: int

    @classmethod
    def of(cls, scores: list[float]) -> Distribution:
        median = statistics.median(scores)
        return cls(median, statistics.median(abs(x - median) for x in scores), len(scores))

    def z(self, score: float) -> float:
        return (score - self.median) / (MAD_TO_SIGMA * max(self.mad, MAD_FLOOR))


def _scorable(pair: Pair) -> bool:
    """chrF of a two-word sentence swings on one word, so short English is neither scored nor counted."""
    return bool(pair.zh_sentences) and len(pair.en.split()) >= MIN_EN_WORDS


def qe_check(translator: Translate) -> Check:
    """The `qe.low` check; `translator` translates Chinese to English (wrap it in a CachedTranslator to keep
    back-translations across runs)."""
    back = BackTranslator(translator)

    def prepare(pairs: list[Pair], ctx: Context) -> None:
        scorable = [p for p in pairs if _scorable(p)]
        back.prefetch(s for p in scorable for s in p.zh_sentences)
        by_doc: dict[str, list[float]] = defaultdict(list)
        for p in scorable:
            by_doc[p.doc_id].append(chrf(back.back(p.zh_sentences), p.en))
        ctx.data["qe.distribution"] = {doc: Distribution.of(scores) for doc, scores in by_doc.items()}

    def run(pair: Pair, ctx: Context) -> Iterator[Flag]:
        dist = ctx.data.get("qe.distribution", {}).get(pair.doc_id)
        if dist is None or not _scorable(pair):
            return
        text = back.back(pair.zh_sentences)
        score = chrf(text, pair.en)
        z = dist.z(score)
        if score >= CHRF_FLOOR or (dist.pairs >= MIN_PAIRS and z > -Z_LIMIT):
            return
        yield check.flag(
            pair,
            f"the Chinese translated back reads unlike the English: chrF {score:.0f} "
            f"(document median {dist.median:.0f}); a mistranslation or a misalignment?",
            zh_spans=[(0, len(pair.zh))],
            en_spans=[(0, len(pair.en))],
            evidence={
                "back_translation": text,
                "chrf": round(score, 1),
                "median": round(dist.median, 1),
                "z": round(z, 2),
                "model": translator.name,
            },
        )

    check = Check("qe.low", "warning", "accuracy/mistranslation", DESCRIPTION, run, prepare)
    return check
