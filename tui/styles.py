"""How pairs are painted: severity colours, glossary spans and timestamps, shared by every screen."""

from __future__ import annotations

from rich.text import Text

from glossary.checks.runner import StoredFlag
from glossary.matcher import Match, TermIndex

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "blue"}
SPAN_STYLE = {"error": "on dark_red", "warning": "on grey27", "info": "underline blue"}
TERM_STYLE = {"preferred": "bold cyan", "admitted": "cyan", "forbidden": "bold magenta underline"}


def timestamp(seconds: float | None) -> str:
    if seconds is None:
        return ""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60:02d}:{rest % 60:02d}"


def painted(text: str, matches: list[Match], flags: list[StoredFlag], lang: str) -> Text:
    """Glossary terms in colour, then the spans of open flags over them with their severity's background."""
    out = Text(text)
    for m in matches:
        out.stylize(TERM_STYLE.get(m.kind, "cyan"), m.start, m.end)
    for flag in flags:
        if flag.status != "open":
            continue
        for start, end in flag.en_spans if lang == "en" else flag.zh_spans:
            out.stylize(SPAN_STYLE.get(flag.severity, "reverse"), start, end)
    return out


def term_matches(index: TermIndex | None, text: str, lang: str) -> list[Match]:
    if index is None or not text:
        return []
    return index.find_en(text) if lang == "en" else index.find_zh(text)
