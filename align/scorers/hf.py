"""Any `transformers` encoder (LaBSE, multilingual-e5, bge-m3, ...) from a local directory or a hub id.

torch and transformers are optional: they are imported on first encode, and their absence is reported as the
extra to install rather than as an ImportError deep in a traceback.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from align.embeddings import normalise_rows
from align.errors import InputError

INSTALL_HINT = "the hf encoder needs torch and transformers: pip install 'bitext[transformers]'"


class HFEncoder:
    """Mean- or CLS-pooled hidden states of an AutoModel, batched, on the device and dtype asked for."""

    def __init__(
        self,
        model: str,
        *,
        pooling: Literal["mean", "cls"] = "mean",
        batch_size: int = 32,
        device: str = "cpu",
        dtype: str = "float32",
        max_length: int = 256,
        prefix: str = "",
        local_files_only: bool = False,
    ) -> None:
        if pooling not in ("mean", "cls"):
            raise ValueError(f"pooling must be 'mean' or 'cls', not {pooling!r}")
        self.model_id = model
        self.pooling = pooling
        self.batch_size = batch_size
        self.device = device
        self.dtype = dtype
        self.max_length = max_length
        self.prefix = prefix
        self.local_files_only = local_files_only
        self.name = f"hf:{model}:{pooling}"
        self._loaded: tuple[object, object] | None = None

    def _load(self) -> tuple[object, object]:
        if self._loaded is None:
            try:
                import torch
                from transformers import AutoModel, AutoTokenizer
            except ImportError as exc:
                raise InputError(None, None, INSTALL_HINT) from exc
            tokenizer = AutoTokenizer.from_pretrained(self.model_id, local_files_only=self.local_files_only)
            model = AutoModel.from_pretrained(
                self.model_id, local_files_only=self.local_files_only, torch_dtype=getattr(torch, self.dtype)
            )
            self._loaded = (tokenizer, model.to(self.device).eval())
        return self._loaded

    def encode(self, texts: list[str]) -> np.ndarray:
        tokenizer, model = self._load()
        import torch

        chunks = []
        for start in range(0, len(texts), self.batch_size):
            batch = [self.prefix + t for t in texts[start : start + self.batch_size]]
            inputs = tokenizer(
                batch, padding=True, truncation=True, max_length=self.max_length, return_tensors="pt"
            ).to(self.device)
            with torch.inference_mode():
                hidden = model(**inputs).last_hidden_state
            if self.pooling == "cls":
                pooled = hidden[:, 0]
            else:
                mask = inputs["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1)
            chunks.append(pooled.float().cpu().numpy())
        if not chunks:
            return np.zeros((0, 0), dtype=np.float32)
        return normalise_rows(np.concatenate(chunks))
