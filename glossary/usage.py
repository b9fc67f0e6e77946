"""Where concepts are used across a corpus and how each one was actually rendered.

A terminology owner deciding whether to change a rendering needs the real picture: how often the English
comes up, which Chinese forms translators used for it (including forms the glossary does not list, which
show up as pairs with no allowed rendering), and where a forbidden form slipped through. This module only
counts; the corpus arrives as an iterable so the CLI can stream it from the workspace and tests can pass
a list.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from glossary.matcher import TermIndex


@dataclass
class ConceptUsage:
    """One concept's use: ``pairs`` hold its English; the other lists are subsets or Chinese-only pairs."""

    concept_id: str
    pairs: list[str] = field(default_factory=list)
    en_forms: Counter[str] = field(default_factory=Counter)
    renderings: Counter[tuple[str, str]] = field(default_factory=Counter)
    missing: list[str] = field(default_factory=list)
    forbidden: list[str] = field(default_factory=list)
    zh_only: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "concept_id": self.concept_id,
            "pairs": self.pairs,
            "en_forms": dict(self.en_forms.most_common()),
            "renderings": [
                {"kind": kind, "zh": surface, "count": n} for (kind, surface), n in self.renderings.most_common()
            ],
            "missing": self.missing,
            "forbidden": self.forbidden,
            "zh_only": self.zh_only,
        }


def count_usage(
    index: TermIndex, pairs: Iterable[tuple[str, str, str]], concept_ids: Collection[str]
) -> dict[str, ConceptUsage]:
    """Usage of each of ``concept_ids`` over ``(pair_id, en, zh)`` triples, in the order the ids were given.

    A pair counts as missing when the English is there and no preferred or admitted rendering is (a
    forbidden one does not count as rendered: it is listed under ``forbidden`` too).
    """
    usage = {concept_id: ConceptUsage(concept_id) for concept_id in concept_ids}
    for pair_id, en, zh in pairs:
        en_hits = [m for m in index.find_en(en) if m.concept_id in usage]
        zh_hits = [m for m in index.find_zh(zh) if m.concept_id in usage]
        if not en_hits and not zh_hits:
            continue
        in_en = {m.concept_id for m in en_hits}
        for concept_id in in_en:
            usage[concept_id].pairs.append(pair_id)
        for match in en_hits:
            usage[match.concept_id].en_forms[match.surface] += 1
        allowed: set[str] = set()
        for match in zh_hits:
            record = usage[match.concept_id]
            if match.concept_id not in in_en:
                if pair_id not in record.zh_only[-1:]:
                    record.zh_only.append(pair_id)
                continue
            record.renderings[(match.kind, match.surface)] += 1
            if match.kind == "forbidden":
                if pair_id not in record.forbidden[-1:]:
                    record.forbidden.append(pair_id)
            else:
                allowed.add(match.concept_id)
        for concept_id in in_en - allowed:
            usage[concept_id].missing.append(pair_id)
    return usage
