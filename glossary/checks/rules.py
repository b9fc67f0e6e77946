"""Curated mistranslation rules (glossary/rules.yaml) as checks: one `rule.<id>` check per rule."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from glossary.checks.base import Check, Context, Flag, Pair, Run
from glossary.rules import CompiledRule, RuleHit, RulePrefilter, evaluate


def _flag(check: Check, rule: CompiledRule, pair: Pair, hit: RuleHit) -> Flag:
    return check.flag(
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


def rule_checks(rules: list[CompiledRule]) -> list[Check]:
    """A check per rule. Run together (see ``Check.batch``) they share one prefilter, so a pair pays for the
    few rules whose literals it contains instead of a regex search for every rule."""
    rule_of: dict[Run, CompiledRule] = {}

    def batch(members: Sequence[Check]) -> Run:
        chosen = [rule_of[c.run] for c in members]
        prefilter = RulePrefilter(chosen)

        def run(pair: Pair, ctx: Context) -> Iterator[Flag]:
            if not pair.zh_sentences:
                return
            en, zh = pair.en, pair.zh
            for i in prefilter.candidates(en, zh):
                for hit in evaluate(chosen[i], en, zh):
                    yield _flag(members[i], chosen[i], pair, hit)

        return run

    def single(rule: CompiledRule) -> Check:
        def run(pair: Pair, ctx: Context) -> Iterator[Flag]:
            if not pair.zh_sentences:
                return
            for hit in evaluate(rule, pair.en, pair.zh):
                yield _flag(check, rule, pair, hit)

        check = Check(
            f"rule.{rule.rule.id}", rule.rule.severity, rule.rule.category, rule.rule.message, run, batch=batch
        )
        rule_of[run] = rule
        return check

    return [single(r) for r in rules]
