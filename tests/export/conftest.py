"""Workspaces for the export tests: one real seed document aligned once per session, and tiny hand-built
ones for the edge cases a real document rarely has (control characters, `]]>`, one-sided pairs)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
import typer
from lxml import etree

from align.decisions import record, undo
from align.export.commands import export, import_, stats
from align.workspace import Workspace
from tests.conftest import seed_path

os.environ["HF_HUB_OFFLINE"] = "1"

XLF = "{urn:oasis:names:tc:xliff:document:2.0}"
MDA = "{urn:oasis:names:tc:xliff:metadata:2.0}"
LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# What reads exported XML back in the tests: no entities, no network, no DTD, no huge trees.
SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


@pytest.fixture(scope="session")
def seed_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Seed 002 ingested, aligned, checked, and partly reviewed: edits, accepts, waivers and an undo."""
    from align.ingest import ingest_pair
    from align.pipeline import align_document
    from align.scorers.encoders import Usem3Encoder
    from glossary.checks.qa import check_workspace, load_resources, stored_flags

    path = tmp_path_factory.mktemp("seed") / "ws.sqlite"
    with Workspace(path) as ws:
        doc_id = ingest_pair(ws, seed_path("002"))[0].doc_id
        align_document(ws, doc_id, Usem3Encoder())
        check_workspace(ws, [doc_id], load_resources())
        pairs = [p for p in ws.sentence_pairs(doc_id) if p.en and p.zh]
        record(ws, doc_id, pairs[0].bead_id, "edit", payload={"zh": "大家好，你们很多人都认识我。"})
        record(ws, doc_id, pairs[1].bead_id, "accept")
        record(ws, doc_id, pairs[2].bead_id, "edit", payload={"zh": "今天我很高兴邀请到Jimmy Ba和Noam Brown。"})
        record(ws, doc_id, pairs[2].bead_id, "accept")
        record(ws, doc_id, pairs[3].bead_id, "accept")
        undo(ws, doc_id)
        flags = [f for f in stored_flags(ws, [doc_id]) if f.bead_id]
        record(ws, doc_id, flags[0].id, "waive", reason="the name is transliterated on purpose")
        record(ws, doc_id, flags[1].id, "accept_flag", reason="checked against the recording")
    return path


@pytest.fixture()
def seed_ws(seed_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "seed.sqlite"
    shutil.copy(seed_template, path)
    return path


def build_workspace(path: Path, pairs: list[tuple[list[str], list[str]]], doc_id: str = "doc") -> list[str]:
    """A document straight into the tables: one turn per side, one turn bead, one sentence bead per pair."""
    with Workspace(path) as ws, ws.transaction() as cur:
        cur.execute("INSERT INTO documents VALUES (?, 'title', 1.0, 1.0)", (doc_id,))
        turn = {lang: f"{doc_id}-t-{lang}" for lang in ("en", "zh")}
        for lang, tid in turn.items():
            cur.execute(
                "INSERT INTO turns VALUES (?, ?, ?, 0, NULL, 'Speaker', 'guest', 'speech', NULL, 1, 9, 1.5, 9.5, 1)",
                (tid, doc_id, lang),
            )
        ids: dict[str, list[str]] = {"en": [], "zh": []}
        bead_ids = []
        for n, (en, zh) in enumerate(pairs):
            sides = {"en": [], "zh": []}
            for lang, texts in (("en", en), ("zh", zh)):
                for text in texts:
                    sid = f"{doc_id}-{lang}-{len(ids[lang])}"
                    cur.execute(
                        "INSERT INTO sentences VALUES (?, ?, ?, ?, 0, ?, ?, 'h', 0, 1, 1, 1, ?, ?, 1)",
                        (sid, doc_id, lang, turn[lang], len(ids[lang]), text, float(n), n + 0.5),
                    )
                    ids[lang].append(sid)
                    sides[lang].append(sid)
            bead_ids.append(f"{doc_id}-b{n}")
            cur.execute(
                "INSERT INTO beads VALUES (?, ?, 'sentence', ?, ?, ?, ?, ?, 'test', 1.0)",
                (
                    bead_ids[-1],
                    doc_id,
                    n,
                    f"{doc_id}-turn",
                    json.dumps(sides["en"]),
                    json.dumps(sides["zh"]),
                    0.5 + n / 100,
                ),
            )
        cur.execute(
            "INSERT INTO beads VALUES (?, ?, 'turn', 0, NULL, ?, ?, 0.9, 'test', 1.0)",
            (f"{doc_id}-turn", doc_id, json.dumps([turn["en"]]), json.dumps(ids["zh"])),
        )
    return bead_ids


def add_flag(path: Path, doc_id: str, bead_id: str, flag_id: str, severity: str, category: str = "accuracy/x") -> None:
    with Workspace(path) as ws, ws.transaction() as cur:
        cur.execute(
            "INSERT INTO flags VALUES (?, ?, ?, 'test.check', ?, ?, 'a message', NULL, '[]', '[]', '{}', 1.0)",
            (flag_id, doc_id, bead_id, severity, category),
        )


@pytest.fixture()
def cli() -> typer.Typer:
    app = typer.Typer()
    app.command("export")(export)
    app.command("import")(import_)
    app.command("stats")(stats)
    return app
