"""Cheap scorers for testing DP behaviour and cost without an encoder."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from align.embeddings import normalise_rows
from align.scorers.base import Candidates


def run_sums(vectors: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    total = np.zeros((len(starts), vectors.shape[1]), dtype=np.float32)
    for k in range(int(lengths.max(initial=0))):
        inside = lengths > k
        total[inside] += vectors[starts[inside] + k]
    return normalise_rows(total)


@dataclass
class VectorStub:
    """Scores a bead by the cosine of its summed vectors minus a constant, like a margin-normalised encoder."""

    vs: np.ndarray
    vt: np.ndarray
    offset: float = 0.3
    name: str = "stub"

    def prepare(self, src: Sequence[str], tgt: Sequence[str]) -> VectorStub:
        return self

    def anchor_vectors(self) -> tuple[np.ndarray, np.ndarray]:
        return self.vs, self.vt

    def score(self, c: Candidates) -> np.ndarray:
        a, b = run_sums(self.vs, c.src_start, c.src_len), run_sums(self.vt, c.tgt_start, c.tgt_len)
        return np.einsum("kd,kd->k", a, b) - self.offset


@dataclass
class GoldStub(VectorStub):
    """Knows the true partner of each sentence: a bead scores the share of its sentences whose partner is
    inside it, minus a constant. Integer arithmetic only, so the DP's own cost is what gets measured."""

    src_partner: np.ndarray = None  # type: ignore[assignment]
    tgt_partner: np.ndarray = None  # type: ignore[assignment]

    def score(self, c: Candidates) -> np.ndarray:
        inside = np.zeros(len(c), dtype=np.float32)
        for starts, lengths, partner, o_start, o_len in (
            (c.src_start, c.src_len, self.src_partner, c.tgt_start, c.tgt_len),
            (c.tgt_start, c.tgt_len, self.tgt_partner, c.src_start, c.src_len),
        ):
            for k in range(int(lengths.max(initial=0))):
                member = lengths > k
                p = partner[starts[member] + k]
                inside[member] += (p >= o_start[member]) & (p < o_start[member] + o_len[member])
        return inside / (c.src_len + c.tgt_len) - self.offset


def parallel_vectors(n: int, dim: int = 64, seed: int = 0) -> tuple[np.ndarray, np.ndarray, list]:
    """Source vectors and a target where every 10th source sentence is split in two and every 25th is
    dropped; returns (source, target, gold beads as key tuples)."""
    rng = np.random.default_rng(seed)
    vs = normalise_rows(rng.standard_normal((n, dim)))
    tgt, gold = [], []
    for i in range(n):
        if i % 25 == 24:
            gold.append(((i,), ()))
        elif i % 10 == 9:
            halves = vs[i] + 0.15 * rng.standard_normal((2, dim))
            gold.append(((i,), (len(tgt), len(tgt) + 1)))
            tgt.extend(halves)
        else:
            gold.append(((i,), (len(tgt),)))
            tgt.append(vs[i] + 0.1 * rng.standard_normal(dim))
    return vs, normalise_rows(np.array(tgt)), gold


def gold_stub(n: int) -> tuple[GoldStub, list]:
    """A GoldStub over `parallel_vectors(n, dim=16)` and its gold beads."""
    vs, vt, gold = parallel_vectors(n, dim=16)
    src_partner = np.full(len(vs), -1, dtype=np.int64)
    tgt_partner = np.full(len(vt), -1, dtype=np.int64)
    for (i,), tgt in gold:
        if tgt:
            src_partner[i] = tgt[0]
            tgt_partner[list(tgt)] = i
    return GoldStub(vs, vt, 0.3, "gold-stub", src_partner, tgt_partner), gold
