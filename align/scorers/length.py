"""Length agreement of a bead against the document's own length ratio (Gale-Church's one good idea).

Lengths are UTF-8 bytes by default, as Bertalign does: a CJK character is 3 bytes, which happens to make
Chinese and English byte counts comparable; the document ratio absorbs the rest. The score is
log2(1 + shorter / longer) after scaling the source by the ratio: 1.0 for a perfect match, falling
gently (0.58 at a factor of 2), so it is best used as a multiplicative factor.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from align.scorers.base import Candidates


def _lengths(texts: Sequence[str], unit: str) -> np.ndarray:
    sizes = [len(t.encode("utf-8")) if unit == "bytes" else len(t) for t in texts]
    return np.concatenate([[0], np.cumsum(sizes, dtype=np.float64)])


@dataclass
class _PreparedLength:
    src_cum: np.ndarray
    tgt_cum: np.ndarray
    ratio: float

    def anchor_vectors(self) -> None:
        return None

    def score(self, cands: Candidates) -> np.ndarray:
        ls = (self.src_cum[cands.src_start + cands.src_len] - self.src_cum[cands.src_start]) * self.ratio
        lt = self.tgt_cum[cands.tgt_start + cands.tgt_len] - self.tgt_cum[cands.tgt_start]
        shorter, longer = np.minimum(ls, lt) + 1.0, np.maximum(ls, lt) + 1.0
        return np.log2(1.0 + shorter / longer).astype(np.float32)


@dataclass
class LengthScorer:
    unit: Literal["bytes", "chars"] = "bytes"
    name: str = "length"

    def prepare(self, src: Sequence[str], tgt: Sequence[str]) -> _PreparedLength:
        src_cum, tgt_cum = _lengths(src, self.unit), _lengths(tgt, self.unit)
        ratio = (tgt_cum[-1] + 1.0) / (src_cum[-1] + 1.0)
        return _PreparedLength(src_cum, tgt_cum, float(ratio))
