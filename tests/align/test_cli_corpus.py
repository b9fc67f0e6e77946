import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from align.beads import read_beads
from align.cli_corpus import align_files, eval_align

from .test_scorers import EN, GOLD, ZH

app = typer.Typer()
app.command("align-files")(align_files)
app.command("eval-align")(eval_align)
runner = CliRunner()


def test_align_files_then_eval(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "zh").mkdir()
    (tmp_path / "en" / "doc").write_text("\n".join(EN) + "\n", encoding="utf-8")
    (tmp_path / "zh" / "doc").write_text("\n".join(ZH) + "\n", encoding="utf-8")
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "doc.align").write_text("".join(f"[{','.join(map(str, s))}]:[{','.join(map(str, t))}]\n" for s, t in GOLD))
    hyp = tmp_path / "hyp"
    result = runner.invoke(app, ["align-files", str(tmp_path / "en"), str(tmp_path / "zh"), "-o", str(hyp)])
    assert result.exit_code == 0, result.output
    assert [b.key for b in read_beads(tmp_path / "hyp" / "doc.align")] == GOLD

    result = runner.invoke(app, ["eval-align", str(gold), str(tmp_path / "hyp"), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["strict_f1"] == 1.0

    table = runner.invoke(app, ["eval-align", str(gold), str(tmp_path / "hyp")])
    assert "strict" in table.output and "1.000" in table.output


def test_eval_align_on_mac_dev_bertalign(align_dev: Path) -> None:
    d = align_dev / "mac-dev"
    result = runner.invoke(app, ["eval-align", str(d / "gold"), str(d / "bertalign_output"), "--json"])
    scores = json.loads(result.output)
    assert round(scores["strict_f1"], 3) == 0.911


def test_missing_hypothesis_is_reported(tmp_path: Path) -> None:
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "a.align").write_text("[0]:[0]\n")
    (tmp_path / "hyp").mkdir()
    result = runner.invoke(app, ["eval-align", str(tmp_path / "gold"), str(tmp_path / "hyp")])
    assert result.exit_code != 0
    assert "missing hypothesis" in str(result.exception)
