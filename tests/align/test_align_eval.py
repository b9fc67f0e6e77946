import pytest

from align.align_eval import merge_within_groups, score_alignments
from align.beads import Bead, read_beads


def beads(*keys: tuple[tuple[int, ...], tuple[int, ...]]) -> list[Bead]:
    return [Bead(s, t) for s, t in keys]


def test_hand_made_example() -> None:
    gold = beads(((0,), (0,)), ((1,), (1, 2)), ((2,), ()), ((3, 4), (3,)))
    hyp = beads(((0,), (0,)), ((1,), (1,)), ((), (2,)), ((2,), ()), ((3,), (3,)), ((4,), ()))
    s = score_alignments([(gold, hyp)])
    # precision over 6 hypothesis beads: strict hits [0]:[0] and [2]:[]; lax adds [1]:[1] and [3]:[3]
    assert (s.precision_counts.total, s.precision_counts.strict, s.precision_counts.lax) == (6, 2, 4)
    # recall over the 3 gold beads with both sides, against hypothesis beads with both sides
    assert (s.recall_counts.total, s.recall_counts.strict, s.recall_counts.lax) == (3, 1, 3)
    assert s.strict_p == pytest.approx(2 / 6)
    assert s.strict_r == pytest.approx(1 / 3)
    assert s.strict_f1 == pytest.approx(1 / 3)
    assert s.lax_f1 == pytest.approx(2 * (4 / 6) / (4 / 6 + 1))


def test_micro_average_pools_counts() -> None:
    perfect = beads(((0,), (0,)))
    wrong = beads(((0,), (0, 1)))
    s = score_alignments([(perfect, perfect), (beads(((0,), (0,)), ((), (1,))), wrong)])
    assert s.strict_p == pytest.approx(1 / 2)


def test_merge_within_groups() -> None:
    hyp = beads(((0,), (0,)), ((1,), (1,)), ((), (2,)), ((2,), (3,)))
    merged = merge_within_groups(hyp, ["a", "b", "c"], ["a", "b", "b", "c"])
    assert [b.key for b in merged] == [((0,), (0,)), ((1,), (1, 2)), ((2,), (3,))]


def test_calibrated_on_bertalign_output(align_dev) -> None:
    d = align_dev / "mac-dev"
    pairs = [(read_beads(g), read_beads(d / "bertalign_output" / g.name)) for g in sorted(d.glob("gold/*"))]
    s = score_alignments(pairs)
    assert (round(s.strict_p, 3), round(s.strict_r, 3), round(s.strict_f1, 3)) == (0.909, 0.914, 0.911)
    assert round(s.lax_f1, 3) == 0.998
