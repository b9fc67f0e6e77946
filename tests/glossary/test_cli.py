"""`bitext glossary` commands through Typer's CliRunner on glossary.cli.app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import align.workspace
from align.errors import InputError
from glossary.cli import app
from glossary.termbase import load_terms

runner = CliRunner()


def run(*args: str) -> object:
    return runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "200"})


def test_list_table_and_filters(terms_path: Path) -> None:
    result = run("list", "--glossary", terms_path)
    assert result.exit_code == 0, result.output
    assert "multi-agent" in result.output and "8 concepts" in result.output
    result = run("list", "--glossary", terms_path, "--domain", "BENCHMARK", "--json")
    assert [c["id"] for c in json.loads(result.output)] == ["gpqa"]
    result = run("list", "--glossary", terms_path, "--search", "开放", "--json")
    assert [c["id"] for c in json.loads(result.output)] == ["open-weights"]


def test_show(terms_path: Path) -> None:
    result = run("show", "agent", "--glossary", terms_path, "--json")
    data = json.loads(result.output)
    assert data["zh_forbidden"] == ["经纪人", "代理人"]
    assert data["case_sensitive"] is False
    result = run("show", "gpqa", "--glossary", terms_path)
    assert result.exit_code == 0 and "benchmark" in result.output


def test_unknown_id_is_an_input_error(terms_path: Path) -> None:
    result = run("show", "nope", "--glossary", terms_path)
    assert isinstance(result.exception, InputError)
    assert "no concept with id 'nope'" in str(result.exception)


def test_add_edit_deprecate_rm(terms_path: Path) -> None:
    result = run(
        "add",
        "--en",
        "Mixture of Experts",
        "--zh",
        "混合专家",
        "--domain",
        "models|architecture",
        "--glossary",
        terms_path,
    )
    assert result.exit_code == 0, result.output
    added = load_terms(terms_path)[-1]
    assert (added.id, added.domain) == ("mixture-of-experts", ("models", "architecture"))

    result = run(
        "edit",
        "mixture-of-experts",
        "--zh-admitted",
        "MoE|专家混合",
        "--case-sensitive",
        "yes",
        "--glossary",
        terms_path,
    )
    assert result.exit_code == 0, result.output
    edited = load_terms(terms_path)[-1]
    assert edited.zh_admitted == ("MoE", "专家混合") and edited.case_sensitive

    result = run("deprecate", "scaling-law", "--reason", "use scaling-laws", "--glossary", terms_path)
    assert result.exit_code == 0
    scaling = next(c for c in load_terms(terms_path) if c.id == "scaling-law")
    assert scaling.status == "deprecated" and scaling.note == "deprecated: use scaling-laws"

    result = run("rm", "multi-agent", "--glossary", terms_path)
    assert result.exit_code == 0
    assert "still listed as related by agent" in result.output
    assert "multi-agent" not in [c.id for c in load_terms(terms_path)]


def test_add_and_edit_validate(terms_path: Path) -> None:
    before = terms_path.read_bytes()
    assert isinstance(run("add", "--en", "agent", "--id", "agent", "--glossary", terms_path).exception, InputError)
    assert isinstance(run("add", "--en", "x", "--status", "great", "--glossary", terms_path).exception, InputError)
    assert isinstance(run("edit", "agent", "--glossary", terms_path).exception, InputError)
    assert isinstance(run("edit", "agent", "--en", " ", "--glossary", terms_path).exception, InputError)
    assert terms_path.read_bytes() == before


def test_edit_keeps_other_lines(terms_path: Path) -> None:
    before = terms_path.read_text(encoding="utf-8").splitlines()
    run("edit", "gpqa", "--note", "Graduate-level Google-proof Q&A", "--glossary", terms_path)
    after = terms_path.read_text(encoding="utf-8").splitlines()
    assert [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b] == [3]


def test_lint_clean_and_with_problems(terms_path: Path, rules_path: Path) -> None:
    result = run("lint", "--glossary", terms_path, "--rules", rules_path)
    assert result.exit_code == 0, result.output
    run("add", "--en", "Agent", "--id", "agent-2", "--zh", "多智能体", "--glossary", terms_path)
    rules_path.write_text(rules_path.read_text(encoding="utf-8").replace("'代理人'", "'(代理人'"), encoding="utf-8")
    result = run("lint", "--glossary", terms_path, "--rules", rules_path, "--json")
    assert result.exit_code == 1
    problems = json.loads(result.output)
    assert sorted(p["code"] for p in problems) == ["bad-regex", "duplicate-en", "duplicate-zh"]
    bad = next(p for p in problems if p["code"] == "bad-regex")
    assert (bad["file"], bad["line"]) == (str(rules_path), 2)


def test_malformed_glossary_is_an_input_error(terms_path: Path) -> None:
    terms_path.write_text(terms_path.read_text(encoding="utf-8") + "broken,row\n", encoding="utf-8")
    result = run("lint", "--glossary", terms_path)
    assert isinstance(result.exception, InputError)
    assert result.exception.line == 10


def test_usage_reads_the_workspace(terms_path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    seen: list[object] = []

    def fake_iter_pairs(workspace_path: object) -> list[tuple[str, str, str]]:
        seen.append(workspace_path)
        return [("p1", "The agent plans.", "智能体会规划。"), ("p2", "An agent.", "一个代理人。")]

    monkeypatch.setattr(align.workspace, "iter_pairs", fake_iter_pairs, raising=False)
    result = run("usage", "agent", "--workspace", tmp_path / "ws.sqlite", "--glossary", terms_path, "--json")
    assert result.exit_code == 0, result.output
    [agent] = json.loads(result.output)
    assert agent["pairs"] == ["p1", "p2"] and agent["forbidden"] == ["p2"]
    assert seen == [tmp_path / "ws.sqlite"]
    result = run("usage", "agent", "--glossary", terms_path)
    assert result.exit_code == 0 and "智能体" in result.output


def test_usage_without_iter_pairs_says_so(terms_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(align.workspace, "iter_pairs", raising=False)
    result = run("usage", "agent", "--glossary", terms_path)
    assert result.exit_code == 1
    assert "align.workspace.iter_pairs" in result.output


def test_export_then_import(terms_path: Path, tmp_path: Path) -> None:
    original = load_terms(terms_path)
    for name, fmt in (("g.tbx", None), ("g3.tbx", "tbx3"), ("g.tsv", None), ("g.csv", "csv")):
        target = tmp_path / name
        args = ["export", target, "--glossary", terms_path] + (["--format", fmt] if fmt else [])
        assert run(*args).exit_code == 0
        fresh = tmp_path / f"fresh-{name}.csv"
        fresh.write_text("id,en\n", encoding="utf-8")
        result = run("import", target, "--glossary", fresh)
        assert result.exit_code == 0, result.output
        assert f"{len(original)} added" in result.output
        assert load_terms(fresh) == original
    assert b"<martif" in (tmp_path / "g.tbx").read_bytes()
    assert b"urn:iso:std:iso:30042:ed-2" in (tmp_path / "g3.tbx").read_bytes()


def test_import_merges_or_replaces(terms_path: Path, tmp_path: Path) -> None:
    incoming = tmp_path / "in.csv"
    incoming.write_text("id,en,zh\ngpqa,GPQA,GPQA基准\nnew,new,新\n", encoding="utf-8")
    result = run("import", incoming, "--glossary", terms_path)
    assert "1 added, 1 changed, 0 unchanged" in result.output
    concepts = load_terms(terms_path)
    assert [c.id for c in concepts][2] == "gpqa" and concepts[2].zh == "GPQA基准"
    assert concepts[-1].id == "new"
    result = run("import", incoming, "--replace", "--glossary", terms_path)
    assert result.exit_code == 0
    assert [c.id for c in load_terms(terms_path)] == ["gpqa", "new"]


def test_bad_format_options(terms_path: Path, tmp_path: Path) -> None:
    assert isinstance(run("export", tmp_path / "x", "--format", "xlsx", "--glossary", terms_path).exception, InputError)
    assert isinstance(run("import", tmp_path / "x", "--format", "tbx2", "--glossary", terms_path).exception, InputError)


def test_rule_examples_command(rules_path: Path) -> None:
    result = run("test", "--rules", rules_path)
    assert result.exit_code == 0, result.output
    assert "4 rules, 10 examples, 0 failing" in result.output
    rules_path.write_text(rules_path.read_text(encoding="utf-8").replace("zh: '开源'", "zh: '闭源'"), encoding="utf-8")
    result = run("test", "--rules", rules_path)
    assert result.exit_code == 1
    assert f"{rules_path}:25: open-source-weights: positive example not flagged" in result.output


def test_rule_file_with_bad_regex_is_an_input_error(rules_path: Path) -> None:
    rules_path.write_text(rules_path.read_text(encoding="utf-8").replace("'代理人'", "'(代理人'"), encoding="utf-8")
    result = run("test", "--rules", rules_path)
    assert isinstance(result.exception, InputError)
    assert result.exception.line == 4
