"""rules.yaml: errors with line numbers, evaluation semantics, and every example passing."""

from __future__ import annotations

from pathlib import Path

import pytest

from align.errors import InputError
from glossary.model import Example, Rule
from glossary.rules import compile_rule, compile_rules, evaluate, load_rules, parse_rules, run_examples
from glossary.termbase import default_rules_path

BASE = """\
- id: r1
  severity: warning
  category: terminology
  message: m
"""


def rule(**fields: object) -> Rule:
    values: dict[str, object] = {"id": "r", "severity": "warning", "category": "c", "message": "m"}
    values.update(fields)
    return Rule(**values)  # type: ignore[arg-type]


def test_fixture_rules_load_and_all_examples_pass(rules_path: Path) -> None:
    rules = load_rules(rules_path)
    assert [r.id for r in rules] == ["agent-as-daili-ren", "open-source-weights", "keep-gpqa", "half-width-comma"]
    assert rules[0].line == 2
    assert rules[2].case_sensitive is True
    assert run_examples(compile_rules(rules, rules_path)) == []


def test_bundled_rules_examples_all_pass() -> None:
    path = default_rules_path()
    if not path.exists():
        pytest.skip("no bundled rules.yaml yet")
    rules = load_rules(path)
    failures = run_examples(compile_rules(rules, path))
    assert not failures, "\n".join(f"{path}:{f.example.line}: {f}" for f in failures)


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("- id: a\n  en: [unclosed\n", 3, "bad YAML"),
        ("id: a\n", 1, "expected a list of rules"),
        ("- just a string\n", 1, "must be a mapping"),
        (BASE + "  zh: x\n- id: r2\n  severity: warning\n  category: c\n  zh: x\n", 6, "missing 'message'"),
        (BASE + "  zh: '(unclosed'\n", 5, "bad regex"),
        (BASE + "  en: 'a'\n  zh: x\n  zh_ok: '[z'\n", 7, "rule 'r1' zh_ok: bad regex"),
        (BASE + "  zh: x\n  colour: red\n", 6, "unknown key 'colour'"),
        (BASE + "  zh: x\n  zh: y\n", 6, "appears twice"),
        (BASE.replace("warning", "fatal") + "  zh: x\n", 2, "severity must be one of"),
        (BASE, 1, "exactly one of 'zh' and 'zh_required'"),
        (BASE + "  zh_required: x\n", 1, "needs an 'en' trigger"),
        (BASE + "  zh_required: x\n  en: y\n  zh_ok: z\n", 1, "'zh_ok' only qualifies 'zh'"),
        (BASE + "  zh: x\n  case_sensitive: maybe\n", 6, "case_sensitive must be true or false"),
        (BASE + "  zh: x\n  examples: [1]\n", 6, "examples must map"),
        (BASE + "  zh: x\n  examples:\n    good: []\n", 7, "not 'good'"),
        (BASE + "  zh: x\n  examples:\n    positive: {en: a}\n", 7, "must be a list"),
        (BASE + "  zh: x\n  examples:\n    positive:\n      - {en: a, de: b}\n", 8, "is not en or zh"),
        (BASE + "  zh: [a, b]\n", 5, "expected a single value"),
    ],
)
def test_bad_rules_name_the_line(text: str, line: int, fragment: str) -> None:
    with pytest.raises(InputError) as err:
        parse_rules(text, "rules.yaml")
    assert err.value.path == "rules.yaml"
    assert fragment in err.value.message
    assert err.value.line == line


def test_bad_regex_can_be_left_for_lint() -> None:
    [loaded] = parse_rules(BASE + "  zh: '(unclosed'\n", "rules.yaml", check_regex=False)
    assert loaded.zh == "(unclosed"
    with pytest.raises(InputError, match="bad regex") as err:
        compile_rule(loaded, "rules.yaml")
    assert err.value.line == 1


def test_scalars_are_taken_as_written() -> None:
    [loaded] = parse_rules(BASE + "  zh: 123\n  note: ~\n", None)
    assert loaded.zh == "123"
    assert loaded.note == ""


def test_empty_file_has_no_rules() -> None:
    assert parse_rules("", None) == []
    assert parse_rules("# only a comment\n", None) == []


def test_zh_rule_fires_per_match_with_spans() -> None:
    compiled = compile_rule(rule(en=r"\bagents?\b", zh="代理人"))
    hits = evaluate(compiled, "The agent and the agents", "代理人和代理人")
    assert [h.zh_spans for h in hits] == [((0, 3),), ((4, 7),)]
    assert hits[0].en_spans == ((4, 9), (18, 24))
    assert hits[0].rule_id == "r"


def test_no_english_trigger_no_hit() -> None:
    compiled = compile_rule(rule(en=r"\bagent\b", zh="代理人"))
    assert evaluate(compiled, "My lawyer", "代理人") == []


def test_zh_ok_cancels_the_flag() -> None:
    compiled = compile_rule(rule(en="open weights?", zh="开源", zh_ok="开放权重"))
    assert evaluate(compiled, "open weights", "开源") != []
    assert evaluate(compiled, "open weights", "开放权重，不是开源") == []


def test_zh_required() -> None:
    compiled = compile_rule(rule(en="GPQA", zh_required="GPQA", case_sensitive=True))
    [hit] = evaluate(compiled, "on GPQA", "在基准上")
    assert (hit.en_spans, hit.zh_spans) == (((3, 7),), ())
    assert evaluate(compiled, "on GPQA", "在GPQA上") == []
    assert evaluate(compiled, "on gpqa", "在基准上") == []


def test_case_insensitive_by_default() -> None:
    compiled = compile_rule(rule(en="agent", zh="代理人"))
    assert evaluate(compiled, "AGENT", "代理人")


def test_chinese_only_rule() -> None:
    compiled = compile_rule(rule(zh="[\u4e00-\u9fff],[\u4e00-\u9fff]"))
    [hit] = evaluate(compiled, "", "我们,他们")
    assert (hit.en_spans, hit.zh_spans) == ((), ((1, 4),))


def test_empty_matches_never_fire() -> None:
    compiled = compile_rule(rule(en="x*", zh="y*"))
    assert evaluate(compiled, "abc", "def") == []


def test_run_examples_reports_both_kinds_of_failure() -> None:
    broken = rule(
        id="broken",
        en="agent",
        zh="代理",
        positive=(Example("agent", "智能体", line=10),),
        negative=(Example("agent", "代理人", line=12),),
    )
    failures = run_examples([compile_rule(broken)])
    assert [(f.rule_id, f.expected, f.example.line) for f in failures] == [
        ("broken", "positive", 10),
        ("broken", "negative", 12),
    ]
    assert "positive example not flagged" in str(failures[0])
    assert "negative example flagged" in str(failures[1])
