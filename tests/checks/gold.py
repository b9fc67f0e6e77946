"""The seeds' sentence gold as check pairs: real aligned text for the fast-path tests and the check benchmark."""

from __future__ import annotations

from pathlib import Path

from align.beads import read_beads
from glossary.checks.base import Pair

GOLD = Path(__file__).resolve().parents[2] / "seeds" / "gold" / "sent"


def gold_pairs(limit: int | None = None, score: float | None = None) -> list[Pair]:
    pairs = []
    for align_file in sorted(GOLD.glob("*.align")):
        en = (GOLD / f"{align_file.stem}.en").read_text(encoding="utf-8").splitlines()
        zh = (GOLD / f"{align_file.stem}.zh").read_text(encoding="utf-8").splitlines()
        for i, bead in enumerate(read_beads(align_file)):
            pairs.append(
                Pair(
                    f"{align_file.stem}-{i}",
                    align_file.stem,
                    i,
                    [en[k] for k in bead.src],
                    [zh[k] for k in bead.tgt],
                    score=score,
                )
            )
    return pairs[:limit]
