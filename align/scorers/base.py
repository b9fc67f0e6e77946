"""The scorer protocol the aligner talks to, and the weighted combination of scorers.

A scorer is prepared once per document pair, then asked about many candidate beads at once: the aligner hands
over arrays (source start, source length, target start, target length) and gets one score per candidate,
higher meaning more likely a translation. Batching keeps scorers free to vectorise and the DP free of
per-bead Python calls. Omission beads are never scored: the aligner charges them a fixed penalty.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np


@dataclass(frozen=True)
class Candidates:
    """Candidate beads, one per index: source sentences [src_start, src_start+src_len), target likewise."""

    src_start: np.ndarray
    src_len: np.ndarray
    tgt_start: np.ndarray
    tgt_len: np.ndarray

    def __len__(self) -> int:
        return len(self.src_start)

    def by_shape(self) -> Iterator[tuple[int, int, np.ndarray]]:
        """(source length, target length, indices of the candidates of that shape) for each bead shape
        present: scorers work a shape at a time, since its runs have one length on each side."""
        shapes = self.src_len * 64 + self.tgt_len  # beads are far shorter than 64 sentences a side
        for shape in np.unique(shapes).tolist():
            yield shape // 64, shape % 64, np.flatnonzero(shapes == shape)


class PreparedScorer(Protocol):
    def score(self, cands: Candidates) -> np.ndarray:
        """float32 score per candidate; both sides are non-empty and at most `max_per_side` long."""
        ...

    def anchor_vectors(self) -> tuple[np.ndarray, np.ndarray] | None:
        """Unit vectors per source and target sentence for the cheap anchor search, or None if this scorer
        has none (lexical and length evidence only refine beads near the anchor path)."""
        ...


class Scorer(Protocol):
    name: str

    def prepare(self, src: Sequence[str], tgt: Sequence[str]) -> PreparedScorer: ...


@dataclass
class _PreparedCombination:
    parts: list[tuple[PreparedScorer, float]]
    factors: list[tuple[PreparedScorer, float]]
    size_exponent: float
    member_floor: float

    def score(self, cands: Candidates) -> np.ndarray:
        total = np.zeros(len(cands), dtype=np.float32)
        members_belong = np.ones(len(cands), dtype=bool)
        for part, weight in self.parts:
            with_weakest = getattr(part, "score_and_weakest", None)
            if with_weakest is None:
                total += weight * part.score(cands)
                continue
            score, weakest = with_weakest(cands)
            total += weight * score
            members_belong &= weakest >= self.member_floor
        for factor, exponent in self.factors:
            total *= factor.score(cands) ** exponent
        if self.size_exponent:
            size = (cands.src_len + cands.tgt_len) / 2
            rewarded = members_belong & (total > 0)
            total[rewarded] *= (size[rewarded] ** self.size_exponent).astype(np.float32)
        return total

    def anchor_vectors(self) -> tuple[np.ndarray, np.ndarray] | None:
        """Weighted concatenation of the parts' vectors, so the anchor cosine is their weighted mean."""
        found = [(vs, w) for part, w in self.parts if w > 0 and (vs := part.anchor_vectors()) is not None]
        if not found:
            return None
        total = sum(w for _, w in found)
        sides = []
        for side in (0, 1):
            blocks = [vs[side] * np.float32(np.sqrt(w / total)) for vs, w in found]
            sides.append(np.concatenate(blocks, axis=1).astype(np.float32, copy=False))
        return sides[0], sides[1]


@dataclass
class CombinedScorer:
    """Weighted sum of scorers, optionally multiplied by factor scorers raised to a power, then by a reward
    for bead size.

    The length evidence works best as a factor (a bead whose lengths disagree wildly should lose whatever its
    cosine), lexical and embedding evidence as summands (each can make up for the other's blind spots).

    The size reward exists because the aligner maximises a sum over beads, in which two mediocre 1-1 beads
    outvote one good 2-2 bead covering the same sentences (the commonest error on literary text). A positive
    score is multiplied by ((a + b) / 2) ** `size_exponent`, but only if every sentence of the bead has a
    cosine of at least `member_floor` with the other side's run (parts that can tell, i.e. embedding parts,
    say so through `score_and_weakest`): a bead that swallowed an untranslated sentence gets no reward, so the
    omission stays visible as a 1-0 / 0-1 bead.
    """

    parts: Sequence[tuple[Scorer, float]]
    factors: Sequence[tuple[Scorer, float]] = ()
    size_exponent: float = 0.0
    member_floor: float = 0.0

    @property
    def name(self) -> str:
        total = " + ".join(f"{w:g}*{s.name}" for s, w in self.parts)
        reward = [f"size^{self.size_exponent:g}"] if self.size_exponent else []
        return " * ".join([f"({total})", *(f"{s.name}^{e:g}" for s, e in self.factors), *reward])

    def prepare(self, src: Sequence[str], tgt: Sequence[str]) -> PreparedScorer:
        return _PreparedCombination(
            [(s.prepare(src, tgt), w) for s, w in self.parts],
            [(s.prepare(src, tgt), e) for s, e in self.factors],
            self.size_exponent,
            self.member_floor,
        )
