"""`bitext reconstruct`: an English draft of a Chinese article by local machine translation."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from align.en_transcript import write_en_transcript
from align.errors import InputError
from align.mt.cache import CachedTranslator, MTCache
from align.mt.memory import parse_size
from align.mt.reconstruct import reconstruct_document
from align.mt.translator import Translator
from align.progress import progress
from align.readers import read_document
from align.textio import atomic_write_text
from align.workspace import Workspace


def reconstruct(
    zh: Annotated[Path, typer.Argument(help="Chinese article to translate.")],
    model: Annotated[
        str, typer.Option("--model", "-m", help="zh->en seq2seq model: a local directory (or a hub id, online).")
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="English transcript to write (atomic).")],
    device: Annotated[str, typer.Option(help="cpu or cuda.")] = "cpu",
    batch_size: Annotated[int, typer.Option(help="Sentences per batch; halves when memory crosses --max-memory.")] = 16,
    max_memory: Annotated[str, typer.Option(help="Resident memory budget, e.g. 2G or 1536M.")] = "2G",
    max_length: Annotated[int, typer.Option(help="Token cap for a source sentence and its translation.")] = 256,
    speakers: Annotated[
        Path | None, typer.Option(help="Speaker map YAML (default: speakers.yaml beside the file).")
    ] = None,
    workspace: Path | None = typer.Option(None, "--workspace", "-w", envvar="BITEXT_WORKSPACE"),
) -> None:
    """Translate a Chinese article turn by turn into the English transcript format, marked `reconstructed: machine`.

    Translations are cached per sentence in the workspace: an interrupted run resumes, and a repeated run
    translates nothing. Offline (HF_HUB_OFFLINE=1) or with a directory, no network is ever tried.
    """

    if device not in ("cpu", "cuda") and not device.startswith("cuda:"):
        raise InputError(None, None, f"--device must be cpu or cuda, not {device!r}")
    budget = parse_size(max_memory)
    if not budget:
        raise InputError(None, None, f"--max-memory: {max_memory!r} is not a size such as 2G or 1536M")
    doc = read_document(zh, language="zh", speakers=speakers)
    translator = Translator(model, device=device, batch_size=batch_size, max_length=max_length, max_memory=budget)
    with Workspace(workspace) as ws, progress() as bar:
        cached = CachedTranslator(translator, MTCache(ws))
        task = bar.add_task(f"translating {doc.id[:12]}", total=None)
        english = reconstruct_document(
            doc,
            lambda texts: cached.translate(texts, lambda done, total: bar.update(task, completed=done, total=total)),
            model,
        )
    atomic_write_text(output, write_en_transcript(english))
    paragraphs = sum(len(t.paragraphs) for t in english.turns)
    lowered = f"; batch size lowered to {translator.batch_size} to stay under {max_memory}"
    print(
        f"wrote {output}: {len(english.turns)} turns, {paragraphs} paragraphs; "
        f"{cached.translated} sentences translated, {cached.reused} from the cache"
        + (lowered if translator.halvings else ""),
        file=sys.stderr,
    )
