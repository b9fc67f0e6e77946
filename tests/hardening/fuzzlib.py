"""Input generators and reader targets shared by the suite's short fuzz profile and bench/fuzz_readers.py.

Both profiles draw from the same mutation operators so a failure found by the long run can be replayed by the
short one; the operators work on bytes and lines because the bugs readers have are about structure (a cue
without its timestamp, a label split by a NUL, a BOM in the middle) far more than about random noise.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"

# Lines a mutation splices in: markup, structure and encodings each reader has to meet without a traceback.
NASTY_LINES: tuple[str, ...] = (
    "",
    " ",
    "**主持人：**",
    "**主持人：** 你好，",
    "**：**",
    "** **：",
    "# speaker: Bob | host",
    "# speaker: | guest",
    "# speaker: Bob | wizard",
    "# title",
    "#",
    "## ",
    "## 全文",
    "## 往期回顾",
    "Bob:",
    "BOB: hello.",
    "[00:00:01] Bob: hi",
    "[99:99:99] Alice: x",
    "1",
    "00:00:01,000 --> 00:00:02,000",
    "00:00:02,000 --> 00:00:01,000",
    "00:00:0x,000 --> 00:00:01,000",
    "99:99:99,9999 --> 00:00:00,000",
    "-->",
    "00:00:01.000 -->",
    "WEBVTT",
    "NOTE",
    "<v Bob>hello</v>",
    "<v >",
    "<c>unclosed",
    ">> ",
    ">>",
    "- ",
    "![img](http://x/y.png",
    "![](",
    "[link](",
    "<b>",
    "</i>",
    '<a href="x" target=_blank>',
    "&amp;&lt;&#0;&#x110000;&bogus;",
    "（注：",
    "“未闭合的引号",
    "1. 关于",
    "{",
    "}",
    "[",
    '{"format": "bitext-document", "version": 1}',
    '{"type": "document"}',
    '{"type": "bead", "doc_id": null}',
    "null",
    "<?xml version='1.0'?>",
    "<!DOCTYPE martif SYSTEM 'x.dtd'>",
    "<![CDATA[",
    "]]>",
    "<!-- unterminated",
    "<termEntry>",
    "</termEntry>",
    "<langSet xml:lang='en'><tig><term></term></tig></langSet>",
    "- id: x",
    "  severity: error",
    "  zh: '('",
    "  en: '[unclosed'",
    "- {en: 1, zh: [2]}",
    "&anchor *anchor",
    "!!python/object:os.system",
    "? complex key",
    "id,en,zh",
    'x,"unclosed quote',
    ",,,,,,,,,,,,,,,,,,,,,",
    "\t\t\t",
    "\u200b\u200e\u202e\ufeff",
    "\u0301\u0301\u0301",
    "\U0001f600" * 3,
    "\ufffd\ufffe",
)
CONTROL_BYTES = bytes([*range(0, 9), 11, 12, *range(14, 32), 127])
BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")
GBK_CHUNKS = ("主持人：你好。", "人工智能模型", "算力预算，训练。")


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def _join(lines: list[bytes]) -> bytes:
    return b"\n".join(lines)


def _pos(rng: random.Random, n: int) -> int:
    return rng.randrange(n + 1) if n >= 0 else 0


def _insert_line(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    line = rng.choice(NASTY_LINES).encode("utf-8")
    lines.insert(_pos(rng, len(lines)), line)
    return _join(lines)


def _delete_lines(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    if len(lines) > 1:
        i = rng.randrange(len(lines))
        del lines[i : i + rng.randint(1, 5)]
    return _join(lines)


def _duplicate_lines(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    i = rng.randrange(len(lines))
    chunk = lines[i : i + rng.randint(1, 6)]
    j = _pos(rng, len(lines))
    return _join(lines[:j] + chunk * rng.randint(1, 3) + lines[j:])


def _swap_lines(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[i], lines[j] = lines[j], lines[i]
    return _join(lines)


def _flip_bytes(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return bytes([rng.randrange(256)])
    buf = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        buf[rng.randrange(len(buf))] ^= 1 << rng.randrange(8)
    return bytes(buf)


def _truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: _pos(rng, len(data))]


def _inject_nul(rng: random.Random, data: bytes) -> bytes:
    i = _pos(rng, len(data))
    return data[:i] + b"\x00" * rng.randint(1, 3) + data[i:]


def _inject_controls(rng: random.Random, data: bytes) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 40)):
        buf.insert(_pos(rng, len(buf)), rng.choice(CONTROL_BYTES))
    return bytes(buf)


def _bom(rng: random.Random, data: bytes) -> bytes:
    bom = rng.choice(BOMS)
    return bom + data if rng.random() < 0.7 else data[: len(data) // 2] + bom + data[len(data) // 2 :]


def _gbk(rng: random.Random, data: bytes) -> bytes:
    """Re-encode all or part of the file as GBK, as older Windows tools save Chinese."""
    text = data.decode("utf-8", errors="replace")
    if rng.random() < 0.5:
        return text.encode("gbk", errors="replace")
    i = _pos(rng, len(data))
    return data[:i] + rng.choice(GBK_CHUNKS).encode("gbk") + data[i:]


def _utf16(rng: random.Random, data: bytes) -> bytes:
    text = data.decode("utf-8", errors="replace")
    encoded = text.encode(rng.choice(("utf-16", "utf-16-le", "utf-16-be")))
    return encoded[: len(encoded) - rng.choice((0, 0, 1))]  # an odd length is a broken UTF-16 file


def _huge_line(rng: random.Random, data: bytes) -> bytes:
    unit = rng.choice(("字", "a", "**", "<b>", " ", "，", "word ", "&amp;", "[", "(", "\u00a0"))
    line = (unit * rng.randint(2_000, 60_000)).encode("utf-8")
    lines = _lines(data)
    lines.insert(_pos(rng, len(lines)), line)
    return _join(lines)


def _unbalance(rng: random.Random, data: bytes) -> bytes:
    token = rng.choice(("**", "<", ">", "[", "](", "“", "（", "<v ", "</", "<c.", '"', "'", "{", "&", "<![CDATA["))
    buf = data
    for _ in range(rng.randint(1, 6)):
        i = _pos(rng, len(buf))
        buf = buf[:i] + token.encode("utf-8") + buf[i:]
    return buf


def _break_timestamps(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    idx = [i for i, line in enumerate(lines) if b"-->" in line or line.startswith(b"[0")]
    for i in rng.sample(idx, min(len(idx), rng.randint(1, 3))):
        line = bytearray(lines[i])
        digits = [k for k, b in enumerate(line) if 48 <= b <= 57]
        if digits and rng.random() < 0.6:
            line[rng.choice(digits)] = rng.choice(b"x:9.,- ")
        else:
            line = bytearray(line.replace(b"-->", rng.choice((b"->", b"--> -->", b"", b"-->>"))))
        lines[i] = bytes(line)
    return _join(lines) if idx else _insert_line(rng, data)


def _newlines(rng: random.Random, data: bytes) -> bytes:
    return data.replace(b"\n", rng.choice((b"\r\n", b"\r", b"\n\n", b"\x0b", "\u2028".encode())))


def _random_unicode(rng: random.Random, data: bytes) -> bytes:
    ranges = ((32, 0x3000), (0x4E00, 0x9FFF), (0xE000, 0x10FFFF))
    chars = [chr(rng.randrange(*rng.choice(ranges))) for _ in range(rng.randint(1, 200))]
    piece = "".join(c for c in chars if not 0xD800 <= ord(c) <= 0xDFFF).encode("utf-8")
    i = _pos(rng, len(data))
    return data[:i] + piece + data[i:]


def _deep_nesting(rng: random.Random, data: bytes) -> bytes:
    """Nesting deeper than any parser's recursion limit: arrays, objects, elements, YAML sequences."""
    unit = rng.choice((b"[", b'{"a":', b"<a>", b"- ", b"[{", b"**", b"(("))
    i = _pos(rng, len(data))
    return data[:i] + unit * rng.randint(1_000, 120_000) + data[i:]


def _surrogate(rng: random.Random, data: bytes) -> bytes:
    i = _pos(rng, len(data))
    return data[:i] + "\ud800".encode("utf-8", "surrogatepass") + data[i:]


MUTATIONS: dict[str, Callable[[random.Random, bytes], bytes]] = {
    "insert_line": _insert_line,
    "delete_lines": _delete_lines,
    "duplicate_lines": _duplicate_lines,
    "swap_lines": _swap_lines,
    "flip_bytes": _flip_bytes,
    "truncate": _truncate,
    "nul": _inject_nul,
    "controls": _inject_controls,
    "bom": _bom,
    "gbk": _gbk,
    "utf16": _utf16,
    "huge_line": _huge_line,
    "unbalance": _unbalance,
    "timestamps": _break_timestamps,
    "newlines": _newlines,
    "unicode": _random_unicode,
    "surrogate": _surrogate,
    "deep_nesting": _deep_nesting,
}
# Structure-aware operators are drawn more often than the ones that mostly produce "not text" refusals.
_WEIGHTS = {"insert_line": 6, "delete_lines": 4, "duplicate_lines": 4, "swap_lines": 3, "unbalance": 4,
            "timestamps": 3, "huge_line": 1, "utf16": 1, "surrogate": 1, "deep_nesting": 1}  # fmt: skip
_OPS = [name for name in MUTATIONS for _ in range(_WEIGHTS.get(name, 2))]


def mutate(rng: random.Random, data: bytes, max_ops: int = 4) -> tuple[bytes, list[str]]:
    """Apply 1..max_ops random operators; returns the bytes and the operator names (for reports)."""
    applied = []
    for _ in range(min(max_ops, rng.choice((1, 1, 1, 2, 2, 3, 4)))):
        name = rng.choice(_OPS)
        data = MUTATIONS[name](rng, data)
        applied.append(name)
    return data, applied


def random_input(rng: random.Random) -> bytes:
    """Unstructured input: random bytes, random lines of nasty structure, or random Unicode."""
    kind = rng.randrange(3)
    if kind == 0:
        return rng.randbytes(rng.randint(0, 512))
    if kind == 1:
        return "\n".join(rng.choice(NASTY_LINES) for _ in range(rng.randint(1, 40))).encode("utf-8")
    return _random_unicode(rng, b"")


# ----------------------------------------------------------------------------------------------- samples


_EN_LABEL = re.compile(r"^(\[[\d:]+\] )?[A-Z][^:]{0,40}: ")


def _window(lines: list[str], start: int, size: int) -> str:
    return "\n".join(lines[start : start + size]) + "\n"


def _text_samples(folder: Path, pattern: str) -> list[bytes]:
    """Whole small seeds plus windows of every seed: fast enough for thousands of runs, still real structure."""
    out: list[bytes] = []
    for path in sorted(folder.glob(pattern)):
        text = path.read_text(encoding="utf-8")
        lines = text.split("\n")
        out.append(_window(lines, 0, 140).encode("utf-8"))
        mid = max(0, len(lines) // 2 - 40)
        while folder.name == "en" and mid < len(lines) - 1 and not _EN_LABEL.match(lines[mid]):
            mid += 1  # an English window must start at a speaker label, or it is (rightly) refused
        header = [ln for ln in lines[:30] if ln.startswith("#")] if folder.name == "en" else []
        out.append(("\n".join(header) + "\n" + _window(lines, mid, 100)).encode("utf-8"))
        if len(text) < 40_000:
            out.append(text.encode("utf-8"))
    return out


def _en_sentences() -> list[str]:
    from align.readers import read_document

    path = next((SEEDS / "en").glob("002_*"))
    doc = read_document(path, language="en")
    return [s.text for t in doc.turns for s in t.sentences][:80]


def _stamp(seconds: float, sep: str) -> str:
    ms = round(seconds * 1000)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}{sep}{ms % 1000:03d}"


def srt_sample(sentences: list[str]) -> bytes:
    cues = []
    for i, sentence in enumerate(sentences, 1):
        speaker = ">> BOB: " if i % 7 == 1 else ""
        cues.append(f"{i}\n{_stamp(i * 2.0, ',')} --> {_stamp(i * 2.0 + 1.8, ',')}\n{speaker}{sentence}\n")
    return "\n".join(cues).encode("utf-8")


def vtt_sample(sentences: list[str], youtube: bool) -> bytes:
    out = ["WEBVTT", "Kind: captions", "Language: en", ""]
    previous = ""
    for i, sentence in enumerate(sentences, 1):
        start, end = _stamp(i * 2.0, "."), _stamp(i * 2.0 + 1.9, ".")
        if youtube:  # rolling captions: the previous line repeated, unpunctuated, with word timing tags
            words = sentence.rstrip(".?!").lower().split()
            timed = "".join(f"<{_stamp(i * 2.0 + k * 0.1, '.')}><c> {w}</c>" for k, w in enumerate(words))
            out += [f"{start} --> {end} align:start position:0%", previous or " ", timed.strip(), ""]
            previous = " ".join(words)
        else:
            voice = f"<v Speaker{i % 3}>" if i % 5 == 0 else ""
            out += [str(i), f"{start} --> {end}", f"{voice}{sentence}", ""]
    return "\n".join(out).encode("utf-8")


def json_samples() -> list[bytes]:
    from align.docjson import dump_document
    from align.readers import read_document

    out = []
    for lang, pattern in (("zh", "003_*"), ("en", "003_*"), ("en", "002_*")):
        doc = read_document(next((SEEDS / lang).glob(pattern)), language=lang)
        doc.turns = doc.turns[:25]
        out.append(dump_document(doc).encode("utf-8"))
    return out


def glossary_samples() -> list[bytes]:
    data = (ROOT / "glossary" / "terms.csv").read_bytes()
    lines = data.split(b"\n")
    test_data = (ROOT / "tests" / "glossary" / "data" / "terms.csv").read_bytes()
    return [b"\n".join(lines[:40]) + b"\n", b"\n".join(lines[:1] + lines[-30:]), test_data]


def rules_samples() -> list[bytes]:
    out = []
    for path in (ROOT / "glossary" / "rules.yaml", ROOT / "tests" / "glossary" / "data" / "rules.yaml"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            out.append(text[:12_000].rsplit("\n- id:", 1)[0].encode("utf-8") + b"\n")
    return out


def tbx_samples(version: int) -> list[bytes]:
    from glossary.tbx import concepts_to_tbx
    from glossary.termbase import load_terms

    concepts = load_terms(ROOT / "glossary" / "terms.csv")
    out = [concepts_to_tbx(concepts[:25], version), concepts_to_tbx(concepts[-10:], version)]  # type: ignore[arg-type]
    if version == 2:  # what other CAT tools write: ntig/termGrp, no DOCTYPE, unqualified lang attribute
        out.append(
            b"<?xml version='1.0' encoding='UTF-8'?><martif type='TBX'><text><body>"
            b"<termEntry id='c1'><descrip type='subjectField'>ml</descrip><langSet lang='en'><ntig><termGrp>"
            b"<term>model</term><termNote type='administrativeStatus'>preferredTerm-admn-sts</termNote>"
            b"</termGrp></ntig></langSet><langSet xml:lang='zh-CN'><tig><term>\xe6\xa8\xa1\xe5\x9e\x8b</term>"
            b"</tig></langSet></termEntry></body></text></martif>"
        )
    return out


class StubEncoder:
    """A deterministic hashing encoder (Encoder protocol): alignment runs the real pipeline without a model."""

    name = "stub-hash"

    def encode(self, texts: list[str]) -> np.ndarray:
        import hashlib

        out = np.zeros((len(texts), 32), dtype=np.float32)
        for i, text in enumerate(texts):
            digest = hashlib.blake2b(text.encode("utf-8"), digest_size=32).digest()
            out[i] = np.frombuffer(digest, dtype=np.uint8).astype(np.float32) - 127.5
        return out


def build_aligned_workspace(path: Path, prefixes: tuple[str, ...] = ("003",), decisions: bool = True) -> list[str]:
    """Ingest seeds and align them with the stub encoder; a few decisions make exports carry review history."""
    from align.decisions import record
    from align.ingest import ingest_pair
    from align.pipeline import align_document
    from align.workspace import Workspace

    ids = []
    with Workspace(path) as ws:
        for prefix in prefixes:
            doc_id = ingest_pair(ws, next((SEEDS / "zh").glob(f"{prefix}_*")))[0].doc_id
            align_document(ws, doc_id, StubEncoder())
            ids.append(doc_id)
            if decisions:
                pairs = [p for p in ws.sentence_pairs(doc_id) if p.en and p.zh][:3]
                for n, pair in enumerate(pairs):
                    record(ws, doc_id, pair.bead_id, "edit" if n % 2 else "accept", payload={"zh": "改过的译文。"})
        ws.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return ids


def jsonl_samples(tmp: Path) -> list[bytes]:
    from align.export.formats import export
    from align.export.records import Selection
    from align.workspace import Workspace

    ws_path = tmp / "jsonl-src.sqlite"
    build_aligned_workspace(ws_path)
    out = tmp / "export.jsonl"
    with Workspace(ws_path) as ws:
        export(ws, "jsonl", out, Selection())
    lines = out.read_bytes().split(b"\n")
    return [b"\n".join(lines[:30]) + b"\n", b"\n".join(lines[:3]) + b"\n"]


# ----------------------------------------------------------------------------------------------- targets


@dataclass
class Target:
    """One reader under test: file suffix, sample inputs, and the call that reads a file."""

    name: str
    suffix: str
    samples: list[bytes]
    read: Callable[[Path], object]


def _jsonl_reader(scratch: Path) -> Callable[[Path], object]:
    """Each import goes into a fresh copy of an empty workspace, as `bitext import` into a new one would."""
    from align.corpus_import import import_jsonl
    from align.workspace import Workspace

    template = scratch / "empty.sqlite"
    Workspace(template).close()

    def read(path: Path) -> object:
        ws_path = path.with_suffix(".sqlite")
        shutil.copyfile(template, ws_path)
        try:
            with Workspace(ws_path) as ws:
                return import_jsonl(ws, path)
        finally:
            for suffix in ("", "-wal", "-shm"):
                Path(str(ws_path) + suffix).unlink(missing_ok=True)

    return read


def build_targets(scratch: Path) -> dict[str, Target]:
    """Every reader with its samples; `scratch` holds the workspaces the JSONL import needs."""
    from align.corpus_import import import_tmx
    from align.readers import read_document
    from glossary.rules import load_rules
    from glossary.tbx import import_concepts
    from glossary.termbase import load_terms

    sentences = _en_sentences()
    targets = {
        "zh_article": Target("zh_article", ".txt", _text_samples(SEEDS / "zh", "*.txt"),
                             lambda p: read_document(p, language="zh")),
        "en_transcript": Target("en_transcript", ".en.txt", _text_samples(SEEDS / "en", "*.en.txt"),
                                lambda p: read_document(p, language="en")),
        "srt": Target("srt", ".srt", [srt_sample(sentences), srt_sample(sentences[:5])], read_document),
        "vtt": Target("vtt", ".vtt", [vtt_sample(sentences, False), vtt_sample(sentences[:30], True)], read_document),
        "json": Target("json", ".json", json_samples(), read_document),
        "glossary_csv": Target("glossary_csv", ".csv", glossary_samples(), load_terms),
        "rules_yaml": Target("rules_yaml", ".yaml", rules_samples(), load_rules),
        "tbx2": Target("tbx2", ".tbx", tbx_samples(2), import_concepts),
        "tbx3": Target("tbx3", ".tbx", tbx_samples(3), import_concepts),
        "jsonl_import": Target("jsonl_import", ".jsonl", jsonl_samples(scratch), _jsonl_reader(scratch)),
        "tmx_import": Target("tmx_import", ".tmx", tmx_samples(scratch), _ws_reader(scratch, import_tmx)),
    }  # fmt: skip
    return targets


def tmx_samples(tmp: Path) -> list[bytes]:
    from align.export.formats import export
    from align.export.records import Selection
    from align.workspace import Workspace

    ws_path = tmp / "tmx-src.sqlite"
    if not ws_path.exists():
        build_aligned_workspace(ws_path)
    out = tmp / "export.tmx"
    with Workspace(ws_path) as ws:
        export(ws, "tmx", out, Selection())
    data = out.read_bytes()
    if len(data) > 20_000:  # keep whole <tu> elements so the sample stays well-formed
        data = data[: data.rindex(b"</tu>", 0, 20_000) + len(b"</tu>")] + b"\n</body>\n</tmx>\n"
    return [data]


def _ws_reader(scratch: Path, fn: Callable[..., object]) -> Callable[[Path], object]:
    from align.workspace import Workspace

    def read(path: Path) -> object:
        ws_path = path.with_suffix(".sqlite")
        with Workspace(ws_path) as ws:
            result = fn(ws, path)
        for suffix in ("", "-wal", "-shm"):
            Path(str(ws_path) + suffix).unlink(missing_ok=True)
        return result

    return read


@dataclass
class Outcome:
    kind: str  # "ok", "input_error" or "other"
    detail: str = ""


def run_one(target: Target, data: bytes, folder: Path, index: int) -> Outcome:
    """Write ``data`` as a file of the target's kind and read it; classify what happened."""
    from align.errors import InputError

    path = folder / f"in{index}{target.suffix}"
    path.write_bytes(data)
    try:
        target.read(path)
    except InputError as exc:
        if exc.path is None:
            return Outcome("other", f"InputError without a path: {exc}")
        return Outcome("input_error")
    except Exception as exc:  # the property under test: nothing but InputError may escape a reader
        return Outcome("other", f"{type(exc).__name__}: {exc}"[:300])
    finally:
        path.unlink(missing_ok=True)
    return Outcome("ok")


def scratch_dir() -> Path:
    return Path(tempfile.mkdtemp(prefix="bitext-fuzz-"))


def describe(data: bytes) -> str:
    return json.dumps(data[:200].decode("utf-8", errors="backslashreplace"))
