"""Every Chinese rendering actually used for each glossary concept, so its owner can promote or forbid it.

For each bead whose English has the concept, the renderings are the concept's own glossary forms found in
the Chinese. Where none is there the translator used something the glossary does not list (or left the
term out); the report then names the Chinese candidate of that bead that best explains the concept's
unrendered beads. "Best" is Dice over those beads, so a word the translators use everywhere (模型) loses
to one that turns up only where the concept does (测试时间计算). A single bead cannot separate two
candidates that each occur once: the shorter wins (a one-off n-gram is more often the term plus a
neighbour than the other way round), then the one nearest the English term's relative position, since
word order usually survives translation (in "Level 2 for reasoners, Level 4 for innovators" that is what
tells 推理器 from 创新者).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from glossary.mining.corpus import BeadLike, Example, MinedBead, MinedCorpus, mine
from glossary.model import Concept

EXAMPLES = 3
UNLISTED = "unlisted"


@dataclass(frozen=True)
class Rendering:
    """One Chinese form used for a concept: its standing in the glossary (or ``unlisted``) and its beads."""

    zh: str
    kind: str
    count: int
    examples: tuple[Example, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "zh": self.zh,
            "kind": self.kind,
            "count": self.count,
            "examples": [e.to_dict() for e in self.examples],
        }


@dataclass(frozen=True)
class VariantReport:
    """How one concept was rendered across the corpus; ``unrendered`` beads had no candidate at all."""

    concept_id: str
    en: str
    zh: str
    beads: int
    renderings: tuple[Rendering, ...]
    unrendered: int

    def to_dict(self) -> dict[str, object]:
        return {
            "concept_id": self.concept_id,
            "en": self.en,
            "zh": self.zh,
            "beads": self.beads,
            "renderings": [r.to_dict() for r in self.renderings],
            "unrendered": self.unrendered,
        }


def variants(
    pairs: Iterable[BeadLike], concepts: Sequence[Concept], ids: Collection[str] | None = None
) -> list[VariantReport]:
    """The variant report of ``ids`` (every concept when None), in glossary order."""
    return variants_from(mine(pairs, concepts), concepts, ids)


def variants_from(
    corpus: MinedCorpus, concepts: Sequence[Concept], ids: Collection[str] | None = None
) -> list[VariantReport]:
    """The variant report from an already mined corpus."""
    wanted = [c for c in concepts if ids is None or c.id in ids]
    wanted_ids = {c.id for c in wanted}
    found: dict[str, Counter[tuple[str, str]]] = {c.id: Counter() for c in wanted}
    examples: dict[tuple[str, str, str], list[Example]] = {}
    beads: Counter[str] = Counter()
    # concept id -> (bead, relative position of the English term) for beads with no glossary rendering
    unrendered: dict[str, list[tuple[MinedBead, float]]] = {c.id: [] for c in wanted}
    for bead in corpus.beads:
        en_text, zh_text = bead.example.en, bead.example.zh
        en_hits = [m for m in corpus.index.find_en(en_text) if m.concept_id in wanted_ids]
        if not en_hits:
            continue
        zh_hits = corpus.index.find_zh(zh_text)
        for concept_id in dict.fromkeys(m.concept_id for m in en_hits):
            beads[concept_id] += 1
            forms = {(m.kind, m.term) for m in zh_hits if m.concept_id == concept_id}
            for kind, term in forms:
                found[concept_id][kind, term] += 1
                _add_example(examples, (concept_id, kind, term), bead.example)
            if not forms:
                start = next(m.start for m in en_hits if m.concept_id == concept_id)
                unrendered[concept_id].append((bead, start / len(en_text)))
    missing: Counter[str] = Counter()
    for concept_id, open_beads in unrendered.items():
        for bead, zh in _best_candidates(corpus, open_beads):
            if zh is None:
                missing[concept_id] += 1
                continue
            found[concept_id][UNLISTED, zh] += 1
            _add_example(examples, (concept_id, UNLISTED, zh), bead.example)
    return [
        VariantReport(
            concept_id=c.id,
            en=c.en,
            zh=c.zh,
            beads=beads[c.id],
            renderings=tuple(
                Rendering(zh, kind, n, tuple(examples[c.id, kind, zh]))
                for (kind, zh), n in sorted(found[c.id].items(), key=lambda item: (-item[1], item[0]))
            ),
            unrendered=missing[c.id],
        )
        for c in wanted
    ]


def _add_example(examples: dict[tuple[str, str, str], list[Example]], key: tuple[str, str, str], ex: Example) -> None:
    found = examples.setdefault(key, [])
    if len(found) < EXAMPLES:
        found.append(ex)


def _best_candidates(
    corpus: MinedCorpus, open_beads: list[tuple[MinedBead, float]]
) -> list[tuple[MinedBead, str | None]]:
    """For each bead, the surface of the candidate that best explains all of ``open_beads``, or None."""
    joint: Counter[str] = Counter()
    for bead, _ in open_beads:
        joint.update(bead.zh.keys())
    standalone = {key for bead, _ in open_beads for key in bead.zh if not _inside_recurring(key, bead.zh, joint)}
    out: list[tuple[MinedBead, str | None]] = []
    for bead, en_position in open_beads:
        choices = [key for key in bead.zh if key not in corpus.glossary_zh]
        precision = {key: joint[key] / corpus.counts.zh[key] for key in choices}
        choices = [key for key in choices if not _subsumed(key, choices, joint, precision, standalone)]
        if not choices:
            out.append((bead, None))
            continue
        zh_text = bead.example.zh

        def rank(key: str, zh_text: str = zh_text, bead: MinedBead = bead, en_position: float = en_position):
            dice = 2 * joint[key] / (len(open_beads) + corpus.counts.zh[key])
            distance = abs(max(zh_text.find(bead.zh[key]), 0) / len(zh_text) - en_position)
            return round(dice, 6), -len(key), -distance

        out.append((bead, corpus.zh_surface(max(choices, key=rank))))
    return out


def _inside_recurring(key: str, keys: Iterable[str], joint: Counter[str]) -> bool:
    return any(other != key and key in other and joint[other] >= 2 for other in keys)


def _subsumed(
    key: str, choices: list[str], joint: Counter[str], precision: dict[str, float], standalone: set[str]
) -> bool:
    """A candidate inside a longer one of the same bead that stands for it: 计算 in 测试时间计算.

    The longer one must recur (a one-off extension is as likely the neighbouring word, 表示推理器) and be at
    least as specific; at equal specificity the shorter one must never occur on its own, so that 时间计算
    yields to 测试时间计算 and 推理时间计算 while 推理计算 is not lost to 扩展推理计算 ("scaling inference
    compute").
    """
    for other in choices:
        if other == key or key not in other or joint[other] < 2 or precision[other] < precision[key]:
            continue
        if precision[other] > precision[key] or key not in standalone:
            return True
    return False
