from __future__ import annotations

import math

import pytest

from glossary.mining.association import count_cooccurrence


def test_counts_are_per_bead_and_rare_pairs_are_skipped() -> None:
    beads = [(["agent", "agent"], ["智能体"]), (["agent"], ["智能体", "代理"]), (["model"], ["模型"]), ([], [])]
    counts = count_cooccurrence(beads, min_count=2)
    assert counts.beads == 4
    assert counts.en["agent"] == 2
    assert counts.joint["agent", "智能体"] == 2
    assert ("agent", "代理") not in counts.joint  # 代理 is seen once: it cannot reach min_count
    assert counts.dice("agent", "智能体") == 1.0


def test_llr_is_zero_for_independence_and_positive_for_association() -> None:
    independent = count_cooccurrence([(["a"], ["x"]), (["a"], []), ([], ["x"]), ([], [])], min_count=1)
    assert independent.llr("a", "x") == pytest.approx(0.0, abs=1e-9)
    together = count_cooccurrence([(["a"], ["x"])] * 3 + [([], [])] * 3, min_count=1)
    assert together.llr("a", "x") == pytest.approx(2 * 6 * math.log(2))
