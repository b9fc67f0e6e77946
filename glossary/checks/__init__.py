"""The registry of QA checks; each module contributes a CHECKS list of `Check` plugins."""

from __future__ import annotations

from glossary.checks import alignment, numbers, punctuation, repetition, terms, untranslated
from glossary.checks.base import Check

ALL_CHECKS: list[Check] = [
    *terms.CHECKS,
    *numbers.CHECKS,
    *alignment.CHECKS,
    *untranslated.CHECKS,
    *punctuation.CHECKS,
    *repetition.CHECKS,
]
