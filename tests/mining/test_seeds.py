"""Acceptance checks of issue 12 on three aligned seed documents (see conftest.SEEDS)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from align.errors import InputError
from align.workspace import PairRow
from glossary.mining import commands
from glossary.mining.suggest import suggest
from glossary.mining.variants import UNLISTED, VariantReport, variants
from glossary.model import Concept
from glossary.termbase import default_glossary_path, load_terms
from tests.mining.conftest import DATA

pytestmark = pytest.mark.slow


def forms(report: VariantReport, kind: str | None = None) -> set[str]:
    return {r.zh for r in report.renderings if kind is None or r.kind == kind}


def test_variant_report_mines_what_the_small_glossary_does_not_list(
    seed_pairs: list[PairRow], mining_concepts: list[Concept]
) -> None:
    reports = {r.concept_id: r for r in variants(seed_pairs, mining_concepts)}
    assert "智能体" in forms(reports["agent"], "preferred")
    assert "代理" in forms(reports["agent"], UNLISTED)
    assert {"测试时间计算", "推理时间计算"} <= forms(reports["test-time-compute"], UNLISTED)
    # The five AGI levels: the glossary has their English only, so every name comes from the mining.
    level_names = {"chatbot": "聊天机器人", "reasoner": "推理器", "innovator": "创新者", "organization": "组织"}
    for concept_id, name in level_names.items():
        assert name in forms(reports[concept_id], UNLISTED), concept_id


def test_variant_report_with_the_bundled_glossary(seed_pairs: list[PairRow]) -> None:
    concepts = load_terms(default_glossary_path())
    wanted = {
        "agent": {"智能体", "代理"},
        "test-time-compute": {"测试时间计算"},
        "inference-time-compute": {"推理时间计算"},
        "agi-level-1-chatbots": {"聊天机器人"},
        "agi-level-2-reasoners": {"推理器"},
        "agi-level-3-agents": {"智能体"},
        "agi-level-4-innovators": {"创新者"},
        "agi-level-5-organizations": {"组织"},
    }
    missing = set(wanted) - {c.id for c in concepts}
    if missing:
        pytest.skip(f"bundled glossary has no {sorted(missing)}")
    reports = {r.concept_id: r for r in variants(seed_pairs, concepts, ids=set(wanted))}
    for concept_id, names in wanted.items():
        assert names <= forms(reports[concept_id]), concept_id


def test_suggestions_on_the_seeds_are_new_and_have_examples(
    seed_pairs: list[PairRow], mining_concepts: list[Concept]
) -> None:
    found = suggest(seed_pairs, mining_concepts, top=50)
    assert len(found) == 50
    known = {form.casefold() for c in mining_concepts for form in (c.en, *c.en_variants)}
    assert not {s.en.casefold() for s in found} & known
    assert all(s.examples and s.beads >= 2 for s in found)
    assert {"OpenAI", "ChatGPT", "o1"} <= {s.en for s in found[:10]}


@pytest.fixture()
def cli(seed_workspace: Path):
    app = typer.Typer()
    app.command("suggest")(commands.suggest)
    app.command("variants")(commands.variants)
    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(app, [*args, "--workspace", str(seed_workspace), "--glossary", str(DATA / "terms.csv")])

    return run


def test_suggest_command_json_and_table(cli) -> None:
    result = cli("suggest", "004", "--top", "3", "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert len(rows) == 3
    assert {"en", "zh", "score", "dice", "llr", "beads", "examples"} <= set(rows[0])
    assert all(ex["doc_id"].startswith("004") for row in rows for ex in row["examples"])
    table = cli("suggest", "--top", "3")
    assert table.exit_code == 0 and "3 suggested concepts" in table.output


def test_variants_command(cli) -> None:
    result = cli("variants", "agent", "--json")
    assert result.exit_code == 0, result.output
    (report,) = json.loads(result.output)
    assert report["concept_id"] == "agent"
    assert {"智能体", "代理"} <= {r["zh"] for r in report["renderings"]}
    table = cli("variants", "agent")
    assert table.exit_code == 0 and "agent → 智能体" in table.output


def test_unknown_ids_are_input_errors(cli) -> None:
    assert isinstance(cli("variants", "no-such-concept").exception, InputError)
    assert isinstance(cli("suggest", "999").exception, InputError)
