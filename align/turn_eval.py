"""Scoring turn attribution against ``seeds/gold/NNN.turns.tsv`` (format in docs/formats.md).

The gold stores Chinese text pieces, not sentence numbers, so it survives segmenter changes: each sentence the
tool produces is located in the concatenated gold text (whitespace and ``*`` ignored) and takes the English
turn of the piece that holds most of its characters.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from align.errors import InputError

_IGNORED = re.compile(r"[\s*]+")


@dataclass
class TurnScore:
    sentences: int
    mapped: int
    correct: int

    @property
    def accuracy(self) -> float:
        return self.correct / self.mapped if self.mapped else 0.0

    @property
    def coverage(self) -> float:
        return self.mapped / self.sentences if self.sentences else 0.0


def read_turn_gold(path: str | Path) -> list[tuple[int | None, str]]:
    rows = []
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        if header != ["en_turn", "zh_text"]:
            raise InputError(path, 1, "turn gold needs the header `en_turn<TAB>zh_text`")
        for lineno, row in enumerate(reader, 2):
            if not row:
                continue
            if len(row) != 2:
                raise InputError(path, lineno, f"expected 2 tab-separated fields, got {len(row)}")
            turn, text = row
            if turn != "-" and not turn.isdigit():
                raise InputError(path, lineno, f"en_turn must be a number or '-', got {turn!r}")
            rows.append((None if turn == "-" else int(turn), text))
    return rows


def gold_turn_per_sentence(gold: list[tuple[int | None, str]], sentences: list[str]) -> list[int | bool | None]:
    """The gold English turn of each sentence; ``False`` where the sentence is not found in the gold text."""
    chars: list[str] = []
    owner: list[int] = []
    for pi, (_, text) in enumerate(gold):
        norm = _IGNORED.sub("", text)
        chars.append(norm)
        owner.extend([pi] * len(norm))
    joined = "".join(chars)
    out: list[int | bool | None] = []
    pos = 0
    for sentence in sentences:
        norm = _IGNORED.sub("", sentence)
        if not norm:
            out.append(False)
            continue
        at = joined.find(norm, pos)
        if at < 0 or at - pos > 2000:
            at = joined.find(norm[:12], pos) if len(norm) > 12 else -1
            if at < 0 or at - pos > 2000:
                out.append(False)
                continue
        end = min(at + len(norm), len(joined))
        piece = Counter(owner[at:end]).most_common(1)[0][0]
        out.append(gold[piece][0])
        pos = end
    return out


def score_turns(gold: list[tuple[int | None, str]], sentences: list[str], predicted: list[int]) -> TurnScore:
    expected = gold_turn_per_sentence(gold, sentences)
    mapped = correct = 0
    for want, got in zip(expected, predicted, strict=True):
        if want is False or want is None:
            continue
        mapped += 1
        correct += want == got
    return TurnScore(len(sentences), mapped, correct)
