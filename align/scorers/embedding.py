"""Bead score from sentence embeddings: cosine of the two sides' run embeddings, with a neighbour margin.

Two ideas from the literature, re-derived:

- Vecalign embeds runs of consecutive sentences as one text, so a 1-3 bead compares the source sentence with
  the three target sentences read together, not with an average of three unrelated vectors. Encoders that
  can compose runs cheaply (USE v3, see `usem3_runs`) provide `runs()`; for any other encoder the runs are
  joined as text and encoded (through the cache), all runs of a length once the DP needs that length.
- Bertalign's margin: a bead's cosine minus the mean cosine of each side's run with the sentences just
  outside the other side's run. If the sentence after a target run also matches the source, the bead is
  probably too short; if nothing around matches, the bead stands out. This is what pushes the DP to the
  right 1-2 / 1-3 split rather than a 1-1 plus an omission.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from align.embeddings import CachedEncoder, EmbeddingCache, Encoder, MemoryCache
from align.scorers.base import Candidates


class RunVectors(Protocol):
    singles: np.ndarray

    def vectors(self, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray: ...


def _is_cjk(char: str) -> bool:
    return "\u2e80" <= char <= "\u9fff" or "\uf900" <= char <= "\uffef" or "\u3000" <= char <= "\u303f"


def join_run(sentences: Sequence[str]) -> str:
    """Concatenate consecutive sentences the way they would read in running text (no space between CJK)."""
    out = sentences[0] if sentences else ""
    for sentence in sentences[1:]:
        glue = "" if out and sentence and _is_cjk(out[-1]) and _is_cjk(sentence[0]) else " "
        out = out + glue + sentence
    return out


@dataclass
class TextRuns:
    """Run embeddings by encoding the joined text of each run (`_MemoRuns` asks for each run once)."""

    encoder: Encoder
    sentences: Sequence[str]
    singles: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.singles = self.encoder.encode(list(self.sentences))

    def vectors(self, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        texts = [join_run(self.sentences[s : s + n]) for s, n in zip(starts.tolist(), lengths.tolist(), strict=True)]
        return self.encoder.encode(texts)


@dataclass
class _MemoRuns:
    """Run vectors, one dense array per run length, each computed whole on first use: the banded DP asks for
    nearly every run of every length anyway, and one large batch composes runs far faster than the many
    small ones its chunks would ask for."""

    inner: RunVectors
    singles: np.ndarray = field(init=False)
    _store: dict[int, np.ndarray] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self.singles = self.inner.singles

    def runs(self, length: int) -> np.ndarray:
        """Vectors of the runs of `length` sentences, indexed by their first sentence."""
        if length == 1:
            return self.singles
        if length not in self._store:
            starts = np.arange(max(len(self.singles) - length + 1, 0))
            self._store[length] = self.inner.vectors(starts, np.full(len(starts), length))
        return self._store[length]


_BLOCK_ROWS = 32


def banded_dots(left: np.ndarray, right: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """left[rows] . right[cols], element by element (any matching shapes).

    Why blocks: the DP's candidates pair each run with a short contiguous range of runs on the other side.
    Gathering two 512-d vectors per candidate moves ~4 KB per score and dominated the aligner's time; a
    matrix product of each block of consecutive rows with the range of columns it meets streams each vector
    once at BLAS speed, although it computes some pairs nobody asked about. Scattered pairs (the final
    beads) fall back to gathering.
    """
    if not rows.size:
        return np.zeros(rows.shape, dtype=np.float32)
    first = int(rows.min())
    block, row = np.divmod(rows - first, _BLOCK_ROWS)
    lo = np.full(int(block.max()) + 1, len(right), dtype=np.int64)
    hi = np.zeros(len(lo), dtype=np.int64)
    np.minimum.at(lo, block.ravel(), cols.ravel())
    np.maximum.at(hi, block.ravel(), cols.ravel() + 1)
    width = int((hi - lo).max())
    if len(lo) * _BLOCK_ROWS * width > 16 * rows.size + 65536:
        return np.einsum("...d,...d->...", left[rows], right[cols])
    table = np.zeros((len(lo), _BLOCK_ROWS, width), dtype=np.float32)
    for k, (c_lo, c_hi) in enumerate(zip(lo.tolist(), hi.tolist(), strict=True)):
        if c_hi > c_lo:
            r_lo = first + k * _BLOCK_ROWS
            part = left[r_lo : r_lo + _BLOCK_ROWS]
            table[k, : len(part), : c_hi - c_lo] = part @ right[c_lo:c_hi].T
    return table[block, row, cols - lo[block]]


@dataclass
class _PreparedEmbedding:
    src: _MemoRuns
    tgt: _MemoRuns
    margin_weight: float

    def anchor_vectors(self) -> tuple[np.ndarray, np.ndarray]:
        return self.src.singles, self.tgt.singles

    def score(self, cands: Candidates) -> np.ndarray:
        return self.score_and_weakest(cands)[0]

    def score_and_weakest(self, cands: Candidates) -> tuple[np.ndarray, np.ndarray]:
        """(run cosine minus the neighbour margin, the lowest cosine of any one sentence of the bead with the
        other side's run). The second tells a bead whose every sentence belongs from one that carries a
        stranger, e.g. an untranslated sentence swallowed by its neighbour's bead."""
        out = np.empty(len(cands), dtype=np.float32)
        s0, a, t0, b = cands.src_start, cands.src_len, cands.tgt_start, cands.tgt_len
        for n_src, n_tgt, sel in cands.by_shape():
            out[sel] = banded_dots(self.src.runs(n_src), self.tgt.runs(n_tgt), s0[sel], t0[sel])
        near_t, weakest_t = self._around(self.src, s0, a, self.tgt, t0, b)
        near_s, weakest_s = self._around(self.tgt, t0, b, self.src, s0, a)
        return out - self.margin_weight * (near_s + near_t) / 4, np.minimum(weakest_s, weakest_t)

    @staticmethod
    def _around(
        runs: _MemoRuns,
        starts: np.ndarray,
        lengths: np.ndarray,
        other: _MemoRuns,
        o_starts: np.ndarray,
        o_lengths: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Cosines of each run with the other side's sentences from just before to just after the other
        run: (sum of the two outside ones, 0 where there is none; the lowest inside one).

        Both come from one banded product per run length, since they are the same kind of pair."""
        near = np.zeros(len(starts), dtype=np.float32)
        weakest = np.zeros(len(starts), dtype=np.float32)
        for length in np.unique(lengths).tolist():
            sel = np.flatnonzero(lengths == length)
            span = o_lengths[sel]
            offset = np.arange(int(span.max()) + 2) - 1
            idx = o_starts[sel][:, None] + offset[None, :]
            ok = (offset[None, :] <= span[:, None]) & (idx >= 0) & (idx < len(other.singles))
            rows = np.broadcast_to(starts[sel][:, None], idx.shape)
            dots = banded_dots(runs.runs(length), other.singles, rows, np.clip(idx, 0, len(other.singles) - 1))
            dots[~ok] = 0.0
            near[sel] = dots[:, 0] + dots[np.arange(len(sel)), span + 1]
            inside = (offset[None, :] >= 0) & (offset[None, :] < span[:, None])
            weakest[sel] = np.where(inside, dots, np.inf).min(axis=1)
        return near, weakest


@dataclass
class EmbeddingScorer:
    """Scorer over any Encoder; `margin_weight` 0 gives the raw cosine."""

    encoder: Encoder
    margin_weight: float  # build_scorer passes the tuned default
    cache: EmbeddingCache = field(default_factory=MemoryCache)

    @property
    def name(self) -> str:
        return self.encoder.name

    def _runs(self, sentences: Sequence[str]) -> RunVectors:
        runs = getattr(self.encoder, "runs", None)
        if runs is not None:
            return runs(sentences, self.cache)
        return TextRuns(CachedEncoder(self.encoder, self.cache), sentences)

    def prepare(self, src: Sequence[str], tgt: Sequence[str]) -> _PreparedEmbedding:
        return _PreparedEmbedding(_MemoRuns(self._runs(src)), _MemoRuns(self._runs(tgt)), self.margin_weight)
