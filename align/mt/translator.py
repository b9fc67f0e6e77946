"""Batched greedy translation that keeps its resident memory under a budget.

Sentences are translated longest first: padding is smallest when lengths in a batch are alike, and the
largest batch comes first, so if the budget is going to be crossed it is crossed early and every later batch
runs at the reduced size. The model is loaded on first use, so a run whose sentences are all cached never
imports torch.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from typing import Protocol

from align.errors import InputError
from align.mt.memory import resident_bytes
from align.mt.models import LoadedModel, fingerprint, import_torch, load_seq2seq

DEFAULT_MAX_MEMORY = 2 * 1024**3
BatchHook = Callable[[list[int], list[str]], None]


class Translate(Protocol):
    """What the reconstruction and the QE check need: a cache key and a list-to-list translation."""

    @property
    def name(self) -> str: ...

    def translate(self, texts: Sequence[str]) -> list[str]: ...


class Translator:
    """A seq2seq model with batching, a length cap and a memory budget; `batch_size` only ever shrinks."""

    def __init__(
        self,
        model: str,
        *,
        device: str = "cpu",
        batch_size: int = 16,
        max_length: int = 256,
        max_memory: int = DEFAULT_MAX_MEMORY,
    ) -> None:
        if batch_size < 1 or max_length < 1:
            raise InputError(None, None, "--batch-size and --max-length must be at least 1")
        self.model = model
        self.device = device
        self.batch_size = batch_size
        self.max_length = max_length
        self.max_memory = max_memory
        self.halvings = 0
        self._name = f"{fingerprint(model)}|greedy|{max_length}"
        self._loaded: LoadedModel | None = None

    @property
    def name(self) -> str:
        return self._name

    def _model(self) -> LoadedModel:
        if self._loaded is None:
            self._loaded = load_seq2seq(self.model, self.device)
        return self._loaded

    def translate(self, texts: Sequence[str], on_batch: BatchHook | None = None) -> list[str]:
        """Translations in input order; `on_batch(indices, outputs)` after each batch (for caches and bars)."""
        out = [""] * len(texts)
        order = sorted((i for i, t in enumerate(texts) if t.strip()), key=lambda i: -len(texts[i]))
        pos = 0
        while pos < len(order):
            idx = order[pos : pos + self.batch_size]
            outputs = self._generate([texts[i] for i in idx])
            for i, text in zip(idx, outputs, strict=True):
                out[i] = text
            pos += len(idx)
            if on_batch:
                on_batch(idx, outputs)
            if self.batch_size > 1 and resident_bytes() > self.max_memory:
                self.batch_size //= 2
                self.halvings += 1
                gc.collect()
        return out

    def _generate(self, batch: list[str]) -> list[str]:
        """Greedy decoding capped at twice the source length: a runaway repetition loop stops early."""
        torch, _ = import_torch()
        loaded = self._model()
        enc = loaded.tokenizer(batch, padding=True, truncation=True, max_length=self.max_length, return_tensors="pt")
        ids = enc["input_ids"].to(loaded.device)
        mask = enc["attention_mask"].to(loaded.device)
        cap = min(self.max_length, 2 * ids.shape[1] + 8)
        with torch.inference_mode():
            generated = loaded.model.generate(
                input_ids=ids, attention_mask=mask, max_new_tokens=cap, num_beams=1, do_sample=False
            )
        return [" ".join(t.split()) for t in loaded.tokenizer.batch_decode(generated, skip_special_tokens=True)]
