"""Turn alignment: which English turn each Chinese sentence translates.

Working at sentence granularity is what lets one pass do the three jobs the articles need: n:m turn beads,
splitting a Chinese turn that hides a speaker change (at the sentence where it happens), and attributing
speakers to unlabelled Chinese (seed 001). A monotone DP walks the Chinese sentences and the English turns
together; a sentence scores by its best cosine against the sentences of a turn, labels add a speaker term,
and changing turn inside a Chinese turn costs more than at a Chinese turn boundary.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from align.document import Document, Turn
from align.embeddings import Encoder

FULL_MATRIX_LIMIT = 30_000_000


@dataclass(frozen=True)
class TurnParams:
    """Chosen by grid search on the seeds' turn gold (bench/bench_turns.py); see docs/benchmarks.md.

    A low split cost lets a turn change mid-paragraph (001 folds questions into answers); the speaker term,
    not the split cost, is what keeps labelled turns together.
    """

    speaker_match: float = 0.25
    speaker_mismatch: float = 0.1
    split_cost: float = 0.05
    merge_cost: float = 0.15
    skip_cost: float = 0.25
    context_weight: float = 0.5
    null_score: float = 0.12


@dataclass
class TurnBead:
    """English turns matched to a contiguous run of Chinese sentences (global sentence indices)."""

    en_turns: tuple[int, ...]
    zh_sentences: tuple[int, ...]
    zh_turns: tuple[int, ...]
    speaker: str | None
    role: str | None
    score: float


@dataclass
class TurnAlignment:
    beads: list[TurnBead]
    zh_turn_of_sentence: list[int]
    en_turn_of_sentence: list[int]
    weak: list[bool]


def _flat(doc: Document) -> tuple[list[str], list[int]]:
    texts, turn_of = [], []
    for ti, turn in enumerate(doc.turns):
        for s in turn.sentences:
            texts.append(s.text)
            turn_of.append(ti)
    return texts, turn_of


def _speaker_term(zh_turn: Turn, en_turn: Turn, params: TurnParams) -> float:
    if zh_turn.speaker is None or zh_turn.kind == "narration":
        return 0.0
    same = zh_turn.speaker == en_turn.speaker or (zh_turn.role == en_turn.role == "audience")
    return params.speaker_match if same else -params.speaker_mismatch


def turn_similarity(
    zh_vecs: np.ndarray, en_vecs: np.ndarray, en_turn_of: list[int], n_turns: int, ctx: float
) -> np.ndarray:
    """(zh sentences x English turns): best sentence cosine plus a share of the cosine with the turn centroid."""
    starts = np.searchsorted(np.asarray(en_turn_of), np.arange(n_turns))
    present = np.bincount(np.asarray(en_turn_of, dtype=np.int64), minlength=n_turns) > 0
    centroids = np.zeros((n_turns, en_vecs.shape[1]), dtype=np.float32)
    np.add.at(centroids, np.asarray(en_turn_of), en_vecs)
    norms = np.linalg.norm(centroids, axis=1, keepdims=True)
    centroids /= np.where(norms > 0, norms, 1)
    out = np.full((len(zh_vecs), n_turns), -1.0, dtype=np.float32)
    step = max(1, FULL_MATRIX_LIMIT // max(1, len(en_vecs)))
    for a in range(0, len(zh_vecs), step):
        block = zh_vecs[a : a + step] @ en_vecs.T
        best = np.maximum.reduceat(block, starts[present], axis=1)
        out[a : a + step, present] = best + ctx * (zh_vecs[a : a + step] @ centroids[present].T)
    return out


def align_turns(zh: Document, en: Document, encoder: Encoder, params: TurnParams | None = None) -> TurnAlignment:
    params = params or TurnParams()
    zh_texts, zh_turn_of = _flat(zh)
    en_texts, en_turn_of = _flat(en)
    n, m = len(zh_texts), len(en.turns)
    if n == 0 or m == 0 or not en_texts:
        beads = [TurnBead((j,), (), (), t.speaker, t.role, 0.0) for j, t in enumerate(en.turns)]
        return TurnAlignment(beads, zh_turn_of, [-1] * n, [True] * n)
    vecs = encoder.encode(zh_texts + en_texts)
    sim = turn_similarity(vecs[:n], vecs[n:], en_turn_of, m, params.context_weight)
    speaker = np.array(
        [[_speaker_term(zh.turns[zh_turn_of[i]], en.turns[j], params) for j in range(m)] for i in range(n)]
        if any(t.speaker for t in zh.turns)
        else np.zeros((n, m)),
        dtype=np.float32,
    )
    local = np.maximum(sim, params.null_score) + speaker
    path = _dp(local, zh_turn_of, params, labelled=any(t.label for t in zh.turns))
    weak = [bool(sim[i, path[i]] < params.null_score) for i in range(n)]
    return TurnAlignment(_beads(path, zh_turn_of, en, sim), zh_turn_of, path, weak)


def _dp(local: np.ndarray, zh_turn_of: list[int], params: TurnParams, labelled: bool) -> list[int]:
    n, m = local.shape
    cols = np.arange(m, dtype=np.float32)
    score = np.full(m, -np.inf, dtype=np.float64)
    # The first sentence may start at any turn; skipping leading English turns costs like any skip.
    score[:] = local[0] - params.skip_cost * cols
    back = np.zeros((n, m), dtype=np.int32)
    back[0] = -1
    for i in range(1, n):
        boundary = zh_turn_of[i] != zh_turn_of[i - 1]
        stay = score - (params.merge_cost if boundary and labelled else 0.0)
        switch = params.split_cost if not boundary else 0.0
        # best previous j' < j with skip penalty (j - j' - 1) * skip: prefix max of score + skip * j'.
        shifted = score + params.skip_cost * cols
        prefix = np.maximum.accumulate(shifted)
        arg = _prefix_argmax(shifted)
        move = np.full(m, -np.inf)
        move[1:] = prefix[:-1] - params.skip_cost * (cols[1:] - 1) - switch
        take_move = move > stay
        new = np.where(take_move, move, stay) + local[i]
        back[i] = np.where(take_move, np.concatenate(([0], arg[:-1])), np.arange(m))
        score = new
    j = int(np.argmax(score - params.skip_cost * (m - 1 - cols)))
    path = [0] * n
    for i in range(n - 1, -1, -1):
        path[i] = j
        if i:
            j = int(back[i, j])
    return path


def _prefix_argmax(values: np.ndarray) -> np.ndarray:
    best = np.maximum.accumulate(values)
    idx = np.where(values == best, np.arange(len(values)), 0)
    return np.maximum.accumulate(idx)


def _beads(path: list[int], zh_turn_of: list[int], en: Document, sim: np.ndarray) -> list[TurnBead]:
    beads: list[TurnBead] = []
    runs: dict[int, list[int]] = {}
    for i, j in enumerate(path):
        runs.setdefault(j, []).append(i)
    for j, turn in enumerate(en.turns):
        zs = runs.get(j, [])
        score = float(np.mean([sim[i, j] for i in zs])) if zs else 0.0
        beads.append(
            TurnBead(
                en_turns=(j,),
                zh_sentences=tuple(zs),
                zh_turns=tuple(dict.fromkeys(zh_turn_of[i] for i in zs)),
                speaker=turn.speaker,
                role=turn.role,
                score=score,
            )
        )
    return beads
