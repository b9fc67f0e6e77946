"""Aligning a stored document pair: turns first, then sentences inside each turn bead, stored as beads.

Both levels share one cached encoder, so every sentence is embedded once per document and never again on
later runs (the cache lives in the workspace).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass

from align.embeddings import CachedEncoder, Encoder
from align.errors import InputError
from align.scorers import build_scorer
from align.sentence_align import align_sentences
from align.turns import TurnParams, align_turns
from align.workspace import Workspace, stable_id


@dataclass
class AlignSummary:
    doc_id: str
    turn_beads: int
    sentence_beads: int
    omissions: int
    additions: int
    seconds: float


def align_document(
    ws: Workspace,
    doc_id: str,
    encoder: Encoder,
    params: TurnParams | None = None,
    on_turn: Callable[[int, int], None] | None = None,
) -> AlignSummary:
    started = time.perf_counter()
    zh = ws.load_document(doc_id, "zh")
    en = ws.load_document(doc_id, "en")
    if zh is None or en is None:
        missing = "English" if en is None else "Chinese"
        raise InputError(None, None, f"{doc_id} has no {missing} side: ingest it with `bitext ingest ZH --en EN`")
    cached = encoder if isinstance(encoder, CachedEncoder) else CachedEncoder(encoder, ws)
    turns = align_turns(zh, en, cached, params)
    zh_ids = ws.sentence_ids(doc_id, "zh")
    en_ids = ws.sentence_ids(doc_id, "en")
    en_turn_ids = [
        r[0] for r in ws.conn.execute("SELECT id FROM turns WHERE doc_id=? AND lang='en' ORDER BY idx", (doc_id,))
    ]
    zh_texts = [s.text for t in zh.turns for s in t.sentences]
    en_texts = [s.text for t in en.turns for s in t.sentences]
    en_first = []
    offset = 0
    for t in en.turns:
        en_first.append(offset)
        offset += len(t.sentences)
    scorer = build_scorer([encoder], cache=ws)
    now = time.time()
    rows: list[tuple[object, ...]] = []
    sentence_idx = 0
    omissions = additions = 0
    for ti, bead in enumerate(turns.beads):
        en_idx = [en_first[j] + k for j in bead.en_turns for k in range(len(en.turns[j].sentences))]
        zh_idx = list(bead.zh_sentences)
        turn_en = [en_turn_ids[j] for j in bead.en_turns]
        turn_zh = [zh_ids[i] for i in zh_idx]
        parent = stable_id(doc_id, "turn", json.dumps(turn_en), json.dumps(turn_zh))
        rows.append(
            (parent, doc_id, "turn", ti, None, json.dumps(turn_en), json.dumps(turn_zh), bead.score, "turns-dp", now)
        )
        sbeads = align_sentences([en_texts[i] for i in en_idx], [zh_texts[i] for i in zh_idx], scorer)
        for sb in sbeads:
            e = [en_ids[en_idx[k]] for k in sb.src]
            z = [zh_ids[zh_idx[k]] for k in sb.tgt]
            omissions += bool(e and not z)
            additions += bool(z and not e)
            bead_id = stable_id(doc_id, "sentence", json.dumps(e), json.dumps(z))
            rows.append(
                (
                    bead_id,
                    doc_id,
                    "sentence",
                    sentence_idx,
                    parent,
                    json.dumps(e),
                    json.dumps(z),
                    sb.score,
                    scorer.name,
                    now,
                )
            )
            sentence_idx += 1
        if on_turn:
            on_turn(ti + 1, len(turns.beads))
    ws.replace_beads(doc_id, rows)
    return AlignSummary(doc_id, len(turns.beads), sentence_idx, omissions, additions, time.perf_counter() - started)
