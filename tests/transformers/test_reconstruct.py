"""`bitext reconstruct` end to end on a tiny local Marian model, offline."""

from __future__ import annotations

import builtins
import socket
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from align.errors import InputError
from align.mt.cache import CachedTranslator, MTCache
from align.mt.commands import reconstruct
from align.mt.reconstruct import reconstruct_document
from align.mt.translator import Translator
from align.readers import read_document
from align.workspace import Workspace
from tests.transformers import tiny_models
from tests.transformers.conftest import Article, TinyModels

INSTALL = "pip install 'bitext[transformers]'"


def run_cli(*args: str) -> tuple[int, str]:
    app = typer.Typer()
    app.command()(reconstruct)
    app.command("unused")(lambda: None)  # two commands, so Typer keeps `reconstruct` as a subcommand
    result = CliRunner().invoke(app, ["reconstruct", *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def test_reconstruct_writes_a_machine_transcript_that_reads_back(tiny: TinyModels, article: Article) -> None:
    out = article.en.parent / "draft.en.txt"
    ws = article.zh.parent / "ws.sqlite"
    code, log = run_cli(str(article.zh), "--model", str(tiny.marian), "-o", str(out), "-w", str(ws))
    assert code == 0, log
    assert "14 sentences translated, 0 from the cache" in log
    doc = read_document(out, language="en")
    zh = read_document(article.zh, language="zh")
    assert doc.metadata.reconstructed == "machine"
    assert [(s.name, s.role) for s in doc.metadata.speakers] == [("Jacob Effron", "host"), ("Bob McGrew", "guest")]
    assert [t.speaker for t in doc.turns] == [t.speaker for t in zh.turns]
    assert [len(t.paragraphs) for t in doc.turns] == [len({s.paragraph for s in t.sentences}) for t in zh.turns]
    english = {s.text for _, s in doc.sentences()}
    assert len(english & {s[3] for s in tiny_models.SENTENCES}) >= 11  # the model memorised its corpus


def test_a_second_run_translates_nothing(tiny: TinyModels, article: Article) -> None:
    out = article.en.parent / "draft.en.txt"
    ws = article.zh.parent / "ws.sqlite"
    args = (str(article.zh), "--model", str(tiny.marian), "-o", str(out), "-w", str(ws))
    run_cli(*args)
    first = out.read_text(encoding="utf-8")
    code, log = run_cli(*args)
    assert code == 0
    assert "0 sentences translated, 14 from the cache" in log
    assert out.read_text(encoding="utf-8") == first


def test_an_interrupted_run_resumes_where_it_stopped(
    tiny: TinyModels, article: Article, monkeypatch: pytest.MonkeyPatch
) -> None:
    zh = read_document(article.zh, language="zh")
    real = Translator._generate
    calls = 0

    def crash_on_third_batch(self: Translator, batch: list[str]) -> list[str]:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise KeyboardInterrupt
        return real(self, batch)

    with Workspace(article.zh.parent / "ws.sqlite") as ws:
        monkeypatch.setattr(Translator, "_generate", crash_on_third_batch)
        with pytest.raises(KeyboardInterrupt):
            reconstruct_document(
                zh, CachedTranslator(Translator(str(tiny.marian), batch_size=4), MTCache(ws)).translate, "m"
            )
        monkeypatch.setattr(Translator, "_generate", real)
        resumed = CachedTranslator(Translator(str(tiny.marian), batch_size=4), MTCache(ws))
        reconstruct_document(zh, resumed.translate, "m")
    assert (resumed.reused, resumed.translated) == (8, 6)


def test_unlabelled_turns_are_given_to_one_unknown_speaker(tiny: TinyModels, tmp_path: Path) -> None:
    path = tmp_path / "011_unlabelled.txt"
    path.write_text(tiny_models.zh_article(labelled=False), encoding="utf-8")
    out = tmp_path / "011.en.txt"
    code, _ = run_cli(str(path), "--model", str(tiny.marian), "-o", str(out), "-w", str(tmp_path / "ws.sqlite"))
    assert code == 0
    doc = read_document(out, language="en")
    assert [(s.name, s.role) for s in doc.metadata.speakers] == [("Speaker", "unknown")]
    assert {t.speaker for t in doc.turns} == {"Speaker"}
    assert doc.metadata.title == tiny_models.TITLE[1].replace(":", " :")  # the tiny tokenizer spaces colons


def test_memory_budget_halves_the_batch_and_changes_no_output(tiny: TinyModels) -> None:
    texts = [s[2] for s in tiny_models.SENTENCES]
    roomy = Translator(str(tiny.marian), batch_size=8)
    tight = Translator(str(tiny.marian), batch_size=8, max_memory=1)
    assert tight.translate(texts) == roomy.translate(texts)
    assert (roomy.halvings, roomy.batch_size) == (0, 8)
    assert (tight.halvings, tight.batch_size) == (3, 1)


def test_a_missing_model_directory_is_one_line_saying_how_to_get_one(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        Translator(str(tmp_path / "opus-mt-zh-en"))
    assert "Helsinki-NLP/opus-mt-zh-en" in str(err.value)
    assert "\n" not in str(err.value)


def test_offline_hub_id_fails_without_touching_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("network attempted")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    with pytest.raises(InputError) as err:
        Translator("Helsinki-NLP/opus-mt-zh-en").translate(["你好。"])
    message = str(err.value)
    assert "not available (offline" in message and "pass a local directory" in message
    assert "\n" not in message


def test_an_encoder_directory_is_not_taken_for_a_translation_model(tiny: TinyModels) -> None:
    with pytest.raises(InputError, match="not a seq2seq translation model"):
        Translator(str(tiny.bert)).translate(["你好。"])


@pytest.fixture()
def without_torch(monkeypatch: pytest.MonkeyPatch) -> None:
    """The core install: importing torch or transformers fails, as it would with neither installed."""
    real_import = builtins.__import__

    def blocked(name: str, *args: object, **kwargs: object) -> object:
        if name.split(".")[0] in ("torch", "transformers"):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    for name in [m for m in sys.modules if m.split(".")[0] in ("torch", "transformers")]:
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.setattr(builtins, "__import__", blocked)


@pytest.mark.usefixtures("without_torch")
def test_reconstruct_without_the_extra_names_the_install(tiny: TinyModels, article: Article) -> None:
    with pytest.raises(InputError) as err:
        run_cli(str(article.zh), "-m", str(tiny.marian), "-o", "x.en.txt", "-w", str(article.zh.parent / "ws.sqlite"))
    assert INSTALL in str(err.value)


@pytest.mark.usefixtures("without_torch")
def test_hf_encoder_without_the_extra_names_the_install(tiny: TinyModels) -> None:
    from align.scorers.hf import HFEncoder

    with pytest.raises(InputError) as err:
        HFEncoder(str(tiny.bert), local_files_only=True).encode(["hello"])
    assert INSTALL in str(err.value)
