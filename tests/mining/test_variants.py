from __future__ import annotations

from glossary.mining.variants import UNLISTED, variants
from glossary.model import Concept
from tests.mining.conftest import pairs

CORPUS = pairs(
    ("Agents can act on their own.", "智能体可以自主行动。"),
    ("These agents are useful.", "这些代理很有用。"),
    ("An agent booked my flight.", "一个代理帮我订了航班。"),
    ("The agent signed the contract.", "代理人签了合同。"),
    ("We like the weather.", "我们喜欢天气。"),
)


def renderings(report) -> dict[tuple[str, str], int]:
    return {(r.kind, r.zh): r.count for r in report.renderings}


def test_glossary_forms_are_counted_by_kind_and_the_rest_mined(mining_concepts: list[Concept]) -> None:
    (agent,) = variants(CORPUS, mining_concepts, ids={"agent"})
    assert agent.beads == 4
    assert renderings(agent) == {("preferred", "智能体"): 1, ("forbidden", "代理人"): 1, (UNLISTED, "代理"): 2}
    assert agent.renderings[0].zh == "代理"  # most used first
    assert agent.renderings[0].examples[0].bead_id == "b1"


def test_every_concept_is_reported_in_glossary_order(mining_concepts: list[Concept]) -> None:
    reports = variants(CORPUS, mining_concepts)
    assert [r.concept_id for r in reports] == [c.id for c in mining_concepts]
    assert next(r for r in reports if r.concept_id == "gpqa").beads == 0


def test_to_dict_is_json_ready(mining_concepts: list[Concept]) -> None:
    (agent,) = variants(CORPUS, mining_concepts, ids=["agent"])
    data = agent.to_dict()
    assert data["concept_id"] == "agent"
    assert data["renderings"][0]["examples"][0]["zh"] == "这些代理很有用。"
