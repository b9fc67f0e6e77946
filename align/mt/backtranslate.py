"""Back-translation scoring: translate the Chinese of a pair back to English and measure chrF against the
English it was aligned with.

chrF (characters, not words; no word n-grams, as chrF++ would add) because a back-translation is a paraphrase
of the source: word choices differ where character n-grams of names, numbers and stems still agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sacrebleu.metrics import CHRF

from align.mt.translator import Translate

_CHRF = CHRF()


def chrf(hypothesis: str, reference: str) -> float:
    return float(_CHRF.sentence_score(hypothesis, [reference]).score)


class BackTranslator:
    """Each distinct Chinese sentence is translated once per process; the translator may add a persistent cache."""

    def __init__(self, translator: Translate) -> None:
        self.translator = translator
        self.memo: dict[str, str] = {}

    def prefetch(self, sentences: Iterable[str]) -> None:
        """Translate every sentence not seen yet in one call, so the translator can batch them."""
        todo = list(dict.fromkeys(s for s in sentences if s not in self.memo))
        if todo:
            self.memo.update(zip(todo, self.translator.translate(todo), strict=True))

    def back(self, zh_sentences: Sequence[str]) -> str:
        self.prefetch(zh_sentences)
        return " ".join(t for t in (self.memo[s] for s in zh_sentences) if t)
