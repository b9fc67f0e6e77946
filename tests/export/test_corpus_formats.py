"""Moses, Hugging Face JSONL, DPO pairs and the DataFrame-backed tables."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from align.decisions import record
from align.errors import InputError
from align.export.formats import export
from align.export.records import Selection, units
from align.export.tabular import frame
from align.workspace import Workspace
from tests.export.conftest import build_workspace


def test_moses_files_are_line_aligned_with_provenance(seed_ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with Workspace(seed_ws) as ws:
        result = export(ws, "moses", out, Selection())
        expected = [u for u in units(ws, Selection()) if u.has_pair]
        doc_id = ws.document_ids()[0]
    assert [p.name for p in result.files] == [f"{doc_id}.en-zh.{x}" for x in ("en", "zh", "ids")]
    en, zh, ids = (p.read_text().split("\n")[:-1] for p in result.files)
    assert len(en) == len(zh) == len(ids) == len(expected) == result.units
    assert en[0] == expected[0].en_text and zh[0] == expected[0].zh_reviewed
    assert ids[0] == f"{doc_id}\t{expected[0].uid}"


def test_moses_name_from_output_and_line_breaks(tmp_path: Path) -> None:
    path = tmp_path / "ws.sqlite"
    build_workspace(path, [(["Line one\nline two\u2028three"], ["一\r二"])])
    with Workspace(path) as ws:
        result = export(ws, "moses", tmp_path / "sub" / "corpus.en-zh", Selection())
    assert [p.name for p in result.files] == ["corpus.en-zh.en", "corpus.en-zh.zh", "corpus.en-zh.ids"]
    assert result.files[0].read_text() == "Line one line two three\n"
    assert result.files[1].read_text() == "一 二\n"


@pytest.mark.parametrize("doc_id", ["../evil", "a/b", "..", "x\\y"])
def test_moses_never_follows_path_separators_from_data(tmp_path: Path, doc_id: str) -> None:
    path = tmp_path / "ws.sqlite"
    build_workspace(path, [(["One."], ["一。"])], doc_id=doc_id)
    out = tmp_path / "out"
    out.mkdir()
    with Workspace(path) as ws, pytest.raises(InputError, match="path separator"):
        export(ws, "moses", out, Selection())
    assert list(tmp_path.rglob("*.en-zh.*")) == []


def test_single_file_formats_refuse_a_directory(seed_ws: Path, tmp_path: Path) -> None:
    with Workspace(seed_ws) as ws, pytest.raises(InputError, match="is a directory"):
        export(ws, "tmx", tmp_path, Selection())


def test_hf_jsonl_is_exactly_the_translation_feature(seed_ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "hf.jsonl"
    with Workspace(seed_ws) as ws:
        export(ws, "hf-jsonl", out, Selection())
        expected = [u for u in units(ws, Selection()) if u.has_pair]
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert lines == [{"translation": {"en": u.en_text, "zh": u.zh_reviewed}} for u in expected]


def test_dpo_only_for_changed_pairs(seed_ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "dpo.jsonl"
    with Workspace(seed_ws) as ws:
        export(ws, "dpo", out, Selection())
        edited = [u for u in units(ws, Selection()) if u.edited]
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(lines) == len(edited) == 2
    for line, unit in zip(lines, edited, strict=True):
        assert (line["prompt"], line["chosen"], line["rejected"]) == (unit.en_text, unit.zh_reviewed, unit.zh_text)
        assert line["chosen"] != line["rejected"]


def test_an_edit_back_to_the_original_is_not_a_change(tmp_path: Path) -> None:
    path = tmp_path / "ws.sqlite"
    beads = build_workspace(path, [(["One."], ["一。"])])
    with Workspace(path) as ws:
        record(ws, "doc", beads[0], "edit", payload={"zh": "一。"})
        export(ws, "dpo", tmp_path / "dpo.jsonl", Selection())
        assert not next(units(ws, Selection())).edited
    assert (tmp_path / "dpo.jsonl").read_text() == ""


def test_csv_tsv_parquet_share_one_frame(seed_ws: Path, tmp_path: Path) -> None:
    with Workspace(seed_ws) as ws:
        df = frame(units(ws, Selection()))
        for fmt in ("csv", "tsv", "parquet"):
            export(ws, fmt, tmp_path / f"t.{fmt}", Selection())
    parquet = pd.read_parquet(tmp_path / "t.parquet")
    pd.testing.assert_frame_equal(parquet, df)
    for fmt, sep in (("csv", ","), ("tsv", "\t")):
        back = pd.read_csv(tmp_path / f"t.{fmt}", sep=sep, dtype=str, keep_default_na=False)
        assert list(back.columns) == list(df.columns)
        for column in ("id", "en", "zh", "zh_original", "state", "flags", "notes", "edited"):
            assert back[column].tolist() == ["" if pd.isna(v) else str(v) for v in df[column]]


def test_xlsx_frozen_header_wrapped_text_and_safe_cells(tmp_path: Path) -> None:
    path = tmp_path / "ws.sqlite"
    build_workspace(path, [(["=1+1 looks like a formula"], ["控制\x01字符"]), (["Plain."], ["=普通。"])])
    with Workspace(path) as ws:
        export(ws, "xlsx", tmp_path / "t.xlsx", Selection())
    sheet = load_workbook(tmp_path / "t.xlsx").active
    assert sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["doc_id", "id", "idx"]
    en_col, zh_col = header.index("en") + 1, header.index("zh") + 1
    assert sheet.cell(2, en_col).value == "=1+1 looks like a formula"
    assert sheet.cell(2, en_col).data_type == "s"
    assert sheet.cell(2, zh_col).value == "控制字符"
    assert sheet.cell(3, en_col).value == "Plain."
    assert (sheet.cell(3, zh_col).value, sheet.cell(3, zh_col).data_type) == ("=普通。", "s")
    assert all(sheet.cell(r, c).alignment.wrap_text for r in (2, 3) for c in (en_col, zh_col))
    assert not sheet.cell(2, 1).alignment.wrap_text


def test_writes_are_atomic_and_leave_no_temporary_files(seed_ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "c.tmx"
    out.write_text("previous")
    with Workspace(seed_ws) as ws, pytest.raises(InputError):
        export(ws, "tmx", out, Selection(doc_ids=["no-such-document"]))
    assert out.read_text() == "previous"
    with Workspace(seed_ws) as ws:
        for fmt in ("tmx", "xlsx", "parquet", "jsonl"):
            export(ws, fmt, tmp_path / f"c.{fmt}", Selection())
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
