"""Sentence alignment: anchors from a coarse-to-fine 1-1 search, then an m-n DP in a window around them.

Why this shape (ideas from Bertalign and Vecalign, re-derived here):

- The m-n DP that decides 1-2, 3-1 ... beads is the expensive and accurate part; restricted to a window of a
  few sentences around a good path, it costs O((n + m) * window) instead of O(n * m).
- That path comes from a cheap DP over single-sentence vectors (1-1, 1-2, 2-1 and skips only). On long
  inputs that DP would itself be quadratic, so it runs first on vectors averaged over blocks of 2, 4, 8 ...
  sentences (whose alignment is easy: neighbouring blocks overlap in content) and each level only searches a
  band around the path found one level coarser. Every level is linear, and there are log(n) of them.
- The DP runs over the band row by row with all bead types in one vectorised step, so Python overhead is
  per row, not per cell or per bead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from align.beads import Bead
from align.embeddings import normalise_rows
from align.scorers.base import Candidates, PreparedScorer, Scorer

ScoreFn = Callable[[Candidates], np.ndarray]

ANCHOR_TYPES: tuple[tuple[int, int], ...] = ((1, 1), (1, 2), (2, 1), (1, 0), (0, 1))
_CELLS_PER_CHUNK = 1 << 17
# The aligner's defaults (see align_sentences), which the CLI offers as its own.
MAX_PER_SIDE = 6
MAX_TOTAL = 7
SKIP = -0.1
WINDOW = 6


@dataclass(frozen=True)
class Band:
    """For each DP row i (source prefix length 0..n) the allowed target prefix lengths lo[i]..hi[i]."""

    lo: np.ndarray
    hi: np.ndarray

    @property
    def offsets(self) -> np.ndarray:
        """Start of each row in the flat cell arrays (ragged storage: no n*m matrix is ever allocated)."""
        return np.concatenate([[0], np.cumsum(self.hi - self.lo + 1)])

    @classmethod
    def full(cls, n: int, m: int) -> Band:
        return cls(np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64))

    @classmethod
    def around(cls, path: np.ndarray, n: int, m: int, radius: int) -> Band:
        """Cells within `radius` rows and columns of a monotone path of (i, j) states from (0,0) to (n,m)."""
        rows, cols = path[:, 0], path[:, 1]
        i = np.arange(n + 1)
        first = np.searchsorted(rows, i - radius, side="left")
        last = np.searchsorted(rows, i + radius, side="right") - 1
        lo = np.clip(cols[np.clip(first, 0, len(rows) - 1)] - radius, 0, m)
        hi = np.clip(cols[np.clip(last, 0, len(rows) - 1)] + radius, 0, m)
        return cls(lo.astype(np.int64), np.maximum(hi, lo).astype(np.int64))


def _chunk_rows(band: Band, n_types: int) -> list[tuple[int, int]]:
    """Row ranges whose cells times bead types stay under a fixed budget, bounding scorer batch memory."""
    widths = band.hi - band.lo + 1
    chunks, start, cells = [], 0, 0
    for i, width in enumerate(widths):
        if cells and cells + width * n_types > _CELLS_PER_CHUNK:
            chunks.append((start, i))
            start, cells = i, 0
        cells += width * n_types
    chunks.append((start, len(widths)))
    return chunks


def banded_dp(
    n: int,
    m: int,
    band: Band,
    types: Sequence[tuple[int, int]],
    score_fn: ScoreFn,
    skip: float,
    charge_per_sentence: bool = False,
) -> list[Bead]:
    """Best-scoring bead sequence from (0,0) to (n,m) inside `band`.

    A bead (a, b) ending in state (i, j) covers source [i-a, i) and target [j-b, j); its score comes from
    `score_fn`, except omissions (a or b = 0) which cost `skip` per sentence. Types with a 0-source side
    (0-1) chain inside a row, so they are solved with a running maximum instead of cell by cell.

    With `charge_per_sentence`, a negative bead score (no translation in sight) counts once per sentence of
    the bead, as omissions do: otherwise one bad bead swallowing several unaligned sentences costs less than
    leaving them unaligned, and the omissions that the checks look for would vanish inside it. The reported
    bead scores stay the scorer's own.
    """
    offsets = band.offsets
    total = int(offsets[-1])
    best = np.full(total, -np.inf)
    back = np.full(total, -1, dtype=np.int8)
    pairs = [(t, a, b) for t, (a, b) in enumerate(types) if a >= 1]
    horizontal = next((t for t, (a, b) in enumerate(types) if a == 0 and b == 1), None)
    ta = np.array([a for _, a, _ in pairs], dtype=np.int64)
    tb = np.array([b for _, _, b in pairs], dtype=np.int64)
    tid = np.array([t for t, _, _ in pairs], dtype=np.int8)
    charge = ((ta + tb) / 2.0 if charge_per_sentence else np.ones(len(ta))).astype(np.float32)
    max_width = int((band.hi - band.lo).max(initial=0)) + 1
    columns = np.arange(max_width)
    steps = columns * skip
    for r0, r1 in _chunk_rows(band, len(pairs)):
        rows = np.repeat(np.arange(r0, r1), (band.hi - band.lo + 1)[r0:r1])
        cols = np.concatenate([np.arange(band.lo[i], band.hi[i] + 1) for i in range(r0, r1)])
        prow = rows[None, :] - ta[:, None]
        pcol = cols[None, :] - tb[:, None]
        safe_row = np.clip(prow, 0, n)
        valid = (prow >= 0) & (pcol >= band.lo[safe_row]) & (pcol <= band.hi[safe_row])
        pidx = np.where(valid, offsets[safe_row] + pcol - band.lo[safe_row], 0)
        gain = np.full(valid.shape, skip, dtype=np.float64)
        scored = valid & (tb[:, None] > 0)
        if scored.any():
            k, c = np.nonzero(scored)
            score = score_fn(Candidates(rows[c] - ta[k], ta[k], cols[c] - tb[k], tb[k]))
            gain[k, c] = np.where(score > 0, score, score * charge[k])
        gain = np.where(valid, gain, -np.inf)
        base = offsets[r0]
        for i in range(r0, r1):
            lo_c, hi_c = offsets[i] - base, offsets[i + 1] - base
            width = hi_c - lo_c
            cand = best[pidx[:, lo_c:hi_c]]
            cand += gain[:, lo_c:hi_c]
            arg = cand.argmax(axis=0)
            row_best = cand[arg, columns[:width]]
            row_back = tid[arg]
            if i == 0 and band.lo[0] == 0:
                row_best[0], row_back[0] = 0.0, -1
            if horizontal is not None and width > 1:
                chained = np.maximum.accumulate(row_best - steps[:width])
                chained += steps[:width]
                moved = chained > row_best + 1e-9  # not a rounding artefact of the running maximum
                if moved.any():
                    row_best = np.where(moved, chained, row_best)
                    row_back[moved] = horizontal
            best[offsets[i] : offsets[i + 1]] = row_best
            back[offsets[i] : offsets[i + 1]] = row_back
    return _backtrack(n, m, band, offsets, best, back, types, score_fn)


def _backtrack(
    n: int,
    m: int,
    band: Band,
    offsets: np.ndarray,
    best: np.ndarray,
    back: np.ndarray,
    types: Sequence[tuple[int, int]],
    score_fn: ScoreFn,
) -> list[Bead]:
    if not band.lo[n] <= m <= band.hi[n] or not np.isfinite(best[offsets[n] + m - band.lo[n]]):
        raise RuntimeError("alignment band does not reach the end state; widen the window")
    steps = []
    i, j = n, m
    while i or j:
        t = back[offsets[i] + j - band.lo[i]]
        a, b = types[t]
        steps.append((i - a, a, j - b, b))
        i, j = i - a, j - b
    steps.reverse()
    beads = [Bead(tuple(range(s0, s0 + a)), tuple(range(t0, t0 + b))) for s0, a, t0, b in steps]
    paired = [k for k, (_, a, _, b) in enumerate(steps) if a and b]
    if paired:
        arr = np.array([steps[k] for k in paired], dtype=np.int64)
        scores = score_fn(Candidates(arr[:, 0], arr[:, 1], arr[:, 2], arr[:, 3]))
        for k, score in zip(paired, scores, strict=True):
            beads[k] = Bead(beads[k].src, beads[k].tgt, float(score))
    return beads


def _path_states(beads: Sequence[Bead]) -> np.ndarray:
    """The DP states (i, j) a bead sequence passes through, (0, 0) included."""
    i = j = 0
    states = [(0, 0)]
    for bead in beads:
        i, j = i + len(bead.src), j + len(bead.tgt)
        states.append((i, j))
    return np.array(states, dtype=np.int64)


class _BandCosines:
    """Cosines of single source and target vectors, only for pairs an anchor bead inside `band` can use.

    Stored as one ragged row per source sentence; each row is a single vector-matrix product over a
    contiguous slice of targets, which is far cheaper than gathering a pair of vectors per candidate.
    """

    def __init__(self, vs: np.ndarray, vt: np.ndarray, band: Band, reach: int) -> None:
        n, m = len(vs), len(vt)
        rows = np.arange(n)
        self.first = np.clip(band.lo[rows] - reach, 0, m)
        self.last = np.clip(band.hi[np.minimum(rows + reach, n)], 0, m)
        self.offsets = np.concatenate([[0], np.cumsum(self.last - self.first)])
        if (self.last - self.first).max(initial=0) == m:
            self.flat = (vs @ vt.T).ravel()
            self.first = np.zeros(n, dtype=np.int64)
            self.offsets = np.arange(n + 1) * m
        else:
            self.flat = np.empty(int(self.offsets[-1]), dtype=np.float32)
            for i in range(n):
                self.flat[self.offsets[i] : self.offsets[i + 1]] = vt[self.first[i] : self.last[i]] @ vs[i]
        self.src_next = np.einsum("kd,kd->k", vs[:-1], vs[1:]) if n > 1 else np.zeros(0, np.float32)
        self.tgt_next = np.einsum("kd,kd->k", vt[:-1], vt[1:]) if m > 1 else np.zeros(0, np.float32)

    def pair(self, s: np.ndarray, t: np.ndarray) -> np.ndarray:
        return self.flat[self.offsets[s] + t - self.first[s]]

    def score(self, c: Candidates) -> np.ndarray:
        """Cosine of summed vectors of runs of 1 or 2 sentences, from pair cosines and neighbour cosines."""
        dot = np.zeros(len(c), dtype=np.float32)
        for da in range(2):
            for db in range(2):
                use = (c.src_len > da) & (c.tgt_len > db)
                dot[use] += self.pair(c.src_start[use] + da, c.tgt_start[use] + db)
        two_s, two_t = c.src_len > 1, c.tgt_len > 1
        norm_s = np.ones(len(c), dtype=np.float32)
        norm_t = np.ones(len(c), dtype=np.float32)
        norm_s[two_s] = np.sqrt(2 + 2 * self.src_next[c.src_start[two_s]])
        norm_t[two_t] = np.sqrt(2 + 2 * self.tgt_next[c.tgt_start[two_t]])
        return dot / np.maximum(norm_s * norm_t, 1e-6)


def _halve(vectors: np.ndarray) -> np.ndarray:
    """Average neighbouring pairs of rows (an odd last row stands alone)."""
    pairs = vectors[: len(vectors) // 2 * 2].reshape(-1, 2, vectors.shape[1]).sum(axis=1)
    if len(vectors) % 2:
        pairs = np.concatenate([pairs, vectors[-1:]])
    return normalise_rows(pairs)


def anchor_path(
    vs: np.ndarray, vt: np.ndarray, *, skip: float, full_cells: int = 1 << 20, radius: int = 8
) -> np.ndarray:
    """Monotone path of DP states through the 1-1-ish alignment of two vector sequences, coarse to fine."""
    n, m = len(vs), len(vt)
    if (n + 1) * (m + 1) <= full_cells or min(n, m) < 4:
        band = Band.full(n, m)
    else:
        coarse = anchor_path(_halve(vs), _halve(vt), skip=skip, full_cells=full_cells, radius=radius)
        fine = np.minimum(coarse * 2, [n, m])
        band = Band.around(fine, n, m, radius)
    cosines = _BandCosines(vs, vt, band, reach=2)
    beads = banded_dp(n, m, band, ANCHOR_TYPES, cosines.score, skip)
    return _path_states(beads)


def bead_types(max_per_side: int, max_total: int) -> list[tuple[int, int]]:
    """Every a-b bead with 1 <= a, b <= max_per_side and a + b <= max_total, then the two omissions."""
    types = [(a, b) for a in range(1, max_per_side + 1) for b in range(1, max_per_side + 1) if a + b <= max_total]
    return [*types, (1, 0), (0, 1)]


def align_sentences(
    src: Sequence[str],
    tgt: Sequence[str],
    scorer: Scorer | PreparedScorer,
    *,
    max_per_side: int = MAX_PER_SIDE,
    max_total: int = MAX_TOTAL,
    skip: float = SKIP,
    anchor_skip: float = -0.2,
    window: int = WINDOW,
) -> list[Bead]:
    """Align two sentence lists; beads cover every sentence once, in order, with at most `max_per_side`
    sentences a side (and `max_total` in all), plus 1-0 / 0-1 omissions.

    `scorer` is a Scorer (prepared here) or an already prepared one, so a caller that aligns many segments
    of one document can share its encodings. `skip` is the score of leaving one sentence unaligned, against
    bead scores that are margin-normalised cosines; `window` is how far (in sentences) the m-n search
    strays from the anchor path. Negative bead scores are charged per sentence (see `banded_dp`). Cost is
    linear in len(src) + len(tgt). The defaults were tuned on MAC-Dev with the default scorer of
    `build_scorer`.
    """
    n, m = len(src), len(tgt)
    if n == 0 or m == 0:
        return [Bead((i,), ()) for i in range(n)] + [Bead((), (j,)) for j in range(m)]
    prepared = scorer.prepare(src, tgt) if hasattr(scorer, "prepare") else scorer
    vectors = prepared.anchor_vectors()
    if vectors is None:
        band = Band.full(n, m) if n * m <= 1 << 20 else Band.around(_diagonal(n, m), n, m, window * 4)
    else:
        band = Band.around(anchor_path(*vectors, skip=anchor_skip), n, m, window)
    types = bead_types(max_per_side, max_total)
    return banded_dp(n, m, band, types, prepared.score, skip, charge_per_sentence=True)


def _diagonal(n: int, m: int) -> np.ndarray:
    """Fallback path for scorers without vectors: the straight line the length ratio predicts."""
    i = np.arange(n + 1)
    return np.stack([i, np.rint(i * m / n).astype(np.int64)], axis=1)
