"""Strict and lax precision / recall / F1 of sentence alignments, as defined by Vecalign's evaluation.

The definition is asymmetric on purpose, so published figures (Bertalign .911 on MAC-Dev) stay comparable:

- precision walks the hypothesis beads, omissions (1-0, 0-1) included, and asks the gold about each;
- recall walks the gold beads and asks the hypothesis, but both sides first drop beads with an empty side,
  because an omission has no sentence pair to recover.

A hit is strict when the identical bead is on the other side, lax when some bead there shares at least one
source and one target sentence with it. Counts are summed over files before dividing (micro-average).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

from align.beads import Bead

BeadKey = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass(frozen=True)
class HitCounts:
    """Beads asked about, and how many of them hit strictly and laxly."""

    total: int = 0
    strict: int = 0
    lax: int = 0

    def __add__(self, other: HitCounts) -> HitCounts:
        return HitCounts(self.total + other.total, self.strict + other.strict, self.lax + other.lax)


@dataclass(frozen=True)
class AlignScores:
    """Strict and lax P/R/F1 plus the counts behind them, so several runs can be pooled or audited."""

    strict_p: float
    strict_r: float
    strict_f1: float
    lax_p: float
    lax_r: float
    lax_f1: float
    precision_counts: HitCounts
    recall_counts: HitCounts

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def count_hits(reference: Iterable[BeadKey], asked: Iterable[BeadKey]) -> HitCounts:
    """For each distinct bead in `asked`, whether `reference` holds it (strict) or overlaps it (lax)."""
    ref = {key for key in reference if key[0] or key[1]}
    linked: dict[int, set[int]] = defaultdict(set)
    for src, tgt in ref:
        for s in src:
            linked[s].update(tgt)
    total = strict = lax = 0
    for src, tgt in {key for key in asked if key[0] or key[1]}:
        total += 1
        if (src, tgt) in ref:
            strict += 1
            lax += 1
        elif any(t in linked[s] for s in src for t in tgt):
            lax += 1
    return HitCounts(total, strict, lax)


def _keys(beads: Iterable[Bead]) -> list[BeadKey]:
    return [bead.key for bead in beads]


def _both_sides(keys: Iterable[BeadKey]) -> list[BeadKey]:
    return [key for key in keys if key[0] and key[1]]


def file_counts(gold: Sequence[Bead], hyp: Sequence[Bead]) -> tuple[HitCounts, HitCounts]:
    """(precision counts, recall counts) of one file pair."""
    gold_keys, hyp_keys = _keys(gold), _keys(hyp)
    return count_hits(gold_keys, hyp_keys), count_hits(_both_sides(hyp_keys), _both_sides(gold_keys))


def _ratio(hits: int, total: int) -> float:
    return hits / total if total else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def scores_from_counts(precision: HitCounts, recall: HitCounts) -> AlignScores:
    sp, sr = _ratio(precision.strict, precision.total), _ratio(recall.strict, recall.total)
    lp, lr = _ratio(precision.lax, precision.total), _ratio(recall.lax, recall.total)
    return AlignScores(sp, sr, _f1(sp, sr), lp, lr, _f1(lp, lr), precision, recall)


def score_alignments(pairs: Iterable[tuple[Sequence[Bead], Sequence[Bead]]]) -> AlignScores:
    """Micro-averaged scores over (gold, hypothesis) bead lists, one pair per file."""
    precision = recall = HitCounts()
    for gold, hyp in pairs:
        p, r = file_counts(gold, hyp)
        precision, recall = precision + p, recall + r
    return scores_from_counts(precision, recall)


def merge_within_groups(beads: Sequence[Bead], src_group: Sequence[str], tgt_group: Sequence[str]) -> list[Bead]:
    """Merge consecutive beads that lie inside one group (a Bible verse) so they compare to verse-level gold.

    A bead's group is that of its sentences; a bead whose sentences span groups, or whose sides disagree,
    stays as it is. Omission beads join a neighbour of the same group, which is how a verse-level gold counts
    a sentence the aligner left unpaired inside a verse.
    """
    merged: list[Bead] = []
    open_group: str | None = None
    for bead in beads:
        groups = {src_group[i] for i in bead.src} | {tgt_group[i] for i in bead.tgt}
        group = next(iter(groups)) if len(groups) == 1 else None
        if merged and group is not None and group == open_group:
            last = merged[-1]
            merged[-1] = Bead(last.src + bead.src, last.tgt + bead.tgt, min(last.score, bead.score))
        else:
            merged.append(bead)
            open_group = group
    return merged
