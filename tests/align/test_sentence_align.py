
import numpy as np
import pytest

from align.beads import check_coverage
from align.sentence_align import Band, align_sentences, banded_dp, bead_types

from .stubs import VectorStub, gold_stub, parallel_vectors


def _brute_force(n, m, band, types, table, skip):
    best = {(0, 0): 0.0}
    for i in range(n + 1):
        for j in range(int(band.lo[i]), int(band.hi[i]) + 1):
            options = [
                best[(i - a, j - b)] + (skip * (a + b) if not (a and b) else float(table[i - a, j - b, a, b]))
                for a, b in types
                if (i - a, j - b) in best
            ]
            if options and (i, j) != (0, 0):
                best[(i, j)] = max(options)
    return best[(n, m)]


@pytest.mark.parametrize(("n", "m"), [(1, 1), (2, 4), (7, 5), (12, 19)])
def test_dp_finds_the_best_path(n: int, m: int) -> None:
    rng = np.random.default_rng(n * 100 + m)
    table = rng.random((n, m, 5, 5)).astype(np.float32) - 0.3
    types = bead_types(4, 5)

    def score(c):
        return table[c.src_start, c.tgt_start, c.src_len, c.tgt_len]

    diagonal = np.array([(i, round(i * m / n)) for i in range(n + 1)])
    for band in (Band.full(n, m), Band.around(diagonal, n, m, 3)):
        beads = banded_dp(n, m, band, types, score, -0.1)
        check_coverage(beads, n, m)
        total = sum(
            float(table[b.src[0], b.tgt[0], len(b.src), len(b.tgt)]) if b.src and b.tgt else -0.1
            for b in beads
        )
        assert total == pytest.approx(_brute_force(n, m, band, types, table, -0.1), abs=1e-5)


@pytest.mark.parametrize(("n", "m"), [(0, 0), (0, 3), (4, 0)])
def test_empty_side_gives_omissions(n: int, m: int) -> None:
    stub = VectorStub(np.zeros((n, 4), np.float32), np.zeros((m, 4), np.float32))
    beads = align_sentences(["x"] * n, ["y"] * m, stub)
    check_coverage(beads, n, m)
    assert all(not b.src or not b.tgt for b in beads)


def test_one_side_fifty_times_longer() -> None:
    vs, vt, _ = parallel_vectors(400)
    short = vs[100:108]
    beads = align_sentences(["s"] * len(short), ["t"] * len(vt), VectorStub(short, vt))
    check_coverage(beads, len(short), len(vt))
    paired = [b for b in beads if b.src and b.tgt]
    assert len(paired) >= 6
    assert all(90 <= b.tgt[0] <= 125 for b in paired)


def test_recovers_splits_and_omissions() -> None:
    vs, vt, gold = parallel_vectors(300)
    beads = align_sentences(["s"] * len(vs), ["t"] * len(vt), VectorStub(vs, vt))
    hits = len({b.key for b in beads} & set(gold))
    assert hits / len(gold) > 0.95


class CountingScorer:
    """Counts the bead candidates scored: work, not wall time, is what must grow linearly."""

    def __init__(self, inner: object) -> None:
        self.inner = inner
        self.scored = 0

    def anchor_vectors(self) -> object:
        return self.inner.anchor_vectors()  # type: ignore[attr-defined]

    def score(self, cands: object) -> object:
        self.scored += len(cands)  # type: ignore[arg-type]
        return self.inner.score(cands)  # type: ignore[attr-defined]


def test_hundred_thousand_sentences_in_linear_work() -> None:
    work = {}
    for n in (10_000, 100_000):
        stub, gold = gold_stub(n)
        counting = CountingScorer(stub)
        beads = align_sentences(["s"] * len(stub.vs), ["t"] * len(stub.vt), counting)  # type: ignore[arg-type]
        work[n] = counting.scored
        check_coverage(beads, len(stub.vs), len(stub.vt))
        assert len({b.key for b in beads} & set(gold)) / len(gold) > 0.95
    # quadratic cost would score ~100x as many candidates for the 10x longer input
    assert work[100_000] < 12 * work[10_000]
