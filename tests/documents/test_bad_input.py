"""Every kind of bad input: one line on stderr naming the file (and line), exit status 2, no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import seed_path


def bitext(*args: str, workspace: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "align", *args],
        capture_output=True,
        text=True,
        env={"BITEXT_WORKSPACE": str(workspace), "PATH": "/usr/bin:/bin", "HF_HUB_OFFLINE": "1"},
        timeout=120,
    )


def assert_clean_error(proc: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    for fragment in fragments:
        assert fragment in lines[0]


@pytest.fixture()
def ws(tmp_path: Path) -> Path:
    return tmp_path / "ws.sqlite"


def test_empty_file(tmp_path: Path, ws: Path) -> None:
    f = tmp_path / "empty.txt"
    f.write_text("", encoding="utf-8")
    assert_clean_error(bitext("ingest", str(f), workspace=ws), "empty.txt", "empty")


def test_binary_file(tmp_path: Path, ws: Path) -> None:
    f = tmp_path / "image.txt"
    f.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert_clean_error(bitext("ingest", str(f), workspace=ws), "image.txt", "binary")


def test_gbk_file_is_decoded(tmp_path: Path, ws: Path) -> None:
    f = tmp_path / "zh" / "000_gbk.txt"
    f.parent.mkdir()
    text = seed_path("000").read_text(encoding="utf-8")
    f.write_bytes(text.encode("gb18030"))
    proc = bitext("ingest", str(f), "--json", workspace=ws)
    assert proc.returncode == 0, proc.stderr
    assert '"turns": 82' in proc.stdout


def test_not_a_transcript(tmp_path: Path, ws: Path) -> None:
    f = tmp_path / "notes.txt"
    f.write_text("Shopping list\n\n- eggs\n- milk\n", encoding="utf-8")
    assert_clean_error(bitext("ingest", str(f), workspace=ws), "notes.txt")


def test_broken_srt(tmp_path: Path, ws: Path) -> None:
    zh = tmp_path / "zh.txt"
    zh.write_text(seed_path("002").read_text(encoding="utf-8"), encoding="utf-8")
    srt = tmp_path / "en.srt"
    srt.write_text(
        "1\n00:00:01,000 --> 00:00:02,000\nHello.\n\n2\n00:00:0x,000 --> 00:00:03,000\nBye.\n", encoding="utf-8"
    )
    assert_clean_error(bitext("ingest", str(zh), "--en", str(srt), workspace=ws), "en.srt:6", "timestamp")


def test_unknown_speaker_in_english(tmp_path: Path, ws: Path) -> None:
    zh = tmp_path / "zh.txt"
    zh.write_text(seed_path("002").read_text(encoding="utf-8"), encoding="utf-8")
    en = tmp_path / "en.txt"
    en.write_text("# speaker: Noam Brown | guest\n\nNoam Brown: Hi.\n\nNoam Browne: Hello.\n", encoding="utf-8")
    assert_clean_error(bitext("ingest", str(zh), "--en", str(en), workspace=ws), "en.txt:5", "Noam Browne")


def test_missing_file(tmp_path: Path, ws: Path) -> None:
    assert_clean_error(bitext("ingest", str(tmp_path / "nope.txt"), workspace=ws), "nope.txt", "no such file")


def test_unknown_document(ws: Path) -> None:
    assert_clean_error(bitext("show", "nothing-here", workspace=ws), "nothing-here")


def test_docs_and_show_json(tmp_path: Path, ws: Path) -> None:
    proc = bitext("ingest", str(seed_path("002")), workspace=ws)
    assert proc.returncode == 0, proc.stderr
    docs = bitext("docs", "--json", workspace=ws)
    assert '"id": "002_48dae1d42664c9b5"' in docs.stdout
    show = bitext("show", "002", "--lang", "zh", "--json", workspace=ws)
    assert '"speaker": "Noam Brown"' in show.stdout
