"""Usage counting over an in-memory corpus."""

from __future__ import annotations

from glossary.matcher import TermIndex
from glossary.usage import count_usage

CORPUS = [
    ("p1", "The agent plans.", "智能体会规划。"),
    ("p2", "Agents act.", "代理会行动。"),
    ("p3", "The agent waits.", "经纪人在等。"),
    ("p4", "The agent waits.", "它在等。"),
    ("p5", "Multi-agent systems scale.", "多智能体系统可以扩展。"),
    ("p6", "Nothing here.", "这里的智能体没有英文对应。"),
]


def test_counts_renderings_missing_forbidden_and_chinese_only(index: TermIndex) -> None:
    usage = count_usage(index, CORPUS, ["agent", "multi-agent"])
    agent = usage["agent"]
    assert agent.pairs == ["p1", "p2", "p3", "p4"]
    assert agent.en_forms == {"agent": 3, "Agents": 1}
    assert dict(agent.renderings) == {("preferred", "智能体"): 1, ("admitted", "代理"): 1, ("forbidden", "经纪人"): 1}
    assert agent.missing == ["p3", "p4"]
    assert agent.forbidden == ["p3"]
    assert agent.zh_only == ["p6"]
    # The multi-agent pair does not count as a use of agent: the longer term wins on both sides.
    assert usage["multi-agent"].pairs == ["p5"]
    assert list(usage) == ["agent", "multi-agent"]


def test_to_dict_is_json_ready(index: TermIndex) -> None:
    data = count_usage(index, CORPUS[:1], ["agent"])["agent"].to_dict()
    assert data["renderings"] == [{"kind": "preferred", "zh": "智能体", "count": 1}]
    assert data["pairs"] == ["p1"]
