"""Corpus figures for `bitext stats` and the TUI's report screen: pure functions over a workspace.

Post-edit metrics compare the aligned Chinese (the hypothesis) with the reviewer's Chinese (the reference),
the usual HTER set-up: a TER of 0 means the reviewer changed nothing. They are computed over the edited
pairs (how heavy the edits were) and over all pairs (how far the whole corpus moved).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sacrebleu.metrics import BLEU, CHRF, TER

from align.export.records import BEAD_TYPES, Unit, load_rows, selected_doc_ids, sentence_units
from align.workspace import Workspace


def post_edit_metrics(originals: Sequence[str], revised: Sequence[str]) -> dict[str, Any]:
    """chrF, TER (with Asian-script support) and BLEU (Chinese tokenizer) of originals against revisions."""
    pairs = [(o, r) for o, r in zip(originals, revised, strict=True) if o or r]
    if not pairs:
        return {"pairs": 0, "chrf": None, "ter": None, "bleu": None}
    hyps = [o for o, _ in pairs]
    refs = [[r for _, r in pairs]]
    return {
        "pairs": len(pairs),
        "chrf": round(CHRF().corpus_score(hyps, refs).score, 2),
        "ter": round(TER(asian_support=True).corpus_score(hyps, refs).score, 2),
        "bleu": round(BLEU(tokenize="zh").corpus_score(hyps, refs).score, 2),
    }


@dataclass
class _Tally:
    """Counts for one document or the whole corpus, plus the texts the metrics need."""

    pairs: int = 0
    bead_types: Counter[str] = field(default_factory=Counter)
    flags: dict[str, Counter[str]] = field(default_factory=dict)
    reviewed: int = 0
    accepted: int = 0
    edited: int = 0
    originals: list[str] = field(default_factory=list)
    revised: list[str] = field(default_factory=list)
    edited_mask: list[bool] = field(default_factory=list)

    def add_unit(self, unit: Unit) -> None:
        self.pairs += 1
        self.bead_types[unit.bead_type] += 1
        self.reviewed += unit.reviewed
        self.accepted += unit.accepted
        self.edited += unit.edited
        self.originals.append(unit.zh_text)
        self.revised.append(unit.zh_reviewed)
        self.edited_mask.append(unit.edited)

    def add_flag(self, category: str, status: str) -> None:
        self.flags.setdefault(category, Counter())["open" if status == "open" else "closed"] += 1

    def merge(self, other: _Tally) -> None:
        self.pairs += other.pairs
        self.bead_types.update(other.bead_types)
        for category, counts in other.flags.items():
            self.flags.setdefault(category, Counter()).update(counts)
        self.reviewed += other.reviewed
        self.accepted += other.accepted
        self.edited += other.edited
        self.originals += other.originals
        self.revised += other.revised
        self.edited_mask += other.edited_mask

    def figures(self) -> dict[str, Any]:
        edited_o = [o for o, e in zip(self.originals, self.edited_mask, strict=True) if e]
        edited_r = [r for r, e in zip(self.revised, self.edited_mask, strict=True) if e]
        return {
            "pairs": self.pairs,
            "bead_types": {kind: self.bead_types.get(kind, 0) for kind in BEAD_TYPES},
            "flags": {
                category: {"open": counts["open"], "closed": counts["closed"]}
                for category, counts in sorted(self.flags.items())
            },
            "reviewed": self.reviewed,
            "reviewed_share": round(self.reviewed / self.pairs, 4) if self.pairs else 0.0,
            "accepted": self.accepted,
            "edited": self.edited,
            "post_edit": {
                "edited": post_edit_metrics(edited_o, edited_r),
                "all": post_edit_metrics(self.originals, self.revised),
            },
        }


def _tally(ws: Workspace, doc_id: str) -> tuple[_Tally, str | None]:
    rows = load_rows(ws, doc_id)
    tally = _Tally()
    for _, unit in sentence_units(rows):
        tally.add_unit(unit)
    for flag in rows.flags:
        tally.add_flag(flag["category"], rows.flag_status.get(flag["id"], ("open", None))[0])
    return tally, rows.document["title"]


def document_stats(ws: Workspace, doc_id: str) -> dict[str, Any]:
    tally, title = _tally(ws, doc_id)
    return {"doc_id": doc_id, "title": title, **tally.figures()}


def corpus_stats(ws: Workspace, doc_ids: Sequence[str] | None = None) -> dict[str, Any]:
    """Per-document figures and the corpus's; corpus metrics are computed over the pooled pairs, not
    averaged over documents, so a long document weighs what it contains."""
    total = _Tally()
    documents = []
    for doc_id in selected_doc_ids(ws, doc_ids):
        tally, title = _tally(ws, doc_id)
        documents.append({"doc_id": doc_id, "title": title, **tally.figures()})
        total.merge(tally)
    return {"documents": documents, "corpus": {"documents": len(documents), **total.figures()}}
