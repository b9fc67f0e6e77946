"""Consistency problems in a glossary and its rules that no single row or rule shows on its own.

Loading already refuses rows that cannot be read; lint finds the ones that read fine but contradict each
other, which is what goes wrong as several people add terms over months: the same English filed twice,
one concept's preferred rendering forbidden by another, a cross-reference to a concept since removed.

Deprecated concepts are left out of the duplicate and conflict checks: keeping the old entry beside its
replacement, same English and all, is how a term base records that a rendering changed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from glossary.model import Concept, Rule


@dataclass(frozen=True)
class Problem:
    """One problem; ``line`` is set for rules, whose file positions are known; the caller knows the file."""

    code: str
    subject: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.code}: {self.subject}: {self.message}"

    def to_dict(self) -> dict[str, object]:
        return {"code": self.code, "subject": self.subject, "message": self.message, "line": self.line}


def lint_concepts(concepts: Sequence[Concept]) -> list[Problem]:
    problems: list[Problem] = []
    ids = [concept.id for concept in concepts]
    known = set(ids)
    for concept_id in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(Problem("duplicate-id", concept_id, f"{ids.count(concept_id)} concepts have this id"))
    for concept in concepts:
        problems += _empty_fields(concept)
        problems += _contradictions(concept)
        for other in concept.related:
            if other not in known:
                problems.append(Problem("unknown-related", concept.id, f"related id {other!r} does not exist"))
    live = [concept for concept in concepts if concept.status != "deprecated"]
    problems += _shared(live, "duplicate-en", "English", lambda c: (c.en, *c.en_variants))
    problems += _shared(live, "duplicate-zh", "preferred Chinese", lambda c: (c.zh,))
    problems += _forbidden_preferred(live)
    return problems


def _empty_fields(concept: Concept) -> list[Problem]:
    subject = concept.id or f"(en {concept.en!r})"
    missing = [name for name in ("id", "en") if not getattr(concept, name).strip()]
    if not concept.zh.strip() and concept.status in {"preferred", "admitted"}:
        missing.append("zh")
    return [Problem("empty-field", subject, f"{name} is empty") for name in missing]


def _contradictions(concept: Concept) -> list[Problem]:
    allowed = {_fold(t) for t in (concept.zh, *concept.zh_admitted) if t}
    return [
        Problem("self-contradiction", concept.id, f"{term!r} is both allowed and forbidden")
        for term in concept.zh_forbidden
        if _fold(term) in allowed
    ]


def _shared(
    concepts: Sequence[Concept], code: str, what: str, forms: Callable[[Concept], Iterable[str]]
) -> list[Problem]:
    """Forms (case-folded) that more than one concept claims; reported once per form."""
    owners: dict[str, list[str]] = defaultdict(list)
    spelling: dict[str, str] = {}
    for concept in concepts:
        mine = {_fold(form): form.strip() for form in forms(concept) if form.strip()}
        for folded, written in mine.items():
            owners[folded].append(concept.id)
            spelling.setdefault(folded, written)
    return [
        Problem(code, ", ".join(ids), f"{what} {spelling[folded]!r} belongs to {len(ids)} concepts")
        for folded, ids in owners.items()
        if len(ids) > 1
    ]


def _forbidden_preferred(concepts: Sequence[Concept]) -> list[Problem]:
    preferred: dict[str, list[Concept]] = defaultdict(list)
    for concept in concepts:
        if concept.zh:
            preferred[_fold(concept.zh)].append(concept)
    problems = []
    for concept in concepts:
        for term in concept.zh_forbidden:
            for owner in preferred.get(_fold(term), []):
                if owner.id != concept.id:
                    problems.append(
                        Problem(
                            "forbidden-preferred",
                            owner.id,
                            f"preferred rendering {owner.zh!r} is forbidden by concept {concept.id!r}",
                        )
                    )
    return problems


def lint_rules(rules: Iterable[Rule]) -> list[Problem]:
    problems: list[Problem] = []
    first: dict[str, int | None] = {}
    for rule in rules:
        if rule.id in first:
            where = f" (first on line {first[rule.id]})" if first[rule.id] is not None else ""
            problems.append(Problem("duplicate-rule-id", rule.id, f"rule id used twice{where}", rule.line))
        first.setdefault(rule.id, rule.line)
        for name in ("id", "category", "message"):
            if not getattr(rule, name).strip():
                problems.append(Problem("empty-field", rule.id or "(rule)", f"{name} is empty", rule.line))
        for key in ("en", "zh", "zh_ok", "zh_required"):
            pattern = getattr(rule, key)
            if pattern is None:
                continue
            try:
                re.compile(pattern)
            except re.error as exc:
                problems.append(Problem("bad-regex", rule.id, f"{key} {pattern!r}: {exc}", rule.line))
    return problems


def _fold(text: str) -> str:
    return text.strip().casefold()
