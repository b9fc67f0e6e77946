"""`bitext import FILE.tmx`: our TMX round-trips, other tools' TMX reads, and bad or hostile XML is refused."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from typer.testing import CliRunner

from align.corpus_import import import_tmx
from align.decisions import record
from align.errors import InputError
from align.export.formats import export
from align.export.records import Selection
from align.workspace import Workspace
from tests.export.conftest import LANG, build_workspace
from tests.hardening.fuzzlib import NASTY_LINES, mutate

PAIRS = [
    (["Hello, everyone."], ["大家好。"]),
    (["It is a pleasure.", "Truly."], ["非常荣幸。"]),
    (["We start with scaling."], ["我们从规模谈起。"]),
    (["Only English here."], []),
    (["Thank you."], ["谢谢。"]),
]


def tus(path: Path) -> list[dict[str, object]]:
    """Each tu as its tuv texts and props: what a CAT tool sees of the file."""
    root = etree.parse(str(path)).getroot()
    out = []
    for tu in root.iter("tu"):
        out.append({
            "segs": {tuv.get(LANG): "".join(tuv.find("seg").itertext()) for tuv in tu.iter("tuv")},
            "props": {p.get("type"): p.text for p in tu.iter("prop")},
        })  # fmt: skip
    return out


def tmx_file(path: Path, body: str, header: str = "<header srclang='en-US' segtype='sentence'/>") -> Path:
    path.write_text(f"<?xml version='1.0' encoding='UTF-8'?>\n<tmx version='1.4'>{header}<body>\n{body}\n</body></tmx>")
    return path


def rows(ws_path: Path) -> dict[str, int]:
    conn = sqlite3.connect(ws_path)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("documents", "sentences", "beads")}
    finally:
        conn.close()


# ------------------------------------------------------------------------------------------------ round trip


def test_small_workspace_round_trips_through_tmx(tmp_path: Path) -> None:
    src = tmp_path / "src.sqlite"
    bead_ids = build_workspace(src, PAIRS, doc_id="talk")
    with Workspace(src) as ws:
        record(ws, "talk", bead_ids[0], "edit", payload={"zh": "各位好。"})
        record(ws, "talk", bead_ids[2], "accept")
    first, second = tmp_path / "a.tmx", tmp_path / "b.tmx"
    fresh = tmp_path / "fresh.sqlite"
    with Workspace(src) as ws:
        exported = export(ws, "tmx", first, Selection())
    with Workspace(fresh) as ws:
        result = import_tmx(ws, first)
        export(ws, "tmx", second, Selection())
        pairs = list(ws.sentence_pairs("talk"))
    assert result.documents == ["talk"] and result.beads == exported.units == 4
    assert result.sentences == 8 and result.decisions == 2
    a, b = tus(first), tus(second)
    assert [t["segs"] for t in a] == [t["segs"] for t in b]
    assert a[0]["segs"] == {"en": "Hello, everyone.", "zh": "各位好。"}
    assert a[1]["segs"]["en"] == "It is a pleasure. Truly."
    for key in ("x-document", "x-speaker", "x-zh-speaker", "x-status", "x-original-zh", "x-t-start", "x-t-end",
                "x-score"):  # fmt: skip
        assert [t["props"].get(key) for t in a] == [t["props"].get(key) for t in b], key
    assert a[0]["props"]["x-original-zh"] == "大家好。" and a[2]["props"]["x-status"] == "final"
    assert pairs[0].zh == ["大家好。"]  # the aligned text; the edit is a decision on top


def test_seed_document_round_trips_through_tmx(seed_ws: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a.tmx", tmp_path / "b.tmx"
    fresh = tmp_path / "fresh.sqlite"
    with Workspace(seed_ws) as ws:
        exported = export(ws, "tmx", first, Selection())
    with Workspace(fresh) as ws:
        result = import_tmx(ws, first)
        export(ws, "tmx", second, Selection())
        doc = ws.load_document(result.documents[0], "en")
    assert result.beads == exported.units > 200
    a, b = tus(first), tus(second)
    assert [t["segs"] for t in a] == [t["segs"] for t in b]
    for key in ("x-document", "x-speaker", "x-zh-speaker", "x-original-zh"):
        assert [t["props"].get(key) for t in a] == [t["props"].get(key) for t in b], key
    # flags are not in a TMX, so "reviewed because every flag was closed" comes back as plain "translated"
    closed_flags_only = [t["props"]["x-status"] == "reviewed" and "x-original-zh" not in t["props"] for t in a]
    assert any(closed_flags_only)
    assert [("translated" if c else t["props"]["x-status"]) for t, c in zip(a, closed_flags_only, strict=True)] == [
        t["props"]["x-status"] for t in b
    ]
    assert doc is not None and len(doc.turns) > 5 and doc.source_format == "tmx"
    for turn in doc.turns:
        for s in turn.sentences:
            assert turn.text[s.start : s.end] == s.text


# ----------------------------------------------------------------------------------------- other tools' TMX


def test_foreign_tmx_with_regional_languages_and_inline_tags(tmp_path: Path) -> None:
    path = tmx_file(
        tmp_path / "memoQ export.tmx",
        """
<tu tuid="1" creationdate="20240101T000000Z">
  <tuv xml:lang="EN-US"><seg>Press <bpt i="1">&lt;b&gt;</bpt>Start<ept i="1">&lt;/b&gt;</ept> now.</seg></tuv>
  <tuv xml:lang="fr-FR"><seg>Appuyez.</seg></tuv>
  <tuv xml:lang="zh-CN"><seg>现在按<ph x="1">&lt;br/&gt;</ph><hi type="b">开始</hi>。</seg></tuv>
</tu>
<tu><prop type="x-context">ignored</prop>
  <tuv lang="en"><seg>  Old TMX 1.1 style.  </seg></tuv>
  <tuv xml:lang="zh-Hans"><seg>旧式。</seg></tuv>
</tu>
<tu><tuv xml:lang="en"><seg>Untranslated.</seg></tuv><tuv xml:lang="zh-TW"><seg/></tuv></tu>
<tu><tuv xml:lang="en"><seg/></tuv><tuv xml:lang="zh"><seg/></tuv></tu>
""",
    )
    ws_path = tmp_path / "ws.sqlite"
    with Workspace(ws_path) as ws:
        result = import_tmx(ws, path)
        pairs = list(ws.sentence_pairs("memoQ export"))
        zh = ws.load_document("memoQ export", "zh")
    assert result.documents == ["memoQ export"] and result.beads == 3 and result.sentences == 5
    assert [(p.en, p.zh) for p in pairs] == [
        (["Press Start now."], ["现在按开始。"]),
        (["Old TMX 1.1 style."], ["旧式。"]),
        (["Untranslated."], []),
    ]
    assert zh is not None and len(zh.turns) == 1 and zh.turns[0].text == "现在按开始。旧式。"


def test_documents_and_turns_come_from_props(tmp_path: Path) -> None:
    def tu(doc: str, turn: int, speaker: str, en: str, zh: str) -> str:
        return (f"<tu><prop type='x-document'>{doc}</prop><prop type='x-turn'>{turn}</prop>"
                f"<prop type='x-speaker'>{speaker}</prop><tuv xml:lang='en'><seg>{en}</seg></tuv>"
                f"<tuv xml:lang='zh'><seg>{zh}</seg></tuv></tu>")  # fmt: skip

    body = "\n".join([
        tu("a", 0, "Host", "Hi.", "嗨。"),
        tu("a", 0, "Host", "Welcome.", "欢迎。"),
        tu("b", 3, "Guest", "Other talk.", "另一场。"),
        tu("a", 1, "Guest", "Thanks.", "谢谢。"),
    ])  # fmt: skip
    with Workspace(tmp_path / "ws.sqlite") as ws:
        result = import_tmx(ws, tmx_file(tmp_path / "multi.tmx", body))
        en = ws.load_document("a", "en")
        pairs = list(ws.sentence_pairs("a"))
        turn_beads = ws.conn.execute("SELECT count(*) FROM beads WHERE doc_id='a' AND level='turn'").fetchone()[0]
    assert result.documents == ["a", "b"] and result.beads == 4
    assert en is not None
    assert [(t.speaker, t.text) for t in en.turns] == [("Host", "Hi. Welcome."), ("Guest", "Thanks.")]
    assert [(p.en_speaker, p.en_turn) for p in pairs] == [("Host", 0), ("Host", 0), ("Guest", 1)]
    assert turn_beads == 2


def test_cli_import_dispatches_on_suffix(cli, tmp_path: Path) -> None:
    src = tmp_path / "src.sqlite"
    build_workspace(src, PAIRS, doc_id="talk")
    out = tmp_path / "talk.TMX"
    with Workspace(src) as ws:
        export(ws, "tmx", out, Selection())
    fresh = tmp_path / "fresh.sqlite"
    result = CliRunner().invoke(cli, ["import", str(out), "-w", str(fresh), "--json"])
    assert result.exit_code == 0, result.output
    assert '"beads": 4' in result.stdout
    again = CliRunner().invoke(cli, ["import", str(out), "-w", str(fresh)])
    assert isinstance(again.exception, InputError) and "already in the workspace" in str(again.exception)


# ------------------------------------------------------------------------------------------------- refusals


def _refused(tmp_path: Path, data: bytes, name: str = "bad.tmx") -> InputError:
    path = tmp_path / name
    path.write_bytes(data)
    ws_path = tmp_path / "ws.sqlite"
    with Workspace(ws_path) as ws, pytest.raises(InputError) as info:
        import_tmx(ws, path)
    assert info.value.path == path
    assert rows(ws_path) == {"documents": 0, "sentences": 0, "beads": 0}
    return info.value


GOOD_TU = "<tu><tuv xml:lang='en'><seg>A.</seg></tuv><tuv xml:lang='zh'><seg>甲。</seg></tuv></tu>"


@pytest.mark.parametrize(
    ("data", "line", "message"),
    [
        (b"<tmx version='1.4'><header/>\n<body>\n<tu><tuv></tu></body></tmx>", 3, "not well-formed"),
        (f"<tmx><body>\n{GOOD_TU}\n<tu><tuv xml:lang='en'><seg>B.</seg></tuv></tu></body></tmx>".encode(), 3,
         "no zh <tuv>"),
        (f"<tmx><body>\n{GOOD_TU}\n<tu>\n<tuv xml:lang='en'/><tuv xml:lang='zh'><seg>乙</seg></tuv></tu></body></tmx>"
         .encode(), 4, "without a <seg>"),
        (b"<martif><body/></martif>", 1, "root element is <martif>"),
        (b"<tmx version='1.4'><header/></tmx>", 1, "no <body>"),
        (b"<tmx><body>\n</body></tmx>", 1, "no translation units"),
        (b"", None, "not well-formed"),
        (b"\xff\xfe\x00garbage", None, "not well-formed"),
    ],
)  # fmt: skip
def test_bad_tmx_is_an_input_error_with_its_line(tmp_path: Path, data: bytes, line: int | None, message: str) -> None:
    error = _refused(tmp_path, data)
    assert message in error.message
    if line is not None:
        assert error.line == line


def test_entity_declarations_are_refused(tmp_path: Path) -> None:
    data = (b"<?xml version='1.0'?>\n<!DOCTYPE tmx [<!ENTITY xxe SYSTEM 'file:///etc/passwd'>]>\n"
            b"<tmx><body><tu><tuv xml:lang='en'><seg>&xxe;</seg></tuv><tuv xml:lang='zh'><seg>x</seg></tuv></tu>"
            b"</body></tmx>")  # fmt: skip
    error = _refused(tmp_path, data)
    assert "entity" in error.message and "root:" not in str(error)


def test_documents_already_in_the_workspace_are_refused_and_nothing_is_written(tmp_path: Path) -> None:
    path = tmx_file(tmp_path / "talk.tmx", GOOD_TU + GOOD_TU.replace("A.", "B."))
    other = tmx_file(tmp_path / "x.tmx", GOOD_TU.replace("<tu>", "<tu><prop type='x-document'>new</prop>", 1)
                     + "\n" + GOOD_TU.replace("<tu>", "<tu><prop type='x-document'>talk</prop>", 1))  # fmt: skip
    ws_path = tmp_path / "ws.sqlite"
    with Workspace(ws_path) as ws:
        assert import_tmx(ws, path).beads == 2
        before = rows(ws_path)
        with pytest.raises(InputError, match="already in the workspace: talk") as info:
            import_tmx(ws, other)
        assert info.value.line == 4  # the first tu of the clashing document
        assert ws.document_ids() == ["talk"]
    assert rows(ws_path) == before


# --------------------------------------------------------------------------------------------------- fuzzing

SHORT = settings(max_examples=60, deadline=None, derandomize=True, database=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])  # fmt: skip


def test_mutated_tmx_returns_or_raises_input_error(tmp_path: Path) -> None:
    src = tmp_path / "src.sqlite"
    build_workspace(src, PAIRS, doc_id="talk")
    sample = tmp_path / "sample.tmx"
    with Workspace(src) as ws:
        export(ws, "tmx", sample, Selection())
    seed = sample.read_bytes()
    soup = st.lists(st.sampled_from(NASTY_LINES), max_size=30).map(lambda lines: "\n".join(lines).encode("utf-8"))
    counter = iter(range(10**9))

    @SHORT
    @given(data=st.one_of(st.randoms(use_true_random=False).map(lambda rng: mutate(rng, seed)[0]), st.binary(), soup))
    def check(data: bytes) -> None:
        n = next(counter)
        path = tmp_path / f"in{n}.tmx"
        path.write_bytes(data)
        with Workspace(tmp_path / f"ws{n}.sqlite") as ws:
            try:
                import_tmx(ws, path)
            except InputError as exc:
                assert exc.path == path

    check()
    assert mutate(random.Random(1), seed) == mutate(random.Random(1), seed)
