"""Bead score from quotation boundaries: a sentence that opens or closes a quotation on one side should be
matched by one on the other.

In dialogue the embedding of a short line ("'But I—'") says little, yet translators almost always keep
the quotation boundaries: a Chinese sentence ending in ” is paired with an English one ending in ' or ".
The score of a bead is minus the difference between its two sides' counts of quote-opening and
quote-closing sentences. When only one side uses quotation marks (the King James Bible has none), every
segmentation pays the same total, so the score cannot push the alignment around.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from align.scorers.base import Candidates

_OPENS = re.compile(r"^\s*[“\"'‘「『]")
_CLOSES = re.compile(r"[”\"'’」』]\s*$")


def quote_marks(sentences: Sequence[str]) -> np.ndarray:
    """Per sentence: (opens a quotation, closes one), as 0/1."""
    return np.array([(bool(_OPENS.search(s)), bool(_CLOSES.search(s))) for s in sentences], dtype=np.float32).reshape(
        -1, 2
    )


def _cumulative(sentences: Sequence[str]) -> np.ndarray:
    return np.concatenate([np.zeros((1, 2), np.float32), np.cumsum(quote_marks(sentences), axis=0)])


@dataclass
class _PreparedQuotes:
    src_cum: np.ndarray
    tgt_cum: np.ndarray

    def anchor_vectors(self) -> None:
        return None

    def score(self, cands: Candidates) -> np.ndarray:
        src = self.src_cum[cands.src_start + cands.src_len] - self.src_cum[cands.src_start]
        tgt = self.tgt_cum[cands.tgt_start + cands.tgt_len] - self.tgt_cum[cands.tgt_start]
        return -np.abs(src - tgt).sum(axis=1)


@dataclass
class QuoteScorer:
    name: str = "quotes"

    def prepare(self, src: Sequence[str], tgt: Sequence[str]) -> _PreparedQuotes:
        return _PreparedQuotes(_cumulative(src), _cumulative(tgt))
