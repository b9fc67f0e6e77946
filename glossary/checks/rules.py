"""Curated mistranslation rules (glossary/rules.yaml) as checks: one `rule.<id>` check per rule."""

from __future__ import annotations

from collections.abc import Iterator

from glossary.checks.base import Check, Context, Flag, Pair
from glossary.rules import CompiledRule, evaluate


def _runner(rule: CompiledRule) -> Check:
    def run(pair: Pair, ctx: Context) -> Iterator[Flag]:
        if not pair.zh_sentences:
            return
        for hit in evaluate(rule, pair.en, pair.zh):
            yield check.flag(
                pair,
                hit.message,
                severity=hit.severity,
                category=hit.category,
                suggestion=hit.suggestion or None,
                en_spans=list(hit.en_spans),
                zh_spans=list(hit.zh_spans),
                evidence={"rule": rule.rule.id, "note": rule.rule.note},
                key=repr(hit.zh_spans[:1]),
            )

    check = Check(f"rule.{rule.rule.id}", rule.rule.severity, rule.rule.category, rule.rule.message, run)
    return check


def rule_checks(rules: list[CompiledRule]) -> list[Check]:
    return [_runner(r) for r in rules]
