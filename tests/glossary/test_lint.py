"""lint finds each kind of problem, and only that one, on an otherwise clean glossary."""

from __future__ import annotations

from dataclasses import replace

import pytest

from glossary.lint import Problem, lint_concepts, lint_rules
from glossary.model import Concept, Rule
from glossary.rules import load_rules
from glossary.termbase import default_glossary_path, default_rules_path, load_terms

CLEAN = [
    Concept("agent", "agent", ("agents",), "智能体", ("代理",), ("经纪人",), related=("multi-agent",)),
    Concept("multi-agent", "multi-agent", (), "多智能体"),
    Concept("old-agent", "agent", (), "代理", status="deprecated"),
]


def codes(problems: list[Problem]) -> list[str]:
    return [p.code for p in problems]


def test_clean_glossary_and_fixture_have_no_problems(concepts: list[Concept]) -> None:
    assert lint_concepts(CLEAN) == []
    assert lint_concepts(concepts) == []


@pytest.mark.parametrize(
    ("extra", "code", "subject"),
    [
        (Concept("agent2", "Agent", (), "行动者"), "duplicate-en", "agent, agent2"),
        (Concept("agents", "agent team", ("AGENTS",), "智能体团队"), "duplicate-en", "agent, agents"),
        (Concept("bot", "bot", (), "智能体"), "duplicate-zh", "agent, bot"),
        (Concept("broker", "broker", (), "中介", zh_forbidden=("多智能体",)), "forbidden-preferred", "multi-agent"),
        (Concept("x", "x", (), "某", ("甲",), ("甲",)), "self-contradiction", "x"),
        (Concept("y", "y", (), "乙", related=("nowhere",)), "unknown-related", "y"),
        (Concept("z", "z", (), ""), "empty-field", "z"),
        (Concept("", "nameless", (), "无名"), "empty-field", "(en 'nameless')"),
        (Concept("multi-agent", "multi agents", (), "多智能体们"), "duplicate-id", "multi-agent"),
    ],
)
def test_each_problem_kind(extra: Concept, code: str, subject: str) -> None:
    problems = lint_concepts([*CLEAN, extra])
    assert codes(problems) == [code]
    assert problems[0].subject == subject


def test_deprecated_concepts_are_not_duplicates_or_conflicts() -> None:
    forbidding = Concept("old", "old", (), "旧", zh_forbidden=("智能体",), status="deprecated")
    assert lint_concepts([*CLEAN, forbidding]) == []


def test_empty_zh_is_fine_for_deprecated_and_forbidden_concepts() -> None:
    assert lint_concepts([replace(CLEAN[1], zh="", status="forbidden")]) == []


def rule(rule_id: str, **fields: object) -> Rule:
    values: dict[str, object] = {"id": rule_id, "severity": "warning", "category": "c", "message": "m", "zh": "x"}
    values.update(fields)
    return Rule(**values)  # type: ignore[arg-type]


def test_rule_problems() -> None:
    rules = [
        rule("a", line=1),
        rule("a", line=8),
        rule("b", en="(unclosed", line=15),
        rule("c", message=" ", line=20),
    ]
    problems = lint_rules(rules)
    assert [(p.code, p.subject, p.line) for p in problems] == [
        ("duplicate-rule-id", "a", 8),
        ("bad-regex", "b", 15),
        ("empty-field", "c", 20),
    ]
    assert "first on line 1" in problems[0].message


def test_bundled_glossary_and_rules_lint_clean() -> None:
    terms, rules = default_glossary_path(), default_rules_path()
    if not terms.exists():
        pytest.skip("no bundled terms.csv yet")
    problems = lint_concepts(load_terms(terms))
    if rules.exists():
        problems += lint_rules(load_rules(rules, check_regex=False))
    assert not problems, "\n".join(map(str, problems))
