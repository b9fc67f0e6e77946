"""Selection filters, turn units, `bitext stats` figures, and the three commands through Typer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from align.decisions import record
from align.errors import InputError
from align.export.records import Selection, units
from align.stats import corpus_stats, document_stats, post_edit_metrics
from align.workspace import Workspace
from tests.export.conftest import add_flag, build_workspace


@pytest.fixture()
def small(tmp_path: Path) -> tuple[Path, list[str]]:
    """Four pairs: accepted; edited; open error flag; closed warning flag (scores 0.50 .. 0.53)."""
    path = tmp_path / "ws.sqlite"
    beads = build_workspace(path, [(["A."], ["甲。"]), (["B."], ["乙。"]), (["C."], ["丙。"]), (["D."], ["丁。"])])
    add_flag(path, "doc", beads[2], "f-err", "error", "accuracy/number")
    add_flag(path, "doc", beads[3], "f-warn", "warning", "fluency/punctuation")
    add_flag(path, "doc", beads[1], "f-info", "info", "fluency/punctuation")
    with Workspace(path) as ws:
        record(ws, "doc", beads[0], "accept")
        record(ws, "doc", beads[1], "edit", payload={"zh": "乙乙。"})
        record(ws, "doc", "f-warn", "waive", reason="house style")
    return path, beads


def selected(path: Path, **kwargs: object) -> list[str]:
    with Workspace(path) as ws:
        return [u.uid for u in units(ws, Selection(**kwargs))]


def test_status_filters(small: tuple[Path, list[str]]) -> None:
    path, b = small
    assert selected(path) == b
    assert selected(path, status="accepted") == [b[0]]
    assert selected(path, status="reviewed") == [b[0], b[1], b[3]]


def test_score_and_severity_filters(small: tuple[Path, list[str]]) -> None:
    path, b = small
    assert selected(path, min_score=0.515) == [b[2], b[3]]
    assert selected(path, exclude_severity="error") == [b[0], b[1], b[3]]
    assert selected(path, exclude_severity="warning") == [b[0], b[1], b[3]]
    assert selected(path, exclude_severity="info") == [b[0], b[3]]


def test_bad_filter_values_are_input_errors() -> None:
    for kwargs in ({"status": "done"}, {"exclude_severity": "fatal"}, {"unit": "paragraph"}):
        with pytest.raises(InputError):
            Selection(**kwargs)


def test_turn_units_merge_the_sentence_beads_of_a_turn(seed_ws: Path, small: tuple[Path, list[str]]) -> None:
    path, b = small
    with Workspace(path) as ws:
        (turn,) = units(ws, Selection(unit="turn"))
    assert turn.uid == "doc-turn" and turn.bead_ids == b
    assert turn.en_text == "A. B. C. D." and turn.zh_reviewed == "甲。乙乙。丙。丁。"
    assert turn.edited and not turn.accepted and not turn.reviewed and turn.state == "translated"
    with Workspace(seed_ws) as ws:
        sentence = list(units(ws, Selection()))
        turns = list(units(ws, Selection(unit="turn")))
        turn_beads = ws.conn.execute("SELECT count(DISTINCT parent) FROM beads WHERE level='sentence'").fetchone()[0]
    assert len(turns) == turn_beads
    assert sum(len(t.bead_ids) for t in turns) == len(sentence)
    assert "".join(t.zh_reviewed for t in turns) == "".join(u.zh_reviewed for u in sentence)


def test_document_and_corpus_stats(small: tuple[Path, list[str]], seed_ws: Path) -> None:
    path, _ = small
    with Workspace(path) as ws:
        doc = document_stats(ws, "doc")
    assert doc["pairs"] == 4 and doc["bead_types"]["1-1"] == 4
    assert (doc["reviewed"], doc["accepted"], doc["edited"], doc["reviewed_share"]) == (3, 1, 1, 0.75)
    assert doc["flags"] == {
        "accuracy/number": {"open": 1, "closed": 0},
        "fluency/punctuation": {"open": 1, "closed": 1},
    }
    assert doc["post_edit"]["edited"]["pairs"] == 1 and doc["post_edit"]["edited"]["ter"] > 0
    assert doc["post_edit"]["all"]["pairs"] == 4
    with Workspace(seed_ws) as ws:
        corpus = corpus_stats(ws)
    figures = corpus["corpus"]
    assert figures["pairs"] == sum(figures["bead_types"].values()) == corpus["documents"][0]["pairs"]
    assert figures["bead_types"]["1-0"] and figures["bead_types"]["0-1"]
    assert figures["edited"] == 2 and 0 < figures["reviewed_share"] < 1


def test_post_edit_metrics() -> None:
    same = post_edit_metrics(["我们今天讨论推理。"], ["我们今天讨论推理。"])
    assert (same["chrf"], same["ter"], same["bleu"]) == (100.0, 0.0, 100.0)
    changed = post_edit_metrics(["我们今天讨论推理。"], ["今天我们讨论一下推理问题。"])
    assert changed["ter"] > 0 and changed["chrf"] < 100 and changed["bleu"] < 100
    assert post_edit_metrics([], [])["chrf"] is None


def test_cli_export_import_stats(cli, seed_ws: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "a.jsonl"
    args = ["export", "-f", "jsonl", "-o", str(out), "-w", str(seed_ws), "--doc", "002", "--json"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["units"] > 300
    fresh = tmp_path / "fresh.sqlite"
    result = runner.invoke(cli, ["import", str(out), "-w", str(fresh), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["beads"] > 300
    result = runner.invoke(cli, ["stats", "--json"], env={"BITEXT_WORKSPACE": str(fresh)})
    assert json.loads(result.stdout)["corpus"]["edited"] == 2
    result = runner.invoke(cli, ["stats", "-w", str(fresh)])
    assert result.exit_code == 0 and "post-edit" in result.stdout and "corpus" in result.stdout
    tmx = tmp_path / "r.tmx"
    args = ["export", "-f", "tmx", "-o", str(tmx), "-w", str(fresh), "--status", "reviewed"]
    result = runner.invoke(cli, [*args, "--min-score", "0.1", "--exclude-severity", "error"])
    assert result.exit_code == 0, result.output
    assert tmx.read_text().count("<tu ") == 5
    result = runner.invoke(cli, ["export", "-f", "tmx", "-o", str(tmx), "-w", str(fresh), "--unit", "turn"])
    assert result.exit_code == 0, result.output
    assert tmx.read_text().count("<tu ") > 10 and 'segtype="paragraph"' in tmx.read_text()
    result = runner.invoke(cli, ["export", "-f", "docx", "-o", str(tmp_path / "x"), "-w", str(fresh)])
    assert isinstance(result.exception, InputError)
