"""Preference pairs for DPO-style fine-tuning: the reviewer's Chinese is preferred over the aligned original.

Only pairs the reviewer actually changed carry a preference; an accepted-as-is pair says nothing about
which of two translations is better.
"""

from __future__ import annotations

from collections.abc import Iterable

from align.export.jsonl import UTF8_ENCODER
from align.export.records import Unit


def dpo_lines(units: Iterable[Unit]) -> Iterable[str]:
    for unit in units:
        if unit.edited and unit.en_text.strip():
            record = {
                "prompt": unit.en_text,
                "chosen": unit.zh_reviewed,
                "rejected": unit.zh_text,
                "id": unit.uid,
                "doc_id": unit.doc_id,
            }
            yield UTF8_ENCODER.encode(record) + "\n"
