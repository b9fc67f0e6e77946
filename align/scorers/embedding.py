"""Bead score from sentence embeddings: cosine of the two sides' run embeddings, with a neighbour margin.

Two ideas from the literature, re-derived:

- Vecalign embeds runs of consecutive sentences as one text, so a 1-3 bead compares the source sentence with
  the three target sentences read together, not with an average of three unrelated vectors. Encoders that
  can compose runs cheaply (USE v3, see `usem3_runs`) provide `runs()`; for any other encoder the runs are
  joined as text and encoded lazily, only those the DP asks about, each once (through the cache).
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
    """Run vectors kept once computed, one dense array per run length: the DP asks for the same runs from
    many candidate beads and many chunks."""

    inner: RunVectors
    singles: np.ndarray = field(init=False)
    _store: dict[int, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self.singles = self.inner.singles

    def vectors(self, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        out = np.empty((len(starts), self.singles.shape[1]), dtype=np.float32)
        for length in np.unique(lengths).tolist():
            sel = lengths == length
            if length == 1:
                out[sel] = self.singles[starts[sel]]
                continue
            if length not in self._store:
                n_runs = len(self.singles) - length + 1
                self._store[length] = (
                    np.zeros((n_runs, self.singles.shape[1]), np.float32), np.zeros(n_runs, bool)
                )
            store, done = self._store[length]
            todo = np.unique(starts[sel][~done[starts[sel]]])
            if len(todo):
                store[todo] = self.inner.vectors(todo, np.full(len(todo), length))
                done[todo] = True
            out[sel] = store[starts[sel]]
        return out


@dataclass
class _PreparedEmbedding:
    src: RunVectors
    tgt: RunVectors
    margin_weight: float

    def anchor_vectors(self) -> tuple[np.ndarray, np.ndarray]:
        return self.src.singles, self.tgt.singles

    @staticmethod
    def _neighbour_cos(
        side: RunVectors, starts: np.ndarray, lengths: np.ndarray, singles: np.ndarray, idx: np.ndarray
    ) -> np.ndarray:
        """Cosine of each run with one other-side sentence (0 where it does not exist), each distinct
        (run, sentence) pair computed once."""
        ok = (idx >= 0) & (idx < len(singles))
        out = np.zeros(len(idx), dtype=np.float32)
        keys = (starts[ok] * 64 + lengths[ok]) * (len(singles) + 1) + idx[ok]
        unique, inverse = np.unique(keys, return_inverse=True)
        runs, other = np.divmod(unique, len(singles) + 1)
        vectors = side.vectors(runs // 64, runs % 64)
        out[ok] = np.einsum("kd,kd->k", vectors, singles[other])[inverse]
        return out

    @staticmethod
    def _gather(side: RunVectors, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Run vectors per candidate, each distinct run composed once (candidates share runs heavily)."""
        keys, inverse = np.unique(starts * 64 + lengths, return_inverse=True)
        return side.vectors(keys // 64, keys % 64)[inverse]

    def score(self, cands: Candidates) -> np.ndarray:
        vs = self._gather(self.src, cands.src_start, cands.src_len)
        vt = self._gather(self.tgt, cands.tgt_start, cands.tgt_len)
        cos = np.einsum("kd,kd->k", vs, vt)
        if not self.margin_weight:
            return cos
        src, tgt = self.src, self.tgt
        s0, a, t0, b = cands.src_start, cands.src_len, cands.tgt_start, cands.tgt_len
        near = (
            self._neighbour_cos(src, s0, a, tgt.singles, t0 - 1)
            + self._neighbour_cos(src, s0, a, tgt.singles, t0 + b)
            + self._neighbour_cos(tgt, t0, b, src.singles, s0 - 1)
            + self._neighbour_cos(tgt, t0, b, src.singles, s0 + a)
        )
        return cos - self.margin_weight * near / 4


@dataclass
class EmbeddingScorer:
    """Scorer over any Encoder; `margin_weight` 0 gives the raw cosine."""

    encoder: Encoder
    margin_weight: float = 0.5
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
