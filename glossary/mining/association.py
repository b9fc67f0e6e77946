"""How strongly an English candidate and a Chinese candidate go together across sentence beads.

The unit is the bead, not the occurrence: a term repeated three times in one sentence is still one piece of
evidence that its rendering is in the same bead. Dice says how exclusively two candidates keep company;
the log-likelihood ratio says how unlikely that company is by chance, which is what separates a pair seen
twice out of two from one seen twice out of two hundred.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass
class Cooccurrence:
    """Bead counts of each candidate and of each pair, over ``beads`` beads."""

    beads: int = 0
    en: Counter[str] = field(default_factory=Counter)
    zh: Counter[str] = field(default_factory=Counter)
    joint: Counter[tuple[str, str]] = field(default_factory=Counter)

    def dice(self, en: str, zh: str) -> float:
        total = self.en[en] + self.zh[zh]
        return 2 * self.joint[en, zh] / total if total else 0.0

    def llr(self, en: str, zh: str) -> float:
        """Dunning's G² for the 2x2 table of beads with/without each candidate."""
        k11 = self.joint[en, zh]
        k12 = self.en[en] - k11
        k21 = self.zh[zh] - k11
        k22 = self.beads - k11 - k12 - k21
        return 2 * (
            _xlogx(k11)
            + _xlogx(k12)
            + _xlogx(k21)
            + _xlogx(k22)
            - _xlogx(k11 + k12)
            - _xlogx(k21 + k22)
            - _xlogx(k11 + k21)
            - _xlogx(k12 + k22)
            + _xlogx(self.beads)
        )


def _xlogx(k: int) -> float:
    return k * math.log(k) if k > 0 else 0.0


def count_cooccurrence(beads: Iterable[tuple[Iterable[str], Iterable[str]]], min_count: int = 2) -> Cooccurrence:
    """Count each bead's distinct English and Chinese keys, and the pairs of those seen ``min_count`` times.

    Pairs of rare candidates are not counted at all: they cannot reach ``min_count`` together, and skipping
    them is what keeps the quadratic pair count of a long bead affordable.
    """
    sets = [(set(en), set(zh)) for en, zh in beads]
    counts = Cooccurrence(beads=len(sets))
    for en, zh in sets:
        counts.en.update(en)
        counts.zh.update(zh)
    for en, zh in sets:
        frequent_en = [e for e in en if counts.en[e] >= min_count]
        frequent_zh = [z for z in zh if counts.zh[z] >= min_count]
        counts.joint.update((e, z) for e in frequent_en for z in frequent_zh)
    return counts
