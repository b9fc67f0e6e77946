"""What the review screens show and do, without Textual: pairs with their flags and decisions, and the actions.

Keeping this apart from the widgets lets the screens stay thin, lets tests and the benchmark drive the same
code, and puts every write in one place: each action commits through align.decisions or align.corrections
before the screen redraws, so nothing a reviewer did lives only in memory.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from align import corrections, decisions
from align.errors import InputError
from align.workspace import PairRow, Workspace
from glossary.checks.base import SEVERITY_ORDER, Context
from glossary.checks.qa import QaResources, load_resources, prepared_context, recheck_bead, stored_flags
from glossary.checks.runner import StoredFlag
from glossary.matcher import TermIndex
from glossary.mining import Suggestion, accept_suggestion
from glossary.model import MULTI_SEPARATOR, Concept, Status
from glossary.termbase import default_glossary_path, load_terms, save_terms, with_fields
from glossary.usage import ConceptUsage, count_usage


@dataclass
class PairView:
    """One sentence bead as the reviewer sees it: the Chinese with any edit applied, flags with status."""

    row: PairRow
    zh: str
    edited: bool = False
    accepted: bool = False
    flags: list[StoredFlag] = field(default_factory=list)
    speaker: str | None = None
    turn_id: str | None = None

    @property
    def en(self) -> str:
        return " ".join(self.row.en)

    @property
    def original_zh(self) -> str:
        return "".join(self.row.zh)

    @property
    def open_flags(self) -> list[StoredFlag]:
        return [f for f in self.flags if f.status == "open"]

    @property
    def worst(self) -> str | None:
        """Severity of the most serious open flag, which colours the pair in the list."""
        severities = sorted((f.severity for f in self.open_flags), key=lambda s: SEVERITY_ORDER.get(s, 9))
        return severities[0] if severities else None

    @property
    def reviewed(self) -> bool:
        return self.accepted or self.edited


@dataclass
class DocStats:
    id: str
    title: str
    pairs: int
    open_flags: int
    resolved_flags: int
    reviewed: int

    @property
    def percent_reviewed(self) -> float:
        return 100.0 * self.reviewed / self.pairs if self.pairs else 0.0


@dataclass
class Report:
    by_category: Counter[tuple[str, str, str]]
    pairs: int
    reviewed: int
    flags: int
    resolved: int
    edited: int
    metrics: dict[str, float]


class Session:
    """One open workspace plus the glossary, with per-document check contexts built on first need."""

    def __init__(self, workspace: Path | None, glossary: Path | None = None) -> None:
        self.ws = Workspace(workspace)
        self.glossary_path = glossary or default_glossary_path()
        self.resources: QaResources = load_resources(self.glossary_path)
        self._contexts: dict[str, tuple[Context, list]] = {}

    def close(self) -> None:
        self.ws.close()

    # --- reading -----------------------------------------------------------------------------------------

    def documents(self) -> list[DocStats]:
        states = decisions.flag_states(self.ws)
        beads = decisions.bead_states(self.ws)
        flags: Counter[tuple[str, bool]] = Counter()
        for fid, doc_id in self.ws.conn.execute("SELECT id, doc_id FROM flags"):
            flags[(doc_id, fid in states)] += 1
        out = []
        for doc_id, title in self.ws.conn.execute("SELECT id, coalesce(title, '') FROM documents ORDER BY id"):
            ids = [r[0] for r in self.ws.conn.execute(
                "SELECT id FROM beads WHERE doc_id=? AND level='sentence'", (doc_id,)
            )]  # fmt: skip
            reviewed = sum(1 for i in ids if _is_reviewed(beads.get(i, {})))
            out.append(DocStats(doc_id, title, len(ids), flags[(doc_id, False)], flags[(doc_id, True)], reviewed))
        return out

    def title(self, doc_id: str) -> str:
        row = self.ws.conn.execute("SELECT coalesce(title, '') FROM documents WHERE id=?", (doc_id,)).fetchone()
        return row[0] if row else ""

    def load(self, doc_id: str) -> list[PairView]:
        states = decisions.bead_states(self.ws, doc_id)
        speakers = corrections.speaker_overrides(self.ws, doc_id)
        turn_of = dict(self.ws.conn.execute("SELECT id, turn_id FROM sentences WHERE doc_id=?", (doc_id,)).fetchall())
        by_bead: dict[str | None, list[StoredFlag]] = {}
        for flag in stored_flags(self.ws, [doc_id]):
            by_bead.setdefault(flag.bead_id, []).append(flag)
        views = []
        for row in self.ws.sentence_pairs(doc_id):
            state = states.get(row.bead_id, {})
            turn_id = turn_of.get(row.zh_ids[0]) if row.zh_ids else turn_of.get(row.en_ids[0]) if row.en_ids else None
            speaker = speakers.get(turn_id or "") or row.en_speaker or row.zh_speaker
            zh = state.get("zh")
            views.append(
                PairView(
                    row=row,
                    zh=zh if zh is not None else "".join(row.zh),
                    edited=zh is not None,
                    accepted=bool(state.get("accepted")),
                    flags=_ordered(by_bead.get(row.bead_id, [])),
                    speaker=speaker,
                    turn_id=turn_id,
                )
            )
        return views

    def first_flagged(self, doc_ids: list[str]) -> tuple[str, str] | None:
        """(document, bead) of the first pair in document order with an open flag: where a reviewer starts."""
        states = decisions.flag_states(self.ws)
        marks = ",".join("?" * len(doc_ids))
        rows = self.ws.conn.execute(
            "SELECT f.id, f.doc_id, f.bead_id FROM flags f JOIN beads b ON b.id = f.bead_id "
            f"WHERE f.doc_id IN ({marks}) ORDER BY f.doc_id, b.idx",
            doc_ids,
        )
        return next(((doc, bead) for fid, doc, bead in rows if fid not in states), None)

    def index(self) -> TermIndex | None:
        return self.resources.index

    # --- actions on pairs and flags ---------------------------------------------------------------------

    def accept(self, pair: PairView) -> None:
        kind = "unaccept" if pair.accepted else "accept"
        decisions.record(self.ws, pair.row.doc_id, pair.row.bead_id, kind)
        pair.accepted = not pair.accepted

    def waive(self, flag: StoredFlag, reason: str) -> None:
        decisions.record(self.ws, flag.doc_id, flag.id, "waive", reason=reason)
        flag.status, flag.reason = "waived", reason

    def edit(self, pair: PairView, text: str) -> None:
        """Log the new Chinese, then re-check just this pair so its flags reflect the edit at once."""
        decisions.record(self.ws, pair.row.doc_id, pair.row.bead_id, "edit", payload={"zh": text, "old": pair.zh})
        pair.zh, pair.edited = text, True
        pair.flags = self.recheck(pair.row.doc_id, [pair.row.bead_id]).get(pair.row.bead_id, [])

    def apply_suggestion(self, pair: PairView, flag: StoredFlag) -> str:
        """Put the suggestion in place of the flagged span; ``a→b`` suggestions swap marks inside every span."""
        suggestion = flag.suggestion or ""
        if not suggestion:
            raise InputError(None, None, "this flag has no suggestion")
        if not flag.zh_spans:
            raise InputError(None, None, "this flag marks no Chinese span to replace")
        text = pair.zh
        if "→" in suggestion:
            swaps = dict(part.split("→", 1) for part in suggestion.split() if "→" in part)
            for start, end in sorted(flag.zh_spans, reverse=True):
                text = text[:start] + "".join(swaps.get(ch, ch) for ch in text[start:end]) + text[end:]
        else:
            start, end = flag.zh_spans[0]
            if has_cjk(text[start:end]) and not has_cjk(suggestion) and " " in suggestion:
                raise InputError(None, None, f"the suggestion is advice, not a replacement: {suggestion}")
            text = text[:start] + suggestion + text[end:]
        self.edit(pair, text)
        return text

    def recheck(self, doc_id: str, bead_ids: list[str]) -> dict[str, list[StoredFlag]]:
        if doc_id not in self._contexts:
            self._contexts[doc_id] = prepared_context(self.ws, doc_id, self.resources)
        ctx, checks = self._contexts[doc_id]
        present = {r[0] for r in self.ws.conn.execute("SELECT id FROM beads WHERE doc_id=?", (doc_id,))}
        return {b: _ordered(recheck_bead(self.ws, doc_id, b, ctx, checks)) for b in bead_ids if b in present}

    def merge(self, pair: PairView) -> str:
        return self._corrected(pair.row.doc_id, corrections.merge_with_next(self.ws, pair.row.doc_id, pair.row.bead_id))

    def split(self, pair: PairView, en_at: int, zh_at: int) -> str:
        beads = corrections.split_bead(self.ws, pair.row.doc_id, pair.row.bead_id, en_at, zh_at)
        return self._corrected(pair.row.doc_id, beads)

    def move(self, pair: PairView, lang: str, step: int) -> str:
        beads = corrections.move_sentence(self.ws, pair.row.doc_id, pair.row.bead_id, lang, step)
        return self._corrected(pair.row.doc_id, beads)

    def _corrected(self, doc_id: str, beads: list[str]) -> str:
        """Re-check the beads a correction created; the first is where the cursor goes."""
        self.recheck(doc_id, beads)
        return beads[0]

    def reassign_speaker(self, pair: PairView, speaker: str) -> str:
        if pair.turn_id is None:
            raise InputError(None, None, "this pair belongs to no turn")
        corrections.reassign_speaker(self.ws, pair.row.doc_id, pair.turn_id, speaker)
        pair.speaker = speaker
        return speaker

    def undo(self, doc_id: str) -> tuple[decisions.Decision | None, list[str]]:
        """Undo the latest decision and re-check the pairs it touched; returns it and those pairs."""
        decision, beads = corrections.undo(self.ws, doc_id)
        self.recheck(doc_id, beads)
        return decision, beads

    def redo(self, doc_id: str) -> tuple[decisions.Decision | None, list[str]]:
        decision, beads = corrections.redo(self.ws, doc_id)
        self.recheck(doc_id, beads)
        return decision, beads

    def speakers(self, doc_id: str) -> list[str]:
        rows = self.ws.conn.execute(
            "SELECT DISTINCT speaker FROM turns WHERE doc_id=? AND speaker IS NOT NULL ORDER BY speaker", (doc_id,)
        )
        return [r[0] for r in rows]

    # --- glossary -----------------------------------------------------------------------------------------

    def concepts(self) -> list[Concept]:
        return load_terms(self.glossary_path) if self.glossary_path.is_file() else []

    def save_concept(self, concept: Concept) -> None:
        """Add or replace one concept, save atomically, and rebuild the index the checks and highlights use."""
        existing = self.concepts()
        ids = [c.id for c in existing]
        if concept.id in ids:
            existing[ids.index(concept.id)] = concept
        else:
            existing.append(concept)
        save_terms(self.glossary_path, existing)
        self.resources = load_resources(self.glossary_path)
        self._contexts.clear()

    def add_term(self, en: str, zh: str, status: Status) -> Concept:
        en, zh = en.strip(), zh.strip()
        if not en:
            raise InputError(None, None, "a term needs its English")
        taken = {c.id for c in self.concepts()}
        base = re.sub(r"[^0-9a-z]+", "-", en.lower()).strip("-") or "term"
        concept_id, n = base, 1
        while concept_id in taken:
            n += 1
            concept_id = f"{base}-{n}"
        concept = Concept(id=concept_id, en=en, zh=zh, status=status)
        self.save_concept(concept)
        return concept

    def deprecate(self, concept: Concept) -> Concept:
        updated = replace(concept, status="deprecated")
        self.save_concept(updated)
        return updated

    def reviewed_pairs(self) -> list[PairRow]:
        """Every sentence pair with the reviewer's edits applied: the corpus the glossary miner reads."""
        edits = decisions.bead_states(self.ws)
        out = []
        for p in self.ws.sentence_pairs():
            zh = edits.get(p.bead_id, {}).get("zh")
            out.append(replace(p, zh=[zh]) if zh is not None else p)
        return out

    def accept_suggestion(self, suggestion: Suggestion) -> Concept:
        """Add a mined suggestion to the glossary as a new concept (refused if its English is already there)."""
        concept = accept_suggestion(self.glossary_path, suggestion)
        self.resources = load_resources(self.glossary_path)
        self._contexts.clear()
        return concept

    def set_rendering(self, concept: Concept, zh: str, kind: str) -> Concept:
        """Give ``zh`` the standing ``kind`` (preferred, admitted or forbidden) in ``concept``, and save.

        The form leaves whatever list it was in; a promoted form's predecessor becomes admitted, so
        promoting never makes the old preferred rendering an error.
        """
        admitted = [z for z in concept.zh_admitted if z != zh]
        forbidden = [z for z in concept.zh_forbidden if z != zh]
        preferred = concept.zh
        if kind == "preferred":
            if preferred and preferred != zh:
                admitted.insert(0, preferred)
            preferred = zh
        elif kind == "admitted":
            admitted.append(zh)
        elif kind == "forbidden":
            forbidden.append(zh)
        else:
            raise InputError(None, None, f"unknown rendering kind {kind!r}")
        if kind != "preferred" and preferred == zh:
            raise InputError(None, None, f"{zh} is the preferred rendering of {concept.id}; promote another first")
        fields = {
            "zh": preferred,
            "zh_admitted": MULTI_SEPARATOR.join(admitted),
            "zh_forbidden": MULTI_SEPARATOR.join(forbidden),
        }
        updated = with_fields(concept, fields, self.glossary_path)
        self.save_concept(updated)
        return updated

    def usage(self, concepts: list[Concept]) -> dict[str, ConceptUsage]:
        """Usage of every concept, deprecated ones included, over the corpus with the reviewer's edits applied."""
        if not concepts:
            return {}
        edits = decisions.bead_states(self.ws)
        triples = (
            (p.bead_id, " ".join(p.en), edits.get(p.bead_id, {}).get("zh") or "".join(p.zh))
            for p in self.ws.sentence_pairs()
        )
        return count_usage(TermIndex.build(concepts), triples, [c.id for c in concepts])

    # --- report -----------------------------------------------------------------------------------------

    def report(self, doc_ids: list[str]) -> Report:
        flags = stored_flags(self.ws, doc_ids)
        by_category = Counter((f.category, f.severity, "open" if f.status == "open" else "resolved") for f in flags)
        beads = decisions.bead_states(self.ws)
        pairs = [p for d in doc_ids for p in self.ws.sentence_pairs(d)]
        states = [beads.get(p.bead_id, {}) for p in pairs]
        edited = [(p, s["zh"]) for p, s in zip(pairs, states, strict=True) if s.get("zh") is not None]
        return Report(
            by_category=by_category,
            pairs=len(pairs),
            reviewed=sum(1 for s in states if _is_reviewed(s)),
            flags=len(flags),
            resolved=sum(1 for f in flags if f.status != "open"),
            edited=len(edited),
            metrics=post_edit_metrics(["".join(p.zh) for p, _ in edited], [z for _, z in edited]),
        )


def post_edit_metrics(original: list[str], reviewed: list[str]) -> dict[str, float]:
    """How far review moved the translation: the original scored against the reviewed text as reference."""
    if not original:
        return {}
    from sacrebleu.metrics import BLEU, CHRF, TER

    refs = [reviewed]
    return {
        "chrF": CHRF().corpus_score(original, refs).score,
        "TER": TER(asian_support=True).corpus_score(original, refs).score,
        "BLEU": BLEU(tokenize="zh").corpus_score(original, refs).score,
    }


def _is_reviewed(state: dict[str, object]) -> bool:
    """A pair counts as reviewed once the reviewer accepted or edited it: an explicit act, not just a visit."""
    return bool(state.get("accepted")) or state.get("zh") is not None


def has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _ordered(flags: list[StoredFlag]) -> list[StoredFlag]:
    return sorted(flags, key=lambda f: (SEVERITY_ORDER.get(f.severity, 9), f.check, f.id))
