"""Parser for Chinese WeChat transcript articles (markdown-ish text scraped from mp.weixin.qq.com).

The articles mix a header, a summary, a bio, the transcript body and trailing promotion; only the body becomes
turns. Scrapers leave traps: bold markers across lines or inside words, hard line breaks inside sentences and
names (they always replace a space, so a break becomes a space), image lines between the halves of a sentence,
HTML debris. Every cleaned character keeps its source line so checks can point at the original file.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from align.document import Document, Metadata, Note, Section, Turn
from align.errors import InputError
from align.segment import segment_turn
from align.speakers import SpeakerMap

HEADER_KEYS = {
    "文章作者": "author",
    "作者": "author",
    "发布时间": "date",
    "发布地": "place",
    "原文链接": "article_url",
    "封面图链接": "cover_url",
}
BODY_HEADING = re.compile(r"全文|文字整理|实录|文字稿|逐字稿|transcript", re.IGNORECASE)
END_HEADING = re.compile(r"往期|精选|回顾|相关阅读|推荐阅读|延伸阅读|相关文章")
BIO_HEADING = re.compile(r"简介|嘉宾介绍|人物介绍")
PROMO = re.compile(
    r"关注公众号|设🌟标|设星标|合作请联系|欢迎各大品牌|点赞.{0,6}在看|扫码|二维码|👇|^[-_*\\\s]*END[-_*\s]*$"
    r"|团队现向外界开放服务"
)
CUE = re.compile(r"^(?:\s*[（(](?:音乐|掌声|笑声|笑|鼓掌|music|applause|laughter)[）)]\s*)+$", re.IGNORECASE)
IMAGE = re.compile(r"!\[[^\]]*\]\([^)\s]*\)")
LINK = re.compile(r"\[([^\]]*)\]\([^)\s]*\)")
HTML_TAG = re.compile(r"</?[A-Za-z][^<>\n]{0,300}>")
HTML_ATTR_DEBRIS = re.compile(
    r"[A-Za-z0-9./:_-]*\s*(?:\b(?:target|class|href|rel|style|id|title)=(?:\"[^\"]*\"|'[^']*'|[^\s>]*)\s*)+>"
)
BLOCKQUOTE = re.compile(r"^\s*(?:>\s*)+")
MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])")
BOLD = re.compile(r"_*\*\*+_*")
LABEL = re.compile(r"^\s*\*\*\s*([^*：:\n，。？！,]{1,24}?)\s*(?:[：:]\s*\*\*|\*\*\s*[：:])\s*")
VIDEO_URL = re.compile(r"https?://(?:www\.)?(?:youtube\.com/watch\?v=[\w-]+|youtu\.be/[\w-]+|bilibili\.com/video/\w+)")
TOPIC = re.compile(r"^\s*(\d{1,2})\s*[.、．]\s*(?!\d)")
TOPIC_BODY_START = ("奥特曼", "在被问到", "谈到", "聊到", "关于", "他说", "他表示", "当被问到")
QUOTE = re.compile(r"“([^“”]*)”")
COLON_QUOTE = re.compile(r"(?:称|说|表示|说道|坦言)[:：]\s*(?!“)([^。！？!?]*[。！？!?]?)")
FULLWIDTH_NOTE = re.compile(r"（[^（）\n]{1,200}）")
ASCII_NOTE = re.compile(r"\((?:注|指|译|编|即)[^()\n]{1,200}\)")

CJK = r"\u2e80-\u2fff\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’"
_CJK_CHAR = re.compile(f"[{CJK}]")
TERMINAL = "。！？…”」』!?"
DANGLING = "，、,；;：:"


@dataclass
class _Para:
    """A paragraph being assembled: cleaned text with the source line of every character."""

    text: str = ""
    lines: list[int] = field(default_factory=list)
    label: str | None = None
    label_line: int | None = None

    def add(self, text: str, line: int) -> None:
        if not text:
            return
        if self.text:
            self.text += " "
            self.lines.append(line)
        self.text += text
        self.lines.extend([line] * len(text))

    def extend(self, other: _Para) -> None:
        self.add("", 0)
        if other.text:
            if self.text:
                self.text += " "
                self.lines.append(other.lines[0])
            self.text += other.text
            self.lines.extend(other.lines)

    def finish(self) -> tuple[str, list[int]]:
        """Drop the spaces a line break or a bold marker left between two Chinese characters."""
        t = self.text
        # The next non-space character after each position, computed right to left so this stays linear.
        next_char = [""] * (len(t) + 1)
        for i in range(len(t) - 1, -1, -1):
            next_char[i] = next_char[i + 1] if t[i].isspace() else t[i]
        out, lines = [], []
        for i, ch in enumerate(t):
            if ch.isspace():
                prev = out[-1] if out else ""
                nxt = next_char[i + 1]
                if not prev or not nxt or (_CJK_CHAR.match(prev) and _CJK_CHAR.match(nxt)) or prev == " ":
                    continue
                ch = " "
            out.append(ch)
            lines.append(self.lines[i])
        while out and out[-1] == " ":
            out.pop()
            lines.pop()
        return "".join(out), lines


def clean_line(raw: str) -> str:
    s = IMAGE.sub("", BLOCKQUOTE.sub("", raw))
    s = LINK.sub(r"\1", s)
    s = HTML_ATTR_DEBRIS.sub("", s)
    s = HTML_TAG.sub("", s)
    s = html.unescape(s)
    s = BOLD.sub("", s)
    s = MD_ESCAPE.sub(r"\1", s)
    return s.replace("\u00a0", " ").strip()


def is_chinese_text(text: str) -> bool:
    sample = text[:50000]
    han = sum(1 for ch in sample if "\u4e00" <= ch <= "\u9fff")
    return han >= 20 and han >= 0.05 * len(sample.strip())


def parse_zh_article(
    text: str, path: str | Path, doc_id: str | None = None, speaker_map: SpeakerMap | None = None
) -> Document:
    path = Path(path)
    doc_id = doc_id or path.stem
    if not is_chinese_text(text):
        raise InputError(path, 1, "not a Chinese article: almost no Chinese characters")
    lines = text.split("\n")
    meta, first_content = _parse_header(lines)
    m = VIDEO_URL.search(text)
    meta.video_url = m.group(0) if m else None
    if speaker_map:
        meta.speakers = list(speaker_map.speakers)
    doc = Document(id=doc_id, language="zh", metadata=meta, source_path=str(path), source_format="zh-article")

    body_start = _find_heading(lines, first_content, BODY_HEADING)
    if body_start is None:
        body_start = _first_label_line(lines, first_content)
        if body_start is not None:
            body_start -= 1
    if body_start is None:
        _parse_summary_article(doc, lines, first_content, speaker_map)
    else:
        end = _find_heading(lines, body_start + 1, END_HEADING)
        _collect_front(doc, lines, first_content, body_start)
        _parse_body(doc, lines, body_start + 1, end if end is not None else len(lines), path, speaker_map)
    if not doc.turns:
        raise InputError(path, None, "not a transcript article: found no transcript text")
    return doc


def _parse_header(lines: list[str]) -> tuple[Metadata, int]:
    meta = Metadata()
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i < len(lines) and lines[i].startswith("# "):
        meta.title = clean_line(lines[i][2:])
        i += 1
    last = i
    for j in range(i, min(len(lines), i + 20)):
        line = lines[j].strip()
        if not line:
            continue
        key, sep, value = line.partition(":")
        if not sep:
            key, sep, value = line.partition("：")
        if sep and key.strip() in HEADER_KEYS:
            field_name = HEADER_KEYS[key.strip()]
            if hasattr(meta, field_name):
                setattr(meta, field_name, value.strip())
            else:
                meta.extra[field_name] = value.strip()
            last = j + 1
        else:
            break
    return meta, last


def _heading(line: str) -> str | None:
    m = re.match(r"^#{1,6}\s+(.*)$", line)
    return clean_line(m.group(1)) if m else None


def _find_heading(lines: list[str], start: int, pattern: re.Pattern[str]) -> int | None:
    for i in range(start, len(lines)):
        title = _heading(lines[i])
        if title and pattern.search(title):
            return i
    return None


def _first_label_line(lines: list[str], start: int) -> int | None:
    return next((i for i in range(start, len(lines)) if LABEL.match(lines[i])), None)


def _collect_front(doc: Document, lines: list[str], start: int, end: int) -> None:
    """Summary, contents and bio are kept for display but never become turns."""
    target = doc.summary
    for ln in range(start, end):
        raw = lines[ln]
        title = _heading(raw)
        if title is not None:
            target = doc.bio if BIO_HEADING.search(title) else doc.summary
            doc.sections.append(Section(title=title, kind="bio" if target is doc.bio else "summary", line=ln + 1))
            continue
        text = clean_line(raw.lstrip("> "))
        if text and not PROMO.search(text) and not text.startswith(("http://", "https://")):
            target.append(text)


def _parse_body(
    doc: Document, lines: list[str], start: int, end: int, path: Path, speaker_map: SpeakerMap | None
) -> None:
    paras: list[tuple[_Para | None, int | None]] = []  # (paragraph, section index) or (None, section) marks
    current: _Para | None = None
    section: int | None = None
    image_gap = False
    pending_break = False

    def flush() -> None:
        nonlocal current
        if current is not None and (current.text or current.label):
            paras.append((current, section))
        current = None

    for ln in range(start, end):
        raw = lines[ln]
        lineno = ln + 1
        title = _heading(raw)
        if title is not None:
            flush()
            if title:
                doc.sections.append(Section(title=title, kind="body", line=lineno))
                section = len(doc.sections) - 1
            pending_break = False
            continue
        if not raw.strip():
            pending_break = True
            continue
        label_match = LABEL.match(raw)
        text = clean_line(raw[label_match.end() :] if label_match else raw)
        if not label_match and not text:
            image_gap = image_gap or bool(IMAGE.search(raw))
            pending_break = True
            continue
        if not label_match and (PROMO.search(text) or CUE.match(text)):
            pending_break = True
            continue
        if label_match:
            flush()
            current = _Para(label=label_match.group(1).strip(), label_line=lineno)
            current.add(text, lineno)
        elif current is None:
            current = _Para()
            current.add(text, lineno)
        elif pending_break or _soft_break(current.text, text):
            dangling = bool(current.text) and (
                current.text[-1] in DANGLING or (image_gap and current.text[-1] not in TERMINAL)
            )
            if dangling:
                current.add(text, lineno)
            else:
                flush()
                current = _Para()
                current.add(text, lineno)
        else:
            current.add(text, lineno)
        pending_break = False
        image_gap = False
    flush()
    _paras_to_turns(doc, paras, path, speaker_map)


def _soft_break(previous: str, nxt: str) -> bool:
    """A line break after a full stop before more Chinese was a <br> in the article: a new paragraph."""
    return bool(previous) and previous[-1] in TERMINAL and bool(_CJK_CHAR.match(nxt[:1]))


def _paras_to_turns(
    doc: Document, paras: list[tuple[_Para | None, int | None]], path: Path, speaker_map: SpeakerMap | None
) -> None:
    labelled = any(p.label for p, _ in paras if p)
    turn: Turn | None = None
    line_maps: list[list[list[int]]] = []
    for para, section in paras:
        if para is None:
            continue
        text, linemap = para.finish()
        if para.label or turn is None or not labelled:
            turn = _new_turn(para, section, path, speaker_map)
            doc.turns.append(turn)
            line_maps.append([])
        if text:
            turn.paragraphs.append(text)
            line_maps[-1].append(linemap)
            turn.line_end = linemap[-1]
            if turn.line_start is None:
                turn.line_start = linemap[0]
    kept = []
    for t, lm in zip(doc.turns, line_maps, strict=True):
        if t.paragraphs:
            _finish_turn(t, lm)
            kept.append(t)
    doc.turns = kept


def _new_turn(para: _Para, section: int | None, path: Path, speaker_map: SpeakerMap | None) -> Turn:
    turn = Turn(label=para.label, speaker=None, section=section, line_start=para.label_line)
    if para.label:
        sp = speaker_map.resolve(para.label) if speaker_map else None
        if speaker_map and sp is None:
            raise InputError(path, para.label_line, f"unknown speaker label {para.label!r} (add it to speakers.yaml)")
        turn.speaker = sp.name if sp else para.label
        turn.role = sp.role if sp else ("host" if para.label.startswith("主持人") else "unknown")
    return turn


def _finish_turn(turn: Turn, line_maps: list[list[int]]) -> None:
    text = turn.text
    for pattern in (FULLWIDTH_NOTE, ASCII_NOTE):
        for m in pattern.finditer(text):
            inner = m.group()[1:-1]
            kind = "gloss" if not _CJK_CHAR.search(inner) else "note"
            turn.notes.append(Note(start=m.start(), end=m.end(), text=inner, kind=kind))
    turn.notes.sort(key=lambda n: n.start)
    turn.sentences = segment_turn(turn, "zh", line_maps)


def _parse_summary_article(doc: Document, lines: list[str], start: int, speaker_map: SpeakerMap | None) -> None:
    """A summary with numbered topics (seed 003): topics become sections, quoted passages become turns."""
    quote_speaker = speaker_map.quote_speaker if speaker_map else None
    role = "unknown"
    if speaker_map and quote_speaker and (sp := speaker_map.by_name(quote_speaker)):
        role = sp.role
    section: int | None = None
    for ln in range(start, len(lines)):
        text = clean_line(lines[ln])
        if not text or PROMO.search(text) or re.fullmatch(r"https?://\S+", text):
            continue
        lineno = ln + 1
        topic = TOPIC.match(text)
        if topic:
            rest = text[topic.end() :]
            cut = _topic_title_end(rest)
            doc.sections.append(Section(title=rest[:cut].strip(), kind="topic", line=lineno))
            section = len(doc.sections) - 1
            text = rest[cut:].strip()
        for kind, piece in _split_quotes(text):
            turn = Turn(
                label=None,
                speaker=quote_speaker if kind == "quote" else None,
                role=role if kind == "quote" else "narrator",
                kind=kind,
                paragraphs=[piece],
                line_start=lineno,
                line_end=lineno,
                section=section,
            )
            _finish_turn(turn, [[lineno] * len(piece)])
            doc.turns.append(turn)


def _topic_title_end(rest: str) -> int:
    candidates = [len(rest)]
    q = re.search(r"[?？]", rest)
    if q:
        candidates.append(q.end())
    for word in TOPIC_BODY_START:
        i = rest.find(word, 1)
        if i > 0:
            candidates.append(i)
    return min(candidates)


def _split_quotes(text: str) -> list[tuple[str, str]]:
    """Quoted passages (long enough to be speech, not scare quotes) apart from the narration around them."""
    spans = []
    for m in QUOTE.finditer(text):
        inner = m.group(1)
        if _CJK_CHAR.search(inner) and (len(inner) >= 12 or re.search(r"[，。？！,?!]", inner)):
            spans.append((m.start(1), m.end(1)))
    for m in COLON_QUOTE.finditer(text):
        if m.group(1) and not any(s <= m.start(1) < e for s, e in spans):
            spans.append((m.start(1), m.end(1)))
    spans.sort()
    pieces: list[tuple[str, str]] = []
    pos = 0
    for s, e in spans:
        _add_piece(pieces, "narration", text[pos:s])
        _add_piece(pieces, "quote", text[s:e])
        pos = e
    _add_piece(pieces, "narration", text[pos:])
    return pieces


def _add_piece(pieces: list[tuple[str, str]], kind: str, piece: str) -> None:
    piece = piece.strip().strip("“”").strip()
    if kind == "narration":
        piece = piece.strip(",，:：").strip()
    if len(_CJK_CHAR.findall(piece)) >= 2:
        pieces.append((kind, piece))
