"""Sentence encoders and a content-addressed embedding cache.

Encoding dominates alignment time (the DP is cheap), and the same sentences are re-aligned again and again
while a translation is being reviewed, so every encoder call goes through a cache keyed by encoder name and
the SHA-1 of the text. The cache is anything with `get_many` / `put_many`: a dict in memory here, the
project's SQLite workspace later.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import numpy as np


@runtime_checkable
class Encoder(Protocol):
    """Maps texts to L2-normalised float32 rows; `name` must change whenever the vectors would."""

    name: str

    def encode(self, texts: list[str]) -> np.ndarray: ...


class EmbeddingCache(Protocol):
    def get_many(self, encoder_name: str, hashes: Iterable[str]) -> dict[str, np.ndarray]: ...

    def put_many(self, encoder_name: str, items: Mapping[str, np.ndarray]) -> None: ...


def text_hash(text: str) -> str:
    """Cache key of a text: SHA-1 of its UTF-8 bytes, hex."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def normalise_rows(matrix: np.ndarray) -> np.ndarray:
    """float32 rows of unit length; zero rows stay zero instead of becoming NaN."""
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms > 0, norms, 1.0).astype(np.float32)


@dataclass
class MemoryCache:
    """Process-local cache; also the reference behaviour for persistent implementations."""

    store: dict[tuple[str, str], np.ndarray] = field(default_factory=dict)

    def get_many(self, encoder_name: str, hashes: Iterable[str]) -> dict[str, np.ndarray]:
        found = {}
        for h in hashes:
            vector = self.store.get((encoder_name, h))
            if vector is not None:
                found[h] = vector
        return found

    def put_many(self, encoder_name: str, items: Mapping[str, np.ndarray]) -> None:
        for h, vector in items.items():
            self.store[(encoder_name, h)] = vector


@dataclass
class CachedEncoder:
    """An Encoder that asks the cache first and encodes each missing distinct text once."""

    encoder: Encoder
    cache: EmbeddingCache = field(default_factory=MemoryCache)

    @property
    def name(self) -> str:
        return self.encoder.name

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        hashes = [text_hash(t) for t in texts]
        found = self.cache.get_many(self.name, set(hashes))
        missing: dict[str, str] = {}
        for h, text in zip(hashes, texts, strict=True):
            if h not in found:
                missing.setdefault(h, text)
        if missing:
            fresh = normalise_rows(self.encoder.encode(list(missing.values())))
            new = dict(zip(missing, fresh, strict=True))
            self.cache.put_many(self.name, new)
            found.update(new)
        if not hashes:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([found[h] for h in hashes]).astype(np.float32, copy=False)
