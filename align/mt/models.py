"""Loading a seq2seq translation model from a local directory or (with a hub connection) a model id.

Our machines have no model hub, so every failure to load has to end in one line that says what to do, never in
a transformers traceback or a network timeout: a directory or HF_HUB_OFFLINE means local files only.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from align.errors import InputError

INSTALL_HINT = "machine translation needs torch and transformers: pip install 'bitext[transformers]'"
HOW_TO_GET = (
    "download an opus-mt zh-en checkpoint (Helsinki-NLP/opus-mt-zh-en) with a hub connection, or pass a local directory"
)
OFF_VALUES = {"", "0", "false", "no", "off"}
OFFLINE_VARIABLES = ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")


def import_torch() -> tuple[Any, Any]:
    """(torch, transformers), or the one-line install hint when the extra is missing."""
    try:
        import torch
        import transformers
    except ImportError:
        raise InputError(None, None, INSTALL_HINT) from None
    return torch, transformers


def hub_offline() -> bool:
    return any(os.environ.get(k, "").strip().lower() not in OFF_VALUES for k in OFFLINE_VARIABLES)


def model_dir(model: str) -> Path | None:
    """The local directory `model` names, or None for a hub id (`name`, `org/name`); a path that is not a
    directory is an error here rather than a confusing hub lookup later."""
    path = Path(model).expanduser()
    if path.is_dir():
        return path
    if model.startswith((".", "~", "/")) or "\\" in model or model.count("/") > 1 or path.exists():
        raise InputError(model, None, f"no model directory here; {HOW_TO_GET}")
    return None


@dataclass
class LoadedModel:
    tokenizer: Any
    model: Any
    device: str


def load_seq2seq(model: str, device: str = "cpu") -> LoadedModel:
    """The tokenizer and the model in eval mode on `device`, from local files only when offline or a directory."""
    torch, transformers = import_torch()
    path = model_dir(model)
    if device.startswith("cuda") and not torch.cuda.is_available():
        raise InputError(None, None, "--device cuda: torch sees no CUDA device here; use --device cpu")
    local_only = hub_offline() or path is not None
    transformers.utils.logging.disable_progress_bar()  # the command draws its own bar; tqdm's would garble it
    source = str(path) if path is not None else model
    try:
        tokenizer = transformers.AutoTokenizer.from_pretrained(source, local_files_only=local_only)
        seq2seq = transformers.AutoModelForSeq2SeqLM.from_pretrained(source, local_files_only=local_only)
    except ValueError as exc:
        if path is not None:
            raise InputError(model, None, f"not a seq2seq translation model ({_first_line(exc)})") from None
        raise InputError(None, None, f"cannot load MT model {model!r}: {_first_line(exc)}; {HOW_TO_GET}") from None
    except OSError as exc:
        if path is not None:
            why = f"no loadable model in this directory ({_first_line(exc)}); {HOW_TO_GET}"
            raise InputError(model, None, why) from None
        where = "offline, and it is not in the local cache" if local_only else "not found locally or on the hub"
        raise InputError(None, None, f"MT model {model!r} is not available ({where}): {HOW_TO_GET}") from None
    return LoadedModel(tokenizer, seq2seq.to(device).eval(), device)


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]


def fingerprint(model: str) -> str:
    """A cache key for translations: the id for hub models, the files' names, sizes and mtimes for directories."""
    path = model_dir(model)
    if path is None:
        return model
    digest = hashlib.sha1()
    for f in sorted(path.iterdir()):
        if f.is_file():
            stat = f.stat()
            digest.update(f"{f.name}\x1f{stat.st_size}\x1f{stat.st_mtime_ns}\n".encode())
    return f"{path.resolve().name}@{digest.hexdigest()[:12]}"
