"""Untrusted XML never reaches the file system or expands entities, and export names never leave the directory.

The payloads are the classic ones (OWASP XXE and entity-expansion cheat sheets). Each must be refused with an
InputError quickly: a parser that expands a billion laughs "successfully" in 30 s is as broken as one that
crashes, so the tests bound the time as well.
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from align.errors import InputError
from align.workspace import Workspace
from glossary.tbx import import_concepts
from tests.hardening.conftest import bitext_argv, cli_env
from tests.hardening.fuzzlib import ROOT

PASSWD = Path("/etc/passwd")
SECRET_MARKER = "root:"  # the first line of every /etc/passwd

ENTRY = "<termEntry id='x'><langSet xml:lang='en'><tig><term>{body}</term></tig></langSet></termEntry>"


def tbx(dtd: str, body: str, version: int = 2) -> bytes:
    root = "martif" if version == 2 else "tbx"
    ns = "" if version == 2 else " xmlns='urn:iso:std:iso:30042:ed-2'"
    entry = ENTRY.format(body=body)
    if version == 3:
        entry = entry.replace("termEntry", "conceptEntry").replace("langSet", "langSec").replace("tig", "termSec")
    return f"<?xml version='1.0'?>\n{dtd}\n<{root}{ns}><text><body>{entry}</body></text></{root}>".encode()


LAUGHS = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
PAYLOADS = {
    "xxe_file": ("<!DOCTYPE martif [<!ENTITY xxe SYSTEM 'file:///etc/passwd'>]>", "&xxe;"),
    "xxe_http": ("<!DOCTYPE martif [<!ENTITY xxe SYSTEM 'http://127.0.0.1:9/x'>]>", "&xxe;"),
    "xxe_public": ("<!DOCTYPE martif [<!ENTITY xxe PUBLIC 'x' 'file:///etc/passwd'>]>", "&xxe;"),
    "parameter_entity": (
        "<!DOCTYPE martif [<!ENTITY % p SYSTEM 'file:///etc/passwd'> %p;]>",
        "term",
    ),
    "parameter_entity_oob": (
        "<!DOCTYPE martif [<!ENTITY % file SYSTEM 'file:///etc/passwd'>"
        "<!ENTITY % eval \"<!ENTITY &#x25; exfil SYSTEM 'http://127.0.0.1:9/?x=%file;'>\"> %eval; %exfil;]>",
        "term",
    ),
    "external_dtd": ("<!DOCTYPE martif SYSTEM 'file:///etc/passwd'>", "term"),
    "billion_laughs": (f"<!DOCTYPE martif [<!ENTITY lol0 'lol'>{LAUGHS}]>", "&lol9;"),
    "quadratic_blowup": (f"<!DOCTYPE martif [<!ENTITY a '{'A' * 50_000}'>]>", "&a;" * 50_000),
    "xinclude": ("", "<xi:include xmlns:xi='http://www.w3.org/2001/XInclude' href='file:///etc/passwd' parse='text'/>"),
}


def _import(tmp_path: Path, data: bytes) -> tuple[object, float]:
    path = tmp_path / "glossary.tbx"
    path.write_bytes(data)
    started = time.perf_counter()
    try:
        result: object = import_concepts(path)
    except InputError as exc:
        result = exc
    return result, time.perf_counter() - started


def _leaks(result: object) -> bool:
    return SECRET_MARKER in repr(result) or (PASSWD.is_file() and PASSWD.read_text()[:40] in repr(result))


@pytest.mark.parametrize("version", [2, 3])
@pytest.mark.parametrize("name", list(PAYLOADS))
def test_tbx_refuses_entity_payloads(name: str, version: int, tmp_path: Path) -> None:
    dtd, body = PAYLOADS[name]
    if version == 3:
        dtd = dtd.replace("DOCTYPE martif", "DOCTYPE tbx")
    result, seconds = _import(tmp_path, tbx(dtd, body, version))
    assert seconds < 5, f"{name} took {seconds:.1f} s"
    assert not _leaks(result), f"{name} leaked /etc/passwd: {result!r}"[:500]
    if name == "external_dtd":  # a plain external DOCTYPE is what TBX v2 files carry: accepted, never loaded
        assert isinstance(result, InputError) or all(SECRET_MARKER not in c.en for c in result)  # type: ignore[attr-defined]
    elif name == "xinclude":  # XInclude is only processed on request; the element is just unknown markup
        assert isinstance(result, InputError) or not _leaks(result)
    else:
        assert isinstance(result, InputError), f"{name} was accepted: {result!r}"[:300]
        assert result.path is not None


def test_tbx_cli_refuses_xxe_with_one_line(tmp_path: Path) -> None:
    """Through the real CLI: exit 2, one stderr line, nothing of /etc/passwd on either stream."""
    src = tmp_path / "evil.tbx"
    src.write_bytes(tbx(*PAYLOADS["xxe_file"]))
    glossary = tmp_path / "terms.csv"
    glossary.write_bytes((ROOT / "glossary" / "terms.csv").read_bytes())
    before = glossary.read_bytes()
    proc = subprocess.run(bitext_argv("glossary", "import", str(src), "--glossary", str(glossary)),
                          cwd=ROOT, env=cli_env(tmp_path / "ws.sqlite"), capture_output=True, text=True,
                          timeout=120)  # fmt: skip
    assert proc.returncode == 2, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert SECRET_MARKER not in proc.stdout + proc.stderr
    assert glossary.read_bytes() == before


@pytest.mark.parametrize("name", list(PAYLOADS))
def test_tmx_refuses_entity_payloads(name: str, tmp_path: Path) -> None:
    from align import corpus_import

    dtd, body = PAYLOADS[name]
    data = (f"<?xml version='1.0'?>\n{dtd.replace('martif', 'tmx')}\n<tmx version='1.4'><header srclang='en'/>"
            f"<body><tu><tuv xml:lang='en'><seg>{body}</seg></tuv><tuv xml:lang='zh'><seg>x</seg></tuv></tu>"
            "</body></tmx>").encode()  # fmt: skip
    path = tmp_path / "evil.tmx"
    path.write_bytes(data)
    started = time.perf_counter()
    with Workspace(tmp_path / "ws.sqlite") as ws:
        try:
            result: object = corpus_import.import_tmx(ws, path)  # type: ignore[attr-defined]
        except InputError as exc:
            result = exc
        stored = [r[0] for r in ws.conn.execute("SELECT text FROM sentences")]
    assert time.perf_counter() - started < 5
    assert not _leaks(result) and not any(SECRET_MARKER in s for s in stored)
    if name not in ("external_dtd", "xinclude"):
        assert isinstance(result, InputError)


# ------------------------------------------------------------------------------------------- export paths


def _workspace_with_doc(path: Path, doc_id: str) -> None:
    """One one-pair document inserted directly: doc ids with slashes can arrive through `bitext import`."""
    with Workspace(path) as ws, ws.transaction() as cur:
        cur.execute("INSERT INTO documents VALUES (?, 'title', 1.0, 1.0)", (doc_id,))
        for lang, text in (("en", "Hello there."), ("zh", "你好。")):
            cur.execute(
                "INSERT INTO turns VALUES (?, ?, ?, 0, NULL, 'S', 'guest', 'speech', NULL, 1, 1, NULL, NULL, 1)",
                (f"t-{lang}", doc_id, lang),
            )
            cur.execute(
                "INSERT INTO sentences VALUES (?, ?, ?, ?, 0, 0, ?, 'h', 0, 1, 1, 1, NULL, NULL, 1)",
                (f"s-{lang}", doc_id, lang, f"t-{lang}", text),
            )
        cur.execute(
            "INSERT INTO beads VALUES ('b0', ?, 'sentence', 0, NULL, '[\"s-en\"]', '[\"s-zh\"]', 0.9, 't', 1.0)",
            (doc_id,),
        )


def _files_under(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()}


EVIL_IDS = ["../../escaped", "../escaped", "..", "sub/../../escaped", "/tmp/abs-escaped", "a\\..\\..\\escaped"]


@pytest.mark.parametrize("doc_id", EVIL_IDS)
def test_moses_export_cannot_escape_directory(doc_id: str, tmp_path: Path) -> None:
    from align.export.formats import export
    from align.export.records import Selection

    ws_path = tmp_path / "ws" / "ws.sqlite"
    ws_path.parent.mkdir()
    _workspace_with_doc(ws_path, doc_id)
    out_dir = tmp_path / "a" / "b" / "out"
    out_dir.mkdir(parents=True)
    before = _files_under(tmp_path)
    with Workspace(ws_path) as ws:
        try:
            result = export(ws, "moses", Path(str(out_dir) + "/"), Selection())
        except InputError:
            result = None
    new = _files_under(tmp_path) - before
    outside = [p for p in new if out_dir not in p.parents and ws_path.parent not in p.parents]
    assert not outside, f"export wrote outside {out_dir}: {outside}"
    assert not Path("/tmp/abs-escaped.en-zh.en").exists()
    if result is not None:
        assert all(out_dir in p.parents for p in result.files)


def test_moses_export_cli_refuses_climbing_name(tmp_path: Path) -> None:
    ws_path = tmp_path / "ws.sqlite"
    _workspace_with_doc(ws_path, "../../escaped")
    out_dir = tmp_path / "x" / "y"
    out_dir.mkdir(parents=True)
    before = _files_under(tmp_path)
    proc = subprocess.run(bitext_argv("export", "--format", "moses", "-o", f"{out_dir}/"), cwd=ROOT,
                          env=cli_env(ws_path), capture_output=True, text=True, timeout=120)  # fmt: skip
    new = _files_under(tmp_path) - before
    assert all(out_dir in p.parents or p.parent == tmp_path for p in new), new
    assert proc.returncode in (0, 2), proc.stderr
    assert "Traceback" not in proc.stderr
