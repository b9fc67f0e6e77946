"""QA reports: JSON, CSV (through pandas), Markdown and one self-contained HTML file.

Every format is built from the same records so they never disagree about what was flagged.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict

from glossary.checks.base import Pair
from glossary.checks.runner import StoredFlag

SEVERITIES = ("error", "warning", "info")


def records(flags: Sequence[StoredFlag], pairs: dict[str, Pair]) -> list[dict[str, object]]:
    out = []
    for f in flags:
        pair = pairs.get(f.bead_id or "")
        rec = asdict(f)
        rec["pair"] = pair.idx if pair else None
        rec["en"] = pair.en if pair else ""
        rec["zh"] = pair.zh if pair else ""
        rec["speaker"] = pair.en_speaker if pair else None
        out.append(rec)
    return out


def counts(flags: Sequence[StoredFlag]) -> dict[str, dict[str, int]]:
    """category -> severity -> open flags, the table every report and the TUI show."""
    table: dict[str, Counter[str]] = {}
    for f in flags:
        if f.status == "open":
            table.setdefault(f.category, Counter())[f.severity] += 1
    return {cat: dict(c) for cat, c in sorted(table.items())}


def render_json(recs: list[dict[str, object]], flags: Sequence[StoredFlag]) -> str:
    return json.dumps({"counts": counts(flags), "flags": recs}, ensure_ascii=False, indent=1)


def render_csv(recs: list[dict[str, object]]) -> str:
    import pandas as pd

    frame = pd.DataFrame(
        recs,
        columns=[
            "id",
            "doc_id",
            "pair",
            "check",
            "severity",
            "category",
            "status",
            "message",
            "suggestion",
            "en",
            "zh",
            "reason",
        ],
    )
    return frame.to_csv(index=False)


def render_md(recs: list[dict[str, object]], flags: Sequence[StoredFlag]) -> str:
    lines = ["# QA report", "", "| category | error | warning | info |", "|---|---|---|---|"]
    for cat, c in counts(flags).items():
        lines.append(f"| {cat} | {c.get('error', 0)} | {c.get('warning', 0)} | {c.get('info', 0)} |")
    lines += [
        "",
        "| flag | doc | pair | severity | check | status | message | Chinese |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in recs:
        cells = [
            str(r["id"])[:10],
            str(r["doc_id"])[:12],
            str(r["pair"]),
            str(r["severity"]),
            str(r["check"]),
            str(r["status"]),
            str(r["message"]),
            str(r["zh"])[:60],
        ]
        lines.append("| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |")
    return "\n".join(lines) + "\n"


def _highlight(text: str, spans: Sequence[Sequence[int]], css: str) -> str:
    out, pos = [], 0
    for start, end in sorted((int(s), int(e)) for s, e in spans):
        if start < pos or end > len(text):
            continue
        out += [html.escape(text[pos:start]), f'<mark class="{css}">', html.escape(text[start:end]), "</mark>"]
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


CSS = """
body{font-family:system-ui,sans-serif;margin:2em;color:#222} table{border-collapse:collapse;margin:1em 0}
td,th{border:1px solid #ccc;padding:.3em .6em;vertical-align:top} th{background:#f3f3f3}
.pair td{width:45%} mark.error{background:#f8b4b4} mark.warning{background:#fde68a} mark.info{background:#bfdbfe}
.sev-error{color:#b91c1c;font-weight:bold} .sev-warning{color:#a16207;font-weight:bold} .sev-info{color:#1d4ed8}
.waived{opacity:.55} .meta{color:#666;font-size:.9em}
"""


def render_html(recs: list[dict[str, object]], flags: Sequence[StoredFlag]) -> str:
    by_sev = Counter(f.severity for f in flags if f.status == "open")
    rows = "".join(
        f"<tr><td>{html.escape(cat)}</td>" + "".join(f"<td>{c.get(s, 0)}</td>" for s in SEVERITIES) + "</tr>"
        for cat, c in counts(flags).items()
    )
    items = []
    for r in recs:
        sev = str(r["severity"])
        items.append(
            f'<tr class="{"waived" if r["status"] != "open" else ""}">'
            f'<td><span class="sev-{sev}">{sev}</span><br><code>{html.escape(str(r["check"]))}</code>'
            f'<div class="meta">{html.escape(str(r["doc_id"]))} #{r["pair"]} · {html.escape(str(r["speaker"] or ""))}'
            f"<br>{html.escape(str(r['status']))} · <code>{html.escape(str(r['id'])[:10])}</code></div></td>"
            f"<td>{_highlight(str(r['en']), r['en_spans'], sev)}</td>"  # type: ignore[arg-type]
            f"<td>{_highlight(str(r['zh']), r['zh_spans'], sev)}</td>"  # type: ignore[arg-type]
            f"<td>{html.escape(str(r['message']))}"
            + (f"<br><b>→</b> {html.escape(str(r['suggestion']))}" if r["suggestion"] else "")
            + "</td></tr>"
        )
    return (
        '<!doctype html><html lang="en"><meta charset="utf-8"><title>bitext QA report</title>'
        f"<style>{CSS}</style><body><h1>bitext QA report</h1>"
        f"<p>{by_sev.get('error', 0)} errors, {by_sev.get('warning', 0)} warnings, {by_sev.get('info', 0)} info open;"
        f" {sum(1 for f in flags if f.status != 'open')} waived or accepted.</p>"
        f"<table><tr><th>category</th><th>error</th><th>warning</th><th>info</th></tr>{rows}</table>"
        '<table class="pair"><tr><th>flag</th><th>English</th><th>Chinese</th><th>message</th></tr>'
        + "".join(items)
        + "</table></body></html>\n"
    )
