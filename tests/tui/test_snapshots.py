"""What the screens look like at 120x36; regenerate with `pytest tests/tui --snapshot-update` after a UI change."""

from __future__ import annotations

from pathlib import Path

from tests.tui.helpers import make_app

SIZE = (120, 36)


def test_review_screen(snap_compare, ws_copy: Path, glossary: Path) -> None:
    assert snap_compare(make_app(ws_copy, glossary), terminal_size=SIZE)


def test_flag_detail(snap_compare, ws_copy: Path, glossary: Path) -> None:
    assert snap_compare(make_app(ws_copy, glossary), press=["enter"], terminal_size=SIZE)


def test_documents_screen(snap_compare, ws_copy: Path, glossary: Path) -> None:
    assert snap_compare(make_app(ws_copy, glossary), press=["escape"], terminal_size=SIZE)


def test_glossary_screen(snap_compare, ws_copy: Path, glossary: Path) -> None:
    assert snap_compare(make_app(ws_copy, glossary), press=["g"], terminal_size=SIZE)


def test_report_screen(snap_compare, ws_copy: Path, glossary: Path) -> None:
    assert snap_compare(make_app(ws_copy, glossary), press=["R"], terminal_size=SIZE)


def test_help_screen(snap_compare, ws_copy: Path, glossary: Path) -> None:
    assert snap_compare(make_app(ws_copy, glossary), press=["question_mark"], terminal_size=SIZE)
